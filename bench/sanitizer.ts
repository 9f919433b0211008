/**
 * Sanitizer benchmark: throughput per file type and peak memory on zip bombs.
 * Run: node -r esbuild-register bench/sanitizer.ts
 * Real files: node -r esbuild-register bench/sanitizer.ts --corpus DIR [--out DIR] [--json FILE]
 */
import { fork } from 'child_process';
import { randomBytes } from 'crypto';
import * as zlib from 'zlib';
import { unzipSync } from 'fflate';
import * as iconv from 'iconv-lite';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { BuiltinSanitizerEngine } from '../lib/sanitization/engine';
import { corpusMain } from './sanitizer-corpus';
import { SanitizeVerdict } from '../lib/sanitization/types';
import {
  hostileDocm,
  hostileEmail,
  lyingZipBomb,
  nestedZips,
  pngChunk,
  rawZip,
  zerosDeflateStream,
  zip,
} from '../test/sanitization/fixtures';

export interface SanitizerBenchResult {
  /** What was sanitized, e.g. `csv (Shift_JIS)` or `zip bomb (10 GiB, lying header)`. */
  readonly fileType: string;
  readonly inputBytes: number;
  readonly runs: number;
  /** Median wall time of one sanitization. */
  readonly medianMs: number;
  /** Input megabytes (10^6) per second at the median. */
  readonly mbPerSecond: number;
  readonly verdict: SanitizeVerdict;
  /** For bombs: how far the process's peak resident memory rose while the engine worked on it. */
  readonly peakRssGrowthBytes?: number;
  /** For bombs: bytes the engine inflated before it stopped. */
  readonly bytesInflated?: number;
}

const MiB = 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Japanese lines with varying numbers, so they compress like real documents (not 1000:1). */
function japaneseText(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const line = `塩尻市役所 情報政策課 令和8年度 計画 第${i}項 ${randomBytes(12).toString('hex')} 予算 ${(i * 7919) % 100000}円\r\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return lines.join('');
}

function csvRows(bytes: number): string {
  const rows: string[] = ['番号,氏名,住所,金額'];
  for (let i = 0; rows.join('\r\n').length < bytes / 2; i += 1) {
    for (let j = 0; j < 1000; j += 1) rows.push(`${i * 1000 + j},山田太郎,塩尻市大門七番町3-3,${j % 50 === 0 ? '=SUM(A1:A9)' : -j}`);
  }
  return rows.join('\r\n');
}

function bigDocm(paragraphs: number): Uint8Array {
  const files = unzipSync(hostileDocm());
  const body = Array.from({ length: paragraphs }, (_, i) => `<w:p><w:r><w:t>第${i}段落 ${japaneseText(200)}</w:t></w:r></w:p>`).join('');
  files['word/document.xml'] = Buffer.from(Buffer.from(files['word/document.xml']).toString('utf8').replace('<w:body>', `<w:body>${body}`));
  return zip(files);
}

async function bigPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p += 1) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 50; line += 1)
      page.drawText(`Page ${p} line ${line}: Shiojiri City information security notice`, { x: 40, y: 800 - line * 15, size: 10, font });
    page.node.set(PDFName.of('AA'), doc.context.obj({ O: doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }) }));
  }
  return doc.save({ useObjectStreams: false });
}

/** A photo-sized PNG (incompressible pixels) with a text chunk. */
function bigPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const pixels = randomBytes((width * 4 + 1) * height);
  const idat = zlib.deflateSync(pixels, { level: 1 });
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < idat.length; offset += 64 * 1024) chunks.push(pngChunk('IDAT', idat.subarray(offset, offset + 64 * 1024)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from('Comment\0bench')),
    ...chunks,
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** A photo-sized JPEG: real segment structure, random entropy-coded data (0xFF stuffed). */
function bigJpeg(scanBytes: number): Buffer {
  const segment = (marker: number, payload: Buffer) => {
    const header = Buffer.from([0xff, marker, 0, 0]);
    header.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([header, payload]);
  };
  const scan = Buffer.from(randomBytes(scanBytes).toString('latin1').replace(/\xff/g, '\xff\x00'), 'latin1');
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), randomBytes(30000)])),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.from([8, 0x0f, 0xa0, 0x0b, 0xb8, 1, 1, 0x11, 0])),
    segment(0xc4, Buffer.concat([Buffer.from([0x00, 0, 1]), Buffer.alloc(14), Buffer.from([0])])),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

async function measure(engine: BuiltinSanitizerEngine, fileType: string, name: string, bytes: Uint8Array): Promise<SanitizerBenchResult> {
  const times: number[] = [];
  let verdict: SanitizeVerdict = 'clean';
  const started = Date.now();
  // At least 3 runs, more for fast files, within about 3 seconds per type.
  while (times.length < 3 || (times.length < 15 && Date.now() - started < 3000)) {
    const t0 = process.hrtime.bigint();
    verdict = (await engine.sanitize({ name, bytes })).verdict;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const medianMs = median(times);
  return { fileType, inputBytes: bytes.length, runs: times.length, medianMs, mbPerSecond: bytes.length / 1e6 / (medianMs / 1000), verdict };
}

/** The bombs, built in the process that measures them. */
const BOMBS: Record<string, () => { fileType: string; name: string; bytes: Uint8Array; engine: BuiltinSanitizerEngine }> = {
  lying: () => ({
    fileType: 'zip bomb (10 GiB, lying header)',
    name: 'bomb.zip',
    bytes: lyingZipBomb(),
    engine: new BuiltinSanitizerEngine(),
  }),
  budget: () => {
    // Eight honest entries of 31 MiB of zeros (248 MiB, just under the 256 MiB budget) with a
    // ratio the engine is told to allow: the most memory a legitimate input can make it use.
    const stream = zerosDeflateStream(31);
    const crc = zlib.crc32(Buffer.alloc(31 * MiB));
    const entries = Array.from({ length: 8 }, (_, i) => ({ name: `part${i}.bin`, stored: stream, uncompressedSize: 31 * MiB, crc }));
    return {
      fileType: 'zip at the inflate budget (8 x 31 MiB)',
      name: 'budget.zip',
      bytes: rawZip(entries),
      engine: new BuiltinSanitizerEngine({ limits: { maxCompressionRatio: 2000 } }),
    };
  },
  nested: () => ({ fileType: 'nested zips (6 levels)', name: 'nested.zip', bytes: nestedZips(6), engine: new BuiltinSanitizerEngine() }),
};

/** Runs in a child process, so the process's peak memory (maxRSS) belongs to this bomb alone. */
async function measureBombHere(kind: string): Promise<SanitizerBenchResult> {
  const { fileType, name, bytes, engine } = BOMBS[kind]();
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const result = await engine.sanitize({ name, bytes });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  return {
    fileType,
    inputBytes: bytes.length,
    runs: 1,
    medianMs: ms,
    mbPerSecond: bytes.length / 1e6 / (ms / 1000),
    verdict: result.verdict,
    peakRssGrowthBytes: Math.max(0, peak - rssBefore),
    bytesInflated: result.metrics?.bytesInflated,
  };
}

function measureBomb(kind: string): Promise<SanitizerBenchResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--bomb', kind], { execArgv: process.execArgv });
    child.once('message', (message) => resolve(message as SanitizerBenchResult));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`bomb benchmark '${kind}' exited with ${code}`))));
  });
}

export async function runSanitizerBench(): Promise<SanitizerBenchResult[]> {
  const engine = new BuiltinSanitizerEngine();
  const results: SanitizerBenchResult[] = [];
  for (const kind of Object.keys(BOMBS)) results.push(await measureBomb(kind));

  results.push(await measure(engine, 'text (UTF-8)', 'notes.txt', Buffer.from(japaneseText(8 * MiB), 'utf8')));
  results.push(await measure(engine, 'csv (Shift_JIS)', 'list.csv', iconv.encode(csvRows(8 * MiB), 'cp932')));
  results.push(await measure(engine, 'docm (VBA, remote template)', 'plan.docm', bigDocm(4000)));
  results.push(await measure(engine, 'pdf (200 pages, JavaScript)', 'notice.pdf', await bigPdf(200)));
  results.push(await measure(engine, 'png (2048x1024, tEXt)', 'photo.png', bigPng(2048, 1024)));
  results.push(await measure(engine, 'jpeg (EXIF)', 'photo.jpg', bigJpeg(8 * MiB)));
  results.push(await measure(engine, 'eml (HTML, 2 attachments)', 'mail.eml', hostileEmail()));
  const files = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`docs/memo${i}.txt`, japaneseText(40 * 1024)]));
  results.push(await measure(engine, 'zip (200 text entries)', 'docs.zip', zip(files)));
  return results;
}

export function formatSanitizerBench(results: readonly SanitizerBenchResult[]): string {
  const header = ['file type', 'input', 'runs', 'median', 'MB/s', 'verdict', 'peak RSS growth', 'inflated'];
  const rows = results.map((r) => [
    r.fileType,
    `${(r.inputBytes / MiB).toFixed(2)} MiB`,
    String(r.runs),
    `${r.medianMs.toFixed(1)} ms`,
    r.mbPerSecond.toFixed(1),
    r.verdict,
    r.peakRssGrowthBytes === undefined ? '' : `${(r.peakRssGrowthBytes / MiB).toFixed(0)} MiB`,
    r.bytesInflated === undefined ? '' : `${(r.bytesInflated / MiB).toFixed(1)} MiB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (require.main === module) {
  const bombIndex = process.argv.indexOf('--bomb');
  const run = process.argv.includes('--corpus')
    ? corpusMain(process.argv)
    : bombIndex > 0
      ? measureBombHere(process.argv[bombIndex + 1]).then((result) => new Promise<void>((done) => process.send?.(result, () => done())))
      : runSanitizerBench().then((results) => console.log(formatSanitizerBench(results)));
  run.catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
