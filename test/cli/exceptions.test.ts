import * as fs from 'fs';
import * as path from 'path';
import { makeTempDir, runCli } from './helpers';

const REASON = 'The key wraps imported key material, which AWS cannot rotate; the key ceremony rotates it every year.';

/** A template whose key's missing rotation is an exception approved until 2027-03-31. */
function writeTemplate(fields: Record<string, string>): string {
  const dir = makeTempDir('exceptions');
  const file = path.join(dir, 'keys.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      Resources: {
        Key: {
          Type: 'AWS::KMS::Key',
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: { EnableKeyRotation: false },
          Metadata: { lgsec: { acknowledgments: [{ id: 'LGSEC-KMS-KEY-ROTATION', reason: REASON, ...fields }] } },
        },
      },
    }),
  );
  return file;
}

/** `acknowledged`, `non-compliant` or undefined (neither) for a rule on the key, from the JSON output. */
function statusOf(stdout: string, ruleId: string): string | undefined {
  const output = JSON.parse(stdout) as {
    findings: { ruleId: string; logicalId: string }[];
    acknowledged: { ruleId: string; logicalId: string }[];
  };
  const on = (list: { ruleId: string; logicalId: string }[]) => list.some((entry) => entry.ruleId === ruleId && entry.logicalId === 'Key');
  return on(output.findings) ? 'non-compliant' : on(output.acknowledged) ? 'acknowledged' : undefined;
}

describe('lgsec check and the exceptions register', () => {
  const fields = { approver: 'CISO', approvedOn: '2026-04-01', expiresOn: '2027-03-31', reference: 'SEC-2026-014' };

  test('--check-date judges expiries: the day after the expiry, the exception is a finding again', async () => {
    const file = writeTemplate(fields);
    const within = await runCli(['check', file, '--format', 'json', '--region', 'ap-northeast-1', '--check-date', '2027-03-31']);
    expect(statusOf(within.stdout, 'LGSEC-KMS-KEY-ROTATION')).toBe('acknowledged');
    expect(JSON.parse(within.stdout).acknowledged).toEqual([
      { ruleId: 'LGSEC-KMS-KEY-ROTATION', template: 'keys.json', logicalId: 'Key', reason: REASON, ...fields },
    ]);
    const after = await runCli(['check', file, '--format', 'json', '--region', 'ap-northeast-1', '--check-date', '2027-04-01']);
    expect(statusOf(after.stdout, 'LGSEC-KMS-KEY-ROTATION')).toBe('non-compliant');
    expect(statusOf(after.stdout, 'LGSEC-ACKNOWLEDGMENT-REASON')).toBe('non-compliant');
    expect(after.code).toBe(1);
  });

  test('--require-exception-fields: an acknowledgment without them is a finding', async () => {
    const file = writeTemplate({});
    const optional = await runCli(['check', file, '--format', 'json', '--region', 'ap-northeast-1']);
    expect(statusOf(optional.stdout, 'LGSEC-KMS-KEY-ROTATION')).toBe('acknowledged');
    const required = await runCli(['check', file, '--format', 'json', '--region', 'ap-northeast-1', '--require-exception-fields']);
    expect(statusOf(required.stdout, 'LGSEC-KMS-KEY-ROTATION')).toBe('non-compliant');
    expect(required.stdout).toContain('the exceptions register requires approver, approvedOn, expiresOn, reference');
  });

  test('a check date that is not a date is a usage error', async () => {
    const run = await runCli(['check', writeTemplate(fields), '--check-date', '2027-02-30']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'2027-02-30' is not a date; write it YYYY-MM-DD");
  });
});
