import { whyJa } from '../../lib/template/why-ja';
import { Zone } from '../../lib/policy';
import { isWorld } from '../../lib/template/cidr';
import { cidrValue, inZone, ownSecurityGroupRules, rulePorts, securityGroupOf } from '../../lib/template/network';
import { localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { Located } from '../../lib/template/template-index';

const LOAD_BALANCERS = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'];

/** True when the group is used by a load balancer in the security cloud zone. */
function securityCloudLoadBalancerGroup(group: Located): boolean {
  if (!inZone(group.index.zoneOf(group.resource), Zone.SECURITY_CLOUD)) return false;
  return group.index.referrersOf(group.resource, ...LOAD_BALANCERS).some((lb) => {
    const groups = lb.resource.properties.SecurityGroups;
    return Array.isArray(groups) && groups.some((value) => lb.index.refersTo(value, group));
  });
}

/**
 * Control 27: no security group admits 0.0.0.0/0 or ::/0, except TCP 80 and 443 on load
 * balancers in the security cloud zone.
 */
export const securityGroupNoWorldIngress = resourceRule(
  ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  (resource, index) => {
    const rules = ownSecurityGroupRules(resource).filter((rule) => rule.direction === 'ingress');
    if (resource.type === 'AWS::EC2::SecurityGroupIngress' && rules.length === 0) return notApplicable();
    const unresolved: Problem[] = [];
    const open = rules.filter((rule) =>
      ['CidrIp', 'CidrIpv6'].some((key) => {
        const value = rule.properties[key];
        if (value === undefined) return false;
        const cidr = cidrValue(index, value);
        if (cidr.kind === 'unknown') unresolved.push(localized(`${rule.where}: ${cidr.why}`, `${rule.where}：${whyJa(cidr.why)}`));
        return cidr.kind === 'cidr' && isWorld(cidr.text);
      }),
    );
    if (open.length === 0) return outcomeOf([], unresolved);
    const group = securityGroupOf(resource, index);
    const exempt = group !== undefined && securityCloudLoadBalancerGroup(group);
    const problems = open
      .filter((rule) => {
        const ports = rulePorts(index, rule);
        const webOnly =
          ports !== undefined && ports.protocol === 'tcp' && ports.from === ports.to && (ports.from === 80 || ports.from === 443);
        return !(exempt && webOnly);
      })
      .map((rule) => {
        const ports = rulePorts(index, rule);
        return localized(
          `${rule.where} admits the whole internet on ${ports ? `${ports.protocol} ${ports.from}-${ports.to}` : 'ports that are not literal'}`,
          `${rule.where} が${ports ? ` ${ports.protocol} ${ports.from}-${ports.to} ` : 'リテラルでないポート'}でインターネット全体を受け入れる`,
        );
      });
    return outcomeOf(problems, unresolved);
  },
);
