import * as yazl from 'yazl';

export interface ZipWriteEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly isDirectory?: boolean;
  readonly lastModified?: Date;
}

const DOS_EPOCH = new Date(1980, 0, 1);

function dosRepresentable(date: Date | undefined): Date {
  if (!date || Number.isNaN(date.getTime())) return DOS_EPOCH;
  const year = date.getFullYear();
  return year < 1980 || year > 2107 ? DOS_EPOCH : date;
}

/**
 * Writes a fresh archive from inspected entries only: nothing of the original container (local
 * headers, gaps, comments, extra fields) survives, so every extractor sees what the engine saw.
 * Deterministic for the same entries (no extra timestamps), so retries produce the same bytes.
 */
export function writeZip(entries: readonly ZipWriteEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    try {
      for (const entry of entries) {
        const mtime = dosRepresentable(entry.lastModified);
        if (entry.isDirectory) zip.addEmptyDirectory(entry.name.replace(/\/$/, ''), { mtime, forceDosTimestamp: true });
        else
          zip.addBuffer(Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.length), entry.name, {
            mtime,
            forceDosTimestamp: true,
            compress: true,
          });
      }
      zip.end();
    } catch (error) {
      reject(error);
    }
  });
}
