import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { unzipSync } from 'fflate';
import { runSanitizeCommand, SanitizeReportEntry } from '../../lib/sanitization/cli';
import { hostileDocm, PE_HEADER, text, utf8 } from './fixtures';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

describe('lgsec sanitize', () => {
  let work: string;
  let inputs: string[];
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'lgsec-sanitize-'));
    mkdirSync(path.join(work, 'in'));
    inputs = [path.join(work, 'in', 'plan.docm'), path.join(work, 'in', 'memo.txt'), path.join(work, 'in', 'invoice.pdf')];
    writeFileSync(inputs[0], hostileDocm());
    writeFileSync(inputs[1], utf8('お知らせ'));
    writeFileSync(inputs[2], PE_HEADER);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('writes delivered files under their delivered names, prints JSON per file, exits 1 when any is quarantined', async () => {
    const out = path.join(work, 'out-json');
    const c = capture();
    const code = await runSanitizeCommand(inputs, { out, format: 'json' }, c.io);
    expect(code).toBe(1);
    expect(c.err()).toBe('');
    const report = JSON.parse(c.out()) as SanitizeReportEntry[];
    expect(report.map((r) => [path.basename(r.file), r.verdict, r.detectedType])).toEqual([
      ['plan.docm', 'sanitized', 'docm'],
      ['memo.txt', 'clean', 'text:utf-8'],
      ['invoice.pdf', 'quarantined', 'pe'],
    ]);
    expect(Object.keys(report[0]).sort()).toEqual(['actions', 'detectedType', 'file', 'output', 'sha256In', 'sha256Out', 'verdict']);
    expect(Object.keys(report[2]).sort()).toEqual(['actions', 'detectedType', 'file', 'reason', 'reasonCode', 'sha256In', 'verdict']);
    expect(report[2]).toMatchObject({ reason: 'Windows executable (MZ/PE header)', reasonCode: 'executable' });
    expect(readdirSync(out).sort()).toEqual(['memo.txt', 'plan.docx']);
    expect(Object.keys(unzipSync(readFileSync(path.join(out, 'plan.docx'))))).not.toContain('word/vbaProject.bin');
    expect(text(readFileSync(path.join(out, 'memo.txt')))).toBe('お知らせ');
  });

  test('text output gives a line per file, the reasons and a summary; exit 0 when all are delivered', async () => {
    const c = capture();
    const code = await runSanitizeCommand(inputs.slice(0, 2), { out: path.join(work, 'out-text'), format: 'text' }, c.io);
    expect(code).toBe(0);
    expect(c.out()).toMatch(/^sanitized +.*plan\.docm -> .*plan\.docx \[docm\]$/m);
    expect(c.out()).toMatch(/^ {4}- removed VBA project part 'word\/vbaProject\.bin'$/m);
    expect(c.out()).toMatch(/^2 file\(s\): 1 clean, 1 sanitized, 0 quarantined$/m);
  });

  test('--jobs sanitizes files side by side; reports, outputs and the names of colliding outputs are as one at a time', async () => {
    // Three inputs whose outputs all want the name memo.txt: who gets -2 and -3 must not
    // depend on which worker finishes first.
    const many = [inputs[0], inputs[1], inputs[2], inputs[1], inputs[0], inputs[1]];
    const run = async (jobs: number) => {
      const out = path.join(work, `out-jobs-${jobs}`);
      const c = capture();
      const code = await runSanitizeCommand(many, { out, format: 'json', jobs }, c.io);
      const report = JSON.parse(c.out()) as SanitizeReportEntry[];
      const files = Object.fromEntries(
        readdirSync(out)
          .sort()
          .map((name) => [name, readFileSync(path.join(out, name)).length]),
      );
      return {
        code,
        report: report.map((r) => [path.basename(r.file), r.verdict, r.output && path.basename(r.output), r.sha256Out]),
        files,
      };
    };
    const one = await run(1);
    const three = await run(3);
    expect(three).toEqual(one);
    expect(one.report.map((r) => r[2])).toEqual(['plan.docx', 'memo.txt', undefined, 'memo-2.txt', 'plan-2.docx', 'memo-3.txt']);
  });

  test('--jobs must be a whole number of at least 1', async () => {
    const c = capture();
    expect(await runSanitizeCommand([inputs[1]], { out: path.join(work, 'out-bad-jobs'), format: 'text', jobs: 0 }, c.io)).toBe(2);
    expect(c.err()).toBe("lgsec sanitize: --jobs must be a whole number of files at a time (1 or more), got '0'\n");
  });

  test('never overwrites an input, even when --out is the input folder', async () => {
    const c = capture();
    const code = await runSanitizeCommand([inputs[1]], { out: path.join(work, 'in'), format: 'json' }, c.io);
    expect(code).toBe(0);
    expect(readdirSync(path.join(work, 'in')).sort()).toEqual(['invoice.pdf', 'memo-2.txt', 'memo.txt', 'plan.docm']);
  });

  test('a missing input is bad usage: exit 2, one line on stderr, nothing written', async () => {
    const out = path.join(work, 'out-missing');
    const c = capture();
    const code = await runSanitizeCommand([inputs[1], path.join(work, 'nope.txt')], { out, format: 'text' }, c.io);
    expect(code).toBe(2);
    expect(c.err()).toMatch(/^lgsec sanitize: cannot read input file '.*nope\.txt'\n$/);
    expect(c.out()).toBe('');
    expect(() => readdirSync(out)).toThrow();
  });

  test('an output folder that cannot be written is bad usage', async () => {
    const blocker = path.join(work, 'a-file');
    writeFileSync(blocker, 'x');
    const c = capture();
    expect(await runSanitizeCommand([inputs[1]], { out: blocker, format: 'text' }, c.io)).toBe(2);
    expect(c.err()).toMatch(/^lgsec sanitize: output folder '.*a-file' is not a writable folder\n$/);
    if (process.getuid?.() !== 0) {
      const readOnly = path.join(work, 'read-only');
      mkdirSync(readOnly);
      chmodSync(readOnly, 0o500);
      expect(await runSanitizeCommand([inputs[1]], { out: readOnly, format: 'text' }, capture().io)).toBe(2);
      chmodSync(readOnly, 0o700);
    }
  });

  test('no input files or a bad format is bad usage', async () => {
    const c = capture();
    expect(await runSanitizeCommand([], { out: path.join(work, 'o'), format: 'text' }, c.io)).toBe(2);
    expect(c.err()).toMatch(/no input files given/);
    const d = capture();
    expect(await runSanitizeCommand([inputs[1]], { out: path.join(work, 'o'), format: 'xml' as never }, d.io)).toBe(2);
    expect(d.err()).toMatch(/--format must be text or json, got 'xml'/);
  });

  test('an engine that fails quarantines that file; the others still get their verdicts', async () => {
    const failing = { name: 'icap', sanitize: () => Promise.reject(new Error('ICAP server unreachable')) };
    const c = capture();
    const code = await runSanitizeCommand(
      inputs.slice(1, 2),
      { out: path.join(work, 'out-failing'), format: 'json', engine: failing },
      c.io,
    );
    expect(code).toBe(1);
    expect(JSON.parse(c.out())).toEqual([
      expect.objectContaining({
        verdict: 'quarantined',
        reason: "sanitizer engine 'icap' failed: ICAP server unreachable",
        sha256In: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
  });

  test('a file over the size limit is quarantined without being read into memory', async () => {
    const c = capture();
    const code = await runSanitizeCommand([inputs[0]], { out: path.join(work, 'out-big'), format: 'json', maxInputBytes: 10 }, c.io);
    expect(code).toBe(1);
    expect(JSON.parse(c.out())[0]).toMatchObject({
      verdict: 'quarantined',
      reason: expect.stringMatching(/over the input size limit \(10\)/),
    });
  });
});
