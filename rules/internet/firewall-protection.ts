import { localized, notKnown, outcomeOf } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';

const PROTECTIONS = ['DeleteProtection', 'SubnetChangeProtection', 'FirewallPolicyChangeProtection'];

/** Control 22: a Network Firewall has delete, subnet change and firewall policy change protection on. */
export const firewallProtection = resourceRule(['AWS::NetworkFirewall::Firewall'], (firewall, index) => {
  const values = PROTECTIONS.map((key) => ({ key, value: setting(index, firewall.properties[key]) }));
  const off = values
    .filter(({ value }) => value.known && value.text !== 'true')
    .map(({ key }) => localized(`${key} is not true`, `${key} が true ではない`));
  return outcomeOf(
    off,
    values.flatMap(({ key, value }) => (value.known ? [] : [notKnown(key, value.why)])),
  );
});
