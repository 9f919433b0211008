/**
 * Regression corpus of real files (test/fixtures/sanitizer, sources in SOURCES.md) and probes
 * made from them by adding one attack each. Outputs are checked with readers the engine does not
 * use (fflate for ZIP, fast-xml-parser for XML), so a bug shared by the engine's reader and its
 * own check cannot hide.
 */
import * as fs from 'fs';
import * as path from 'path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { XMLValidator } from 'fast-xml-parser';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { SanitizeResult } from '../../lib/sanitization/types';
import { deflatedEntry, hostilePdf, PE_HEADER, rawZip, text, utf8, zip } from './fixtures';

const engine = new BuiltinSanitizerEngine();
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sanitizer');
const fixture = (name: string): Uint8Array => fs.readFileSync(path.join(FIXTURES, name));

/** Files of a package as a mutable map, to build a probe from a real file. */
function unpack(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

function edit(files: Record<string, Uint8Array>, name: string, change: (xml: string) => string): void {
  files[name] = strToU8(change(text(files[name])));
}

function addRelationship(files: Record<string, Uint8Array>, rels: string, id: string, type: string, target: string): void {
  const xml = files[rels]
    ? text(files[rels])
    : '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  files[rels] = strToU8(xml.replace('</Relationships>', `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`));
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const isPicture = (b: Uint8Array) =>
  (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) || (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff);
const isXml = (b: Uint8Array) => /^(\ufeff)?\s*</.test(text(b.subarray(0, 64)));

/**
 * What Office needs to open a package, checked independently of the engine: every part is XML
 * (well-formed) or a PNG/JPEG picture, every internal relationship reaches a part, and every part
 * has a content type.
 */
function officeProblems(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const files = unzipSync(bytes);
  const names = new Map(Object.keys(files).map((n) => [n.toLowerCase(), n]));
  const types = text(files['[Content_Types].xml']);
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/') || content.length === 0) continue;
    if (!isPicture(content) && !isXml(content)) problems.push(`${name} is neither XML nor PNG/JPEG`);
    if (isXml(content) && /\.(xml|rels)$/i.test(name) && XMLValidator.validate(text(content)) !== true)
      problems.push(`${name} is not well-formed XML`);
    const extension = name.split('.').pop()?.toLowerCase() ?? '';
    if (!types.toLowerCase().includes(`partname="/${name.toLowerCase()}"`) && !new RegExp(`Extension="${extension}"`, 'i').test(types))
      problems.push(`${name} has no content type`);
    if (!name.endsWith('.rels')) continue;
    const folder = path.posix.dirname(path.posix.dirname(name));
    for (const m of text(content).matchAll(/<Relationship\b[^>]*>/g)) {
      const tag = m[0];
      if (/TargetMode="External"/i.test(tag)) continue;
      const target = decodeURIComponent(/Target="([^"]*)"/.exec(tag)?.[1] ?? '');
      if (target.startsWith('#')) continue;
      const resolved = target.startsWith('/')
        ? target.slice(1)
        : path.posix.normalize(path.posix.join(folder === '.' ? '' : folder, target));
      if (!names.has(resolved.toLowerCase())) problems.push(`${name}: relationship to missing '${target}'`);
    }
  }
  return problems;
}

/** Every delivered part's text, joined (for greps of leftovers). */
function allText(result: SanitizeResult): string {
  return Object.values(unzipSync(result.output!.bytes))
    .map((b) => text(b))
    .join('\n');
}

describe('spreadsheet text formats are judged by content', () => {
  const slk = fixture('text/excel4_sample_macro.slk');

  test.each(['excel4_sample_macro.slk', 'list.csv', 'notes.txt', 'data.tsv', 'README'])(
    'an Excel 4.0 macro SYLK file named %s is quarantined',
    async (name) => {
      const result = await engine.sanitize({ name, bytes: slk });
      expect(result).toMatchObject({ verdict: 'quarantined' });
      expect(result.output).toBeUndefined();
      if (name !== 'excel4_sample_macro.slk') expect(result).toMatchObject({ detectedType: 'sylk', reasonCode: 'active-content' });
    },
  );

  test.each([
    ['DIF', 'TABLE\r\n0,1\r\n"EXCEL"\r\nVECTORS\r\n0,1\r\n""\r\n'],
    ['web query', 'WEB\r\n1\r\nhttps://evil.example/q.html\r\n\r\nSelection=AllTables\r\n'],
    ['ODBC query', 'XLODBC\r\n1\r\nDSN=evil;\r\nSELECT 1\r\n'],
    ['SYLK with ID;P only', 'ID;P\r\nC;Y1;X1;K1\r\nE\r\n'],
    [
      'SpreadsheetML 2003',
      '<?xml version="1.0"?>\r\n<?mso-application progid="Excel.Sheet"?>\r\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>\r\n',
    ],
  ])('%s content under .csv and .txt is quarantined', async (_kind, content) => {
    for (const name of ['data.csv', 'data.txt']) {
      expect(await engine.sanitize({ name, bytes: utf8(content) })).toMatchObject({ verdict: 'quarantined', reasonCode: 'active-content' });
    }
  });

  test('an ordinary CSV whose first column is called ID is still delivered', async () => {
    const result = await engine.sanitize({ name: 'ids.csv', bytes: utf8('ID,氏名\r\n1,山田\r\n') });
    expect(result).toMatchObject({ verdict: 'clean' });
  });
});

describe('CSV formula injection variants', () => {
  const csv = async (content: string, name = 'list.csv') => {
    const result = await engine.sanitize({ name, bytes: utf8(content) });
    expect(result.verdict).toBe('sanitized');
    return text(result.output!.bytes);
  };

  test('the real DDE CSV is neutralized', async () => {
    const result = await engine.sanitize({ name: 'dde-in-csv.csv', bytes: fixture('text/dde-in-csv.csv') });
    expect(result.verdict).toBe('sanitized');
    expect(text(result.output!.bytes)).toMatch(/^'=cmd\|/);
  });

  test('a sep=; first line makes ; the separator', async () => {
    expect(await csv("sep=;\r\nname;value\r\nx;=cmd|' /C calc'!A0\r\n")).toBe("sep=;\r\nname;value\r\nx;'=cmd|' /C calc'!A0\r\n");
  });

  test('cells a semicolon locale would split are neutralized without a sep= line', async () => {
    expect(await csv("name,x;=cmd|' /C calc'!A0\r\n")).toBe("name,x;'=cmd|' /C calc'!A0\r\n");
  });

  test('leading whitespace, fullwidth signs, tab and CR do not hide a formula', async () => {
    expect(await csv(' =1+1, "  @SUM(A1)",＝HYPERLINK("http://evil.example"),＋1+1,－A1,＠A1,\t=1+1\r\n')).toBe(
      "' =1+1, \"'  @SUM(A1)\",'＝HYPERLINK(\"http://evil.example\"),'＋1+1,'－A1,'＠A1,\t'=1+1\r\n",
    );
  });

  test('plain numbers stay numbers', async () => {
    const result = await engine.sanitize({ name: 'n.csv', bytes: utf8('-12.5, +3,1e5\r\n') });
    expect(result.verdict).toBe('clean');
  });
});

describe('every part of an Office package is read or removed', () => {
  let result: SanitizeResult;
  beforeAll(async () => {
    const files = unpack(fixture('office/python-docx-plain.docx'));
    files['word/media/report.pdf'] = await hostilePdf();
    files['word/media/tools.zip'] = zip({ 'setup.exe': PE_HEADER });
    files['word/media/data.bin'] = utf8('not XML, not a picture');
    addRelationship(files, 'word/_rels/document.xml.rels', 'rId90', `${REL}/image`, 'media/report.pdf');
    addRelationship(files, 'word/_rels/document.xml.rels', 'rId91', `${REL}/package`, 'media/tools.zip');
    addRelationship(files, 'word/_rels/document.xml.rels', 'rId92', `${REL}/customXml`, 'media/data.bin');
    edit(files, '[Content_Types].xml', (xml) =>
      xml.replace(
        '</Types>',
        '<Default Extension="pdf" ContentType="application/pdf"/><Default Extension="zip" ContentType="application/zip"/><Default Extension="bin" ContentType="application/octet-stream"/></Types>',
      ),
    );
    result = await engine.sanitize({ name: 'plain.docx', bytes: zipSync(files) });
  });

  test('an embedded PDF, a ZIP holding a program and an unknown binary part are removed with actions', () => {
    expect(result.verdict).toBe('sanitized');
    const files = unzipSync(result.output!.bytes);
    expect(Object.keys(files)).not.toEqual(expect.arrayContaining(['word/media/report.pdf']));
    expect(Object.keys(files).filter((n) => /report\.pdf|tools\.zip|data\.bin/.test(n))).toEqual([]);
    expect(result.actions).toEqual(
      expect.arrayContaining([
        "removed unchecked embedded PDF part 'word/media/report.pdf'",
        "removed unchecked embedded ZIP archive part 'word/media/tools.zip'",
        "removed unchecked binary part (application/octet-stream) part 'word/media/data.bin'",
      ]),
    );
  });

  test('binary data behind an XML header, and embedded packages anywhere, are removed', async () => {
    const files = unpack(fixture('office/python-docx-plain.docx'));
    files['word/custom.xml'] = Buffer.concat([Buffer.from('<x/>'), Buffer.from(PE_HEADER)]);
    files['word/inner.docx'] = fixture('office/python-docx-plain.docx');
    addRelationship(files, 'word/_rels/document.xml.rels', 'rId90', `${REL}/customXml`, 'custom.xml');
    addRelationship(files, 'word/_rels/document.xml.rels', 'rId91', `${REL}/package`, 'inner.docx');
    const probe = await engine.sanitize({ name: 'p.docx', bytes: zipSync(files) });
    expect(Object.keys(unzipSync(probe.output!.bytes)).filter((n) => /custom\.xml|inner\.docx/.test(n))).toEqual([]);
    expect(probe.actions).toContain("removed binary data under an XML header part 'word/custom.xml'");
  });

  test('a DDE formula hidden in a defined name is removed', async () => {
    const files = unpack(fixture('office/button01.xlsx'));
    edit(files, 'xl/workbook.xml', (xml) =>
      xml.replace('</workbook>', '<definedNames><definedName name="calc">cmd|\'/c calc\'!A0</definedName></definedNames></workbook>'),
    );
    const result = await engine.sanitize({ name: 'names.xlsx', bytes: zipSync(files) });
    expect(text(unzipSync(result.output!.bytes)['xl/workbook.xml'])).not.toContain('cmd|');
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });

  test('the delivered document still opens (independent check)', () => {
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });

  test('a template saved under .docx is delivered as the .dotx it is', async () => {
    const files = unpack(fixture('office/python-docx-plain.docx'));
    edit(files, '[Content_Types].xml', (xml) => xml.replace('document.main+xml', 'template.main+xml'));
    const template = await engine.sanitize({ name: 'plan.docx', bytes: zipSync(files) });
    expect(template).toMatchObject({ detectedType: 'dotx', output: { name: 'plan.dotx' } });
    expect(await engine.sanitize({ name: 'plan.xlsx', bytes: zipSync(files) })).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'type-mismatch',
    });
  });

  test('the real document without additions is delivered valid', async () => {
    const plain = await engine.sanitize({ name: 'plain.docx', bytes: fixture('office/python-docx-plain.docx') });
    expect(plain.output!.name).toBe('plain.docx');
    expect(officeProblems(plain.output!.bytes)).toEqual([]);
  });
});

describe('macro bindings, macro actions, macro fields and OLE links are removed', () => {
  test('an Excel form button loses its macro (VML, form control and drawing shape)', async () => {
    const files = unpack(fixture('office/button01.xlsx'));
    files['xl/ctrlProps/ctrlProp1.xml'] = utf8(
      '<?xml version="1.0" encoding="UTF-8"?><formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Button" fmlaMacro="[0]!Evil" lockText="1"/>',
    );
    files['xl/drawings/drawing9.xml'] = utf8(
      '<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="1" cy="1"/><xdr:sp macro="[0]!Evil" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Button"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>',
    );
    addRelationship(files, 'xl/worksheets/_rels/sheet1.xml.rels', 'rId90', `${REL}/ctrlProp`, '../ctrlProps/ctrlProp1.xml');
    addRelationship(files, 'xl/worksheets/_rels/sheet1.xml.rels', 'rId91', `${REL}/drawing`, '../drawings/drawing9.xml');
    edit(files, '[Content_Types].xml', (xml) =>
      xml.replace(
        '</Types>',
        '<Override PartName="/xl/ctrlProps/ctrlProp1.xml" ContentType="application/vnd.ms-excel.controlproperties+xml"/><Override PartName="/xl/drawings/drawing9.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
      ),
    );
    const result = await engine.sanitize({ name: 'button.xlsx', bytes: zipSync(files) });
    expect(result.verdict).toBe('sanitized');
    const delivered = allText(result);
    expect(delivered).not.toMatch(/FmlaMacro|fmlaMacro|macro="\[|Button1_Click|!Evil/);
    expect(delivered).toContain('objectType="Button"');
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });

  test('the real XlsxWriter button file loses its VML macro binding', async () => {
    const result = await engine.sanitize({ name: 'button01.xlsx', bytes: fixture('office/button01.xlsx') });
    expect(result.actions).toContain("removed 1 macro binding(s) from 'xl/drawings/vmlDrawing1.vml'");
    expect(allText(result)).not.toContain('Button1_Click');
  });

  test('PowerPoint actions that run a macro, a program or an OLE verb are removed', async () => {
    const files = unpack(fixture('office/python-pptx-plain.pptx'));
    edit(files, 'ppt/slides/slide1.xml', (xml) =>
      xml
        .replace(
          '<p:cNvPr id="3" name="TextBox 2"/>',
          '<p:cNvPr id="3" name="TextBox 2"><a:hlinkClick r:id="" action="ppaction://macro?name=AutoRun"/></p:cNvPr>',
        )
        .replace(
          '<a:rPr lang="en-US" dirty="0" smtClean="0"/>',
          '<a:rPr lang="en-US" dirty="0" smtClean="0"><a:hlinkMouseOver r:id="" action="ppaction://program"/></a:rPr>',
        ),
    );
    const result = await engine.sanitize({ name: 'slides.pptx', bytes: zipSync(files) });
    expect(result.verdict).toBe('sanitized');
    expect(allText(result)).not.toContain('ppaction://');
    expect(allText(result)).toContain('Baseline default textbox');
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });

  test('Word MACROBUTTON fields (simple and complex) lose their instruction, keep their text', async () => {
    const files = unpack(fixture('office/python-docx-plain.docx'));
    edit(files, 'word/document.xml', (xml) =>
      xml.replace(
        '<w:bookmarkEnd w:id="0"/>',
        '<w:bookmarkEnd w:id="0"/><w:fldSimple w:instr=" MACROBUTTON AutoOpen Double-click here "><w:r><w:t>Double-click here</w:t></w:r></w:fldSimple>' +
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MACROBUTTON Evil </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Click</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
      ),
    );
    const result = await engine.sanitize({ name: 'form.docx', bytes: zipSync(files) });
    const xml = text(unzipSync(result.output!.bytes)['word/document.xml']);
    expect(xml).not.toMatch(/MACROBUTTON/);
    expect(xml).toContain('Double-click here');
    expect(xml).toContain('Click');
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });

  test('an OLE link whose relationship was already taken out is removed', async () => {
    const files = unpack(fixture('office/python-docx-plain.docx'));
    edit(files, 'word/document.xml', (xml) =>
      xml.replace(
        '<w:bookmarkEnd w:id="0"/>',
        '<w:bookmarkEnd w:id="0"/><w:r><w:object><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:100pt;height:50pt"/><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" r:id="rId99" UpdateMode="Always"><o:LinkType>EnhancedMetaFile</o:LinkType></o:OLEObject></w:object></w:r>',
      ),
    );
    const result = await engine.sanitize({ name: 'linked.docx', bytes: zipSync(files) });
    expect(result.verdict).toBe('sanitized');
    const xml = text(unzipSync(result.output!.bytes)['word/document.xml']);
    expect(xml).not.toMatch(/OLEObject|rId99|UpdateMode/);
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });

  test('real files: a linked OLE object, a DDE field and an Excel 4.0 macro sheet are disarmed', async () => {
    const linked = await engine.sanitize({ name: 'linked.docx', bytes: fixture('office/sample_with_external_link_to_doc.docx') });
    expect(allText(linked)).not.toMatch(/<o:OLEObject|TargetMode="External"[^>]*oleObject|embedded-simple-2007\.doc"/);
    const dde = await engine.sanitize({ name: 'dde.docx', bytes: fixture('office/dde-test.docx') });
    expect(text(unzipSync(dde.output!.bytes)['word/document.xml'])).not.toMatch(/DDEAUTO|\bDDE\b/);
    const xlm = await engine.sanitize({ name: 'xlm.xlsm', bytes: fixture('office/excel4_sample_macro.xlsm') });
    expect(xlm.output!.name).toBe('xlm.xlsx');
    expect(Object.keys(unzipSync(xlm.output!.bytes)).join('\n')).not.toMatch(/macrosheet/i);
    const linkedSheet = await engine.sanitize({ name: 'linked.xlsx', bytes: fixture('office/sample_with_external_link_to_doc.xlsx') });
    expect(allText(linkedSheet)).not.toMatch(/<oleObject|<x:DDE|externalLink|OLEUPDATE_ALWAYS/);
    for (const result of [linked, dde, xlm, linkedSheet]) expect(officeProblems(result.output!.bytes)).toEqual([]);
  });
});

describe('ZIP name tricks', () => {
  test('a Unicode-path extra field naming another entry than the header quarantines (real file)', async () => {
    const result = await engine.sanitize({ name: 'unicode-path.docx', bytes: fixture('zip/unicode-path.docx') });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
    expect(result.reason).toMatch(/Unicode path field/);
  });

  test('a local header naming another file than the central directory quarantines', async () => {
    const archive = rawZip([deflatedEntry('readme.txt', 'hello'), deflatedEntry('notes.txt', 'world')]);
    // The first local header says "readme.exe": streaming extractors would write that name.
    const local = archive.indexOf('readme.txt');
    archive.write('readme.exe', local, 'latin1');
    const result = await engine.sanitize({ name: 'a.zip', bytes: archive });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
    expect(result.reason).toMatch(/another name in its local header/);
  });

  test('names that differ only by case, Unicode normalization or width are duplicates', async () => {
    for (const [a, b] of [
      ['Report.txt', 'report.TXT'],
      ['café.txt', 'cafe\u0301.txt'],
      ['ｒｅｐｏｒｔ.txt', 'report.txt'],
      ['report.txt', 'report.txt.'],
    ]) {
      const result = await engine.sanitize({ name: 'a.zip', bytes: rawZip([deflatedEntry(a, '1'), deflatedEntry(b, '2')]) });
      expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
    }
  });

  test('an Office package mixing backslash and slash part names quarantines', async () => {
    const files = unpack(fixture('office/python-docx-plain.docx'));
    const entries = Object.entries(files).map(([name, content]) =>
      deflatedEntry(name === 'word/styles.xml' ? Buffer.from('word\\styles.xml') : name, content),
    );
    const result = await engine.sanitize({ name: 'mixed.docx', bytes: rawZip(entries) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
  });

  test('path traversal stays refused', async () => {
    const result = await engine.sanitize({ name: 'a.zip', bytes: rawZip([deflatedEntry('docs/../../evil.txt', 'x')]) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'unsafe-path' });
  });

  test('stray bytes after the end record that could hold another record are not repaired', async () => {
    const archive = rawZip([deflatedEntry('a.txt', 'hello')]);
    const withRecord = Buffer.concat([archive, Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(4)]);
    expect(await engine.sanitize({ name: 'a.zip', bytes: withRecord })).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
    expect(await engine.sanitize({ name: 'a.zip', bytes: Buffer.concat([archive, Buffer.from('\r\n')]) })).toMatchObject({
      verdict: 'clean',
    });
  });

  test('a document whose end record miscounts its comment (Office opens it) is delivered valid', async () => {
    const result = await engine.sanitize({ name: 'report.docx', bytes: fixture('zip/comment-length-quirk.docx') });
    expect(result.verdict).not.toBe('quarantined');
    expect(officeProblems(result.output!.bytes)).toEqual([]);
  });
});
