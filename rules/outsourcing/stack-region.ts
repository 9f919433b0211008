import { JAPAN_REGIONS } from '../../lib/template/backup';
import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
import { templateRule } from '../rule';

/** Control 40: stacks deploy only to ap-northeast-1 (Tokyo) or ap-northeast-3 (Osaka). A region-agnostic stack is a warning. */
export const stackRegionJapan = templateRule((index) => {
  if (index.region === undefined) {
    return unverifiable(
      localized(
        'the stack is region-agnostic: set env.region on the stack (or pass --region to lgsec check) so residency can be checked',
        'スタックがリージョンを指定していない：データの所在を確認できるよう、スタックに env.region を設定する（又は lgsec check に --region を渡す）',
      ),
    );
  }
  return JAPAN_REGIONS.includes(index.region)
    ? compliant()
    : nonCompliant(localized(`the stack deploys to ${index.region}, outside Japan`, `スタックが国外の ${index.region} にデプロイされる`));
});
