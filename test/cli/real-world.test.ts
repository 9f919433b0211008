import * as fs from 'fs';
import * as path from 'path';
import type { CheckJsonReport } from '../../lib/cli/formats';
import { CliRun, makeTempDir, runCli } from './helpers';

/**
 * Public templates nobody here wrote (test/fixtures/real-world/SOURCES.md), checked in one run
 * as a user would: every one loads, and SAM and language-extension templates are checked as
 * what CloudFormation deploys.
 */
const REAL_WORLD = path.join(__dirname, '..', 'fixtures', 'real-world');

describe('check of real-world templates', () => {
  let run: CliRun;
  let report: CheckJsonReport;
  beforeAll(async () => {
    const folders = fs
      .readdirSync(REAL_WORLD, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    run = await runCli(['check', ...folders, '--format', 'json', '--region', 'ap-northeast-1'], { cwd: REAL_WORLD });
    report = JSON.parse(run.stdout) as CheckJsonReport;
  });

  test('loads every template (no exit 2) and checks them all', () => {
    expect(report.loadErrors).toEqual([]);
    expect(run.code).toBe(1);
    const files = fs.readdirSync(REAL_WORLD, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(json|ya?ml)$/.test(file));
    expect(report.summary.templates).toBe(files.length);
  });

  test('checks the roles SAM creates: a function allowed * on * is an admin statement', () => {
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        template: 'sam-admin-function.yaml',
        logicalId: 'AdminFunctionRole',
        ruleId: 'LGSEC-IAM-NO-ADMIN-STATEMENT',
        level: 'error',
        resourceType: 'AWS::IAM::Role',
      }),
    );
  });

  test('a SAM simple table is a data store', () => {
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        template: 'sam-admin-function.yaml',
        logicalId: 'Sessions',
        ruleId: 'LGSEC-DATA-CLASSIFICATION-TAG',
        resourceType: 'AWS::DynamoDB::Table',
      }),
    );
  });

  test('follows Fn::GetStackOutput into the producing template checked in the same run', () => {
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        template: 'stack-output-consumer.json',
        logicalId: 'Attach',
        ruleId: 'LGSEC-MYNUMBER-NO-NETWORK-PATH',
        level: 'error',
        message: expect.stringMatching(/in the My Number zone \(VPC Vpc\)/),
      }),
    );
  });

  test('checks the buckets an Fn::ForEach loop creates', () => {
    const buckets = report.findings.filter(
      (finding) => finding.template === 'fn-foreach-s3-outputs.yaml' && finding.resourceType === 'AWS::S3::Bucket',
    );
    expect(new Set(buckets.map((finding) => finding.logicalId))).toEqual(new Set(['S3BucketA', 'S3BucketB', 'S3BucketC']));
  });
});

describe('a Serverless Application Repository app, region-agnostic (aws-sam-cli test data)', () => {
  test('no finding cites a property the SAM expansion wrote (the application ARN names us-east-1)', async () => {
    const run = await runCli(['check', 'aws-sam-cli/aws-serverless-application-with-application-id-map.yaml', '--format', 'json'], {
      cwd: REAL_WORLD,
    });
    const report = JSON.parse(run.stdout) as CheckJsonReport;
    expect(report.loadErrors).toEqual([]);
    expect(report.findings.filter((finding) => finding.logicalId === 'MyApplication')).toEqual([]);
  });
});

describe('check of absurdly nested templates', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('deep');
    const depth = 5000;
    fs.writeFileSync(
      path.join(dir, 'deep.json'),
      `{"Resources":{"T":{"Type":"AWS::SNS::Topic","Metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}}`,
    );
    fs.writeFileSync(
      path.join(dir, 'deep.yaml'),
      `Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    );
    fs.writeFileSync(path.join(dir, 'good.yaml'), 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
  });

  test('refuses each with its file and the limit, and still checks the others', async () => {
    const run = await runCli(['check', 'deep.json', 'deep.yaml', 'good.yaml', '--format', 'json', '--region', 'ap-northeast-1'], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as CheckJsonReport;
    expect(report.loadErrors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^deep\.json: nests deeper than 512 levels \(lgsec's limit/),
      expect.stringMatching(/^deep\.yaml: nests deeper than 512 levels \(lgsec's limit/),
    ]);
    expect(report.summary).toMatchObject({ templates: 1, notLoaded: 2 });
  });
});
