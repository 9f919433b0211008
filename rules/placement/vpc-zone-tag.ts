import { TAG_KEYS, ZONES } from '../../lib/policy';
import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/** Control 1: every VPC carries a valid `lgsec:zone`. */
export const vpcZoneTag = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  const raw = index.tags(vpc).get(TAG_KEYS.zone);
  if (raw === undefined) return nonCompliant(localized(`the VPC has no ${TAG_KEYS.zone} tag`, `VPC に ${TAG_KEYS.zone} タグがない`));
  const value = index.literalString(raw);
  if (value === undefined)
    return unverifiable(
      localized(
        `the ${TAG_KEYS.zone} tag is not a literal (${JSON.stringify(raw)})`,
        `${TAG_KEYS.zone} タグがリテラルではない（${JSON.stringify(raw)}）`,
      ),
    );
  if (!(ZONES as readonly string[]).includes(value)) {
    return nonCompliant(
      localized(
        `${TAG_KEYS.zone}='${value}' is not a zone; use one of ${ZONES.join(', ')}`,
        `${TAG_KEYS.zone}='${value}' は領域ではない。${ZONES.join('、')} のいずれかを使う`,
      ),
    );
  }
  return compliant();
});
