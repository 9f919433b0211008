import * as iconv from 'iconv-lite';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { SanitizeResult } from '../../lib/sanitization/types';
import {
  CFB_HEADER,
  zip,
  cleanPng,
  ELF_HEADER,
  jpegWithExif,
  latin1,
  LNK_HEADER,
  PE_HEADER,
  pngWithMetadata,
  SJIS_CSV_TEXT,
  shiftJisCsv,
  text,
  utf8,
} from './fixtures';

const engine = new BuiltinSanitizerEngine();
const sanitize = (name: string, bytes: Uint8Array) => engine.sanitize({ name, bytes });

describe('text and CSV', () => {
  let sjis: SanitizeResult;
  let bidi: SanitizeResult;
  beforeAll(async () => {
    sjis = await sanitize('住民一覧.csv', shiftJisCsv());
    bidi = await sanitize('notes.txt', utf8('請求書 \u202Efdp.exe\u202C を確認\u0000\u001b[2J してください\r\n\tインデント\n'));
  });

  test('a Shift_JIS CSV stays Shift_JIS, text intact, formula cells neutralized', () => {
    expect(sjis).toMatchObject({ verdict: 'sanitized', detectedType: 'csv:shift_jis' });
    const delivered = iconv.decode(Buffer.from(sjis.output!.bytes), 'cp932');
    expect(delivered).toBe(SJIS_CSV_TEXT.replace('"=HYPERLINK', `"'=HYPERLINK`));
    expect(sjis.actions).toEqual(['text encoding shift_jis', "neutralized 1 formula cell(s) (prefixed with ')"]);
  });

  test('negative numbers and phone numbers are not treated as formulas', () => {
    const delivered = iconv.decode(Buffer.from(sjis.output!.bytes), 'cp932');
    expect(delivered).toContain(',-12.5\r\n');
    expect(delivered).toContain('0263-52-0280');
  });

  test('bidi overrides, NUL and escape sequences are stripped, tab/CR/LF and the text kept', () => {
    expect(bidi).toMatchObject({ verdict: 'sanitized', detectedType: 'text:utf-8' });
    expect(text(bidi.output!.bytes)).toBe('請求書 fdp.exe を確認[2J してください\r\n\tインデント\n');
    expect(bidi.actions).toEqual([
      'text encoding utf-8',
      'removed 2 control character(s)',
      'removed 2 bidirectional override/isolate character(s)',
    ]);
  });

  test('clean UTF-8 text is delivered byte for byte', async () => {
    const bytes = utf8('\ufeff塩尻市 情報政策課\r\n');
    const result = await sanitize('memo.txt', bytes);
    expect(result).toMatchObject({ verdict: 'clean', detectedType: 'text:utf-8' });
    expect(Buffer.from(result.output!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(result.sha256Out).toBe(result.sha256In);
  });

  test('formula cells in a UTF-8 CSV are neutralized, quoted or not', async () => {
    const result = await sanitize('list.csv', utf8('a,b,c\n=1+1,"@SUM(A1:A2)",+81-263\n-5,"x",@\n'));
    expect(text(result.output!.bytes)).toBe(`a,b,c\n'=1+1,"'@SUM(A1:A2)",'+81-263\n-5,"x",'@\n`);
  });

  test('UTF-16 text with a BOM (Excel "Unicode text") is read and kept in UTF-16', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('番号\t氏名\r\n1\t=cmd\r\n', 'utf16le')]);
    const result = await sanitize('export.tsv', bytes);
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'tsv:utf-16le' });
    expect(Buffer.from(result.output!.bytes).subarray(2).toString('utf16le')).toBe("番号\t氏名\r\n1\t'=cmd\r\n");
  });

  test('an empty text file is delivered clean; an empty PDF is not a PDF', async () => {
    expect(await sanitize('empty.txt', new Uint8Array(0))).toMatchObject({ verdict: 'clean' });
    expect(await sanitize('empty.pdf', new Uint8Array(0))).toMatchObject({ verdict: 'quarantined', reasonCode: 'type-mismatch' });
  });

  test('a file without an extension is delivered with the detected one', async () => {
    const result = await sanitize('README', utf8('hello'));
    expect(result.output!.name).toBe('README.txt');
  });

  test('text under a program extension is quarantined', async () => {
    for (const name of ['run.ps1', 'start.bat', 'x.js', 'y.vbs', 'page.hta']) {
      expect(await sanitize(name, utf8('Write-Host hi'))).toMatchObject({ verdict: 'quarantined', reasonCode: 'script' });
    }
  });

  test('text under a binary format extension is a mismatch; under another extension it is not allowlisted', async () => {
    expect(await sanitize('invoice.pdf', utf8('plain'))).toMatchObject({ verdict: 'quarantined', reasonCode: 'type-mismatch' });
    expect(await sanitize('photo.JPG', utf8('plain'))).toMatchObject({ verdict: 'quarantined', reasonCode: 'type-mismatch' });
    const xml = await sanitize('data.xml', utf8('<?xml version="1.0"?><a/>'));
    expect(xml).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsupported-type' });
    expect(xml.reason).toMatch(/^\.xml files are not an allowlisted type/);
  });

  test('HTML and SVG are active content even when named .txt', async () => {
    expect(await sanitize('page.txt', utf8('<!DOCTYPE html><html><script>alert(1)</script></html>'))).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'active-content',
      detectedType: 'html',
    });
    expect(await sanitize('logo.txt', utf8('<?xml version="1.0"?><svg onload="alert(1)"/>'))).toMatchObject({
      verdict: 'quarantined',
      detectedType: 'svg',
    });
  });

  test('a shebang script is quarantined whatever its name', async () => {
    expect(await sanitize('notes.txt', utf8('#!/bin/sh\nrm -rf /\n'))).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'script',
      detectedType: 'script',
    });
  });

  test('binary content that is no known type is quarantined', async () => {
    expect(await sanitize('blob.txt', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256)))).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'unsupported-type',
      detectedType: 'unknown',
    });
  });
});

describe('images', () => {
  let png: SanitizeResult;
  let jpeg: SanitizeResult;
  beforeAll(async () => {
    png = await sanitize('photo.png', pngWithMetadata());
    jpeg = await sanitize('photo.jpg', jpegWithExif());
  });

  test('PNG text, eXIf chunks and trailing data are removed; pixels kept', () => {
    expect(png).toMatchObject({ verdict: 'sanitized', detectedType: 'png' });
    expect(Buffer.from(png.output!.bytes).equals(cleanPng())).toBe(true);
    expect(png.actions).toEqual(
      expect.arrayContaining([
        'removed PNG tEXt chunk',
        'removed PNG zTXt chunk',
        'removed PNG iTXt chunk',
        'removed PNG eXIf chunk',
        'removed 25 byte(s) after IEND',
      ]),
    );
  });

  test('JPEG EXIF, XMP, comments, private segments and trailing data are removed; JFIF and scan kept', () => {
    expect(jpeg).toMatchObject({ verdict: 'sanitized', detectedType: 'jpeg' });
    const out = latin1(jpeg.output!.bytes);
    expect(out).not.toMatch(/secret/);
    expect(out).toContain('JFIF');
    expect(out.endsWith('\xff\xd9')).toBe(true);
    expect(out).toContain('\xff\xda');
    expect(out).toContain('\x00\xff\x00\x3f\xff\xd0\x00');
    expect(jpeg.actions).toEqual(
      expect.arrayContaining(['removed JPEG APP1 segment x2 (EXIF/XMP)', 'removed JPEG COM segment', 'removed JPEG APP13 segment']),
    );
  });

  test('a clean PNG is delivered clean and unchanged', async () => {
    const clean = await sanitize('clean.png', cleanPng());
    expect(clean).toMatchObject({ verdict: 'clean' });
    expect(clean.sha256Out).toBe(clean.sha256In);
  });

  test('a PNG with a broken CRC or no IEND is malformed', async () => {
    const broken = cleanPng();
    broken[30] ^= 0xff;
    expect(await sanitize('a.png', broken)).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
    expect(await sanitize('b.png', cleanPng().subarray(0, 40))).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
  });

  test('junk between JPEG segments is dropped, as decoders skip it', async () => {
    const jpeg = jpegWithExif();
    const sos = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
    const padded = Buffer.concat([jpeg.subarray(0, sos), Buffer.from('junk'), jpeg.subarray(sos)]);
    const result = await sanitize('padded.jpg', padded);
    expect(result.verdict).toBe('sanitized');
    expect(result.actions).toContain('removed 4 stray byte(s) between segments');
    expect(latin1(result.output!.bytes)).not.toContain('junk');
  });

  test('a truncated JPEG is malformed', async () => {
    expect(await sanitize('c.jpg', jpegWithExif().subarray(0, 120))).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
  });

  test('an image over the pixel limit is quarantined before any viewer allocates it', async () => {
    const small = new BuiltinSanitizerEngine({ limits: { maxImagePixels: 3 } });
    expect(await small.sanitize({ name: 'big.png', bytes: cleanPng() })).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'limit-exceeded',
    });
  });

  test('a JPEG named .png is a mismatch', async () => {
    expect(await sanitize('photo.png', jpegWithExif())).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'type-mismatch',
      detectedType: 'jpeg',
    });
  });
});

describe('programs, shortcuts and unsupported types', () => {
  test.each([
    ['invoice.pdf', ELF_HEADER, 'elf', 'executable'],
    ['invoice.pdf', PE_HEADER, 'pe', 'executable'],
    ['setup.exe', PE_HEADER, 'pe', 'executable'],
    ['report.docx', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'macho', 'executable'],
    ['readme.txt', LNK_HEADER, 'lnk', 'shortcut'],
    ['old.doc', CFB_HEADER, 'cfb', 'active-content'],
    ['letter.rtf', utf8('{\\rtf1\\ansi {\\object\\objemb}}'), 'rtf', 'active-content'],
    ['pic.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'gif', 'malformed'],
    ['a.7z', Buffer.from('377abcaf271c000400', 'hex'), '7z', 'unsupported-type'],
  ])('%s with %s content is quarantined', async (name, bytes, detectedType, reasonCode) => {
    const result = await sanitize(name, bytes);
    expect(result).toMatchObject({ verdict: 'quarantined', detectedType, reasonCode });
    expect(result.output).toBeUndefined();
    expect(result.sha256Out).toBeUndefined();
    expect(result.reason).toBeTruthy();
  });

  test('a Java archive is an executable, an OpenDocument file is not allowlisted', async () => {
    const jar = zip({ 'META-INF/MANIFEST.MF': 'Main-Class: Evil\n', 'Evil.class': Buffer.from('cafebabe', 'hex') });
    expect(await sanitize('tool.zip', jar)).toMatchObject({ verdict: 'quarantined', reasonCode: 'executable', detectedType: 'jar' });
    const odt = zip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' });
    expect(await sanitize('letter.odt', odt)).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'unsupported-type',
      detectedType: 'odf',
    });
  });

  test('a shortcut extension is quarantined even with text content', async () => {
    expect(await sanitize('open.url', utf8('[InternetShortcut]\nURL=file://evil/x.exe\n'))).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'shortcut',
    });
  });

  test('a bidi override cannot disguise an .exe as a text file', async () => {
    const result = await sanitize('report\u202Etxt.exe', utf8('hello'));
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'script' });
  });

  test('text starting with "MZ" is still text', async () => {
    expect(
      await sanitize('mz.txt', utf8('MZ Corporation quarterly notes, nothing else here at all....................................')),
    ).toMatchObject({ verdict: 'clean' });
  });

  test('an input over the size limit is quarantined', async () => {
    const small = new BuiltinSanitizerEngine({ limits: { maxInputBytes: 4 } });
    expect(await small.sanitize({ name: 'a.txt', bytes: utf8('12345') })).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'limit-exceeded',
    });
  });

  test('every result carries the input hash', async () => {
    const result = await sanitize('a.exe', PE_HEADER);
    expect(result.sha256In).toMatch(/^[0-9a-f]{64}$/);
    expect(result.file).toBe('a.exe');
  });
});
