import { unzipSync } from 'fflate';
import * as zlib from 'zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { SanitizeResult } from '../../lib/sanitization/types';
import {
  cleanDocx,
  docxWithGif,
  DOCUMENT_TEXT,
  encryptedPdf,
  hostileDocm,
  hostilePdf,
  hostilePpsm,
  latin1,
  obfuscatedJavaScriptPdf,
  PDF_TEXT,
  SHEET_TEXT,
  SLIDE_TEXT,
  text,
  xlsxWithOleObject,
  zip,
} from './fixtures';

const engine = new BuiltinSanitizerEngine();

function parts(result: SanitizeResult): Record<string, string> {
  expect(result.output).toBeDefined();
  return Object.fromEntries(Object.entries(unzipSync(result.output!.bytes)).map(([name, bytes]) => [name, text(bytes)]));
}

describe('Office Open XML', () => {
  test('a GIF picture is redrawn as PNG: first frame, no comment, content type PNG, still referenced', async () => {
    const result = await engine.sanitize({ name: 'kouhou.docx', bytes: docxWithGif() });
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'docx' });
    expect(result.actions).toContain("converted GIF picture 'word/media/anim.gif' to PNG (kept the first of 2 animation frames)");
    const files = unzipSync(result.output!.bytes);
    const png = Buffer.from(files['word/media/anim.gif']);
    expect(png.subarray(0, 8)).toEqual(Buffer.from('89504e470d0a1a0a', 'hex'));
    expect(png.toString('latin1')).not.toContain('GIF-COMMENT');
    // IHDR says 2x2 RGBA; the pixels are the first frame's red.
    expect(png.readUInt32BE(16)).toBe(2);
    expect(png.readUInt32BE(20)).toBe(2);
    const idat = png.indexOf('IDAT');
    const raw = zlib.inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect([...raw.subarray(1, 9)]).toEqual([0xff, 0, 0, 0xff, 0xff, 0, 0, 0xff]);
    expect(text(files['[Content_Types].xml'])).toContain('<Override PartName="/word/media/anim.gif" ContentType="image/png"/>');
    expect(text(files['word/document.xml'])).toContain('r:embed="rId7"');
  });

  let docm: SanitizeResult;
  let docmParts: Record<string, string>;
  let xlsx: SanitizeResult;
  let xlsxParts: Record<string, string>;
  beforeAll(async () => {
    docm = await engine.sanitize({ name: '会議資料.docm', bytes: hostileDocm() });
    docmParts = parts(docm);
    xlsx = await engine.sanitize({ name: 'zeikin.xlsx', bytes: xlsxWithOleObject() });
    xlsxParts = parts(xlsx);
  });

  test('a macro-enabled document is delivered as a plain .docx', () => {
    expect(docm).toMatchObject({ verdict: 'sanitized', detectedType: 'docm' });
    expect(docm.output!.name).toBe('会議資料.docx');
    expect(docmParts['[Content_Types].xml']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');
    expect(docmParts['[Content_Types].xml']).not.toMatch(/macroEnabled|vbaProject|activeX/i);
    expect(docm.actions).toContain('converted macro-enabled docm to docx');
  });

  test('the VBA project, its data, the ActiveX control and the smuggled program are gone', () => {
    expect(Object.keys(docmParts).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'word/_rels/document.xml.rels',
      'word/_rels/settings.xml.rels',
      'word/document.xml',
      'word/media/photo.jpeg',
      'word/settings.xml',
    ]);
    expect(Object.values(docmParts).join('\n')).not.toMatch(
      /AutoOpen|calc\.exe|vbaProject|activeX|VB_Name|altchunk|afchunk|altChunk|mailMerge|evil\.example\\share/,
    );
  });

  test('the remote template and remote image relationships and their references are removed', () => {
    expect(docmParts['word/_rels/settings.xml.rels']).not.toContain('evil.example');
    expect(docmParts['word/settings.xml']).not.toContain('attachedTemplate');
    expect(docmParts['word/settings.xml']).toContain('w:defaultTabStop');
    expect(docmParts['word/_rels/document.xml.rels']).not.toMatch(/evil\.example|rId6|rId7|rId1"/);
    expect(docmParts['word/document.xml']).not.toMatch(/r:link="rId6"|w:control/);
    expect(docm.actions.some((a) => a.includes("external attachedTemplate relationship to 'http://evil.example/template.dotm'"))).toBe(
      true,
    );
  });

  test('DDE and INCLUDEPICTURE fields are neutralized, their displayed text kept', () => {
    const xml = docmParts['word/document.xml'];
    expect(xml).not.toMatch(/DDEAUTO|cmd\.exe|INCLUDEPICTURE|track\.png|file:|share/);
    expect(xml).toContain('DDE結果');
    expect(xml).toContain('追跡画像');
    expect(xml).toContain('共有フォルダ');
    expect(xml).toContain('HYPERLINK &quot;https://www.city.shiojiri.lg.jp/kurashi/&quot;');
    expect(docm.actions).toContain("neutralized 3 DDE/remote/macro field(s) in 'word/document.xml'");
  });

  test('pictures inside lose their EXIF and stay referenced', () => {
    expect(docmParts['word/media/photo.jpeg']).not.toContain('secret');
    expect(docmParts['word/document.xml']).toContain('r:embed="rId9"');
    // The SVG goes; Office shows the PNG/JPEG copy every SVG picture carries.
    expect(docmParts['word/document.xml']).not.toMatch(/svgBlip|rId10/);
    expect(Object.values(docmParts).join('')).not.toContain('svg-script');
    expect(
      docm.actions.some((a) => a.startsWith("removed metadata from picture 'word/media/photo.jpeg' (JPEG APP1 segment x2 (EXIF/XMP)")),
    ).toBe(true);
  });

  test('the document text and the https hyperlink are intact', () => {
    expect(docmParts['word/document.xml']).toContain(DOCUMENT_TEXT);
    expect(docmParts['word/document.xml']).toContain('画像の後');
    expect(docmParts['word/document.xml']).toContain('<w:hyperlink r:id="rId5">');
    expect(docmParts['word/_rels/document.xml.rels']).toContain('https://www.city.shiojiri.lg.jp/');
  });

  test('an OLE object in a workbook is removed with its container markup, the DDE formula dropped, values kept', () => {
    expect(xlsx).toMatchObject({ verdict: 'sanitized', detectedType: 'xlsx' });
    expect(xlsx.output!.name).toBe('zeikin.xlsx');
    expect(Object.keys(xlsxParts)).not.toContain('xl/embeddings/oleObject1.bin');
    const sheet = xlsxParts['xl/worksheets/sheet1.xml'];
    expect(sheet).not.toMatch(/oleObject|AlternateContent|cmd\|/);
    expect(sheet).toContain('<f>SUM(1,2)</f>');
    expect(sheet).toContain('<c r="C1"><v>0</v></c>');
    expect(xlsxParts['xl/worksheets/_rels/sheet1.xml.rels']).not.toContain('oleObject');
    expect(xlsxParts['xl/sharedStrings.xml']).toContain(SHEET_TEXT);
    expect(xlsxParts['[Content_Types].xml']).not.toContain('oleObject');
  });

  test('a macro-enabled slide show is delivered as .ppsx without its VBA project', async () => {
    const result = await engine.sanitize({ name: 'kunren.ppsm', bytes: hostilePpsm() });
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'ppsm' });
    expect(result.output!.name).toBe('kunren.ppsx');
    const out = parts(result);
    expect(Object.keys(out)).not.toContain('ppt/vbaProject.bin');
    expect(out['[Content_Types].xml']).toContain('application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml');
    expect(out['ppt/slides/slide1.xml']).toContain(SLIDE_TEXT);
  });

  test('a macro-enabled main type given by a Default (not an Override) is converted too', async () => {
    const files = unzipSync(hostilePpsm());
    files['[Content_Types].xml'] = Buffer.from(
      text(files['[Content_Types].xml'])
        .replace(
          '<Default Extension="xml" ContentType="application/xml"/>',
          '<Default Extension="xml" ContentType="application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml"/>',
        )
        .replace(/<Override PartName="\/ppt\/presentation.xml"[^>]*\/>/, ''),
    );
    const result = await engine.sanitize({ name: 'x.ppsm', bytes: zip(files) });
    const types = parts(result)['[Content_Types].xml'];
    expect(types).not.toContain('macroEnabled');
    expect(types).toContain('<Default Extension="xml" ContentType="application/xml"/>');
    expect(types).toMatch(
      /<Override PartName="\/ppt\/presentation.xml" ContentType="application\/vnd.openxmlformats-officedocument.presentationml.slideshow.main\+xml"\/>/,
    );
  });

  test('a clean document is delivered clean with its text', async () => {
    const result = await engine.sanitize({ name: 'clean.docx', bytes: cleanDocx() });
    expect(result).toMatchObject({ verdict: 'clean', detectedType: 'docx' });
    expect(parts(result)['word/document.xml']).toContain(DOCUMENT_TEXT);
  });

  test('a document named .pdf is quarantined as a mismatch', async () => {
    const result = await engine.sanitize({ name: 'scan.pdf', bytes: cleanDocx() });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'type-mismatch', detectedType: 'docx' });
    expect(result.output).toBeUndefined();
  });

  test('a DTD in a part (entity expansion) quarantines the document', async () => {
    const files = unzipSync(cleanDocx());
    files['word/document.xml'] = Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&a;</w:document>`,
    );
    const result = await engine.sanitize({ name: 'lol.docx', bytes: zip(files) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
    expect(result.reason).toMatch(/DTD/);
  });

  test('an Excel add-in is quarantined', async () => {
    const files = unzipSync(xlsxWithOleObject());
    files['[Content_Types].xml'] = Buffer.from(
      text(files['[Content_Types].xml']).replace(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
        'application/vnd.ms-excel.addin.macroEnabled.main+xml',
      ),
    );
    const result = await engine.sanitize({ name: 'tool.xlam', bytes: zip(files) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'script' });
  });
});

/** Text drawn by pdf-lib, from every page content stream (inflated). */
function pageTexts(doc: PDFDocument): string {
  return doc
    .getPages()
    .map((page) => {
      const contents = page.node.Contents();
      const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
      return streams
        .map((s) =>
          s instanceof PDFRawStream
            ? s.dict.has(PDFName.of('Filter'))
              ? zlib.inflateSync(s.contents).toString('latin1')
              : latin1(s.contents)
            : '',
        )
        .join('');
    })
    .join('\n');
}

describe('PDF', () => {
  let result: SanitizeResult;
  let out: PDFDocument;
  let raw: string;
  beforeAll(async () => {
    result = await engine.sanitize({ name: 'notice.pdf', bytes: await hostilePdf() });
    out = await PDFDocument.load(result.output!.bytes);
    raw = latin1(result.output!.bytes);
  });

  test('every kind of active content is removed and reported', () => {
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'pdf' });
    expect(result.actions).toEqual(
      expect.arrayContaining([
        'removed document open action (JavaScript)',
        'removed additional actions (AA)',
        'removed JavaScript name tree',
        'removed embedded files name tree (EmbeddedFiles)',
        'removed Launch action',
        'removed XFA form (XFA)',
        'removed non-web URI action',
        'removed FileAttachment annotation',
        'removed JavaScript action',
      ]),
    );
  });

  test('no trace of the scripts, the attachment or the launch command is left in the bytes', () => {
    expect(raw).not.toMatch(
      /\/JavaScript|\/JS\b|\/OpenAction|\/AA\b|\/Launch|\/EmbeddedFile|\/XFA|pwned-by-name-tree|calc-launch|invoice\.exe|xfa-payload|open-action|page-open|uri-script|javascript:|payload\.js|next-chain|FileAttachment/,
    );
  });

  test('the page, its text and the plain web link survive', () => {
    expect(out.getPageCount()).toBe(1);
    expect(pageTexts(out)).toContain(
      PDF_TEXT.split('')
        .map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
        .join(''),
    );
    const links = out
      .getPage(0)
      .node.Annots()!
      .asArray()
      .map((ref) => out.context.lookup(ref, PDFDict));
    // The launching and javascript: links stay as inert rectangles; the web link keeps its action.
    expect(links.map((l) => l.has(PDFName.of('A')))).toEqual([false, true, false, true]);
    expect(raw).toContain('https://www.city.shiojiri.lg.jp/');
  });

  test('hex-escaped names (/J#61vaScript) are decoded and removed too', async () => {
    const obfuscated = await engine.sanitize({ name: 'obf.pdf', bytes: await obfuscatedJavaScriptPdf() });
    expect(obfuscated.verdict).toBe('sanitized');
    expect(obfuscated.actions).toContain('removed document open action (JavaScript)');
    expect(latin1(obfuscated.output!.bytes)).not.toMatch(/obfuscated|#61|#65/);
  });

  test('an encrypted PDF is quarantined', async () => {
    const encrypted = await engine.sanitize({ name: 'locked.pdf', bytes: await encryptedPdf() });
    expect(encrypted).toMatchObject({ verdict: 'quarantined', reasonCode: 'encrypted', detectedType: 'pdf' });
  });

  test('an unparsable PDF is quarantined as malformed', async () => {
    const broken = await engine.sanitize({
      name: 'broken.pdf',
      bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF'),
    });
    expect(broken).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
  });

  test('a clean PDF is delivered as clean, rebuilt', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([100, 100]);
    page.drawText('plain');
    // Opening at a page is not active content.
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([page.ref, PDFName.of('Fit')]));
    const clean = await engine.sanitize({ name: 'plain.pdf', bytes: await doc.save() });
    expect(clean).toMatchObject({ verdict: 'clean', detectedType: 'pdf' });
    expect(clean.actions[0]).toMatch(/^rebuilt PDF structure/);
    const rebuilt = await PDFDocument.load(clean.output!.bytes);
    expect(rebuilt.getPageCount()).toBe(1);
    expect(rebuilt.catalog.has(PDFName.of('OpenAction'))).toBe(true);
  });
});
