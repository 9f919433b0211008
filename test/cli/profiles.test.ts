import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, makeTempDir, runCli } from './helpers';

describe('--profile', () => {
  test('check: findings are grouped under the profile’s numbers and titles', async () => {
    const shiojiri = await runCli(['check', 'mynumber-internet-route.json']);
    const model = await runCli(['check', 'mynumber-internet-route.json', '--profile', 'guideline-model']);
    expect(shiojiri.code).toBe(1);
    expect(model.code).toBe(1);
    expect(shiojiri.stdout).toContain('7.3.a マイナンバー利用事務系 · My Number zone');
    expect(model.stdout).toContain(
      '対策基準 4(1) 情報システム全体の強靭性の向上：マイナンバー利用事務系 · Resilience of the whole system: My Number zone',
    );
    expect(model.stdout).not.toContain('7.3.a マイナンバー利用事務系');
  });

  test('check --format sarif: rule help names the profile’s policy and numbers', async () => {
    const run = await runCli(['check', 'mynumber-internet-route.json', '--format', 'sarif', '--profile=guideline-model']);
    const help = JSON.parse(run.stdout)
      .runs[0].tool.driver.rules.map((rule: { help: { text: string } }) => rule.help.text)
      .join('\n');
    expect(help).toContain('Policy clauses (Information Security Policy (model policy of the MIC guideline)): 対策基準 4(1)');
    expect(help).not.toMatch(/Shiojiri/);
  });

  test('report: the report is titled and numbered after the profile', async () => {
    const dir = makeTempDir('profile-report');
    const run = await runCli(
      ['report', path.join(FIXTURES, 'assembly'), '--out', 'audit', '--format', 'json,html', '--profile', 'guideline-model'],
      { cwd: dir },
    );
    expect(run.stderr).toMatch(/wrote 2 report files/);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'audit', 'lgsec-report.json'), 'utf8'));
    expect(doc.profile.id).toBe('guideline-model');
    expect(doc.clauses.find((clause: { id: string }) => clause.id === '7.8.b').number).toBe('対策基準 9(2)');
    expect(fs.readFileSync(path.join(dir, 'audit', 'lgsec-report.html'), 'utf8')).not.toMatch(/塩尻|Shiojiri/);
  });

  test('rules: the catalogue cites the profile’s numbers', async () => {
    const run = await runCli(['rules', '--profile', 'guideline-model']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('checks the Information Security Policy (model policy of the MIC guideline)');
    expect(run.stdout).toContain('- Clauses: 対策基準 4(1) 情報システム全体の強靭性の向上：マイナンバー利用事務系');
    expect(run.stdout).not.toMatch(/Shiojiri|塩尻/);
  });

  test('help speaks of the selected profile’s policy and lists the profiles', async () => {
    const words = (text: string): string => text.replace(/\s+/g, ' ');
    const standard = await runCli(['--help']);
    expect(words(standard.stdout)).toContain('against the Shiojiri City Information Security Basic Policy');
    expect(standard.stdout).toMatch(/^ {2}shiojiri {9}Shiojiri City Information Security Basic Policy$/m);
    expect(standard.stdout).toMatch(/^ {2}guideline-model {2}Information Security Policy \(model policy of the MIC guideline\)$/m);
    const model = await runCli(['check', '--profile', 'guideline-model', '--help']);
    expect(model.code).toBe(0);
    expect(model.stdout).toContain('--profile <id>');
    const top = await runCli(['--profile', 'guideline-model', '--help']);
    expect(words(top.stdout)).toContain('against the Information Security Policy (model policy of the MIC guideline)');
    expect(top.stdout).not.toMatch(/Shiojiri City Information Security Basic Policy \(/);
  });

  test('an unknown profile is refused, naming the known ones', async () => {
    const run = await runCli(['check', 'compliant.json', '--profile', 'matsumoto']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/'matsumoto' is invalid\. Allowed choices are shiojiri, guideline-model/);
  });
});
