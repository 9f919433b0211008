import { DEFAULT_BREAK_GLASS_ROLE_NAME } from '../organization/deployment-path';

/**
 * The changes that switch audit off or weaken a guardrail, and the use of break-glass access,
 * as data: for each, the CloudTrail events that make it, an EventBridge event pattern and a
 * CloudWatch Logs filter pattern over the same events. The security event forwarder and hub raise
 * them in every account and region; a trail's log group watches those that only reach EventBridge
 * in us-east-1 (IAM, AWS Organizations, sign-in and STS's global endpoint). The report lists them.
 */

/** Where a guardrail event is watched. */
export enum GuardrailEventWatch {
  /**
   * EventBridge rules in every account and region of the zones: the service's events reach the
   * default event bus of the region where the call was made.
   */
  EVENT_BUS = 'event-bus',
  /**
   * A metric filter on a trail's CloudWatch log group: events of global services (IAM, AWS
   * Organizations, sign-in, STS's global endpoint) reach EventBridge only in us-east-1, where
   * the zones' guardrails allow no deployment, but every multi-region trail delivers them.
   */
  TRAIL_LOG_GROUP = 'trail-log-group',
}

export interface GuardrailEventDefinition {
  /** Construct id and metric name. */
  readonly id: string;
  /** What the alarm means, for its description and the notification. */
  readonly description: string;
  /** lgsec clause ids the watched guardrail serves (lib/policy/CLAUSES.md). */
  readonly clauses: readonly string[];
  /** The CloudTrail `eventSource` of the watched calls. */
  readonly eventSource: string;
  /** The CloudTrail `eventName`s watched. */
  readonly eventNames: readonly string[];
  /** Where it is watched. */
  readonly watchedIn: readonly GuardrailEventWatch[];
  /** The EventBridge event pattern (CloudTrail events as EventBridge delivers them). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** The same events as a CloudWatch Logs filter pattern over a trail's log group. */
  readonly logFilterPattern: string;
}

export interface GuardrailEventsOptions {
  /**
   * Names of the break-glass roles (their use raises an alarm in any account; a role in a path
   * is matched by its last name too).
   * @default ['lgsec-break-glass']
   */
  readonly breakGlassRoleNames?: readonly string[];
  /**
   * Roles whose IAM changes (trust, policies, boundary, tags, deletion) raise an alarm: the roles
   * the guardrails exempt, and the audit services' roles. `*` matches any characters.
   * @default the break-glass roles, the CDK bootstrap's roles (`cdk-hnb659fds-*`) and lgsec's own (`lgsec-*`)
   */
  readonly protectedRoleNames?: readonly string[];
}

/**
 * An lgsec alarm (its description starts with `lgsec`: the audit trail's security alarms, the VPN
 * tunnels', the sanitizing transfer's) that went into ALARM: forwarded to the security account
 * like the guardrail events, so a metric-filter alarm on a trail's log group reaches it too.
 */
export const LGSEC_ALARM_STATE_PATTERN: Readonly<Record<string, unknown>> = Object.freeze({
  source: ['aws.cloudwatch'],
  'detail-type': ['CloudWatch Alarm State Change'],
  detail: { state: { value: ['ALARM'] }, configuration: { description: [{ prefix: 'lgsec' }] } },
});

/** CloudWatch Logs takes filter patterns of at most this many characters. */
export const MAX_LOG_FILTER_PATTERN_LENGTH = 1024;

interface Spec {
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly eventSource: string;
  readonly eventNames: readonly string[];
  readonly watchedIn: readonly GuardrailEventWatch[];
  /** Sign-in events are not API calls: no detail-type constraint (EventBridge names them apart). */
  readonly apiCall?: boolean;
  /** Further constraints: a path in the event's detail and the values (with `*` wildcards) it may take. */
  readonly where?: { readonly path: readonly string[]; readonly values: readonly string[] };
}

const REGIONAL = [GuardrailEventWatch.EVENT_BUS];
const GLOBAL = [GuardrailEventWatch.TRAIL_LOG_GROUP];
const BOTH = [GuardrailEventWatch.EVENT_BUS, GuardrailEventWatch.TRAIL_LOG_GROUP];

function specs(breakGlass: readonly string[], protectedRoles: readonly string[]): Spec[] {
  const roleArns = breakGlass.flatMap((name) => [`arn:aws:iam::*:role/${name}`, `arn:aws:iam::*:role/*/${name}`]);
  const sessions = breakGlass.map((name) => `arn:aws:sts::*:assumed-role/${name}/*`);
  return [
    {
      id: 'CloudTrailTampering',
      description: 'A CloudTrail trail was stopped, deleted or changed, or its event selectors were changed: the audit trail may be blind.',
      clauses: ['10', '7.7'],
      eventSource: 'cloudtrail.amazonaws.com',
      eventNames: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'],
      watchedIn: REGIONAL,
    },
    {
      id: 'ConfigTampering',
      description: 'AWS Config recording, delivery, rules, conformance packs or aggregation were stopped, changed or deleted.',
      clauses: ['7.7', '10'],
      eventSource: 'config.amazonaws.com',
      eventNames: [
        'StopConfigurationRecorder',
        'DeleteConfigurationRecorder',
        'PutConfigurationRecorder',
        'DeleteDeliveryChannel',
        'PutDeliveryChannel',
        'DeleteConfigRule',
        'DeleteConformancePack',
        'DeleteOrganizationConfigRule',
        'DeleteOrganizationConformancePack',
        'DeleteConfigurationAggregator',
        'DeleteAggregationAuthorization',
        'DeleteRetentionConfiguration',
        'PutRetentionConfiguration',
        'DeleteEvaluationResults',
        'DeleteRemediationConfiguration',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'DnsFirewallChanges',
      description:
        'A Route 53 Resolver DNS Firewall list, rule, rule group or association, a query logging configuration or a forwarding rule was changed: a closed zone may resolve names again, or stop logging them.',
      clauses: ['7.3.a', '7.3.b', '7.3.c', '7.7'],
      eventSource: 'route53resolver.amazonaws.com',
      eventNames: [
        'ImportFirewallDomains',
        'UpdateFirewallDomains',
        'DeleteFirewallDomainList',
        'CreateFirewallRule',
        'UpdateFirewallRule',
        'DeleteFirewallRule',
        'DeleteFirewallRuleGroup',
        'AssociateFirewallRuleGroup',
        'DisassociateFirewallRuleGroup',
        'UpdateFirewallRuleGroupAssociation',
        'UpdateFirewallConfig',
        'PutFirewallRuleGroupPolicy',
        'DisassociateResolverQueryLogConfig',
        'DeleteResolverQueryLogConfig',
        'CreateResolverEndpoint',
        'AssociateResolverRule',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'NetworkFirewallChanges',
      description:
        "The security cloud's Network Firewall, its policy, rule groups, protections, subnets or logging were changed or deleted: traffic may pass uninspected or unlogged.",
      clauses: ['7.3.c', '7.7'],
      eventSource: 'network-firewall.amazonaws.com',
      eventNames: [
        'UpdateFirewallPolicy',
        'AssociateFirewallPolicy',
        'DeleteFirewallPolicy',
        'UpdateRuleGroup',
        'DeleteRuleGroup',
        'DeleteFirewall',
        'UpdateLoggingConfiguration',
        'UpdateFirewallDeleteProtection',
        'UpdateFirewallPolicyChangeProtection',
        'UpdateSubnetChangeProtection',
        'AssociateSubnets',
        'DisassociateSubnets',
        'PutResourcePolicy',
        'DeleteResourcePolicy',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'TransitGatewayRoutingChanges',
      description:
        'A Transit Gateway route, route table, association, propagation or attachment was changed: traffic may bypass the inspection of the security cloud or reach another zone.',
      clauses: ['7.3.c', '7.3.b'],
      eventSource: 'ec2.amazonaws.com',
      eventNames: [
        'CreateTransitGatewayRoute',
        'DeleteTransitGatewayRoute',
        'ReplaceTransitGatewayRoute',
        'CreateTransitGatewayRouteTable',
        'DeleteTransitGatewayRouteTable',
        'AssociateTransitGatewayRouteTable',
        'DisassociateTransitGatewayRouteTable',
        'EnableTransitGatewayRouteTablePropagation',
        'DisableTransitGatewayRouteTablePropagation',
        'ModifyTransitGateway',
        'CreateTransitGatewayVpcAttachment',
        'AcceptTransitGatewayVpcAttachment',
        'ModifyTransitGatewayVpcAttachment',
        'DeleteTransitGatewayVpcAttachment',
        'CreateTransitGatewayPeeringAttachment',
        'AcceptTransitGatewayPeeringAttachment',
        'CreateTransitGatewayPrefixListReference',
        'ModifyTransitGatewayPrefixListReference',
        'DeleteTransitGatewayPrefixListReference',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'NetworkPathChanges',
      description:
        'A flow log was deleted, a VPN connection or its tunnels were created or changed, or a VPC endpoint was created or changed: a zone may have a new way out, or stop recording its traffic.',
      clauses: ['7.3.a', '7.3.b', '7.7'],
      eventSource: 'ec2.amazonaws.com',
      eventNames: [
        'DeleteFlowLogs',
        'CreateVpnConnection',
        'DeleteVpnConnection',
        'ModifyVpnConnection',
        'ModifyVpnConnectionOptions',
        'ModifyVpnTunnelOptions',
        'CreateVpcEndpoint',
        'ModifyVpcEndpoint',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'AlarmTopicChanges',
      description: 'An SNS topic was deleted, re-policied or unsubscribed: security notifications may reach nobody.',
      clauses: ['7.7'],
      eventSource: 'sns.amazonaws.com',
      eventNames: ['DeleteTopic', 'SetTopicAttributes', 'Unsubscribe', 'AddPermission', 'RemovePermission', 'PutDataProtectionPolicy'],
      watchedIn: REGIONAL,
    },
    {
      id: 'EventRuleChanges',
      description: 'An EventBridge rule, target, bus or bus permission was changed or deleted: security events may no longer be forwarded.',
      clauses: ['7.7'],
      eventSource: 'events.amazonaws.com',
      eventNames: [
        'DeleteRule',
        'DisableRule',
        'PutRule',
        'PutTargets',
        'RemoveTargets',
        'DeleteEventBus',
        'UpdateEventBus',
        'PutPermission',
        'RemovePermission',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'GuardDutyChanges',
      description:
        'GuardDuty was disabled, detached from its administrator, or given suppression filters or trusted IP lists: threats may go undetected.',
      clauses: ['7.3.c', '7.7', '6.2'],
      eventSource: 'guardduty.amazonaws.com',
      eventNames: [
        'DeleteDetector',
        'UpdateDetector',
        'DeletePublishingDestination',
        'UpdatePublishingDestination',
        'DisassociateFromMasterAccount',
        'DisassociateFromAdministratorAccount',
        'DisassociateMembers',
        'DeleteMembers',
        'StopMonitoringMembers',
        'CreateFilter',
        'UpdateFilter',
        'CreateIPSet',
        'UpdateIPSet',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'AlarmChanges',
      description: 'A CloudWatch alarm was deleted, changed, silenced or set by hand.',
      clauses: ['7.7'],
      eventSource: 'monitoring.amazonaws.com',
      eventNames: ['DeleteAlarms', 'DisableAlarmActions', 'PutMetricAlarm', 'PutCompositeAlarm', 'SetAlarmState'],
      watchedIn: REGIONAL,
    },
    {
      id: 'LogGroupChanges',
      description:
        "A CloudWatch log group's retention, key, metric filters or subscriptions were changed, or the group deleted: the trail's alarms or kept logs may be gone.",
      clauses: ['7.7', '10'],
      eventSource: 'logs.amazonaws.com',
      eventNames: [
        'DeleteLogGroup',
        'PutRetentionPolicy',
        'DeleteRetentionPolicy',
        'DeleteMetricFilter',
        'PutMetricFilter',
        'AssociateKmsKey',
        'DisassociateKmsKey',
        'DeleteSubscriptionFilter',
        'DeleteResourcePolicy',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'BucketGuardChanges',
      description:
        "A bucket's policy, ACL, replication, lifecycle, versioning, Object Lock, logging, encryption or public access block was changed (CIS 4.8, and the archive's own guards): deliveries to the archive may stop or its records leave.",
      clauses: ['10', '7.7', '7.6'],
      eventSource: 's3.amazonaws.com',
      eventNames: [
        'PutBucketPolicy',
        'DeleteBucketPolicy',
        'PutBucketAcl',
        'PutBucketReplication',
        'DeleteBucketReplication',
        'PutBucketLifecycle',
        'DeleteBucketLifecycle',
        'PutBucketVersioning',
        'PutObjectLockConfiguration',
        'PutBucketLogging',
        'PutBucketPublicAccessBlock',
        'DeleteBucketPublicAccessBlock',
        'PutBucketEncryption',
        'DeleteBucketEncryption',
        'PutBucketOwnershipControls',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'KeyGuardChanges',
      description:
        'A KMS key was disabled, scheduled for deletion, re-policied, stopped rotating or lost an alias: the audit logs or data it encrypts may become unreadable (CIS 4.7).',
      clauses: ['10', '7.6'],
      eventSource: 'kms.amazonaws.com',
      eventNames: [
        'DisableKey',
        'ScheduleKeyDeletion',
        'PutKeyPolicy',
        'DisableKeyRotation',
        'DeleteAlias',
        'UpdateAlias',
        'DeleteImportedKeyMaterial',
      ],
      watchedIn: REGIONAL,
    },
    {
      id: 'ProtectedRoleChanges',
      description:
        "The trust, policies, boundary or tags of a role the guardrails exempt (break-glass, deployment) or of lgsec's own roles were changed, or the role created or deleted: someone may be minting an exemption.",
      clauses: ['7.5', '7.6', '10'],
      eventSource: 'iam.amazonaws.com',
      eventNames: [
        'CreateRole',
        'DeleteRole',
        'UpdateRole',
        'UpdateAssumeRolePolicy',
        'PutRolePolicy',
        'DeleteRolePolicy',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'PutRolePermissionsBoundary',
        'DeleteRolePermissionsBoundary',
        'TagRole',
        'UntagRole',
      ],
      watchedIn: GLOBAL,
      where: { path: ['requestParameters', 'roleName'], values: protectedRoles },
    },
    {
      id: 'OrganizationPolicyChanges',
      description:
        "The organization's SCPs or RCPs, their attachment, an account's OU, delegated administrators or trusted services were changed: a zone's guardrails may be gone.",
      clauses: ['7.3.a', '7.3.b', '7.3.c', '8'],
      eventSource: 'organizations.amazonaws.com',
      eventNames: [
        'CreatePolicy',
        'UpdatePolicy',
        'DeletePolicy',
        'AttachPolicy',
        'DetachPolicy',
        'EnablePolicyType',
        'DisablePolicyType',
        'MoveAccount',
        'RemoveAccountFromOrganization',
        'LeaveOrganization',
        'RegisterDelegatedAdministrator',
        'DeregisterDelegatedAdministrator',
        'DisableAWSServiceAccess',
      ],
      watchedIn: GLOBAL,
    },
    {
      id: 'BreakGlassRoleAssumed',
      description: 'The break-glass role was assumed: every use must match an approved emergency.',
      clauses: ['7.5', '10'],
      eventSource: 'sts.amazonaws.com',
      eventNames: ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'],
      watchedIn: BOTH,
      where: { path: ['requestParameters', 'roleArn'], values: roleArns },
    },
    {
      id: 'BreakGlassConsoleSignIn',
      description: 'Someone signed in to the console as the break-glass role: every use must match an approved emergency.',
      clauses: ['7.5', '10'],
      eventSource: 'signin.amazonaws.com',
      eventNames: ['ConsoleLogin'],
      watchedIn: BOTH,
      apiCall: false,
      where: { path: ['userIdentity', 'arn'], values: sessions },
    },
    {
      id: 'BreakGlassSwitchRole',
      description: 'Someone switched to the break-glass role in the console: every use must match an approved emergency.',
      clauses: ['7.5', '10'],
      eventSource: 'signin.amazonaws.com',
      eventNames: ['SwitchRole'],
      watchedIn: BOTH,
      apiCall: false,
      where: { path: ['additionalEventData', 'SwitchTo'], values: roleArns },
    },
  ];
}

function eventPatternOf(spec: Spec): Record<string, unknown> {
  const detail: Record<string, unknown> = { eventSource: [spec.eventSource], eventName: [...spec.eventNames] };
  if (spec.where) {
    let node = detail;
    spec.where.path.slice(0, -1).forEach((key) => {
      node = (node[key] = {}) as Record<string, unknown>;
    });
    node[spec.where.path[spec.where.path.length - 1]] = spec.where.values.map((v) => (v.includes('*') ? { wildcard: v } : v));
  }
  return { ...(spec.apiCall === false ? {} : { 'detail-type': ['AWS API Call via CloudTrail'] }), detail };
}

function logFilterPatternOf(spec: Spec): string {
  const any = (selector: string, values: readonly string[]) => {
    const terms = values.map((v) => `($.${selector} = "${v}")`);
    return terms.length === 1 ? terms[0] : `(${terms.join(' || ')})`;
  };
  const parts = [`($.eventSource = "${spec.eventSource}")`, any('eventName', spec.eventNames)];
  if (spec.where) parts.push(any(spec.where.path.join('.'), spec.where.values));
  return `{ ${parts.join(' && ')} }`;
}

/** The guardrail events, with the given role names; fails when a filter pattern exceeds CloudWatch Logs' limit. */
export function guardrailEvents(options: GuardrailEventsOptions = {}): GuardrailEventDefinition[] {
  const breakGlass = options.breakGlassRoleNames ?? [DEFAULT_BREAK_GLASS_ROLE_NAME];
  const problems = breakGlass
    .filter((name) => !/^[\w+=,.@-]{1,64}$/.test(name))
    .map((name) => `breakGlassRoleNames: '${name}' is not an IAM role name`);
  const protectedRoles = options.protectedRoleNames ?? [...breakGlass, 'cdk-hnb659fds-*', 'lgsec-*'];
  problems.push(
    ...protectedRoles
      .filter((name) => !/^[\w+=,.@*-]{1,64}$/.test(name))
      .map((name) => `protectedRoleNames: '${name}' is not an IAM role name (with * wildcards)`),
  );
  const definitions = specs(breakGlass, protectedRoles).map((spec): GuardrailEventDefinition => ({
    id: spec.id,
    description: spec.description,
    clauses: spec.clauses,
    eventSource: spec.eventSource,
    eventNames: spec.eventNames,
    watchedIn: spec.watchedIn,
    eventPattern: eventPatternOf(spec),
    logFilterPattern: logFilterPatternOf(spec),
  }));
  for (const d of definitions) {
    if (d.watchedIn.includes(GuardrailEventWatch.TRAIL_LOG_GROUP) && d.logFilterPattern.length > MAX_LOG_FILTER_PATTERN_LENGTH) {
      problems.push(
        `the ${d.id} filter pattern is ${d.logFilterPattern.length} characters, over CloudWatch Logs' ${MAX_LOG_FILTER_PATTERN_LENGTH}: list fewer role names`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Invalid guardrail event options:\n  - ${problems.join('\n  - ')}`);
  return definitions;
}

/** The guardrail events with the default role names (what the reference environment watches). */
export const GUARDRAIL_EVENTS: readonly GuardrailEventDefinition[] = Object.freeze(guardrailEvents());
