import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { makeTempDir, runCli } from './helpers';

/**
 * An app synthesized without the CDK CLI (`app.synth()` in a script) writes no `aws:cdk:path`
 * into its templates; the construct paths are only in the assembly's stack metadata. lgsec check
 * and lgsec report name the construct all the same, as the report written at synthesis does.
 */
function synthesizeWithoutPathMetadata(): string {
  const outdir = makeTempDir('paths-assembly');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Records', { env: { region: 'ap-northeast-1' } });
  new s3.Bucket(stack, 'Ledger');
  app.synth();
  const template = fs.readFileSync(path.join(outdir, 'Records.template.json'), 'utf8');
  // The premise of the test: the template alone does not know the construct.
  expect(template).not.toContain('aws:cdk:path');
  return outdir;
}

test('lgsec check names the construct of a finding from the assembly metadata', async () => {
  const dir = synthesizeWithoutPathMetadata();
  const { stdout } = await runCli(['check', dir]);
  expect(stdout).toMatch(
    /LGSEC-DATA-CLASSIFICATION-TAG\s+Records\/Ledger[0-9A-F]{8} \(AWS::S3::Bucket\)[^\n]*\n\s+Construct: Records\/Ledger\/Resource/,
  );
});

test('lgsec report names the construct of each finding', async () => {
  const dir = synthesizeWithoutPathMetadata();
  const out = makeTempDir('paths-report');
  await runCli(['report', dir, '--out', out]);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'lgsec-report.json'), 'utf8'));
  expect(report.results).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        ruleId: 'LGSEC-DATA-CLASSIFICATION-TAG',
        status: 'non-compliant',
        constructPath: 'Records/Ledger/Resource',
      }),
    ]),
  );
  expect(fs.readFileSync(path.join(out, 'lgsec-report.html'), 'utf8')).toContain('Records/Ledger/Resource');
});
