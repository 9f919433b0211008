import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { SanitizeResult } from '../../lib/sanitization/types';
import { independentPdfActiveContent, pdfTextOf, pdfToolsAvailable, popplerActiveContent, qpdfCheck } from './pdf-tools';

/**
 * Real-world PDFs and active-content probes (test/fixtures/sanitizer/pdf, see SOURCES.md). The
 * delivered files are judged by qpdf and poppler, not by the engine: valid (`qpdf --check`),
 * without active content (qpdf's object dump, `pdfinfo -js`, `pdfdetach`), same text
 * (`pdftotext`). The tools are required (.ci/run installs them): without them these tests fail.
 */
const DIR = path.join(__dirname, '..', 'fixtures', 'sanitizer', 'pdf');

test('the independent PDF readers are installed', () => {
  // A check that cannot run fails: the verdicts below would otherwise rest on the engine alone.
  expect({ qpdfAndPoppler: pdfToolsAvailable(), fix: 'apt-get install -y qpdf poppler-utils (.ci/run does)' }).toEqual({
    qpdfAndPoppler: true,
    fix: expect.any(String),
  });
});

interface Case {
  readonly file: string;
  /** Actions the engine must report. */
  readonly removes?: readonly string[];
  /** Whether the input holds active content (checked independently, so the probe is real). */
  readonly hostile?: boolean;
  /** Stream data the input cannot decode either: copied as it is, so qpdf still warns about it. */
  readonly damagedStreams?: boolean;
}

const DELIVERED: readonly Case[] = [
  { file: 'qpdf-enc-r6-aes256-owner-only.pdf', removes: ['removed permission-only encryption (empty user password)'] },
  { file: 'qpdf-v4-aes-owner-only.pdf', removes: ['removed permission-only encryption (empty user password)'] },
  { file: 'qpdf-leading-junk.pdf', removes: ['removed permission-only encryption (empty user password)'] },
  { file: 'qpdf-endobj-at-eol.pdf' },
  { file: 'qpdf-c-check-warn-in.pdf' },
  { file: 'qpdf-issue-106.pdf' },
  { file: 'qpdf-add-attachments-1.pdf', hostile: true, removes: ['removed embedded files name tree (EmbeddedFiles)'] },
  // Damaged files native qpdf and poppler read: rebuilt from the objects in their body.
  { file: 'qpdf-bad24.pdf' },
  { file: 'qpdf-bad5.pdf' },
  { file: 'qpdf-issue-149.pdf' },
  { file: 'qpdf-global_damaged.pdf' },
  { file: 'qpdf-copy-foreign-objects-out1.pdf', damagedStreams: true },
  { file: 'qpdf-pages-is-page.pdf', removes: ['pointed the catalog at the root of its page tree (/Pages named a page)'] },
  { file: 'pypdf-libre-office-link.pdf' },
  { file: 'pypdf-annotated.pdf' },
  { file: 'pypdf-imagemagick-lzw.pdf' },
  { file: 'pypdf-with-attachment.pdf', hostile: true, removes: ['removed embedded files name tree (EmbeddedFiles)'] },
  {
    file: 'probe-javascript-objstm.pdf',
    hostile: true,
    removes: ['removed document open action (JavaScript)', 'removed additional actions (AA)', 'removed JavaScript name tree'],
  },
  {
    file: 'probe-launch-attachment-encrypted.pdf',
    hostile: true,
    removes: [
      'removed permission-only encryption (empty user password)',
      'removed Launch action',
      'removed embedded files name tree (EmbeddedFiles)',
    ],
  },
  {
    file: 'probe-uri-gotor-richmedia-xfa.pdf',
    hostile: true,
    removes: ['removed non-web URI action', 'removed GoToR action', 'removed RichMedia annotation', 'removed XFA form (XFA)'],
  },
  {
    file: 'probe-leading-junk-javascript.pdf',
    hostile: true,
    removes: ['removed 200 byte(s) before the %PDF- header', 'removed document open action (JavaScript)'],
  },
  { file: 'probe-incremental-update-javascript.pdf', hostile: true, removes: ['removed document open action (JavaScript)'] },
];

const squeeze = (text: string | undefined): string | undefined => text?.replace(/\s+/g, '');

describe('real-world PDFs and probes', () => {
  const engine = new BuiltinSanitizerEngine();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pdf-corpus-'));
  const results = new Map<string, SanitizeResult>();
  beforeAll(async () => {
    for (const { file } of DELIVERED)
      results.set(file, await engine.sanitize({ name: file, bytes: fs.readFileSync(path.join(DIR, file)) }));
  });
  afterAll(async () => {
    await engine.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test.each(DELIVERED)('$file is delivered with what it must lose removed', ({ file, removes, hostile }) => {
    const result = results.get(file)!;
    expect(result).toMatchObject({ detectedType: 'pdf', verdict: removes || hostile ? 'sanitized' : 'clean' });
    expect(result.actions).toEqual(expect.arrayContaining([...(removes ?? [])]));
    expect(Buffer.from(result.output!.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  test.each(DELIVERED)('$file: qpdf and poppler find it valid, inert and with its text', ({ file, hostile, damagedStreams }) => {
    const input = path.join(DIR, file);
    const output = path.join(work, file);
    fs.writeFileSync(output, results.get(file)!.output!.bytes);
    // The probe really is hostile to an independent reader.
    if (hostile) expect(independentPdfActiveContent(input)).not.toEqual([]);
    if (damagedStreams) expect(qpdfCheck(input)).toMatchObject({ ok: false, readable: true });
    expect(qpdfCheck(output)).toMatchObject(damagedStreams ? { readable: true } : { ok: true });
    expect(independentPdfActiveContent(output)).toEqual([]);
    expect(popplerActiveContent(output)).toEqual([]);
    expect(squeeze(pdfTextOf(output))).toBe(squeeze(pdfTextOf(input)));
  });

  test.each([
    ['qpdf-bad24.pdf', /cross-reference table rebuilt by reading the objects in the body \(.*expected endstream\)/],
    ['qpdf-bad5.pdf', /cross-reference table rebuilt by reading the objects in the body \(.*invalid xref entry/],
    ['qpdf-issue-149.pdf', /cross-reference table rebuilt by reading the objects in the body \(.*loop detected following xref tables\)/],
    ['qpdf-copy-foreign-objects-out1.pdf', /stream data copied as it is \(some of it is damaged and cannot be decoded\)/],
  ])('%s: the repair is recorded', (file, note) => {
    expect(results.get(file)!.actions.join('\n')).toMatch(note);
  });

  describe('damaged probes are rebuilt from their body, then disarmed like any other file', () => {
    const probe = (file: string) => fs.readFileSync(path.join(DIR, file));
    const cases: [string, () => Buffer, RegExp][] = [
      // No startxref: the table cannot be found; the JavaScript sits in a Flate object stream.
      [
        'probe-javascript-objstm.pdf',
        () => Buffer.from(probe('probe-javascript-objstm.pdf').toString('latin1').replace('startxref', 'startxrex'), 'latin1'),
        /cross-reference table rebuilt/,
      ],
      // No header at all: every offset is off, and the update that adds JavaScript is the last definition.
      [
        'probe-incremental-update-javascript.pdf',
        () =>
          Buffer.from(
            probe('probe-incremental-update-javascript.pdf')
              .toString('latin1')
              .replace(/^%PDF-\d\.\d\r?\n/, ''),
            'latin1',
          ),
        /added the missing %PDF- header/,
      ],
    ];
    test.each(cases)('%s', async (file, damage, note) => {
      const bytes = damage();
      const result = await engine.sanitize({ name: file, bytes });
      expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'pdf' });
      expect(result.actions).toContain('removed document open action (JavaScript)');
      expect(result.actions.join('\n')).toMatch(note);
      // The text is compared with the undamaged probe's.
      const input = path.join(DIR, file);
      const output = path.join(work, `damaged-${file}`);
      fs.writeFileSync(output, result.output!.bytes);
      expect(independentPdfActiveContent(output)).toEqual([]);
      expect(popplerActiveContent(output)).toEqual([]);
      expect(qpdfCheck(output).ok).toBe(true);
      expect(squeeze(pdfTextOf(output))).toBe(squeeze(pdfTextOf(input)));
    });
  });

  test('a PDF that needs a user password stays quarantined', async () => {
    const result = await engine.sanitize({ name: 'locked.pdf', bytes: fs.readFileSync(path.join(DIR, 'qpdf-enc-r3-user-password.pdf')) });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'encrypted', detectedType: 'pdf' });
  });

  test('a probe inside a ZIP is disarmed the same way', async () => {
    // The Office and ZIP handlers route contained files through the same engine path.
    const { zip } = await import('./fixtures');
    const bytes = zip({ 'docs/probe.pdf': fs.readFileSync(path.join(DIR, 'probe-javascript-objstm.pdf')) });
    const result = await engine.sanitize({ name: 'docs.zip', bytes });
    expect(result.verdict).toBe('sanitized');
    expect(result.actions.join('\n')).toMatch(/removed document open action \(JavaScript\)/);
  });

  test('text that mentions %PDF- is not taken for a PDF unless its name says .pdf', async () => {
    const text = Buffer.from('Header bytes: %PDF-1.7 starts every PDF.\n', 'utf8');
    expect(await engine.sanitize({ name: 'notes.txt', bytes: text })).toMatchObject({ verdict: 'clean', detectedType: 'text:utf-8' });
    expect(await engine.sanitize({ name: 'notes.pdf', bytes: text })).toMatchObject({
      verdict: 'quarantined',
      detectedType: 'pdf',
      reasonCode: 'malformed',
    });
  });
});
