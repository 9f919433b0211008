import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AccountGuardrails,
  AccountGuardrailsProps,
  GuardrailPolicyType,
  GuardrailStatement,
  MAX_MANAGED_POLICY_CHARACTERS,
  PLATFORM_ROLE_NAMES,
  ZoneGuardrails,
} from '../../lib/organization';
import { Zone } from '../../lib/policy/zone';
import { checkPlain } from '../rules/harness';
import { deniedBy, Request } from './policy-simulator';

const ACCOUNT = '444444444444';

function build(overrides: Partial<AccountGuardrailsProps> = {}): { guardrails: AccountGuardrails; template: Template; stack: Stack } {
  const stack = new Stack(new App(), 'GovernmentCloudMyNumber', { env: { account: ACCOUNT, region: 'ap-northeast-1' } });
  const guardrails = new AccountGuardrails(stack, 'Guardrails', { zone: Zone.MY_NUMBER, ...overrides });
  return { guardrails, template: Template.fromStack(stack), stack };
}

type Policy = {
  Properties: { ManagedPolicyName: string; PolicyDocument: { Statement: GuardrailStatement[] } };
  Metadata?: Record<string, unknown>;
};
function policies(template: Template): Record<string, Policy> {
  return Object.fromEntries(
    Object.values(template.findResources('AWS::IAM::ManagedPolicy') as Record<string, Policy>).map((p) => [
      p.Properties.ManagedPolicyName,
      p,
    ]),
  );
}

const ADMIN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_Admin_0123456789abcdef`;
const admin = (action: string, more: Partial<Request> = {}): Request => ({ action, principal: ADMIN, ...more });
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

describe('AccountGuardrails (an account in an organization not ours: the Government Cloud)', () => {
  test('managed policies for the administrator roles and a permissions boundary, each within IAM quota, tagged in metadata', () => {
    const { template, guardrails } = build();
    const byName = policies(template);
    expect(Object.keys(byName).sort()).toEqual([
      'lgsec-account-audit-integrity',
      'lgsec-account-baseline',
      'lgsec-account-boundary',
      'lgsec-account-mynumber-closed-network',
    ]);
    for (const policy of Object.values(byName)) {
      expect(JSON.stringify(policy.Properties.PolicyDocument).length).toBeLessThanOrEqual(MAX_MANAGED_POLICY_CHARACTERS);
    }
    expect(byName['lgsec-account-boundary'].Metadata!['lgsec:guardrail-tags']).toEqual({
      'lgsec:guardrail': expect.stringContaining('mynumber-closed-network'),
      'lgsec:guardrail-zones': 'mynumber',
      'lgsec:guardrail-enforcement': 'account',
      'lgsec:guardrail-mechanism': 'permissions-boundary',
    });
    expect(guardrails.policyNames).toEqual([
      'lgsec-account-baseline',
      'lgsec-account-audit-integrity',
      'lgsec-account-mynumber-closed-network',
    ]);
    expect(guardrails.guardrails).toEqual(
      expect.arrayContaining([
        { guardrail: 'audit-integrity', enforcement: 'account', mechanism: 'iam-policy', policyName: 'lgsec-account-audit-integrity' },
        {
          guardrail: 'permissions-boundary',
          enforcement: 'account',
          mechanism: 'permissions-boundary',
          policyName: 'lgsec-account-boundary',
        },
      ]),
    );
    expect(guardrails.unenforced.map((u) => u.guardrail)).toEqual(['data-perimeter']);
  });

  test('the statements are the SCPs’ own: the account form and the organization form cannot drift', () => {
    const organization = new ZoneGuardrails(
      new Stack(new App(), 'Org', { env: { account: '111111111111', region: 'ap-northeast-1' } }),
      'G',
      {
        organizationId: 'o-a1b2c3d4e5',
        targets: { myNumber: ['ou-ab12-11111111'], lgwan: [], internet: [] },
        platformRoleNames: [...PLATFORM_ROLE_NAMES],
      },
    );
    const scps = organization.policies
      .filter((p) => p.type === GuardrailPolicyType.SERVICE_CONTROL_POLICY)
      .flatMap((p) => p.document.Statement);
    const account = Object.values(policies(build().template))
      .filter((p) => p.Properties.ManagedPolicyName !== 'lgsec-account-boundary')
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const bySid = new Map(account.map((s) => [s.Sid, s]));
    for (const statement of scps) {
      // The log archive statement needs a log archive; the account form names none by default.
      if (statement.Sid === 'OnlyDeploymentsChangeLogArchive') continue;
      expect(bySid.get(statement.Sid)).toEqual(statement);
    }
  });

  test("an administrator cannot walk around them: no boundary-less role, no exemption, no change to the platform's roles", () => {
    const statements = Object.values(policies(build().template))
      .filter((p) => p.Properties.ManagedPolicyName !== 'lgsec-account-boundary')
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/lgsec-account-boundary`;
    expect(deniedBy(statements, admin('iam:CreateRole', { resource: role('mine') }))).toContain('EveryRoleCarriesTheBoundary');
    expect(
      deniedBy(statements, admin('iam:CreateRole', { resource: role('mine'), context: { 'iam:PermissionsBoundary': boundary } })),
    ).not.toContain('EveryRoleCarriesTheBoundary');
    expect(deniedBy(statements, admin('iam:DeleteRolePermissionsBoundary', { resource: role('app') }))).toContain(
      'NobodyRemovesTheBoundary',
    );
    for (const name of [
      'aws-controltower-ConfigRecorderRole',
      'AWSControlTowerExecution',
      'aws-reserved/sso.amazonaws.com/AWSReservedSSO_x',
    ]) {
      expect(deniedBy(statements, admin('iam:UpdateAssumeRolePolicy', { resource: role(name) }))).toContain(
        'OnlyStackSetsChangeExemptRoles',
      );
    }
    expect(deniedBy(statements, admin('iam:DetachRolePolicy', { resource: ADMIN }))).toEqual(
      expect.arrayContaining(['OnlyDeploymentsChangeIam', 'OnlyStackSetsChangeExemptRoles']),
    );
    expect(deniedBy(statements, admin('ec2:CreateInternetGateway'))).toContain('DenyWaysOut');
    expect(deniedBy(statements, admin('route53resolver:ImportFirewallDomains'))).toContain('OnlyDeploymentsChangeAudit');
    expect(deniedBy(statements, admin('ec2:RunInstances', { context: { 'aws:RequestedRegion': 'us-west-2' } }))).toContain(
      'DenyOutsideAllowedRegions',
    );
  });

  test('the boundary: what workloads do, less what the guardrails deny', () => {
    const boundary = policies(build().template)['lgsec-account-boundary'].Properties.PolicyDocument.Statement;
    const workload = (action: string, more: Partial<Request> = {}) => ({ action, principal: role('app-function'), ...more });
    const allowedByBoundary = (request: Request) =>
      boundary.some(
        (s) => s.Effect === 'Allow' && [s.Action].flat().some((a) => new RegExp(`^${a!.replace(/\*/g, '.*')}$`, 'i').test(request.action)),
      ) && deniedBy(boundary, request).length === 0;
    expect(allowedByBoundary(workload('s3:GetObject'))).toBe(true);
    expect(allowedByBoundary(workload('kms:Decrypt'))).toBe(true);
    expect(allowedByBoundary(workload('ec2:CreateNetworkInterface'))).toBe(true);
    for (const action of [
      'ec2:CreateInternetGateway',
      'iam:CreateRole',
      'cloudtrail:StopLogging',
      'route53resolver:ImportFirewallDomains',
      's3:PutBucketPolicy',
    ]) {
      expect({ action, allowed: allowedByBoundary(workload(action)) }).toEqual({ action, allowed: false });
    }
    expect(allowedByBoundary(workload('s3:GetObject', { context: { 'aws:RequestedRegion': 'us-east-1' } }))).toBe(false);
  });

  test('its bootstrap: the execution role carries the account guardrails, created roles the account boundary', () => {
    const { guardrails } = build();
    const bootstrap = guardrails.bootstrapTemplate(['arn:aws:iam::888888888888:role/lgsec-deployment-pipeline']);
    const resources = bootstrap.Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(resources.CloudFormationExecutionRole.Properties.ManagedPolicyArns).toEqual([
      { Ref: 'ExecutionPolicy' },
      ...guardrails.policyNames.map((name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${name}` })),
    ]);
    expect(JSON.stringify(resources.DeploymentBoundary)).toContain('policy/lgsec-account-boundary');
    const checked = checkPlain(bootstrap);
    expect(checked.findings('error')).toEqual([]);
    expect(checked.status('LGSEC-BOOTSTRAP-TRUST', 'DeploymentActionRole')).toBe('compliant');
  });

  test('the guardrail policies are attached to roles given by name; the LGWAN form adds the sanitizer guardrail', () => {
    const { template } = build({
      zone: Zone.LGWAN,
      administratorRoleNames: ['MunicipalityAdmin'],
      sanitizer: { roleName: 's', functionName: 'f' },
    });
    const byName = policies(template);
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['lgsec-account-lgwan-closed-network', 'lgsec-account-sanitizer-role']));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'lgsec-account-baseline',
      Roles: ['MunicipalityAdmin'],
    });
  });

  test('the internet form passes the pack', () => {
    const { stack } = build({ zone: Zone.INTERNET });
    const template = Template.fromStack(stack).toJSON();
    expect(checkPlain(template).findings()).toEqual([]);
  });

  test('fails on a sanitizer outside LGWAN, a bad region and an account-agnostic stack, all at once', () => {
    expect(() => build({ sanitizer: { roleName: 's', functionName: 'f' }, allowedRegions: ['osaka'] })).toThrow(
      /sanitizer: the sanitizer runs in the LGWAN zone[\s\S]*allowedRegions: 'osaka' is not a region name/,
    );
    expect(() => new AccountGuardrails(new Stack(new App(), 'Agnostic'), 'G', { zone: Zone.LGWAN })).toThrow(
      /the stack's account is not literal/,
    );
  });
});
