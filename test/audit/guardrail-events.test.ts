import {
  GUARDRAIL_EVENTS,
  guardrailEvents,
  GuardrailEventWatch,
  LGSEC_ALARM_STATE_PATTERN,
  MAX_LOG_FILTER_PATTERN_LENGTH,
} from '../../lib/audit/guardrail-events';
import { isClauseId } from '../../lib/policy';
import { eventMatches, logFilterMatches, sampleEvent, sampleEventNames } from './event-matching';

const byId = (id: string) => GUARDRAIL_EVENTS.find((e) => e.id === id)!;
/** Which guardrail events an EventBridge event matches. */
const matching = (name: string) => GUARDRAIL_EVENTS.filter((e) => eventMatches(e.eventPattern, sampleEvent(name))).map((e) => e.id);

describe('guardrail event patterns against documented CloudTrail events', () => {
  test.each([
    ['stop-logging', 'CloudTrailTampering'],
    ['stop-configuration-recorder', 'ConfigTampering'],
    ['update-firewall-domains', 'DnsFirewallChanges'],
    ['update-firewall-policy', 'NetworkFirewallChanges'],
    ['create-transit-gateway-route', 'TransitGatewayRoutingChanges'],
    ['delete-flow-logs', 'NetworkPathChanges'],
    ['delete-topic', 'AlarmTopicChanges'],
    ['disable-rule', 'EventRuleChanges'],
    ['delete-detector', 'GuardDutyChanges'],
    ['delete-alarms', 'AlarmChanges'],
    ['delete-metric-filter', 'LogGroupChanges'],
    ['put-bucket-policy', 'BucketGuardChanges'],
    ['put-key-policy', 'KeyGuardChanges'],
    ['update-assume-role-policy-break-glass', 'ProtectedRoleChanges'],
    ['detach-policy', 'OrganizationPolicyChanges'],
    ['assume-role-break-glass', 'BreakGlassRoleAssumed'],
    ['console-login-break-glass', 'BreakGlassConsoleSignIn'],
  ])('%s raises exactly %s', (name, id) => {
    expect(matching(name)).toEqual([id]);
  });

  test('ordinary events raise nothing: another role assumed or changed, a read-only call, an alarm state change', () => {
    for (const name of ['assume-role-ec2-dev', 'put-role-policy-other-role', 'describe-trails', 'alarm-state-change-lgsec']) {
      expect({ name, matched: matching(name) }).toEqual({ name, matched: [] });
    }
  });

  test('a break-glass role in a path, or another break-glass name, is matched too', () => {
    const event = sampleEvent('assume-role-break-glass');
    event.detail.requestParameters.roleArn = 'arn:aws:iam::111122223333:role/emergency/lgsec-break-glass';
    expect(eventMatches(byId('BreakGlassRoleAssumed').eventPattern, event)).toBe(true);
    event.detail.requestParameters.roleArn = 'arn:aws:iam::111122223333:role/city-break-glass';
    expect(eventMatches(byId('BreakGlassRoleAssumed').eventPattern, event)).toBe(false);
    const custom = guardrailEvents({ breakGlassRoleNames: ['city-break-glass'] }).find((e) => e.id === 'BreakGlassRoleAssumed')!;
    expect(eventMatches(custom.eventPattern, event)).toBe(true);
  });

  test("every sample event of a watched service is matched by the pattern of its service, or is a read or another role's", () => {
    const unmatched = sampleEventNames().filter((name) => name.startsWith('alarm-') === false && matching(name).length === 0);
    expect(unmatched).toEqual(['assume-role-ec2-dev', 'describe-trails', 'put-role-policy-other-role']);
  });
});

describe('the log filter patterns of the events a trail watches', () => {
  const watchedInTrail = GUARDRAIL_EVENTS.filter((e) => e.watchedIn.includes(GuardrailEventWatch.TRAIL_LOG_GROUP));

  test('are the global services and break-glass, each within CloudWatch Logs’ length', () => {
    expect(watchedInTrail.map((e) => e.id)).toEqual([
      'ProtectedRoleChanges',
      'OrganizationPolicyChanges',
      'BreakGlassRoleAssumed',
      'BreakGlassConsoleSignIn',
      'BreakGlassSwitchRole',
    ]);
    for (const e of watchedInTrail) expect(e.logFilterPattern.length).toBeLessThanOrEqual(MAX_LOG_FILTER_PATTERN_LENGTH);
  });

  test('match the same CloudTrail records as the event patterns', () => {
    const record = (name: string) => sampleEvent(name).detail;
    expect(logFilterMatches(byId('ProtectedRoleChanges').logFilterPattern, record('update-assume-role-policy-break-glass'))).toBe(true);
    expect(logFilterMatches(byId('ProtectedRoleChanges').logFilterPattern, record('put-role-policy-other-role'))).toBe(false);
    expect(logFilterMatches(byId('OrganizationPolicyChanges').logFilterPattern, record('detach-policy'))).toBe(true);
    expect(logFilterMatches(byId('BreakGlassRoleAssumed').logFilterPattern, record('assume-role-break-glass'))).toBe(true);
    expect(logFilterMatches(byId('BreakGlassRoleAssumed').logFilterPattern, record('assume-role-ec2-dev'))).toBe(false);
    expect(logFilterMatches(byId('BreakGlassConsoleSignIn').logFilterPattern, record('console-login-break-glass'))).toBe(true);
    // A role the deployment uses (cdk-hnb659fds-*) is protected by default.
    const deployment = record('update-assume-role-policy-break-glass');
    deployment.requestParameters.roleName = 'cdk-hnb659fds-cfn-exec-role-111111111111-ap-northeast-1';
    expect(logFilterMatches(byId('ProtectedRoleChanges').logFilterPattern, deployment)).toBe(true);
  });

  test('a SwitchRole to the break-glass role (additionalEventData.SwitchTo) is watched', () => {
    const event = sampleEvent('console-login-break-glass');
    event.detail.eventName = 'SwitchRole';
    event.detail.userIdentity.arn = 'arn:aws:sts::123456789012:assumed-role/Operator/alice';
    event.detail.additionalEventData = {
      SwitchFrom: 'arn:aws:sts::123456789012:assumed-role/Operator/alice',
      SwitchTo: `arn:aws:iam::123456789012:role/lgsec-break-glass`,
    };
    expect(matching('console-login-break-glass')).toEqual(['BreakGlassConsoleSignIn']);
    expect(GUARDRAIL_EVENTS.filter((e) => eventMatches(e.eventPattern, event)).map((e) => e.id)).toEqual(['BreakGlassSwitchRole']);
    expect(logFilterMatches(byId('BreakGlassSwitchRole').logFilterPattern, event.detail)).toBe(true);
  });
});

describe('the lgsec alarm state pattern', () => {
  test('matches an lgsec alarm going into ALARM, not another alarm, not a return to OK', () => {
    expect(eventMatches(LGSEC_ALARM_STATE_PATTERN, sampleEvent('alarm-state-change-lgsec'))).toBe(true);
    expect(eventMatches(LGSEC_ALARM_STATE_PATTERN, sampleEvent('alarm-state-change-other'))).toBe(false);
    const ok = sampleEvent('alarm-state-change-lgsec');
    ok.detail.state.value = 'OK';
    expect(eventMatches(LGSEC_ALARM_STATE_PATTERN, ok)).toBe(false);
  });
});

describe('guardrail event definitions', () => {
  test('cite clause ids of the policy and name distinct events', () => {
    for (const e of GUARDRAIL_EVENTS)
      for (const clause of e.clauses) expect({ id: e.id, clause, ok: isClauseId(clause) }).toEqual({ id: e.id, clause, ok: true });
    expect(new Set(GUARDRAIL_EVENTS.map((e) => e.id)).size).toBe(GUARDRAIL_EVENTS.length);
  });

  test('fail on role names IAM would refuse, and on filter patterns over the length CloudWatch Logs takes', () => {
    expect(() => guardrailEvents({ breakGlassRoleNames: ['not a role'] })).toThrow(
      /breakGlassRoleNames: 'not a role' is not an IAM role name/,
    );
    expect(() => guardrailEvents({ protectedRoleNames: Array.from({ length: 40 }, (_, i) => `role-with-a-long-name-${i}`) })).toThrow(
      /ProtectedRoleChanges filter pattern is \d+ characters, over CloudWatch Logs' 1024/,
    );
  });
});
