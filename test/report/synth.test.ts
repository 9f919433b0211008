import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TAG_KEYS } from '../../lib/policy/tags';
import { gitCommitAt, ReportInputError, writeSynthReports } from '../../lib/report';
import { readAssemblyStacks } from '../../lib/template/assembly';
import { LgsecChecks } from '../../lib/lgsec-checks';
import type { CheckRun } from '../../rules/results';

/** A real cloud assembly: a top-level stack with an environment and a nested stack, and a stage (nested assembly) without. */
function synthesize(outdir: string): void {
  const app = new App({ outdir });
  const zone = new Stack(app, 'MyNumberZone', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const vpc = new ec2.CfnVPC(zone, 'Vpc', { cidrBlock: '10.10.0.0/16' });
  Tags.of(vpc).add(TAG_KEYS.zone, 'mynumber');
  const endpoints = new NestedStack(zone, 'Endpoints');
  new ec2.CfnVPCEndpoint(endpoints, 'S3', { vpcId: 'vpc-1234', serviceName: 'com.amazonaws.ap-northeast-1.s3' });
  const stage = new Stage(app, 'Osaka');
  const records = new Stack(stage, 'Records');
  new s3.CfnBucket(records, 'Bucket', { tags: [{ key: TAG_KEYS.confidentiality, value: '2' }] });
  app.synth();
}

function run(): CheckRun {
  return {
    tool: { name: 'lgsec', version: '0.1.0' },
    rules: [
      {
        id: 'LGSEC-VPC-ZONE',
        qualifiedId: 'LGSEC::LGSEC-VPC-ZONE',
        level: 'error',
        clauses: ['5.1'],
        area: 'placement',
        cause: 'c',
        explanation: 'e',
        fix: 'f',
        controls: [1],
      },
    ],
    templates: [{ name: 'MyNumberZone', file: 'MyNumberZone.template.json', resources: 1 }],
    results: [
      {
        ruleId: 'LGSEC-VPC-ZONE',
        level: 'error',
        clauses: ['5.1'],
        status: 'compliant',
        template: 'MyNumberZone',
        logicalId: 'Vpc',
        resourceType: 'AWS::EC2::VPC',
        constructPath: 'MyNumberZone/Vpc',
      },
    ],
  };
}

describe('writeSynthReports on a cloud assembly', () => {
  let dir: string;
  let assembly: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-report-synth-'));
    assembly = path.join(dir, 'cdk.out');
    synthesize(assembly);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads the stack templates of the assembly, its nested stacks and its nested assemblies', () => {
    const templates = readAssemblyStacks(assembly)
      .map((stack) => ({ ...stack, file: path.relative(assembly, stack.templateFile) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(templates.map(({ name, region, account, file }) => ({ name, region, account, file }))).toEqual([
      { name: 'MyNumberZone', region: 'ap-northeast-1', account: '111111111111', file: 'MyNumberZone.template.json' },
      // Named by construct path, as the rule pack names nested stacks.
      {
        name: 'MyNumberZone/Endpoints',
        region: 'ap-northeast-1',
        account: '111111111111',
        file: expect.stringMatching(/^MyNumberZoneEndpoints[0-9A-F]+\.nested\.template\.json$/),
      },
      // Stage stacks get a hashed artifact id.
      {
        name: expect.stringMatching(/^OsakaRecords[0-9A-F]{8}$/),
        region: undefined,
        account: undefined,
        file: expect.stringMatching(/^assembly-Osaka\/OsakaRecords[0-9A-F]{8}\.template\.json$/),
      },
    ]);
    const template = (i: number): unknown => JSON.parse(fs.readFileSync(templates[i].templateFile, 'utf8'));
    expect(template(0)).toHaveProperty('Resources.Vpc.Type', 'AWS::EC2::VPC');
    expect(template(1)).toHaveProperty('Resources.S3.Type', 'AWS::EC2::VPCEndpoint');
  });

  test('writes the three report files into the assembly, ja by default and en on request', () => {
    const files = writeSynthReports(run(), assembly);
    expect(files).toEqual(['lgsec-report.html', 'lgsec-report.md', 'lgsec-report.json'].map((name) => path.join(assembly, name)));
    const doc = JSON.parse(fs.readFileSync(files[2], 'utf8'));
    expect(doc).toMatchObject({ lang: 'ja', environment: { regions: ['ap-northeast-1'], accounts: ['111111111111'] } });
    expect(doc.environment.stacks.map((stack: { name: string }) => stack.name)).toEqual([
      'MyNumberZone',
      'MyNumberZone/Endpoints',
      expect.stringMatching(/^OsakaRecords/),
    ]);
    expect(doc.inventory.zones[0]).toEqual({ zone: 'mynumber', vpcs: ['MyNumberZone#Vpc'] });
    expect(doc.inventory.dataStores[0]).toMatchObject({
      template: expect.stringMatching(/^OsakaRecords/),
      logicalId: 'Bucket',
      confidentiality: '2',
    });
    // The commit of the working directory's repository, when there is one (this assembly is outside any).
    expect(doc.gitCommit).toBe(gitCommitAt(process.cwd()));

    writeSynthReports(run(), assembly, { lang: 'en' });
    expect(fs.readFileSync(files[0], 'utf8')).toContain('<html lang="en">');
  });

  test('fails with a clear message on a folder that is not a cloud assembly', () => {
    expect(() => writeSynthReports(run(), path.join(dir, 'missing'))).toThrow(ReportInputError);
    expect(() => writeSynthReports(run(), path.join(dir, 'missing'))).toThrow(
      /Cannot read the cloud assembly manifest .*missing\/manifest\.json/,
    );
  });

  test('gitCommitAt reads the commit of a work tree, and nothing outside one', () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=report@test', '-c', 'user.name=report', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'empty');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    expect(gitCommitAt(repo)).toBe(head);
    expect(gitCommitAt(assembly)).toBeUndefined();
    expect(gitCommitAt(path.join(dir, 'no-such-folder'))).toBeUndefined();
  });
});

describe('the rule pack writes the report at synth', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-report-pack-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the report is written even when an error-level finding fails the synth', () => {
    const outdir = path.join(dir, 'cdk.out');
    const app = new App({ outdir });
    Validations.of(app).addPlugins(
      new LgsecChecks(app, {
        reporter: {
          report: (checked, { assemblyDir }) => {
            writeSynthReports(checked, assemblyDir);
          },
        },
      }),
    );
    const stack = new Stack(app, 'InternetZone', { env: { region: 'ap-northeast-1' } });
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.30.0.0/16' });
    Tags.of(vpc).add(TAG_KEYS.zone, 'internet');
    expect(() => app.synth()).toThrow();
    const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'lgsec-report.json'), 'utf8'));
    expect(doc.summary.errors).toBeGreaterThan(0);
    expect(doc.environment.stacks).toEqual([expect.objectContaining({ name: 'InternetZone', region: 'ap-northeast-1' })]);
    expect(doc.results).toContainEqual(expect.objectContaining({ template: 'InternetZone', logicalId: 'Vpc', status: 'non-compliant' }));
    expect(fs.existsSync(path.join(outdir, 'lgsec-report.html'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'lgsec-report.md'))).toBe(true);
  });
});
