import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import Ajv from 'ajv';
import { LgsecConformancePack } from '../../lib/audit/conformance-pack';
import { CONFIG_RULE_MAPPING } from '../../lib/audit/config-rules';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA } from '../../lib/report';
import { buildInventory } from '../../lib/report/inventory';
import type { TemplateInput } from '../../lib/template/input';
import { TemplateModel } from '../../lib/template/template-model';
import { buildRun } from './fixtures';

/** A stack with lgsec's conformance pack, synthesized as a deployed template. */
function packTemplate(organization: boolean): Record<string, unknown> {
  const stack = new Stack(new App(), 'Audit', { env: { account: '111111111111', region: 'ap-northeast-3' } });
  new LgsecConformancePack(stack, 'ConformancePack', organization ? { organization: {} } : {});
  return Template.fromStack(stack).toJSON();
}

const customPack: TemplateInput = {
  name: 'CityAudit',
  account: '444444444444',
  region: 'ap-northeast-1',
  template: {
    Resources: {
      CityPack: {
        Type: 'AWS::Config::ConformancePack',
        Properties: {
          ConformancePackName: 'city-own',
          TemplateBody: [
            'Resources:',
            '  Versioning:',
            '    Type: AWS::Config::ConfigRule',
            '    Properties:',
            '      ConfigRuleName: s3-bucket-versioning-enabled',
            '      Source: { Owner: AWS, SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED }',
            '  OwnCheck:',
            '    Type: AWS::Config::ConfigRule',
            '    Properties:',
            '      ConfigRuleName: city-own-check',
            '      Source: { Owner: CUSTOM_LAMBDA, SourceIdentifier: "arn:aws:lambda:ap-northeast-1:444444444444:function:check" }',
          ].join('\n'),
        },
      },
      InS3: {
        Type: 'AWS::Config::ConformancePack',
        Properties: { ConformancePackName: 'from-s3', TemplateS3Uri: 's3://city-packs/pack.yaml' },
      },
    },
  },
};

describe('report: continuous compliance (AWS Config conformance packs and their clause mapping)', () => {
  test("lgsec's organization pack: every managed rule it deploys, with its clauses, from the deployed template body", () => {
    const { continuousCompliance } = buildInventory(
      new TemplateModel([{ name: 'OrgAudit', account: '111111111111', region: 'ap-northeast-3', template: packTemplate(true) }]),
    );
    expect(continuousCompliance!.conformancePacks).toEqual([
      expect.objectContaining({
        template: 'OrgAudit',
        name: 'lgsec-policy',
        scope: 'organization',
        account: '111111111111',
        region: 'ap-northeast-3',
      }),
    ]);
    expect(continuousCompliance!.conformancePacks[0].rules).toHaveLength(CONFIG_RULE_MAPPING.length);
    expect(continuousCompliance!.configRules.find((rule) => rule.name === 'cloudtrail-enabled')).toEqual({
      name: 'cloudtrail-enabled',
      identifier: 'CLOUD_TRAIL_ENABLED',
      owner: 'AWS',
      clauses: ['7.7', '10'],
      reason: {
        en: 'A trail records every account, so actions can be audited.',
        ja: '証跡がすべてのアカウントを記録し、操作を監査できる。',
      },
      packs: [`OrgAudit/${continuousCompliance!.conformancePacks[0].logicalId}`],
    });
  });

  test("a city's own pack in YAML: managed rules mapped by identifier, custom rules unmapped, a pack in S3 said to be unread", () => {
    const { continuousCompliance } = buildInventory(new TemplateModel([customPack]));
    expect(continuousCompliance!.configRules).toEqual([
      expect.objectContaining({ name: 'city-own-check', owner: 'CUSTOM_LAMBDA', clauses: [] }),
      expect.objectContaining({ name: 's3-bucket-versioning-enabled', clauses: ['7.2'], packs: ['CityAudit/CityPack'] }),
    ]);
    expect(continuousCompliance!.configRules[0].reason).toBeUndefined();
    expect(continuousCompliance!.conformancePacks.find((pack) => pack.name === 'from-s3')).toEqual(
      expect.objectContaining({ rules: [], unread: 'template body in S3 (TemplateS3Uri), not in these templates' }),
    );
  });

  test('the report shows the mapping in Japanese and English, says it does not show Config evaluations, and its JSON is valid', () => {
    const model = new TemplateModel([customPack, { name: 'Audit', account: '111111111111', template: packTemplate(false) }]);
    const ja = renderReport(buildReportDocument({ run: buildRun(), model }), 'html');
    expect(ja).toContain('継続的な適合性評価（AWS Config）');
    expect(ja).toContain('その評価結果は示さない');
    expect(ja).toContain('バケットが履歴を保持し');
    expect(ja).toContain('条項に対応付けなし');
    expect(ja).toContain('ルールを読めない：template body in S3');
    const en = renderReport(buildReportDocument({ run: buildRun(), model }, { lang: 'en' }), 'md');
    expect(en).toContain('### Continuous compliance (AWS Config)');
    expect(en).toContain('does not show those evaluations');
    expect(en).toMatch(/<code>cloudtrail-enabled<\/code><br>CLOUD\\_TRAIL\\_ENABLED \| 7\.7, 10 \| A trail records every account/);
    expect(en).toContain('lgsec-policy (111111111111; its own account)');
    const json = JSON.parse(renderReport(buildReportDocument({ run: buildRun(), model }), 'json'));
    const validate = new Ajv({ allErrors: true }).compile(REPORT_JSON_SCHEMA);
    expect({ valid: validate(json), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
  });

  test('without a pack the report says nothing measures compliance after deployment', () => {
    const md = renderReport(
      buildReportDocument({ run: buildRun(), model: new TemplateModel([{ name: 'Empty', template: { Resources: {} } }]) }, { lang: 'en' }),
      'md',
    );
    expect(md).toContain('No AWS Config conformance pack in these templates');
  });
});
