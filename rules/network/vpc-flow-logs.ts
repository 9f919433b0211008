import { compliant, nonCompliant } from '../outcome';
import { resourceRule } from '../rule';

/** Control 26: every VPC has a flow log capturing ALL traffic. */
export const vpcFlowLogs = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  const self = { resource: vpc, index };
  const logs = index
    .referrersOf(vpc, 'AWS::EC2::FlowLog')
    .filter(
      (log) =>
        log.index.literalString(log.resource.properties.ResourceType) === 'VPC' &&
        log.index.refersTo(log.resource.properties.ResourceId, self),
    );
  if (logs.length === 0) return nonCompliant('no AWS::EC2::FlowLog with ResourceType VPC refers to the VPC');
  const all = logs.some((log) => log.index.literalString(log.resource.properties.TrafficType) === 'ALL');
  return all
    ? compliant()
    : nonCompliant(
        `the VPC's flow logs capture ${logs.map((log) => log.index.literalString(log.resource.properties.TrafficType) ?? '?').join(', ')}, not ALL`,
      );
});
