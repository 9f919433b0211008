import { zipSync, Zippable } from 'fflate';

export interface ZipWriteEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly isDirectory?: boolean;
  readonly lastModified?: Date;
}

const DOS_EPOCH = new Date(Date.UTC(1980, 0, 1));

function dosRepresentable(date: Date | undefined): Date {
  if (!date || Number.isNaN(date.getTime())) return DOS_EPOCH;
  const year = date.getFullYear();
  return year < 1980 || year > 2099 ? DOS_EPOCH : date;
}

/**
 * Writes a fresh archive from inspected entries only: nothing of the original container (local
 * headers, gaps, comments, extra fields) survives, so every extractor sees what the engine saw.
 */
export function writeZip(entries: readonly ZipWriteEntry[]): Uint8Array {
  const zippable: Zippable = {};
  for (const entry of entries) {
    const mtime = dosRepresentable(entry.lastModified);
    // fflate treats keys ending with '/' as folders.
    zippable[entry.isDirectory ? entry.name.replace(/\/?$/, '/') : entry.name] = [entry.bytes, { level: entry.isDirectory ? 0 : 6, mtime }];
  }
  return zipSync(zippable);
}
