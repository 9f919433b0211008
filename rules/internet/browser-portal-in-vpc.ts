import { whyJa } from '../../lib/template/why-ja';
import { compliant, localized, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 44: a WorkSpaces Secure Browser portal runs its browsers in a VPC (network settings).
 * Without them, the browsers reach the internet from addresses AWS manages, past the security
 * cloud's inspection, and the portal is in no zone the other rules can judge.
 */
export const browserPortalInVpc = resourceRule(['AWS::WorkSpacesWeb::Portal'], (portal, index) => {
  const arn = portal.properties.NetworkSettingsArn;
  if (arn === undefined) {
    return nonCompliant(
      localized(
        'NetworkSettingsArn is not set, so the browsers reach the internet from AWS-managed addresses, outside any zone',
        'NetworkSettingsArn が設定されていないため、ブラウザはどの領域の外でも AWS が管理するアドレスからインターネットに接続する',
      ),
    );
  }
  const zone = index.zoneOfValue(arn);
  if (zone.known) return compliant();
  if (zone.unresolved)
    return unverifiable(
      localized(
        `NetworkSettingsArn leads outside the checked templates (${zone.why})`,
        `NetworkSettingsArn が検査したテンプレートの外を指している（${whyJa(zone.why)}）`,
      ),
    );
  return notApplicable();
});
