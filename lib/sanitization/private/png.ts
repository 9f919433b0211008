import * as zlib from 'zlib';
import { HandlerOutcome } from './context';
import { Quarantine } from './quarantine';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Chunks kept: the critical ones and the ancillary ones that change how pixels look (transparency,
 * gamma, colour space, physical size, animation frames). Everything else (tEXt, zTXt, iTXt, eXIf,
 * tIME, private chunks) is metadata or unknown, and is dropped.
 */
const KEPT_CHUNKS = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'sBIT',
  'bKGD',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
]);

export interface ImageOptions {
  readonly maxImagePixels: number;
  readonly keepIccProfiles: boolean;
}

/** Validates a PNG chunk by chunk (lengths, CRCs, order) and rebuilds it without metadata. */
export function sanitizePng(bytes: Uint8Array, options: ImageOptions): HandlerOutcome {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Quarantine('malformed', 'PNG signature is damaged');
  const kept: Buffer[] = [SIGNATURE];
  const removed = new Map<string, number>();
  let offset = 8;
  let index = 0;
  let sawIdat = false;
  let ended = false;
  while (offset < buf.length) {
    if (offset + 12 > buf.length) throw new Quarantine('malformed', 'PNG is truncated inside a chunk header');
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Quarantine('malformed', `PNG chunk ${index} has an invalid type`);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > buf.length) throw new Quarantine('malformed', `PNG chunk ${type} runs past the end of the file`);
    const crc = buf.readUInt32BE(end - 4);
    if (zlib.crc32(buf.subarray(offset + 4, end - 4)) !== crc) throw new Quarantine('malformed', `PNG chunk ${type} fails its CRC check`);
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) throw new Quarantine('malformed', 'PNG does not start with an IHDR chunk');
      const width = buf.readUInt32BE(offset + 8);
      const height = buf.readUInt32BE(offset + 12);
      if (width === 0 || height === 0) throw new Quarantine('malformed', 'PNG has a zero width or height');
      if (width * height > options.maxImagePixels) {
        throw new Quarantine('limit-exceeded', `PNG is ${width}x${height} pixels, over limits.maxImagePixels (${options.maxImagePixels})`);
      }
    } else if (type === 'IHDR') {
      throw new Quarantine('malformed', 'PNG has a second IHDR chunk');
    }
    if (type === 'IDAT') sawIdat = true;
    const keep = KEPT_CHUNKS.has(type) || (type === 'iCCP' && options.keepIccProfiles);
    if (keep) kept.push(buf.subarray(offset, end));
    else removed.set(type, (removed.get(type) ?? 0) + 1);
    offset = end;
    index += 1;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw new Quarantine('malformed', 'PNG has no IEND chunk (truncated)');
  if (!sawIdat) throw new Quarantine('malformed', 'PNG has no image data (IDAT)');
  const removals = [...removed].map(([type, count]) => `removed PNG ${type} chunk${count > 1 ? ` x${count}` : ''}`);
  if (offset < buf.length) removals.push(`removed ${buf.length - offset} byte(s) after IEND`);
  return { bytes: removals.length === 0 ? bytes : Buffer.concat(kept), removals };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A new PNG (8-bit RGBA, no filter, no metadata) holding the given pixels. */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
