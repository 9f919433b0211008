import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { subscribeEmails } from '../audit/private/notification-topic';

/** Thresholds of the security cloud's alarms. */
export interface SecurityCloudAlarmOptions {
  /**
   * Packets the firewall's stateful engine may drop in one Availability Zone in five minutes
   * before the alarm fires. Drops are normal for a default-drop firewall; a surge means a
   * member is infected, misconfigured, or scanning.
   * @default 1000
   */
  readonly droppedPacketsThreshold?: number;
  /**
   * Packets the Transit Gateway may drop for want of a route in five minutes: traffic to an
   * address that is no member, or a member whose route back is missing.
   * @default 100
   */
  readonly transitGatewayNoRouteThreshold?: number;
  /**
   * Whether to create an Amazon GuardDuty detector in the security cloud's account and region
   * and forward its findings of high severity (7 or more) to the notification topic. Turn it
   * off only where the organization's GuardDuty delegated administrator already enables a
   * detector in this account (one per region) and routes its findings to the prefecture's
   * analysts.
   * @default true
   */
  readonly guardDuty?: boolean;
  /**
   * Email addresses subscribed to the security notification topic (each must confirm).
   * @default - none: the topic has no subscriber, which the rule pack reports
   * (LGSEC-ALARM-ACTION) until one is added
   */
  readonly notificationEmails?: string[];
  /**
   * High-severity firewall alerts (threat signatures of severity 1) in five minutes before the
   * threat alarm fires.
   * @default 1
   */
  readonly threatAlertThreshold?: number;
}

export interface SecurityCloudMonitoringProps extends SecurityCloudAlarmOptions {
  readonly encryptionKey: kms.IKey;
  readonly firewallName: string;
  readonly availabilityZones: string[];
  readonly transitGatewayId: string;
  readonly natGatewayIds: { readonly availabilityZone: string; readonly id: string }[];
  readonly topicName?: string;
  /** The log group of the firewall's ALERT logs, watched for threat alerts. */
  readonly alertLogGroup?: logs.ILogGroup;
}

/**
 * Security notifications of the security cloud (7.7): a KMS-encrypted, TLS-only SNS topic and
 * alarms on firewall drops per AZ, Transit Gateway drops for want of a route, NAT gateway port
 * exhaustion and dropped packets; optionally a GuardDuty detector whose high-severity findings
 * reach the same topic.
 */
export class SecurityCloudMonitoring extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly guardDutyDetector?: guardduty.CfnDetector;

  constructor(scope: Construct, id: string, props: SecurityCloudMonitoringProps) {
    super(scope, id);
    // CloudWatch alarms (and EventBridge, for GuardDuty findings) publish to an encrypted topic
    // only if the key lets them.
    const guardDutyOn = props.guardDuty ?? true;
    const publishers: [string, string][] = [['CloudWatchAlarmsPublishToTopic', 'cloudwatch.amazonaws.com']];
    if (guardDutyOn) publishers.push(['EventBridgePublishesToTopic', 'events.amazonaws.com']);
    for (const [sid, service] of publishers) {
      props.encryptionKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
    }
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: 'Security cloud security notifications',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    subscribeEmails(this.topic, props.notificationEmails);
    const action = new cwActions.SnsAction(this.topic);
    const alarm = (alarmId: string, alarmProps: cloudwatch.AlarmProps): void => {
      const created = new cloudwatch.Alarm(this, alarmId, alarmProps);
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    const dropped = props.droppedPacketsThreshold ?? 1000;
    props.availabilityZones.forEach((az, index) => {
      alarm(`FirewallDroppedPackets${index + 1}`, {
        alarmDescription: `Network Firewall ${props.firewallName} dropped more than ${dropped} packets in 5 minutes in ${az}: look at its ALERT log for the source member`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/NetworkFirewall',
          metricName: 'DroppedPackets',
          dimensionsMap: { FirewallName: props.firewallName, AvailabilityZone: az, Engine: 'Stateful' },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(5),
        }),
        threshold: dropped,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    });

    const noRoute = props.transitGatewayNoRouteThreshold ?? 100;
    alarm('TransitGatewayNoRouteDrops', {
      alarmDescription: `The security cloud's Transit Gateway dropped more than ${noRoute} packets in 5 minutes for want of a route: a member's route back may be missing`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/TransitGateway',
        metricName: 'PacketDropCountNoRoute',
        dimensionsMap: { TransitGateway: props.transitGatewayId },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: noRoute,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    props.natGatewayIds.forEach(({ availabilityZone, id: natGatewayId }, index) => {
      alarm(`NatGatewayPortAllocationErrors${index + 1}`, {
        alarmDescription: `NAT gateway in ${availabilityZone} could not allocate a source port: members' connections are failing; spread egress over more addresses`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/NATGateway',
          metricName: 'ErrorPortAllocation',
          dimensionsMap: { NatGatewayId: natGatewayId },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(5),
        }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    });

    if (props.alertLogGroup) {
      // Suricata severity 1: the high-priority classes of the threat signatures (trojan
      // activity, exploitation, command and control), not the default-drop alerts.
      const filter = new logs.MetricFilter(this, 'ThreatAlertsFilter', {
        logGroup: props.alertLogGroup,
        filterPattern: logs.FilterPattern.literal('{ ($.event.event_type = "alert") && ($.event.alert.severity = 1) }'),
        metricNamespace: 'lgsec/SecurityCloud',
        metricName: 'HighSeverityThreatAlerts',
        metricValue: '1',
      });
      const threshold = props.threatAlertThreshold ?? 1;
      alarm('HighSeverityThreatAlerts', {
        alarmDescription: `Network Firewall ${props.firewallName} raised ${threshold} or more high-severity threat alerts in 5 minutes: read its ALERT log for the member, signature and destination`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    if (guardDutyOn) {
      this.guardDutyDetector = new guardduty.CfnDetector(this, 'GuardDuty', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
      });
      new events.Rule(this, 'GuardDutyHighSeverityFindings', {
        description: 'GuardDuty findings of severity 7 or more, to the security notification topic',
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { severity: events.Match.greaterThanOrEqual(7) },
        },
        targets: [new targets.SnsTopic(this.topic)],
      });
    }
  }
}
