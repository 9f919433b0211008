import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { PDFDocument, PDFName, PDFOperator, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { independentPdfActiveContent, pdfTextOf, popplerActiveContent, qpdfCheck, QPDF_JSON_ARGS } from './pdf-tools';

/**
 * Tagged (accessible) PDFs whose FileAttachment, Screen or 3D annotation is removed: the structure
 * tree pointed at the annotation (an /OBJR), which kept it in the file and quarantined it. The
 * delivered file is judged by qpdf and poppler.
 */
const engine = new BuiltinSanitizerEngine();
const TEXT = 'Shiojiri accessible notice';

/**
 * A tagged PDF: Document → P (the page text, MCID 0) and Annot → OBJR → the annotation, with a
 * parent tree for both; a FileAttachment also has a popup naming it as /Parent.
 */
async function taggedPdfWith(subtype: 'FileAttachment' | 'Screen' | '3D'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const ctx = doc.context;
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([300, 200]);
  page.pushOperators(PDFOperator.of('BDC' as never, [PDFName.of('P'), '<< /MCID 0 >>']));
  page.drawText(TEXT, { x: 20, y: 100, size: 12, font });
  page.pushOperators(PDFOperator.of('EMC' as never));
  const extra =
    subtype === 'FileAttachment'
      ? {
          FS: ctx.obj({
            Type: 'Filespec',
            F: PDFString.of('payload.exe'),
            EF: ctx.obj({ F: ctx.register(ctx.stream('MZ-payload', { Type: 'EmbeddedFile' })) }),
          }),
        }
      : subtype === 'Screen'
        ? { A: ctx.obj({ S: 'Rendition', OP: 0 }) }
        : { '3DD': ctx.register(ctx.stream('U3D-data', { Type: '3D', Subtype: 'U3D' })) };
  const annotRef = ctx.register(
    ctx.obj({ Type: 'Annot', Subtype: subtype, Rect: [10, 10, 30, 30], StructParent: 1, P: page.ref, ...extra }),
  );
  const annots: PDFRef[] = [annotRef];
  if (subtype === 'FileAttachment')
    annots.push(ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Popup', Rect: [40, 10, 90, 60], Parent: annotRef })));
  page.node.set(PDFName.of('Annots'), ctx.obj(annots));
  page.node.set(PDFName.of('StructParents'), ctx.obj(0));

  const rootRef = ctx.nextRef();
  const documentRef = ctx.nextRef();
  const paragraph = ctx.register(ctx.obj({ Type: 'StructElem', S: 'P', P: documentRef, Pg: page.ref, K: 0 }));
  const annotElem = ctx.register(
    ctx.obj({
      Type: 'StructElem',
      S: 'Annot',
      P: documentRef,
      Pg: page.ref,
      Alt: PDFString.of('attachment'),
      K: [ctx.obj({ Type: 'OBJR', Obj: annotRef, Pg: page.ref })],
    }),
  );
  ctx.assign(documentRef, ctx.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: [paragraph, annotElem] }));
  ctx.assign(
    rootRef,
    ctx.obj({
      Type: 'StructTreeRoot',
      K: documentRef,
      ParentTree: ctx.obj({ Nums: [0, ctx.obj([paragraph]), 1, annotElem] }),
      ParentTreeNextKey: 2,
    }),
  );
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  doc.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
  return doc.save({ useObjectStreams: false });
}

/** A 3D annotation an outline item's GoTo3DView action targets (veraPDF corpus 6-5-1-t01-fail-j has one). */
async function outlineTargeting3D(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const ctx = doc.context;
  const page = doc.addPage([300, 200]);
  page.drawText(TEXT, { x: 20, y: 100, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  const annot = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: '3D',
      Rect: [0, 0, 300, 200],
      P: page.ref,
      '3DD': ctx.register(ctx.stream('U3D', { Type: '3D', Subtype: 'U3D' })),
    }),
  );
  page.node.set(PDFName.of('Annots'), ctx.obj([annot]));
  const outlines = ctx.nextRef();
  const item = ctx.register(
    ctx.obj({ Title: PDFString.of('3D view'), Parent: outlines, A: ctx.obj({ S: 'GoTo3DView', TA: annot, V: 0 }) }),
  );
  ctx.assign(outlines, ctx.obj({ Type: 'Outlines', First: item, Last: item, Count: 1 }));
  doc.catalog.set(PDFName.of('Outlines'), outlines);
  return doc.save({ useObjectStreams: false });
}

test('an outline item whose GoTo3DView action targets a removed 3D annotation loses the action; the file is delivered', async () => {
  const result = await engine.sanitize({ name: 'model.pdf', bytes: await outlineTargeting3D() });
  expect(result.verdict).toBe('sanitized');
  expect(result.actions).toEqual(expect.arrayContaining(['removed 3D annotation', 'removed GoTo3DView action']));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pdf-3d-')), 'out.pdf');
  fs.writeFileSync(file, result.output!.bytes);
  expect(qpdfCheck(file).ok).toBe(true);
  expect(independentPdfActiveContent(file)).toEqual([]);
  expect(run('qpdf', QPDF_JSON_ARGS(file))).not.toContain('GoTo3DView');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

function run(command: string, args: readonly string[]): string {
  return spawnSync(command, args, { encoding: 'latin1', timeout: 60_000 }).stdout ?? '';
}

describe('tagged PDFs lose their attachment, screen and 3D annotations and are still delivered, tagged', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pdf-structure-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each(['FileAttachment', 'Screen', '3D'] as const)('%s', async (subtype) => {
    const input = await taggedPdfWith(subtype);
    const inputFile = path.join(work, `${subtype}-in.pdf`);
    fs.writeFileSync(inputFile, input);
    // The probe is real: the input holds the annotation as qpdf reads it.
    expect(independentPdfActiveContent(inputFile)).toContainEqual(expect.stringMatching(new RegExp(`/${subtype} annotation$`)));

    const result = await engine.sanitize({ name: 'notice.pdf', bytes: input });
    expect(result.verdict).toBe('sanitized');
    expect(result.actions).toContain(`removed ${subtype} annotation`);
    expect(result.actions).toEqual(
      expect.arrayContaining(['removed structure tree reference (OBJR) to a removed annotation', 'removed structure element left empty']),
    );
    const file = path.join(work, `${subtype}-out.pdf`);
    fs.writeFileSync(file, result.output!.bytes);
    expect(qpdfCheck(file).ok).toBe(true);
    expect(independentPdfActiveContent(file)).toEqual([]);
    expect(popplerActiveContent(file)).toEqual([]);
    expect(pdfTextOf(file)).toContain(TEXT);
    expect(run('pdfinfo', [file])).toMatch(/^Tagged:\s+yes/m);
    // The paragraph stays in the structure tree; the emptied Annot element and every OBJR are gone.
    const dump = run('qpdf', QPDF_JSON_ARGS(file));
    expect(dump).toContain('"/S": "/P"');
    expect(dump).not.toMatch(/"\/OBJR"|"\/S": "\/Annot"|"\/Popup"/);
  });
});

/** A PDF of `pages` pages written object by object, with the page tree root given as `root`. */
function pdfWithPageTree(pages: number, root: (pageRefs: string[]) => string): Buffer {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const pageRefs: string[] = [];
  for (let i = 1; i <= pages; i += 1) {
    const content = `BT /F1 12 Tf 20 100 Td (Page ${i} text) Tj ET`;
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objects.length} 0 R >>`,
    );
    pageRefs.push(`${objects.length} 0 R`);
  }
  objects[1] = root(pageRefs);
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pageCount(file: string): number | undefined {
  const match = /^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]));
  return match ? Number(match[1]) : undefined;
}

describe('a damaged page tree is delivered with the pages every reader sees, or quarantined', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pdf-pages-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each([
    ['empty /Kids', () => '<< /Type /Pages /Kids [] /Count 9 >>'],
    ['no /Kids', () => '<< /Type /Pages /Count 9 >>'],
    ['/Kids naming missing objects', () => '<< /Type /Pages /Kids [50 0 R 51 0 R] /Count 9 >>'],
  ])('%s: the 9 pages poppler finds are delivered', async (name, root) => {
    const input = pdfWithPageTree(9, root);
    const inputFile = path.join(work, `${name.replace(/\W/g, '')}-in.pdf`);
    fs.writeFileSync(inputFile, input);
    expect(pageCount(inputFile)).toBe(9);
    const result = await engine.sanitize({ name: 'pages.pdf', bytes: input });
    expect(result.verdict).toBe('sanitized');
    expect(result.actions).toContain('rebuilt the page tree from 9 page object(s) outside it (as poppler and qpdf read it)');
    const file = path.join(work, `${name.replace(/\W/g, '')}-out.pdf`);
    fs.writeFileSync(file, result.output!.bytes);
    expect(qpdfCheck(file).ok).toBe(true);
    expect(pageCount(file)).toBe(9);
    expect(run('qpdf', ['--show-npages', file]).trim()).toBe('9');
    expect(pdfTextOf(file)).toMatch(/Page 1 text[\s\S]*Page 9 text/);
  });

  test('a tree reaching 1 of 3 declared pages while 2 page objects lie outside it is quarantined', async () => {
    const input = pdfWithPageTree(3, (refs) => `<< /Type /Pages /Kids [${refs[0]}] /Count 3 >>`);
    const result = await engine.sanitize({ name: 'pages.pdf', bytes: input });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'malformed' });
    expect(result.reason).toMatch(/reaches 1 of the 3 pages it declares and 2 page object\(s\) lie outside it/);
  });
});
