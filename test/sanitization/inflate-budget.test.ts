/**
 * Decompression bombs are stopped by the bytes actually inflated against a budget (per entry and
 * per input), not by how well an entry compresses: ordinary files that compress 1000 times (an
 * EMF picture in a presentation, a BMP, a mostly empty CSV) are delivered; bombs are not. Every
 * delivered file is read again by Python's zipfile and xml.etree.
 */
import * as zlib from 'zlib';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { R, REL, rawZip, SLIDE_TEXT, zerosDeflateStream, zip } from './fixtures';
import { pythonReadsZip } from './zip-tools';

const engine = new BuiltinSanitizerEngine();
const MiB = 1024 * 1024;
const PML = 'application/vnd.openxmlformats-officedocument.presentationml';

function readBack(bytes: Uint8Array): Record<string, string> {
  const read = pythonReadsZip(bytes);
  if (!read.ok) throw new Error(`Python cannot read the delivered file: ${read.error}`);
  return read.parts;
}

/** An enhanced metafile: an EMR_HEADER record (type 1, ' EMF' signature at 40) followed by blank records. */
function emf(bytes: number): Buffer {
  const picture = Buffer.alloc(bytes);
  picture.writeUInt32LE(1, 0);
  picture.writeUInt32LE(108, 4);
  picture.write(' EMF', 40, 'latin1');
  picture.writeUInt32LE(bytes, 48);
  return picture;
}

/** A presentation whose one slide shows an EMF picture, as PowerPoint saves pasted diagrams. */
function pptxWithEmf(): Uint8Array {
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="emf" ContentType="image/x-emf"/>
<Override PartName="/ppt/presentation.xml" ContentType="${PML}.presentation.main+xml"/>
<Override PartName="/ppt/slides/slide1.xml" ContentType="${PML}.slide+xml"/>
</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
    'ppt/presentation.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:presentation xmlns:p="${P}" xmlns:r="${R}"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`,
    'ppt/_rels/presentation.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId2" Type="${R}/slide" Target="slides/slide1.xml"/></Relationships>`,
    'ppt/slides/slide1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:p="${P}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${R}"><p:cSld><p:spTree>
<p:sp><p:txBody><a:p><a:r><a:t>${SLIDE_TEXT}</a:t></a:r></a:p></p:txBody></p:sp>
<p:pic><p:blipFill><a:blip r:embed="rId3"/></p:blipFill></p:pic>
</p:spTree></p:cSld></p:sld>`,
    'ppt/slides/_rels/slide1.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL}"><Relationship Id="rId3" Type="${R}/image" Target="../media/image1.emf"/></Relationships>`,
    'ppt/media/image1.emf': emf(6 * MiB),
  });
}

/** A 24-bit BMP of white pixels: BITMAPFILEHEADER and BITMAPINFOHEADER, then the rows. */
function whiteBmp(width: number, height: number): Buffer {
  const rows = width * 3 * height;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + rows, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return Buffer.concat([header, Buffer.alloc(rows, 0xff)]);
}

describe('ordinary files that compress very well are delivered', () => {
  test('a presentation with a 6 MiB EMF picture (over 1000:1) is delivered without the picture', async () => {
    const bytes = pptxWithEmf();
    expect(bytes.length * 200).toBeLessThan(6 * MiB);
    const result = await engine.sanitize({ name: 'kunren.pptx', bytes });
    expect(result.verdict).toBe('sanitized');
    const parts = readBack(result.output!.bytes);
    expect(parts['ppt/slides/slide1.xml']).toContain(SLIDE_TEXT);
    expect(Object.keys(parts)).not.toContain('ppt/media/image1.emf');
    expect(result.actions).toContain("removed unchecked binary part (image/x-emf) part 'ppt/media/image1.emf'");
  });

  test('a ZIP with a white 1024x1024 BMP and a 1.4 MiB mostly empty CSV is delivered (the BMP dropped and listed)', async () => {
    const csv = Buffer.from(`番号,氏名,住所\r\n${',,\r\n'.repeat(Math.ceil((1.4 * MiB) / 4))}`, 'utf8');
    const bytes = zip({ 'scan.bmp': whiteBmp(1024, 1024), 'meibo.csv': csv });
    expect(bytes.length * 200).toBeLessThan(3 * MiB);
    const result = await engine.sanitize({ name: 'shiryou.zip', bytes });
    expect(result.verdict).toBe('sanitized');
    const entries = readBack(result.output!.bytes);
    expect(Object.keys(entries).sort()).toEqual(['LGSEC-REMOVED.txt', 'meibo.csv']);
    expect(Buffer.from(entries['meibo.csv'], 'utf8').equals(csv)).toBe(true);
    expect(entries['LGSEC-REMOVED.txt']).toContain('scan.bmp');
  });
});

describe('bombs are stopped by the bytes inflated', () => {
  test('a 1 GiB entry of zeros with an honest header is refused before a byte is inflated', async () => {
    const stream = zerosDeflateStream(1024);
    const result = await engine.sanitize({
      name: 'zeros.zip',
      bytes: rawZip([{ name: 'zeros.csv', stored: stream, uncompressedSize: 1024 * MiB }]),
    });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(result.metrics!.bytesInflated).toBe(0);
  });

  test('nested archives (42.zip-like) are stopped once the input budget is spent, whatever their ratio', async () => {
    // Each inner archive declares 8 x 4 MiB honestly; four of them exceed a 64 MiB budget.
    const inner = rawZip(
      Array.from({ length: 8 }, (_, i) => ({
        name: `${i}.bin`,
        stored: zerosDeflateStream(4),
        crc: zlib.crc32(Buffer.alloc(4 * MiB)),
        uncompressedSize: 4 * MiB,
      })),
    );
    const outer = zip(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`${i}.zip`, inner])));
    const limited = new BuiltinSanitizerEngine({ limits: { maxInflatedBytes: 64 * MiB } });
    const result = await limited.sanitize({ name: '42.zip', bytes: outer });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(result.metrics!.bytesInflated).toBeLessThanOrEqual(64 * MiB);
  });
});
