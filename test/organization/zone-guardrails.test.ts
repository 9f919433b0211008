import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  GuardrailPolicy,
  GuardrailPolicyType,
  MAX_GUARDRAIL_POLICY_CHARACTERS,
  ZoneGuardrails,
  ZoneGuardrailsProps,
} from '../../lib/organization';

const ORG = 'o-a1b2c3d4e5';
const OU = {
  myNumber: 'ou-ab12-11111111',
  lgwan: 'ou-ab12-22222222',
  internet: 'ou-ab12-33333333',
  shared: 'ou-ab12-44444444',
};

let defaults: { guardrails: ZoneGuardrails; template: Template } | undefined;

/** The guardrails with these overrides; the default build is made once and shared. */
function build(overrides: Partial<ZoneGuardrailsProps> = {}): { guardrails: ZoneGuardrails; template: Template } {
  const isDefault = Object.keys(overrides).length === 0;
  if (isDefault && defaults) return defaults;
  const stack = new Stack(new App(), 'Organization', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const guardrails = new ZoneGuardrails(stack, 'Guardrails', {
    organizationId: ORG,
    targets: { myNumber: [OU.myNumber], lgwan: [OU.lgwan], internet: [OU.internet], sharedServices: [OU.shared] },
    logArchiveAccountId: '222222222222',
    sanitizer: { roleName: 'lgsec-sanitizer', functionName: 'lgsec-sanitizer' },
    ...overrides,
  });
  const built = { guardrails, template: Template.fromStack(stack) };
  if (isDefault) defaults = built;
  return built;
}

type Statement = Record<string, unknown> & { Sid: string; Condition?: Record<string, Record<string, unknown>> };
function statements(template: Template, name: string): Statement[] {
  const found = Object.values(template.findResources('AWS::Organizations::Policy', { Properties: { Name: name } }));
  expect(found).toHaveLength(1);
  return (found[0] as { Properties: { Content: { Statement: Statement[] } } }).Properties.Content.Statement;
}

describe('ZoneGuardrails', () => {
  test('emits SCPs and an RCP, each attached to the OUs it guards and tagged for the report', () => {
    const { template, guardrails } = build();
    template.resourceCountIs('AWS::Organizations::Policy', 7);
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lgsec-japan-regions',
      Type: 'SERVICE_CONTROL_POLICY',
      TargetIds: [OU.myNumber, OU.lgwan, OU.internet, OU.shared].sort(),
      Tags: Match.arrayWith([{ Key: 'lgsec:guardrail-zones', Value: 'internet lgwan mynumber security-cloud' }]),
    });
    template.hasResourceProperties('AWS::Organizations::Policy', { Name: 'lgsec-mynumber-closed-network', TargetIds: [OU.myNumber] });
    template.hasResourceProperties('AWS::Organizations::Policy', { Name: 'lgsec-lgwan-closed-network', TargetIds: [OU.lgwan] });
    template.hasResourceProperties('AWS::Organizations::Policy', { Name: 'lgsec-sanitizer-role', TargetIds: [OU.lgwan] });
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lgsec-data-perimeter',
      Type: 'RESOURCE_CONTROL_POLICY',
      TargetIds: Match.arrayWith([OU.myNumber, OU.lgwan, OU.internet]),
    });
    for (const policy of guardrails.policies) expect(policy.size).toBeLessThanOrEqual(MAX_GUARDRAIL_POLICY_CHARACTERS);
    // Room left for a few more break-glass roles or regions.
    expect(Math.max(...guardrails.policies.map((p) => p.size))).toBeLessThan(MAX_GUARDRAIL_POLICY_CHARACTERS * 0.6);
  });

  test('the internet zone keeps its Transit Gateway attachment to the security cloud but no way out of its own', () => {
    const [statement] = statements(build().template, 'lgsec-internet-via-security-cloud');
    expect(statement.Action).toEqual(
      expect.arrayContaining(['ec2:CreateInternetGateway', 'ec2:CreateNatGateway', 'lambda:CreateFunctionUrlConfig']),
    );
    expect(statement.Action).not.toContain('ec2:CreateTransitGatewayVpcAttachment');
  });

  test('the region guardrail denies outside Japan with NotAction for global services, break-glass exempt', () => {
    const [statement] = statements(build().template, 'lgsec-japan-regions');
    expect(statement.Effect).toBe('Deny');
    expect(statement.Action).toBeUndefined();
    expect(statement.NotAction).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'route53:*', 'cloudfront:*']));
    // Regional services stay under the guardrail.
    for (const regional of ['kms:*', 'config:*', 's3:*', 'ec2:*', 'lambda:*']) expect(statement.NotAction).not.toContain(regional);
    expect(statement.Condition).toEqual({
      StringNotEquals: { 'aws:RequestedRegion': ['ap-northeast-1', 'ap-northeast-3'] },
      ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-break-glass'] },
    });
  });

  test('the My Number zone gets no way out at all; the LGWAN zone only the VPN its deployment role builds', () => {
    const { template } = build();
    const myNumber = statements(template, 'lgsec-mynumber-closed-network');
    const actions = myNumber.flatMap((s) => s.Action as string[]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'ec2:CreateInternetGateway',
        'ec2:CreateNatGateway',
        'ec2:CreateVpnConnection',
        'ec2:CreateVpcPeeringConnection',
        'ec2:CreateTransitGatewayVpcAttachment',
        'lambda:CreateFunctionUrlConfig',
        'cloudfront:CreateDistribution*',
        'lightsail:Create*',
      ]),
    );
    for (const s of myNumber)
      expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-break-glass'] } });

    const lgwan = statements(template, 'lgsec-lgwan-closed-network');
    const vpn = lgwan.find((s) => s.Sid === 'OnlyDeploymentsBuildTheLgwanVpn')!;
    expect(vpn.Action).toEqual(expect.arrayContaining(['ec2:CreateVpnGateway', 'ec2:CreateCustomerGateway', 'ec2:CreateVpnConnection']));
    expect(vpn.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-break-glass', 'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*'] },
    });
    const waysOut = lgwan.find((s) => s.Sid === 'DenyWaysOut')!;
    expect(waysOut.Action).toEqual(expect.arrayContaining(['ec2:CreateInternetGateway', 'ec2:CreateTransitGatewayVpcAttachment']));
    expect(waysOut.Action).not.toContain('ec2:CreateVpnConnection');
  });

  test('audit cannot be turned off, and the log archive key cannot be disabled or deleted', () => {
    const audit = statements(build().template, 'lgsec-audit-integrity');
    const off = audit.find((s) => s.Sid === 'DenyTurningAuditOff')!;
    expect(off.Action).toEqual(
      expect.arrayContaining([
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'config:StopConfigurationRecorder',
        'config:DeleteConfigurationRecorder',
        'ec2:DeleteFlowLogs',
        'route53resolver:DisassociateFirewallRuleGroup',
      ]),
    );
    const key = audit.find((s) => s.Sid === 'DenyDisablingLogArchiveKey')!;
    expect(key.Resource).toBe('arn:aws:kms:*:222222222222:key/*');
    expect(key.Action).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:DisableKey']));

    const exact = statements(
      build({ logArchiveKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/0123abcd-0000-0000-0000-000000000000' }).template,
      'lgsec-audit-integrity',
    );
    expect(exact.find((s) => s.Sid === 'DenyDisablingLogArchiveKey')!.Resource).toBe(
      'arn:aws:kms:ap-northeast-1:222222222222:key/0123abcd-0000-0000-0000-000000000000',
    );
  });

  test('the sanitizer role is passed only by deployments, only to Lambda, only to its function', () => {
    const sanitizer = statements(build().template, 'lgsec-sanitizer-role');
    expect(sanitizer.every((s) => s.Action === 'iam:PassRole' && s.Resource === 'arn:aws:iam::*:role/lgsec-sanitizer')).toBe(true);
    expect(sanitizer.find((s) => s.Sid === 'SanitizerRoleOnlyToLambda')!.Condition).toEqual({
      StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
    expect(sanitizer.find((s) => s.Sid === 'SanitizerRoleOnlyToItsFunction')!.Condition).toEqual({
      ArnNotLike: { 'iam:AssociatedResourceArn': 'arn:aws:lambda:*:*:function:lgsec-sanitizer' },
      Null: { 'iam:AssociatedResourceArn': 'false' },
    });
  });

  test('the data perimeter RCP admits only the organization, and services only on its behalf', () => {
    const perimeter = statements(build().template, 'lgsec-data-perimeter');
    for (const s of perimeter) expect(s.Principal).toBe('*');
    const identities = perimeter.find((s) => s.Sid === 'EnforceOrgIdentities')!;
    expect(identities.Action).toEqual(expect.arrayContaining(['s3:*', 'kms:*', 'sts:AssumeRole']));
    expect(identities.Condition).toEqual({
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    });
    expect(perimeter.find((s) => s.Sid === 'EnforceConfusedDeputyProtection')!.Condition).toEqual({
      StringNotEqualsIfExists: { 'aws:SourceOrgID': ORG },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    });
  });

  test('fails on a policy over the 5,120-character quota, naming it and its size', () => {
    const many = Array.from({ length: 120 }, (_, i) => `arn:aws:iam::*:role/emergency-access-role-number-${i}`);
    expect(() => build({ breakGlassRoleArns: many })).toThrow(
      /service control policy 'lgsec-japan-regions' is \d{4,} characters of compact JSON, over AWS Organizations' limit of 5120/,
    );
  });

  test('fails on bad ids and patterns, all at once', () => {
    expect(() =>
      build({
        organizationId: 'org-1',
        targets: { myNumber: ['ou-bad'], lgwan: [], internet: [] },
        breakGlassRoleArns: ['lgsec-break-glass'],
        allowedRegions: ['tokyo'],
      }),
    ).toThrow(
      /organizationId: 'org-1' is not an organization id[\s\S]*breakGlassRoleArns: 'lgsec-break-glass' is not a role ARN pattern[\s\S]*allowedRegions: 'tokyo'/,
    );
    expect(() => build({ targets: { myNumber: ['ou-bad'], lgwan: [], internet: [] } })).toThrow(
      /targetIds: 'ou-bad' is not a literal root/,
    );
  });
});

describe('GuardrailPolicy', () => {
  test('an RCP statement without Principal * and an SCP statement with one are refused', () => {
    const stack = new Stack();
    expect(
      () =>
        new GuardrailPolicy(stack, 'Rcp', {
          type: GuardrailPolicyType.RESOURCE_CONTROL_POLICY,
          policyName: 'x',
          guardrail: 'x',
          statements: [{ Sid: 'A', Effect: 'Deny', Action: 's3:*', Resource: '*' }],
        }),
    ).toThrow(/statement 'A': a resource control policy statement needs Principal '\*'/);
    expect(
      () =>
        new GuardrailPolicy(stack, 'Scp', {
          type: GuardrailPolicyType.SERVICE_CONTROL_POLICY,
          policyName: 'x',
          guardrail: 'x',
          statements: [{ Sid: 'B', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
        }),
    ).toThrow(/statement 'B': a service control policy statement takes no Principal/);
  });

  test('counts the size as compact JSON, exactly at the limit still accepted', () => {
    const stack = new Stack();
    const base = { Sid: 'A', Effect: 'Deny' as const, Action: 's3:GetObject', Resource: '' };
    const empty = JSON.stringify({ Version: '2012-10-17', Statement: [base] }).length;
    const resource = 'r'.repeat(MAX_GUARDRAIL_POLICY_CHARACTERS - empty);
    const policy = new GuardrailPolicy(stack, 'AtLimit', {
      type: GuardrailPolicyType.SERVICE_CONTROL_POLICY,
      policyName: 'at-limit',
      guardrail: 'x',
      statements: [{ ...base, Resource: resource }],
    });
    expect(policy.size).toBe(MAX_GUARDRAIL_POLICY_CHARACTERS);
    expect(
      () =>
        new GuardrailPolicy(stack, 'Over', {
          type: GuardrailPolicyType.SERVICE_CONTROL_POLICY,
          policyName: 'over',
          guardrail: 'x',
          statements: [{ ...base, Resource: `${resource}r` }],
        }),
    ).toThrow(/is 5121 characters of compact JSON/);
  });
});
