import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BreakGlassAccess, BreakGlassAccessProps } from '../../lib/organization';
import { checkPlain } from '../rules/harness';

const OPERATOR = 'arn:aws:iam::111111111111:user/lgsec-break-glass-operator';

function build(overrides: Partial<BreakGlassAccessProps> = {}): { access: BreakGlassAccess; template: Template } {
  const stack = new Stack(new App(), 'Organization', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const access = new BreakGlassAccess(stack, 'BreakGlass', {
    targetOuIds: ['ou-ab12-11111111', 'ou-ab12-22222222'],
    trustedPrincipalArns: [OPERATOR],
    ...overrides,
  });
  return { access, template: Template.fromStack(stack) };
}

type Role = { Properties: Record<string, unknown> & { AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] } } };
const innerTemplate = (access: BreakGlassAccess) => JSON.parse(access.stackSet.templateBody!) as { Resources: Record<string, Role> };

describe('BreakGlassAccess', () => {
  test('a service-managed StackSet of the management account puts the role in every account of the OUs, new ones too', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-11111111', 'ou-ab12-22222222'] }, Regions: ['ap-northeast-1'] },
      ],
      Tags: Match.arrayWith([
        { Key: 'lgsec:guardrail', Value: 'break-glass' },
        { Key: 'lgsec:guardrail-enforcement', Value: 'organization' },
        { Key: 'lgsec:guardrail-mechanism', Value: 'stack-set' },
      ]),
    });
  });

  test('the role trusts only the named principals, with a recent MFA sign-in, for an hour, and carries the exemption tag', () => {
    const role = innerTemplate(build().access).Resources.BreakGlassRole;
    expect(role.Properties.RoleName).toBe('lgsec-break-glass');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: 'OnlyNamedPrincipalsWithMfa',
        Effect: 'Allow',
        Principal: { AWS: [OPERATOR] },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
      },
    ]);
    expect(role.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'lgsec:exemption', Value: 'break-glass' }]));
  });

  test('the template it deploys passes the pack, its two decisions acknowledged with reasons', () => {
    const checked = checkPlain(innerTemplate(build().access));
    expect(checked.findings()).toEqual([]);
    expect(checked.status('LGSEC-CROSS-ACCOUNT-ROLE', 'BreakGlassRole')).toBe('acknowledged');
    expect(checked.status('LGSEC-IAM-NO-ADMIN-STATEMENT', 'BreakGlassRole')).toBe('acknowledged');
  });

  test('fails on an account root, a wildcard, an empty trust or a bad name, all at once', () => {
    expect(() =>
      build({
        trustedPrincipalArns: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::*:role/admin'],
        roleName: 'bad name',
        maxMfaAgeSeconds: 10,
      }),
    ).toThrow(/:root' is not a role or user ARN[\s\S]*:role\/admin'[\s\S]*'bad name'[\s\S]*maxMfaAgeSeconds: 10/);
    expect(() => build({ trustedPrincipalArns: [] })).toThrow(/trustedPrincipalArns: the list is empty/);
    expect(() => build({ targetOuIds: ['ou-bad'] })).toThrow(/targetOuIds: 'ou-bad' is not a literal OU/);
  });
});
