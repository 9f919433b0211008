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
 *        [--timeout-ms N] [--memory-mb N]
 * Kept apart from bench/sanitizer.ts (synthetic throughput) so other file types can add their
 * own corpus checks without touching this one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuiltinSanitizerEngine } from '../lib/sanitization/engine';
import { SanitizeResult } from '../lib/sanitization/types';
import { independentPdfActiveContent, pdfTextOf, pdfToolsAvailable, popplerActiveContent, qpdfCheck } from '../test/sanitization/pdf-tools';

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

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** Whitespace-free text, so a rebuilt file's different line breaking does not count as a loss. */
const squeeze = (text: string): string => text.replace(/\s+/g, '');

function verifyPdf(file: string, result: SanitizeResult, workDir: string): Partial<CorpusFileResult> {
  const inputValid = qpdfCheck(file).readable && pdfTextOf(file) !== undefined;
  const inputActive = [...independentPdfActiveContent(file), ...popplerActiveContent(file)];
  if (!result.output) return { inputValid, inputActive };
  const out = path.join(workDir, 'out.pdf');
  fs.writeFileSync(out, result.output.bytes);
  const outputValid = qpdfCheck(out).ok;
  const outputActive = [...independentPdfActiveContent(out), ...popplerActiveContent(out)];
  const before = pdfTextOf(file);
  const after = pdfTextOf(out);
  return { inputValid, inputActive, outputValid, outputActive, textPreserved: before === undefined || (after !== undefined && squeeze(before) === squeeze(after)) };
}

export async function runCorpus(dir: string, options: { verify: boolean; timeoutMs?: number; memoryMb?: number }): Promise<CorpusFileResult[]> {
  const engine = new BuiltinSanitizerEngine({ limits: { maxMillisecondsPerFile: options.timeoutMs, maxMemoryMiBPerFile: options.memoryMb } });
  const files = listFiles(dir);
  const inputs = files.map((file) => ({ file, bytes: fs.readFileSync(file) }));
  const results: CorpusFileResult[] = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-corpus-'));
  try {
    for (const { file, bytes } of inputs) {
      const t0 = process.hrtime.bigint();
      const result = await engine.sanitize({ name: path.basename(file), bytes });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const base: CorpusFileResult = {
        file: path.relative(dir, file),
        bytes: bytes.length,
        ms,
        verdict: result.verdict,
        reasonCode: result.reasonCode,
        reason: result.reason,
        detectedType: result.detectedType,
      };
      results.push(options.verify && result.detectedType === 'pdf' ? { ...base, ...verifyPdf(file, result, workDir) } : base);
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
  lines.push(`${results.length} files, ${(totalBytes / 1024 / 1024).toFixed(1)} MiB, ${(totalMs / 1000).toFixed(1)} s in the engine: ${(results.length / (totalMs / 1000)).toFixed(1)} files/s`);
  const verdicts = new Map<string, number>();
  for (const r of results) verdicts.set(`${r.verdict}${r.reasonCode ? ` (${r.reasonCode})` : ''}`, (verdicts.get(`${r.verdict}${r.reasonCode ? ` (${r.reasonCode})` : ''}`) ?? 0) + 1);
  lines.push(`verdicts: ${[...verdicts].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ${n}`).join(', ')}`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push(`slowest: ${slowest.map((r) => `${r.file} ${(r.bytes / 1024).toFixed(0)} KiB ${r.ms.toFixed(0)} ms`).join('; ')}`);
  const verified = results.filter((r) => r.inputValid !== undefined);
  if (verified.length > 0) {
    const valid = verified.filter((r) => r.inputValid);
    const delivered = valid.filter((r) => r.verdict !== 'quarantined' && r.outputValid);
    lines.push(`valid ordinary PDFs (qpdf --check and pdfinfo read them): ${valid.length}; delivered and valid (qpdf --check): ${delivered.length} (${((100 * delivered.length) / Math.max(1, valid.length)).toFixed(2)}%)`);
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
    console.error('usage: node -r esbuild-register bench/sanitizer-pdf-corpus.ts --corpus DIR [--verify] [--json FILE] [--timeout-ms N] [--memory-mb N]');
    process.exit(2);
  }
  const verify = process.argv.includes('--verify');
  if (verify && !pdfToolsAvailable()) {
    console.error('--verify needs qpdf and poppler-utils (apt-get install qpdf poppler-utils)');
    process.exit(2);
  }
  const timeout = option('timeout-ms');
  const memory = option('memory-mb');
  runCorpus(dir, { verify, timeoutMs: timeout ? Number(timeout) : undefined, memoryMb: memory ? Number(memory) : undefined })
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
