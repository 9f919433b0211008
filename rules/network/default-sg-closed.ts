import { compliant, nonCompliant } from '../core/outcome';
import { resourceRule } from '../core/rule';
import { isRecord } from '../core/template-index';

function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** True when a value is `Fn::GetAtt [<vpc>, DefaultSecurityGroup]`. */
function isDefaultGroupOf(value: unknown, vpcId: string): boolean {
  if (!isRecord(value)) return false;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) ? getAtt[0] === vpcId && getAtt[1] === 'DefaultSecurityGroup' : getAtt === `${vpcId}.DefaultSecurityGroup`;
}

/**
 * Control 28: the default security group of every VPC is closed. CloudFormation cannot change
 * it, so a custom resource does (CDK's `restrictDefaultSecurityGroup` writes
 * Custom::VpcRestrictDefaultSG with the group's id); any custom resource handed the default
 * group's id counts.
 */
export const defaultSecurityGroupClosed = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  const closer = index.referrersOf(vpc).some((ref) => isCustomResource(ref.resource.type) && ref.index === index
    && Object.values(ref.resource.properties).some((value) => isDefaultGroupOf(value, vpc.logicalId)));
  return closer ? compliant() : nonCompliant('nothing closes the default security group: no custom resource (such as CDK\'s Custom::VpcRestrictDefaultSG) removes its rules');
});
