import { whyJa } from '../../lib/template/why-ja';
import { Zone } from '../../lib/policy';
import { Cidr, cidrOverlaps } from '../../lib/template/cidr';
import { cidrValue, inZone, ownSecurityGroupRules, securityGroupOf, vpcCidrs } from '../../lib/template/network';
import { localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { Located } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';

/** The CIDRs of every `internet` VPC in the run (built once). */
function internetVpcs(run: TemplateModel): { vpc: Located; cidrs: Cidr[] }[] {
  return run.memoize('internet-vpc-cidrs', () =>
    run
      .ofType('AWS::EC2::VPC')
      .filter((vpc) => inZone(vpc.index.zoneOf(vpc.resource), Zone.INTERNET))
      .map((vpc) => ({ vpc, cidrs: vpcCidrs(vpc).cidrs })),
  );
}

/** Control 17: security group rules in the LGWAN zone admit nothing from an `internet` VPC's CIDR. */
export const lgwanNoInternetIngress = resourceRule(['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'], (resource, index) => {
  const group = securityGroupOf(resource, index);
  const zone = group ? group.index.zoneOf(group.resource) : index.zoneOfValue(resource.properties.GroupId);
  if (!inZone(zone, Zone.LGWAN) || !index.model) return notApplicable();
  const internet = internetVpcs(index.model);
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  for (const rule of ownSecurityGroupRules(resource).filter((r) => r.direction === 'ingress')) {
    for (const key of ['CidrIp', 'CidrIpv6']) {
      const value = rule.properties[key];
      if (value === undefined) continue;
      const cidr = cidrValue(index, value);
      if (cidr.kind === 'cidr') {
        const hit = internet.find((vpc) => vpc.cidrs.some((block) => cidrOverlaps(block, cidr.cidr)));
        if (hit)
          problems.push(
            localized(
              `${rule.where} admits ${cidr.text}, which overlaps internet-zone VPC ${hit.vpc.resource.logicalId}`,
              `${rule.where} がインターネット接続系の VPC ${hit.vpc.resource.logicalId} と重なる ${cidr.text} を受け入れる`,
            ),
          );
      } else if (cidr.kind === 'vpc-cidr') {
        if (inZone(cidr.vpc.index.zoneOf(cidr.vpc.resource), Zone.INTERNET))
          problems.push(
            localized(
              `${rule.where} admits the CIDR of internet-zone VPC ${cidr.vpc.resource.logicalId}`,
              `${rule.where} がインターネット接続系の VPC ${cidr.vpc.resource.logicalId} の CIDR を受け入れる`,
            ),
          );
      } else {
        unresolved.push(localized(`${rule.where}: ${cidr.why}`, `${rule.where}：${whyJa(cidr.why)}`));
      }
    }
    const source = index.resourceOf(rule.properties.SourceSecurityGroupId, 'AWS::EC2::SecurityGroup');
    if (source && inZone(source.index.zoneOf(source.resource), Zone.INTERNET)) {
      problems.push(
        localized(
          `${rule.where} admits security group ${source.resource.logicalId} of the internet zone`,
          `${rule.where} がインターネット接続系のセキュリティグループ ${source.resource.logicalId} を受け入れる`,
        ),
      );
    }
  }
  return outcomeOf(problems, unresolved);
});
