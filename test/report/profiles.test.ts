/**
 * The report of a municipality whose policy follows the national guideline's model policy: its
 * title, numbering and clause titles, and nothing of Shiojiri's.
 */
import Ajv from 'ajv';
import { CLAUSE_IDS, GUIDELINE_MODEL_PROFILE, SHIOJIRI_PROFILE } from '../../lib/policy';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA, ReportInput, ReportInputError } from '../../lib/report';
import type { TemplateInput } from '../../lib/template/input';
import type { CheckRun } from '../../rules/results';
import { buildRun, modelOf, TEMPLATES } from './fixtures';

/** The fixture as another city's: the stack names are Shiojiri's there. */
const renamed = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/Shiojiri/g, 'Azumino')) as T;

function input(): ReportInput {
  return {
    run: renamed<CheckRun>(buildRun()),
    model: modelOf(renamed<TemplateInput[]>(TEMPLATES)),
    gitCommit: 'e'.repeat(40),
    generatedAt: new Date('2026-04-01T00:00:00Z'),
  };
}

describe('report under the guideline model-policy profile', () => {
  for (const lang of ['ja', 'en'] as const) {
    test(`${lang}: a full report in the profile's numbering, with no Shiojiri name in any format`, () => {
      const doc = buildReportDocument(input(), { lang, profile: GUIDELINE_MODEL_PROFILE });
      expect(doc.policy).toEqual(GUIDELINE_MODEL_PROFILE.policy);
      expect(doc.profile).toEqual({ id: 'guideline-model', municipality: GUIDELINE_MODEL_PROFILE.municipality });
      // Every clause, in the model policy's order and numbering; the keys stay the rules' ids.
      expect(doc.clauses.map((clause) => clause.number ?? clause.id)).toEqual(GUIDELINE_MODEL_PROFILE.clauses.map((c) => c.number));
      expect([...doc.clauses.map((clause) => clause.id)].sort()).toEqual([...CLAUSE_IDS].sort());
      const internet = doc.clauses.find((clause) => clause.id === '7.3.c')!;
      expect(internet).toMatchObject({ number: '対策基準 4(3)', titleJa: '情報システム全体の強靭性の向上：インターネット接続系' });
      expect(internet.verdict).toBe('failed');
      expect(new Ajv().validate(REPORT_JSON_SCHEMA, doc)).toBe(true);

      const html = renderReport(doc, 'html');
      const md = renderReport(doc, 'md');
      const json = renderReport(doc, 'json');
      for (const text of [html, md, json]) expect(text).not.toMatch(/Shiojiri|塩尻/);
      expect(html).toContain(`<p class="policy">${GUIDELINE_MODEL_PROFILE.policy[lang]}</p>`);
      expect(html).toContain('<a href="#clause-7.3.c">対策基準 4(3)</a>');
      // Findings, the checklist and running text cite the profile's numbers, not the keys.
      expect(html).toMatch(/<td><code class="rule">LGSEC-INTERNET-NO-OWN-EGRESS<\/code><\/td><td class="clauses">[^<]*対策基準 4\(3\)/);
      expect(html).toContain(lang === 'ja' ? '（基本方針 4(2)③）、機密性2' : '(基本方針 4(2)③): it is');
      expect(html).not.toMatch(/\{§/);
      expect(md).toContain('### 対策基準 4(3) ');
      expect(md).not.toMatch(/\{§/);
    });
  }

  test("Shiojiri's profile is the default: its numbers, and the report's earlier citations", () => {
    const doc = buildReportDocument(input(), { lang: 'ja' });
    expect(doc.profile?.id).toBe('shiojiri');
    expect(doc.clauses.map((clause) => clause.number ?? clause.id)).toEqual(CLAUSE_IDS);
    expect(doc.clauses.every((clause) => clause.number === undefined)).toBe(true);
    const html = renderReport(doc, 'html');
    expect(html).toContain('（基本方針 5(3)）、機密性2');
    expect(html).toContain('塩尻市情報セキュリティ基本方針');
    // The guideline's place of a clause is shown where it differs from the policy's number.
    expect(html).toContain('ガイドライン（例文）該当箇所: 対策基準 4(3)');
  });

  test('a profile of your own that misses clauses is refused, naming them', () => {
    const partial = { ...SHIOJIRI_PROFILE, id: 'partial', clauses: SHIOJIRI_PROFILE.clauses.slice(1) };
    expect(() => buildReportDocument(input(), { profile: partial })).toThrow(ReportInputError);
    expect(() => buildReportDocument(input(), { profile: partial })).toThrow(
      "The policy profile 'partial' cannot number the clauses: clause '1' is missing.",
    );
  });
});
