import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SecurityEventDefinition } from '../security-alarms';

/**
 * One metric filter and one alarm per security event on a trail's log group, each notifying the
 * topic. Descriptions start with `lgsec security event:`, so the security event forwarder raises
 * them in the security account too.
 */
export function securityAlarms(
  scope: Construct,
  logGroup: logs.ILogGroup,
  definitions: readonly SecurityEventDefinition[],
  metricNamespace: string | undefined,
  topic: sns.ITopic,
): Record<string, cloudwatch.Alarm> {
  const namespace = metricNamespace ?? 'lgsec/Security';
  const action = new cloudwatchActions.SnsAction(topic);
  const alarms: Record<string, cloudwatch.Alarm> = {};
  for (const event of definitions) {
    const filter = new logs.MetricFilter(scope, `${event.id}Filter`, {
      logGroup,
      filterPattern: logs.FilterPattern.literal(event.filterPattern),
      metricNamespace: namespace,
      metricName: event.id,
      metricValue: '1',
    });
    const alarm = new cloudwatch.Alarm(scope, `${event.id}Alarm`, {
      alarmDescription: `lgsec security event: ${event.description}`,
      metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    alarms[event.id] = alarm;
  }
  return alarms;
}
