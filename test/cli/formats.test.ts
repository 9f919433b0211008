import Ajv from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Log } from 'sarif';
import { CHECK_FORMATS, renderCheckRun, toCheckJson, toSarif, FINGERPRINT_KEY, SARIF_SCHEMA_URI } from '../../lib/cli/formats';
import { RenderContext } from '../../lib/cli/formats/findings';
import { sampleRun } from './helpers';

const context: RenderContext = {
  sources: new Map([
    [
      'MyNumberStack',
      {
        file: 'stacks/my number.yaml',
        resourceLines: new Map([
          ['Bucket', 12],
          ['PublicRoute', 30],
          ['Vpc', 4],
        ]),
        constructPaths: new Map([['Bucket', 'MyNumberStack/Data/Bucket/Resource']]),
      },
    ],
    ['Other', { file: 'other.json' }],
  ]),
  color: false,
  elapsedSeconds: 0.25,
  informationUri: 'https://example.org/lgsec',
};

describe('json format', () => {
  const report = toCheckJson(sampleRun());

  test('has exactly the DESIGN.md shape', () => {
    expect(Object.keys(report)).toEqual(['tool', 'findings', 'acknowledged', 'loadErrors', 'loadWarnings', 'summary']);
    expect(report.tool).toEqual({ name: 'lgsec', version: '9.9.9' });
    for (const finding of report.findings) {
      expect(Object.keys(finding)).toEqual(['ruleId', 'level', 'clauses', 'template', 'logicalId', 'resourceType', 'message']);
    }
    expect(Object.keys(report.acknowledged[0])).toEqual(['ruleId', 'template', 'logicalId', 'reason']);
    expect(report.summary).toEqual({ templates: 2, resources: 4, errors: 1, warnings: 2, acknowledged: 1, notLoaded: 0 });
  });

  test('lists only non-compliant results as findings, in template, logical id, rule order', () => {
    expect(report.findings.map((finding) => [finding.logicalId, finding.level])).toEqual([
      ['Bucket', 'warning'],
      ['PublicRoute', 'error'],
      ['', 'warning'],
    ]);
    expect(report.findings[1]).toEqual({
      ruleId: 'LGSEC-MYNUMBER-NO-INTERNET-PATH',
      level: 'error',
      clauses: ['7.3.a'],
      template: 'MyNumberStack',
      logicalId: 'PublicRoute',
      resourceType: 'AWS::EC2::Route',
      message: 'Route 0.0.0.0/0 goes to internet gateway Igw',
    });
  });

  test('carries acknowledgments with their reasons', () => {
    expect(report.acknowledged).toEqual([
      {
        ruleId: 'LGSEC-DATA-CLASSIFIED',
        template: 'Other',
        logicalId: 'Logs',
        reason: 'Holds only public open-data files published on the city site',
      },
    ]);
  });

  test('renders as parseable JSON', () => {
    expect(JSON.parse(renderCheckRun('json', sampleRun(), context))).toEqual(report);
  });
});

/** The SARIF 2.1.0 schema (draft-04) as shipped by @microsoft/jest-sarif, compiled with ajv. */
function sarifValidator(): Ajv.ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const draft4 = require('ajv/lib/refs/json-schema-draft-04.json');
  const ajv = new Ajv({ schemaId: 'auto', validateSchema: false, allErrors: true });
  ajv.addMetaSchema(draft4);
  return ajv.compile(schema);
}

describe('sarif format', () => {
  const log = toSarif(sampleRun(), context);
  const run = log.runs[0];

  test('is valid against the SARIF 2.1.0 JSON schema', () => {
    const validate = sarifValidator();
    const valid = validate(JSON.parse(renderCheckRun('sarif', sampleRun(), context)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator is not vacuous: a wrong level or a missing message fails it.
    const broken = JSON.parse(renderCheckRun('sarif', sampleRun(), context));
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].results[1].message;
    expect(validate(broken)).toBe(false);
  });

  test('names the schema, version and tool', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'lgsec', version: '9.9.9', informationUri: 'https://example.org/lgsec' });
  });

  test('describes every rule with clauses, help and default level', () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual(['LGSEC-MYNUMBER-NO-INTERNET-PATH', 'LGSEC-DATA-CLASSIFIED', 'LGSEC-STACK-REGION-JAPAN']);
    expect(rules[0]).toMatchObject({
      shortDescription: { text: 'LGSEC-MYNUMBER-NO-INTERNET-PATH cause' },
      fullDescription: { text: 'LGSEC-MYNUMBER-NO-INTERNET-PATH explanation' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', '7.3.a'], precision: 'very-high', 'security-severity': '8.0' },
    });
    expect(rules[0].help?.text).toContain('Fix: LGSEC-MYNUMBER-NO-INTERNET-PATH fix');
    expect(rules[0].help?.markdown).toContain('`7.3.a` マイナンバー利用事務系 (My Number zone)');
    expect(rules[1]).toMatchObject({
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['security', '5.2', '7.2'], 'security-severity': '5.0' },
    });
  });

  test('locates each finding at its logical id in the template file', () => {
    const route = run.results?.find((result) => result.locations?.[0].logicalLocations?.[0].name === 'PublicRoute');
    expect(route).toMatchObject({
      ruleId: 'LGSEC-MYNUMBER-NO-INTERNET-PATH',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'stacks/my%20number.yaml' }, region: { startLine: 30 } },
          logicalLocations: [{ name: 'PublicRoute', fullyQualifiedName: 'MyNumberStack/PublicRoute', kind: 'resource' }],
        },
      ],
    });
    expect(route?.message.text).toContain('Route 0.0.0.0/0 goes to internet gateway Igw');
    expect(route?.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
  });

  test('names the CDK construct of a synthesized resource', () => {
    const bucket = run.results?.find((result) => result.locations?.[0].logicalLocations?.[0].name === 'Bucket');
    expect(bucket?.message.text).toMatch(/\(AWS::S3::Bucket MyNumberStack\/Bucket, construct MyNumberStack\/Data\/Bucket\/Resource\)$/);
    expect(bucket?.properties?.constructPath).toBe('MyNumberStack/Data/Bucket/Resource');
  });

  test('leaves out the line where the parser gave none', () => {
    const acknowledged = run.results?.find((result) => result.suppressions !== undefined);
    expect(acknowledged?.locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: 'other.json' } });
  });

  test('carries acknowledgments as accepted in-source suppressions with the reason', () => {
    const suppressed = (run.results ?? []).filter((result) => result.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'Holds only public open-data files published on the city site' },
    ]);
  });

  test('has no result for compliant or not-applicable results', () => {
    expect(run.results).toHaveLength(4);
  });

  test('locates a result about the whole stack at the template', () => {
    const stack = run.results?.find((result) => result.ruleId === 'LGSEC-STACK-REGION-JAPAN');
    expect(stack?.locations).toEqual([
      {
        logicalLocations: [{ name: 'Other', fullyQualifiedName: 'Other', kind: 'resource' }],
        physicalLocation: { artifactLocation: { uri: 'other.json' } },
      },
    ]);
    expect(stack?.message.text).toBe('The stack is region-agnostic (AWS::CloudFormation::Stack Other)');
  });

  test('keeps fingerprints stable when the line moves, distinct per rule and resource', () => {
    const moved: RenderContext = {
      ...context,
      sources: new Map([['MyNumberStack', { file: 'stacks/my number.yaml', resourceLines: new Map([['PublicRoute', 99]]) }]]),
    };
    const fingerprints = (sarif: Log) => sarif.runs[0].results?.map((result) => result.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(fingerprints(toSarif(sampleRun(), moved))).toEqual(fingerprints(log));
    expect(new Set(fingerprints(log)).size).toBe(4);
  });
});

describe('junit format', () => {
  const xml = renderCheckRun('junit', sampleRun(), context);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  }).parse(xml);

  test('is well-formed XML with control characters replaced and markup escaped', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('&lt;b&gt;&amp;');
  });

  test('has one testsuite per template with counts', () => {
    const suites = parsed.testsuites.testsuite;
    expect(parsed.testsuites).toMatchObject({ name: 'lgsec', tests: '5', failures: '1', errors: '0', skipped: '1', time: '0.250' });
    expect(suites.map((suite: { name: string }) => suite.name)).toEqual(['MyNumberStack', 'Other']);
    expect(suites[0]).toMatchObject({ tests: '3', failures: '1', skipped: '0', file: 'stacks/my number.yaml' });
    expect(suites[0].properties.property).toEqual([
      { name: 'file', value: 'stacks/my number.yaml' },
      { name: 'region', value: 'ap-northeast-1' },
      { name: 'account', value: '123456789012' },
      { name: 'resources', value: '3' },
    ]);
  });

  test('fails a testcase per error finding, with message, rule and fix', () => {
    const route = parsed.testsuites.testsuite[0].testcase.find(
      (testcase: { name: string }) => testcase.name === 'LGSEC-MYNUMBER-NO-INTERNET-PATH PublicRoute',
    );
    expect(route).toMatchObject({
      classname: 'MyNumberStack.PublicRoute',
      line: '30',
      failure: { message: 'Route 0.0.0.0/0 goes to internet gateway Igw', type: 'LGSEC-MYNUMBER-NO-INTERNET-PATH' },
    });
    expect(route.failure['#text']).toContain('Fix: LGSEC-MYNUMBER-NO-INTERNET-PATH fix');
  });

  test('passes warnings (with the finding in system-out), compliant results, and skips acknowledged ones', () => {
    const [first, second] = parsed.testsuites.testsuite;
    const bucket = first.testcase.find((testcase: { name: string }) => testcase.name === 'LGSEC-DATA-CLASSIFIED Bucket');
    expect(bucket.failure).toBeUndefined();
    expect(bucket['system-out']).toContain('warning: Bucket has no lgsec:confidentiality tag');
    expect(bucket['system-out']).toContain('Construct: MyNumberStack/Data/Bucket/Resource');
    const vpc = first.testcase.find((testcase: { name: string }) => testcase.name === 'LGSEC-MYNUMBER-NO-INTERNET-PATH Vpc');
    expect(vpc).toEqual(expect.not.objectContaining({ failure: expect.anything() }));
    const logs = second.testcase.find((testcase: { name: string }) => testcase.name === 'LGSEC-DATA-CLASSIFIED Logs');
    expect(logs.skipped.message).toBe('acknowledged: Holds only public open-data files published on the city site');
    const stack = second.testcase.find((testcase: { name: string }) => testcase.name === 'LGSEC-STACK-REGION-JAPAN (stack)');
    expect(stack).toMatchObject({ classname: 'Other', 'system-out': expect.stringContaining('warning: The stack is region-agnostic') });
  });
});

describe('text format', () => {
  test('groups findings by clause in policy order with titles, then acknowledgments and a summary', () => {
    const text = renderCheckRun('text', sampleRun(), context);
    expect(text).not.toContain('\u001b[');
    const clause52 = text.indexOf('5.2 情報資産の範囲 (2) · Scope of information assets (2): information');
    const clause73a = text.indexOf('7.3.a マイナンバー利用事務系 · My Number zone');
    expect(clause52).toBeGreaterThan(0);
    expect(clause73a).toBeGreaterThan(clause52);
    expect(text).toContain('LGSEC-MYNUMBER-NO-INTERNET-PATH  MyNumberStack/PublicRoute (AWS::EC2::Route)  stacks/my number.yaml:30');
    expect(text).toContain('Fix: LGSEC-MYNUMBER-NO-INTERNET-PATH fix');
    expect(text).toContain('Also clause 7.2');
    expect(text).toContain('Construct: MyNumberStack/Data/Bucket/Resource');
    expect(text).toContain('Acknowledged (1)');
    expect(text).toContain('Other/Logs: Holds only public open-data files published on the city site');
    expect(text).toContain('LGSEC-STACK-REGION-JAPAN  Other (AWS::CloudFormation::Stack)  other.json');
    expect(text.trimEnd().split('\n').pop()).toBe('✖ 1 error, 2 warnings, 1 acknowledged · 2 templates, 4 resources checked');
  });

  test('colours only when asked to', () => {
    expect(renderCheckRun('text', sampleRun(), { ...context, color: true })).toContain('\u001b[31m');
  });

  test('says so when there is no finding', () => {
    const clean = { ...sampleRun(), results: sampleRun().results.filter((result) => result.status === 'compliant') };
    expect(renderCheckRun('text', clean, context).trimEnd().split('\n').pop()).toBe(
      '✔ no findings (0 acknowledged) · 2 templates, 4 resources checked',
    );
  });
});

test('every format renders', () => {
  for (const format of CHECK_FORMATS) {
    expect(renderCheckRun(format, sampleRun(), context).length).toBeGreaterThan(0);
  }
});
