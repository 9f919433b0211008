import { Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** Control 25: a `security-cloud` VPC holds a Network Firewall (inspection before the internet). */
export const securityCloudInspection = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.SECURITY_CLOUD)) return notApplicable();
  const self = { resource: vpc, index };
  const firewall = index
    .referrersOf(vpc, 'AWS::NetworkFirewall::Firewall')
    .some((fw) => fw.index.refersTo(fw.resource.properties.VpcId, self));
  return firewall
    ? compliant()
    : nonCompliant(
        localized('no AWS::NetworkFirewall::Firewall is placed in the VPC', 'VPC に AWS::NetworkFirewall::Firewall が置かれていない'),
      );
});
