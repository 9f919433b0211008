/**
 * The sanitizer's public contract: bytes in, a verdict and (unless quarantined) safe bytes out.
 * Pure with respect to AWS, so the same engine runs in `lgsec sanitize`, in tests and in the
 * SanitizingTransfer's Lambda.
 */

/**
 * - `clean`: nothing hostile was found and nothing of the content was removed; the delivered
 *   bytes may still be a normalized rewrite (a PDF or ZIP is always rebuilt, so that what is
 *   delivered is exactly what the engine inspected).
 * - `sanitized`: active or hidden content was removed or neutralized; the rest is delivered.
 * - `quarantined`: nothing is delivered; `reason` says why.
 */
export type SanitizeVerdict = 'clean' | 'sanitized' | 'quarantined';

/** Why a file was quarantined, as a stable code for audit queries and metrics. */
export type QuarantineCode =
  /** PE, ELF, Mach-O, Java class files. */
  | 'executable'
  /** Shebang scripts and script file types (.js, .vbs, .ps1, .bat, .hta, …). */
  | 'script'
  /** Windows shortcuts (.lnk) and other link files. */
  | 'shortcut'
  /** HTML, SVG, RTF, legacy Office binaries and other types that carry active content the engine cannot remove. */
  | 'active-content'
  /** The content's type is known but not on the allowlist (GIF, 7z, …) or not known at all. */
  | 'unsupported-type'
  /** The name's extension does not match the type found in the content. */
  | 'type-mismatch'
  /** The file claims a type but its structure is broken, truncated or ambiguous. */
  | 'malformed'
  /** Encrypted archive entries, password-protected PDFs or Office files: contents cannot be inspected. */
  | 'encrypted'
  /** An archive inflates far beyond its compressed size (zip bomb). */
  | 'compression-bomb'
  /** Input size, inflated size, entry count or image size over the configured limits. */
  | 'limit-exceeded'
  /** Archives nested deeper than the configured limit. */
  | 'nesting-too-deep'
  /** An archive entry name escapes the extraction folder, is a link, or is ambiguous. */
  | 'unsafe-path'
  /** Quarantined by a chained third-party engine. */
  | 'external-engine';

/** A file handed to an engine. */
export interface SanitizeInput {
  /** File name as received (only its last path segment is used). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A delivered file: the name may differ from the input's (`report.docm` is delivered as `report.docx`). */
export interface SanitizedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Counters the engine keeps while working; they are what enforces the limits. */
export interface SanitizeMetrics {
  /** Bytes produced by decompression, summed over every archive level. */
  readonly bytesInflated: number;
  /** Archive entries opened, summed over every archive level. */
  readonly entriesOpened: number;
  /** Deepest archive nesting reached (0: the file itself is not inside an archive). */
  readonly maxDepthReached: number;
  /**
   * CPU time the worker thread spent on the input, in ms: what `limits.maxCpuMillisecondsPerFile`
   * is held against. Absent where it is not measured (`isolation: 'none'`, not Linux).
   */
  readonly cpuMilliseconds?: number;
}

export interface SanitizeResult {
  /** The input's name. */
  readonly file: string;
  readonly verdict: SanitizeVerdict;
  /**
   * The type found in the content, e.g. `pdf`, `png`, `jpeg`, `docx`, `xlsm`, `eml`, `zip`,
   * `text:utf-8`, `csv:shift_jis`, `pe`, `elf`, `unknown`.
   */
  readonly detectedType: string;
  /** What was done, one human-readable line per action, in order. */
  readonly actions: readonly string[];
  /** Why the file was quarantined; set exactly when the verdict is `quarantined`. */
  readonly reason?: string;
  /** Stable code for `reason`. */
  readonly reasonCode?: QuarantineCode;
  /** Lowercase hex SHA-256 of the input bytes. */
  readonly sha256In: string;
  /** Lowercase hex SHA-256 of the delivered bytes; absent when quarantined. */
  readonly sha256Out?: string;
  /** The delivered file; absent when quarantined. */
  readonly output?: SanitizedFile;
  /** The built-in engine's counters (engines that do not keep them leave this out). */
  readonly metrics?: SanitizeMetrics;
}

/**
 * A content disarm and reconstruction engine. The built-in one is `BuiltinSanitizerEngine`; a
 * commercial CDR product (reached over ICAP or HTTP, for example) implements this interface to
 * replace it or to run after it (`chainEngines`).
 *
 * Contract: never throw for a hostile or broken file (return `quarantined` instead); a thrown
 * error means the engine itself failed, and callers treat the file as not delivered.
 */
export interface ISanitizerEngine {
  /** Shown in actions when engines are chained, e.g. `builtin`. */
  readonly name: string;
  sanitize(input: SanitizeInput): Promise<SanitizeResult>;
}
