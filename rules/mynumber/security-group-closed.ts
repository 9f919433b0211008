import { Zone } from '../../lib/policy';
import { cidrWithin } from '../../lib/template/cidr';
import { cidrValue, ownSecurityGroupRules, ruleCidrValues, securityGroupOf, vpcCidrs, zoneText } from '../../lib/template/network';
import { notApplicable, outcomeOf, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { Located, sameResource } from '../../lib/template/template-index';
import { zoneDeclared } from '../../lib/template/zones';

/** True when an AWS::EC2::SecurityGroupEgress resource (in any checked template) adds a rule to the group. */
function hasSeparateEgress(group: Located): boolean {
  return group.index
    .referrersOf(group.resource, 'AWS::EC2::SecurityGroupEgress')
    .some((egress) => egress.index.refersTo(egress.resource.properties.GroupId, group));
}

/**
 * Control 10: security groups in the My Number zone allow no egress to 0.0.0.0/0 or ::/0 and no
 * ingress from outside the VPC's own CIDR.
 */
export const myNumberSecurityGroupClosed = resourceRule(
  ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'],
  (resource, index) => {
    const group = securityGroupOf(resource, index);
    const zone = group ? group.index.zoneOf(group.resource) : index.zoneOfValue(resource.properties.GroupId);
    const rules = ownSecurityGroupRules(resource);
    if (!zone.known) {
      if (!zone.unresolved || !zoneDeclared(index, Zone.MY_NUMBER)) return notApplicable();
      const open = rules.filter((rule) =>
        ruleCidrValues(rule).some((value) => {
          const cidr = cidrValue(index, value);
          return cidr.kind === 'cidr' && cidr.cidr.start === 0n;
        }),
      );
      return open.length > 0
        ? unverifiable(`${open.map((r) => r.where).join(', ')} open to 0.0.0.0/0 or ::/0, and the group has ${zoneText(zone)}`)
        : notApplicable();
    }
    if (zone.zone !== Zone.MY_NUMBER || !zone.vpc) return notApplicable();
    const own = vpcCidrs(zone.vpc);
    const problems: string[] = [];
    const unresolved: string[] = [];
    for (const rule of rules) {
      for (const value of ruleCidrValues(rule)) {
        const cidr = cidrValue(index, value);
        if (rule.direction === 'egress') {
          if (
            cidr.kind === 'cidr' &&
            cidr.cidr.start === 0n &&
            cidr.cidr.end === (cidr.cidr.version === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n)
          ) {
            problems.push(`${rule.where} allows egress to ${cidr.text}`);
          }
          continue;
        }
        if (cidr.kind === 'cidr') {
          if (!own.cidrs.some((block) => cidrWithin(cidr.cidr, block))) {
            if (own.cidrs.length === 0 && own.unresolved.length > 0)
              unresolved.push(`${rule.where} admits ${cidr.text} and ${own.unresolved.join(', ')}`);
            else problems.push(`${rule.where} admits ${cidr.text}, outside the VPC's own CIDR`);
          }
        } else if (cidr.kind === 'vpc-cidr') {
          if (!sameResource(cidr.vpc, zone.vpc))
            problems.push(`${rule.where} admits the CIDR of another VPC (${cidr.vpc.resource.logicalId})`);
        } else {
          unresolved.push(`${rule.where}: ${cidr.why}`);
        }
      }
      if (rule.direction === 'ingress' && rule.properties.SourcePrefixListId !== undefined) {
        unresolved.push(`${rule.where} admits a prefix list, whose CIDRs cannot be checked against the VPC's`);
      }
    }
    // A group with no egress rule at all (inline or as separate AWS::EC2::SecurityGroupEgress
    // resources) keeps AWS's default rule allowing all egress to 0.0.0.0/0: exactly what control
    // 10 forbids.
    if (
      resource.type === 'AWS::EC2::SecurityGroup' &&
      resource.properties.SecurityGroupEgress === undefined &&
      !hasSeparateEgress({ resource, index })
    ) {
      problems.push(
        'the group declares no egress rule (SecurityGroupEgress is not set and no AWS::EC2::SecurityGroupEgress adds one), so AWS keeps its default rule allowing all egress to 0.0.0.0/0; list the egress the zone needs (CDK: allowAllOutbound: false)',
      );
    }
    return outcomeOf(problems, unresolved);
  },
);
