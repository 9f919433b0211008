import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createAlarmTopic, emailProblems, subscribeEmails } from '../private/alarm-topic';
import { PropsProblems } from '../private/validation';
import { deadLetterQueue } from './private/dead-letter-queue';
import { GUARDRAIL_EVENTS, GuardrailEventDefinition, LGSEC_ALARM_STATE_PATTERN } from './guardrail-events';
import { SecurityEventForwarder } from './security-event-forwarder';

/** The security event bus's name, unless told otherwise: other accounts name it before it exists. */
export const SECURITY_EVENT_BUS_NAME = 'lgsec-security-events';

/** Props of `SecurityEventHub`. */
export interface SecurityEventHubProps {
  /** Email addresses subscribed to the hub's topic (each must confirm). */
  readonly notificationEmails: string[];
  /**
   * Accounts whose forwarders may put events on the hub's bus.
   * @default - none (give these, or `organizationId`)
   */
  readonly memberAccountIds?: string[];
  /**
   * Admit every account of this organization (`aws:PrincipalOrgID`) instead of a list.
   * @default - only `memberAccountIds`
   */
  readonly organizationId?: string;
  /** @default 'lgsec-security-events' */
  readonly eventBusName?: string;
  /**
   * The guardrail events the hub notifies about.
   * @default GUARDRAIL_EVENTS
   */
  readonly events?: readonly GuardrailEventDefinition[];
  /**
   * Also watch this account's own default event bus (a `SecurityEventForwarder` into the hub).
   * @default true
   */
  readonly watchThisAccount?: boolean;
}

/**
 * The security account's end of the guardrail alarms: an event bus that the forwarders of the
 * listed accounts (or the organization) put guardrail events on, one rule per guardrail event
 * (and one for lgsec alarms that went off) notifying an encrypted topic subscribed by the
 * security contacts, a dead-letter queue for what cannot be delivered and an alarm on it.
 * The hub's own account is watched too.
 */
export class SecurityEventHub extends Construct {
  /** The ARN of the hub's bus in an account and region, for forwarders of other accounts' stacks. */
  public static eventBusArn(account: string, region: string, eventBusName: string = SECURITY_EVENT_BUS_NAME): string {
    return `arn:aws:events:${region}:${account}:event-bus/${eventBusName}`;
  }

  public readonly eventBus: events.EventBus;
  public readonly topic: sns.Topic;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly rules: Readonly<Record<string, events.Rule>>;
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly forwarder?: SecurityEventForwarder;

  constructor(scope: Construct, id: string, props: SecurityEventHubProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'SecurityEventHub');
    problems.addAll(emailProblems('notificationEmails', props.notificationEmails));
    if (props.notificationEmails.length === 0) problems.add('notificationEmails is empty: guardrail alarms would reach nobody (7.7)');
    const members = [...new Set(props.memberAccountIds ?? [])];
    for (const account of members) {
      if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account))
        problems.add(`memberAccountIds: '${account}' is not a 12-digit account id`);
    }
    if (
      props.organizationId !== undefined &&
      !Token.isUnresolved(props.organizationId) &&
      !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)
    ) {
      problems.add(`organizationId: '${props.organizationId}' is not an organization id like o-a1b2c3d4e5`);
    }
    problems.throwIfAny();

    const stack = Stack.of(this);
    this.eventBus = new events.EventBus(this, 'EventBus', { eventBusName: props.eventBusName ?? SECURITY_EVENT_BUS_NAME });
    this.admitForwarders(members, props.organizationId);

    this.topic = createAlarmTopic(this, { key: 'TopicKey', topic: 'Topic' }, 'the security event notifications', 'lgsec guardrail alarms');
    subscribeEmails(this.topic, props.notificationEmails);
    const ruleArns = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: `${this.eventBus.eventBusName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    this.topic.masterKey!.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'HubRulesPublish',
        principals: [eventBridge],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': ruleArns } },
      }),
    );
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'HubRulesPublish',
        principals: [eventBridge],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': ruleArns } },
      }),
    );

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'guardrail notifications the topic did not take');
    const rules: Record<string, events.Rule> = {};
    const definitions = props.events ?? GUARDRAIL_EVENTS;
    for (const definition of definitions) {
      rules[definition.id] = new events.Rule(this, `${definition.id}Rule`, {
        eventBus: this.eventBus,
        description: `lgsec: ${definition.description}`.slice(0, 512),
        eventPattern: definition.eventPattern as events.EventPattern,
        targets: [
          new targets.SnsTopic(this.topic, {
            deadLetterQueue: this.deadLetterQueue,
            message: events.RuleTargetInput.fromText(
              `lgsec guardrail event ${definition.id}: ${events.EventField.fromPath('$.detail.eventName')} by ` +
                `${events.EventField.fromPath('$.detail.userIdentity.arn')} in account ${events.EventField.account} ` +
                `(${events.EventField.region}) at ${events.EventField.time}. ${definition.description}`,
            ),
          }),
        ],
      });
    }
    rules.LgsecAlarm = new events.Rule(this, 'LgsecAlarmRule', {
      eventBus: this.eventBus,
      description: 'lgsec: an lgsec alarm of a member account went off',
      eventPattern: LGSEC_ALARM_STATE_PATTERN as events.EventPattern,
      targets: [
        new targets.SnsTopic(this.topic, {
          deadLetterQueue: this.deadLetterQueue,
          message: events.RuleTargetInput.fromText(
            `lgsec alarm ${events.EventField.fromPath('$.detail.alarmName')} is ALARM in account ${events.EventField.account} ` +
              `(${events.EventField.region}) at ${events.EventField.time}: ${events.EventField.fromPath('$.detail.configuration.description')}`,
          ),
        }),
      ],
    });
    this.rules = rules;

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'lgsec: guardrail notifications could not be delivered to the topic: read them in the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));

    if (props.watchThisAccount ?? true) {
      this.forwarder = new SecurityEventForwarder(this, 'Forwarder', {
        hubEventBusArn: this.eventBus.eventBusArn,
        events: definitions,
      });
    }
  }

  /** Only the listed accounts (or the organization) may put events on the bus, and only the forwarders' AWS events. */
  private admitForwarders(members: string[], organizationId: string | undefined): void {
    const statement = (sid: string, principals: iam.IPrincipal[], conditions?: Record<string, Record<string, unknown>>) =>
      new iam.PolicyStatement({
        sid,
        principals,
        actions: ['events:PutEvents'],
        resources: [this.eventBus.eventBusArn],
        ...(conditions ? { conditions } : {}),
      });
    if (members.length > 0) {
      this.eventBus.addToResourcePolicy(
        statement(
          'MemberAccountsForward',
          members.map((account) => new iam.AccountPrincipal(account)),
        ),
      );
    }
    if (organizationId !== undefined) {
      this.eventBus.addToResourcePolicy(
        statement('OrganizationForwards', [new iam.AnyPrincipal()], { StringEquals: { 'aws:PrincipalOrgID': organizationId } }),
      );
    }
  }
}
