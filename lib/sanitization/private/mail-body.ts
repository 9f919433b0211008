import { looksBinary, sniff } from './detect';

/**
 * Files carried inside the text of a plain-text mail body, in the forms mail clients and
 * newsreaders turn into attachments: uuencode (`begin 644 name` … `end`), its base64 form
 * (`begin-base64 644 name` … `====`), yEnc (`=ybegin … name=` … `=yend`), BinHex 4.0, and bare
 * base64 blocks whose content is a file rather than text.
 */
export interface EncodedFile {
  readonly encoding: 'uuencode' | 'base64' | 'yEnc' | 'BinHex';
  /** The name the block gives (uuencode, yEnc), else undefined. */
  readonly name?: string;
  /** Offsets of the block in the body, whole lines, line end included. */
  readonly start: number;
  readonly end: number;
  /**
   * The decoded file, for 7-bit encodings; undefined for yEnc and BinHex, whose 8-bit or
   * run-length-coded bytes are not recovered from the decoded text of the body.
   */
  readonly bytes?: Uint8Array;
}

interface Line {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function linesOf(body: string): Line[] {
  const lines: Line[] = [];
  const pattern = /[^\r\n]*(\r\n|\n|\r|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(body)) !== null && match.index < body.length) {
    lines.push({ text: match[0].replace(/[\r\n]+$/, ''), start: match.index, end: match.index + match[0].length });
  }
  return lines;
}

/** A uuencoded line: a length character, then groups of four characters from space to backquote. */
const UU_LINE = /^[\x20-\x60]+$/;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
/** PEM and OpenPGP armour: keys, certificates and signatures, which stay text unless they hold a file. */
const ARMOUR_BEGIN = /^-----BEGIN [A-Z0-9 ]+-----$/;
/**
 * Fewest characters of a bare base64 block taken for a file: of one in a format of its own
 * (program, archive, document, picture), and of other binary content. Shorter runs are tokens
 * and hashes.
 */
const BARE_BASE64_MIN_FORMAT_CHARS = 64;
const BARE_BASE64_MIN_BINARY_CHARS = 256;

function decodeUuLines(lines: readonly string[]): Uint8Array {
  const out: number[] = [];
  for (const line of lines) {
    const length = (line.charCodeAt(0) - 32) & 0x3f;
    const values = [...line.slice(1)].map((c) => (c.charCodeAt(0) - 32) & 0x3f);
    const bytes: number[] = [];
    for (let i = 0; i + 1 < values.length; i += 4) {
      const [a, b, c = 0, d = 0] = values.slice(i, i + 4);
      bytes.push(((a << 2) | (b >> 4)) & 0xff, ((b << 4) | (c >> 2)) & 0xff, ((c << 6) | d) & 0xff);
    }
    out.push(...bytes.slice(0, length));
  }
  return Uint8Array.from(out);
}

/** A name from a header line, without folders (the recipient's client would use only the base name). */
function baseName(name: string | undefined): string | undefined {
  const trimmed = name?.trim().replace(/^"|"$/g, '');
  return trimmed ? trimmed.split(/[\\/]/).pop() : undefined;
}

/** Finds the files encoded in a plain-text body, in order, none overlapping. */
export function findEncodedFiles(body: string): EncodedFile[] {
  const lines = linesOf(body);
  const found: EncodedFile[] = [];
  let armoured = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].text;
    const trimmed = line.trim();
    if (ARMOUR_BEGIN.test(trimmed)) armoured = true;
    else if (/^-----END [A-Z0-9 ]+-----$/.test(trimmed)) armoured = false;

    const uu = /^begin(-base64)?\s+[0-7]{3,4}\s+(.+)$/.exec(line);
    if (uu && i + 1 < lines.length) {
      const isBase64 = uu[1] !== undefined;
      const terminator = isBase64 ? /^====\s*$/ : /^end\s*$/;
      const dataLine = isBase64 ? BASE64_LINE : UU_LINE;
      // The encoded lines that follow, up to the terminator or the first line that is not one (a
      // missing "end" does not stop a lenient client from decoding what is there, nor us).
      let j = i + 1;
      while (j < lines.length && !terminator.test(lines[j].text) && (lines[j].text === '' || dataLine.test(lines[j].text))) j += 1;
      const terminated = j < lines.length && terminator.test(lines[j].text);
      if (!terminated) while (j > i + 1 && lines[j - 1].text === '') j -= 1;
      const data = lines.slice(i + 1, j).map((l) => l.text);
      // A "begin 644 x" line followed by prose is prose; followed by encoded lines it is a file.
      if (data.some((l) => l.length > 0)) {
        const bytes = isBase64 ? Buffer.from(data.join(''), 'base64') : decodeUuLines(data.filter((l) => l.length > 0));
        const end = terminated ? lines[j].end : lines[j - 1].end;
        found.push({ encoding: isBase64 ? 'base64' : 'uuencode', name: baseName(uu[2]), start: lines[i].start, end, bytes });
        i = terminated ? j : j - 1;
        continue;
      }
    }

    if (/^=ybegin\s/.test(line)) {
      let j = i + 1;
      while (j < lines.length && !/^=yend(\s|$)/.test(lines[j].text)) j += 1;
      const end = j < lines.length ? lines[j].end : body.length;
      found.push({ encoding: 'yEnc', name: baseName(/\bname=(.*)$/.exec(line)?.[1]), start: lines[i].start, end });
      i = j;
      continue;
    }

    if (/^\(This file must be converted with BinHex/i.test(trimmed)) {
      // The data starts with ':' on a following line and ends with the next ':'.
      let j = i + 1;
      while (j < lines.length && lines[j].text.trim() === '') j += 1;
      if (j < lines.length && lines[j].text.startsWith(':')) {
        let k = j;
        while (k < lines.length && !(k > j ? lines[k].text.includes(':') : lines[k].text.slice(1).includes(':'))) k += 1;
        const end = k < lines.length ? lines[k].end : body.length;
        found.push({ encoding: 'BinHex', start: lines[i].start, end });
        i = k;
        continue;
      }
    }

    if (trimmed.length >= 16 && BASE64_LINE.test(trimmed)) {
      let j = i;
      let chars = 0;
      while (j < lines.length && lines[j].text.trim().length > 0 && BASE64_LINE.test(lines[j].text.trim())) {
        chars += lines[j].text.trim().length;
        j += 1;
      }
      if (chars >= BARE_BASE64_MIN_FORMAT_CHARS) {
        const bytes = Buffer.from(
          lines
            .slice(i, j)
            .map((l) => l.text.trim())
            .join(''),
          'base64',
        );
        // A file format of its own (program, archive, document, picture) is a file wherever it
        // is; binary content is one outside armour (inside, it is a signature or key packet).
        if (sniff(bytes).kind !== 'maybe-text' || (!armoured && chars >= BARE_BASE64_MIN_BINARY_CHARS && looksBinary(bytes))) {
          found.push({ encoding: 'base64', start: lines[i].start, end: lines[j - 1].end, bytes });
        }
        i = j - 1;
      }
    }
  }
  return found;
}

/**
 * Links a mail client makes clickable in plain text that open a file or a network share: a
 * click (or, for some clients, merely showing a preview) makes Windows connect over SMB and send
 * the user's credentials. `file:` and `smb:` URLs and UNC paths (`\\host\share`).
 */
const LOCAL_LINK = /\b(file|smb):(?=\/\/|\\\\|[A-Za-z]:)|(^|[^\\\w])(\\\\)(?=[^\\\s])/gim;

/**
 * Breaks such links so that no client links them, keeping them readable: `file:` becomes
 * `file[:]`, a leading `\\` becomes `[\\]`, the defanging convention of security advisories.
 */
export function defangLocalLinks(body: string): { text: string; count: number } {
  let count = 0;
  const text = body.replace(LOCAL_LINK, (_match, scheme: string | undefined, before: string | undefined) => {
    count += 1;
    return scheme !== undefined ? `${scheme}[:]` : `${before ?? ''}[\\\\]`;
  });
  return { text, count };
}
