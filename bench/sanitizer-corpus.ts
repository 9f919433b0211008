/**
 * Runs the sanitizer over every file under a folder of real files (public test corpora) and
 * reports verdicts per extension, quarantine reasons, throughput and the slowest files.
 * Run: node -r esbuild-register bench/sanitizer.ts --corpus DIR [--out DIR] [--json FILE] [--isolation none] [--jobs N]
 * With --out, delivered files are written under DIR (same relative paths, delivered names) so
 * they can be checked by tools independent of the engine (unzip -t, python zipfile, oletools).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BuiltinSanitizerEngine } from '../lib/sanitization/engine';
import { inOrder } from '../lib/sanitization/private/in-order';
import type { BuiltinSanitizerOptions } from '../lib/sanitization/options';
import { SanitizeVerdict } from '../lib/sanitization/types';

export interface CorpusFileResult {
  readonly file: string;
  readonly bytes: number;
  readonly ms: number;
  readonly verdict: SanitizeVerdict;
  readonly detectedType: string;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly output?: string;
  readonly actions: readonly string[];
}

export interface CorpusSummary {
  readonly files: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly filesPerSecond: number;
  readonly slowest: readonly CorpusFileResult[];
  readonly byExtension: Record<string, Record<SanitizeVerdict, number>>;
  readonly quarantined: readonly CorpusFileResult[];
}

/** Every file under a folder, sorted. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

export async function runCorpus(
  root: string,
  outDir?: string,
  options: BuiltinSanitizerOptions = {},
  jobs = 1,
): Promise<{ results: CorpusFileResult[]; summary: CorpusSummary }> {
  // With jobs > 1, files run side by side, one engine (worker thread) each, as `lgsec sanitize --jobs`.
  const engines = Array.from({ length: jobs }, () => new BuiltinSanitizerEngine(options));
  const files = walk(root);
  const results: CorpusFileResult[] = [];
  let totalBytes = 0;
  const t0 = process.hrtime.bigint();
  const judge = async (file: string, lane: number) => {
    const bytes = fs.readFileSync(file);
    const started = process.hrtime.bigint();
    const result = await engines[lane].sanitize({ name: path.basename(file), bytes });
    return { bytes: bytes.length, result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };
  await inOrder(files, jobs, judge, ({ bytes, result, ms }, file) => {
    totalBytes += bytes;
    const relative = path.relative(root, file);
    let output: string | undefined;
    if (outDir && result.output) {
      // Two inputs may deliver the same name (plan.docm and plan.docx both as plan.docx).
      const { name, ext } = path.parse(result.output.name);
      output = path.join(outDir, path.dirname(relative), result.output.name);
      for (let n = 2; fs.existsSync(output); n += 1) output = path.join(outDir, path.dirname(relative), `${name}-${n}${ext}`);
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, result.output.bytes);
    }
    results.push({
      file: relative,
      bytes,
      ms,
      verdict: result.verdict,
      detectedType: result.detectedType,
      reasonCode: result.reasonCode,
      reason: result.reason,
      output,
      actions: result.actions,
    });
  });
  await Promise.all(engines.map((engine) => engine.close()));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const byExtension: Record<string, Record<SanitizeVerdict, number>> = {};
  for (const r of results) {
    const extension = path.extname(r.file).slice(1).toLowerCase() || '(none)';
    byExtension[extension] ??= { clean: 0, sanitized: 0, quarantined: 0 };
    byExtension[extension][r.verdict] += 1;
  }
  const summary: CorpusSummary = {
    files: results.length,
    bytes: totalBytes,
    seconds,
    filesPerSecond: results.length / seconds,
    slowest: [...results].sort((a, b) => b.ms - a.ms).slice(0, 5),
    byExtension,
    quarantined: results.filter((r) => r.verdict === 'quarantined'),
  };
  return { results, summary };
}

export function formatCorpusSummary(summary: CorpusSummary): string {
  const lines = [
    `${summary.files} files, ${(summary.bytes / 1024 / 1024).toFixed(1)} MiB in ${summary.seconds.toFixed(1)} s: ${summary.filesPerSecond.toFixed(1)} files/s`,
    '',
    '| extension | clean | sanitized | quarantined |',
    '|---|---|---|---|',
    ...Object.entries(summary.byExtension)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([extension, counts]) => `| ${extension} | ${counts.clean} | ${counts.sanitized} | ${counts.quarantined} |`),
    '',
    'slowest:',
    ...summary.slowest.map((r) => `- ${r.file}: ${r.ms.toFixed(0)} ms (${(r.bytes / 1024).toFixed(0)} KiB, ${r.verdict})`),
    '',
    'quarantined:',
    ...summary.quarantined.map((r) => `- ${r.file}: ${r.reasonCode}: ${r.reason}`),
  ];
  return lines.join('\n');
}

export async function corpusMain(argv: readonly string[]): Promise<void> {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = arg('--corpus');
  if (!root || !fs.existsSync(root)) throw new Error(`--corpus needs an existing folder, got '${root ?? ''}'`);
  const isolation = arg('--isolation') as BuiltinSanitizerOptions['isolation'];
  const jobs = Number(arg('--jobs') ?? '1');
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new Error(`--jobs takes a whole number of files at a time (1 or more), got '${arg('--jobs')}'`);
  const { results, summary } = await runCorpus(root, arg('--out'), isolation ? { isolation } : {}, jobs);
  const json = arg('--json');
  if (json) fs.writeFileSync(json, JSON.stringify(results, null, 1));
  console.log(formatCorpusSummary(summary));
}
