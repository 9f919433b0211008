import { GifReader } from 'omggif';
import { encodeRgbaPng, ImageOptions } from './png';
import { Quarantine } from './quarantine';

export interface ConvertedPicture {
  readonly bytes: Uint8Array;
  /** What the conversion left out, for the record. */
  readonly notes: readonly string[];
}

/**
 * Converts a GIF picture to PNG: the pixels of its first frame, decoded by omggif and written
 * as a new PNG, so nothing from the GIF's extension blocks (comments, application data, XMP)
 * or bytes after its trailer is carried over. Later animation frames are dropped (Office shows
 * the first frame in print and in most views).
 */
export function convertGifToPng(bytes: Uint8Array, options: ImageOptions): ConvertedPicture {
  let reader: GifReader;
  try {
    reader = new GifReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    throw new Quarantine('malformed', `GIF cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { width, height } = reader;
  if (width === 0 || height === 0) throw new Quarantine('malformed', 'GIF has a zero width or height');
  if (width * height > options.maxImagePixels) {
    throw new Quarantine('limit-exceeded', `GIF is ${width}x${height} pixels, over limits.maxImagePixels (${options.maxImagePixels})`);
  }
  const frames = reader.numFrames();
  if (frames === 0) throw new Quarantine('malformed', 'GIF has no image');
  const pixels = new Uint8Array(width * height * 4);
  try {
    reader.decodeAndBlitFrameRGBA(0, pixels);
  } catch (error) {
    throw new Quarantine('malformed', `GIF image data cannot be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { bytes: encodeRgbaPng(width, height, pixels), notes: frames > 1 ? [`kept the first of ${frames} animation frames`] : [] };
}
