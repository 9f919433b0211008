/**
 * Limits and choices of the built-in engine. Every limit has a safe default; a limit is a hard
 * stop checked against the engine's own counters while it works (never after the fact).
 */

const MiB = 1024 * 1024;

export interface SanitizerLimits {
  /**
   * Largest input accepted, in bytes.
   * @default 100 MiB
   */
  readonly maxInputBytes?: number;
  /**
   * Most bytes decompression may produce for one input, summed over every archive level. The
   * engine holds inflated content in memory, so this bounds its memory too.
   * @default 256 MiB
   */
  readonly maxInflatedBytes?: number;
  /**
   * Most bytes one archive entry may inflate to: checked on its declared size before inflating and
   * on the bytes produced while inflating. Decompression bombs are stopped by these budgets (and by
   * an entry inflating past its declared size), not by how well the entry compresses: ordinary
   * pictures, blank sheets and padded files compress 1000 times too.
   * @default 128 MiB
   */
  readonly maxInflatedBytesPerEntry?: number;
  /**
   * Most archive entries and e-mail attachments opened for one input, summed over every level.
   * @default 10000
   */
  readonly maxEntries?: number;
  /**
   * How deep archives may nest (a ZIP, e-mail or Office file inside another counts one level).
   * @default 3
   */
  readonly maxNestingDepth?: number;
  /**
   * Highest inflated/compressed ratio an archive entry may reach once it has inflated past
   * `compressionRatioFloorBytes`, for deployments that want it on top of the byte budgets. Off by
   * default: a ratio quarantines ordinary files (an EMF picture, a BMP, a mostly empty CSV) while
   * the byte budgets already stop every bomb.
   * @default Number.MAX_SAFE_INTEGER (no ratio limit)
   */
  readonly maxCompressionRatio?: number;
  /**
   * Below this many inflated bytes an entry is not held to `maxCompressionRatio`.
   * @default 1 MiB
   */
  readonly compressionRatioFloorBytes?: number;
  /**
   * Largest image accepted, in pixels (width x height): a decompression bomb for viewers.
   * @default 100000000 (100 megapixels)
   */
  readonly maxImagePixels?: number;
  /**
   * Most CPU time one input may take, nested files included: the time the worker thread that
   * sanitizes it spends on the CPU, which is the same for the same file however loaded the
   * machine is (a wall-clock limit gave the same file different verdicts on a busy machine). Over
   * it, the worker is stopped and the input quarantined (`limit-exceeded`). Where the thread's CPU
   * time cannot be read (not Linux), this is enforced as wall-clock time.
   * @default 5000 (5 seconds)
   */
  readonly maxCpuMillisecondsPerFile?: number;
  /**
   * Most wall-clock time one input may take: only a backstop for an input that waits rather than
   * computes, well above the CPU budget so that load on the machine never decides a verdict.
   * @default - 60000 (1 minute), or twice the CPU budget when that is more
   */
  readonly maxWallClockMillisecondsPerFile?: number;
  /**
   * The CPU budget under its former name.
   * @deprecated use `maxCpuMillisecondsPerFile` (this name sets it when that is not given; it
   * used to be a wall-clock limit, which made verdicts depend on the machine's load).
   * @default 5000 (5 seconds)
   */
  readonly maxMillisecondsPerFile?: number;
  /**
   * Most memory one input may use, in MiB: how much the process's resident memory may grow while
   * the input runs (sampled every 10 ms by the worker's parent), and the most WebAssembly memory
   * the PDF parser may grow to. Over it, the input is quarantined (`limit-exceeded`).
   * @default 512
   */
  readonly maxMemoryMiBPerFile?: number;
}

export type ResolvedSanitizerLimits = Required<SanitizerLimits>;

export const DEFAULT_SANITIZER_LIMITS: ResolvedSanitizerLimits = {
  maxInputBytes: 100 * MiB,
  maxInflatedBytes: 256 * MiB,
  maxInflatedBytesPerEntry: 128 * MiB,
  maxEntries: 10_000,
  maxNestingDepth: 3,
  maxCompressionRatio: Number.MAX_SAFE_INTEGER,
  compressionRatioFloorBytes: 1 * MiB,
  maxImagePixels: 100_000_000,
  maxCpuMillisecondsPerFile: 5_000,
  maxWallClockMillisecondsPerFile: 60_000,
  maxMillisecondsPerFile: 5_000,
  maxMemoryMiBPerFile: 512,
};

/** How delivered text files are encoded. */
export type TextOutputEncoding =
  /**
   * Keep the encoding found (Shift_JIS stays Shift_JIS, a UTF-8 BOM stays): systems that import
   * CSV files in Japanese offices expect the encoding they were given.
   */
  | 'original'
  /** Convert to UTF-8 with a BOM (Excel then opens UTF-8 CSV correctly). */
  | 'utf-8-bom';

/** What happens to an archive entry or e-mail attachment that is quarantined on its own. */
export type ContainedFileQuarantine =
  /** Drop it, deliver the rest and say what was dropped (a note entry, a line in the mail body). */
  | 'drop'
  /** Quarantine the whole archive or mail. */
  | 'quarantine-container';

/** What happens to the attachments of an e-mail (.eml). */
export type EmailAttachmentPolicy =
  /** Sanitize each attachment like any file; deliver what survives, name what was dropped. */
  | 'sanitize'
  /** Remove every attachment, naming each in a note at the end of the body: the message arrives as text alone. */
  | 'remove';

export interface BuiltinSanitizerOptions {
  /** @default - DEFAULT_SANITIZER_LIMITS */
  readonly limits?: SanitizerLimits;
  /** @default 'original' */
  readonly textOutputEncoding?: TextOutputEncoding;
  /**
   * Prefix CSV/TSV cells that start with `=`, `+`, `-`, `@` (and are not plain numbers) with `'`,
   * so a spreadsheet shows them as text instead of running them as formulas; cells that start
   * with the fullwidth forms only when a formula follows (a function call, a DDE link, or
   * halfwidth references and operators), since Japanese text opens with them too.
   * @default true
   */
  readonly neutralizeCsvFormulas?: boolean;
  /**
   * Keep http(s) and mailto hyperlinks in Office documents (they open only when clicked; every
   * other external relationship, which Office fetches by itself, is removed regardless).
   * @default true
   */
  readonly keepOfficeHyperlinks?: boolean;
  /**
   * Keep PNG iCCP and JPEG APP2 ICC colour profiles (colour fidelity; they are metadata the
   * decoder reads, a known parser attack surface).
   * @default false
   */
  readonly keepIccProfiles?: boolean;
  /** @default 'drop' */
  readonly containedFileQuarantine?: ContainedFileQuarantine;
  /**
   * Attachments of e-mails (メール無害化): sanitized like any file, or all removed.
   * @default 'sanitize'
   */
  readonly emailAttachments?: EmailAttachmentPolicy;
  /**
   * Where each input is sanitized. `'worker-thread'` enforces `limits.maxCpuMillisecondsPerFile`,
   * `limits.maxWallClockMillisecondsPerFile` and `limits.maxMemoryMiBPerFile` (one input at a time per engine instance; create more
   * engines to work in parallel). `'none'` works in the calling thread: only the PDF parser's
   * memory limit then holds, and nothing stops a file that takes too long. Use it only where
   * worker threads are unavailable and something else bounds the process.
   * @default 'worker-thread'
   */
  readonly isolation?: SanitizerIsolation;
}

export type SanitizerIsolation = 'worker-thread' | 'none';

/** Fills in defaults and lists every bad value (not a positive integer, not a known limit). */
export function checkSanitizerLimits(limits: SanitizerLimits = {}): { resolved: ResolvedSanitizerLimits; problems: string[] } {
  const resolved = { ...DEFAULT_SANITIZER_LIMITS };
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_SANITIZER_LIMITS) as (keyof ResolvedSanitizerLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      problems.push(`limits.${key} must be a positive integer, got ${String(value)}`);
      continue;
    }
    resolved[key] = value;
  }
  // The CPU budget under either name; the wall-clock backstop stays above it.
  const cpu = limits.maxCpuMillisecondsPerFile;
  const legacy = limits.maxMillisecondsPerFile;
  if (cpu !== undefined && legacy !== undefined && cpu !== legacy) {
    problems.push(
      `limits.maxMillisecondsPerFile (${legacy}) is the former name of limits.maxCpuMillisecondsPerFile (${cpu}); set only maxCpuMillisecondsPerFile`,
    );
  }
  const cpuBudget = cpu !== undefined ? resolved.maxCpuMillisecondsPerFile : resolved.maxMillisecondsPerFile;
  resolved.maxCpuMillisecondsPerFile = cpuBudget;
  resolved.maxMillisecondsPerFile = cpuBudget;
  if (limits.maxWallClockMillisecondsPerFile === undefined) {
    resolved.maxWallClockMillisecondsPerFile = Math.max(DEFAULT_SANITIZER_LIMITS.maxWallClockMillisecondsPerFile, 2 * cpuBudget);
  } else if (resolved.maxWallClockMillisecondsPerFile < cpuBudget) {
    problems.push(
      `limits.maxWallClockMillisecondsPerFile (${resolved.maxWallClockMillisecondsPerFile}) is a backstop and must be at least limits.maxCpuMillisecondsPerFile (${cpuBudget})`,
    );
  }
  const known = new Set(Object.keys(DEFAULT_SANITIZER_LIMITS));
  for (const key of Object.keys(limits)) {
    if (!known.has(key)) problems.push(`limits.${key} is not a sanitizer limit (known: ${[...known].join(', ')})`);
  }
  return { resolved, problems };
}

/** Validates limits and fills in defaults; throws once, naming every bad value. */
export function resolveLimits(limits: SanitizerLimits = {}): ResolvedSanitizerLimits {
  const { resolved, problems } = checkSanitizerLimits(limits);
  if (problems.length > 0) throw new Error(`Invalid sanitizer limits:\n  - ${problems.join('\n  - ')}`);
  return resolved;
}

const TEXT_ENCODINGS: readonly TextOutputEncoding[] = ['original', 'utf-8-bom'];
const CONTAINED_POLICIES: readonly ContainedFileQuarantine[] = ['drop', 'quarantine-container'];
const ISOLATIONS: readonly SanitizerIsolation[] = ['worker-thread', 'none'];
const EMAIL_ATTACHMENT_POLICIES: readonly EmailAttachmentPolicy[] = ['sanitize', 'remove'];

/**
 * Every problem with options of the built-in engine, with the limits they resolve to. Kept apart
 * from the engine, so that a construct validating its `engineOptions` does not load the parsers.
 */
export function checkSanitizerOptions(options: BuiltinSanitizerOptions = {}): { limits: ResolvedSanitizerLimits; problems: string[] } {
  const { resolved: limits, problems } = checkSanitizerLimits(options.limits);
  if (options.textOutputEncoding !== undefined && !TEXT_ENCODINGS.includes(options.textOutputEncoding)) {
    problems.push(`textOutputEncoding must be one of ${TEXT_ENCODINGS.join(', ')}, got '${String(options.textOutputEncoding)}'`);
  }
  if (options.containedFileQuarantine !== undefined && !CONTAINED_POLICIES.includes(options.containedFileQuarantine)) {
    problems.push(
      `containedFileQuarantine must be one of ${CONTAINED_POLICIES.join(', ')}, got '${String(options.containedFileQuarantine)}'`,
    );
  }
  if (options.emailAttachments !== undefined && !EMAIL_ATTACHMENT_POLICIES.includes(options.emailAttachments)) {
    problems.push(`emailAttachments must be one of ${EMAIL_ATTACHMENT_POLICIES.join(', ')}, got '${String(options.emailAttachments)}'`);
  }
  if (options.isolation !== undefined && !ISOLATIONS.includes(options.isolation)) {
    problems.push(`isolation must be one of ${ISOLATIONS.join(', ')}, got '${String(options.isolation)}'`);
  }
  return { limits, problems };
}
