import { zoneTextJa } from '../../lib/template/network';
import { whyJa } from '../../lib/template/why-ja';
import { Zone } from '../../lib/policy';
import { cidrWithin } from '../../lib/template/cidr';
import { cidrValue, ownSecurityGroupRules, ruleCidrValues, securityGroupOf, vpcCidrs, zoneText } from '../../lib/template/network';
import { localized, notApplicable, outcomeOf, Problem, unverifiable } from '../outcome';
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
        ? unverifiable(
            localized(
              `${open.map((r) => r.where).join(', ')} open to 0.0.0.0/0 or ::/0, and the group has ${zoneText(zone)}`,
              `${open.map((r) => r.where).join('、')} が 0.0.0.0/0 又は ::/0 に開いており、グループは${zoneTextJa(zone)}にある`,
            ),
          )
        : notApplicable();
    }
    if (zone.zone !== Zone.MY_NUMBER || !zone.vpc) return notApplicable();
    const own = vpcCidrs(zone.vpc);
    const problems: Problem[] = [];
    const unresolved: Problem[] = [];
    for (const rule of rules) {
      for (const value of ruleCidrValues(rule)) {
        const cidr = cidrValue(index, value);
        if (rule.direction === 'egress') {
          if (
            cidr.kind === 'cidr' &&
            cidr.cidr.start === 0n &&
            cidr.cidr.end === (cidr.cidr.version === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n)
          ) {
            problems.push(localized(`${rule.where} allows egress to ${cidr.text}`, `${rule.where} が ${cidr.text} への送信を許している`));
          }
          continue;
        }
        if (cidr.kind === 'cidr') {
          if (!own.cidrs.some((block) => cidrWithin(cidr.cidr, block))) {
            if (own.cidrs.length === 0 && own.unresolved.length > 0)
              unresolved.push(
                localized(
                  `${rule.where} admits ${cidr.text} and ${own.unresolved.join(', ')}`,
                  `${rule.where} が ${cidr.text} を受け入れ、${own.unresolved.map(whyJa).join('、')}`,
                ),
              );
            else
              problems.push(
                localized(
                  `${rule.where} admits ${cidr.text}, outside the VPC's own CIDR`,
                  `${rule.where} が VPC 自身の CIDR の外の ${cidr.text} を受け入れる`,
                ),
              );
          }
        } else if (cidr.kind === 'vpc-cidr') {
          if (!sameResource(cidr.vpc, zone.vpc))
            problems.push(
              localized(
                `${rule.where} admits the CIDR of another VPC (${cidr.vpc.resource.logicalId})`,
                `${rule.where} が別の VPC（${cidr.vpc.resource.logicalId}）の CIDR を受け入れる`,
              ),
            );
        } else {
          unresolved.push(localized(`${rule.where}: ${cidr.why}`, `${rule.where}：${whyJa(cidr.why)}`));
        }
      }
      if (rule.direction === 'ingress' && rule.properties.SourcePrefixListId !== undefined) {
        unresolved.push(
          localized(
            `${rule.where} admits a prefix list, whose CIDRs cannot be checked against the VPC's`,
            `${rule.where} がプレフィックスリストを受け入れ、その CIDR を VPC のものと照合できない`,
          ),
        );
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
        localized(
          'the group declares no egress rule (SecurityGroupEgress is not set and no AWS::EC2::SecurityGroupEgress adds one), so AWS keeps its default rule allowing all egress to 0.0.0.0/0; list the egress the zone needs (CDK: allowAllOutbound: false)',
          'グループが送信ルールを宣言していない（SecurityGroupEgress がなく、AWS::EC2::SecurityGroupEgress も加えていない）ため、' +
            'AWS は 0.0.0.0/0 へのすべての送信を許す既定のルールを残す。領域が必要とする送信を列挙する（CDK: allowAllOutbound: false）',
        ),
      );
    }
    return outcomeOf(problems, unresolved);
  },
);
