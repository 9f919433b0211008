import { createHash } from 'crypto';
import { createReadStream, promises as fs } from 'fs';
import * as path from 'path';
import { BuiltinSanitizerEngine } from './engine';
import { DEFAULT_SANITIZER_LIMITS } from './options';
import { inOrder } from './private/in-order';
import { ISanitizerEngine, SanitizeResult } from './types';

export interface SanitizeCommandOptions {
  /** Folder delivered files are written to; created when missing. */
  readonly out: string;
  readonly format: 'text' | 'json';
  /** @default - a BuiltinSanitizerEngine with default options */
  readonly engine?: ISanitizerEngine;
  /**
   * Files larger than this are quarantined without being read into memory.
   * @default DEFAULT_SANITIZER_LIMITS.maxInputBytes
   */
  readonly maxInputBytes?: number;
  /**
   * Files sanitized at the same time, each by its own engine (a worker thread); outputs are
   * still written and reported in input order. With `engine` given, that one engine gets the
   * files one at a time.
   * @default 1
   */
  readonly jobs?: number;
}

export interface SanitizeCommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * One element of `lgsec sanitize --format json` (the JSON output is an array of these): the
 * engine's result without the bytes and counters, `file` as given, plus where it was delivered.
 * Beside the DESIGN.md fields it keeps `reasonCode`, for scripts that branch on it.
 */
export interface SanitizeReportEntry extends Omit<SanitizeResult, 'output' | 'metrics'> {
  /** The input path as given. */
  readonly file: string;
  /** Path of the delivered file (--out joined with its name); absent when quarantined. */
  readonly output?: string;
}

class UsageError extends Error {}

async function streamSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function checkUsage(files: readonly string[], out: string): Promise<Map<string, number>> {
  if (files.length === 0) throw new UsageError('no input files given (usage: lgsec sanitize <file>... --out DIR [--format text|json])');
  if (!out) throw new UsageError('--out DIR is required');
  const sizes = new Map<string, number>();
  for (const file of files) {
    let stat;
    try {
      stat = await fs.stat(file);
      await fs.access(file, fs.constants.R_OK);
    } catch {
      throw new UsageError(`cannot read input file '${file}'`);
    }
    if (!stat.isFile()) throw new UsageError(`input '${file}' is not a regular file`);
    sizes.set(file, stat.size);
  }
  try {
    await fs.mkdir(out, { recursive: true });
    const stat = await fs.stat(out);
    if (!stat.isDirectory()) throw new Error();
    await fs.access(out, fs.constants.W_OK);
  } catch {
    throw new UsageError(`output folder '${out}' is not a writable folder`);
  }
  return sizes;
}

/** Picks a file name in `out` that no earlier output and no input uses. */
function uniqueOutputPath(out: string, name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  let candidate = path.resolve(out, name);
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = path.resolve(out, `${stem}-${n}${extension}`);
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Writes through a temporary file and a rename, so a failure never leaves a partial file. */
async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.lgsec-partial`);
  try {
    await fs.writeFile(temporary, bytes, { flag: 'wx' });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

function formatText(entries: readonly SanitizeReportEntry[]): string {
  const lines: string[] = [];
  for (const entry of entries) {
    const target = entry.output ? ` -> ${entry.output}` : '';
    lines.push(`${entry.verdict.padEnd(11)} ${entry.file}${target} [${entry.detectedType}]`);
    if (entry.reason) lines.push(`    reason: ${entry.reason}`);
    for (const action of entry.actions) lines.push(`    - ${action}`);
  }
  const count = (verdict: string) => entries.filter((e) => e.verdict === verdict).length;
  lines.push(`${entries.length} file(s): ${count('clean')} clean, ${count('sanitized')} sanitized, ${count('quarantined')} quarantined`);
  return `${lines.join('\n')}\n`;
}

/**
 * `lgsec sanitize <file>... --out DIR [--format text|json]`: sanitizes each file, writes the
 * delivered ones to DIR (under their delivered names, e.g. a .docm as .docx; a name already used
 * by another output or by an input gets a -2, -3… suffix) and prints a verdict per file. JSON is
 * one array with an element per input, in input order (the DESIGN.md fields, plus `reasonCode`
 * and `output`). Exit code: 0 when every file was
 * delivered, 1 when any was quarantined (an engine that throws quarantines that file), 2 for bad
 * usage or an output that cannot be written (one line on stderr).
 */
export async function runSanitizeCommand(files: string[], options: SanitizeCommandOptions, io: SanitizeCommandIo): Promise<number> {
  if (options.format !== 'text' && options.format !== 'json') {
    io.stderr.write(`lgsec sanitize: --format must be text or json, got '${String(options.format)}'\n`);
    return 2;
  }
  if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs >= 1)) {
    io.stderr.write(`lgsec sanitize: --jobs must be a whole number of files at a time (1 or more), got '${String(options.jobs)}'\n`);
    return 2;
  }
  let sizes: Map<string, number>;
  try {
    sizes = await checkUsage(files, options.out);
  } catch (error) {
    io.stderr.write(`lgsec sanitize: ${(error as Error).message}\n`);
    return 2;
  }
  const jobs = options.jobs ?? 1;
  const own = options.engine ? [] : Array.from({ length: jobs }, () => new BuiltinSanitizerEngine());
  const engines: ISanitizerEngine[] = options.engine ? [options.engine] : own;
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_SANITIZER_LIMITS.maxInputBytes;
  const taken = new Set(files.map((f) => path.resolve(f).toLowerCase()));
  const entries: SanitizeReportEntry[] = [];
  let failure: string | undefined;

  /** One file's verdict: a finished report entry, the engine's result to write, or a fatal error. */
  const judge = async (
    file: string,
    lane: number,
  ): Promise<{ entry: SanitizeReportEntry } | { result: SanitizeResult } | { fatal: string }> => {
    /** A file that is not delivered without the engine saying so (too large, or the engine failed). */
    const notDelivered = (reason: string, sha256In: string, reasonCode?: SanitizeReportEntry['reasonCode']) => ({
      entry: {
        file,
        verdict: 'quarantined' as const,
        detectedType: 'unknown',
        actions: [],
        reason,
        ...(reasonCode ? { reasonCode } : {}),
        sha256In,
      },
    });
    const size = sizes.get(file) ?? 0;
    if (size > maxInputBytes)
      return notDelivered(`${size} bytes, over the input size limit (${maxInputBytes})`, await streamSha256(file), 'limit-exceeded');
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      return { fatal: `cannot read input file '${file}': ${(error as Error).message}` };
    }
    const engine = engines[lane % engines.length];
    try {
      return { result: await engine.sanitize({ name: path.basename(file), bytes }) };
    } catch (error) {
      // The engine itself failed (a chained CDR service down, say): the file is not delivered,
      // and the other files still get their verdicts.
      return notDelivered(
        `sanitizer engine '${engine.name}' failed: ${(error as Error).message.split('\n')[0]}`,
        createHash('sha256').update(bytes).digest('hex'),
      );
    }
  };

  try {
    await inOrder(files, engines.length, judge, async (judged, file) => {
      if ('fatal' in judged) {
        failure = judged.fatal;
        return false;
      }
      if ('entry' in judged) {
        entries.push(judged.entry);
        return true;
      }
      const { result } = judged;
      let written: string | undefined;
      if (result.verdict !== 'quarantined' && result.output) {
        written = uniqueOutputPath(options.out, result.output.name, taken);
        try {
          await writeAtomically(written, result.output.bytes);
        } catch (error) {
          failure = `cannot write '${written}': ${(error as Error).message.split('\n')[0]}`;
          return false;
        }
      }
      entries.push({
        file,
        verdict: result.verdict,
        detectedType: result.detectedType,
        actions: result.actions,
        ...(result.reason !== undefined ? { reason: result.reason } : {}),
        ...(result.reasonCode !== undefined ? { reasonCode: result.reasonCode } : {}),
        sha256In: result.sha256In,
        ...(result.sha256Out !== undefined ? { sha256Out: result.sha256Out } : {}),
        ...(written ? { output: path.join(options.out, path.basename(written)) } : {}),
      });
      return true;
    });
  } finally {
    // Engines made here are closed; one handed in belongs to the caller.
    await Promise.all(own.map((engine) => engine.close()));
  }
  if (failure) {
    io.stderr.write(`lgsec sanitize: ${failure}\n`);
    return 2;
  }
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : formatText(entries));
  return entries.some((e) => e.verdict === 'quarantined') ? 1 : 0;
}
