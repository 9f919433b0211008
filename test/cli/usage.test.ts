import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, makeTempDir, runCli } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** Bad usage: exit 2 and exactly one line on stderr, nothing on stdout. */
function expectUsageError(run: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^lgsec: /), '']);
  expect(run.stderr).toMatch(message);
}

describe('usage', () => {
  test('--help lists the commands and exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['check', 'report', 'rules', 'sanitize']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(run.stdout).toContain('Exit codes: 0 no error-level finding');
  });

  test('check --help shows the options of the contract', async () => {
    const run = await runCli(['check', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--format <format>');
    // Help wraps to the terminal's width: compare with the line breaks folded.
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('choices: "text", "json", "sarif", "junit"');
    expect(run.stdout).toContain('--output <file>');
    expect(run.stdout).toContain('--region <region>');
    expect(run.stdout).toContain('--require-exception-fields');
    expect(run.stdout).toContain('--check-date <YYYY-MM-DD>');
  });

  test('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('fails without a command', async () => {
    expectUsageError(await runCli([]), /no command given; use one of check, report, rules, sanitize, verify-report/);
  });

  test('fails on an unknown command, suggesting the near one', async () => {
    expectUsageError(await runCli(['chek', 'x.yaml']), /unknown command 'chek' \(Did you mean check\?\) \(see 'lgsec --help'\)/);
  });

  test('fails on an unknown option', async () => {
    expectUsageError(await runCli(['check', 'compliant.yaml', '--strict']), /unknown option '--strict' \(see 'lgsec check --help'\)/);
  });

  test('fails on a missing argument or required option', async () => {
    expectUsageError(await runCli(['check']), /missing required argument 'template\|cdk.out'/);
    expectUsageError(await runCli(['report', 'compliant.yaml']), /required option '--out <dir>' not specified/);
    expectUsageError(await runCli(['sanitize', 'x.txt']), /required option '--out <dir>' not specified/);
  });

  test('fails on a value outside the choices', async () => {
    expectUsageError(
      await runCli(['check', 'compliant.yaml', '--format', 'xml']),
      /argument 'xml' is invalid\. Allowed choices are text, json, sarif, junit\./,
    );
    expectUsageError(await runCli(['rules', '--format', 'html']), /Allowed choices are md, json/);
    expectUsageError(await runCli(['report', 'compliant.yaml', '--out', 'x', '--lang', 'fr']), /Allowed choices are ja, en/);
    expectUsageError(await runCli(['sanitize', 'x', '--out', 'y', '--format', 'xml']), /Allowed choices are text, json/);
  });

  test('fails on a bad region and bad report formats', async () => {
    expectUsageError(
      await runCli(['check', 'compliant.yaml', '--region', 'tokyo']),
      /'tokyo' is not an AWS region name; use e\.g\. ap-northeast-1/,
    );
    expectUsageError(
      await runCli(['report', 'compliant.yaml', '--out', 'x', '--format', 'html,pdf']),
      /'html,pdf' is not a list of report formats; use one or more of html, md, json/,
    );
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('bad-input');
    fs.writeFileSync(path.join(dir, 'malformed.json'), '{"Resources": {"A": {"Type": "AWS::SNS::Topic"}');
    fs.writeFileSync(path.join(dir, 'malformed.yaml'), 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n   Properties: {}\n');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "not-a-template"}');
    fs.writeFileSync(
      path.join(dir, 'intrinsic.yaml'),
      'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: {"Fn::Concat": [a, b]}\n',
    );
    fs.writeFileSync(
      path.join(dir, 'tag.yaml'),
      'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Concat [a, b]\n',
    );
    fs.writeFileSync(path.join(dir, 'good.yaml'), 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    fs.writeFileSync(path.join(dir, 'garbage.json'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xde, 0xad]));
    const fd = fs.openSync(path.join(dir, 'huge.yaml'), 'w');
    fs.ftruncateSync(fd, 50 * 1024 * 1024);
    fs.closeSync(fd);
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.mkdirSync(path.join(dir, 'out'));
  });

  beforeEach(() => {
    fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'out'));
  });

  // The arguments themselves are wrong: nothing is checked, nothing is written.
  const fatal: [string, string, RegExp][] = [
    ['a missing file', 'missing.yaml', /^lgsec: missing\.yaml: no such file or folder; check the path/],
    ['an empty folder', 'empty', /^lgsec: empty: is empty; pass a template file or a cdk\.out folder/],
  ];
  // One template cannot be loaded: `check` lists it in its output and exits 2; `report` refuses.
  const unloadable: [string, string, RegExp][] = [
    ['malformed JSON', 'malformed.json', /^lgsec: malformed\.json:1:\d+: malformed JSON \(.+\); fix the syntax/],
    ['malformed YAML', 'malformed.yaml', /^lgsec: malformed\.yaml:4:\d+: malformed YAML \(.+\); fix the syntax/],
    [
      'a JSON that is not a template',
      'package.json',
      /^lgsec: package\.json: is not a CloudFormation template \(it has no Resources section\)/,
    ],
    ['an unknown intrinsic function', 'intrinsic.yaml', /^lgsec: intrinsic\.yaml:2: unknown intrinsic function 'Fn::Concat'/],
    ['an unknown short-form tag', 'tag.yaml', /^lgsec: tag\.yaml:5:\d+: unknown tag '!Concat'/],
    ['a 50 MB template', 'huge.yaml', /^lgsec: huge\.yaml: is 50 MiB, above lgsec's limit of 10 MiB/],
    ['binary garbage', 'garbage.json', /^lgsec: garbage\.json: is a binary file, not a CloudFormation template/],
  ];

  describe.each([...fatal, ...unloadable])('%s', (_what, input, message) => {
    test('report: exit 2, one line on stderr, no output file', async () => {
      const run = await runCli(['report', input, '--out', 'out/report'], { cwd: dir });
      expectUsageError(run, message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual([]);
    });
  });

  describe.each(fatal)('%s', (_what, input, message) => {
    test('check: exit 2, one line on stderr, no output file', async () => {
      const run = await runCli(['check', input, '--format', 'sarif', '--output', 'out/lgsec.sarif'], { cwd: dir });
      expectUsageError(run, message);
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual([]);
    });
  });

  describe.each(unloadable)('%s', (_what, input, message) => {
    test('check: exit 2, the template listed in the output and on stderr, the others checked', async () => {
      const run = await runCli(
        ['check', input, 'good.yaml', '--region', 'ap-northeast-1', '--format', 'sarif', '--output', 'out/lgsec.sarif'],
        { cwd: dir },
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(message);
      expect(lines[1]).toMatch(
        /^lgsec: 0 errors, 0 warnings, 0 acknowledged in 1 template; 1 template could not be loaded; wrote out\/lgsec\.sarif$/,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'lgsec.sarif'), 'utf8'));
      expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false });
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(
        new RegExp(message.source.replace('^lgsec: ', '^')),
      );
    });
  });

  test('check names an --output folder that does not exist before doing any work', async () => {
    expectUsageError(
      await runCli(['check', 'compliant.yaml', '--output', 'no/such/dir/lgsec.sarif'], { cwd: FIXTURES }),
      /--output no\/such\/dir\/lgsec\.sarif: the folder no\/such\/dir does not exist; create it first/,
    );
  });

  test('check refuses an --output that is a folder', async () => {
    expectUsageError(await runCli(['check', 'compliant.yaml', '--output', dir], { cwd: FIXTURES }), /is a folder; name a file/);
  });

  test('report refuses a missing baseline and an --out that is a file', async () => {
    expectUsageError(
      await runCli(['report', 'compliant.yaml', '--out', dir, '--baseline', 'nope.json'], { cwd: FIXTURES }),
      /--baseline nope\.json: no such file/,
    );
    expectUsageError(
      await runCli(['report', 'compliant.yaml', '--out', 'compliant.json'], { cwd: FIXTURES }),
      /--out compliant\.json: is a file; name a folder/,
    );
  });
});
