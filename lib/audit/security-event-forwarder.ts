import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PropsProblems } from '../private/validation';
import { GUARDRAIL_EVENTS, GuardrailEventDefinition, GuardrailEventWatch, LGSEC_ALARM_STATE_PATTERN } from './guardrail-events';
import { deadLetterQueue } from './private/dead-letter-queue';

/** Props of `SecurityEventForwarder`. */
export interface SecurityEventForwarderProps {
  /**
   * ARN of the security account's event bus (`SecurityEventHub.eventBusArn(account, region)`, or
   * `hub.eventBus.eventBusArn` in the hub's own stack).
   */
  readonly hubEventBusArn: string;
  /**
   * The guardrail events to forward (those watched on an event bus).
   * @default GUARDRAIL_EVENTS
   */
  readonly events?: readonly GuardrailEventDefinition[];
  /**
   * Forward lgsec alarms of this account that go into ALARM (their description starts with `lgsec`).
   * @default true
   */
  readonly forwardAlarms?: boolean;
}

const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.-]+$/;

/**
 * Raises the guardrail events of this account and region in the security account: one rule per
 * guardrail event on the default event bus (where CloudTrail delivers the region's API calls),
 * each forwarding to the hub's bus with a role that may only put events there, and a dead-letter
 * queue for what the hub refuses. Build one in every account and every region the zones use.
 */
export class SecurityEventForwarder extends Construct {
  public readonly role: iam.Role;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly rules: Readonly<Record<string, events.Rule>>;

  constructor(scope: Construct, id: string, props: SecurityEventForwarderProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'SecurityEventForwarder');
    if (!Token.isUnresolved(props.hubEventBusArn) && !EVENT_BUS_ARN.test(props.hubEventBusArn)) {
      problems.add(
        `hubEventBusArn: '${props.hubEventBusArn}' is not an event bus ARN; use SecurityEventHub.eventBusArn('<security account>', '<region>')`,
      );
    }
    problems.throwIfAny();

    const stack = Stack.of(this);
    const hubBus = events.EventBus.fromEventBusArn(this, 'HubEventBus', props.hubEventBusArn);
    this.role = new iam.Role(this, 'Role', {
      description: "lgsec: EventBridge forwards this account's guardrail events to the security account's event bus",
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      maxSessionDuration: Duration.hours(1),
    });
    // The event bus target grants the role events:PutEvents on the hub's bus, and nothing else.
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'guardrail events the security account did not take');
    const target = new targets.EventBus(hubBus, { role: this.role, deadLetterQueue: this.deadLetterQueue });

    const rules: Record<string, events.Rule> = {};
    for (const definition of (props.events ?? GUARDRAIL_EVENTS).filter((d) => d.watchedIn.includes(GuardrailEventWatch.EVENT_BUS))) {
      rules[definition.id] = new events.Rule(this, `${definition.id}Rule`, {
        description: `lgsec: forwards to the security account: ${definition.description}`.slice(0, 512),
        eventPattern: definition.eventPattern as events.EventPattern,
        targets: [target],
      });
    }
    if (props.forwardAlarms ?? true) {
      rules.LgsecAlarm = new events.Rule(this, 'LgsecAlarmRule', {
        description: 'lgsec: forwards lgsec alarms that went off to the security account',
        eventPattern: LGSEC_ALARM_STATE_PATTERN as events.EventPattern,
        targets: [target],
      });
    }
    this.rules = rules;
  }
}
