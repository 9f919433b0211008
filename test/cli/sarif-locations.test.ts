import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { sourceLocationsOf } from '../../lib/cli/formats/source-locations';
import { makeTempDir, runCli } from './helpers';

const REPO = path.join(__dirname, '..', '..');

/** A classified bucket with SSE-S3 (an error), synthesized with CDK's construct stack traces. */
function synthesize(stackTraces: boolean): string {
  const outdir = makeTempDir('sarif-locations');
  const app = new App({
    outdir,
    context: stackTraces ? {} : { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
  const stack = new Stack(app, 'Files', { env: { region: 'ap-northeast-1' } });
  const bucket = new s3.Bucket(stack, 'Shared', { encryption: s3.BucketEncryption.S3_MANAGED }); // BUCKET LINE
  for (const [key, value] of Object.entries({ 'lgsec:confidentiality': '2', 'lgsec:integrity': '1', 'lgsec:availability': '1' }))
    Tags.of(bucket).add(key, value);
  app.synth();
  return outdir;
}

const BUCKET_LINE =
  fs
    .readFileSync(__filename, 'utf-8')
    .split('\n')
    .findIndex((line) => line.endsWith('// BUCKET LINE')) + 1;

interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } };
}

async function sarifOf(dir: string) {
  const { code, stdout } = await runCli(['check', dir, '--format', 'sarif'], { cwd: REPO });
  expect(code).toBe(1);
  return JSON.parse(stdout).runs[0].results as { ruleId: string; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }[];
}

describe('SARIF locations', () => {
  test('a finding is located at the source line that created the construct, the template as a related location', async () => {
    const dir = synthesize(true);
    const results = await sarifOf(dir);
    const cmk = results.find((r) => r.ruleId === 'LGSEC-DATA-CMK-ENCRYPTION')!;
    expect(cmk.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/cli/sarif-locations.test.ts' },
      region: { startLine: BUCKET_LINE, startColumn: expect.any(Number) },
    });
    expect(cmk.relatedLocations?.[0].physicalLocation?.artifactLocation.uri).toBe(`${path.relative(REPO, dir)}/Files.template.json`);
  });

  test('without stack traces in the assembly, the template is the location', async () => {
    const dir = synthesize(false);
    const results = await sarifOf(dir);
    const cmk = results.find((r) => r.ruleId === 'LGSEC-DATA-CMK-ENCRYPTION')!;
    expect(cmk.locations[0].physicalLocation?.artifactLocation.uri).toBe(`${path.relative(REPO, dir)}/Files.template.json`);
    expect(cmk.relatedLocations).toBeUndefined();
  });

  test('frames in node_modules (a construct library) are skipped for the app frame that used the library', () => {
    const dir = makeTempDir('sarif-frames');
    fs.writeFileSync(path.join(dir, 'T.template.json'), '{"Resources":{}}');
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        artifacts: {
          T: {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: 'T.template.json' },
            metadata: {
              '/T/Lib/Bucket/Resource': [
                { type: 'aws:cdk:logicalId', data: 'LibBucket1234' },
                {
                  type: 'aws:cdk:creationStack',
                  data: [
                    '...new Bucket2 in aws-cdk-lib...',
                    'new AuditedBucket (/app/node_modules/lgsec-cdk/dist/lib/storage/audited-bucket.js:80:5)',
                    '<anonymous> (/app/bin/app.ts:9:16)',
                    '...node internals...',
                  ],
                },
              ],
              '/T/Old/Resource': [
                {
                  type: 'aws:cdk:logicalId',
                  data: 'Old5678',
                  trace: [
                    '    at new Stack (/app/node_modules/aws-cdk-lib/core/lib/stack.js:1:1)',
                    '    at Object.<anonymous> (/app/lib/old-stack.js:12:3)',
                  ],
                },
              ],
            },
          },
        },
      }),
    );
    expect([...sourceLocationsOf(path.join(dir, 'T.template.json'))]).toEqual([
      ['LibBucket1234', { file: '/app/bin/app.ts', line: 9, column: 16 }],
      ['Old5678', { file: '/app/lib/old-stack.js', line: 12, column: 3 }],
    ]);
  });
});
