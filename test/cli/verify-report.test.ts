import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { FIXTURES, makeTempDir, runCli } from './helpers';

/** A copy of the fixture cloud assembly and a report of it written into `audit/`, in a fresh folder. */
async function reported(): Promise<{ dir: string; template: string }> {
  const dir = makeTempDir('verify');
  fs.cpSync(path.join(FIXTURES, 'assembly'), path.join(dir, 'cdk.out'), { recursive: true });
  const run = await runCli(['report', 'cdk.out', '--out', 'audit', '--format', 'json,html,md', '--lang', 'en'], { cwd: dir });
  expect(run.code).toBeLessThan(2);
  return { dir, template: path.join(dir, 'cdk.out', 'AuditStack.template.json') };
}

describe('lgsec verify-report', () => {
  test('a report matches the assembly it was written from, as JSON and as HTML', async () => {
    const { dir } = await reported();
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'audit', 'lgsec-report.json'), 'utf8'));
    expect(report.integrity.templates.map((t: { name: string }) => t.name)).toContain('AuditStack');
    expect(
      report.integrity.templates.every((t: { of: string; sha256: string }) => t.of === 'file' && /^[0-9a-f]{64}$/.test(t.sha256)),
    ).toBe(true);
    expect(report.integrity.workingTree).toMatch(/^(clean|dirty|unknown)$/);
    expect(report.integrity.ruleTable).toMatch(/^[0-9a-f]{64}$/);
    for (const file of ['lgsec-report.json', 'lgsec-report.html']) {
      const run = await runCli(['verify-report', `audit/${file}`, '--assembly', 'cdk.out'], { cwd: dir });
      expect(run.stdout).toMatch(/matches: \d+ templates with the recorded SHA-256, and the report is as written/);
      expect(run.code).toBe(0);
    }
  });

  test('a template changed after the report fails verification and is named', async () => {
    const { dir, template } = await reported();
    const parsed = JSON.parse(fs.readFileSync(template, 'utf8'));
    parsed.Resources.Tampered = { Type: 'AWS::S3::Bucket' };
    fs.writeFileSync(template, JSON.stringify(parsed, null, 1));
    for (const file of ['lgsec-report.json', 'lgsec-report.html']) {
      const run = await runCli(['verify-report', `audit/${file}`, '--assembly', 'cdk.out'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /template AuditStack \(cdk\.out\/AuditStack\.template\.json\) differs from the one checked: sha256 [0-9a-f]{64}/,
      );
      expect(run.stdout).not.toContain('altered');
    }
  });

  test('an altered report fails verification: the JSON against its digest, the HTML against its seal', async () => {
    const { dir } = await reported();
    const json = path.join(dir, 'audit', 'lgsec-report.json');
    const doc = JSON.parse(fs.readFileSync(json, 'utf8'));
    doc.summary.errors = 0;
    doc.results = doc.results.map((result: { status: string }) => ({ ...result, status: 'compliant' }));
    fs.writeFileSync(json, JSON.stringify(doc, null, 2));
    const html = path.join(dir, 'audit', 'lgsec-report.html');
    fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace(/<td>/, '<td>edited '));
    for (const file of ['lgsec-report.json', 'lgsec-report.html']) {
      const run = await runCli(['verify-report', `audit/${file}`, '--assembly', 'cdk.out'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('the report was altered after it was written: its digest does not match its content');
    }
  });

  test('templates missing from or added to the inputs are named', async () => {
    const { dir } = await reported();
    const run = await runCli(['verify-report', 'audit/lgsec-report.json', '--templates', path.join(FIXTURES, 'compliant.json')], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('template AuditStack is in the report but not among the templates given');
    expect(run.stdout).toMatch(/template compliant(\.json)? was not checked by the report/);
  });

  test('bad usage and reports without an integrity record exit 2 with a clear message', async () => {
    const { dir } = await reported();
    const none = await runCli(['verify-report', 'audit/lgsec-report.json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--assembly cdk.out or --templates');
    const json = path.join(dir, 'audit', 'lgsec-report.json');
    const old = JSON.parse(fs.readFileSync(json, 'utf8'));
    delete old.integrity;
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(old));
    const legacy = await runCli(['verify-report', 'old.json', '--assembly', 'cdk.out'], { cwd: dir });
    expect(legacy.code).toBe(2);
    expect(legacy.stderr).toContain('has no integrity record');
    const md = await runCli(['verify-report', 'audit/lgsec-report.md', '--assembly', 'cdk.out'], { cwd: dir });
    expect(md.code).toBe(2);
    expect(md.stderr).toContain('neither an lgsec-report.json nor an lgsec-report.html');
  });

  test('the report written at synth verifies against its cloud assembly, and not once a template is edited', async () => {
    const dir = makeTempDir('verify-synth');
    const outdir = path.join(dir, 'cdk.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Handles', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    new CfnResource(stack, 'Handle', { type: 'AWS::CloudFormation::WaitConditionHandle' });
    // A stage's stacks are in a nested assembly.
    const staged = new Stack(new Stage(app, 'Osaka'), 'Handles', { env: { account: '111111111111', region: 'ap-northeast-3' } });
    new CfnResource(staged, 'Handle', { type: 'AWS::CloudFormation::WaitConditionHandle' });
    Validations.of(app).addPlugins(new LgsecChecks(app));
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'lgsec-report.json'), 'utf8'));
    expect(report.integrity.templates).toContainEqual({
      name: 'Handles',
      file: 'Handles.template.json',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      of: 'file',
    });
    expect(report.integrity.templates).toHaveLength(2);
    const ok = await runCli(['verify-report', 'cdk.out/lgsec-report.html', '--assembly', 'cdk.out'], { cwd: dir });
    expect(ok.code).toBe(0);
    fs.appendFileSync(path.join(outdir, 'Handles.template.json'), '\n');
    const edited = await runCli(['verify-report', 'cdk.out/lgsec-report.json', '--assembly', 'cdk.out'], { cwd: dir });
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('template Handles (cdk.out/Handles.template.json) differs from the one checked');
  });

  test('the help documents the exit codes', async () => {
    const run = await runCli(['verify-report', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes: 0 the report matches, 1 a template differs');
  });
});
