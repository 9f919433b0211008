import * as iconv from 'iconv-lite';
import { chainEngines } from '../../lib/sanitization/chain';
import { BuiltinSanitizerEngine } from '../../lib/sanitization/engine';
import { DEFAULT_SANITIZER_LIMITS, resolveLimits } from '../../lib/sanitization/options';
import { ISanitizerEngine, SanitizeInput, SanitizeResult } from '../../lib/sanitization/types';
import { hostileDocm, PE_HEADER, shiftJisCsv, SJIS_CSV_TEXT, text, utf8 } from './fixtures';

describe('BuiltinSanitizerEngine options', () => {
  test('defaults are the documented safe limits', () => {
    expect(resolveLimits()).toEqual(DEFAULT_SANITIZER_LIMITS);
    expect(() => resolveLimits({ maxEntries: 0 })).toThrow(
      /^Invalid sanitizer limits:\n {2}- limits\.maxEntries must be a positive integer, got 0$/,
    );
    expect(DEFAULT_SANITIZER_LIMITS).toMatchObject({
      maxInputBytes: 100 * 1024 * 1024,
      maxNestingDepth: 3,
      maxInflatedBytesPerEntry: 128 * 1024 * 1024,
    });
  });

  test('fails with every bad limit named at once', () => {
    expect(() => new BuiltinSanitizerEngine({ limits: { maxEntries: 0, maxNestingDepth: 1.5, maxInputBytes: -1 } })).toThrow(
      /Invalid BuiltinSanitizerEngine options:\n {2}- limits\.maxInputBytes must be a positive integer, got -1\n {2}- limits\.maxEntries must be a positive integer, got 0\n {2}- limits\.maxNestingDepth must be a positive integer, got 1\.5$/,
    );
  });

  test('fails on an unknown limit name', () => {
    expect(() => new BuiltinSanitizerEngine({ limits: { maxEntrys: 5 } as never })).toThrow(/limits\.maxEntrys is not a sanitizer limit/);
  });

  test('fails on an unknown text output encoding or contained-file policy', () => {
    expect(() => new BuiltinSanitizerEngine({ textOutputEncoding: 'latin1' as never, containedFileQuarantine: 'keep' as never })).toThrow(
      /textOutputEncoding must be one of original, utf-8-bom, got 'latin1'.*containedFileQuarantine must be one of drop, quarantine-container, got 'keep'/s,
    );
  });

  test("textOutputEncoding 'utf-8-bom' converts Shift_JIS text to UTF-8 with a BOM", async () => {
    const engine = new BuiltinSanitizerEngine({ textOutputEncoding: 'utf-8-bom', neutralizeCsvFormulas: false });
    const result = await engine.sanitize({ name: 'a.csv', bytes: shiftJisCsv() });
    expect(Buffer.from(result.output!.bytes).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text(result.output!.bytes).slice(1)).toBe(SJIS_CSV_TEXT);
    expect(result.actions).toContain('converted to UTF-8 with BOM');
    expect(iconv.decode(shiftJisCsv(), 'cp932')).toBe(SJIS_CSV_TEXT);
  });

  test('keepOfficeHyperlinks: false removes hyperlinks and keeps their text', async () => {
    const engine = new BuiltinSanitizerEngine({ keepOfficeHyperlinks: false });
    const result = await engine.sanitize({ name: 'a.docm', bytes: hostileDocm() });
    const { unzipSync } = await import('fflate');
    const xml = text(unzipSync(result.output!.bytes)['word/document.xml']);
    expect(xml).not.toContain('w:hyperlink');
    expect(xml).toContain('市のホームページ');
  });
});

/** A stand-in for a commercial CDR engine: upper-cases text, or refuses what contains "virus". */
class FakeCdrEngine implements ISanitizerEngine {
  readonly name = 'vendor';
  readonly seen: SanitizeInput[] = [];

  async sanitize(input: SanitizeInput): Promise<SanitizeResult> {
    this.seen.push(input);
    const content = text(input.bytes);
    const base = { file: input.name, detectedType: 'text', sha256In: 'vendor-in' };
    if (content.includes('virus')) return { ...base, verdict: 'quarantined', actions: [], reason: 'signature match' };
    const bytes = utf8(content.toUpperCase());
    return { ...base, verdict: 'sanitized', actions: ['upper-cased'], sha256Out: 'vendor-out', output: { name: input.name, bytes } };
  }
}

describe('chainEngines', () => {
  test('the second engine runs on the first one’s output; verdicts and actions combine', async () => {
    const vendor = new FakeCdrEngine();
    const chain = chainEngines(new BuiltinSanitizerEngine(), vendor);
    const result = await chain.sanitize({ name: 'a.txt', bytes: utf8('hello\u202e') });
    expect(chain.name).toBe('builtin+vendor');
    expect(text(vendor.seen[0].bytes)).toBe('hello');
    expect(result).toMatchObject({ verdict: 'sanitized', detectedType: 'text:utf-8', sha256Out: 'vendor-out' });
    expect(result.sha256In).toMatch(/^[0-9a-f]{64}$/);
    expect(result.actions).toEqual([
      '[builtin] text encoding utf-8',
      '[builtin] removed 1 bidirectional override/isolate character(s)',
      '[vendor] upper-cased',
    ]);
    expect(text(result.output!.bytes)).toBe('HELLO');
  });

  test('a quarantine by the first engine stops the chain', async () => {
    const vendor = new FakeCdrEngine();
    const result = await chainEngines(new BuiltinSanitizerEngine(), vendor).sanitize({ name: 'a.exe', bytes: PE_HEADER });
    expect(result).toMatchObject({ verdict: 'quarantined', reasonCode: 'executable' });
    expect(result.reason).toMatch(/^builtin: Windows executable/);
    expect(vendor.seen).toHaveLength(0);
  });

  test('a quarantine by a later engine wins over a clean verdict', async () => {
    const result = await chainEngines(new BuiltinSanitizerEngine(), new FakeCdrEngine()).sanitize({
      name: 'a.txt',
      bytes: utf8('a virus'),
    });
    expect(result).toMatchObject({ verdict: 'quarantined', reason: 'vendor: signature match', reasonCode: 'external-engine' });
    expect(result.output).toBeUndefined();
    expect(result.sha256Out).toBeUndefined();
  });

  test('an engine that throws makes the chain throw (the file is not delivered)', async () => {
    const failing: ISanitizerEngine = { name: 'icap', sanitize: () => Promise.reject(new Error('ICAP server unreachable')) };
    await expect(chainEngines(new BuiltinSanitizerEngine(), failing).sanitize({ name: 'a.txt', bytes: utf8('x') })).rejects.toThrow(
      /ICAP server unreachable/,
    );
  });

  test('fails when two engines share a name', () => {
    expect(() => chainEngines(new BuiltinSanitizerEngine(), new BuiltinSanitizerEngine())).toThrow(
      /engine names must be unique.*builtin, builtin/,
    );
  });
});
