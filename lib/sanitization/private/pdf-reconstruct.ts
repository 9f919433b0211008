import * as zlib from 'zlib';

/**
 * Rebuilds a damaged PDF from the objects in its body, the way native qpdf and poppler recover
 * a file whose cross-reference table is missing, loops or points at the wrong bytes: every
 * `N G obj` in the file is read (the last definition of a number wins, as in an incremental
 * update), stream lengths are measured up to `endstream` instead of trusting /Length, objects
 * inside Flate object streams are taken out, and a new file is written with a fresh table and a
 * trailer chosen as qpdf chooses it (see trailerEntries).
 *
 * The qpdf build used here cannot do this itself (its recovery relies on C++ exceptions, which
 * the WebAssembly build does not catch). Nothing here decides what is safe: qpdf reads the
 * rebuilt file like any other input, and what it reads is what is inspected and delivered.
 */

/**
 * An object header: number, generation, `obj`, at the start of a line (as qpdf looks for them)
 * or right after the previous object's end, so words inside strings are not taken for one.
 */
const OBJECT_HEADER = /(?<=^|[\r\n]|endobj|endstream)[\0\t\f ]*(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj(?![A-Za-z0-9])/g;
const REF = String.raw`\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+R`;
/** PDF's limit on object numbers (ISO 32000-1, Annex C). */
const MAX_OBJECT_NUMBER = 8_388_607;

interface BodyObject {
  readonly number: number;
  readonly generation: number;
  /** The object's value; for a stream, its dictionary. */
  readonly value: string;
  /** Byte range of a stream's data. */
  readonly data?: { readonly start: number; readonly end: number };
  /** Where the definition was found: later definitions replace earlier ones. */
  readonly position: number;
}

const isWhite = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0';
const isDelimiter = (c: string | undefined) => c === undefined || isWhite(c) || '()<>[]{}/%'.includes(c);

/**
 * Reads one object's value from `from`: up to the `stream` or `endobj` keyword outside strings
 * and dictionaries, or up to `limit`. Returns the value text and the keyword that ended it.
 */
function readValue(text: string, from: number, limit: number): { value: string; end: number; keyword?: 'stream' | 'endobj' } {
  let depth = 0;
  let i = from;
  while (i < limit) {
    const c = text[i];
    if (c === '(') {
      // A literal string: balanced parentheses, backslash escapes.
      let nest = 1;
      i += 1;
      while (i < limit && nest > 0) {
        if (text[i] === '\\') i += 1;
        else if (text[i] === '(') nest += 1;
        else if (text[i] === ')') nest -= 1;
        i += 1;
      }
      continue;
    }
    if (c === '%') {
      while (i < limit && text[i] !== '\n' && text[i] !== '\r') i += 1;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      depth += 1;
      i += 2;
      continue;
    }
    if (c === '>' && text[i + 1] === '>') {
      depth = Math.max(0, depth - 1);
      i += 2;
      continue;
    }
    if (c === '<') {
      const close = text.indexOf('>', i + 1);
      i = close === -1 || close > limit ? limit : close + 1;
      continue;
    }
    if (depth === 0 && (c === 's' || c === 'e') && isDelimiter(text[i - 1])) {
      for (const keyword of ['stream', 'endobj'] as const) {
        if (text.startsWith(keyword, i) && isDelimiter(text[i + keyword.length])) {
          return { value: text.slice(from, i).trim(), end: i + keyword.length, keyword };
        }
      }
    }
    i += 1;
  }
  return { value: text.slice(from, limit).trim(), end: limit };
}

/** Every object defined in the file's body, in file order (streams read to `endstream` or `endobj`). */
function bodyObjects(text: string): BodyObject[] {
  const objects: BodyObject[] = [];
  OBJECT_HEADER.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = OBJECT_HEADER.exec(text))) {
    const number = Number(match[1]);
    const generation = Number(match[2]);
    const bodyStart = match.index + match[0].length;
    OBJECT_HEADER.lastIndex = bodyStart;
    const next = nextHeader(text, bodyStart);
    const read = readValue(text, bodyStart, next);
    if (number === 0 || number > MAX_OBJECT_NUMBER || read.value === '') {
      OBJECT_HEADER.lastIndex = read.keyword === 'endobj' ? read.end : bodyStart;
      continue;
    }
    if (read.keyword !== 'stream') {
      objects.push({ number, generation, value: read.value, position: match.index });
      OBJECT_HEADER.lastIndex = read.end;
      continue;
    }
    // Stream data starts after the end of line that follows `stream` and ends before the end
    // of line that precedes `endstream`; /Length is not trusted (it is what is often wrong).
    let start = read.end;
    if (text[start] === '\r' && text[start + 1] === '\n') start += 2;
    else if (text[start] === '\n' || text[start] === '\r') start += 1;
    // A damaged `endstream` keyword: the data ends at the object's `endobj`, as qpdf recovers it.
    const endstream = text.indexOf('endstream', start);
    const endobj = text.indexOf('endobj', start);
    const stop = endstream === -1 || (endobj !== -1 && endobj < endstream) ? endobj : endstream;
    if (stop === -1) continue;
    let end = stop;
    if (text[end - 1] === '\n') end -= 1;
    if (text[end - 1] === '\r') end -= 1;
    objects.push({ number, generation, value: read.value, data: { start, end: Math.max(start, end) }, position: match.index });
    OBJECT_HEADER.lastIndex = stop;
  }
  return objects;
}

/** A second cursor on the same pattern, so looking ahead does not move the scan's own. */
const NEXT_HEADER = new RegExp(OBJECT_HEADER.source, 'g');

function nextHeader(text: string, from: number): number {
  NEXT_HEADER.lastIndex = from;
  const found = NEXT_HEADER.exec(text);
  return found ? found.index : text.length;
}

/** The integer a dictionary gives for a key, when it is given directly. */
function directInteger(dict: string, key: string): number | undefined {
  const match = new RegExp(`/${key}[\\0\\t\\n\\f\\r ]+(\\d+)(?![\\d.]|[\\0\\t\\n\\f\\r ]+\\d+[\\0\\t\\n\\f\\r ]+R)`).exec(dict);
  return match ? Number(match[1]) : undefined;
}

/** The objects of a Flate (or unfiltered) object stream, or none when it cannot be read. */
function objectStreamMembers(bytes: Uint8Array, stream: BodyObject): BodyObject[] {
  const n = directInteger(stream.value, 'N');
  const first = directInteger(stream.value, 'First');
  const filter = /\/Filter[\0\t\n\f\r ]*(\[[\0\t\n\f\r ]*)?\/(\w+)/.exec(stream.value)?.[2];
  if (n === undefined || first === undefined || !stream.data) return [];
  if ((filter && filter !== 'FlateDecode' && filter !== 'Fl') || /\/DecodeParms/.test(stream.value)) return [];
  const raw = bytes.subarray(stream.data.start, stream.data.end);
  let decoded: Buffer;
  try {
    decoded = filter ? zlib.inflateSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : Buffer.from(raw);
  } catch {
    return [];
  }
  const content = decoded.toString('latin1');
  const header = content
    .slice(0, first)
    .trim()
    .split(/[\0\t\n\f\r ]+/)
    .map(Number);
  const members: BodyObject[] = [];
  for (let i = 0; i < n && 2 * i + 1 < header.length; i += 1) {
    const number = header[2 * i];
    const offset = first + header[2 * i + 1];
    const end = 2 * i + 3 < header.length ? first + header[2 * i + 3] : content.length;
    if (!Number.isInteger(number) || number <= 0 || number > MAX_OBJECT_NUMBER || !(offset >= first && end >= offset)) continue;
    const value = content.slice(offset, end).trim();
    if (value) members.push({ number, generation: 0, value, position: stream.position });
  }
  return members;
}

const isType = (object: BodyObject, type: string) => new RegExp(`/Type[\\0\\t\\n\\f\\r ]*/${type}(?![A-Za-z0-9])`).test(object.value);

/**
 * The trailer entries to keep. As qpdf does when it reconstructs: the first `trailer` dictionary
 * that names a catalog, else the last cross-reference stream that does, else the catalog object.
 */
function trailerEntries(text: string, objects: readonly BodyObject[], winners: ReadonlyMap<number, BodyObject>): string[] | undefined {
  const entry = (dict: string, key: string, value: string) => new RegExp(`/${key}[\\0\\t\\n\\f\\r ]*(${value})`).exec(dict)?.[1];
  // A reference reaches an object only with its generation (an update may redefine 1 0 as 1 1).
  const resolves = (ref: string | undefined) => {
    const [number, generation] = (ref ?? '').split(/[\0\t\n\f\r ]+/).map(Number);
    const target = winners.get(number);
    return target?.generation === generation ? target : undefined;
  };
  const isCatalog = (ref: string | undefined) => {
    const target = resolves(ref);
    return target !== undefined && (isType(target, 'Catalog') || /\/Pages[\0\t\n\f\r ]/.test(target.value));
  };
  const keywordTrailers = [...text.matchAll(/trailer[\0\t\n\f\r ]*<</g)].map(
    (match) => readValue(text, (match.index ?? 0) + 'trailer'.length, Math.min(text.length, (match.index ?? 0) + 65_536)).value,
  );
  const streamTrailers = objects
    .filter((o) => isType(o, 'XRef'))
    .map((o) => o.value)
    .reverse();
  const dict = [...keywordTrailers, ...streamTrailers].find((candidate) => isCatalog(entry(candidate, 'Root', REF)));
  let root = dict ? entry(dict, 'Root', REF) : undefined;
  if (!root) {
    const catalog = [...winners.values()].filter((o) => isType(o, 'Catalog')).pop();
    if (!catalog) return undefined;
    root = `${catalog.number} ${catalog.generation} R`;
  }
  const entries = [`/Root ${root}`];
  const info = dict ? entry(dict, 'Info', REF) : undefined;
  if (resolves(info)) entries.push(`/Info ${info}`);
  const id = dict ? entry(dict, 'ID', String.raw`\[[^\]]*\]`) : undefined;
  if (id) entries.push(`/ID ${id}`);
  const encrypt = dict ? entry(dict, 'Encrypt', REF) : undefined;
  if (encrypt) entries.push(`/Encrypt ${encrypt}`);
  return entries;
}

/** Sets a stream dictionary's /Length to the measured length. */
function withLength(dict: string, length: number): string {
  const key = new RegExp(`/Length(?![A-Za-z0-9])[\\0\\t\\n\\f\\r ]*(${REF}|\\d+)`);
  if (key.test(dict)) return dict.replace(key, `/Length ${length}`);
  return dict.replace(/^<</, `<< /Length ${length}`);
}

/** A new file holding the body's objects with a fresh cross-reference table, or undefined when there is no catalog. */
export function reconstructPdf(bytes: Uint8Array): Uint8Array | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  const found = bodyObjects(text);
  const encrypted = /\/Encrypt[\0\t\n\f\r ]/.test(text);
  const all: BodyObject[] = [];
  for (const object of found) {
    // Members of object streams are written out as ordinary objects (not when the file is
    // encrypted: their strings are only decryptable inside the stream).
    if (!encrypted && isType(object, 'ObjStm')) all.push(...objectStreamMembers(bytes, object));
    else if (!isType(object, 'XRef')) all.push(object);
  }
  const winners = new Map<number, BodyObject>();
  for (const object of [...all].sort((a, b) => a.position - b.position)) winners.set(object.number, object);
  if (winners.size === 0) return undefined;
  const trailer = trailerEntries(text, found, winners);
  if (!trailer) return undefined;

  const version = /%PDF-(\d\.\d)/.exec(text.slice(0, 1024))?.[1] ?? '1.7';
  const chunks: Buffer[] = [Buffer.from(`%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`, 'latin1')];
  let offset = chunks[0].length;
  const offsets = new Map<number, { offset: number; generation: number }>();
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    offset += chunk.length;
  };
  for (const number of [...winners.keys()].sort((a, b) => a - b)) {
    const object = winners.get(number) as BodyObject;
    offsets.set(number, { offset, generation: object.generation });
    if (object.data) {
      const data = buffer.subarray(object.data.start, object.data.end);
      push(Buffer.from(`${number} ${object.generation} obj\n${withLength(object.value, data.length)}\nstream\n`, 'latin1'));
      push(data);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      push(Buffer.from(`${number} ${object.generation} obj\n${object.value}\nendobj\n`, 'latin1'));
    }
  }
  const size = Math.max(...winners.keys()) + 1;
  const lines = ['xref', `0 ${size}`, '0000000000 65535 f '];
  for (let number = 1; number < size; number += 1) {
    const entry = offsets.get(number);
    lines.push(entry ? `${String(entry.offset).padStart(10, '0')} ${String(entry.generation).padStart(5, '0')} n ` : '0000000000 00000 f ');
  }
  lines.push('trailer', `<< /Size ${size} ${trailer.join(' ')} >>`, 'startxref', String(offset), '%%EOF', '');
  push(Buffer.from(lines.join('\n'), 'latin1'));
  return Buffer.concat(chunks);
}
