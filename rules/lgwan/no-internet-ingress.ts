import { Zone } from '../../lib/policy';
import { Cidr, cidrOverlaps } from '../../lib/template/cidr';
import { cidrValue, inZone, ownSecurityGroupRules, securityGroupOf, vpcCidrs } from '../../lib/template/network';
import { notApplicable, outcomeOf } from '../outcome';
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
  const problems: string[] = [];
  const unresolved: string[] = [];
  for (const rule of ownSecurityGroupRules(resource).filter((r) => r.direction === 'ingress')) {
    for (const key of ['CidrIp', 'CidrIpv6']) {
      const value = rule.properties[key];
      if (value === undefined) continue;
      const cidr = cidrValue(index, value);
      if (cidr.kind === 'cidr') {
        const hit = internet.find((vpc) => vpc.cidrs.some((block) => cidrOverlaps(block, cidr.cidr)));
        if (hit) problems.push(`${rule.where} admits ${cidr.text}, which overlaps internet-zone VPC ${hit.vpc.resource.logicalId}`);
      } else if (cidr.kind === 'vpc-cidr') {
        if (inZone(cidr.vpc.index.zoneOf(cidr.vpc.resource), Zone.INTERNET))
          problems.push(`${rule.where} admits the CIDR of internet-zone VPC ${cidr.vpc.resource.logicalId}`);
      } else {
        unresolved.push(`${rule.where}: ${cidr.why}`);
      }
    }
    const source = index.resourceOf(rule.properties.SourceSecurityGroupId, 'AWS::EC2::SecurityGroup');
    if (source && inZone(source.index.zoneOf(source.resource), Zone.INTERNET)) {
      problems.push(`${rule.where} admits security group ${source.resource.logicalId} of the internet zone`);
    }
  }
  return outcomeOf(problems, unresolved);
});
