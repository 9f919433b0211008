import { execFileSync } from 'child_process';
import * as iconv from 'iconv-lite';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { text, utf8 } from './fixtures';

const engine = new BuiltinSanitizerEngine();
const sanitize = (name: string, bytes: Uint8Array) => engine.sanitize({ name, bytes });

/** The system's iconv (glibc), a reader independent of iconv-lite. */
const systemIconv = (bytes: Uint8Array, from: string): string =>
  execFileSync('iconv', ['-f', from, '-t', 'UTF-8'], { input: Buffer.from(bytes) }).toString('utf8');

/** ISO-2022-JP as old mail archives hold it: JIS X 0208 between ESC $ B and ESC ( B, halfwidth katakana after ESC ( I. */
const JIS_TEXT = '塩尻市 情報政策課より\r\n会議は 10:00 から、第２会議室です。ｶﾀｶﾅ\r\n';
const jis = (s: string): Buffer => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'ISO-2022-JP-3'], { input: Buffer.from(s, 'utf8') });

describe('text encodings', () => {
  test('an ISO-2022-JP text file is delivered byte for byte, read as the system iconv reads it', async () => {
    const bytes = jis(JIS_TEXT);
    const result = await sanitize('archive.txt', bytes);
    expect(result).toMatchObject({ verdict: 'clean', detectedType: 'text:iso-2022-jp' });
    expect(Buffer.from(result.output!.bytes).equals(bytes)).toBe(true);
    expect(systemIconv(result.output!.bytes, 'ISO-2022-JP-3')).toBe(JIS_TEXT);
  });

  test('ISO-2022-JP with hiding characters is re-encoded as ISO-2022-JP without them', async () => {
    const bytes = Buffer.concat([jis('請求書 '), Buffer.from('\u202e', 'utf8'), jis('fdp.exe を確認\r\n')]);
    // The bidi override is UTF-8 inside JIS: not valid ISO-2022-JP, read as UTF-8 with the escapes stripped.
    expect(await sanitize('x.txt', bytes)).toMatchObject({ verdict: 'sanitized', detectedType: 'text:utf-8' });
    const clean = Buffer.concat([jis('請求書'), Buffer.from('\x07', 'latin1'), jis('を確認\r\n')]);
    const result = await sanitize('bell.txt', clean);
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'text:iso-2022-jp' });
    expect(result.actions).toEqual(['text encoding iso-2022-jp', 'removed 1 control character(s)']);
    expect(systemIconv(result.output!.bytes, 'ISO-2022-JP')).toBe('請求書を確認\r\n');
  });

  test('an ISO-2022-JP CSV gets its formula cells neutralized and stays ISO-2022-JP', async () => {
    const result = await sanitize('meibo.csv', jis('氏名,リンク\r\n山田,=HYPERLINK("http://evil.example")\r\n'));
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'csv:iso-2022-jp' });
    expect(systemIconv(result.output!.bytes, 'ISO-2022-JP')).toBe(`氏名,リンク\r\n山田,'=HYPERLINK("http://evil.example")\r\n`);
  });

  test('broken ISO-2022-JP (half a double-byte character) is not delivered as if it were text', async () => {
    const result = await sanitize('broken.txt', Buffer.from('\x1b$B$3$\x1b(B\r\n', 'latin1'));
    // Read as UTF-8 instead: the escapes are stripped and the result says so.
    expect(result.verdict).toBe('sanitized');
    expect(result.actions).toContain('removed 2 control character(s)');
  });

  test('Windows-1252 (Latin-1) text is delivered in Windows-1252, read as the system iconv reads it', async () => {
    const western = 'Café au lait, naïve Grüße, 5 € — «Zürich»\r\n';
    const bytes = iconv.encode(western, 'windows-1252');
    const result = await sanitize('menu.txt', bytes);
    expect(result).toMatchObject({ verdict: 'clean', detectedType: 'text:windows-1252' });
    expect(systemIconv(result.output!.bytes, 'WINDOWS-1252')).toBe(western);
  });

  test('a Windows-1252 CSV is neutralized in Windows-1252; converted to UTF-8 with BOM when asked', async () => {
    const bytes = iconv.encode("Straße,Wert\r\nMünchen,=cmd|' /C calc'!A0\r\n", 'windows-1252');
    const result = await sanitize('orte.csv', bytes);
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'csv:windows-1252' });
    expect(systemIconv(result.output!.bytes, 'WINDOWS-1252')).toBe("Straße,Wert\r\nMünchen,'=cmd|' /C calc'!A0\r\n");
    const bom = new BuiltinSanitizerEngine({ textOutputEncoding: 'utf-8-bom', isolation: 'none' });
    const converted = await bom.sanitize({ name: 'orte.csv', bytes });
    expect(text(converted.output!.bytes)).toBe("\ufeffStraße,Wert\r\nMünchen,'=cmd|' /C calc'!A0\r\n");
  });

  test('Shift_JIS still wins over Windows-1252 where both could read the bytes', async () => {
    const result = await sanitize('sjis.txt', iconv.encode('塩尻市\r\n', 'cp932'));
    expect(result.detectedType).toBe('text:shift_jis');
  });
});

describe('CSV: only what a spreadsheet evaluates is neutralized', () => {
  const csv = async (content: string) => text((await sanitize('list.csv', utf8(content))).output!.bytes);

  test('a value that starts and ends with a fullwidth minus (a catch phrase) is delivered unchanged', async () => {
    const phrase = 'スローガン\r\n－このまちが好きさ－\r\n"－このまちが好きさ－",＋α の取り組み,＠塩尻\r\n';
    const result = await sanitize('slogan.csv', utf8(phrase));
    expect(result).toMatchObject({ verdict: 'clean' });
    expect(text(result.output!.bytes)).toBe(phrase);
  });

  test('fullwidth signs before a function call, a DDE link or a reference expression are neutralized', async () => {
    expect(await csv('＝HYPERLINK("http://evil.example"),＋cmd|\' /C calc\'!A0,－A1+B1,＝ＷＥＢＳＥＲＶＩＣＥ("http://x")\r\n')).toBe(
      `'＝HYPERLINK("http://evil.example"),'＋cmd|' /C calc'!A0,'－A1+B1,'＝ＷＥＢＳＥＲＶＩＣＥ("http://x")\r\n`,
    );
  });

  test('halfwidth signs are neutralized as before, fullwidth numbers are numbers', async () => {
    expect(await csv('=HYPERLINK("http://evil.example"),+cmd|\' /C calc\'!A0,-このまち,－１２．５\r\n')).toBe(
      `'=HYPERLINK("http://evil.example"),'+cmd|' /C calc'!A0,'-このまち,－１２．５\r\n`,
    );
  });
});
