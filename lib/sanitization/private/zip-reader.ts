import { Readable } from 'stream';
import * as zlib from 'zlib';
import * as iconv from 'iconv-lite';
import * as yauzl from 'yauzl';
import { SanitizeContext } from './context';
import { trimTrailing } from './names';
import { Quarantine } from './quarantine';

/** One entry of an archive, inflated within the limits. */
export interface ZipEntry {
  /** Decoded name, `/`-separated, validated (no traversal, no absolute path). */
  readonly name: string;
  /** The header stored backslashes as separators (Windows tools do; Office packages never). */
  readonly hadBackslash?: boolean;
  readonly isDirectory: boolean;
  /** Inflated content (empty for directories). */
  readonly bytes: Uint8Array;
  readonly lastModified: Date;
}

const UNIX_FILE_TYPE_MASK = 0o170000;
const UNIX_SYMLINK = 0o120000;

/**
 * Entry names are not always UTF-8: Japanese Windows writes Shift_JIS without saying so (and
 * Shift_JIS uses byte 0x5C, the backslash, inside characters like 表 and ソ, so names are decoded
 * before backslashes are read as separators). Flagged
 * UTF-8 and Info-ZIP Unicode path fields win (as in every extractor), then strict UTF-8, strict
 * Shift_JIS, and CP437 as the ZIP spec's fallback.
 */
function decodeRawName(raw: Buffer): string {
  if (raw.every((b) => b < 0x80)) return raw.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    const sjis = iconv.decode(raw, 'cp932');
    if (!sjis.includes('\ufffd') && iconv.encode(sjis, 'cp932').equals(raw)) return sjis;
    return iconv.decode(raw, 'cp437');
  }
}

const UNICODE_PATH_FIELD = 0x7075;

/** The names an Info-ZIP Unicode path extra field gives, from a raw extra-field block. */
function unicodePathNames(fields: readonly { id: number; data: Buffer }[]): string[] {
  return fields.filter((f) => f.id === UNICODE_PATH_FIELD && f.data.length >= 5).map((f) => f.data.subarray(5).toString('utf8'));
}

function parseExtraFieldBlock(block: Buffer): { id: number; data: Buffer }[] {
  const fields: { id: number; data: Buffer }[] = [];
  for (let i = 0; i + 4 <= block.length;) {
    const id = block.readUInt16LE(i);
    const size = block.readUInt16LE(i + 2);
    fields.push({ id, data: block.subarray(i + 4, Math.min(block.length, i + 4 + size)) });
    i += 4 + size;
  }
  return fields;
}

/**
 * A Unicode path extra field is a second name for the entry: extractors that read it (7-Zip,
 * Info-ZIP) and those that ignore it (Office, Windows) would show different files. It is
 * accepted only when it spells the header's own name (in any encoding the header could use).
 */
function checkUnicodePath(raw: Buffer, fields: readonly { id: number; data: Buffer }[], what: string): void {
  const header = new Set(
    [raw.toString('utf8'), decodeRawName(raw), iconv.decode(raw, 'cp932'), iconv.decode(raw, 'cp437')].map((n) =>
      n.replace(/\\/g, '/').normalize('NFC'),
    ),
  );
  for (const unicode of unicodePathNames(fields)) {
    if (!header.has(unicode.replace(/\\/g, '/').normalize('NFC'))) {
      throw new Quarantine(
        'unsafe-path',
        `${what} entry '${decodeRawName(raw)}' has a Unicode path field naming another file ('${unicode}'): extractors would disagree on its name`,
      );
    }
  }
}

function decodeEntryName(entry: yauzl.Entry): string {
  const flaggedUtf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
  if (flaggedUtf8 || unicodePathNames(entry.extraFields).length > 0) {
    return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  }
  return decodeRawName(entry.fileNameRaw);
}

/** Why a name is unsafe to extract, or undefined when it is safe. */
export function unsafeEntryName(name: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains control characters';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'starts with a drive letter';
  if (name.split('/').some((segment) => segment === '..')) return 'climbs out of the extraction folder (..)';
  if (name.length === 0) return 'is empty';
  return undefined;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;

/**
 * Office, LibreOffice and unzip accept an end-of-central-directory record whose comment length
 * disagrees with the bytes that follow it (a few stray bytes, or a comment cut short); yauzl does
 * not. The archive is rebuilt anyway, so the comment is cut to what the record declares (or
 * padded) unless the stray bytes could hold another record a different reader would pick.
 */
export function repairCommentLength(bytes: Uint8Array): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const lowest = Math.max(0, buffer.length - EOCD_SIZE - 0xffff);
  for (let i = buffer.length - EOCD_SIZE; i >= lowest; i -= 1) {
    if (buffer.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const declared = buffer.readUInt16LE(i + 20);
    const present = buffer.length - i - EOCD_SIZE;
    if (declared === present) return bytes;
    const stray = buffer.subarray(i + EOCD_SIZE + Math.min(declared, present));
    if (stray.includes(Buffer.from('PK'))) return bytes;
    // Another record earlier whose comment would run exactly to the end is an ambiguity, not a quirk.
    for (let j = i - 1; j >= lowest; j -= 1) {
      if (buffer.readUInt32LE(j) === EOCD_SIGNATURE && buffer.readUInt16LE(j + 20) === buffer.length - j - EOCD_SIZE) return bytes;
    }
    if (declared < present) return buffer.subarray(0, i + EOCD_SIZE + declared);
    return Buffer.concat([buffer, Buffer.alloc(declared - present)]);
  }
  return bytes;
}

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  const repaired = repairCommentLength(bytes);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(repaired.buffer, repaired.byteOffset, repaired.length),
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, strictFileNames: false, autoClose: false },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))));
}

function malformed(what: string, error: unknown): Quarantine {
  const message = error instanceof Error ? error.message : String(error);
  if (/encrypt/i.test(message)) return new Quarantine('encrypted', `${what} uses encryption: ${message}`);
  return new Quarantine('malformed', `${what} is not a valid ZIP: ${message}`);
}

/**
 * Streams one entry through inflate, counting as it goes and stopping the moment a limit is
 * crossed, so a bomb never inflates beyond the limit into memory.
 */
async function inflateEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, ctx: SanitizeContext): Promise<Uint8Array> {
  const { budget } = ctx;
  const stream = await openStream(zip, entry);
  // Filled in place: the declared size is already within the limits, and concatenating chunks
  // at the end would hold the content twice.
  const data = Buffer.allocUnsafe(entry.uncompressedSize);
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) {
        throw new Quarantine('compression-bomb', `entry '${name}' inflates beyond the ${entry.uncompressedSize} bytes its header declares`);
      }
      // An entry never inflates past its declared size, which the budgets were checked against.
      budget.inflate(chunk.length);
      chunk.copy(data, inflated - chunk.length);
    }
  } finally {
    stream.destroy();
  }
  if (inflated !== entry.uncompressedSize) {
    throw new Quarantine('malformed', `entry '${name}' inflates to ${inflated} bytes, its header declares ${entry.uncompressedSize}`);
  }
  if (zlib.crc32(data) !== entry.crc32) throw new Quarantine('malformed', `entry '${name}' fails its CRC-32 check`);
  return data;
}

function localHeader(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<yauzl.LocalFileHeader> {
  return new Promise((resolve, reject) => zip.readLocalFileHeader(entry, {}, (err, header) => (err ? reject(err) : resolve(header))));
}

/**
 * Entries whose data overlap (several central directory records pointing into the same
 * compressed bytes) are how a non-recursive zip bomb multiplies a small kernel; no tool writes
 * them, so they are refused outright. Then each local header must agree with its central record
 * (name, method, Unicode path), or two extractors would show different files.
 */
async function checkLocalHeaders(zip: yauzl.ZipFile, files: readonly { entry: yauzl.Entry; name: string }[], what: string): Promise<void> {
  const spans: { start: number; end: number; name: string }[] = [];
  const headers: { entry: yauzl.Entry; name: string; header: yauzl.LocalFileHeader }[] = [];
  for (const { entry, name } of files) {
    let header: yauzl.LocalFileHeader;
    try {
      header = await localHeader(zip, entry);
    } catch (error) {
      throw malformed(`${what} entry '${name}'`, error);
    }
    headers.push({ entry, name, header });
    const start = header.fileDataStart;
    spans.push({ start: entry.relativeOffsetOfLocalHeader, end: start + entry.compressedSize, name });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i += 1) {
    if (spans[i].start < spans[i - 1].end) {
      throw new Quarantine(
        'compression-bomb',
        `${what} entries '${spans[i - 1].name}' and '${spans[i].name}' share compressed data (overlapping entries, a zip bomb technique)`,
      );
    }
  }
  for (const { entry, name, header } of headers) {
    // Streaming extractors read the local header, the others the central directory: both must say the same.
    if (!Buffer.from(header.fileName).equals(entry.fileNameRaw)) {
      throw new Quarantine(
        'unsafe-path',
        `${what} entry '${name}' has another name in its local header ('${decodeRawName(Buffer.from(header.fileName))}')`,
      );
    }
    if (header.compressionMethod !== entry.compressionMethod) {
      throw new Quarantine(
        'malformed',
        `${what} entry '${name}' declares compression method ${header.compressionMethod} locally and ${entry.compressionMethod} centrally`,
      );
    }
    checkUnicodePath(entry.fileNameRaw, parseExtraFieldBlock(Buffer.from(header.extraField)), what);
  }
}

/**
 * Reads every entry of a ZIP from its central directory, enforcing the limits before and while
 * inflating. Encrypted entries, links, unsafe or duplicate names, unsupported compression and
 * structural damage quarantine the archive.
 */
export async function readZip(bytes: Uint8Array, ctx: SanitizeContext, what: string): Promise<ZipEntry[]> {
  const { limits, budget } = ctx;
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    throw malformed(what, error);
  }
  try {
    if (budget.entriesOpened + zip.entryCount > limits.maxEntries) {
      throw new Quarantine('limit-exceeded', `${what} has ${zip.entryCount} entries, over limits.maxEntries (${limits.maxEntries})`);
    }
    const nextEntry = (): Promise<yauzl.Entry | undefined> =>
      new Promise((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
        const onEnd = () => done(() => resolve(undefined));
        const onError = (e: unknown) => done(() => reject(malformed(what, e)));
        const done = (settle: () => void) => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
          settle();
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });

    // Pass 1: the whole central directory is checked before a byte is inflated.
    const listed: { entry: yauzl.Entry; name: string; isDirectory: boolean; hadBackslash: boolean }[] = [];
    const seen = new Set<string>();
    let declaredTotal = 0;
    for (let entry = await nextEntry(); entry; entry = await nextEntry()) {
      budget.openEntry();
      // Windows tools write backslashes and Windows extractors honour them: they are separators.
      checkUnicodePath(entry.fileNameRaw, entry.extraFields, what);
      const decoded = decodeEntryName(entry);
      const name = decoded.replace(/\\/g, '/');
      const unsafe = unsafeEntryName(name);
      if (unsafe) throw new Quarantine('unsafe-path', `${what} entry '${name}' ${unsafe}`);
      // Case, Unicode normalization (NFKC also folds fullwidth and compatibility forms), trailing
      // dots and spaces (Windows drops them) and a trailing slash do not make another file.
      const key = trimTrailing(name.normalize('NFKC').toLowerCase(), '/. ');
      if (seen.has(key))
        throw new Quarantine('unsafe-path', `${what} has two entries named '${name}' (which one is extracted depends on the tool)`);
      seen.add(key);
      if (((entry.externalFileAttributes >>> 16) & UNIX_FILE_TYPE_MASK) === UNIX_SYMLINK) {
        throw new Quarantine('unsafe-path', `${what} entry '${name}' is a symbolic link`);
      }
      if (entry.isEncrypted()) throw new Quarantine('encrypted', `${what} entry '${name}' is encrypted; its content cannot be inspected`);
      const isDirectory = name.endsWith('/');
      if (isDirectory) {
        if (entry.uncompressedSize !== 0) throw new Quarantine('malformed', `${what} directory entry '${name}' has content`);
        listed.push({ entry, name, isDirectory, hadBackslash: decoded.includes('\\') });
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new Quarantine(
          'malformed',
          `${what} entry '${name}' uses compression method ${entry.compressionMethod}; only stored and deflate are read`,
        );
      }
      // Checks on declared sizes refuse the honest bombs before a byte is inflated.
      if (entry.uncompressedSize > limits.maxInflatedBytesPerEntry) {
        throw new Quarantine(
          'limit-exceeded',
          `${what} entry '${name}' declares ${entry.uncompressedSize} bytes, over limits.maxInflatedBytesPerEntry (${limits.maxInflatedBytesPerEntry})`,
        );
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxInflatedBytes - budget.bytesInflated) {
        throw new Quarantine(
          'limit-exceeded',
          `${what} declares ${declaredTotal} bytes up to entry '${name}', over what is left of limits.maxInflatedBytes (${limits.maxInflatedBytes})`,
        );
      }
      if (
        entry.uncompressedSize > limits.compressionRatioFloorBytes &&
        entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxCompressionRatio
      ) {
        throw new Quarantine(
          'compression-bomb',
          `${what} entry '${name}' declares a compression ratio over limits.maxCompressionRatio (${limits.maxCompressionRatio})`,
        );
      }
      listed.push({ entry, name, isDirectory, hadBackslash: decoded.includes('\\') });
    }
    await checkLocalHeaders(zip, listed, what);

    // Pass 2: inflate, counting as it goes.
    const entries: ZipEntry[] = [];
    for (const { entry, name, isDirectory, hadBackslash } of listed) {
      if (isDirectory) {
        entries.push({ name, isDirectory, hadBackslash, bytes: new Uint8Array(0), lastModified: entry.getLastModDate() });
        continue;
      }
      let data: Uint8Array;
      try {
        data = await inflateEntry(zip, entry, name, ctx);
      } catch (error) {
        if (error instanceof Quarantine) throw error;
        throw malformed(`${what} entry '${name}'`, error);
      }
      entries.push({ name, isDirectory, hadBackslash, bytes: data, lastModified: entry.getLastModDate() });
    }
    return entries;
  } finally {
    zip.close();
  }
}
