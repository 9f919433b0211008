import { TAG_KEYS, Zone, parseZone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';
import { templateZone } from '../../lib/template/zones';
import { localized, nonCompliant, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/** Compute whose VPC is optional, and where its subnets are written; without them it runs on AWS's network, with internet access. */
const SUBNETS: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'VpcConfig.SubnetIds',
  'AWS::CodeBuild::Project': 'VpcConfig.Subnets',
  'AWS::SageMaker::NotebookInstance': 'SubnetId',
};

const ZONE_JA: Readonly<Record<string, string>> = { [Zone.MY_NUMBER]: 'マイナンバー利用事務系', [Zone.LGWAN]: 'LGWAN接続系' };

/** The closed zone a compute resource belongs to: its own `lgsec:zone` tag, else the zone of its template's VPCs. */
function closedZoneOf(resource: TemplateResource, index: TemplateIndex): { zone: Zone; how: string } | undefined {
  const tagged = parseZone(index.tagValue(resource, TAG_KEYS.zone));
  const zone = tagged ?? templateZone(index);
  if (zone !== Zone.MY_NUMBER && zone !== Zone.LGWAN) return undefined;
  return { zone, how: tagged ? `it is tagged ${TAG_KEYS.zone} ${zone}` : `every VPC of its template is a ${zone} VPC` };
}

/**
 * A Lambda function that only CloudFormation invokes, as the ServiceToken of custom resources
 * (CDK's VpcRestrictDefaultSG provider, DefaultVpcRemoval): deployment machinery, run outside any
 * VPC as custom resources are, and changed only by a deployment. Anything else referring to it
 * (an event source, a permission, a policy) makes it the zone's compute.
 */
function onlyCustomResourceHandler(fn: TemplateResource, index: TemplateIndex): boolean {
  if (fn.type !== 'AWS::Lambda::Function') return false;
  const self = { resource: fn, index };
  const referrers = index.referrersOf(fn);
  const serves = (r: (typeof referrers)[number]) =>
    (r.resource.type.startsWith('Custom::') || r.resource.type === 'AWS::CloudFormation::CustomResource') &&
    r.index.refersTo(r.resource.properties.ServiceToken, self);
  return referrers.some(serves) && referrers.every((r) => serves(r) || r.resource.type === 'AWS::Logs::LogGroup');
}

/**
 * Compute of the My Number or LGWAN zone (tagged for it, or in a template whose VPCs are all the
 * zone's) runs inside a VPC of that zone: a Lambda function, CodeBuild project or SageMaker
 * notebook instance without subnets runs on AWS's network and reaches the internet. Lambda
 * functions tagged for the My Number zone are LGSEC-MYNUMBER-LAMBDA-IN-VPC's; custom resource
 * handlers are not the zone's compute.
 */
export const closedZoneComputeInVpc = resourceRule(Object.keys(SUBNETS), (resource, index) => {
  const closed = closedZoneOf(resource, index);
  if (!closed) return notApplicable();
  if (resource.type === 'AWS::Lambda::Function' && index.tagValue(resource, TAG_KEYS.zone) === Zone.MY_NUMBER) return notApplicable();
  if (onlyCustomResourceHandler(resource, index)) return notApplicable();
  const where = SUBNETS[resource.type];
  const written = valueAt(resource.properties, where);
  const subnets = written === undefined ? [] : Array.isArray(written) ? written : [written];
  if (subnets.length === 0)
    return nonCompliant(
      localized(
        `${where} is not set, so the ${resource.type} runs outside any VPC, with internet access, although ${closed.how}`,
        `${where} がないため ${resource.type} は VPC の外で動き、インターネットに出られます（${ZONE_JA[closed.zone]}の資源です）`,
      ),
    );
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  for (const subnet of subnets) {
    const zone = index.zoneOfValue(subnet);
    if (zone.known && zone.zone !== closed.zone)
      problems.push(
        localized(
          `${where} includes a subnet in ${zoneText(zone)}, not the ${closed.zone} zone`,
          `${where} に${ZONE_JA[closed.zone]}以外のサブネットがあります`,
        ),
      );
    else if (!zone.known && zone.unresolved) unresolved.push(`a subnet of ${where} has ${zoneText(zone)}`);
  }
  return outcomeOf(problems, unresolved);
});
