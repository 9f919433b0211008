import { spawnSync } from 'child_process';
import * as path from 'path';
import { FIXTURES } from './helpers';

/** A few real runs of the executable: exit codes and stderr as a shell or CI sees them. */
const BIN = path.join(__dirname, '..', '..', 'bin', 'lgsec.js');

function lgsec(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: FIXTURES,
    encoding: 'utf-8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('exit 0 on a compliant template', () => {
  const run = lgsec('check', 'compliant.yaml', '--region', 'ap-northeast-1');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('no findings');
});

test('exit 1 on an error-level finding, with JSON on stdout', () => {
  const run = lgsec('check', 'mynumber-internet-route.json', '--format', 'json');
  expect(run.code).toBe(1);
  expect(JSON.parse(run.stdout).summary.errors).toBeGreaterThan(0);
});

test('exit 2 on unreadable input: one line on stderr, no stack trace', () => {
  const run = lgsec('check', 'missing.yaml');
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('lgsec: missing.yaml: no such file or folder; check the path\n');
});
