import * as iconv from 'iconv-lite';
import { TextOutputEncoding } from '../options';
import { looksBinary } from './detect';

/** Encodings the engine reads. Shift_JIS is read as Windows-31J (CP932), what Japanese Windows writes. */
export type TextEncoding =
  'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'shift_jis' | 'euc-jp' | 'iso-2022-jp' | 'windows-1252';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasPrefix(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Decodes only when every byte sequence is valid in that encoding (iconv-lite marks invalid ones U+FFFD). */
function strictLegacyDecode(bytes: Uint8Array, encoding: 'cp932' | 'euc-jp'): string | undefined {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), encoding);
  return text.includes('\ufffd') ? undefined : text;
}

/** Bytes Windows-1252 leaves undefined: text that has them is not Western European text. */
const WINDOWS_1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function strictWindows1252Decode(bytes: Uint8Array): string | undefined {
  if (bytes.some((b) => WINDOWS_1252_UNDEFINED.has(b))) return undefined;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'windows-1252');
}

const ESC = 0x1b;
type JisSet = 'ascii' | 'jisx0208' | 'jisx0212' | 'katakana';
/** The designations ISO-2022-JP (RFC 1468) and its common extensions use, after ESC; the first of a set is the one written. */
const JIS_DESIGNATIONS: readonly (readonly [string, JisSet])[] = [
  ['(B', 'ascii'],
  // JIS X 0201 Roman differs from ASCII only at 0x5C (yen) and 0x7E (overline); mail readers show it as ASCII.
  ['(J', 'ascii'],
  ['(I', 'katakana'],
  ['$B', 'jisx0208'],
  ['$@', 'jisx0208'],
  ['$(D', 'jisx0212'],
];

/**
 * Decodes ISO-2022-JP (the JIS encoding of Japanese mail and old mail archives) by mapping each
 * character to EUC-JP, which encodes the same character sets, and decoding that with iconv-lite
 * (it has no ISO-2022-JP codec). Undefined when the bytes are not valid ISO-2022-JP: an 8-bit
 * byte, an unknown escape sequence, half a double-byte character, or a code no table defines.
 */
function decodeIso2022Jp(bytes: Uint8Array): string | undefined {
  const euc: number[] = [];
  let set: JisSet = 'ascii';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b >= 0x80) return undefined;
    if (b === ESC) {
      const designation = JIS_DESIGNATIONS.find(([tail]) => [...tail].every((c, k) => bytes[i + 1 + k] === c.charCodeAt(0)));
      if (!designation) return undefined;
      set = designation[1];
      i += 1 + designation[0].length;
      continue;
    }
    // Line ends and controls are single bytes in every set (writers switch back before them anyway).
    if (set === 'ascii' || b < 0x21 || b === 0x7f) {
      euc.push(b);
      i += 1;
    } else if (set === 'katakana') {
      if (b > 0x5f) return undefined;
      euc.push(0x8e, b | 0x80);
      i += 1;
    } else {
      const trail = bytes[i + 1];
      if (trail === undefined || trail < 0x21 || trail > 0x7e) return undefined;
      if (set === 'jisx0212') euc.push(0x8f);
      euc.push(b | 0x80, trail | 0x80);
      i += 2;
    }
  }
  return strictLegacyDecode(Uint8Array.from(euc), 'euc-jp');
}

/** Encodes text as ISO-2022-JP through EUC-JP, returning to ASCII before every ASCII byte and at the end. */
function encodeIso2022Jp(text: string): Uint8Array {
  const euc = iconv.encode(text, 'euc-jp');
  const out: number[] = [];
  let set: JisSet = 'ascii';
  const designate = (next: JisSet) => {
    if (set === next) return;
    const tail = JIS_DESIGNATIONS.find(([, s]) => s === next)?.[0] as string;
    out.push(ESC, ...[...tail].map((c) => c.charCodeAt(0)));
    set = next;
  };
  for (let i = 0; i < euc.length;) {
    const b = euc[i];
    if (b < 0x80) {
      designate('ascii');
      out.push(b);
      i += 1;
    } else if (b === 0x8e) {
      designate('katakana');
      out.push(euc[i + 1] & 0x7f);
      i += 2;
    } else if (b === 0x8f) {
      designate('jisx0212');
      out.push(euc[i + 1] & 0x7f, euc[i + 2] & 0x7f);
      i += 3;
    } else {
      designate('jisx0208');
      out.push(b & 0x7f, euc[i + 1] & 0x7f);
      i += 2;
    }
  }
  designate('ascii');
  const bytes = Uint8Array.from(out);
  // iconv-lite writes '?' for a character EUC-JP lacks: never deliver text other than what was read.
  if (decodeIso2022Jp(bytes) !== text) throw new Error('the text has characters ISO-2022-JP cannot encode');
  return bytes;
}

/**
 * Finds the encoding from the content (BOM, then ISO-2022-JP escapes, then strict UTF-8,
 * Shift_JIS, EUC-JP and Windows-1252, in that order: Japanese first, as Japanese offices write it)
 * and decodes; undefined when the bytes are not text in any of them.
 */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  if (hasPrefix(bytes, UTF8_BOM)) {
    const text = decodeUtf8(bytes.subarray(3));
    return text === undefined ? undefined : { text, encoding: 'utf-8-bom' };
  }
  if (hasPrefix(bytes, [0xff, 0xfe]) && bytes.length % 2 === 0) {
    return { text: Buffer.from(bytes.subarray(2)).toString('utf16le'), encoding: 'utf-16le-bom' };
  }
  if (hasPrefix(bytes, [0xfe, 0xff]) && bytes.length % 2 === 0) {
    const swapped = Buffer.from(bytes.subarray(2)).swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf-16be-bom' };
  }
  if (looksBinary(bytes)) return undefined;
  const utf8 = decodeUtf8(bytes);
  // ISO-2022-JP is 7-bit: it decodes as ASCII, and stripping its ESC sequences would destroy the Japanese text.
  // eslint-disable-next-line no-control-regex
  if (utf8 !== undefined && /\x1b(\$[@B]|\$\(D|\([BIJ])/.test(utf8)) {
    const jis = decodeIso2022Jp(bytes);
    // Not valid JIS (a mail mixing it with UTF-8 parts): read as UTF-8, its stray escapes are stripped.
    return jis === undefined ? { text: utf8, encoding: 'utf-8' } : { text: jis, encoding: 'iso-2022-jp' };
  }
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const sjis = strictLegacyDecode(bytes, 'cp932');
  if (sjis !== undefined) return { text: sjis, encoding: 'shift_jis' };
  const euc = strictLegacyDecode(bytes, 'euc-jp');
  if (euc !== undefined) return { text: euc, encoding: 'euc-jp' };
  const western = strictWindows1252Decode(bytes);
  if (western !== undefined) return { text: western, encoding: 'windows-1252' };
  return undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeText(text: string, encoding: TextEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from(text, 'utf8')]);
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'shift_jis':
      return iconv.encode(text, 'cp932');
    case 'euc-jp':
      return iconv.encode(text, 'euc-jp');
    case 'iso-2022-jp':
      return encodeIso2022Jp(text);
    case 'windows-1252':
      return iconv.encode(text, 'windows-1252');
  }
}

/**
 * Characters that hide or disguise text: C0 controls other than tab/LF/CR (NUL, ESC for terminal
 * escapes, …), DEL, C1 controls, and the bidi embeddings, overrides and isolates that make text
 * display in a different order than it is stored (Trojan Source, `txt.exe` names).
 */
// eslint-disable-next-line no-control-regex
const HIDING_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export interface StrippedText {
  readonly text: string;
  /** One line per kind of character removed, with counts. */
  readonly removals: string[];
}

export function stripHidingCharacters(text: string): StrippedText {
  let controls = 0;
  let bidi = 0;
  const stripped = text.replace(HIDING_CHARACTERS, (c) => {
    if (c >= '\u202a') bidi += 1;
    else controls += 1;
    return '';
  });
  const removals: string[] = [];
  if (controls > 0) removals.push(`removed ${controls} control character(s)`);
  if (bidi > 0) removals.push(`removed ${bidi} bidirectional override/isolate character(s)`);
  return { text: stripped, removals };
}

/** Content that is text but a browser or interpreter would run: never delivered as text. */
export function activeTextKind(text: string): string | undefined {
  const head = text
    .slice(0, 4096)
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  if (/^<!doctype\s+html|^<html[\s>]|^<head[\s>]|^<body[\s>]|^<script[\s>]|^<hta:/.test(head)) return 'html';
  if (/^<svg[\s>]/.test(head) || (/^<\?xml/.test(head) && /<svg[\s>]/.test(head))) return 'svg';
  if (/^<\?xml/.test(head) && /<\?xml-stylesheet|<xsl:/.test(head)) return 'xml';
  if (/^\{\\rtf/.test(head)) return 'rtf';
  return undefined;
}

/**
 * Text that Excel opens as a spreadsheet format of its own whatever the name says (it sniffs the
 * content of .csv and .txt files): SYLK carries Excel 4.0 macro formulas (EXEC, CALL, ALERT,
 * HALT), DIF is imported as a sheet, web/database queries fetch remote content, and
 * SpreadsheetML 2003 and MHTML are full workbooks. Never delivered as text.
 */
export function spreadsheetTextKind(text: string): string | undefined {
  const head = text.slice(0, 4096).replace(/^\ufeff/, '');
  // Excel reads a file starting with the two letters "ID" as SYLK; "ID;" is a SYLK header record.
  if (/^\s*ID;/.test(head) || /(^|\n)C;[^\r\n]*;E[^\r\n]*\b(EXEC|CALL|REGISTER|HALT|ALERT|RUN)\(/i.test(head)) return 'sylk';
  if (/^\s*TABLE\r?\n\s*0\s*,\s*1\s*\r?\n/i.test(head)) return 'dif';
  if (/^\s*WEB\s*\r?\n\s*1\s*\r?\n/i.test(head) || /^\s*WEB\s*\r?\n[^\r\n]*\b(https?|ftp|file):/i.test(head)) return 'iqy';
  if (/^\s*XLODBC\s*\r?\n/i.test(head)) return 'dqy';
  if (/<\?mso-application\s|urn:schemas-microsoft-com:office:(spreadsheet|excel)|<(\w+:)?OfficeDataConnection[\s>]/i.test(head))
    return 'spreadsheetml';
  if (/^\s*MIME-Version:/im.test(head) && /multipart\/related|Content-Location:/i.test(head)) return 'mht';
  return undefined;
}

export interface SanitizedText {
  readonly bytes: Uint8Array;
  readonly encoding: TextEncoding;
  readonly removals: readonly string[];
  readonly notes: readonly string[];
}

/**
 * Formula starts a spreadsheet evaluates: `=`, `+`, `-`, `@` after any leading whitespace (tab,
 * CR, spaces, the ideographic space), which spreadsheets skip.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@]/;
/**
 * The fullwidth forms (`＝＋－＠`): Japanese Excel converts fullwidth input to halfwidth when it
 * reads a cell, so `＝HYPERLINK(…)` becomes a formula; but the same characters open ordinary
 * Japanese text (`－このまちが好きさ－`, a catch phrase between dashes), which no spreadsheet
 * can evaluate to anything. So a fullwidth start counts only when the rest reads as a formula.
 */
const FULLWIDTH_FORMULA_START = /^[\s\u3000]*[\uff1d\uff0b\uff0d\uff20]/;
/** A function call (`HYPERLINK(`, `WEBSERVICE(`) or a DDE link (`cmd|`), after folding to halfwidth. */
const FORMULA_CALL = /[A-Za-z_\\][\w.]*\s*\(|\|/;
/** Only halfwidth references, numbers and operators (`-A1`, `+1+1`), after folding: an expression, not prose. */
const FORMULA_EXPRESSION = /^[\x20-\x7e]+$/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)*|\d*\.\d+)([eE][+-]?\d+)?%?$/;
/** Separators other locales use for CSV: an unquoted cell may be several cells there. */
const OTHER_SEPARATORS = /[,;\t]/;

function isFormula(value: string): boolean {
  if (FORMULA_START.test(value)) return !PLAIN_NUMBER.test(value.trim());
  if (!FULLWIDTH_FORMULA_START.test(value)) return false;
  const folded = value.normalize('NFKC').trim();
  return !PLAIN_NUMBER.test(folded) && (FORMULA_CALL.test(folded) || FORMULA_EXPRESSION.test(folded));
}

/**
 * Where an unquoted cell (from `start`) needs a `'`: at its start when it is a formula, or at each
 * piece a spreadsheet using `;`, `,` or tab as its separator would read as a formula cell.
 */
function unquotedInsertions(value: string, start: number, insertAt: number[]): void {
  if (!OTHER_SEPARATORS.test(value)) {
    if (isFormula(value)) insertAt.push(start);
    return;
  }
  let offset = start;
  for (const [i, piece] of value.split(/([,;\t])/).entries()) {
    if (i % 2 === 0 && isFormula(piece)) insertAt.push(offset);
    offset += piece.length;
  }
}

/**
 * Prefixes formula-looking cells with `'`. Hand-written rather than a CSV library because the
 * file must come out byte-for-byte the same apart from the inserted quotes (a parse/stringify
 * round trip would re-quote every cell). A first line `sep=X` (Excel's separator override) sets
 * the separator. The scan only records where quotes go and the output is cut from the input at
 * those places, so a large file is not rebuilt character by character.
 */
export function neutralizeCsvFormulas(text: string, defaultDelimiter: string): { text: string; cells: number } {
  const insertAt: number[] = [];
  let i = 0;
  let delimiter = defaultDelimiter;
  const sep = /^(\ufeff?"?sep=(.)"?)(\r\n|\n|\r|$)/i.exec(text);
  if (sep) {
    delimiter = sep[2];
    i = sep[0].length;
  }
  const n = text.length;
  const endsCell = (at: number) => text[at] === delimiter || text[at] === '\n' || text[at] === '\r';
  while (i <= n) {
    // At the start of a cell: quoted cells may follow whitespace, which the reader skips.
    let lead = i;
    while (lead < n && (text[lead] === ' ' || text[lead] === '\u3000')) lead += 1;
    if (text[lead] === '"') {
      i = lead;
      // Closing quote: the first '"' not doubled.
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && text[end + 1] === '"') end = text.indexOf('"', end + 2);
      if (end === -1) end = n;
      if (isFormula(text.slice(i + 1, end).replace(/""/g, '"'))) insertAt.push(i + 1);
      i = end + 1;
      // Anything between the closing quote and the delimiter stays as it is.
      while (i < n && !endsCell(i)) i += 1;
    } else {
      let end = i;
      while (end < n && !endsCell(end)) end += 1;
      unquotedInsertions(text.slice(i, end), i, insertAt);
      i = end;
    }
    if (i >= n) break;
    // Past the separator (delimiter or line break), to the next cell.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    if (i === n) break;
  }
  if (insertAt.length === 0) return { text, cells: 0 };
  // Joined a few thousand pieces at a time: millions of live slices would hold far more memory
  // than the text itself.
  const chunks: string[] = [];
  let pieces: string[] = [];
  let from = 0;
  for (const at of insertAt) {
    pieces.push(text.slice(from, at), "'");
    from = at;
    if (pieces.length >= 4096) {
      chunks.push(pieces.join(''));
      pieces = [];
    }
  }
  pieces.push(text.slice(from));
  chunks.push(pieces.join(''));
  return { text: chunks.join(''), cells: insertAt.length };
}

export interface TextSanitizeOptions {
  readonly csvDelimiter?: string;
  readonly neutralizeFormulas: boolean;
  readonly outputEncoding: TextOutputEncoding;
}

/** Decodes, strips hiding characters, neutralizes CSV formulas and re-encodes. */
export function sanitizeText(bytes: Uint8Array, decoded: DecodedText, options: TextSanitizeOptions): SanitizedText {
  const stripped = stripHidingCharacters(decoded.text);
  let text = stripped.text;
  const removals = [...stripped.removals];
  if (options.csvDelimiter && options.neutralizeFormulas) {
    const neutralized = neutralizeCsvFormulas(text, options.csvDelimiter);
    text = neutralized.text;
    if (neutralized.cells > 0) removals.push(`neutralized ${neutralized.cells} formula cell(s) (prefixed with ')`);
  }
  const notes = [`text encoding ${decoded.encoding}`];
  let encoding = decoded.encoding;
  if (options.outputEncoding === 'utf-8-bom' && encoding !== 'utf-8-bom') {
    encoding = 'utf-8-bom';
    notes.push('converted to UTF-8 with BOM');
  }
  const out = removals.length === 0 && encoding === decoded.encoding ? bytes : encodeText(text, encoding);
  return { bytes: out, encoding: decoded.encoding, removals, notes };
}
