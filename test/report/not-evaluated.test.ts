/** The report lists what the check did not evaluate in full (the run's load warnings). */
import Ajv from 'ajv';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA } from '../../lib/report';
import { TemplateModel } from '../../lib/template/template-model';
import { checkModel } from '../../rules/pack/check-templates';

const twenty = (prefix: string) => ({ Type: 'String', AllowedValues: Array.from({ length: 20 }, (_, i) => `${prefix}${i}`) });
const templates = [
  {
    name: 'Wide',
    file: 'wide.yaml',
    region: 'ap-northeast-1',
    template: {
      Parameters: { A: twenty('a'), B: twenty('b') },
      Resources: {
        Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: { 'Fn::Sub': '${A}-${B}' }, VpcId: 'vpc-1' } },
      },
    },
  },
];

describe('what the check did not evaluate in full', () => {
  const model = TemplateModel.load(templates);
  const run = checkModel(model);

  test('is in the report model, valid against the schema', () => {
    const doc = buildReportDocument({ run, model }, { lang: 'en' });
    expect(doc.notEvaluated).toEqual([
      { template: 'Wide', file: 'wide.yaml', message: expect.stringMatching(/^Resources\.Group: its parameters \(A, B\)/) },
    ]);
    const validate = new Ajv({ allErrors: true }).compile(REPORT_JSON_SCHEMA);
    expect(validate(JSON.parse(renderReport(doc, 'json'))) ? [] : validate.errors).toEqual([]);
  });

  test('is a section of its own in HTML and Markdown, in both languages', () => {
    const en = buildReportDocument({ run, model }, { lang: 'en' });
    expect(renderReport(en, 'html')).toMatch(
      /<section id="not-evaluated">\n<h2>Not checked in full<\/h2>[^]*wide\.yaml<\/code>: Resources\.Group: /,
    );
    expect(renderReport(en, 'md')).toMatch(/### Not checked in full\n\n[^\n]+\n\n- wide\.yaml: Resources\.Group: /);
    const ja = buildReportDocument({ run, model }, { lang: 'ja' });
    expect(renderReport(ja, 'md')).toMatch(/### 完全には検査していないもの/);
  });

  test('is absent when everything was evaluated', () => {
    const plain = TemplateModel.load([{ name: 'Plain', template: { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } } }]);
    const doc = buildReportDocument({ run: checkModel(plain), model: plain }, { lang: 'en' });
    expect(doc.notEvaluated).toBeUndefined();
    expect(renderReport(doc, 'html')).not.toMatch(/not-evaluated/);
  });
});
