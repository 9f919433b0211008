import { QuarantineCode } from '../types';

/** What the first bytes of a file say it is. Text and ZIP-based formats are refined later. */
export type Sniffed =
  | { readonly kind: 'pdf' }
  | { readonly kind: 'png' }
  | { readonly kind: 'jpeg' }
  | { readonly kind: 'zip' }
  | { readonly kind: 'maybe-text' }
  | { readonly kind: 'refused'; readonly detectedType: string; readonly code: QuarantineCode; readonly reason: string };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');
}

const refused = (detectedType: string, code: QuarantineCode, reason: string): Sniffed => ({ kind: 'refused', detectedType, code, reason });

/** A DOS stub followed by a PE header, or an MZ file that is not text: a Windows program. */
function isWindowsProgram(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x4d, 0x5a])) return false;
  if (bytes.length >= 0x40) {
    const peOffset = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32LE(0x3c);
    if (peOffset + 4 <= bytes.length && startsWith(bytes, [0x50, 0x45, 0, 0], peOffset)) return true;
  }
  // DOS programs have no PE header; text starting with "MZ" has no control bytes up front.
  return Array.from(bytes.subarray(0, 64)).some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
}

/** Classifies a file by its leading bytes (magic numbers), never by its name. */
export function sniff(bytes: Uint8Array): Sniffed {
  if (isWindowsProgram(bytes)) return refused('pe', 'executable', 'Windows executable (MZ/PE header)');
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return refused('elf', 'executable', 'ELF executable');
  for (const magic of [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
  ]) {
    if (startsWith(bytes, magic)) return refused('macho', 'executable', 'Mach-O executable');
  }
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return refused('macho', 'executable', 'Mach-O universal binary or Java class file');
  if (startsWith(bytes, [0x00, 0x61, 0x73, 0x6d])) return refused('wasm', 'executable', 'WebAssembly module');
  if (startsWith(bytes, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00])) return refused('lnk', 'shortcut', 'Windows shortcut (.lnk)');
  if (startsWith(bytes, [0x23, 0x21])) return refused('script', 'script', 'script with an interpreter line (#!)');
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return refused(
      'cfb',
      'active-content',
      'OLE compound file (legacy .doc/.xls/.ppt, .msi, or an encrypted Office file): its macros and objects cannot be removed',
    );
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66]))
    return refused('rtf', 'active-content', 'RTF document: embedded objects cannot be removed');
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { kind: 'pdf' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (startsWith(bytes, [0x50, 0x4b, 0x07, 0x08])) return { kind: 'zip' };
  const archives: [readonly number[], string, string][] = [
    [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '7z', '7-Zip archive'],
    [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 'rar', 'RAR archive'],
    [[0x1f, 0x8b], 'gzip', 'gzip stream'],
    [[0x42, 0x5a, 0x68], 'bzip2', 'bzip2 stream'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz', 'xz stream'],
    [[0x4d, 0x53, 0x43, 0x46], 'cab', 'Windows cabinet'],
    [[0x47, 0x49, 0x46, 0x38], 'gif', 'GIF image'],
    [[0x42, 0x4d], 'bmp', 'BMP image'],
    [[0x49, 0x49, 0x2a, 0x00], 'tiff', 'TIFF image'],
    [[0x4d, 0x4d, 0x00, 0x2a], 'tiff', 'TIFF image'],
    [[0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d], 'onenote', 'OneNote section'],
  ];
  for (const [magic, type, description] of archives) {
    // Two-byte signatures also open ordinary text ("BM…"), so they only count for binary content.
    if (startsWith(bytes, magic) && (magic.length > 2 || looksBinary(bytes))) {
      return refused(type, 'unsupported-type', `${description} is not an allowlisted type`);
    }
  }
  if (bytes.length > 0x8005 && ascii(bytes, 0x8001, 0x8006) === 'CD001')
    return refused('iso', 'unsupported-type', 'ISO 9660 disk image is not an allowlisted type');
  return { kind: 'maybe-text' };
}

/** More than 2% C0 controls (NUL included; at least 5) in the first 8 KiB: not text in any encoding the engine accepts. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of head) {
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls += 1;
  }
  return controls > Math.max(4, head.length / 50);
}
