import { compliant, localized, nonCompliant } from '../outcome';
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
  if (logs.length === 0)
    return nonCompliant(
      localized(
        'no AWS::EC2::FlowLog with ResourceType VPC refers to the VPC',
        'VPC を参照する ResourceType VPC の AWS::EC2::FlowLog がない',
      ),
    );
  const all = logs.some((log) => log.index.literalString(log.resource.properties.TrafficType) === 'ALL');
  return all
    ? compliant()
    : nonCompliant(
        localized(
          `the VPC's flow logs capture ${logs.map((log) => log.index.literalString(log.resource.properties.TrafficType) ?? '?').join(', ')}, not ALL`,
          `VPC のフローログが ALL ではなく ${logs.map((log) => log.index.literalString(log.resource.properties.TrafficType) ?? '?').join('、')} を記録している`,
        ),
      );
});
