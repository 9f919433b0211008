import { Zone } from '../../lib/policy';
import { dnsFirewallAssociationsOf } from '../../lib/template/dns';
import { inZone } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** Control 23: every `internet` and `security-cloud` VPC is associated with a Route 53 Resolver DNS Firewall rule group. */
export const dnsFirewallAssociated = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.INTERNET, Zone.SECURITY_CLOUD)) return notApplicable();
  return dnsFirewallAssociationsOf(vpc, index).length > 0
    ? compliant()
    : nonCompliant(
        localized(
          'no AWS::Route53Resolver::FirewallRuleGroupAssociation associates a DNS Firewall rule group with the VPC',
          'DNS ファイアウォールのルールグループを VPC に関連付ける AWS::Route53Resolver::FirewallRuleGroupAssociation がない',
        ),
      );
});
