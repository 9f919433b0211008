/**
 * Honest scope: a clause whose subject the templates only reference (the prefecture's security
 * cloud, imported by id) is the other organization's to evidence, never passed; the first page
 * says what was checked and what was not.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from '../../bin/reference-environment';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { buildReportDocument, renderReport } from '../../lib/report';
import { TemplateModel } from '../../lib/template/template-model';
import { checkModel } from '../../rules/pack/check-templates';
import type { CheckRun } from '../../rules/results';

let whole: { run: CheckRun; model: TemplateModel };

beforeAll(() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-scope-'));
  try {
    const app = new App({ outdir });
    buildReferenceEnvironment(app);
    Validations.of(app).addPlugins(
      new LgsecChecks(app, {
        reporter: {
          report: (run, { model }) => {
            whole = { run, model };
          },
        },
      }),
    );
    app.synth();
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

/** The member city's own templates: Shiojiri's stacks, which name the prefecture's security cloud by ids only. */
function memberCity(): { run: CheckRun; model: TemplateModel } {
  const model = TemplateModel.load(whole.model.templates.filter((index) => index.name.startsWith('Shiojiri')).map((index) => index.input));
  return { run: checkModel(model), model };
}

/** The clause verdicts of the whole reference environment. */
const WHOLE_VERDICTS = {
  passed: 14,
  failed: 0,
  acknowledged: 3,
  'not-applicable': 0,
  'other-organization': 0,
  manual: 7,
  inherited: 1,
  context: 3,
};
const clause = (doc: ReturnType<typeof buildReportDocument>, id: string) => doc.clauses.find((entry) => entry.id === id)!;

describe('scope per clause', () => {
  test('the reference environment holds the security cloud: 7.3.c is judged on its resources, no other organization answers for it', () => {
    const doc = buildReportDocument(whole);
    expect(whole.model.templates.some((index) => index.name === 'NaganoSecurityCloud')).toBe(true);
    expect(clause(doc, '7.3.c').verdict).toBe('passed');
    expect(clause(doc, '7.3.c').responsibility).toBeUndefined();
    expect(doc.summary.clauses['other-organization']).toBe(0);
    // Counting each zone's results under its own clause changes no verdict of the whole environment.
    expect(['7.3.a', '7.3.b', '7.3.c'].map((id) => clause(doc, id).verdict)).toEqual(['passed', 'passed', 'passed']);
    expect(doc.summary.clauses).toEqual(WHOLE_VERDICTS);
  });

  test("a member city that only references the security cloud: 7.3.c is the prefecture's responsibility, not passed", () => {
    const member = memberCity();
    // Its own side passes: the rules on its internet zone found compliant resources.
    expect(member.run.results.some((result) => result.clauses.includes('7.3.c') && result.status === 'compliant')).toBe(true);
    const doc = buildReportDocument(member, { lang: 'ja' });
    const entry = clause(doc, '7.3.c');
    expect(entry.verdict).toBe('other-organization');
    expect(entry.responsibility).toEqual({ party: 'security-cloud', references: ['tgw-0123456789abcdef0'] });
    expect(entry.manualCheck).toBe(true);
    expect(doc.summary.clauses['other-organization']).toBe(1);
    // Clauses whose subject is the city's own stay judged on its resources.
    expect(clause(doc, '7.3.a').verdict).toBe('passed');

    const html = renderReport(doc, 'html');
    expect(html).toContain('<span class="verdict v-other-organization">他組織の責任</span>');
    expect(html).toContain('都道府県の自治体情報セキュリティクラウド。これらのテンプレートは tgw-0123456789abcdef0 として参照するのみ');
    expect(html).toContain('監査報告書又は評価報告書');
    const md = renderReport(buildReportDocument(member, { lang: 'en' }), 'md');
    expect(md).toContain("**Other organization's responsibility**");
    expect(md).toContain("Ask the prefecture for the security cloud's own audit or assessment report");
  });

  test("a failure on the member's own side of the clause stays a failure", () => {
    const member = memberCity();
    // A result on the internet zone's own resources: one on another zone's counts under that zone's clause.
    const internet = new Set(
      buildReportDocument(member)
        .inventory.resources.filter((resource) => resource.zone === 'internet')
        .map((resource) => `${resource.template}#${resource.logicalId}`),
    );
    let flipped = false;
    const results = member.run.results.map((result) => {
      if (flipped || result.status !== 'compliant' || !result.clauses.includes('7.3.c')) return result;
      if (!internet.has(`${result.template}#${result.logicalId}`)) return result;
      flipped = true;
      return { ...result, status: 'non-compliant' as const, message: 'a route to an internet gateway' };
    });
    const doc = buildReportDocument({ run: { ...member.run, results }, model: member.model });
    expect(clause(doc, '7.3.c').verdict).toBe('failed');
    expect(clause(doc, '7.3.c').responsibility).toBeUndefined();
  });

  test("the My Number zone's stacks alone: 7.3.a passes on its resources, the other zones' clauses are not passed", () => {
    const model = TemplateModel.load(
      whole.model.templates.filter((index) => index.name === 'ShiojiriMyNumberZone').map((index) => index.input),
    );
    const run = checkModel(model);
    // Rules citing both 7.3.a and 7.3.c found its resources compliant.
    expect(
      run.results.some((result) => ['7.3.a', '7.3.c'].every((id) => result.clauses.includes(id)) && result.status === 'compliant'),
    ).toBe(true);
    const doc = buildReportDocument({ run, model }, { lang: 'ja' });
    expect(clause(doc, '7.3.a').verdict).toBe('passed');
    for (const id of ['7.3.b', '7.3.c']) {
      expect({ id, verdict: clause(doc, id).verdict }).toEqual({
        id,
        verdict: expect.stringMatching(/^(not-applicable|other-organization)$/),
      });
      expect(clause(doc, id).counts.compliant).toBe(0);
    }
    // Under 7.3.c remain only the rules citing it alone, which found nothing of theirs here.
    const under = doc.results.filter((result) => result.clauses.includes('7.3.c'));
    expect(under.filter((result) => result.status !== 'not-applicable')).toEqual([]);
    expect(under.filter((result) => result.ruleId === 'LGSEC-DNS-QUERY-LOGGING')).toEqual([]);
  });

  test('a clause with no resource in the checked templates is out of scope, never passed; the first page says what was checked', () => {
    const model = TemplateModel.load(
      whole.model.templates.filter((index) => index.name === 'ShiojiriMyNumberZone').map((index) => index.input),
    );
    expect(model.templates).toHaveLength(1);
    const doc = buildReportDocument({ run: checkModel(model), model }, { lang: 'en' });
    const unjudged = doc.clauses.filter(
      (entry) => entry.rules.length > 0 && entry.counts.compliant + entry.counts.nonCompliant + entry.counts.acknowledged === 0,
    );
    expect(unjudged.length).toBeGreaterThan(0);
    for (const entry of unjudged)
      expect({ id: entry.id, verdict: entry.verdict }).toEqual({
        id: entry.id,
        verdict: expect.stringMatching(/^(not-applicable|manual|inherited|context)$/),
      });
    expect(unjudged.some((entry) => entry.verdict === 'not-applicable')).toBe(true);
    const html = renderReport(doc, 'html');
    expect(html).toContain('<span class="verdict v-not-applicable">Not in scope of the checked templates</span>');
    const cover = html.slice(html.indexOf('<header class="cover"'), html.indexOf('</header>'));
    expect(cover).toContain('Checked: the CloudFormation templates listed below, as synthesized or given at check time');
    expect(cover).toContain('Not checked: the live AWS accounts');
    const ja = renderReport(buildReportDocument({ run: checkModel(model), model }, { lang: 'ja' }), 'md');
    expect(ja).toContain('検査していないもの: 稼働中の AWS アカウント');
    expect(ja).toContain('対象外（検査したテンプレートに対象なし）');
  });
});

describe('exceptions register of the reference environment', () => {
  test("the acknowledgments lgsec's constructs make are design decisions with a Japanese reason, not the city's exceptions", () => {
    const acknowledged = whole.run.results.filter((result) => result.status === 'acknowledged');
    expect(acknowledged.length).toBeGreaterThan(0);
    const notByDesign = acknowledged.filter((result) => result.acknowledgment?.byDesign !== true);
    expect(notByDesign.map((result) => `${result.ruleId} ${result.acknowledgment?.madeAt}`)).toEqual([]);
    for (const result of acknowledged) expect(result.acknowledgment?.reasonJa).toMatch(/[\p{Script=Han}\p{Script=Hiragana}]/u);
  });
});
