import { TAG_KEYS, Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { compliant, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { valueAt } from '../../lib/template/template-index';

/** Control 12: Lambda functions tagged for the My Number zone run inside a `mynumber` VPC. */
export const myNumberLambdaInVpc = resourceRule(['AWS::Lambda::Function'], (fn, index) => {
  if (index.tagValue(fn, TAG_KEYS.zone) !== Zone.MY_NUMBER) return notApplicable();
  const subnets = valueAt(fn.properties, 'VpcConfig.SubnetIds');
  if (!Array.isArray(subnets) || subnets.length === 0) {
    return nonCompliant('the function has no VpcConfig.SubnetIds, so it runs outside any VPC, with internet access');
  }
  const zones = subnets.map((subnet) => index.zoneOfValue(subnet));
  const wrong = zones.filter((zone) => zone.known && zone.zone !== Zone.MY_NUMBER);
  if (wrong.length > 0) return nonCompliant(`VpcConfig.SubnetIds include a subnet in ${zoneText(wrong[0])}`);
  const unknown = zones.filter((zone) => !zone.known);
  if (unknown.length > 0) {
    return unknown.some((zone) => !zone.known && zone.unresolved)
      ? unverifiable(`a subnet of VpcConfig has ${zoneText(unknown[0])}`)
      : nonCompliant(`a subnet of VpcConfig has ${zoneText(unknown[0])}`);
  }
  return compliant();
});
