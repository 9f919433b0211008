import { FIXTURES, runCli } from './helpers';

// An engine that fails in a way nobody planned for: the CLI must still answer with one line.
jest.mock('../../rules/pack/check-templates', () => ({
  TemplateLoadError: class TemplateLoadError extends Error {},
  checkModel: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'Properties')");
  },
}));

test('an unexpected error exits 2 with one line and a hint, no stack trace', async () => {
  const run = await runCli(['check', 'compliant.yaml'], { cwd: FIXTURES });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(
    "lgsec: internal error: TypeError: Cannot read properties of undefined (reading 'Properties') (set LGSEC_DEBUG=1 to see the stack trace)\n",
  );
});

test('LGSEC_DEBUG=1 prints the stack', async () => {
  const run = await runCli(['check', 'compliant.yaml'], { cwd: FIXTURES, env: { LGSEC_DEBUG: '1' } });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^lgsec: internal error: TypeError: Cannot read properties.*\n\s+at /s);
});
