import { zoneTextJa } from '../../lib/template/network';
import { TAG_KEYS, Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { valueAt } from '../../lib/template/template-index';

/** Control 12: Lambda functions tagged for the My Number zone run inside a `mynumber` VPC. */
export const myNumberLambdaInVpc = resourceRule(['AWS::Lambda::Function'], (fn, index) => {
  if (index.tagValue(fn, TAG_KEYS.zone) !== Zone.MY_NUMBER) return notApplicable();
  const subnets = valueAt(fn.properties, 'VpcConfig.SubnetIds');
  if (!Array.isArray(subnets) || subnets.length === 0) {
    return nonCompliant(
      localized(
        'the function has no VpcConfig.SubnetIds, so it runs outside any VPC, with internet access',
        '関数に VpcConfig.SubnetIds がないため、どの VPC の外でもインターネットに接続できる状態で動く',
      ),
    );
  }
  const zones = subnets.map((subnet) => index.zoneOfValue(subnet));
  const wrong = zones.filter((zone) => zone.known && zone.zone !== Zone.MY_NUMBER);
  if (wrong.length > 0)
    return nonCompliant(
      localized(
        `VpcConfig.SubnetIds include a subnet in ${zoneText(wrong[0])}`,
        `VpcConfig.SubnetIds に${zoneTextJa(wrong[0])}のサブネットが含まれる`,
      ),
    );
  const unknown = zones.filter((zone) => !zone.known);
  if (unknown.length > 0) {
    return unknown.some((zone) => !zone.known && zone.unresolved)
      ? unverifiable(
          localized(`a subnet of VpcConfig has ${zoneText(unknown[0])}`, `VpcConfig のサブネットが${zoneTextJa(unknown[0])}にある`),
        )
      : nonCompliant(
          localized(`a subnet of VpcConfig has ${zoneText(unknown[0])}`, `VpcConfig のサブネットが${zoneTextJa(unknown[0])}にある`),
        );
  }
  return compliant();
});
