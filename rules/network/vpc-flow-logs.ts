import { possibleValues, whenText } from '../../lib/template/values';
import { compliant, localized, nonCompliant, Problem, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 26: every VPC has a flow log capturing ALL traffic. A flow log's TrafficType is read
 * with the flow log's own parameters and conditions, so a finding names what decides it.
 */
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
        'この VPC を参照する ResourceType VPC の AWS::EC2::FlowLog がありません',
      ),
    );
  const problems: Problem[] = [];
  const unknown: Problem[] = [];
  for (const log of logs) {
    const written = log.resource.properties.TrafficType;
    const choices = possibleValues(log.index, written, log.resource);
    if (choices.every((choice) => log.index.literalString(choice.value) === 'ALL')) return compliant();
    for (const choice of choices) {
      const text = log.index.literalString(choice.value);
      if (text === 'ALL') continue;
      const when = whenText(choice.assumptions);
      const prefix = `${log.resource.logicalId}${when ? ` (${when})` : ''}`;
      if (choice.value === undefined)
        problems.push(
          localized(`${prefix} sets no TrafficType; ALL is required`, `${prefix} に TrafficType がありません（ALL が必要です）`),
        );
      else if (text !== undefined)
        problems.push(
          localized(
            `${prefix} captures TrafficType ${text}, not ALL`,
            `${prefix} が記録するのは TrafficType ${text} で、ALL ではありません`,
          ),
        );
      else {
        const from = log.index.follow(choice.value);
        const source = from.kind === 'external' ? from.why : JSON.stringify(choice.value);
        unknown.push(
          localized(
            `${prefix} captures the TrafficType given by ${source}, known only at deployment; ALL is required`,
            `${prefix} の TrafficType は ${source} で決まり、デプロイ時まで分かりません（ALL が必要です）`,
          ),
        );
      }
    }
  }
  // One flow log that may capture less is a finding; one whose setting leaves the template is the documented warning.
  if (problems.length > 0) return nonCompliant(...problems);
  return unverifiable(...unknown);
});
