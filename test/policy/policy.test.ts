import * as fs from 'fs';
import * as path from 'path';
import {
  CLAUSE_IDS,
  CLAUSES,
  ClauseKind,
  classificationTags,
  clause,
  isClauseId,
  parseClassificationTags,
  parseZone,
  validateClassification,
  Zone,
} from '../../lib/policy';

describe('clause catalog', () => {
  test('holds every clause of the policy, in order, with both titles', () => {
    expect(CLAUSE_IDS).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5.1',
      '5.2',
      '5.3',
      '6.1',
      '6.2',
      '6.3',
      '6.4',
      '6.5',
      '7.1',
      '7.2',
      '7.3.a',
      '7.3.b',
      '7.3.c',
      '7.4',
      '7.5',
      '7.6',
      '7.7',
      '7.8.a',
      '7.8.b',
      '7.8.c',
      '8',
      '9',
      '10',
      '11',
    ]);
    for (const c of CLAUSES) {
      expect(c.titleJa).not.toBe('');
      expect(c.titleEn).not.toBe('');
      // The Japanese report shows the meaning and the AWS check in Japanese.
      expect(c.meaningJa).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(c.onAwsJa === undefined).toBe(c.onAws === undefined);
    }
    expect(clause('7.3.a')).toMatchObject({ titleJa: 'マイナンバー利用事務系', kind: ClauseKind.AUTOMATED });
    expect(clause('7.4').kind).toBe(ClauseKind.INHERITED);
    expect(isClauseId('7.3.d')).toBe(false);
    expect(() => clause('7.3.d')).toThrow(/Unknown policy clause id '7.3.d'. Use one of: 1, 2/);
  });

  // The catalog is data taken from lib/policy/CLAUSES.md, which ships with the package: the two
  // must agree on ids, Japanese titles and kinds.
  test('agrees with lib/policy/CLAUSES.md', () => {
    const doc = path.join(__dirname, '..', '..', 'lib', 'policy', 'CLAUSES.md');
    expect(fs.existsSync(doc)).toBe(true);
    const rows = fs
      .readFileSync(doc, 'utf8')
      .split('\n')
      .map((line) => /^\| ([0-9][0-9.a-c]*) \| ([^|]+) \| [^|]+ \| (\w+) \|/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ id: m[1], titleJa: m[2].trim(), kind: m[3] }));
    expect(rows.map((r) => r.id)).toEqual(CLAUSE_IDS);
    for (const row of rows) {
      expect({ id: row.id, titleJa: clause(row.id).titleJa, kind: clause(row.id).kind }).toEqual(row);
    }
  });
});

describe('classification', () => {
  test('round-trips through tags', () => {
    const tags = classificationTags({ confidentiality: 3, integrity: 2, availability: 1 });
    expect(tags).toEqual({ 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '1' });
    expect(parseClassificationTags(tags)).toEqual({ classification: { confidentiality: 3, integrity: 2, availability: 1 }, problems: [] });
  });

  test('reports missing and out-of-range tags by key', () => {
    expect(parseClassificationTags({ 'lgsec:confidentiality': '4', 'lgsec:integrity': '1' }).problems).toEqual([
      "tag lgsec:confidentiality='4' is not a level from 1 to 3",
      'missing tag lgsec:availability',
    ]);
  });

  test('validates untyped input, listing every problem and the allowed range', () => {
    expect(() => validateClassification({ confidentiality: 4, integrity: 0, availability: 2 })).toThrow(
      /confidentiality must be an integer from 1 to 3, got 4[\s\S]*integrity must be an integer from 1 to 2, got 0/,
    );
    expect(() => validateClassification({ confidentiality: 1, integrity: 1, availability: 1, secret: true })).toThrow(
      /unknown key 'secret'/,
    );
    expect(() => validateClassification('C3')).toThrow(/must be an object like/);
  });
});

test('zones parse only known tag values', () => {
  expect(parseZone('mynumber')).toBe(Zone.MY_NUMBER);
  expect(parseZone('security-cloud')).toBe(Zone.SECURITY_CLOUD);
  expect(parseZone('MyNumber')).toBeUndefined();
});
