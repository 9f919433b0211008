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
function decodeEntryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw;
  const flaggedUtf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
  const unicodePathField = entry.extraFields.some((f) => f.id === 0x7075);
  if (flaggedUtf8 || unicodePathField) return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  if (raw.every((b) => b < 0x80)) return raw.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    const sjis = iconv.decode(raw, 'cp932');
    if (!sjis.includes('\ufffd') && iconv.encode(sjis, 'cp932').equals(raw)) return sjis;
    return iconv.decode(raw, 'cp437');
  }
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

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
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
  const { limits, budget } = ctx;
  const stream = await openStream(zip, entry);
  // Filled in place: the declared size is already within the limits, and concatenating chunks
  // at the end would hold the content twice.
  const data = Buffer.allocUnsafe(entry.uncompressedSize);
  let inflated = 0;
  const ratioBase = Math.max(entry.compressedSize, 1);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) {
        throw new Quarantine('compression-bomb', `entry '${name}' inflates beyond the ${entry.uncompressedSize} bytes its header declares`);
      }
      // Backs up the checks on declared sizes: the ratio is enforced on what actually comes out.
      if (inflated > limits.compressionRatioFloorBytes && inflated / ratioBase > limits.maxCompressionRatio) {
        throw new Quarantine(
          'compression-bomb',
          `entry '${name}' inflates more than ${limits.maxCompressionRatio} times its compressed size (limits.maxCompressionRatio)`,
        );
      }
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

function fileDataStart(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> {
  return new Promise((resolve, reject) =>
    zip.readLocalFileHeader(entry, { minimal: true }, (err, header) => (err ? reject(err) : resolve(header.fileDataStart))),
  );
}

/**
 * Entries whose data overlap (several central directory records pointing into the same
 * compressed bytes) are how a non-recursive zip bomb multiplies a small kernel; no tool writes
 * them, so they are refused outright.
 */
async function refuseOverlappingEntries(zip: yauzl.ZipFile, files: readonly { entry: yauzl.Entry; name: string }[], what: string): Promise<void> {
  const spans: { start: number; end: number; name: string }[] = [];
  for (const { entry, name } of files) {
    let start: number;
    try {
      start = await fileDataStart(zip, entry);
    } catch (error) {
      throw malformed(`${what} entry '${name}'`, error);
    }
    spans.push({ start: entry.relativeOffsetOfLocalHeader, end: start + entry.compressedSize, name });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i += 1) {
    if (spans[i].start < spans[i - 1].end) {
      throw new Quarantine('compression-bomb', `${what} entries '${spans[i - 1].name}' and '${spans[i].name}' share compressed data (overlapping entries, a zip bomb technique)`);
    }
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
    const listed: { entry: yauzl.Entry; name: string; isDirectory: boolean }[] = [];
    const seen = new Set<string>();
    let declaredTotal = 0;
    for (let entry = await nextEntry(); entry; entry = await nextEntry()) {
      budget.openEntry();
      // Windows tools write backslashes and Windows extractors honour them: they are separators.
      const name = decodeEntryName(entry).replace(/\\/g, '/');
      const unsafe = unsafeEntryName(name);
      if (unsafe) throw new Quarantine('unsafe-path', `${what} entry '${name}' ${unsafe}`);
      const key = trimTrailing(name.normalize('NFC').toLowerCase(), '/');
      if (seen.has(key)) throw new Quarantine('unsafe-path', `${what} has two entries named '${name}' (which one is extracted depends on the tool)`);
      seen.add(key);
      if (((entry.externalFileAttributes >>> 16) & UNIX_FILE_TYPE_MASK) === UNIX_SYMLINK) {
        throw new Quarantine('unsafe-path', `${what} entry '${name}' is a symbolic link`);
      }
      if (entry.isEncrypted()) throw new Quarantine('encrypted', `${what} entry '${name}' is encrypted; its content cannot be inspected`);
      const isDirectory = name.endsWith('/');
      if (isDirectory) {
        if (entry.uncompressedSize !== 0) throw new Quarantine('malformed', `${what} directory entry '${name}' has content`);
        listed.push({ entry, name, isDirectory });
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new Quarantine('malformed', `${what} entry '${name}' uses compression method ${entry.compressionMethod}; only stored and deflate are read`);
      }
      // Checks on declared sizes refuse the honest bombs before a byte is inflated.
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxInflatedBytes - budget.bytesInflated) {
        throw new Quarantine(
          'limit-exceeded',
          `${what} declares ${declaredTotal} bytes up to entry '${name}', over what is left of limits.maxInflatedBytes (${limits.maxInflatedBytes})`,
        );
      }
      if (entry.uncompressedSize > limits.compressionRatioFloorBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxCompressionRatio) {
        throw new Quarantine(
          'compression-bomb',
          `${what} entry '${name}' declares a compression ratio over limits.maxCompressionRatio (${limits.maxCompressionRatio})`,
        );
      }
      listed.push({ entry, name, isDirectory });
    }
    await refuseOverlappingEntries(zip, listed.filter((l) => !l.isDirectory), what);

    // Pass 2: inflate, counting as it goes.
    const entries: ZipEntry[] = [];
    for (const { entry, name, isDirectory } of listed) {
      if (isDirectory) {
        entries.push({ name, isDirectory, bytes: new Uint8Array(0), lastModified: entry.getLastModDate() });
        continue;
      }
      let data: Uint8Array;
      try {
        data = await inflateEntry(zip, entry, name, ctx);
      } catch (error) {
        if (error instanceof Quarantine) throw error;
        throw malformed(`${what} entry '${name}'`, error);
      }
      entries.push({ name, isDirectory, bytes: data, lastModified: entry.getLastModDate() });
    }
    return entries;
  } finally {
    zip.close();
  }
}
