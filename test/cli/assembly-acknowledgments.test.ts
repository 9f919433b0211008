import { App, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { makeTempDir, runCli } from './helpers';

const REASON = 'Server access logs can only be delivered to SSE-S3 buckets, so no customer-managed key is possible here.';

/** A C2 bucket with SSE-S3, acknowledged in code on its L2 construct or on a scope above it. */
function synthesize(acknowledgeOn: 'bucket' | 'scope' | 'stack' | 'none'): string {
  const outdir = makeTempDir('ack-assembly');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Logs', { env: { region: 'ap-northeast-1' } });
  const scope = new Construct(stack, 'Scope');
  const bucket = new s3.Bucket(scope, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, versioned: true });
  for (const [key, value] of Object.entries({ 'lgsec:confidentiality': '2', 'lgsec:integrity': '1', 'lgsec:availability': '1' })) {
    Tags.of(bucket).add(key, value);
  }
  const target = { bucket, scope, stack, none: undefined }[acknowledgeOn];
  if (target) Validations.of(target).acknowledge({ id: 'LGSEC::LGSEC-DATA-CMK-ENCRYPTION', reason: REASON });
  // No LgsecChecks plugin: the acknowledgment lives only in the assembly's construct metadata.
  app.synth();
  return outdir;
}

describe('lgsec check on a cloud assembly synthesized without the pack', () => {
  test.each(['bucket', 'scope', 'stack'] as const)(
    'honours an acknowledgment made in code on the %s, with where it was made',
    async (on) => {
      const dir = synthesize(on);
      const { code, stdout } = await runCli(['check', dir, '--format', 'json']);
      const report = JSON.parse(stdout);
      expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'LGSEC-DATA-CMK-ENCRYPTION')).toEqual([]);
      expect(report.acknowledged).toEqual(
        expect.arrayContaining([expect.objectContaining({ ruleId: 'LGSEC-DATA-CMK-ENCRYPTION', reason: REASON })]),
      );
      expect(code).toBe(report.summary.errors > 0 ? 1 : 0);
    },
  );

  test('without an acknowledgment the same bucket is an error', async () => {
    const dir = synthesize('none');
    const { code, stdout } = await runCli(['check', dir, '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'LGSEC-DATA-CMK-ENCRYPTION', level: 'error' })]),
    );
  });
});
