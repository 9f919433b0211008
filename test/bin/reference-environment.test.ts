import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { addPolicyChecks, buildReferenceEnvironment } from '../../bin/reference-environment';
import { MAX_GUARDRAIL_POLICY_CHARACTERS } from '../../lib/organization';
import { CheckRun } from '../../rules/results';

type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Export?: { Name?: unknown } }>;
};

/** Stack name → account, and stack name → template, from a cloud assembly. */
function readAssembly(outdir: string): { accounts: Map<string, string>; templates: Map<string, Template> } {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string; stackName?: string } }>;
  };
  const accounts = new Map<string, string>();
  const templates = new Map<string, Template>();
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const name = artifact.properties?.stackName ?? id;
    accounts.set(name, /^aws:\/\/([^/]+)\//.exec(artifact.environment ?? '')?.[1] ?? 'unknown-account');
    templates.set(name, JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties!.templateFile!), 'utf8')) as Template);
  }
  return { accounts, templates };
}

/** Every `Fn::ImportValue` and `Fn::GetStackOutput` in a value. */
function crossStackReferences(value: unknown, into: { kind: string; target: unknown }[] = []): { kind: string; target: unknown }[] {
  if (Array.isArray(value)) value.forEach((v) => crossStackReferences(v, into));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Fn::ImportValue' || key === 'Fn::GetStackOutput') into.push({ kind: key, target: v });
      crossStackReferences(v, into);
    }
  }
  return into;
}

/** References from one stack to an export or output of a stack in another account. */
function crossAccountReferences(outdir: string): string[] {
  const { accounts, templates } = readAssembly(outdir);
  const exporter = new Map<string, string>();
  for (const [stack, template] of templates) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exporter.set(output.Export.Name, stack);
    }
  }
  const problems: string[] = [];
  for (const [stack, template] of templates) {
    for (const ref of crossStackReferences(template)) {
      const target =
        ref.kind === 'Fn::ImportValue'
          ? typeof ref.target === 'string'
            ? exporter.get(ref.target)
            : undefined
          : (ref.target as { StackName?: string }).StackName;
      // An import whose exporter cannot be told is counted as crossing: nothing may be left unproven.
      if (target === undefined || accounts.get(target) !== accounts.get(stack) || accounts.get(stack) === 'unknown-account') {
        problems.push(`${stack}: ${ref.kind} ${JSON.stringify(ref.target)} → ${target ?? '?'} (${target ? accounts.get(target) : '?'})`);
      }
    }
  }
  return problems;
}

/** No policy finding (acknowledgments with reasons), no AwsSolutions finding, no CloudFormation schema warning. */
function expectCleanSynth(run: CheckRun, outdir: string): void {
  expect(run.results.filter((r) => r.status === 'non-compliant')).toEqual([]);
  for (const result of run.results.filter((r) => r.status === 'acknowledged'))
    expect(result.acknowledgment?.reason.length).toBeGreaterThan(20);
  expect(run.results.filter((r) => r.status === 'compliant').length).toBeGreaterThan(300);
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  const violations = (report.pluginReports as { pluginName: string; violations?: unknown[] }[])
    .filter((p) => p.pluginName !== 'LGSEC')
    .flatMap((p) => (p.violations ?? []).map((v) => ({ plugin: p.pluginName, v })));
  expect(violations).toEqual([]);
}

describe('reference environment, multi-account (the default), synthesized with both packs as `cdk synth` does', () => {
  let outdir: string;
  let run: CheckRun;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-ref-'));
    const app = new App({ outdir, context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
    buildReferenceEnvironment(app);
    const lgsec = addPolicyChecks(app);
    app.synth();
    run = lgsec.lastRun!;
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("every role of an account that lgsec's bootstrap deploys into carries the workload boundary; every account and region removes its default VPC", () => {
    const { accounts, templates } = readAssembly(outdir);
    let boundedRoles = 0;
    for (const [stack, template] of templates) {
      const region = stack.endsWith('Osaka') || stack === 'ShiojiriReplicas' ? 'ap-northeast-3' : 'ap-northeast-1';
      const roles = Object.values(template.Resources!).filter((r) => r.Type === 'AWS::IAM::Role');
      const bounded = roles.filter((r) =>
        JSON.stringify(r.Properties!['PermissionsBoundary'] ?? '').includes(`policy/lgsec-deployment-workload-boundary-${region}`),
      );
      // The management account deploys with its own credentials, not through the bootstrap.
      const expected = accounts.get(stack) === '111111111111' ? 0 : roles.length;
      expect({ stack, bounded: bounded.length }).toEqual({ stack, bounded: expected });
      boundedRoles += bounded.length;
      if (stack === 'NaganoOrganizationGuardrails') continue;
      const removals = Object.values(template.Resources!).filter((r) => r.Type === 'Custom::LgsecDefaultVpcRemoval');
      expect({ stack, removals: removals.length }).toEqual({ stack, removals: 1 });
    }
    expect(boundedRoles).toBeGreaterThan(20);
  });

  test("the people side: My Number terminals in the My Number zone, the LGWAN staff's remote browser in the internet zone, its logs admitted by the archive", () => {
    const { templates } = readAssembly(outdir);
    const ofType = (stack: string, type: string) => Object.values(templates.get(stack)!.Resources!).filter((r) => r.Type === type);
    expect(ofType('ShiojiriMyNumberZone', 'AWS::AppStream::Fleet')).toHaveLength(1);
    expect(ofType('ShiojiriMyNumberZone', 'AWS::AppStream::Fleet')[0].Properties).toMatchObject({ EnableDefaultInternetAccess: false });
    expect(ofType('ShiojiriInternetZone', 'AWS::WorkSpacesWeb::Portal')).toHaveLength(1);
    expect(ofType('ShiojiriInternetZone', 'AWS::WorkSpacesWeb::UserSettings')[0].Properties).toMatchObject({
      CopyAllowed: 'Disabled',
      PasteAllowed: 'Disabled',
      DownloadAllowed: 'Disabled',
      UploadAllowed: 'Disabled',
      PrintAllowed: 'Disabled',
    });
    for (const stack of templates.keys()) {
      if (stack === 'ShiojiriMyNumberZone') continue;
      expect({ stack, fleets: ofType(stack, 'AWS::AppStream::Fleet').length }).toEqual({ stack, fleets: 0 });
    }
    const archivePolicies = JSON.stringify(ofType('NaganoLogArchive', 'AWS::S3::BucketPolicy'));
    expect(archivePolicies).toContain('arn:aws:iam::666666666666:role/lgsec-browser-log-delivery');
    expect(archivePolicies).toContain('/workspaces-web/*');
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'lgsec-report.json'), 'utf8'));
    expect(
      (report.inventory.remoteSessions as { kind: string; zone: string; openPaths: string[] }[]).map((s) => [s.kind, s.zone, s.openPaths]),
    ).toEqual([
      ['workspaces-web-portal', 'internet', []],
      ['appstream-stack', 'mynumber', []],
    ]);
  });

  test("puts the log archive, security cloud, guardrails and each of Shiojiri's zones in its own account", () => {
    const { accounts, templates } = readAssembly(outdir);
    expect(Object.fromEntries(accounts)).toEqual({
      NaganoOrganizationGuardrails: '111111111111',
      NaganoOrganizationAudit: '111111111111',
      NaganoOrganizationAuditOsaka: '111111111111',
      NaganoLogArchive: '222222222222',
      NaganoLogArchiveOsaka: '222222222222',
      NaganoSecurityCloud: '333333333333',
      NaganoSecurityCloudOsaka: '333333333333',
      NaganoSecurityAudit: '999999999999',
      NaganoSecurityAuditOsaka: '999999999999',
      ShiojiriMyNumberZone: '444444444444',
      ShiojiriMyNumberOsaka: '444444444444',
      ShiojiriLgwanZone: '555555555555',
      ShiojiriReplicas: '555555555555',
      ShiojiriInternetZone: '666666666666',
      ShiojiriInternetOsaka: '666666666666',
    });
    const vpcs = Object.values(templates.get('ShiojiriMyNumberZone')!.Resources!).filter((r) => r.Type === 'AWS::EC2::VPC');
    expect(vpcs.map((v) => v.Properties!['CidrBlock'])).toEqual(['10.110.0.0/16']);
  });

  test('one organization trail records every account; every account and region records its configuration and forwards its guardrail events', () => {
    const { accounts, templates } = readAssembly(outdir);
    const resources = (stack: string) => Object.values(templates.get(stack)!.Resources!);
    const trails = [...templates.keys()].flatMap((stack) => resources(stack).filter((r) => r.Type === 'AWS::CloudTrail::Trail'));
    expect(trails).toHaveLength(1);
    expect(trails[0].Properties).toMatchObject({
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      S3BucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
      KMSKeyId: 'arn:aws:kms:ap-northeast-1:222222222222:key/00000000-0000-4000-8000-000000000000',
    });
    // Every account, in both regions, has one recorder; global resources are recorded in Tokyo only.
    const recorders = new Map<string, boolean[]>();
    for (const [stack, template] of templates) {
      if (stack === 'NaganoOrganizationGuardrails') continue;
      const recorder = Object.values(template.Resources!).filter((r) => r.Type === 'AWS::Config::ConfigurationRecorder');
      expect({ stack, recorders: recorder.length }).toEqual({ stack, recorders: 1 });
      const key = accounts.get(stack)!;
      recorders.set(key, [
        ...(recorders.get(key) ?? []),
        (recorder[0].Properties!['RecordingGroup'] as Record<string, boolean>).IncludeGlobalResourceTypes,
      ]);
    }
    expect(recorders.size).toBe(7);
    for (const flags of recorders.values()) expect(flags.sort()).toEqual([false, true]);
    // Guardrail events reach the security account's bus from every other stack's forwarder.
    const hubBus = ':events:ap-northeast-1:999999999999:event-bus/lgsec-security-events';
    for (const stack of templates.keys()) {
      if (['NaganoOrganizationGuardrails', 'NaganoSecurityAudit'].includes(stack)) continue;
      const targets = Object.entries(templates.get(stack)!.Resources!)
        .filter(([id, r]) => r.Type === 'AWS::Events::Rule' && id.startsWith('SecurityEvents'))
        .map(([, r]) => r)
        .flatMap((r) => r.Properties!['Targets'] as { Arn: unknown }[]);
      const forwards = targets.length > 0 && targets.every((t) => JSON.stringify(t.Arn).includes(hubBus));
      expect({ stack, forwards }).toEqual({ stack, forwards: true });
    }
    expect(resources('NaganoSecurityAudit').some((r) => r.Type === 'AWS::Config::ConfigurationAggregator')).toBe(true);
    const packs = [...templates.keys()].flatMap((stack) =>
      resources(stack).filter((r) => r.Type === 'AWS::Config::OrganizationConformancePack'),
    );
    expect(packs).toHaveLength(2);
  });

  test('no Fn::ImportValue or Fn::GetStackOutput refers to a stack in another account', () => {
    expect(crossAccountReferences(outdir)).toEqual([]);
  });

  test('builds the sanitizing transfer across the LGWAN and internet accounts, each naming the other by ids (7.3.b)', () => {
    const { templates } = readAssembly(outdir);
    const lgwan = Object.values(templates.get('ShiojiriLgwanZone')!.Resources!);
    const internet = templates.get('ShiojiriInternetZone')!;
    const inbox = 'lgsec-inbox-main-555555555555-ap-northeast-1';
    expect(lgwan.filter((r) => r.Type === 'AWS::S3::Bucket').map((r) => r.Properties!['BucketName'])).toContain(inbox);
    expect(
      lgwan.some((r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties!['Description']).includes('SanitizingTransfer')),
    ).toBe(true);
    type Statement = { Sid?: string; Principal?: unknown; Condition?: Record<string, Record<string, unknown>>; Resource?: unknown };
    const statementsOf = (resources: { Type: string; Properties?: Record<string, unknown> }[], type: string) =>
      resources.filter((r) => r.Type === type).flatMap((r) => (r.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement);
    const allow = statementsOf(lgwan, 'AWS::S3::BucketPolicy').find((s) => s.Sid === 'TheInternetAccountsWriterWrites')!;
    expect(JSON.stringify(allow.Principal)).toContain(':iam::666666666666:role/lgsec-transfer-writer-main');
    expect(allow.Condition!['StringEquals']).toEqual({ 'aws:SourceVpce': 'vpce-0123456789abcdef0' });
    const internetResources = Object.values(internet.Resources!);
    expect(internetResources.some((r) => r.Type === 'AWS::IAM::Role' && r.Properties!['RoleName'] === 'lgsec-transfer-writer-main')).toBe(
      true,
    );
    const endpoint = statementsOf(internetResources, 'AWS::EC2::VPCEndpoint').find((s) => s.Sid === 'WriterReachesInboxmain')!;
    expect(JSON.stringify(endpoint.Resource)).toContain(`:s3:::${inbox}/*`);
    // The endpoint id reaches the LGWAN account by context, not by an export.
    expect(internet.Outputs!['TransferS3EndpointId']).toBeDefined();
    expect(internet.Outputs!['TransferS3EndpointId'].Export).toBeUndefined();
  });

  test('zone accounts name the log archive and the security cloud by their ids', () => {
    const { templates } = readAssembly(outdir);
    const internet = Object.values(templates.get('ShiojiriInternetZone')!.Resources!);
    expect(internet.find((r) => r.Type === 'AWS::EC2::TransitGatewayVpcAttachment')!.Properties!['TransitGatewayId']).toBe(
      'tgw-0123456789abcdef0',
    );
    expect(JSON.stringify(internet.find((r) => r.Type === 'AWS::EC2::FlowLog')!.Properties!['LogDestination'])).toContain(
      ':s3:::lgsec-log-archive-222222222222-ap-northeast-1/vpc-flow-logs/shiojiri/internet/',
    );
    const archive = Object.values(templates.get('NaganoLogArchive')!.Resources!);
    const bucketPolicy = JSON.stringify(archive.filter((r) => r.Type === 'AWS::S3::BucketPolicy').map((r) => r.Properties));
    for (const account of ['111111111111', '333333333333', '444444444444', '555555555555', '666666666666', '999999999999'])
      expect(bucketPolicy).toContain(`AWSLogs/${account}/`);
    // The organization trail is admitted by its ARN; no account's own trail is.
    expect(bucketPolicy).toContain('cloudtrail/AWSLogs/o-a1b2c3d4e5/*');
    expect(bucketPolicy).toContain(':cloudtrail:ap-northeast-1:111111111111:trail/lgsec-organization-trail');
    expect(bucketPolicy).not.toContain(':trail/*');
  });

  test('the organization guardrails: at most five SCPs and RCPs per target (full-access counted), each under the size quota', () => {
    const { templates } = readAssembly(outdir);
    const resources = Object.values(templates.get('NaganoOrganizationGuardrails')!.Resources!);
    const policies = resources.filter((r) => r.Type === 'AWS::Organizations::Policy');
    expect(policies.map((p) => p.Properties!['Type']).sort()).toEqual([
      ...Array(4).fill('RESOURCE_CONTROL_POLICY'),
      ...Array(5).fill('SERVICE_CONTROL_POLICY'),
    ]);
    const perTarget = new Map<string, number>();
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties!['Content']).length).toBeLessThanOrEqual(MAX_GUARDRAIL_POLICY_CHARACTERS);
      for (const target of policy.Properties!['TargetIds'] as string[]) {
        const key = `${target} ${String(policy.Properties!['Type'])}`;
        perTarget.set(key, (perTarget.get(key) ?? 0) + 1);
      }
    }
    // The zone, shared-services and deployment OUs, each with both kinds.
    expect(perTarget.size).toBe(10);
    for (const [key, count] of perTarget) expect({ key, withFullAccess: count + 1 <= 5 }).toEqual({ key, withFullAccess: true });
    // The roles the guardrails exempt come from StackSets of the management account, nowhere else.
    expect(resources.filter((r) => r.Type === 'AWS::CloudFormation::StackSet').map((r) => r.Properties!['StackSetName'])).toEqual([
      'lgsec-break-glass',
      'lgsec-cdk-bootstrap',
      'lgsec-cdk-bootstrap-pipeline',
    ]);
    const bootstrapped = run.results.filter(
      (r) => r.ruleId.startsWith('LGSEC-BOOTSTRAP-') && r.template === 'NaganoOrganizationGuardrails' && r.status !== 'not-applicable',
    );
    expect(bootstrapped.map((r) => `${r.ruleId} ${r.status}`).sort()).toEqual([
      'LGSEC-BOOTSTRAP-EXECUTION-POLICY compliant',
      'LGSEC-BOOTSTRAP-LOOKUP-NO-DATA compliant',
      'LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY compliant',
      'LGSEC-BOOTSTRAP-TRUST compliant',
    ]);
  });

  test('has zero policy findings, no AwsSolutions finding and no CloudFormation schema warning', () => {
    expectCleanSynth(run, outdir);
  });

  test('the auditor report lists the accounts per zone and the guardrails, with no IAM-only warning', () => {
    for (const file of ['lgsec-report.html', 'lgsec-report.md', 'lgsec-report.json', 'lgsec-results.json']) {
      expect(fs.existsSync(path.join(outdir, file))).toBe(true);
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'lgsec-report.json'), 'utf8'));
    expect(report.inventory.separation).toEqual({ kind: 'accounts' });
    expect(report.inventory.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          account: '444444444444',
          zones: ['mynumber'],
          guardrails: expect.arrayContaining(['lgsec-mynumber-closed-network', 'lgsec-mynumber-data-perimeter']),
        }),
        expect.objectContaining({ account: '555555555555', zones: ['lgwan'] }),
      ]),
    );
    // Nine organization policies and the three StackSets that put the break-glass role and the deployment path in every account.
    expect((report.inventory.guardrails as { name: string }[]).map((g) => g.name).sort()).toEqual([
      'lgsec-audit-integrity',
      'lgsec-baseline',
      'lgsec-break-glass',
      'lgsec-cdk-bootstrap',
      'lgsec-cdk-bootstrap-pipeline',
      'lgsec-data-perimeter',
      'lgsec-internet-data-perimeter',
      'lgsec-internet-via-security-cloud',
      'lgsec-lgwan-closed-network',
      'lgsec-lgwan-data-perimeter',
      'lgsec-mynumber-closed-network',
      'lgsec-mynumber-data-perimeter',
    ]);
    expect(fs.readFileSync(path.join(outdir, 'lgsec-report.html'), 'utf8')).toContain('lgsec-baseline');
    // The organization conformance packs of both regions, each of their rules mapped to clauses.
    const packs = report.inventory.continuousCompliance.conformancePacks as { scope: string; region: string; rules: string[] }[];
    expect(packs.map((p) => `${p.scope} ${p.region}`).sort()).toEqual(['organization ap-northeast-1', 'organization ap-northeast-3']);
    const rules = report.inventory.continuousCompliance.configRules as { name: string; clauses: string[] }[];
    expect(rules.length).toBeGreaterThan(40);
    expect(rules.filter((rule) => rule.clauses.length === 0)).toEqual([]);
  });
});

describe('reference environment, government-cloud layout: My Number and LGWAN in Government Cloud accounts', () => {
  const GOVERNMENT_CLOUD = { myNumber: '210987654321', lgwan: '310987654321' };
  let outdir: string;
  let run: CheckRun;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-ref-gc-'));
    const app = new App({
      outdir,
      context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', 'lgsec:layout': 'government-cloud' },
    });
    const environment = buildReferenceEnvironment(app);
    expect(environment.layout).toBe('government-cloud');
    const lgsec = addPolicyChecks(app);
    app.synth();
    run = lgsec.lastRun!;
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const resourcesOf = (templates: Map<string, Template>, stack: string) => Object.values(templates.get(stack)!.Resources!);
  const governmentStacks = (accounts: Map<string, string>) =>
    [...accounts].filter(([, account]) => Object.values(GOVERNMENT_CLOUD).includes(account)).map(([stack]) => stack);

  test("puts My Number and LGWAN in the Government Cloud accounts, everything else in the prefecture's accounts", () => {
    const { accounts } = readAssembly(outdir);
    expect(Object.fromEntries(accounts)).toEqual({
      NaganoOrganizationGuardrails: '111111111111',
      NaganoOrganizationAudit: '111111111111',
      NaganoOrganizationAuditOsaka: '111111111111',
      NaganoLogArchive: '222222222222',
      NaganoLogArchiveOsaka: '222222222222',
      NaganoSecurityCloud: '333333333333',
      NaganoSecurityCloudOsaka: '333333333333',
      NaganoSecurityAudit: '999999999999',
      NaganoSecurityAuditOsaka: '999999999999',
      ShiojiriMyNumberGuardrails: GOVERNMENT_CLOUD.myNumber,
      ShiojiriMyNumberZone: GOVERNMENT_CLOUD.myNumber,
      ShiojiriMyNumberOsaka: GOVERNMENT_CLOUD.myNumber,
      ShiojiriLgwanGuardrails: GOVERNMENT_CLOUD.lgwan,
      ShiojiriLgwanZone: GOVERNMENT_CLOUD.lgwan,
      ShiojiriReplicas: GOVERNMENT_CLOUD.lgwan,
      ShiojiriInternetZone: '666666666666',
      ShiojiriInternetOsaka: '666666666666',
    });
    expect(crossAccountReferences(outdir)).toEqual([]);
  });

  test('each Government Cloud account carries the guardrails as IAM, and every role of its stacks the boundary', () => {
    const { accounts, templates } = readAssembly(outdir);
    for (const [stack, zone] of [
      ['ShiojiriMyNumberGuardrails', 'mynumber'],
      ['ShiojiriLgwanGuardrails', 'lgwan'],
    ]) {
      const template = templates.get(stack)!;
      const policies = Object.values(template.Resources!).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');
      expect(policies.map((p) => p.Properties!['ManagedPolicyName']).sort()).toEqual([
        'lgsec-account-audit-integrity',
        'lgsec-account-baseline',
        'lgsec-account-boundary',
        `lgsec-account-${zone}-closed-network`,
      ]);
      // The administrators' role comes from IAM Identity Center: the policies are attached to nothing here.
      expect(policies.every((p) => p.Properties!['Roles'] === undefined)).toBe(true);
      expect(Object.keys((template as { Outputs?: object }).Outputs ?? {})).toEqual(['GuardrailPolicyNames', 'PermissionsBoundaryName']);
    }
    // The guardrails are deployed before the bootstrap that names their boundary: with the administrator's own credentials.
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { properties?: { assumeRoleArn?: string; requiresBootstrapStackVersion?: number } }>;
    };
    const deployment = (stack: string) => manifest.artifacts[stack].properties ?? {};
    for (const stack of ['ShiojiriMyNumberGuardrails', 'ShiojiriLgwanGuardrails']) {
      expect(deployment(stack).assumeRoleArn).toBeUndefined();
      expect(deployment(stack).requiresBootstrapStackVersion).toBeUndefined();
    }
    expect(deployment('ShiojiriMyNumberZone').assumeRoleArn).toContain('cdk-hnb659fds-deploy-role');
    for (const stack of governmentStacks(accounts)) {
      const account = accounts.get(stack)!;
      for (const role of resourcesOf(templates, stack).filter((r) => r.Type === 'AWS::IAM::Role')) {
        expect({ stack, boundary: JSON.stringify(role.Properties!['PermissionsBoundary']) }).toEqual({
          stack,
          boundary: expect.stringContaining(`:iam::${account}:policy/lgsec-account-boundary`),
        });
      }
    }
  });

  test('no organization policy or StackSet of the prefecture targets the Government Cloud accounts or their zones', () => {
    const { templates } = readAssembly(outdir);
    const organization = [...templates.values()].flatMap((t) =>
      Object.values(t.Resources!).filter((r) => r.Type.startsWith('AWS::Organizations::') || r.Type === 'AWS::CloudFormation::StackSet'),
    );
    expect(organization.length).toBeGreaterThan(0);
    const targets = JSON.stringify(organization.map((r) => [r.Properties!['TargetIds'], r.Properties!['StackInstancesGroup']]));
    for (const target of [...Object.values(GOVERNMENT_CLOUD), 'ou-a1b2-11111111', 'ou-a1b2-22222222']) {
      expect(targets).not.toContain(target);
    }
    expect(targets).toContain('ou-a1b2-33333333');
    const text = JSON.stringify(organization);
    expect(text).not.toMatch(/lgsec:guardrail-zones","Value":"[^"]*(mynumber|lgwan)/);
    // The shared services' perimeter lets services deliver for the Government Cloud accounts (their logs into the archive).
    const perimeter = organization.find((r) => r.Properties!['Name'] === 'lgsec-data-perimeter')!;
    expect(JSON.stringify(perimeter.Properties!['Content'])).toContain(
      `"aws:SourceAccount":["${GOVERNMENT_CLOUD.myNumber}","${GOVERNMENT_CLOUD.lgwan}"]`,
    );
  });

  test('each Government Cloud account has its own trail, Config in both regions, conformance packs and forwarders to the hub', () => {
    const { accounts, templates } = readAssembly(outdir);
    const ofType = (stack: string, type: string) => resourcesOf(templates, stack).filter((r) => r.Type === type);
    const trails = [...templates.keys()].flatMap((stack) => ofType(stack, 'AWS::CloudTrail::Trail').map((trail) => ({ stack, trail })));
    expect(trails.map(({ stack }) => stack).sort()).toEqual(['NaganoOrganizationAudit', 'ShiojiriLgwanZone', 'ShiojiriMyNumberZone']);
    for (const { stack, trail } of trails.filter(({ stack }) => stack.startsWith('Shiojiri'))) {
      expect(trail.Properties!['IsOrganizationTrail']).toBeUndefined();
      expect(trail.Properties).toMatchObject({
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        S3BucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
      });
      expect({ stack, dataEvents: JSON.stringify(trail.Properties!['EventSelectors']).includes('AWS::S3::Object') }).toEqual({
        stack,
        dataEvents: true,
      });
    }
    const hubBus = ':events:ap-northeast-1:999999999999:event-bus/lgsec-security-events';
    const recorded = new Map<string, boolean[]>();
    for (const stack of governmentStacks(accounts).filter((s) => !s.endsWith('Guardrails'))) {
      const recorders = ofType(stack, 'AWS::Config::ConfigurationRecorder');
      expect({ stack, recorders: recorders.length }).toEqual({ stack, recorders: 1 });
      // Through AWS Config's service-linked role, which the account's workload boundary does not bind.
      expect(JSON.stringify(recorders[0].Properties!['RoleARN'])).toContain(
        ':role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      );
      const account = accounts.get(stack)!;
      recorded.set(account, [
        ...(recorded.get(account) ?? []),
        (recorders[0].Properties!['RecordingGroup'] as Record<string, boolean>).IncludeGlobalResourceTypes,
      ]);
      // No organization aggregator reaches them: each authorizes the security account's.
      expect(ofType(stack, 'AWS::Config::AggregationAuthorization').map((r) => r.Properties)).toEqual([
        { AuthorizedAccountId: '999999999999', AuthorizedAwsRegion: 'ap-northeast-1' },
      ]);
      expect({ stack, packs: ofType(stack, 'AWS::Config::ConformancePack').length }).toEqual({ stack, packs: 1 });
      const targets = Object.entries(templates.get(stack)!.Resources!)
        .filter(([id, r]) => r.Type === 'AWS::Events::Rule' && id.startsWith('SecurityEvents'))
        .flatMap(([, r]) => r.Properties!['Targets'] as { Arn: unknown }[]);
      expect({ stack, forwards: targets.length > 0 && targets.every((t) => JSON.stringify(t.Arn).includes(hubBus)) }).toEqual({
        stack,
        forwards: true,
      });
    }
    expect(recorded.size).toBe(2);
    for (const flags of recorded.values()) expect(flags.sort()).toEqual([false, true]);
    expect(
      ofType('NaganoSecurityAudit', 'AWS::Config::ConfigurationAggregator').map((r) => r.Properties!['AccountAggregationSources']),
    ).toContainEqual([
      { AccountIds: Object.values(GOVERNMENT_CLOUD), AwsRegions: ['ap-northeast-1', 'ap-northeast-3'], AllAwsRegions: false },
    ]);
  });

  test('the archive and the hub admit the Government Cloud accounts by id; no other account has a trail of its own admitted', () => {
    const { templates } = readAssembly(outdir);
    const archivePolicy = JSON.stringify(
      resourcesOf(templates, 'NaganoLogArchive')
        .filter((r) => r.Type === 'AWS::S3::BucketPolicy' || r.Type === 'AWS::KMS::Key')
        .map((r) => r.Properties),
    );
    for (const account of Object.values(GOVERNMENT_CLOUD)) {
      expect(archivePolicy).toContain(`"CloudTrailDelivers${account}"`);
      expect(archivePolicy).toContain(`"ConfigDelivers${account}"`);
    }
    expect(archivePolicy.match(/"CloudTrailDelivers\d+"/g)!.sort()).toEqual([
      `"CloudTrailDelivers${GOVERNMENT_CLOUD.myNumber}"`,
      `"CloudTrailDelivers${GOVERNMENT_CLOUD.lgwan}"`,
    ]);
    const hubPolicies = JSON.stringify(
      resourcesOf(templates, 'NaganoSecurityAudit')
        .filter((r) => r.Type === 'AWS::Events::EventBusPolicy')
        .map((r) => r.Properties),
    );
    for (const account of Object.values(GOVERNMENT_CLOUD)) expect(hubPolicies).toContain(`:iam::${account}:root`);
    expect(hubPolicies).toContain('"aws:PrincipalOrgID":"o-a1b2c3d4e5"');
  });

  test('the sanitizing transfer crosses the two organizations, each side naming the other by ids (7.3.b)', () => {
    const { templates } = readAssembly(outdir);
    const inbox = `lgsec-inbox-main-${GOVERNMENT_CLOUD.lgwan}-ap-northeast-1`;
    const lgwan = resourcesOf(templates, 'ShiojiriLgwanZone');
    expect(lgwan.filter((r) => r.Type === 'AWS::S3::Bucket').map((r) => r.Properties!['BucketName'])).toContain(inbox);
    expect(JSON.stringify(lgwan.filter((r) => r.Type === 'AWS::S3::BucketPolicy'))).toContain(
      ':iam::666666666666:role/lgsec-transfer-writer-main',
    );
    expect(JSON.stringify(resourcesOf(templates, 'ShiojiriInternetZone'))).toContain(`:s3:::${inbox}/*`);
  });

  test('has zero policy findings, no AwsSolutions finding and no CloudFormation schema warning', () => {
    expectCleanSynth(run, outdir);
  });

  test("the auditor report: the Government Cloud accounts' guardrails are enforced by the account, the others' by the organization", () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'lgsec-report.json'), 'utf8')) as {
      inventory: {
        separation: unknown;
        accounts: { account: string; zones: string[]; guardrails: string[] }[];
        guardrails: { name: string; template: string; enforcedBy: string; zones: string[] }[];
      };
    };
    expect(report.inventory.separation).toEqual({ kind: 'accounts' });
    const enforcement = new Map(report.inventory.guardrails.map((g) => [g.name, g.enforcedBy]));
    for (const [account, zone] of [
      [GOVERNMENT_CLOUD.myNumber, 'mynumber'],
      [GOVERNMENT_CLOUD.lgwan, 'lgwan'],
    ]) {
      const entry = report.inventory.accounts.find((a) => a.account === account)!;
      expect(entry.zones).toEqual([zone]);
      expect(entry.guardrails).toEqual([
        'lgsec-account-audit-integrity',
        'lgsec-account-baseline',
        'lgsec-account-boundary',
        `lgsec-account-${zone}-closed-network`,
      ]);
      for (const name of entry.guardrails) expect({ name, enforcedBy: enforcement.get(name) }).toEqual({ name, enforcedBy: 'account' });
    }
    const internet = report.inventory.accounts.find((a) => a.account === '666666666666')!;
    for (const name of internet.guardrails)
      expect({ name, enforcedBy: enforcement.get(name) }).toEqual({ name, enforcedBy: 'organization' });
  });
});

describe('reference environment, single-account lab layout', () => {
  test('synthesizes every stack in one account, with the Fn::ImportValue wiring a single account allows', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-ref-single-'));
    try {
      const app = new App({ outdir, context: { 'lgsec:layout': 'single-account', 'lgsec:accounts:single': '123456789012' } });
      const environment = buildReferenceEnvironment(app);
      expect(environment.layout).toBe('single-account');
      expect(environment.shiojiri.transfer).toBeDefined();
      app.synth();
      const { accounts, templates } = readAssembly(outdir);
      expect(new Set(accounts.values())).toEqual(new Set(['123456789012']));
      expect(crossAccountReferences(outdir)).toEqual([]);
      // The account's trail records S3 data events of every C2+ bucket: the classified data, the
      // sanitizing transfer's four buckets and its access logs, the archive and its non-locked bucket.
      const trail = Object.values(templates.get('ShiojiriAuditTrail')!.Resources!).find((r) => r.Type === 'AWS::CloudTrail::Trail')!;
      const selectors = trail.Properties!['EventSelectors'] as { DataResources?: { Values: unknown[] }[] }[];
      expect(selectors.find((selector) => selector.DataResources)!.DataResources![0].Values.length).toBe(10);
      const { audit } = environment;
      for (const bucket of [audit.hub, environment.shiojiri.transfer!.inbox, environment.logArchive.archive]) expect(bucket).toBeDefined();
      expect(audit.conformancePacks.map((pack) => Stack.of(pack).region)).toEqual(['ap-northeast-1', 'ap-northeast-3']);
      expect(audit.recorders.map((recorder) => Stack.of(recorder).region)).toEqual(['ap-northeast-3']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('the cross-account reference scan', () => {
  test("finds an import of another account's export, and passes one within an account", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-scan-'));
    try {
      const app = new App({ outdir });
      const exporter = new Stack(app, 'Exporter', { env: { account: '111111111111', region: 'ap-northeast-1' } });
      new CfnResource(exporter, 'Topic', { type: 'AWS::SNS::Topic' });
      new CfnOutput(exporter, 'Id', { value: 'x', exportName: 'shared-id' });
      for (const [id, account] of [
        ['SameAccount', '111111111111'],
        ['OtherAccount', '222222222222'],
      ]) {
        const importer = new Stack(app, id, { env: { account, region: 'ap-northeast-1' } });
        new CfnResource(importer, 'Topic', { type: 'AWS::SNS::Topic', properties: { DisplayName: Fn.importValue('shared-id') } });
      }
      app.synth();
      expect(crossAccountReferences(outdir)).toEqual(['OtherAccount: Fn::ImportValue "shared-id" → Exporter (111111111111)']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('reference environment context', () => {
  test('CIDRs can be overridden, and bad context is rejected with the fix', () => {
    const app = new App({
      context: { 'lgsec:shiojiri:myNumberCidr': '10.99.0.0/16', 'lgsec:shiojiri:internetS3EndpointId': 'vpce-0abcdef0123456789' },
    });
    const { shiojiri } = buildReferenceEnvironment(app);
    expect(shiojiri.myNumber.cidr).toBe('10.99.0.0/16');
    expect(shiojiri.transfer?.internetZoneS3Endpoint?.vpcEndpointId).toBe('vpce-0abcdef0123456789');
    expect(shiojiri.transferWriter?.inboxBucketName).toBe('lgsec-inbox-main-555555555555-ap-northeast-1');
    const bad = new App({ context: { 'lgsec:shiojiri:lgwanPrefixes': 42 } });
    expect(() => buildReferenceEnvironment(bad)).toThrow(/Context 'lgsec:shiojiri:lgwanPrefixes' must be a list of strings, got 42/);
  });

  test('government-cloud: the zone accounts are given by their Government Cloud keys, and no OU of ours holds them', () => {
    const layout = { 'lgsec:layout': 'government-cloud' };
    expect(() => buildReferenceEnvironment(new App({ context: { ...layout, 'lgsec:accounts:shiojiri:lgwan': '555555555555' } }))).toThrow(
      /set lgsec:accounts:government:lgwan instead of lgsec:accounts:shiojiri:lgwan/,
    );
    expect(() =>
      buildReferenceEnvironment(new App({ context: { ...layout, 'lgsec:accounts:government:myNumber': '666666666666' } })),
    ).toThrow(/The government-cloud layout needs a different account for each zone and shared service; 666666666666 is given twice/);
    expect(() =>
      buildReferenceEnvironment(new App({ context: { ...layout, 'lgsec:organization:myNumberOus': ['ou-a1b2-11111111'] } })),
    ).toThrow(/Context 'lgsec:organization:myNumberOus' is given, but the myNumber zone is in a Government Cloud account/);
    const environment = buildReferenceEnvironment(
      new App({ context: { ...layout, 'lgsec:government:administratorRoleNames': 'GCAS-Administrator' } }),
    );
    expect(environment.accounts?.governmentCloud).toEqual(['210987654321', '310987654321']);
    expect(environment.governmentCloud!.accounts.map((a) => a.guardrails.policyNames.length)).toEqual([3, 3]);
    const roles = environment.governmentCloud!.accounts[0].guardrails.policies.map((p) => p.roles);
    expect(roles).toEqual([['GCAS-Administrator'], ['GCAS-Administrator'], ['GCAS-Administrator']]);
  });

  test('account ids must be 12 digits and different for each zone; the layout must be known', () => {
    expect(() => buildReferenceEnvironment(new App({ context: { 'lgsec:accounts:logArchive': '1234' } }))).toThrow(
      /Context 'lgsec:accounts:logArchive' must be a 12-digit AWS account id, got '1234'/,
    );
    expect(() => buildReferenceEnvironment(new App({ context: { 'lgsec:accounts:shiojiri:lgwan': '444444444444' } }))).toThrow(
      /444444444444 is given twice[\s\S]*lgsec:layout=single-account/,
    );
    expect(() => buildReferenceEnvironment(new App({ context: { 'lgsec:layout': 'one' } }))).toThrow(
      /Context 'lgsec:layout' must be 'multi-account', 'single-account' or 'government-cloud', got 'one'/,
    );
  });
});
