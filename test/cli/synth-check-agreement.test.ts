import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { makeTempDir, runCli } from './helpers';

/**
 * `cdk synth` with the pack and `lgsec check cdk.out` on the same app: the same findings (as
 * CDK's validation report lists them), the same acknowledgments, the same exit status. The app
 * is a classified bucket with SSE-S3 and acknowledgments made in code in the ways that used to
 * make the two disagree.
 */
interface Variant {
  /** The pack created without the app (`new LgsecChecks()`). */
  readonly withoutApp?: boolean;
  /** Acknowledgments: [on, rule id, reason]. */
  readonly acks: readonly ['bucket' | 'stack' | 'app', string, string][];
}

const GOOD_REASON = 'Shared read-only reference files; SSE-S3 is accepted by the CISO until 2027.';

interface Synthesized {
  readonly dir: string;
  readonly failed: boolean;
  readonly message: string;
  readonly violations: { ruleName: string; description: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  readonly stderr: string;
}

function synthesize(variant: Variant): Synthesized {
  const dir = makeTempDir('agreement');
  const app = new App({ outdir: dir });
  Validations.of(app).addPlugins(variant.withoutApp ? new LgsecChecks() : new LgsecChecks(app));
  const stack = new Stack(app, 'Files', { env: { region: 'ap-northeast-1' } });
  const bucket = new s3.Bucket(stack, 'Shared', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  for (const [key, value] of Object.entries({ 'lgsec:confidentiality': '2', 'lgsec:integrity': '1', 'lgsec:availability': '1' }))
    Tags.of(bucket).add(key, value);
  for (const [on, id, reason] of variant.acks) Validations.of({ bucket, stack, app }[on]).acknowledge({ id, reason });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  let message = '';
  let failed = false;
  try {
    app.synth();
  } catch (error) {
    failed = true;
    message = (error as Error).message;
  } finally {
    message += printed.mock.calls.map((call) => call.join(' ')).join('\n');
    printed.mockRestore();
  }
  const written = stderr.mock.calls.map((call) => String(call[0])).join('');
  stderr.mockRestore();
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf-8'));
  const lgsec = report.pluginReports.find((plugin: { pluginName: string }) => plugin.pluginName === 'LGSEC');
  return { dir, failed, message, violations: lgsec?.violations ?? [], stderr: written };
}

/** `ruleId level constructPath` of every violation CDK reports (after its own acknowledgments). */
function synthFindings(synthesized: Synthesized): string[] {
  return synthesized.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${v.severity} ${c.constructPath}`)).sort();
}

async function check(dir: string) {
  const { code, stdout } = await runCli(['check', dir, '--format', 'json']);
  const json = JSON.parse(stdout);
  const paths = constructPaths(dir);
  const findings = (json.findings as { ruleId: string; level: string; logicalId: string }[])
    .map((f) => `${f.ruleId} ${f.level} ${paths.get(f.logicalId) ?? f.logicalId}`)
    .sort();
  return { code, findings, acknowledged: json.acknowledged as { ruleId: string }[] };
}

/** Logical id → construct path, from the assembly's stack metadata (the template-level finding is the stack's). */
function constructPaths(dir: string): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'));
  const artifact = manifest.artifacts.Files;
  const metadata: Record<string, { type: string; data: unknown }[]> = {
    ...(artifact.metadata ?? {}),
    ...(artifact.additionalMetadataFile ? JSON.parse(fs.readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf-8')) : {}),
  };
  const out = new Map<string, string>([['', 'Files']]);
  for (const [at, entries] of Object.entries(metadata)) {
    const logicalId = entries.find((entry) => entry.type === 'aws:cdk:logicalId');
    if (typeof logicalId?.data === 'string') out.set(logicalId.data, at.replace(/^\//, ''));
  }
  return out;
}

async function expectAgreement(synthesized: Synthesized) {
  const checked = await check(synthesized.dir);
  expect(checked.findings).toEqual(synthFindings(synthesized));
  expect(checked.code).toBe(synthesized.failed ? 1 : 0);
  return checked;
}

describe('synth and lgsec check agree', () => {
  test('synth messages name the policy clauses', () => {
    const synthesized = synthesize({ acks: [] });
    const cmk = synthesized.violations.find((v) => v.ruleName === 'LGSEC-DATA-CMK-ENCRYPTION');
    expect(cmk?.description).toMatch(/^\[7\.2, 7\.6\] A confidentiality 2 or 3 data store is not encrypted/);
    expect(synthesized.message).toMatch(/ERROR \[7\.2, 7\.6\] A confidentiality 2 or 3 data store/);
  });

  test('a placeholder reason hides the finding in neither', async () => {
    const synthesized = synthesize({ acks: [['bucket', 'LGSEC::LGSEC-DATA-CMK-ENCRYPTION', 'n/a']] });
    expect(synthFindings(synthesized)).toEqual(
      expect.arrayContaining([
        'LGSEC-DATA-CMK-ENCRYPTION error Files/Shared/Resource',
        'LGSEC-ACKNOWLEDGMENT-REASON error Files/Shared/Resource',
      ]),
    );
    expect(synthesized.failed).toBe(true);
    await expectAgreement(synthesized);
  });

  test('a real reason acknowledges in both', async () => {
    const synthesized = synthesize({
      acks: [
        ['bucket', 'LGSEC::LGSEC-DATA-CMK-ENCRYPTION', GOOD_REASON],
        ['bucket', 'LGSEC::LGSEC-S3-ACCESS-LOGGING', GOOD_REASON],
      ],
    });
    expect(synthFindings(synthesized)).toEqual([]);
    const checked = await expectAgreement(synthesized);
    expect(checked.acknowledged.map((a) => a.ruleId).sort()).toEqual(['LGSEC-DATA-CMK-ENCRYPTION', 'LGSEC-S3-ACCESS-LOGGING']);
  });

  test('an acknowledgment of an unknown rule id is a warning naming the closest id, in both', async () => {
    const synthesized = synthesize({
      acks: [
        ['bucket', 'LGSEC::LGSEC-DATA-CMK-ENCRYPTON', GOOD_REASON],
        ['stack', 'LGSEC-S3-ACCES-LOGGING', GOOD_REASON],
      ],
    });
    const unknown = synthesized.violations.filter((v) => v.ruleName === 'LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE');
    expect(unknown.map((v) => v.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(unknown.map((v) => v.description).join('\n')).toMatch(
      /names LGSEC-DATA-CMK-ENCRYPTON, which is not a rule of the pack; did you mean LGSEC-DATA-CMK-ENCRYPTION/,
    );
    expect(unknown.map((v) => v.description).join('\n')).toMatch(
      /names LGSEC-S3-ACCES-LOGGING, which is not a rule of the pack; did you mean LGSEC-S3-ACCESS-LOGGING/,
    );
    expect(synthFindings(synthesized)).toEqual(expect.arrayContaining(['LGSEC-DATA-CMK-ENCRYPTION error Files/Shared/Resource']));
    await expectAgreement(synthesized);
  });

  test.each([
    ['on the bucket', 'bucket'],
    ['on the stack', 'stack'],
    ['on the app', 'app'],
  ] as const)('the pack created without the app: an acknowledgment %s', async (_label, on) => {
    const synthesized = synthesize({ withoutApp: true, acks: [[on, 'LGSEC::LGSEC-DATA-CMK-ENCRYPTION', GOOD_REASON]] });
    await expectAgreement(synthesized);
    if (on === 'app') {
      // Neither the templates nor the assembly can carry it: not honoured, and synth says why.
      expect(synthFindings(synthesized)).toContain('LGSEC-DATA-CMK-ENCRYPTION error Files/Shared/Resource');
      expect(synthesized.stderr).toMatch(/created without the app.*LGSEC-DATA-CMK-ENCRYPTION at \/.*new LgsecChecks\(app\)/);
    } else {
      expect(synthFindings(synthesized)).not.toContain('LGSEC-DATA-CMK-ENCRYPTION error Files/Shared/Resource');
      expect(synthesized.stderr).toBe('');
    }
  });

  test('with the app, an acknowledgment made on the app is honoured by both', async () => {
    const synthesized = synthesize({ acks: [['app', 'LGSEC::LGSEC-DATA-CMK-ENCRYPTION', GOOD_REASON]] });
    expect(synthFindings(synthesized)).not.toContain('LGSEC-DATA-CMK-ENCRYPTION error Files/Shared/Resource');
    const checked = await expectAgreement(synthesized);
    expect(checked.acknowledged.map((a) => a.ruleId)).toContain('LGSEC-DATA-CMK-ENCRYPTION');
  });
});
