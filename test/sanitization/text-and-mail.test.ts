import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as iconv from 'iconv-lite';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { GifWriter } from 'omggif';
import { cleanPng, PE_HEADER, text, utf8 } from './fixtures';

const engine = new BuiltinSanitizerEngine();
const fixture = (name: string): Buffer => fs.readFileSync(path.join(__dirname, '../fixtures/sanitizer', name));
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

// ---------------------------------------------------------------- mail

/** Python's email package reads the delivered message: parts with their decoded payloads, and the body text. */
interface PythonPart {
  readonly type: string;
  readonly filename: string | null;
  readonly hex: string;
}
function readWithPython(bytes: Uint8Array): { parts: PythonPart[]; body: string } {
  const script = `
import sys, json, email
from email import policy
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
parts = [{"type": p.get_content_type(), "filename": p.get_filename(), "hex": (p.get_payload(decode=True) or b"").hex()}
         for p in m.walk() if not p.is_multipart()]
print(json.dumps({"parts": parts, "body": m.get_body(("plain",)).get_content()}))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: Buffer.from(bytes) }).toString('utf8'));
}

/** uuencoded by Python's binascii, an encoder independent of the one the engine decodes with. */
function uuencode(bytes: Buffer, name: string, backtick = true): string {
  const script = `
import sys, binascii
data = sys.stdin.buffer.read()
lines = [binascii.b2a_uu(data[i:i + 45], backtick=${backtick ? 'True' : 'False'}).decode().rstrip("\\n") for i in range(0, len(data), 45)]
print("begin 644 ${name}\\r\\n" + "\\r\\n".join(lines) + "\\r\\n${backtick ? '`' : ' '}\\r\\nend", end="")`;
  return execFileSync('python3', ['-c', script], { input: bytes }).toString('latin1');
}

const base64Lines = (bytes: Buffer): string => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

function plainMail(body: string, extraParts: string[] = []): Buffer {
  const head = ['From: soumu@example.jp', 'To: jouhou@city.shiojiri.example.jp', 'Subject: test', 'Date: Tue, 24 Nov 2026 09:00:00 +0900'];
  if (extraParts.length === 0) {
    return Buffer.from([...head, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', body].join('\r\n'), 'utf8');
  }
  const parts = [['Content-Type: text/plain; charset=UTF-8', '', body].join('\r\n'), ...extraParts];
  return Buffer.from(
    [...head, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', ...parts.map((p) => `--b\r\n${p}`), '--b--', ''].join(
      '\r\n',
    ),
    'utf8',
  );
}

describe('files encoded in a plain-text mail body', () => {
  test('a uuencoded program is removed; the body says where it was, and no part decodes to it', async () => {
    const mail = plainMail(`請求書を送ります。\r\n\r\n${uuencode(PE_HEADER, 'invoice.exe')}\r\n\r\nよろしくお願いします。\r\n`);
    const result = await sanitize('invoice.eml', mail);
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'eml' });
    expect(result.actions).toContain("removed uuencoded file 'invoice.exe' in the body (Windows executable (MZ/PE header))");
    const { parts, body } = readWithPython(result.output!.bytes);
    expect(parts.map((p) => p.type)).toEqual(['text/plain']);
    expect(body).not.toMatch(/^begin 644|^M35H/m);
    expect(body).toContain("[lgsec: removed uuencoded file 'invoice.exe']");
    expect(body).toContain("The uuencoded file 'invoice.exe' in the body was removed: Windows executable (MZ/PE header)");
    expect(body).toContain('よろしくお願いします。');
  });

  test('a uuencoded program without its end line is removed all the same; the text after it stays', async () => {
    const block = uuencode(PE_HEADER, 'invoice.exe').replace(/\r\n`\r\nend$/, '');
    const result = await sanitize('cut.eml', plainMail(`${block}\r\nご確認ください。\r\n`));
    expect(result.actions).toContain("removed uuencoded file 'invoice.exe' in the body (Windows executable (MZ/PE header))");
    const { body } = readWithPython(result.output!.bytes);
    expect(body).toMatch(/^\[lgsec: removed uuencoded file 'invoice.exe'\]\r?\nご確認ください。/);
  });

  test('a uuencoded ordinary file is decoded to the same bytes, sanitized and attached', async () => {
    const memo = utf8('会議は10時からです。\r\n');
    const result = await sanitize('memo.eml', plainMail(`メモです。\r\n${uuencode(Buffer.from(memo), 'memo.txt', false)}\r\n`));
    expect(result.verdict).toBe('sanitized');
    const { parts, body } = readWithPython(result.output!.bytes);
    expect(parts.map((p) => [p.type, p.filename])).toEqual([
      ['text/plain', null],
      ['text/plain', 'memo.txt'],
    ]);
    expect(Buffer.from(parts[1].hex, 'hex').equals(Buffer.from(memo))).toBe(true);
    expect(body).toContain("[lgsec: uuencoded file moved to the attachment 'memo.txt']");
    // The recipient reads what was done in Japanese first, then in English.
    expect(body).toContain(
      "---- lgsec による無害化 / lgsec sanitization ----\n本文中の uuencode 形式のファイル 'memo.txt'を無害化し、添付ファイル 'memo.txt' とした。\n" +
        "The uuencoded file 'memo.txt' in the body was sanitized and attached as 'memo.txt'.",
    );
  });

  test("with emailAttachments 'remove', an ordinary file encoded in the body is removed, not attached", async () => {
    const memo = utf8('会議は10時からです。\r\n');
    const removing = new BuiltinSanitizerEngine({ emailAttachments: 'remove' });
    const result = await removing.sanitize({
      name: 'memo.eml',
      bytes: plainMail(`メモです。\r\n${uuencode(Buffer.from(memo), 'memo.txt', false)}\r\n`),
    });
    expect(result.verdict).toBe('sanitized');
    const { parts, body } = readWithPython(result.output!.bytes);
    expect(parts.map((p) => p.type)).toEqual(['text/plain']);
    expect(result.actions).toContain("removed uuencoded file 'memo.txt' in the body (attachments are not delivered)");
    expect(body).toContain("[lgsec: removed uuencoded file 'memo.txt']");
  });

  test('begin-base64, yEnc and BinHex files and a bare base64 program are removed', async () => {
    const body = [
      'four files follow',
      'begin-base64 644 tool.exe',
      base64Lines(PE_HEADER),
      '====',
      '=ybegin line=128 size=5 name=setup.exe',
      '\u00a0\u00b0\u00b7\u00b7\u00ba',
      '=yend size=5',
      '(This file must be converted with BinHex 4.0)',
      ':$f*TEQKPH#jdCA0d,R0TG!"6594%8dP8)3#3"!&m!*!%EMa6593K!!%!!!&mFNa',
      "KG3,r!*!$&[rr$3d,BQPZD'9i!!!:",
      base64Lines(PE_HEADER),
      'end of mail',
    ].join('\r\n');
    const result = await sanitize('four.eml', plainMail(body));
    expect(result.actions).toEqual(
      expect.arrayContaining([
        "removed base64-encoded file 'tool.exe' in the body (Windows executable (MZ/PE header))",
        "removed yEnc-encoded file 'setup.exe' in the body (yEnc files are not an allowlisted type)",
        'removed BinHex-encoded file in the body (BinHex files are not an allowlisted type)',
        'removed base64-encoded file in the body (Windows executable (MZ/PE header))',
      ]),
    );
    const delivered = readWithPython(result.output!.bytes);
    expect(delivered.parts).toHaveLength(1);
    expect(delivered.body).not.toMatch(/TVqQ|TVoA|=ybegin|BinHex 4\.0\)\r?\n:/);
    expect(delivered.body).toMatch(/^four files follow\r?\n\[lgsec: removed base64-encoded file 'tool.exe'\]/);
    expect(delivered.body).toContain('end of mail');
  });

  test('a bare base64 picture is sanitized and attached; an armoured signature and short tokens stay text', async () => {
    const png = cleanPng();
    // OpenPGP packets are binary (control bytes): outside armour such a block would be removed.
    const signature = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
    const body = [
      'token: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=',
      base64Lines(png),
      '',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      base64Lines(signature),
      '-----END PGP SIGNATURE-----',
      '',
    ].join('\r\n');
    const result = await sanitize('pic.eml', plainMail(body));
    const delivered = readWithPython(result.output!.bytes);
    expect(delivered.parts.map((p) => [p.type, p.filename])).toEqual([
      ['text/plain', null],
      ['image/png', 'body-file-1.png'],
    ]);
    expect(delivered.body).toContain('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=');
    expect(delivered.body).toContain(base64Lines(signature).split('\r\n')[0]);
  });
});

describe('links to files and network shares in a plain-text mail body', () => {
  test('UNC paths and file:/smb: URLs are made unclickable, kept readable, and the recipient is told', async () => {
    const body =
      '資料は \\\\fileserver\\share\\予算.xlsx と file:///C:/Users/Public/a.lnk と smb://nas/share を参照。\r\n正規表現 a\\\\b はそのまま。\r\n';
    const result = await sanitize('unc.eml', plainMail(body));
    expect(result.verdict).toBe('sanitized');
    const delivered = readWithPython(result.output!.bytes).body;
    expect(delivered).toContain(
      '資料は [\\\\]fileserver\\share\\予算.xlsx と file[:]///C:/Users/Public/a.lnk と smb[:]//nas/share を参照。',
    );
    expect(delivered).toContain('正規表現 a\\\\b はそのまま。');
    expect(delivered).not.toMatch(/(^|\s)\\\\\w|file:|smb:/);
    expect(result.actions).toContain('made 3 link(s) to a file or network share (file:, smb:, UNC \\\\host) in the body unclickable');
  });
});

describe('signatures and GIF attachments', () => {
  const gif = (): Buffer => {
    const buffer = Buffer.alloc(512);
    const writer = new GifWriter(buffer, 2, 2, { palette: [0xff0000, 0x0000ff] });
    writer.addFrame(0, 0, 2, 2, [0, 1, 1, 0]);
    return buffer.subarray(0, writer.end());
  };

  test('a GIF attachment is delivered redrawn as PNG; an S/MIME signature is removed and the recipient told why', async () => {
    const signed = [
      'From: soumu@example.jp',
      'To: jouhou@city.shiojiri.example.jp',
      'Subject: signed',
      'Date: Tue, 24 Nov 2026 09:00:00 +0900',
      'MIME-Version: 1.0',
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"',
      '',
      '--sig',
      'Content-Type: multipart/mixed; boundary="mix"',
      '',
      '--mix',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      '地図を添付します。',
      '--mix',
      'Content-Type: image/gif; name="map.gif"',
      'Content-Disposition: attachment; filename="map.gif"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(gif()),
      '--mix--',
      '',
      '--sig',
      'Content-Type: application/pkcs7-signature; name="smime.p7s"',
      'Content-Disposition: attachment; filename="smime.p7s"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from('3082010006092a864886f70d010702a0', 'hex')),
      '--sig--',
      '',
    ].join('\r\n');
    const result = await sanitize('signed.eml', Buffer.from(signed, 'utf8'));
    expect(result.actions).toEqual(
      expect.arrayContaining([
        "sanitized attachment 'map.gif': converted GIF to PNG; delivered as 'map.png'",
        "removed signature 'smime.p7s' (a rebuilt message no longer matches it)",
      ]),
    );
    const delivered = readWithPython(result.output!.bytes);
    expect(delivered.parts.map((p) => [p.type, p.filename])).toEqual([
      ['text/plain', null],
      ['image/png', 'map.png'],
    ]);
    expect(Buffer.from(delivered.parts[1].hex, 'hex').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(delivered.body).toContain("The sender's signature 'smime.p7s' was removed: the message was rebuilt, so it no longer matches");
  });

  test('S/MIME encrypted content cannot be inspected: removed with a note, or the mail quarantined when asked', async () => {
    const p7m = [
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
      'Content-Disposition: attachment; filename="smime.p7m"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from('3082010006092a864886f70d010703a0', 'hex')),
    ].join('\r\n');
    const mail = plainMail('暗号化メールです。', [p7m]);
    const dropped = await sanitize('secret.eml', mail);
    expect(dropped.actions).toContain("removed S/MIME content 'smime.p7m' (S/MIME encrypted or opaque-signed content cannot be inspected)");
    expect(readWithPython(dropped.output!.bytes).body).toContain("The S/MIME content 'smime.p7m' was removed");
    const strict = new BuiltinSanitizerEngine({ containedFileQuarantine: 'quarantine-container', isolation: 'none' });
    expect(await strict.sanitize({ name: 'secret.eml', bytes: mail })).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'unsupported-type',
    });
  });

  test('a GIF file on its own is delivered as PNG under a .png name', async () => {
    const result = await sanitize('map.gif', gif());
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'gif', output: { name: 'map.png' } });
    expect(result.actions).toContain('converted GIF to PNG');
  });
});

describe('public mail samples (mikel/mail, MIT)', () => {
  test('an ISO-2022-JP mail is delivered with its text; its body alone, as a text file, is delivered unchanged', async () => {
    const mail = fixture('mail/japanese_iso_2022.eml');
    const result = await sanitize('japanese_iso_2022.eml', mail);
    expect(result).toMatchObject({ verdict: 'clean', detectedType: 'eml' });
    expect(readWithPython(result.output!.bytes).body).toContain('すみません。');
    const body = mail.subarray(mail.indexOf('\r\n\r\n') + 4);
    const file = await sanitize('body.txt', body);
    expect(file).toMatchObject({ verdict: 'clean', detectedType: 'text:iso-2022-jp' });
    expect(Buffer.from(file.output!.bytes).equals(body)).toBe(true);
    expect(systemIconv(file.output!.bytes, 'ISO-2022-JP')).toContain('すみません。');
  });

  test('a detached OpenPGP signature is removed with a note; the signed text is delivered', async () => {
    const result = await sanitize('sig_only_email.eml', fixture('mail/sig_only_email.eml'));
    expect(result.actions).toContain("removed signature 'signature.asc' (a rebuilt message no longer matches it)");
    const delivered = readWithPython(result.output!.bytes);
    expect(delivered.parts.map((p) => p.type)).toEqual(['text/plain']);
    expect(delivered.body).toContain('This is random text, not what has been signed below');
    expect(delivered.body).toContain("The sender's signature 'signature.asc' was removed");
  });
});
