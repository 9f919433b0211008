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
