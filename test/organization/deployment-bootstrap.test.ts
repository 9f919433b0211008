import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DeploymentBootstrap, DeploymentBootstrapProps, lgsecBootstrapTemplate, WORKLOAD_BOUNDARY_NAME } from '../../lib/organization';
import { checkPlain } from '../rules/harness';

const PIPELINE = 'arn:aws:iam::888888888888:role/lgsec-deployment-pipeline';

function build(overrides: Partial<DeploymentBootstrapProps> = {}): { bootstrap: DeploymentBootstrap; template: Template } {
  const stack = new Stack(new App(), 'Organization', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const bootstrap = new DeploymentBootstrap(stack, 'DeploymentBootstrap', {
    targetOuIds: ['ou-ab12-11111111'],
    pipeline: { ouIds: ['ou-ab12-55555555'], accountIds: ['888888888888'], githubRepository: 'shiojiri-city/infrastructure' },
    ...overrides,
  });
  return { bootstrap, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string };
const resources = (template: Record<string, unknown>) => template.Resources as Record<string, Resource>;
const trustOf = (role: Resource) => (role.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;

describe('DeploymentBootstrap', () => {
  test('StackSets of the management account bootstrap the zone accounts in both regions, and create the pipeline role in one', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lgsec-cdk-bootstrap',
      PermissionModel: 'SERVICE_MANAGED',
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-11111111'] }, Regions: ['ap-northeast-1', 'ap-northeast-3'] },
      ],
      Tags: Match.arrayWith([{ Key: 'lgsec:guardrail', Value: 'deployment-path' }]),
    });
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lgsec-cdk-bootstrap-pipeline',
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-55555555'] }, Regions: ['ap-northeast-1'] }],
    });
  });

  test('the deploy, publishing and lookup roles trust only the pipeline role, never an account', () => {
    const { bootstrap } = build();
    expect(bootstrap.trustedRoleArns).toEqual([PIPELINE]);
    for (const id of ['DeploymentActionRole', 'FilePublishingRole', 'LookupRole']) {
      expect(trustOf(resources(bootstrap.template)[id])).toEqual([
        { Sid: 'OnlyThePipeline', Effect: 'Allow', Principal: { AWS: [PIPELINE] }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
      ]);
    }
  });

  test('the execution role: lgsec services only, the deployment boundary, the exemption tag', () => {
    const template = resources(build().bootstrap.template);
    const execution = template.CloudFormationExecutionRole;
    expect(execution.Properties.ManagedPolicyArns).toEqual([{ Ref: 'ExecutionPolicy' }]);
    expect(execution.Properties.PermissionsBoundary).toEqual({ Ref: 'DeploymentBoundary' });
    expect(execution.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'lgsec:exemption', Value: 'deployment' }]));
    const allowed = (template.ExecutionPolicy.Properties.PolicyDocument as { Statement: { Action: string[] }[] }).Statement[0].Action;
    expect(allowed).toEqual(expect.arrayContaining(['ec2:*', 'iam:*', 'cloudformation:*', 'route53resolver:*']));
    expect(allowed).not.toContain('*');
    // Every role a deployment creates carries the workload boundary; nobody removes it.
    const boundary = JSON.stringify(template.DeploymentBoundary.Properties.PolicyDocument);
    expect(boundary).toContain(
      '"iam:PermissionsBoundary":{"Fn::Sub":"arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/' +
        'lgsec-deployment-workload-boundary-${AWS::Region}"}',
    );
    expect(boundary).toContain('iam:DeleteRolePermissionsBoundary');
    expect(WORKLOAD_BOUNDARY_NAME).toBe('lgsec-deployment-workload-boundary-${AWS::Region}');
  });

  test('the pipeline role is assumed by the named workflows of one repository through GitHub OIDC', () => {
    const pipeline = resources(JSON.parse(build().bootstrap.pipelineStackSet!.templateBody!));
    expect(pipeline.GitHubOidcProvider.Type).toBe('AWS::IAM::OIDCProvider');
    expect(trustOf(pipeline.PipelineRole)[0].Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': ['repo:shiojiri-city/infrastructure:environment:production'],
      },
    });
  });

  test('both templates pass the pack, the deployment-path rules included', () => {
    const { bootstrap } = build();
    for (const template of [bootstrap.template, JSON.parse(bootstrap.pipelineStackSet!.templateBody!)]) {
      expect(checkPlain(template).findings()).toEqual([]);
    }
    const checked = checkPlain(bootstrap.template);
    expect(checked.status('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'CloudFormationExecutionRole')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'CloudFormationExecutionRole')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'LookupRole')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-TRUST', 'DeploymentActionRole')).toBe('compliant');
  });

  test('fails on trust in an account root or a wildcard, a bad qualifier and a wildcard subject, all at once', () => {
    expect(() =>
      build({
        trustedRoleArns: ['arn:aws:iam::888888888888:root', 'arn:aws:iam::*:role/pipeline'],
        qualifier: 'Bad_Qualifier',
        pipeline: { ouIds: ['ou-ab12-55555555'], accountIds: ['888'], githubRepository: 'a/b', githubSubjects: ['repo:a/b:*'] },
      }),
    ).toThrow(/:root' is not a role ARN[\s\S]*:role\/pipeline'[\s\S]*'Bad_Qualifier'[\s\S]*'repo:a\/b:\*'[\s\S]*'888'/);
    expect(() => build({ pipeline: undefined })).toThrow(/trustedRoleArns: none given and no pipeline/);
  });

  test('the template can be had without a construct, for an account outside the organization', () => {
    const template = lgsecBootstrapTemplate({
      trustedRoleArns: [PIPELINE],
      qualifier: 'lgsec',
      workloadBoundaryName: 'lgsec-account-boundary',
    });
    expect(resources(template).WorkloadBoundary).toBeUndefined();
    expect(JSON.stringify(resources(template).DeploymentActionRole.Properties.RoleName)).toContain('cdk-lgsec-deploy-role-');
  });
});
