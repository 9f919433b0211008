import { compliant, nonCompliant } from '../core/outcome';
import { resourceRule } from '../core/rule';

const PROTECTIONS = ['DeleteProtection', 'SubnetChangeProtection', 'FirewallPolicyChangeProtection'];

/** Control 22: a Network Firewall has delete, subnet change and firewall policy change protection on. */
export const firewallProtection = resourceRule(['AWS::NetworkFirewall::Firewall'], (firewall, index) => {
  const off = PROTECTIONS.filter((key) => firewall.properties[key] !== true && index.literalString(firewall.properties[key]) !== 'true');
  return off.length === 0 ? compliant() : nonCompliant(...off.map((key) => `${key} is not true`));
});
