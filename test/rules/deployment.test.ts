import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { lgsecBootstrapTemplate } from '../../lib/organization';
import { checkPlain, template } from './harness';

/** The stock template, as `npx cdk bootstrap --show-template` printed it (test/fixtures/bootstrap/SOURCES.md). */
const STOCK = parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bootstrap', 'cdk-bootstrap-v33.yaml'), 'utf8')) as Record<
  string,
  unknown
>;
/** The stock template of the installed CDK CLI, so that a new CDK version is judged as it comes. */
const BUNDLED = fs.readFileSync(
  path.join(path.dirname(require.resolve('aws-cdk/package.json')), 'lib', 'api', 'bootstrap', 'bootstrap-template.yaml'),
  'utf8',
);
const OURS = lgsecBootstrapTemplate({ trustedRoleArns: ['arn:aws:iam::888888888888:role/lgsec-deployment-pipeline'] });

const RULES = [
  'LGSEC-BOOTSTRAP-EXECUTION-POLICY',
  'LGSEC-BOOTSTRAP-TRUST',
  'LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY',
  'LGSEC-BOOTSTRAP-LOOKUP-NO-DATA',
];

/** A bootstrap template of one role (and whatever else it needs). */
const bootstrapWith = (resources: Record<string, unknown>) =>
  template(
    {
      ...resources,
      Version: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Name: '/cdk-bootstrap/hnb659fds/version', Value: '33' } },
    },
    { Outputs: { BootstrapVersion: { Value: '33' } } },
  );
const role = (kind: string, properties: Record<string, unknown>, trust: unknown = { AWS: 'arn:aws:iam::888888888888:role/pipeline' }) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: trust, Action: 'sts:AssumeRole' }] },
    Tags: [{ Key: 'aws-cdk:bootstrap-role', Value: kind }],
    ...properties,
  },
});
const execution = (properties: Record<string, unknown>) => role('cfn-exec', properties, { Service: 'cloudformation.amazonaws.com' });
const inline = (...statements: Record<string, unknown>[]) => ({
  Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements.map((s) => ({ Resource: '*', ...s })) } }],
});

describe('the deployment-path rules on whole bootstrap templates', () => {
  test('the stock template (`cdk bootstrap --show-template`) fails all four', () => {
    const checked = checkPlain(STOCK);
    expect(checked.status('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'CloudFormationExecutionRole')).toBe('error');
    expect(checked.message('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'CloudFormationExecutionRole')).toMatch(
      /ManagedPolicyArns attaches AdministratorAccess/,
    );
    expect(checked.status('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'CloudFormationExecutionRole')).toBe('error');
    expect(checked.message('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'CloudFormationExecutionRole')).toMatch(
      /PermissionsBoundary is not set/,
    );
    for (const id of ['DeploymentActionRole', 'FilePublishingRole', 'ImagePublishingRole', 'LookupRole']) {
      expect(checked.status('LGSEC-BOOTSTRAP-TRUST', id)).toBe('error');
      expect(checked.message('LGSEC-BOOTSTRAP-TRUST', id)).toMatch(/trusts its own account \(\$\{AWS::AccountId\}\)/);
    }
    expect(checked.status('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'LookupRole')).toBe('error');
    expect(checked.message('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'LookupRole')).toMatch(
      /s3:GetObject \(ReadOnlyAccess\).*logs:GetLogEvents \(ReadOnlyAccess\)/,
    );
    expect(checked.message('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'LookupRole')).not.toMatch(/kms:Decrypt/);
  });

  test("the installed CLI's own template fails them too", () => {
    const findings = checkPlain(parse(BUNDLED) as Record<string, unknown>).findings('error');
    for (const rule of RULES) expect(findings.some((f) => f.startsWith(rule))).toBe(true);
  });

  test("lgsec's template passes all four", () => {
    const checked = checkPlain(OURS);
    expect(checked.findings()).toEqual([]);
    expect(checked.status('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'CloudFormationExecutionRole')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'CloudFormationExecutionRole')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'LookupRole')).toBe('compliant');
    for (const id of ['DeploymentActionRole', 'FilePublishingRole', 'LookupRole'])
      expect(checked.status('LGSEC-BOOTSTRAP-TRUST', id)).toBe('compliant');
  });

  test('a StackSet that fans a bootstrap out is judged by the template it deploys', () => {
    const stackSet = (body: string) =>
      template({
        Bootstrap: {
          Type: 'AWS::CloudFormation::StackSet',
          Properties: { StackSetName: 'bootstrap', PermissionModel: 'SERVICE_MANAGED', TemplateBody: body },
        },
      });
    const stock = checkPlain(stackSet(BUNDLED));
    for (const rule of RULES) expect(stock.status(rule, 'Bootstrap')).toBe('error');
    expect(stock.message('LGSEC-BOOTSTRAP-TRUST', 'Bootstrap')).toMatch(
      /role DeploymentActionRole of the bootstrap it deploys: .*trusts its own account/,
    );
    expect(stock.result('LGSEC-BOOTSTRAP-TRUST', 'Bootstrap').messageJa).toMatch(
      /デプロイするブートストラップのロール DeploymentActionRole：/,
    );
    const unreadable = checkPlain(stackSet('{ not: [json'));
    expect(unreadable.result('LGSEC-BOOTSTRAP-TRUST', 'Bootstrap').messageJa).toMatch(
      /StackSet がデプロイするテンプレートを読めない：TemplateBody を JSON としても YAML としても解析できない/,
    );
    const ours = checkPlain(stackSet(JSON.stringify(OURS)));
    for (const rule of RULES) expect(ours.status(rule, 'Bootstrap')).toBe('compliant');
    const other = checkPlain(stackSet(JSON.stringify(template({ Topic: { Type: 'AWS::SNS::Topic' } }))));
    for (const rule of RULES) expect(other.status(rule, 'Bootstrap')).toBe('not-applicable');
  });

  test('a role named like a bootstrap role outside a bootstrap template is not judged', () => {
    const checked = checkPlain(
      template({
        Role: role('deploy', { RoleName: 'cdk-hnb659fds-deploy-role-1-ap-northeast-1' }, { AWS: 'arn:aws:iam::888888888888:root' }),
      }),
    );
    for (const rule of RULES) expect(checked.status(rule, 'Role')).toBe('not-applicable');
  });
});

describe('LGSEC-BOOTSTRAP-EXECUTION-POLICY', () => {
  test('fails *:*, an Allow of all but a few actions, PowerUserAccess or a managed policy of *; passes a list of services', () => {
    const checked = checkPlain(
      bootstrapWith({
        Star: execution(inline({ Effect: 'Allow', Action: '*:*' })),
        AllBut: execution(inline({ Effect: 'Allow', NotAction: 'iam:*' })),
        PowerUser: execution({ ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] }),
        Managed: execution({ ManagedPolicyArns: [{ Ref: 'Everything' }] }),
        Everything: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        },
        Listed: execution(inline({ Effect: 'Allow', Action: ['ec2:*', 's3:*'] })),
      }),
    );
    expect(checked.message('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'Star')).toMatch(/inline policy p allows every action/);
    expect(checked.message('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'AllBut')).toMatch(/allows every action but 1 \(NotAction\)/);
    expect(checked.message('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'PowerUser')).toMatch(/attaches PowerUserAccess/);
    expect(checked.message('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'Managed')).toMatch(
      /managed policy Everything statement 0 allows every action/,
    );
    expect(checked.status('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'Listed')).toBe('compliant');
  });
});

describe('LGSEC-BOOTSTRAP-TRUST', () => {
  test("fails an account id, an account root or *; warns on a parameter; passes the pipeline's role", () => {
    const deploy = (principal: unknown) => role('deploy', {}, { AWS: principal });
    const checked = checkPlain(
      template(
        {
          ...(bootstrapWith({}).Resources as object),
          Account: deploy('888888888888'),
          Root: deploy('arn:aws:iam::888888888888:root'),
          Anyone: deploy('*'),
          Parameter: deploy({ Ref: 'Trusted' }),
          Pipeline: deploy('arn:aws:iam::888888888888:role/lgsec-deployment-pipeline'),
        },
        { Parameters: { Trusted: { Type: 'String' } }, Outputs: { BootstrapVersion: { Value: '33' } } },
      ),
    );
    expect(checked.message('LGSEC-BOOTSTRAP-TRUST', 'Account')).toMatch(/trusts account 888888888888/);
    expect(checked.message('LGSEC-BOOTSTRAP-TRUST', 'Root')).toMatch(/trusts account arn:aws:iam::888888888888:root/);
    expect(checked.message('LGSEC-BOOTSTRAP-TRUST', 'Anyone')).toMatch(/trusts every principal/);
    expect(checked.status('LGSEC-BOOTSTRAP-TRUST', 'Parameter')).toBe('warning');
    expect(checked.message('LGSEC-BOOTSTRAP-TRUST', 'Parameter')).toMatch(/parameter 'Trusted'/);
    expect(checked.status('LGSEC-BOOTSTRAP-TRUST', 'Pipeline')).toBe('compliant');
  });
});

describe('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', () => {
  test('fails no boundary and one that lets created roles go unbounded; warns on one it cannot read; passes one that propagates', () => {
    const boundary = (statements: Record<string, unknown>[]) => ({
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, ...statements] } },
    });
    const checked = checkPlain(
      bootstrapWith({
        None: execution({}),
        Loose: execution({ PermissionsBoundary: { Ref: 'LooseBoundary' } }),
        LooseBoundary: boundary([]),
        Elsewhere: execution({ PermissionsBoundary: 'arn:aws:iam::444444444444:policy/their-boundary' }),
        Tight: execution({ PermissionsBoundary: { Ref: 'TightBoundary' } }),
        TightBoundary: boundary([
          {
            Effect: 'Deny',
            Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
            Resource: '*',
            Condition: { StringNotEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::444444444444:policy/workload' } },
          },
        ]),
      }),
    );
    expect(checked.message('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'None')).toMatch(/PermissionsBoundary is not set/);
    expect(checked.message('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'Loose')).toMatch(
      /LooseBoundary does not deny iam:CreateRole without an iam:PermissionsBoundary/,
    );
    expect(checked.status('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'Elsewhere')).toBe('warning');
    expect(checked.status('LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY', 'Tight')).toBe('compliant');
  });
});

describe('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', () => {
  test('fails a lookup role that reads objects, log events or secrets; passes lookups only, or reads it denies', () => {
    const checked = checkPlain(
      bootstrapWith({
        ReadOnly: role('lookup', {
          ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess' }],
          ...inline({ Effect: 'Deny', Action: 'kms:Decrypt' }),
        }),
        Objects: role('lookup', inline({ Effect: 'Allow', Action: ['s3:GetObject*', 'secretsmanager:GetSecretValue'] })),
        ViewOnly: role('lookup', { ManagedPolicyArns: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] }),
        Lookups: role('lookup', inline({ Effect: 'Allow', Action: ['ec2:Describe*', 'ssm:GetParameter'] })),
        Denied: role('lookup', inline({ Effect: 'Allow', Action: 's3:*' }, { Effect: 'Deny', Action: ['s3:GetObject*', 'kms:Decrypt'] })),
      }),
    );
    expect(checked.message('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'ReadOnly')).toMatch(/can read data: s3:GetObject \(ReadOnlyAccess\)/);
    expect(checked.message('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'Objects')).toMatch(
      /s3:GetObject \(inline policy p\), secretsmanager:GetSecretValue \(inline policy p\)/,
    );
    expect(checked.status('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'ViewOnly')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'Lookups')).toBe('compliant');
    expect(checked.status('LGSEC-BOOTSTRAP-LOOKUP-NO-DATA', 'Denied')).toBe('compliant');
  });
});

describe('a StackSet whose TemplateBody is YAML with short forms', () => {
  test('is read without a warning on the console (the YAML parser would print one per tag)', () => {
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const checked = checkPlain(
        template({
          Fanned: {
            Type: 'AWS::CloudFormation::StackSet',
            Properties: {
              StackSetName: 'logs',
              PermissionModel: 'SERVICE_MANAGED',
              TemplateBody:
                "Resources:\n  Bus:\n    Type: AWS::Events::EventBus\n    Properties:\n      Name: !Sub '${AWS::AccountId}-bus'\n",
            },
          },
        }),
      );
      expect(checked.status('LGSEC-BOOTSTRAP-EXECUTION-POLICY', 'Fanned')).toBe('not-applicable');
      expect(emitted).not.toHaveBeenCalled();
    } finally {
      emitted.mockRestore();
    }
  });
});
