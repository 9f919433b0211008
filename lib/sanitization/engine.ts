import {
  BuiltinSanitizerOptions,
  ContainedFileQuarantine,
  EmailAttachmentPolicy,
  ResolvedSanitizerLimits,
  TextOutputEncoding,
  checkSanitizerOptions,
} from './options';
import { sanitizeArchive } from './private/archive';
import { Budget, ContainedResult, HandlerOutcome, SanitizeContext } from './private/context';
import { sniff } from './private/detect';
import { convertGifToPng } from './private/gif';
import { sanitizeEmail } from './private/email';
import { IsolatedSanitizer } from './private/isolation';
import { sanitizeJpeg } from './private/jpeg';
import { cleanFileName, extensionOf, isShortcutExtension, SCRIPT_AND_PROGRAM_EXTENSIONS, withExtension } from './private/names';
import { officeKindOf, sanitizeOoxml } from './private/ooxml';
import { sanitizePdf } from './private/pdf';
import { sanitizePng } from './private/png';
import { Quarantine } from './private/quarantine';
import { activeTextKind, decodeText, sanitizeText, spreadsheetTextKind } from './private/text';
import { readZip, ZipEntry } from './private/zip-reader';
import { sha256Hex } from './private/hash';
import { ISanitizerEngine, SanitizeInput, SanitizeResult } from './types';

/** Extensions delivered as text; anything else whose content is text is a mismatch. */
const TEXT_EXTENSIONS = new Set(['txt', 'text', 'csv', 'tsv', 'log', 'md']);
const JPEG_EXTENSIONS = ['jpg', 'jpeg', 'jpe', 'jfif'];
/** Extensions that promise a binary format: text under one of them is a disguise, not just an unlisted type. */
const BINARY_FORMAT_EXTENSIONS = new Set([
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'gif',
  'bmp',
  'tif',
  'tiff',
  'webp',
  'heic',
  'zip',
  '7z',
  'rar',
  'gz',
  'tgz',
  'tar',
  'lzh',
  'cab',
  'docx',
  'docm',
  'dotx',
  'dotm',
  'xlsx',
  'xlsm',
  'xltx',
  'xltm',
  'xlsb',
  'pptx',
  'pptm',
  'ppsx',
  'ppsm',
  'potx',
  'potm',
  'doc',
  'xls',
  'ppt',
  'msg',
  'odt',
  'ods',
  'odp',
  'mp3',
  'mp4',
  'm4a',
  'wav',
  'avi',
  'mov',
  'wmv',
]);

/** Office extensions of one application: content of one under the name of another is a rename, not a disguise. */
const OFFICE_FAMILIES: readonly (readonly string[])[] = [
  ['docx', 'docm', 'dotx', 'dotm'],
  ['xlsx', 'xlsm', 'xltx', 'xltm'],
  ['pptx', 'pptm', 'ppsx', 'ppsm', 'potx', 'potm'],
];

interface Outcome extends HandlerOutcome {
  readonly detectedType: string;
  /** Extension given to a name that had none. */
  readonly deliveredExtension: string;
}

/** The result of one file at any depth, with the quarantine that ended it (to propagate bombs). */
interface RunResult extends ContainedResult {
  readonly quarantine?: Quarantine;
}

/**
 * The built-in content disarm and reconstruction engine. It finds a file's real type from its
 * content (magic bytes and structure, never the name), checks the name's extension against it,
 * and delivers only allowlisted types made safe: text and CSV (UTF-8, Shift_JIS, EUC-JP,
 * ISO-2022-JP, Windows-1252), Office Open XML documents, PDF, PNG, JPEG, GIF (redrawn as PNG), e-mail (.eml) and ZIP archives (recursively). Everything
 * else (programs, scripts, shortcuts, unknown or mismatched types, broken files, bombs) is
 * quarantined with a reason. All work happens in memory under hard limits.
 */
export class BuiltinSanitizerEngine implements ISanitizerEngine {
  readonly name = 'builtin';
  private readonly limits: ResolvedSanitizerLimits;
  private readonly textOutputEncoding: TextOutputEncoding;
  private readonly neutralizeCsvFormulas: boolean;
  private readonly keepOfficeHyperlinks: boolean;
  private readonly keepIccProfiles: boolean;
  private readonly containedFileQuarantine: ContainedFileQuarantine;
  private readonly emailAttachments: EmailAttachmentPolicy;
  /** The worker thread that enforces the time and memory budget (absent with isolation 'none'). */
  private readonly isolated?: IsolatedSanitizer;

  constructor(options: BuiltinSanitizerOptions = {}) {
    const { limits, problems } = checkSanitizerOptions(options);
    if (problems.length > 0) throw new Error(`Invalid BuiltinSanitizerEngine options:\n  - ${problems.join('\n  - ')}`);
    this.limits = limits;
    this.textOutputEncoding = options.textOutputEncoding ?? 'original';
    this.neutralizeCsvFormulas = options.neutralizeCsvFormulas ?? true;
    this.keepOfficeHyperlinks = options.keepOfficeHyperlinks ?? true;
    this.keepIccProfiles = options.keepIccProfiles ?? false;
    this.containedFileQuarantine = options.containedFileQuarantine ?? 'drop';
    this.emailAttachments = options.emailAttachments ?? 'sanitize';
    if ((options.isolation ?? 'worker-thread') === 'worker-thread') {
      this.isolated = new IsolatedSanitizer(options, {
        maxCpuMilliseconds: limits.maxCpuMillisecondsPerFile,
        cpuOption:
          options.limits?.maxCpuMillisecondsPerFile === undefined && options.limits?.maxMillisecondsPerFile !== undefined
            ? 'maxMillisecondsPerFile'
            : 'maxCpuMillisecondsPerFile',
        maxWallClockMilliseconds: limits.maxWallClockMillisecondsPerFile,
        maxMemoryMiB: limits.maxMemoryMiBPerFile,
      });
    }
  }

  /**
   * Sanitizes one input. With the default isolation it runs in a worker thread and is
   * quarantined (`limit-exceeded`) when it needs more than `limits.maxCpuMillisecondsPerFile` of
   * CPU time or `limits.maxMemoryMiBPerFile` of memory (or, as a backstop, takes more than
   * `limits.maxWallClockMillisecondsPerFile`).
   */
  async sanitize(input: SanitizeInput): Promise<SanitizeResult> {
    if (this.isolated) return this.isolated.sanitize({ name: input.name, bytes: input.bytes });
    return this.sanitizeHere(input);
  }

  /** Stops the engine's worker thread (idle, it does not keep a process alive; this frees it now). */
  async close(): Promise<void> {
    await this.isolated?.close();
  }

  private async sanitizeHere(input: SanitizeInput): Promise<SanitizeResult> {
    const budget = new Budget(this.limits);
    const sha256In = sha256Hex(input.bytes);
    let result: RunResult;
    try {
      result = await this.run(input.name, input.bytes, 0, budget);
    } catch (error) {
      // Only container-wide quarantines escape run(): a bomb deep inside condemns the input.
      const quarantine = error instanceof Quarantine ? error : new Quarantine('malformed', String(error));
      result = { verdict: 'quarantined', detectedType: 'unknown', actions: [], reason: quarantine.reason, reasonCode: quarantine.code };
    }
    const base = {
      file: input.name,
      verdict: result.verdict,
      detectedType: result.detectedType,
      actions: result.actions,
      sha256In,
      metrics: budget.snapshot(),
    };
    if (result.verdict === 'quarantined' || !result.output) {
      return { ...base, verdict: 'quarantined', reason: result.reason, reasonCode: result.reasonCode };
    }
    return { ...base, sha256Out: sha256Hex(result.output.bytes), output: result.output };
  }

  private async run(name: string, bytes: Uint8Array, depth: number, budget: Budget): Promise<RunResult> {
    const cleanName = cleanFileName(name);
    const extension = extensionOf(cleanName);
    const state = { detectedType: 'unknown' };
    const ctx: SanitizeContext = {
      limits: this.limits,
      budget,
      depth,
      sanitizeContained: async (innerName, innerBytes) => {
        const inner = await this.run(innerName, innerBytes, depth + 1, budget);
        if (inner.quarantine?.containerWide) throw inner.quarantine;
        return inner;
      },
    };
    try {
      if (depth > this.limits.maxNestingDepth) {
        throw new Quarantine('nesting-too-deep', `nested more than ${this.limits.maxNestingDepth} levels deep (limits.maxNestingDepth)`);
      }
      budget.maxDepthReached = Math.max(budget.maxDepthReached, depth);
      if (bytes.length > this.limits.maxInputBytes) {
        throw new Quarantine('limit-exceeded', `${bytes.length} bytes, over limits.maxInputBytes (${this.limits.maxInputBytes})`);
      }
      const outcome = await this.dispatch(bytes, extension, ctx, state);
      const nameActions: string[] = [];
      const baseName = name.split(/[\\/]/).pop() ?? name;
      let outputName = cleanName;
      if (extension === '') outputName = `${cleanName}.${outcome.deliveredExtension}`;
      else if (outcome.extension && outcome.extension !== extension) outputName = withExtension(cleanName, outcome.extension);
      if (cleanName !== baseName) nameActions.push(`cleaned file name '${baseName}' to '${cleanName}'`);
      const removals = [...outcome.removals, ...nameActions];
      if (outputName !== cleanName) nameActions.push(`delivered as '${outputName}'`);
      return {
        verdict: removals.length > 0 ? 'sanitized' : 'clean',
        detectedType: outcome.detectedType,
        actions: [...(outcome.notes ?? []), ...outcome.removals, ...nameActions],
        output: { name: outputName, bytes: outcome.bytes },
      };
    } catch (error) {
      const quarantine =
        error instanceof Quarantine
          ? error
          : new Quarantine(
              'malformed',
              `the file could not be processed safely: ${error instanceof Error ? error.message : String(error)}`,
            );
      return {
        verdict: 'quarantined',
        detectedType: state.detectedType,
        actions: [],
        reason: quarantine.reason,
        reasonCode: quarantine.code,
        quarantine,
      };
    }
  }

  private async dispatch(bytes: Uint8Array, extension: string, ctx: SanitizeContext, state: { detectedType: string }): Promise<Outcome> {
    const sniffed = sniff(bytes);
    const imageOptions = { maxImagePixels: this.limits.maxImagePixels, keepIccProfiles: this.keepIccProfiles };
    if (sniffed.kind === 'refused' && sniffed.detectedType === 'gif' && !SCRIPT_AND_PROGRAM_EXTENSIONS.has(extension)) {
      // GIF is not delivered as GIF (its extension blocks carry anything), but its picture is: redrawn as PNG.
      expect(state, 'gif', ['gif'], extension);
      const picture = convertGifToPng(bytes, imageOptions);
      const kept = picture.notes.length > 0 ? ` (${picture.notes.join('; ')})` : '';
      return {
        bytes: picture.bytes,
        removals: [`converted GIF to PNG${kept}`],
        extension: 'png',
        detectedType: 'gif',
        deliveredExtension: 'png',
      };
    }
    if (sniffed.kind === 'refused') {
      state.detectedType = sniffed.detectedType;
      throw new Quarantine(sniffed.code, sniffed.reason);
    }
    if (SCRIPT_AND_PROGRAM_EXTENSIONS.has(extension)) {
      state.detectedType = sniffed.kind === 'maybe-text' ? 'text' : sniffed.kind;
      throw new Quarantine(isShortcutExtension(extension) ? 'shortcut' : 'script', `.${extension} files run code or open other files`);
    }
    switch (sniffed.kind) {
      case 'pdf':
        expect(state, 'pdf', ['pdf'], extension);
        return {
          ...(await sanitizePdf(bytes, { maxMemoryBytes: this.limits.maxMemoryMiBPerFile * 1024 * 1024 })),
          detectedType: 'pdf',
          deliveredExtension: 'pdf',
        };
      case 'png':
        expect(state, 'png', ['png'], extension);
        return { ...sanitizePng(bytes, imageOptions), detectedType: 'png', deliveredExtension: 'png' };
      case 'jpeg':
        expect(state, 'jpeg', JPEG_EXTENSIONS, extension);
        return { ...sanitizeJpeg(bytes, imageOptions), detectedType: 'jpeg', deliveredExtension: 'jpg' };
      case 'zip':
        state.detectedType = 'zip';
        return this.dispatchZip(bytes, extension, ctx, state);
      case 'maybe-text': {
        // Viewers accept a PDF header anywhere in the first 1024 bytes (mail gateways and old
        // scanners prepend junk); only a name that says .pdf is taken at its word, so text that
        // merely mentions %PDF- stays text. qpdf skips the junk, and the rebuilt file starts
        // with the header. A body of PDF objects with no header at all is read the same way.
        const headerAt = extension === 'pdf' ? pdfHeaderOffset(bytes) : -1;
        if (headerAt > 0 || (extension === 'pdf' && headerAt < 0 && isHeaderlessPdf(bytes))) {
          state.detectedType = 'pdf';
          const outcome = await sanitizePdf(bytes, { maxMemoryBytes: this.limits.maxMemoryMiBPerFile * 1024 * 1024 });
          if (headerAt < 0)
            return {
              ...outcome,
              notes: ['added the missing %PDF- header', ...(outcome.notes ?? [])],
              detectedType: 'pdf',
              deliveredExtension: 'pdf',
            };
          return {
            ...outcome,
            removals: [`removed ${headerAt} byte(s) before the %PDF- header`, ...outcome.removals],
            detectedType: 'pdf',
            deliveredExtension: 'pdf',
          };
        }
        return this.dispatchText(bytes, extension, ctx, state);
      }
    }
  }

  private async dispatchZip(bytes: Uint8Array, extension: string, ctx: SanitizeContext, state: { detectedType: string }): Promise<Outcome> {
    const entries = await readZip(bytes, ctx, 'archive');
    const office = officeKindOf(entries);
    if (office && !('unknownContentType' in office)) {
      // A template or show saved under the document extension (dotx as .docx, ppsx as .pptx) is
      // the same application's format: delivered under the extension that matches its content.
      const sameApplication = OFFICE_FAMILIES.some((family) => family.includes(extension) && family.includes(office.type));
      expect(state, office.type, sameApplication ? [extension] : office.extensions, extension);
      const outcome = await sanitizeOoxml(entries, {
        keepHyperlinks: this.keepOfficeHyperlinks,
        images: { maxImagePixels: this.limits.maxImagePixels, keepIccProfiles: this.keepIccProfiles },
      });
      return { ...outcome, detectedType: office.type, deliveredExtension: office.deliveredExtension };
    }
    const names = new Set(entries.map((e: ZipEntry) => e.name.toLowerCase()));
    const mimetype = entries.find((e) => e.name === 'mimetype');
    if (mimetype && Buffer.from(mimetype.bytes).toString('latin1').startsWith('application/vnd.oasis.opendocument')) {
      state.detectedType = 'odf';
      throw new Quarantine('unsupported-type', 'OpenDocument files are not an allowlisted type');
    }
    if (names.has('meta-inf/manifest.mf') && [...names].some((n) => n.endsWith('.class'))) {
      state.detectedType = 'jar';
      throw new Quarantine('executable', 'Java archive (.jar)');
    }
    if (names.has('androidmanifest.xml') && names.has('classes.dex')) {
      state.detectedType = 'apk';
      throw new Quarantine('executable', 'Android package (.apk)');
    }
    if (office) {
      state.detectedType = 'ooxml';
      throw new Quarantine('unsupported-type', `Office package of type '${office.unknownContentType}' is not an allowlisted type`);
    }
    expect(state, 'zip', ['zip'], extension);
    const outcome = await sanitizeArchive(entries, ctx, { containedFileQuarantine: this.containedFileQuarantine });
    return { ...outcome, detectedType: 'zip', deliveredExtension: 'zip' };
  }

  private async dispatchText(
    bytes: Uint8Array,
    extension: string,
    ctx: SanitizeContext,
    state: { detectedType: string },
  ): Promise<Outcome> {
    const decoded = bytes.length === 0 ? { text: '', encoding: 'utf-8' as const } : decodeText(bytes);
    if (!decoded) throw new Quarantine('unsupported-type', 'unknown binary content');
    const active = activeTextKind(decoded.text);
    if (active) {
      state.detectedType = active;
      throw new Quarantine('active-content', `${active.toUpperCase()} content can run scripts or load remote content`);
    }
    const spreadsheet = extension === 'eml' ? undefined : spreadsheetTextKind(decoded.text);
    if (spreadsheet) {
      state.detectedType = spreadsheet;
      throw new Quarantine(
        'active-content',
        `${spreadsheet.toUpperCase()} content: Excel opens it as a spreadsheet format that can run macros or fetch remote data, whatever the name says`,
      );
    }
    if (extension === 'eml') {
      state.detectedType = 'eml';
      const outcome = await sanitizeEmail(bytes, ctx, {
        containedFileQuarantine: this.containedFileQuarantine,
        attachments: this.emailAttachments,
      });
      return { ...outcome, detectedType: 'eml', deliveredExtension: 'eml' };
    }
    const isCsv = extension === 'csv' || extension === 'tsv';
    state.detectedType = `${isCsv ? extension : 'text'}:${decoded.encoding.replace(/-bom$/, '')}`;
    if (extension !== '' && !TEXT_EXTENSIONS.has(extension)) {
      if (BINARY_FORMAT_EXTENSIONS.has(extension))
        throw new Quarantine('type-mismatch', `the name says .${extension} but the content is plain text`);
      throw new Quarantine(
        'unsupported-type',
        `.${extension} files are not an allowlisted type (text is delivered as ${[...TEXT_EXTENSIONS].map((e) => `.${e}`).join(', ')})`,
      );
    }
    const text = sanitizeText(bytes, decoded, {
      csvDelimiter: extension === 'csv' ? ',' : extension === 'tsv' ? '\t' : undefined,
      neutralizeFormulas: this.neutralizeCsvFormulas,
      outputEncoding: this.textOutputEncoding,
    });
    return { bytes: text.bytes, removals: text.removals, notes: text.notes, detectedType: state.detectedType, deliveredExtension: 'txt' };
  }
}

/** Where `%PDF-` starts within the first 1024 bytes, or -1. */
function pdfHeaderOffset(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).indexOf('%PDF-', 0, 'latin1');
}

/** Comment lines, then a first object, and a trailer or end-of-file marker near the end. */
function isHeaderlessPdf(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const head = view.toString('latin1', 0, Math.min(view.length, 1024));
  const tail = view.toString('latin1', Math.max(0, view.length - 2048));
  return /^(\s*%[^\r\n]*[\r\n])*\s*\d+\s+\d+\s+obj\b/.test(head) && /startxref|trailer|%%EOF/.test(tail);
}

function expect(state: { detectedType: string }, detectedType: string, allowed: readonly string[], extension: string): void {
  state.detectedType = detectedType;
  if (extension !== '' && !allowed.includes(extension)) {
    throw new Quarantine('type-mismatch', `the name says .${extension} but the content is ${detectedType}`);
  }
}
