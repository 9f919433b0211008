import { unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import * as iconv from 'iconv-lite';
import * as zlib from 'zlib';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { SanitizeResult } from '../../lib/sanitization/types';
import {
  cleanPng,
  deflatedEntry,
  DOCUMENT_TEXT,
  hostileDocm,
  hostileEmail,
  lyingZipBomb,
  MAIL_TEXT,
  markEncrypted,
  nestedZips,
  overlappingZip,
  PE_HEADER,
  pngWithMetadata,
  rawZip,
  text,
  utf8,
  zerosDeflateStream,
  zip,
} from './fixtures';

const engine = new BuiltinSanitizerEngine();
const sanitize = (name: string, bytes: Uint8Array) => engine.sanitize({ name, bytes });

describe('ZIP archives', () => {
  let mixed: SanitizeResult;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    mixed = await sanitize(
      'shiryou.zip',
      zip({
        'docs/': new Uint8Array(0),
        'docs/readme.txt': '資料一覧',
        'docs/plan.docm': hostileDocm(),
        'img/photo.png': pngWithMetadata(),
        'tools/setup.exe': PE_HEADER,
      }),
    );
    entries = unzipSync(mixed.output!.bytes);
  });

  test('entries are sanitized recursively, renamed where their type changes', () => {
    expect(mixed).toMatchObject({ verdict: 'sanitized', detectedType: 'zip' });
    expect(Object.keys(entries).sort()).toEqual(['LGSEC-REMOVED.txt', 'docs/', 'docs/plan.docx', 'docs/readme.txt', 'img/photo.png']);
    expect(text(entries['docs/readme.txt'])).toBe('資料一覧');
    expect(Buffer.from(entries['img/photo.png']).equals(cleanPng())).toBe(true);
    const inner = unzipSync(entries['docs/plan.docx']);
    expect(Object.keys(inner)).not.toContain('word/vbaProject.bin');
    expect(text(inner['word/document.xml'])).toContain(DOCUMENT_TEXT);
  });

  test('a program inside is dropped and named in a note entry', () => {
    expect(text(entries['LGSEC-REMOVED.txt'])).toContain('tools/setup.exe: Windows executable (MZ/PE header)');
    expect(mixed.actions).toContain("removed entry 'tools/setup.exe' (Windows executable (MZ/PE header))");
  });

  test("with containedFileQuarantine 'quarantine-container' a program inside quarantines the archive", async () => {
    const strict = new BuiltinSanitizerEngine({ containedFileQuarantine: 'quarantine-container' });
    const result = await strict.sanitize({ name: 'a.zip', bytes: zip({ 'a.txt': 'ok', 'b.exe': PE_HEADER }) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'executable' });
  });

  test('Shift_JIS entry names (Japanese Windows, no UTF-8 flag) are decoded, 0x5C inside 表 and ソ included', async () => {
    const entries = ['議事録.txt', '予定表\\ソフト一覧.txt'].map((name) => deflatedEntry(iconv.encode(name, 'cp932'), '内容'));
    const result = await sanitize('sjis.zip', rawZip(entries));
    expect(Object.keys(unzipSync(result.output!.bytes))).toEqual(['議事録.txt', '予定表/ソフト一覧.txt']);
  });

  test('backslashes in entry names are folder separators', async () => {
    const result = await sanitize('win.zip', rawZip([deflatedEntry(Buffer.from('docs\\memo.txt', 'latin1'), 'x')]));
    expect(Object.keys(unzipSync(result.output!.bytes))).toEqual(['docs/memo.txt']);
  });

  test.each([
    ['../../etc/cron.d/evil', /climbs out/],
    ['/etc/passwd', /absolute path/],
    ['C:/Windows/evil.txt', /drive letter/],
    ['docs\\..\\..\\evil.txt', /climbs out/],
  ])('an entry named %s quarantines the archive', async (name, reason) => {
    const result = await sanitize('slip.zip', rawZip([deflatedEntry('ok.txt', 'fine'), deflatedEntry(name, 'owned')]));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
    expect(result.reason).toMatch(reason);
  });

  test('a symbolic link entry quarantines the archive', async () => {
    const result = await sanitize('link.zip', rawZip([deflatedEntry('etc', '/etc', { externalAttributes: (0o120777 << 16) >>> 0 })]));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
  });

  test('duplicate entry names quarantine the archive', async () => {
    const result = await sanitize('dup.zip', rawZip([deflatedEntry('a.txt', 'one'), deflatedEntry('A.TXT', 'two')]));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
  });

  test('an encrypted entry quarantines the archive', async () => {
    const result = await sanitize('secret.zip', markEncrypted(zip({ 'a.txt': 'secret' })));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'encrypted', detectedType: 'zip' });
  });

  test('a corrupted entry (CRC mismatch) is malformed', async () => {
    const result = await sanitize('bad.zip', rawZip([deflatedEntry('a.txt', 'hello', { crc: 1234 })]));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
  });

  test('truncated archives are malformed', async () => {
    const bytes = zip({ 'a.txt': 'hello world' });
    expect(await sanitize('cut.zip', bytes.subarray(0, bytes.length - 10))).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'malformed',
    });
  });

  test('archives nested deeper than the limit are quarantined', async () => {
    expect(await sanitize('nest.zip', nestedZips(3))).toMatchObject({ verdict: 'clean' });
    const deep = await sanitize('nest.zip', nestedZips(6));
    expect(deep).toMatchObject({ verdict: 'quarantined', reasonCode: 'nesting-too-deep' });
    expect(deep.metrics!.maxDepthReached).toBe(3);
  });

  test('too many entries are refused from the central directory, before any is opened', async () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, 'x']));
    const limited = new BuiltinSanitizerEngine({ limits: { maxEntries: 10 } });
    const result = await limited.sanitize({ name: 'many.zip', bytes: zip(files) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(result.metrics!.entriesOpened).toBe(0);
  });
});

describe('zip bombs', () => {
  test('a 10 GiB entry whose header lies about its size is stopped by counting while inflating', async () => {
    const bomb = lyingZipBomb();
    expect(bomb.length).toBeLessThan(12 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const result = await sanitize('report.zip', bomb);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'compression-bomb' });
    expect(result.reason).toMatch(/beyond the 4096 bytes its header declares/);
    // The engine stopped within one inflate chunk of the declared size.
    expect(result.metrics!.bytesInflated).toBeLessThanOrEqual(4096);
    expect(rssGrowth).toBeLessThan(200 * 1024 * 1024);
  });

  test('an honest header declaring gigabytes is refused before inflating a byte', async () => {
    const stream = zerosDeflateStream(300);
    const result = await sanitize('big.zip', rawZip([{ name: 'zeros.bin', stored: stream, uncompressedSize: 300 * 1024 * 1024 }]));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(result.metrics!.bytesInflated).toBe(0);
  });

  test('an honest header declaring more than the per-entry budget is refused before inflating, even when the total fits', async () => {
    const stream = zerosDeflateStream(20);
    const limited = new BuiltinSanitizerEngine({ limits: { maxInflatedBytesPerEntry: 16 * 1024 * 1024 } });
    const result = await limited.sanitize({
      name: 'big.zip',
      bytes: rawZip([{ name: 'zeros.txt', stored: stream, uncompressedSize: 20 * 1024 * 1024 }]),
    });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(result.reason).toMatch(/'zeros\.txt' declares 20971520 bytes, over limits\.maxInflatedBytesPerEntry \(16777216\)/);
    expect(result.metrics!.bytesInflated).toBe(0);
  });

  test('entries sharing compressed data (non-recursive bomb) are refused before inflating', async () => {
    const result = await sanitize('overlap.zip', overlappingZip());
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'compression-bomb' });
    expect(result.reason).toMatch(/'a\.txt' and 'b\.txt' share compressed data/);
    expect(result.metrics!.bytesInflated).toBe(0);
  });

  test('declared sizes are summed over entries before any is inflated', async () => {
    const piece = 'x'.repeat(100 * 1024);
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}.txt`, piece]));
    const limited = new BuiltinSanitizerEngine({ limits: { maxInflatedBytes: 1024 * 1024, maxCompressionRatio: 100000 } });
    const result = await limited.sanitize({ name: 'sum.zip', bytes: zip(files) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(result.metrics!.bytesInflated).toBe(0);
  });

  test('an entry inflating past its declared size is stopped there, even when all declared sizes fit the budget', async () => {
    // Each entry declares 64 KiB (30 declared: under the budget) but inflates to 1 MiB.
    const stream = zerosDeflateStream(1);
    const entries = Array.from({ length: 30 }, (_, i) => ({ name: `p${i}.txt`, stored: stream, uncompressedSize: 64 * 1024, crc: 0 }));
    const limited = new BuiltinSanitizerEngine({ limits: { maxInflatedBytes: 4 * 1024 * 1024, maxCompressionRatio: 100000 } });
    const result = await limited.sanitize({ name: 'liar.zip', bytes: rawZip(entries) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'compression-bomb' });
    expect(result.metrics!.bytesInflated).toBeLessThanOrEqual(64 * 1024);
  });

  test('a bomb nested inside an archive quarantines the outer archive', async () => {
    // Stored, so the outer entry's own ratio is 1 and only the inner archive can give it away.
    const bomb = lyingZipBomb();
    const outer = rawZip([
      deflatedEntry('readme.txt', 'hi'),
      { name: 'inner.zip', stored: bomb, method: 0, crc: zlib.crc32(bomb), uncompressedSize: bomb.length },
    ]);
    const result = await sanitize('outer.zip', outer);
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'compression-bomb' });
    expect(result.metrics!.maxDepthReached).toBe(1);
  });
});

describe('e-mail', () => {
  let result: SanitizeResult;
  let delivered: Awaited<ReturnType<typeof simpleParser>>;
  // Built once: the attachment ZIP inside carries the time it was built.
  const mail = hostileEmail();
  beforeAll(async () => {
    result = await sanitize('会議.eml', mail);
    delivered = await simpleParser(Buffer.from(result.output!.bytes));
  });

  test('the mail is delivered as plain text with its addressing', () => {
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'eml' });
    expect(delivered.html).toBe(false);
    expect(delivered.subject).toBe('会議資料');
    expect(delivered.messageId).toBe('<meeting-42@example.jp>');
    expect(delivered.from?.text).toContain('soumu@example.jp');
    expect(delivered.text).toContain(MAIL_TEXT);
    expect(delivered.text).toContain('こちらをクリック');
  });

  test('scripts and remote references are gone', () => {
    expect(text(result.output!.bytes)).not.toMatch(/evil\.example|script|cookie/i);
    expect(result.actions[1]).toBe('removed HTML body (1 script(s), 2 remote reference(s)); delivered as plain text');
  });

  test('the .exe is dropped with a note in the body; the macro document is sanitized and attached as .docx', () => {
    expect(delivered.attachments.map((a) => a.filename)).toEqual(['shiryou.docx']);
    expect(delivered.text).toContain("Attachment 'invoice.exe' was removed: Windows executable (MZ/PE header)");
    expect(delivered.text).toContain("Attachment 'shiryou.docm' was sanitized and delivered as 'shiryou.docx'.");
    const docx = unzipSync(delivered.attachments[0].content);
    expect(Object.keys(docx)).not.toContain('word/vbaProject.bin');
    expect(text(docx['word/document.xml'])).toContain(DOCUMENT_TEXT);
  });

  test('the same mail always gives the same bytes (retries deliver identically)', async () => {
    const again = await sanitize('会議.eml', mail);
    expect(again.sha256Out).toBe(result.sha256Out);
  });

  test('a plain-text mail without attachments is delivered clean', async () => {
    const plain = utf8(
      'From: a@example.jp\r\nTo: b@example.jp\r\nSubject: hi\r\nDate: Tue, 24 Nov 2026 09:00:00 +0900\r\n\r\nこんにちは\r\n',
    );
    const clean = await sanitize('plain.eml', plain);
    expect(clean).toMatchObject({ verdict: 'clean', detectedType: 'eml' });
    expect((await simpleParser(Buffer.from(clean.output!.bytes))).text).toContain('こんにちは');
  });

  test('an ISO-2022-JP mail (the Japanese mail default) is decoded and delivered as UTF-8 text', async () => {
    const jis = Buffer.from(
      'From: a@example.jp\r\nSubject: test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n\x1b$B$3$s$K$A$O\x1b(B\r\n',
      'latin1',
    );
    const result = await sanitize('jis.eml', jis);
    expect(result).toMatchObject({ verdict: 'clean', detectedType: 'eml' });
    expect((await simpleParser(Buffer.from(result.output!.bytes))).text).toContain('こんにちは');
  });

  test('attachments count against the entry limit', async () => {
    const limited = new BuiltinSanitizerEngine({ limits: { maxEntries: 1 } });
    const result = await limited.sanitize({ name: 'many.eml', bytes: hostileEmail() });
    expect(result).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'limit-exceeded',
      reason: 'more than 1 archive entries in total (limits.maxEntries)',
    });
    expect(result.metrics!.entriesOpened).toBe(2);
  });

  test('text without mail headers named .eml is malformed', async () => {
    expect(await sanitize('fake.eml', utf8('just some words\nno headers here\n'))).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'malformed',
    });
  });
});
