import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { App, CrossStackReferences, ReferenceStrength, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { XMLValidator } from 'fast-xml-parser';
import type { Log } from 'sarif';
import type { CheckJsonReport } from '../../lib/cli/formats';
import { CliRun, FIXTURES, makeTempDir, runCli } from './helpers';

/**
 * `lgsec check` end to end, in-process, with the real rule pack. Each run costs an engine pass
 * per template, so the runs are made once in beforeAll and asserted on by several tests.
 */

const NON_COMPLIANT = 'mynumber-internet-route.yaml';

function json(run: CliRun): CheckJsonReport {
  return JSON.parse(run.stdout) as CheckJsonReport;
}

describe('check', () => {
  let text: CliRun;
  let clean: CliRun;
  let agnostic: CliRun;
  let yamlJson: CliRun;
  let jsonJson: CliRun;
  let assembly: CliRun;
  beforeAll(async () => {
    text = await runCli(['check', NON_COMPLIANT]);
    clean = await runCli(['check', 'compliant.yaml', 'compliant.json', '--region', 'ap-northeast-1']);
    agnostic = await runCli(['check', 'compliant.yaml', '--format', 'json']);
    yamlJson = await runCli(['check', NON_COMPLIANT, '--format', 'json', '--region', 'ap-northeast-1']);
    jsonJson = await runCli(['check', 'mynumber-internet-route.json', '--format', 'json', '--region', 'ap-northeast-1']);
    assembly = await runCli(['check', 'assembly', '--format', 'json']);
  });

  test('exits 1 on an error-level finding and prints it under its clause', () => {
    expect(text.code).toBe(1);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('7.3.a マイナンバー利用事務系 · My Number zone');
    expect(text.stdout).toMatch(
      /✖ error {3}LGSEC-\S+ {2}mynumber-internet-route\.yaml\/PublicRoute \(AWS::EC2::Route\) {2}mynumber-internet-route\.yaml:22/,
    );
    expect(text.stdout).toMatch(/^✖ \d+ errors?, /m);
  });

  test('exits 0 with no finding on compliant templates, JSON and YAML alike', () => {
    expect(clean.stderr).toBe('');
    expect(clean.stdout.trimEnd().split('\n').pop()).toBe('✔ no findings (0 acknowledged) · 2 templates, 4 resources checked');
    expect(clean.code).toBe(0);
  });

  test('exits 0 when there are only warnings: a region-agnostic template without --region', () => {
    const report = json(agnostic);
    expect(agnostic.code).toBe(0);
    expect(report.summary).toMatchObject({ templates: 1, resources: 2, errors: 0 });
    expect(report.summary.warnings).toBeGreaterThan(0);
    expect(report.findings.every((finding) => finding.level === 'warning')).toBe(true);
  });

  test('prints the DESIGN.md JSON shape', () => {
    const report = json(yamlJson);
    expect(yamlJson.code).toBe(1);
    expect(Object.keys(report)).toEqual(['tool', 'findings', 'acknowledged', 'loadErrors', 'loadWarnings', 'summary']);
    expect(report.tool).toEqual({ name: 'lgsec', version: expect.any(String) });
    expect(report.summary).toMatchObject({ templates: 1, resources: 5, acknowledged: 0 });
    expect(report.summary.errors).toBe(report.findings.filter((finding) => finding.level === 'error').length);
    expect(report.findings).toContainEqual({
      ruleId: expect.stringMatching(/^LGSEC-/),
      level: 'error',
      clauses: expect.arrayContaining(['7.3.a']),
      template: NON_COMPLIANT,
      logicalId: 'PublicRoute',
      resourceType: 'AWS::EC2::Route',
      message: expect.stringContaining('Internet Gateway'),
    });
  });

  test('judges the same template in YAML short forms and in JSON the same', () => {
    const findings = (run: CliRun) =>
      json(run).findings.map(({ ruleId, logicalId, level, message }) => ({ ruleId, logicalId, level, message }));
    expect(findings(yamlJson).length).toBeGreaterThan(0);
    expect(findings(yamlJson)).toEqual(findings(jsonJson));
  });

  test('checks every stack of a cloud assembly, with the region of its environment', () => {
    const report = json(assembly);
    expect(assembly.code).toBe(1);
    expect(report.summary.templates).toBe(3);
    const templatesWithFindings = new Set(report.findings.map((finding) => finding.template));
    expect(templatesWithFindings.has('ProdNetwork1A2B3C4D')).toBe(true);
    // AuditStack is deployed to Tokyo: no residency warning; AgnosticStack names no region: a warning.
    expect(templatesWithFindings.has('AuditStack')).toBe(false);
    expect(report.findings.filter((finding) => finding.template === 'AgnosticStack').map((finding) => finding.level)).toEqual(['warning']);
  });
});

describe('check --format sarif and junit', () => {
  let dir: string;
  let sarifRun: CliRun;
  let junitRun: CliRun;
  beforeAll(async () => {
    dir = makeTempDir('check-output');
    fs.copyFileSync(path.join(FIXTURES, NON_COMPLIANT), path.join(dir, 'network.yaml'));
    fs.mkdirSync(path.join(dir, 'reports'));
    sarifRun = await runCli(
      ['check', 'network.yaml', '--format', 'sarif', '--output', 'reports/lgsec.sarif', '--region', 'ap-northeast-1'],
      { cwd: dir },
    );
    junitRun = await runCli(['check', 'network.yaml', '--format', 'junit', '--region', 'ap-northeast-1'], { cwd: dir });
  });

  test('--output writes the whole file and nothing else, with a summary on stderr', () => {
    expect(sarifRun.code).toBe(1);
    expect(sarifRun.stdout).toBe('');
    expect(sarifRun.stderr).toMatch(/^lgsec: \d+ errors?, \d+ warnings?, 0 acknowledged in 1 template; wrote reports\/lgsec\.sarif\n$/);
    expect(fs.readdirSync(path.join(dir, 'reports'))).toEqual(['lgsec.sarif']);
  });

  test('SARIF is schema-valid and locates findings at the resource line', () => {
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'lgsec.sarif'), 'utf-8')) as Log;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ schemaId: 'auto', validateSchema: false });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    const validate = ajv.compile(schema);
    expect(validate(log)).toBe(true);
    const driver = log.runs[0].tool.driver;
    expect(driver.rules?.length).toBeGreaterThan(10);
    for (const rule of driver.rules ?? []) {
      expect(rule.properties?.tags?.length).toBeGreaterThan(1);
      expect(rule.help?.markdown).toContain('**Fix:**');
    }
    // GitHub code scanning rejects a result without an artifact location.
    for (const result of log.runs[0].results ?? []) {
      expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('network.yaml');
    }
    const route = log.runs[0].results?.find(
      (result) => result.locations?.[0].logicalLocations?.[0].name === 'PublicRoute' && result.level === 'error',
    );
    expect(route?.locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: 'network.yaml' }, region: { startLine: 22 } });
    expect(driver.rules?.[route?.ruleIndex ?? -1].id).toBe(route?.ruleId);
  });

  test('JUnit is well-formed with a failure per error finding', () => {
    expect(junitRun.code).toBe(1);
    expect(XMLValidator.validate(junitRun.stdout)).toBe(true);
    expect(junitRun.stdout).toMatch(/<testsuite name="network\.yaml" tests="\d+" failures="[1-9]\d*"/);
    expect(junitRun.stdout).toMatch(
      /<testcase name="LGSEC-\S+ PublicRoute" classname="network\.yaml\.PublicRoute" file="network\.yaml" line="22">\s*<failure/,
    );
  });
});

describe('check acknowledgments', () => {
  test('honours Metadata.lgsec.acknowledgments with a reason, and reports them', async () => {
    const dir = makeTempDir('acknowledged');
    const first = json(
      await runCli(['check', path.join(FIXTURES, NON_COMPLIANT), '--format', 'json', '--region', 'ap-northeast-1'], { cwd: dir }),
    );
    const finding = first.findings.find((candidate) => candidate.logicalId === 'PublicRoute' && candidate.level === 'error');
    expect(finding).toBeDefined();
    const template = fs
      .readFileSync(path.join(FIXTURES, NON_COMPLIANT), 'utf-8')
      .replace(
        '  PublicRoute:\n    Type: AWS::EC2::Route\n',
        `  PublicRoute:\n    Type: AWS::EC2::Route\n    Metadata:\n      lgsec:\n        acknowledgments:\n          - id: ${finding?.ruleId}\n            reason: Temporary route for the migration window approved by the CISO on 2026-11-01, removed in change 4711\n`,
      );
    fs.writeFileSync(path.join(dir, 'acknowledged.yaml'), template);
    const run = await runCli(['check', 'acknowledged.yaml', '--format', 'json', '--region', 'ap-northeast-1'], { cwd: dir });
    const report = json(run);
    expect(report.acknowledged).toContainEqual({
      ruleId: finding?.ruleId,
      template: 'acknowledged.yaml',
      logicalId: 'PublicRoute',
      reason: 'Temporary route for the migration window approved by the CISO on 2026-11-01, removed in change 4711',
    });
    expect(report.findings).not.toContainEqual(expect.objectContaining({ ruleId: finding?.ruleId, logicalId: 'PublicRoute' }));
    expect(report.summary.acknowledged).toBe(1);
  });
});

describe('check on a terminal', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('tty');
    for (let i = 1; i <= 6; i++) {
      fs.copyFileSync(path.join(FIXTURES, 'compliant.json'), path.join(dir, `stack${i}.json`));
    }
  });

  test('colours text on a TTY, never with NO_COLOR, and shows progress for many templates', async () => {
    const tty = await runCli(['check', '.', '--region', 'ap-northeast-1'], { cwd: dir, stdoutTTY: true, stderrTTY: true, env: {} });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain('\u001b[');
    expect(tty.stderr).toContain('\rlgsec: reading template 6: stack6.json\u001b[K');
    expect(tty.stderr).not.toContain('reading template 5');
    expect(tty.stderr).toContain('\rlgsec: checking 6 templates…\u001b[K');
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);

    const noColor = await runCli(['check', 'stack1.json', '--region', 'ap-northeast-1'], {
      cwd: dir,
      stdoutTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain('\u001b[');

    const forced = await runCli(['check', 'stack1.json', '--region', 'ap-northeast-1'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
  });

  test('stays plain in a pipe: no colour, no progress', async () => {
    const piped = await runCli(['check', '.', '--region', 'ap-northeast-1'], { cwd: dir, env: {} });
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stderr).toBe('');
  });
});

describe('check of a template the engine cannot load', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('unloadable');
    fs.writeFileSync(
      path.join(dir, 'dangling.yaml'),
      'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Nowhere\n',
    );
    fs.copyFileSync(path.join(FIXTURES, NON_COMPLIANT), path.join(dir, NON_COMPLIANT));
  });
  const problem =
    /^dangling\.yaml:2: Ref 'Nowhere' not found at Resources\.Topic\.Properties\.TopicName; no resource or parameter has that name$/;

  test('lists it in the text output and still checks the others; exit 2', async () => {
    const run = await runCli(['check', 'dangling.yaml', NON_COMPLIANT], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/Not loaded, so not checked \(1\)\n {2}✖ error {3}dangling\.yaml:2: Ref 'Nowhere' not found/);
    expect(run.stdout).toMatch(/LGSEC-\S+ {2}mynumber-internet-route\.yaml\/PublicRoute/);
    expect(run.stdout).toMatch(/· 1 template, \d+ resources checked · 1 template could not be loaded\n$/);
    expect(run.stderr).toBe('');
  });

  test('lists it in JSON (loadErrors) and JUnit (an errored suite), with one line on stderr', async () => {
    const asJson = await runCli(['check', 'dangling.yaml', NON_COMPLIANT, '--format', 'json'], { cwd: dir });
    expect(asJson.code).toBe(2);
    expect(asJson.stderr).toMatch(/^lgsec: dangling\.yaml:2: Ref 'Nowhere' not found[^\n]*\n$/);
    const report = json(asJson);
    expect(report.loadErrors).toEqual([{ template: 'dangling.yaml', file: 'dangling.yaml', message: expect.stringMatching(problem) }]);
    expect(report.summary).toMatchObject({ templates: 1, notLoaded: 1 });
    expect(report.findings.length).toBeGreaterThan(0);

    const junit = await runCli(['check', 'dangling.yaml', NON_COMPLIANT, '--format', 'junit'], { cwd: dir });
    expect(junit.code).toBe(2);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    expect(junit.stdout).toMatch(/<testsuites name="lgsec" tests="\d+" failures="\d+" errors="1"/);
    expect(junit.stdout).toMatch(/<testsuite name="dangling.yaml" tests="1" failures="0" errors="1" skipped="0" file="dangling.yaml">/);
    expect(junit.stdout).toMatch(/<error message="dangling.yaml:2: Ref &apos;Nowhere&apos; not found/);
  });

  test('lists it in SARIF as a failed invocation with an error notification, schema-valid', async () => {
    const run = await runCli(['check', 'dangling.yaml', NON_COMPLIANT, '--format', 'sarif'], { cwd: dir });
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout) as Log;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ schemaId: 'auto', validateSchema: false });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    expect(ajv.compile(schema)(log)).toBe(true);
    expect(log.runs[0].invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: expect.stringMatching(problem) },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'dangling.yaml' } } }],
          },
        ],
      },
    ]);
    expect(log.runs[0].results?.length).toBeGreaterThan(0);
  });
});

describe('check of a template read on assumptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('assumptions');
    fs.writeFileSync(
      path.join(dir, 'partial.yaml'),
      [
        'Resources:',
        '  Fn::Transform:',
        '    Name: AWS::Include',
        '    Parameters:',
        '      Location: s3://bucket/snippet.yaml',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Type: AWS::SNS::Topic',
        '',
      ].join('\n'),
    );
  });
  const duplicate = /^partial\.yaml:8:5: key 'Type' is written twice in the same mapping \(also at line 7\)/;
  const include = /^partial\.yaml:2: Resources\.Fn::Transform: AWS::Include adds resources from s3:\/\/bucket\/snippet\.yaml at deployment/;

  test('text: lists each under its own heading and never says "no findings" plainly; exit 0', async () => {
    const run = await runCli(['check', 'partial.yaml', '--region', 'ap-northeast-1'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Read on an assumption or not evaluated \(2\)\n {2}⚠ warning partial\.yaml:8:5: key 'Type'/);
    expect(run.stdout).toMatch(/\n {2}⚠ warning partial\.yaml:2: Resources\.Fn::Transform: AWS::Include/);
    expect(run.stdout).not.toMatch(/✔ no findings/);
    expect(run.stdout).toMatch(/· 2 load warnings\n$/);
  });

  test('JSON (loadWarnings) and SARIF (a successful invocation with warning notifications)', async () => {
    const asJson = await runCli(['check', 'partial.yaml', '--format', 'json', '--region', 'ap-northeast-1'], { cwd: dir });
    expect(asJson.code).toBe(0);
    expect(json(asJson).loadWarnings).toEqual([
      { template: 'partial.yaml', file: 'partial.yaml', message: expect.stringMatching(duplicate) },
      { template: 'partial.yaml', file: 'partial.yaml', message: expect.stringMatching(include) },
    ]);
    expect(asJson.stderr).toMatch(/^lgsec: warning: partial\.yaml:8:5: key 'Type'/);

    const sarif = await runCli(['check', 'partial.yaml', '--format', 'sarif', '--region', 'ap-northeast-1'], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as Log;
    expect(log.runs[0].invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [duplicate, include].map((text) => ({
          level: 'warning',
          message: { text: expect.stringMatching(text) },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'partial.yaml' } } }],
        })),
      },
    ]);
  });
});

describe('check of a synthesized cloud assembly', () => {
  test('checks the stacks of the app and of its stages', async () => {
    const outdir = makeTempDir('synth');
    const app = new App({ outdir });
    const tokyo = new Stack(app, 'KeyStack', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    new kms.Key(tokyo, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const prod = new Stage(app, 'Prod', { env: { account: '123456789012', region: 'ap-northeast-3' } });
    const osaka = new Stack(prod, 'Keys');
    new kms.Key(osaka, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    app.synth();

    const run = await runCli(['check', outdir, '--format', 'json'], { cwd: outdir });
    const report = json(run);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Each of aws-cdk-lib's default keys grants kms:* to the account root: a warning, not a failure.
    expect(report.summary).toMatchObject({ templates: 2, resources: 2, errors: 0, warnings: 2 });
    expect(new Set(report.findings.map((f: { ruleId: string }) => f.ruleId))).toEqual(new Set(['LGSEC-KMS-NO-ROOT-FULL-ACCESS']));
  });

  test('checks a stack with no resources as empty', async () => {
    const dir = makeTempDir('empty-stack');
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        version: '48.0.0',
        artifacts: {
          Empty: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://123456789012/ap-northeast-1',
            properties: { templateFile: 'Empty.template.json' },
          },
        },
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'Empty.template.json'),
      JSON.stringify({
        Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
      }),
    );
    const run = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(json(run).summary).toMatchObject({ templates: 1, resources: 0, errors: 0 });
  });
});

describe('check of templates that import from each other', () => {
  test('follows a weak cross-stack reference (Fn::GetStackOutput) of a synthesized app into its producer', async () => {
    const outdir = makeTempDir('weak-refs');
    const app = new App({ outdir });
    CrossStackReferences.of(app).consume(ReferenceStrength.WEAK);
    const env = { account: '123456789012', region: 'ap-northeast-1' };
    const vpc = new ec2.CfnVPC(new Stack(app, 'Network', { env }), 'Vpc', {
      cidrBlock: '10.0.0.0/16',
      tags: [{ key: 'lgsec:zone', value: 'mynumber' }],
    });
    const gateway = new Stack(app, 'Gateway', { env });
    new ec2.CfnVPCGatewayAttachment(gateway, 'Attach', {
      vpcId: vpc.ref,
      internetGatewayId: new ec2.CfnInternetGateway(gateway, 'Igw').ref,
    });
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'Gateway.template.json'), 'utf8')).toContain('Fn::GetStackOutput');

    const run = await runCli(['check', outdir, '--format', 'json'], { cwd: outdir });
    const report = json(run);
    expect(report.loadErrors).toEqual([]);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        template: 'Gateway',
        logicalId: 'Attach',
        ruleId: 'LGSEC-MYNUMBER-NO-NETWORK-PATH',
        level: 'error',
        message: expect.stringMatching(/in the My Number zone/),
      }),
    );
  });

  test('resolves an import against the exports of the templates checked with it', async () => {
    const together = json(await runCli(['check', 'cross-stack', '--format', 'json', '--region', 'ap-northeast-1']));
    expect(together.findings).toContainEqual(
      expect.objectContaining({
        template: 'route.yaml',
        logicalId: 'DefaultRoute',
        ruleId: 'LGSEC-MYNUMBER-NO-NETWORK-PATH',
        level: 'error',
      }),
    );
    // Alone, the route's zone comes from an import nobody exports: the LGWAN rule cannot decide, and
    // the My Number rule stays silent, since nothing checked with it is in the My Number zone.
    const alone = json(await runCli(['check', 'cross-stack/route.yaml', '--format', 'json', '--region', 'ap-northeast-1']));
    expect(alone.findings).toContainEqual(
      expect.objectContaining({
        logicalId: 'DefaultRoute',
        ruleId: 'LGSEC-LGWAN-NO-INTERNET-PATH',
        level: 'warning',
      }),
    );
    expect(alone.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('LGSEC-MYNUMBER-'))).toEqual([]);
  });
});
