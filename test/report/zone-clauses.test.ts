/**
 * A rule citing several zone clauses (7.3.a–c) checks each zone against its own clause: a result
 * counts only under the clause of its resource's zone, never under another zone's.
 */
import { buildReportDocument } from '../../lib/report';
import { TemplateModel } from '../../lib/template/template-model';
import type { CheckRun, RuleInfo, RuleResultRecord, RuleStatus } from '../../rules/results';

const vpc = (zone?: string) => ({
  Type: 'AWS::EC2::VPC',
  Properties: { CidrBlock: '10.0.0.0/16', ...(zone === undefined ? {} : { Tags: [{ Key: 'lgsec:zone', Value: zone }] }) },
});

const model = TemplateModel.load([
  { name: 'MyNumber', template: { Resources: { Vpc: vpc('mynumber') } } },
  { name: 'Internet', template: { Resources: { Vpc: vpc('internet') } } },
  { name: 'Lgwan', template: { Resources: { Vpc: vpc('lgwan') } } },
  { name: 'Untagged', template: { Resources: { Vpc: vpc() } } },
]);

const rule = (id: string, clauses: string[]): RuleInfo => ({
  id,
  qualifiedId: `LGSEC::${id}`,
  level: 'error',
  clauses,
  area: 'network',
  cause: `${id} cause`,
  explanation: `${id} explanation`,
  fix: `${id} fix`,
  controls: [],
});

const BOTH_ZONES = rule('LGSEC-BOTH-ZONES', ['7.3.a', '7.3.c', '7.7']);
const MY_NUMBER_ONLY = rule('LGSEC-MY-NUMBER-ONLY', ['7.3.a']);

const result = (info: RuleInfo, template: string, status: RuleStatus): RuleResultRecord => ({
  ruleId: info.id,
  level: info.level,
  clauses: info.clauses,
  status,
  template,
  logicalId: 'Vpc',
  resourceType: 'AWS::EC2::VPC',
  ...(status === 'non-compliant' ? { message: 'not logged' } : {}),
});

const run = (results: RuleResultRecord[]): CheckRun => ({
  tool: { name: 'lgsec', version: '0.0.0-test' },
  rules: [BOTH_ZONES, MY_NUMBER_ONLY],
  templates: model.templates.map((index) => ({ name: index.name, resources: index.resources.size })),
  results,
});

const report = (results: RuleResultRecord[]) => buildReportDocument({ run: run(results), model }, { lang: 'en' });
const clause = (doc: ReturnType<typeof report>, id: string) => doc.clauses.find((entry) => entry.id === id)!;
const resultOf = (doc: ReturnType<typeof report>, ruleId: string, template: string) =>
  doc.results.find((entry) => entry.ruleId === ruleId && entry.template === template)!;

describe('zone clauses count only their own zone', () => {
  test("each VPC's result counts under its own zone's clause, and the other clauses the rule cites", () => {
    const doc = report([result(BOTH_ZONES, 'MyNumber', 'compliant'), result(BOTH_ZONES, 'Internet', 'non-compliant')]);
    expect(clause(doc, '7.3.a')).toMatchObject({ verdict: 'passed', counts: { compliant: 1, nonCompliant: 0 } });
    expect(clause(doc, '7.3.c')).toMatchObject({ verdict: 'failed', counts: { compliant: 0, nonCompliant: 1 } });
    expect(clause(doc, '7.7')).toMatchObject({ verdict: 'failed', counts: { compliant: 1, nonCompliant: 1 } });
    expect(resultOf(doc, BOTH_ZONES.id, 'MyNumber').clauses).toEqual(['7.3.a', '7.7']);
    expect(resultOf(doc, BOTH_ZONES.id, 'Internet').clauses).toEqual(['7.3.c', '7.7']);
    // The rule still checks both clauses: it stays listed under each.
    expect(clause(doc, '7.3.a').rules).toContain(BOTH_ZONES.id);
    expect(clause(doc, '7.3.c').rules).toContain(BOTH_ZONES.id);
  });

  test("a pass in one zone leaves the other zone's clause not in scope, not passed", () => {
    const doc = report([result(BOTH_ZONES, 'MyNumber', 'compliant')]);
    expect(clause(doc, '7.3.a').verdict).toBe('passed');
    expect(clause(doc, '7.3.c')).toMatchObject({ verdict: 'not-applicable', counts: { compliant: 0, nonCompliant: 0 } });
  });

  test('a resource whose zone is unknown counts under every zone clause the rule cites', () => {
    const doc = report([result(BOTH_ZONES, 'Untagged', 'compliant')]);
    expect(resultOf(doc, BOTH_ZONES.id, 'Untagged').clauses).toEqual(['7.3.a', '7.3.c', '7.7']);
    expect(clause(doc, '7.3.a').verdict).toBe('passed');
    expect(clause(doc, '7.3.c').verdict).toBe('passed');
  });

  test('in a zone the rule does not cite, a pass claims none of its zone clauses; a failure stays under all of them', () => {
    const passed = report([result(BOTH_ZONES, 'Lgwan', 'compliant')]);
    expect(resultOf(passed, BOTH_ZONES.id, 'Lgwan').clauses).toEqual(['7.7']);
    expect(clause(passed, '7.3.a').verdict).toBe('not-applicable');
    expect(clause(passed, '7.3.c').verdict).toBe('not-applicable');
    const failed = report([result(BOTH_ZONES, 'Lgwan', 'non-compliant')]);
    expect(resultOf(failed, BOTH_ZONES.id, 'Lgwan').clauses).toEqual(['7.3.a', '7.3.c', '7.7']);
    expect(clause(failed, '7.3.a').verdict).toBe('failed');
    expect(clause(failed, '7.3.c').verdict).toBe('failed');
  });

  test('a rule citing a single zone clause counts as before, whatever the zone of its resource', () => {
    const doc = report([result(MY_NUMBER_ONLY, 'Internet', 'compliant')]);
    expect(resultOf(doc, MY_NUMBER_ONLY.id, 'Internet').clauses).toEqual(['7.3.a']);
    expect(clause(doc, '7.3.a').verdict).toBe('passed');
  });
});
