/**
 * The sanitizer on a folder of real files (public test corpora, fetched outside the repo): verdict
 * counts, throughput, the slowest files, and with `--verify` an independent check of every PDF
 * with qpdf and poppler (Debian's qpdf and poppler-utils), not with the engine's own code:
 *
 * - an input is a "valid ordinary PDF" when `qpdf --check` accepts it (exit 0, or 3 for
 *   warnings only) and `pdfinfo` reads it without a password;
 * - a delivered PDF must pass `qpdf --check`, hold no active content according to
 *   `independentPdfActiveContent` (qpdf's JSON object dump, walked by code separate from the
 *   engine's) nor according to `pdfinfo -js` / `pdfdetach -list`, and keep the text `pdftotext`
 *   finds in the input.
 *
 * Run: node -r esbuild-register bench/sanitizer-pdf-corpus.ts --corpus DIR [--verify] [--json FILE]
 *        [--timeout-ms N (CPU ms per file)] [--memory-mb N] [--concurrency N (verification processes, default 4)]
 * Kept apart from bench/sanitizer.ts (synthetic throughput) so other file types can add their
 * own corpus checks without touching this one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { walk } from './sanitizer-corpus';
import { BuiltinSanitizerEngine } from '../lib/sanitization/engine';
import { SanitizeResult } from '../lib/sanitization/types';
import { execFile } from 'child_process';
import { promisify } from 'util';
import { activeContentInQpdfJson, pdfToolsAvailable, QPDF_JSON_ARGS } from '../test/sanitization/pdf-tools';

export interface CorpusFileResult {
  readonly file: string;
  readonly bytes: number;
  readonly ms: number;
  readonly verdict: SanitizeResult['verdict'];
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly detectedType: string;
  /** --verify only, PDFs only. */
  readonly inputValid?: boolean;
  readonly inputActive?: readonly string[];
  readonly outputValid?: boolean;
  readonly outputActive?: readonly string[];
  readonly textPreserved?: boolean;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Whitespace-free text, so a rebuilt file's different line breaking does not count as a loss. */
const squeeze = (text: string): string => text.replace(/\s+/g, '');

const execFileAsync = promisify(execFile);

/** Runs a tool; its exit status and output (never throws). */
async function tool(command: string, args: string[]): Promise<{ status: number | null; stdout: string }> {
  try {
    const { stdout } = await execFileAsync(command, args, { encoding: 'latin1', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
    return { status: 0, stdout };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string };
    return { status: typeof e.code === 'number' ? e.code : null, stdout: e.stdout ?? '' };
  }
}

async function activeContent(file: string): Promise<string[]> {
  const dump = await tool('qpdf', QPDF_JSON_ARGS(file));
  const findings = dump.status === 0 || dump.status === 3 ? activeContentInQpdfJson(dump.stdout) : [];
  const info = await tool('pdfinfo', [file]);
  const js = await tool('pdfinfo', ['-js', file]);
  const extra = js.stdout.slice(info.stdout.length).trim();
  if (js.status === 0 && extra !== '') findings.push(`pdfinfo -js: ${extra.split('\n').length} line(s) of JavaScript`);
  const detach = await tool('pdfdetach', ['-list', file]);
  const count = /^(\d+) embedded files/m.exec(detach.stdout);
  if (count && Number(count[1]) > 0) findings.push(`pdfdetach: ${count[1]} embedded file(s)`);
  return findings;
}

async function text(file: string): Promise<string | undefined> {
  const result = await tool('pdftotext', ['-q', '-enc', 'UTF-8', file, '-']);
  return result.status === 0 ? Buffer.from(result.stdout, 'latin1').toString('utf8') : undefined;
}

async function verifyPdf(file: string, output: string | undefined): Promise<Partial<CorpusFileResult>> {
  const check = await tool('qpdf', ['--check', file]);
  const before = await text(file);
  const inputValid = (check.status === 0 || check.status === 3) && before !== undefined;
  const inputActive = await activeContent(file);
  if (!output) return { inputValid, inputActive };
  const outCheck = await tool('qpdf', ['--check', output]);
  const outputValid = outCheck.status === 0 || (outCheck.status === 3 && check.status === 3);
  const outputActive = await activeContent(output);
  const after = await text(output);
  return {
    inputValid,
    inputActive,
    outputValid,
    outputActive,
    textPreserved: before === undefined || (after !== undefined && squeeze(before) === squeeze(after)),
  };
}

/**
 * Sanitizes every file one after the other (timed), then, with `verify`, checks the PDFs with
 * the independent tools, `concurrency` files at a time (not timed).
 */
export async function runCorpus(
  dir: string,
  options: { verify: boolean; timeoutMs?: number; memoryMb?: number; concurrency?: number },
): Promise<CorpusFileResult[]> {
  const engine = new BuiltinSanitizerEngine({
    limits: { maxCpuMillisecondsPerFile: options.timeoutMs, maxMemoryMiBPerFile: options.memoryMb },
  });
  const files = walk(dir);
  const inputs = files.map((file) => ({ file, bytes: fs.readFileSync(file) }));
  const results: CorpusFileResult[] = [];
  const outputs: (string | undefined)[] = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-corpus-'));
  try {
    for (const [i, { file, bytes }] of inputs.entries()) {
      const t0 = process.hrtime.bigint();
      const result = await engine.sanitize({ name: path.basename(file), bytes });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      results.push({
        file: path.relative(dir, file),
        bytes: bytes.length,
        ms,
        verdict: result.verdict,
        reasonCode: result.reasonCode,
        reason: result.reason,
        detectedType: result.detectedType,
      });
      let out: string | undefined;
      if (options.verify && result.output) {
        out = path.join(workDir, `${i}.pdf`);
        fs.writeFileSync(out, result.output.bytes);
      }
      outputs.push(out);
    }
    await engine.close();
    if (options.verify) {
      let next = 0;
      const worker = async () => {
        while (next < results.length) {
          const i = next++;
          if (results[i].detectedType !== 'pdf' && !/\.pdf$/i.test(results[i].file)) continue;
          results[i] = { ...results[i], ...(await verifyPdf(inputs[i].file, outputs[i])) };
        }
      };
      await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    }
  } finally {
    await engine.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return results;
}

export function formatCorpus(results: readonly CorpusFileResult[]): string {
  const lines: string[] = [];
  const totalMs = results.reduce((sum, r) => sum + r.ms, 0);
  const totalBytes = results.reduce((sum, r) => sum + r.bytes, 0);
  lines.push(
    `${results.length} files, ${(totalBytes / 1024 / 1024).toFixed(1)} MiB, ${(totalMs / 1000).toFixed(1)} s in the engine: ${(results.length / (totalMs / 1000)).toFixed(1)} files/s`,
  );
  const verdicts = new Map<string, number>();
  for (const r of results)
    verdicts.set(
      `${r.verdict}${r.reasonCode ? ` (${r.reasonCode})` : ''}`,
      (verdicts.get(`${r.verdict}${r.reasonCode ? ` (${r.reasonCode})` : ''}`) ?? 0) + 1,
    );
  lines.push(
    `verdicts: ${[...verdicts]
      .sort((a, b) => b[1] - a[1])
      .map(([v, n]) => `${v} ${n}`)
      .join(', ')}`,
  );
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push(`slowest: ${slowest.map((r) => `${r.file} ${(r.bytes / 1024).toFixed(0)} KiB ${r.ms.toFixed(0)} ms`).join('; ')}`);
  const verified = results.filter((r) => r.inputValid !== undefined);
  if (verified.length > 0) {
    const valid = verified.filter((r) => r.inputValid);
    const delivered = valid.filter((r) => r.verdict !== 'quarantined' && r.outputValid);
    lines.push(
      `valid ordinary PDFs (qpdf --check and pdfinfo read them): ${valid.length}; delivered and valid (qpdf --check): ${delivered.length} (${((100 * delivered.length) / Math.max(1, valid.length)).toFixed(2)}%)`,
    );
    const textLost = verified.filter((r) => r.textPreserved === false);
    lines.push(`delivered with text different from the input's (pdftotext, whitespace ignored): ${textLost.length}`);
    const activeIn = verified.filter((r) => (r.inputActive ?? []).length > 0);
    const activeOut = verified.filter((r) => (r.outputActive ?? []).length > 0);
    lines.push(`inputs with active content (independent check): ${activeIn.length}; delivered with active content: ${activeOut.length}`);
    for (const r of activeOut) lines.push(`  ACTIVE ${r.file}: ${(r.outputActive ?? []).join(', ')}`);
    for (const r of valid.filter((v) => !delivered.includes(v))) {
      lines.push(`  LOST ${r.file}: ${r.verdict === 'quarantined' ? `${r.reasonCode}: ${r.reason}` : 'output fails qpdf --check'}`);
    }
    for (const r of textLost) lines.push(`  TEXT ${r.file}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const dir = option('corpus');
  if (!dir) {
    console.error(
      'usage: node -r esbuild-register bench/sanitizer-pdf-corpus.ts --corpus DIR [--verify] [--json FILE] [--timeout-ms N (CPU ms per file)] [--memory-mb N]',
    );
    process.exit(2);
  }
  const verify = process.argv.includes('--verify');
  if (verify && !pdfToolsAvailable()) {
    console.error('--verify needs qpdf and poppler-utils (apt-get install qpdf poppler-utils)');
    process.exit(2);
  }
  const timeout = option('timeout-ms');
  const memory = option('memory-mb');
  const concurrency = option('concurrency');
  runCorpus(dir, {
    verify,
    timeoutMs: timeout ? Number(timeout) : undefined,
    memoryMb: memory ? Number(memory) : undefined,
    concurrency: concurrency ? Number(concurrency) : undefined,
  })
    .then((results) => {
      const json = option('json');
      if (json) fs.writeFileSync(json, JSON.stringify(results, null, 1));
      console.log(formatCorpus(results));
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
