import { Zone } from '../../lib/policy';
import { dnsFirewallAssociationsOf } from '../core/dns';
import { inZone } from '../core/network';
import { compliant, nonCompliant, notApplicable } from '../core/outcome';
import { resourceRule } from '../core/rule';

/** Control 23: every `internet` and `security-cloud` VPC is associated with a Route 53 Resolver DNS Firewall rule group. */
export const dnsFirewallAssociated = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.INTERNET, Zone.SECURITY_CLOUD)) return notApplicable();
  return dnsFirewallAssociationsOf(vpc, index).length > 0
    ? compliant()
    : nonCompliant('no AWS::Route53Resolver::FirewallRuleGroupAssociation associates a DNS Firewall rule group with the VPC');
});
