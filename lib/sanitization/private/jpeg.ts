import { HandlerOutcome } from './context';
import { ImageOptions } from './png';
import { Quarantine } from './quarantine';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;
/** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isApp = (m: number) => m >= 0xe0 && m <= 0xef;

function markerName(marker: number): string {
  if (isApp(marker)) return `APP${marker - 0xe0}`;
  if (marker === COM) return 'COM';
  return `0x${marker.toString(16).toUpperCase()}`;
}

function appIdentifier(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, Math.min(end, start + 12)).split('\0')[0];
}

/**
 * Walks a JPEG's segments and rebuilds it with what decoding needs: tables, frames, scans,
 * restart intervals, JFIF (APP0) and Adobe (APP14, it tells decoders the colour transform).
 * EXIF/XMP (APP1), other APPn and comments are dropped, as is anything after EOI.
 */
export function sanitizeJpeg(bytes: Uint8Array, options: ImageOptions): HandlerOutcome {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf[0] !== 0xff || buf[1] !== SOI) throw new Quarantine('malformed', 'JPEG does not start with SOI');
  const kept: Buffer[] = [buf.subarray(0, 2)];
  const removed = new Map<string, number>();
  let offset = 2;
  let sawFrame = false;
  let sawScan = false;
  let ended = false;
  let stray = 0;
  while (offset < buf.length) {
    if (buf[offset] !== 0xff) {
      // Decoders skip junk between segments (libjpeg: "extraneous bytes before marker"); so do we, dropping it.
      const next = buf.indexOf(0xff, offset);
      if (next < 0) throw new Quarantine('malformed', `JPEG has stray data from byte ${offset} to the end`);
      stray += next - offset;
      offset = next;
      continue;
    }
    let marker = buf[offset + 1];
    // Fill bytes (0xFF repeated) may precede a marker.
    while (marker === 0xff && offset + 2 < buf.length) {
      offset += 1;
      marker = buf[offset + 1];
    }
    if (marker === undefined) throw new Quarantine('malformed', 'JPEG is truncated');
    if (marker === EOI) {
      kept.push(buf.subarray(offset, offset + 2));
      offset += 2;
      ended = true;
      break;
    }
    if (marker === SOI || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      throw new Quarantine('malformed', `JPEG has marker ${markerName(marker)} outside a scan`);
    }
    if (offset + 4 > buf.length) throw new Quarantine('malformed', 'JPEG is truncated inside a segment header');
    const length = buf.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > buf.length)
      throw new Quarantine('malformed', `JPEG segment ${markerName(marker)} runs past the end of the file`);
    if (isStartOfFrame(marker)) {
      if (length < 8) throw new Quarantine('malformed', 'JPEG frame header is too short');
      const height = buf.readUInt16BE(offset + 5);
      const width = buf.readUInt16BE(offset + 7);
      if (width === 0) throw new Quarantine('malformed', 'JPEG has a zero width');
      if (width * height > options.maxImagePixels) {
        throw new Quarantine('limit-exceeded', `JPEG is ${width}x${height} pixels, over limits.maxImagePixels (${options.maxImagePixels})`);
      }
      sawFrame = true;
    }
    const keepApp =
      (marker === APP0 && appIdentifier(buf, offset + 4, end).startsWith('JFIF')) ||
      (marker === APP14 && appIdentifier(buf, offset + 4, end).startsWith('Adobe')) ||
      (marker === APP2 && options.keepIccProfiles && appIdentifier(buf, offset + 4, end) === 'ICC_PROFILE');
    if (isApp(marker) || marker === COM) {
      if (keepApp) kept.push(buf.subarray(offset, end));
      else removed.set(markerName(marker), (removed.get(markerName(marker)) ?? 0) + 1);
      offset = end;
      continue;
    }
    if (marker === SOS) {
      if (!sawFrame) throw new Quarantine('malformed', 'JPEG scan comes before any frame header');
      sawScan = true;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      let scanEnd = end;
      while (scanEnd + 1 < buf.length) {
        if (buf[scanEnd] === 0xff) {
          const next = buf[scanEnd + 1];
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        scanEnd += 1;
      }
      if (scanEnd + 1 >= buf.length) throw new Quarantine('malformed', 'JPEG scan data is truncated (no EOI)');
      kept.push(buf.subarray(offset, scanEnd));
      offset = scanEnd;
      continue;
    }
    kept.push(buf.subarray(offset, end));
    offset = end;
  }
  if (!ended) throw new Quarantine('malformed', 'JPEG has no EOI marker (truncated)');
  if (!sawFrame || !sawScan) throw new Quarantine('malformed', 'JPEG has no frame or no scan');
  const removals = [...removed].map(
    ([name, count]) => `removed JPEG ${name} segment${count > 1 ? ` x${count}` : ''}${name === 'APP1' ? ' (EXIF/XMP)' : ''}`,
  );
  if (stray > 0) removals.push(`removed ${stray} stray byte(s) between segments`);
  if (offset < buf.length) removals.push(`removed ${buf.length - offset} byte(s) after EOI`);
  return { bytes: removals.length === 0 ? bytes : Buffer.concat(kept), removals };
}
