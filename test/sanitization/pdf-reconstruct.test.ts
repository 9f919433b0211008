import * as zlib from 'zlib';
import { reconstructPdf } from '../../lib/sanitization/private/pdf-reconstruct';

/** Rebuilding a damaged PDF from the objects in its body (the engine then reads it with qpdf). */
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const rebuilt = (body: string | Buffer) => {
  const out = reconstructPdf(typeof body === 'string' ? latin1(body) : body);
  return out ? Buffer.from(out).toString('latin1') : undefined;
};

/** The byte offset the rebuilt table gives an object. */
function xrefOffset(pdf: string, number: number): number {
  const table = pdf.slice(pdf.lastIndexOf('\nxref\n') + 1);
  const line = table.split('\n')[2 + number];
  return Number(line.slice(0, 10));
}

const CATALOG = '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';

describe('reconstructPdf', () => {
  test('a file without a catalog is not rebuilt', () => {
    expect(rebuilt('%PDF-1.4\n3 0 obj\n<< /Type /Page >>\nendobj\n')).toBeUndefined();
    expect(rebuilt('no objects here')).toBeUndefined();
  });

  test('every object is indexed where it is written, the last definition wins, and the trailer names the catalog', () => {
    const pdf = rebuilt(`%PDF-1.5\n${CATALOG}3 0 obj\n(old)\nendobj\n3 0 obj\n(new)\nendobj\nxref\ngarbage\nstartxref\n99999\n%%EOF`)!;
    expect(pdf.startsWith('%PDF-1.5\n')).toBe(true);
    for (const number of [1, 2, 3]) expect(pdf.startsWith(`${number} 0 obj`, xrefOffset(pdf, number))).toBe(true);
    expect(pdf).toContain('(new)');
    expect(pdf).not.toContain('(old)');
    expect(pdf).toMatch(/trailer\n<< \/Size 4 \/Root 1 0 R >>\nstartxref\n(\d+)\n%%EOF\n$/);
    const startxref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.startsWith('xref\n0 4\n', startxref)).toBe(true);
  });

  test('a stream is measured up to endstream (or endobj when endstream is damaged), not by its /Length', () => {
    const pdf = rebuilt(
      `${CATALOG}4 0 obj\n<< /Length 999 /Length1 7 >>\nstream\nBT (Hello) Tj ET\nendstream\nendobj\n5 0 obj\n<< /Length 5 0 R >>\nstream\nabc\nenxstream\nendobj\n`,
    )!;
    expect(pdf).toContain('<< /Length 16 /Length1 7 >>\nstream\nBT (Hello) Tj ET\nendstream');
    expect(pdf).toContain('<< /Length 13 >>\nstream\nabc\nenxstream\nendstream');
  });

  test('a reference reaches an object only with its generation: the first trailer that names a catalog is kept', () => {
    const body = `${CATALOG}trailer\n<< /Size 3 /Root 1 0 R >>\n1 1 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (ja) >>\nendobj\ntrailer\n<< /Size 3 /Root 1 1 R /Info 9 0 R >>\n`;
    const pdf = rebuilt(body)!;
    // 1 0 was replaced by 1 1: the first trailer no longer reaches a catalog, the second does;
    // its /Info names no object and is left out.
    expect(pdf).toMatch(/<< \/Size 3 \/Root 1 1 R >>/);
    expect(pdf.startsWith('1 1 obj', xrefOffset(pdf, 1))).toBe(true);
  });

  test('objects inside a Flate object stream are written out as ordinary objects; cross-reference streams are dropped', () => {
    const members = '<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Kids [] /Count 0 >>';
    const header = `1 0 2 ${'<< /Type /Catalog /Pages 2 0 R >> '.length}`;
    const data = zlib.deflateSync(latin1(`${header} ${members}`));
    const body = Buffer.concat([
      latin1(
        `%PDF-1.5\n7 0 obj\n<< /Type /ObjStm /N 2 /First ${header.length + 1} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
      ),
      data,
      latin1('\nendstream\nendobj\n8 0 obj\n<< /Type /XRef /Root 1 0 R /Size 9 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\n'),
    ]);
    const pdf = rebuilt(body)!;
    expect(pdf.startsWith('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>', xrefOffset(pdf, 1))).toBe(true);
    expect(pdf.startsWith('2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>', xrefOffset(pdf, 2))).toBe(true);
    expect(pdf).not.toMatch(/\/ObjStm|\/XRef/);
    expect(pdf).toMatch(/<< \/Size 3 \/Root 1 0 R >>/);
  });

  test('an object header inside a string or stream data does not start an object', () => {
    const pdf = rebuilt(
      `${CATALOG}3 0 obj\n(see 1 0 obj in the manual)\nendobj\n4 0 obj\n<< /Length 3 >>\nstream\n2 0 obj << /Evil true >> endobj\nendstream\nendobj\n`,
    )!;
    expect(pdf.startsWith('2 0 obj\n<< /Type /Pages', xrefOffset(pdf, 2))).toBe(true);
    expect(pdf).toContain('(see 1 0 obj in the manual)');
  });
});
