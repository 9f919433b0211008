import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, makeTempDir, runCli } from './helpers';

describe('rules', () => {
  test('prints the rule catalogue as Markdown by default', async () => {
    const run = await runCli(['rules']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/LGSEC-/);
    expect(run.stdout).toContain('7.3.a');
  });

  test('prints it as JSON', async () => {
    const run = await runCli(['rules', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(run.stdout).toMatch(/"LGSEC-[A-Z0-9-]+"/);
  });
});

describe('report', () => {
  test('checks and writes the auditor report, exiting 1 on an error-level finding', async () => {
    const dir = makeTempDir('report');
    const run = await runCli(['report', path.join(FIXTURES, 'assembly'), '--out', 'audit', '--format', 'md,json', '--lang', 'en'], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(['audit/lgsec-report.json', 'audit/lgsec-report.md']);
    expect(run.stderr).toMatch(/^lgsec: \d+ errors?, \d+ warnings?, 0 acknowledged in 3 templates; wrote 2 report files to audit\n$/);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'audit', 'lgsec-report.json'), 'utf-8'));
    expect(JSON.stringify(report)).toContain('ProdNetwork1A2B3C4D');
    expect(fs.readFileSync(path.join(dir, 'audit', 'lgsec-report.md'), 'utf-8')).toContain('7.3.a');
  });

  test('exits 0 on compliant templates and fails with one line on a bad baseline', async () => {
    const dir = makeTempDir('report-baseline');
    fs.writeFileSync(path.join(dir, 'baseline.json'), '{"not": "a report"}');
    const clean = await runCli(
      ['report', path.join(FIXTURES, 'assembly', 'AuditStack.template.json'), '--out', 'audit', '--format', 'json'],
      { cwd: dir },
    );
    expect(clean.code).toBe(0);
    const bad = await runCli(['report', path.join(FIXTURES, 'compliant.json'), '--out', 'audit2', '--baseline', 'baseline.json'], {
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')).toEqual([expect.stringMatching(/^lgsec: .*baseline/i), '']);
    expect(fs.existsSync(path.join(dir, 'audit2'))).toBe(false);
  });
});

describe('sanitize', () => {
  test('delivers clean files and exits 1 when one is quarantined', async () => {
    const dir = makeTempDir('sanitize');
    fs.writeFileSync(path.join(dir, 'list.csv'), 'name,ward\n塩尻,大門\n');
    fs.writeFileSync(path.join(dir, 'tool.exe'), Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]));
    const clean = await runCli(['sanitize', 'list.csv', '--out', 'delivered', '--format', 'json'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual([expect.objectContaining({ verdict: 'clean', sha256In: expect.any(String) })]);
    expect(fs.readdirSync(path.join(dir, 'delivered'))).toEqual(['list.csv']);
    const quarantined = await runCli(['sanitize', 'list.csv', 'tool.exe', '--out', 'delivered2'], { cwd: dir });
    expect(quarantined.code).toBe(1);
    expect(quarantined.stdout).toMatch(/quarantined/);
  });

  test('--jobs takes a whole number; anything else is bad usage that names the value', async () => {
    const dir = makeTempDir('sanitize-jobs');
    fs.writeFileSync(path.join(dir, 'list.csv'), 'name,ward\n塩尻,大門\n');
    const two = await runCli(['sanitize', 'list.csv', '--out', 'delivered', '--jobs', '2'], { cwd: dir });
    expect(two.code).toBe(0);
    const bad = await runCli(['sanitize', 'list.csv', '--out', 'delivered', '--jobs', 'many'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--jobs takes a whole number of files at a time \(1 or more\), got 'many'/);
  });
});
