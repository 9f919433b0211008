import { compliant, localized, nonCompliant } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** True when a value holds `Fn::GetAtt [<vpc>, DefaultSecurityGroup]` anywhere inside it. */
function mentionsDefaultGroupOf(value: unknown, vpcId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => mentionsDefaultGroupOf(item, vpcId));
  if (!isRecord(value)) return false;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) ? getAtt[0] === vpcId && getAtt[1] === 'DefaultSecurityGroup' : getAtt === `${vpcId}.DefaultSecurityGroup`)
    return true;
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string' && sub.includes(`\${${vpcId}.DefaultSecurityGroup}`)) return true;
  return Object.values(value).some((child) => mentionsDefaultGroupOf(child, vpcId));
}

/** Custom resource types whose name says they close a default security group. */
const CLOSER_TYPE = /default.?(sg|security.?group)/i;

/**
 * Control 28: the default security group of every VPC is closed. CloudFormation cannot change
 * it, so a custom resource does: CDK's `restrictDefaultSecurityGroup` writes
 * Custom::VpcRestrictDefaultSG with the group's id. Any custom resource handed the default
 * group's id counts, and so does one whose type names the default group and that refers to the VPC.
 */
export const defaultSecurityGroupClosed = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  const closer = index
    .referrersOf(vpc)
    .some(
      (ref) =>
        ref.index === index &&
        isCustomResource(ref.resource.type) &&
        (mentionsDefaultGroupOf(ref.resource.properties, vpc.logicalId) || CLOSER_TYPE.test(ref.resource.type)),
    );
  // Rules added to the default group by separate resources reopen it, whatever closed it.
  const added = index
    .referrersOf(vpc, 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress')
    .filter((rule) => rule.index === index && mentionsDefaultGroupOf(rule.resource.properties.GroupId, vpc.logicalId))
    .map((rule) =>
      localized(
        `${rule.resource.logicalId} (${rule.resource.type}) adds a rule to the default security group`,
        `${rule.resource.logicalId}（${rule.resource.type}）が既定のセキュリティグループにルールを加えている`,
      ),
    );
  if (!closer)
    added.unshift(
      localized(
        "nothing closes the default security group: no custom resource (such as CDK's Custom::VpcRestrictDefaultSG) removes its rules",
        '既定のセキュリティグループを閉じるものがない：そのルールを削除するカスタムリソース（CDK の Custom::VpcRestrictDefaultSG 等）がない',
      ),
    );
  return added.length > 0 ? nonCompliant(...added) : compliant();
});
