/** The report on a real check run: the rule pack's engine over small templates. */
import { CLAUSE_IDS } from '../../lib/policy/clauses';
import Ajv from 'ajv';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA, ReportDocument } from '../../lib/report';
import { checkTemplates } from '../../rules/pack/check-templates';
import { INTERNET_TEMPLATE, MY_NUMBER_TEMPLATE } from './fixtures';
import { TemplateModel } from '../../lib/template/template-model';

describe('report of a real engine run', () => {
  const templates = [
    { name: 'ShiojiriInternetZone', template: INTERNET_TEMPLATE, region: 'ap-northeast-1' },
    { name: 'ShiojiriMyNumberZone', template: MY_NUMBER_TEMPLATE, region: 'ap-northeast-1' },
  ];
  let doc: ReportDocument;
  beforeAll(() => {
    const run = checkTemplates(templates);
    doc = buildReportDocument({ run, model: TemplateModel.load(templates) });
  });

  test('every rule of the pack cites clauses of the catalog, and every result is placed', () => {
    expect(doc.rules.length).toBeGreaterThan(20);
    expect(doc.notes.filter((note) => note.code !== 'template-without-results')).toEqual([]);
    expect(doc.clauses.map((clause) => clause.id)).toEqual(CLAUSE_IDS);
    const validate = new Ajv({ allErrors: true }).compile(REPORT_JSON_SCHEMA);
    expect(validate(JSON.parse(renderReport(doc, 'json'))) ? [] : validate.errors).toEqual([]);
  });

  test("the internet zone's own NAT gateway fails 7.3.c, and the findings are in the report", () => {
    const clause = doc.clauses.find((entry) => entry.id === '7.3.c')!;
    expect(clause.verdict).toBe('failed');
    const egress = doc.results.filter(
      (result) => result.clauses.includes('7.3.c') && result.status === 'non-compliant' && /NAT gateway Nat\b/.test(result.message ?? ''),
    );
    expect(egress).toEqual([expect.objectContaining({ template: 'ShiojiriInternetZone', logicalId: 'Vpc', level: 'error' })]);
    expect(doc.summary.errors).toBeGreaterThan(0);
    const html = renderReport(doc, 'html');
    const section = html.slice(html.indexOf('id="clause-7.3.c"'), html.indexOf('id="clause-7.4"'));
    expect(section).toMatch(
      new RegExp(
        `<span class="status s-non-compliant">不適合</span></td><td><code class="rule">${egress[0].ruleId}</code></td><td>ShiojiriInternetZone</td><td><code>Vpc</code>`,
      ),
    );
  });

  test('compliant and not-applicable results are evidence in the report too', () => {
    expect(doc.summary.results.compliant).toBeGreaterThan(0);
    expect(doc.summary.results.notApplicable).toBeGreaterThan(0);
    expect(doc.environment.stacks.map((stack) => stack.name)).toEqual(['ShiojiriInternetZone', 'ShiojiriMyNumberZone']);
    // Template-level rules (the stack's region) have no logical id: the report names the whole template.
    expect(doc.results).toContainEqual(
      expect.objectContaining({ logicalId: '', resourceType: 'AWS::CloudFormation::Stack', status: 'compliant' }),
    );
    expect(renderReport(doc, 'html')).toContain('<code>（テンプレート全体）</code>');
  });
});
