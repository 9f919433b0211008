import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

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
   * and forward its findings of high severity (7 or more) to the notification topic. Leave it
   * off when the account already has a detector (one per region) or the organization's
   * delegated administrator manages GuardDuty.
   * @default false
   */
  readonly guardDuty?: boolean;
}

export interface SecurityCloudMonitoringProps extends SecurityCloudAlarmOptions {
  readonly encryptionKey: kms.IKey;
  readonly firewallName: string;
  readonly availabilityZones: string[];
  readonly transitGatewayId: string;
  readonly natGatewayIds: { readonly availabilityZone: string; readonly id: string }[];
  readonly topicName?: string;
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
    const publishers: [string, string][] = [['CloudWatchAlarmsPublishToTopic', 'cloudwatch.amazonaws.com']];
    if (props.guardDuty) publishers.push(['EventBridgePublishesToTopic', 'events.amazonaws.com']);
    for (const [sid, service] of publishers) {
      props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(service)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }));
    }
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: 'Security cloud security notifications',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
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

    if (props.guardDuty) {
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
