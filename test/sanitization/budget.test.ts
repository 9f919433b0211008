import { Worker } from 'worker_threads';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { checkSanitizerLimits, DEFAULT_SANITIZER_LIMITS } from '../../lib/sanitization/options';
import { hostilePdf, utf8 } from './fixtures';

/** A valid PDF with one page and `count` small objects the page's resources reach. */
function pdfWithObjects(count: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Properties 4 0 R >> >>',
  ];
  objects.push(`[${Array.from({ length: count }, (_, i) => `${i + 5} 0 R`).join(' ')}]`);
  for (let i = 0; i < count; i += 1) objects.push(`(entry ${i})`);
  let pdf = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((value, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${value}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** The per-file time and memory budget: over it, the input is quarantined, never delivered. */
describe('per-file budget', () => {
  test('defaults: 5 seconds of CPU time, a 1-minute wall-clock backstop and 512 MiB', () => {
    expect(DEFAULT_SANITIZER_LIMITS).toMatchObject({
      maxCpuMillisecondsPerFile: 5000,
      maxWallClockMillisecondsPerFile: 60_000,
      maxMillisecondsPerFile: 5000,
      maxMemoryMiBPerFile: 512,
    });
  });

  test('the former name of the CPU budget still sets it; conflicting or inverted budgets are refused', () => {
    expect(checkSanitizerLimits({ maxMillisecondsPerFile: 8000 }).resolved).toMatchObject({
      maxCpuMillisecondsPerFile: 8000,
      maxWallClockMillisecondsPerFile: 60_000,
    });
    expect(checkSanitizerLimits({ maxCpuMillisecondsPerFile: 40_000 }).resolved.maxWallClockMillisecondsPerFile).toBe(80_000);
    expect(
      () =>
        new BuiltinSanitizerEngine({
          limits: { maxMillisecondsPerFile: 1000, maxCpuMillisecondsPerFile: 2000, maxWallClockMillisecondsPerFile: 1500 },
        }),
    ).toThrow(
      /maxMillisecondsPerFile \(1000\) is the former name of limits\.maxCpuMillisecondsPerFile \(2000\).*maxWallClockMillisecondsPerFile \(1500\) is a backstop and must be at least limits\.maxCpuMillisecondsPerFile \(2000\)/s,
    );
  });

  test('bad values are refused with the option named', () => {
    expect(() => new BuiltinSanitizerEngine({ limits: { maxMillisecondsPerFile: 0 }, isolation: 'process' as never })).toThrow(
      /limits\.maxMillisecondsPerFile must be a positive integer, got 0.*isolation must be one of worker-thread, none, got 'process'/s,
    );
  });

  test('a file over the time budget is stopped and quarantined; the engine goes on with a new worker', async () => {
    const slow = new BuiltinSanitizerEngine({ limits: { maxMillisecondsPerFile: 5 } });
    try {
      const bytes = await hostilePdf();
      const first = await slow.sanitize({ name: 'notice.pdf', bytes });
      expect(first).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded', file: 'notice.pdf' });
      expect(first.reason).toMatch(/needs more than 5 ms of CPU time \(limits\.maxMillisecondsPerFile\)/);
      expect(first.output).toBeUndefined();
      expect(first.sha256In).toMatch(/^[0-9a-f]{64}$/);
      // The stopped worker is replaced, not reused: the next input is judged on its own.
      expect(await slow.sanitize({ name: 'notice.pdf', bytes })).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    } finally {
      await slow.close();
    }
  });

  test('a PDF over the memory budget is quarantined', async () => {
    // 100,000 objects: qpdf holds tens of MiB for them, and its object dump is as large again.
    // Time to spare everywhere: on a loaded machine the memory budget, not the clock, must decide.
    const tiny = new BuiltinSanitizerEngine({ limits: { maxMemoryMiBPerFile: 32, maxMillisecondsPerFile: 60_000 } });
    // Default memory budget; time to spare on a loaded machine.
    const roomy = new BuiltinSanitizerEngine({ limits: { maxMillisecondsPerFile: 60_000 } });
    try {
      const bytes = pdfWithObjects(100_000);
      const result = await tiny.sanitize({ name: 'notice.pdf', bytes });
      expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
      expect(result.reason).toMatch(/needs more than 32 MiB (of memory|to parse|to rebuild) \(limits\.maxMemoryMiBPerFile\)/);
      // The file itself is ordinary: under the default memory budget it is delivered.
      expect(await roomy.sanitize({ name: 'notice.pdf', bytes })).toMatchObject({ verdict: 'clean', detectedType: 'pdf' });
    } finally {
      await tiny.close();
      await roomy.close();
    }
  });

  test('memory is measured on what the file makes the process hold, not only on the PDF parser', async () => {
    // 24 MiB of CSV cells to neutralise: decoding and rewriting it holds several times that.
    const csv = utf8('=1+1,note\n'.repeat(2_500_000));
    // Time to spare everywhere: on a loaded machine the memory budget, not the clock, must decide.
    const tight = new BuiltinSanitizerEngine({ limits: { maxMemoryMiBPerFile: 16, maxMillisecondsPerFile: 60_000 } });
    const roomy = new BuiltinSanitizerEngine({ limits: { maxMillisecondsPerFile: 60_000 } });
    try {
      const stopped = await tight.sanitize({ name: 'ledger.csv', bytes: csv });
      expect(stopped).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
      expect(stopped.reason).toMatch(/needs more than 16 MiB of memory \(limits\.maxMemoryMiBPerFile\)/);
      // The worker that ran over is replaced: a small file afterwards is judged on its own.
      expect(await tight.sanitize({ name: 'a.txt', bytes: utf8('plain') })).toMatchObject({ verdict: 'clean' });
      expect(await roomy.sanitize({ name: 'ledger.csv', bytes: csv })).toMatchObject({ verdict: 'sanitized' });
    } finally {
      await tight.close();
      await roomy.close();
    }
  });

  test('the same file gets the same verdict on an idle and on an overloaded machine: CPU time is budgeted, not wall-clock time', async () => {
    // About 0.7 s of CPU; with three busy threads beside it on a small machine it takes several
    // seconds of wall-clock time, which a wall-clock budget of 3 s would have quarantined.
    const csv = utf8('=1+1,note,-3,"@x"\n'.repeat(800_000));
    const engine = new BuiltinSanitizerEngine({ limits: { maxCpuMillisecondsPerFile: 3000 } });
    const strict = new BuiltinSanitizerEngine({ limits: { maxCpuMillisecondsPerFile: 20 } });
    const busy: Worker[] = [];
    try {
      const idle = await engine.sanitize({ name: 'ledger.csv', bytes: csv });
      expect(idle).toMatchObject({ verdict: 'sanitized', metrics: { cpuMilliseconds: expect.any(Number) } });
      const idleStrict = await strict.sanitize({ name: 'ledger.csv', bytes: csv });
      for (let i = 0; i < 3; i += 1) busy.push(new Worker('for (;;) {}', { eval: true }));
      const loaded = await engine.sanitize({ name: 'ledger.csv', bytes: csv });
      expect(loaded).toMatchObject({ verdict: 'sanitized', sha256Out: idle.sha256Out });
      // Over the CPU budget, the verdict is the same too, with the same reason.
      const loadedStrict = await strict.sanitize({ name: 'ledger.csv', bytes: csv });
      expect(idleStrict).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
      expect(loadedStrict).toMatchObject({ verdict: 'quarantined', reason: idleStrict.reason });
      expect(idleStrict.reason).toMatch(/needs more than 20 ms of CPU time \(limits\.maxCpuMillisecondsPerFile\)/);
    } finally {
      await Promise.all(busy.map((w) => w.terminate()));
      await engine.close();
      await strict.close();
    }
  });

  test("isolation 'none' works in the calling thread", async () => {
    const inline = new BuiltinSanitizerEngine({ isolation: 'none' });
    expect(await inline.sanitize({ name: 'a.txt', bytes: utf8('plain') })).toMatchObject({ verdict: 'clean' });
  });
});
