import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, NestedStack, Stack, Tags, Validations, aws_ec2 as ec2, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { isClauseId } from '../../lib/policy';
import { REGENERATE_RULES_MD, renderRuleCatalog } from '../../rules/catalog';
import { checkTemplates } from '../../rules/pack/check-templates';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { RESULTS_FILE } from '../../rules/pack/reporter';
import { CheckRun } from '../../rules/results';
import { ruleTable } from '../../rules/rule-table';
import { Checked } from './harness';

const RULE_IDS = [
  'LGSEC-VPC-ZONE-TAG',
  'LGSEC-DATA-CLASSIFICATION-TAG',
  'LGSEC-DATA-CMK-ENCRYPTION',
  'LGSEC-DATA-INTEGRITY-HISTORY',
  'LGSEC-DATA-RETAIN-ON-DELETE',
  'LGSEC-DATA-REGION-COPY',
  'LGSEC-C3-IN-MYNUMBER-ZONE',
  'LGSEC-C3-BUCKET-ENDPOINT-ONLY',
  'LGSEC-C3-PERIMETER-NO-SERVICE-EXEMPTION',
  'LGSEC-CLOSED-BUCKET-ENCRYPTION-HEADER',
  'LGSEC-MYNUMBER-NO-NETWORK-PATH',
  'LGSEC-MYNUMBER-NO-PUBLIC-IP',
  'LGSEC-MYNUMBER-SG-CLOSED',
  'LGSEC-MYNUMBER-ENDPOINT-POLICY',
  'LGSEC-MYNUMBER-ENDPOINT-RESOURCE-SCOPE',
  'LGSEC-MYNUMBER-LAMBDA-IN-VPC',
  'LGSEC-MYNUMBER-HUMAN-ROLE-MFA',
  'LGSEC-MYNUMBER-TERMINAL-NO-EXPORT',
  'LGSEC-MYNUMBER-TERMINAL-FLEET-CLOSED',
  'LGSEC-MYNUMBER-TERMINAL-PRIVATE-STREAMING',
  'LGSEC-LGWAN-NO-INTERNET-PATH',
  'LGSEC-LGWAN-SEPARATE-ROUTING',
  'LGSEC-LGWAN-NO-INTERNET-INGRESS',
  'LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE',
  'LGSEC-LGWAN-BUCKET-PERIMETER',
  'LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE',
  'LGSEC-VPN-TUNNEL-MONITORING',
  'LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD',
  'LGSEC-INTERNET-BROWSER-NO-TRANSFER',
  'LGSEC-INTERNET-BROWSER-IP-RESTRICTED',
  'LGSEC-BROWSER-PORTAL-IN-VPC',
  'LGSEC-MAIL-RECEIPT-TLS',
  'LGSEC-MAIL-RECEIPT-SCAN',
  'LGSEC-MAIL-RECEIPT-IN-JAPAN',
  'LGSEC-MAIL-RECEIPT-SANITIZED',
  'LGSEC-FIREWALL-POLICY-STRICT',
  'LGSEC-FIREWALL-LOGGING',
  'LGSEC-FIREWALL-PROTECTION',
  'LGSEC-DNS-FIREWALL',
  'LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE',
  'LGSEC-SECURITY-CLOUD-INSPECTION',
  'LGSEC-VPC-FLOW-LOGS',
  'LGSEC-CLOSED-ZONE-DNS-FIREWALL',
  'LGSEC-CLOSED-ZONE-COMPUTE-IN-VPC',
  'LGSEC-DNS-QUERY-LOGGING',
  'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST',
  'LGSEC-SG-NO-WORLD-INGRESS',
  'LGSEC-DEFAULT-SG-CLOSED',
  'LGSEC-S3-BLOCK-PUBLIC-ACCESS',
  'LGSEC-S3-TLS-ONLY',
  'LGSEC-S3-ACCESS-LOGGING',
  'LGSEC-KMS-KEY-ROTATION',
  'LGSEC-KMS-NO-ROOT-FULL-ACCESS',
  'LGSEC-IAM-NO-ADMIN-STATEMENT',
  'LGSEC-IAM-NO-ACCESS-KEYS',
  'LGSEC-EC2-IMDSV2',
  'LGSEC-CLOUDTRAIL',
  'LGSEC-AUDIT-BUCKET-WORM',
  'LGSEC-AUDIT-REPLICATION-DESTINATION',
  'LGSEC-LOG-GROUP-RETENTION',
  'LGSEC-CROSS-ACCOUNT-ROLE',
  'LGSEC-STACK-REGION-JAPAN',
  'LGSEC-EXPLICIT-REGION-JAPAN',
  'LGSEC-VPC-MULTI-AZ',
  'LGSEC-AUDIT-KEY-ADMIN',
  'LGSEC-ALARM-ACTION',
  'LGSEC-SANITIZER-EGRESS',
  'LGSEC-FIREWALL-THREAT-SIGNATURES',
  'LGSEC-SECURITY-CLOUD-THREAT-DETECTION',
  'LGSEC-BOOTSTRAP-EXECUTION-POLICY',
  'LGSEC-BOOTSTRAP-TRUST',
  'LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY',
  'LGSEC-BOOTSTRAP-LOOKUP-NO-DATA',
  'LGSEC-ORG-EXEMPTION-BY-NAME',
  'LGSEC-ORG-EXEMPTION-UNPROTECTED',
  'LGSEC-ORG-CLOSED-ZONE-ALLOWLIST',
  'LGSEC-ORG-POLICY-QUOTA',
  'LGSEC-ACKNOWLEDGMENT-REASON',
  'LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE',
];

describe('rule table', () => {
  const rules = ruleTable();

  test('pins the exact list of rule ids', () => {
    expect(rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(new LgsecChecks().ruleIds).toEqual(RULE_IDS.map((id) => `LGSEC::${id}`));
  });

  test('every rule cites valid clause ids and has its texts', () => {
    for (const rule of rules) {
      expect(rule.clauses.length).toBeGreaterThan(0);
      expect(rule.clauses.filter((id) => !isClauseId(id))).toEqual([]);
      expect(rule.cause).toMatch(/\.$/);
      expect(rule.explanation.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(rule.qualifiedId).toBe(`LGSEC::${rule.id}`);
    }
  });

  test('the rules cover every line of CONTROLS.md (1..48) and nothing else', () => {
    const covered = new Set(rules.flatMap((r) => r.controls));
    expect([...covered].sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  test('the log retention floor is configurable', () => {
    const rule = ruleTable({ logRetentionDays: 730 }).find((r) => r.id === 'LGSEC-LOG-GROUP-RETENTION')!;
    expect(rule.cause).toMatch(/730 days/);
  });

  test('fails on a log retention floor that is not a whole number of days', () => {
    expect(() => new LgsecChecks(undefined, { logRetentionDays: 0 })).toThrow(
      /logRetentionDays must be a whole number of days of at least 1, got 0/,
    );
    expect(() => new LgsecChecks(undefined, { logRetentionDays: 1.5 })).toThrow(/got 1.5/);
  });
});

describe('rule catalogue', () => {
  test('RULES.md is renderRuleCatalog(md)', () => {
    const file = path.join(__dirname, '..', '..', 'RULES.md');
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== renderRuleCatalog('md')) {
      throw new Error(`RULES.md is stale. Regenerate it from the repository root with:\n  ${REGENERATE_RULES_MD}`);
    }
  });

  test('json lists every rule with its catalogue fields', () => {
    const parsed = JSON.parse(renderRuleCatalog('json')) as {
      tool: { name: string };
      rules: { id: string; controls: number[]; fix: string }[];
    };
    expect(parsed.tool.name).toBe('lgsec');
    expect(parsed.rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(parsed.rules[0]).toEqual(expect.objectContaining({ id: 'LGSEC-VPC-ZONE-TAG', controls: [1], fix: expect.any(String) }));
  });

  test('fails on an unknown format', () => {
    expect(() => renderRuleCatalog('html' as 'md')).toThrow(/Unknown rule catalogue format 'html'; use md or json/);
  });
});

/** An app whose only problems are a short log retention (error) and a region-agnostic stack (warning). */
function appWithFindings(outdir: string, acknowledge: boolean, onComplete?: (run: CheckRun, dir: string) => void, strict = false): App {
  const app = new App({ outdir });
  Validations.of(app).addPlugins(
    new LgsecChecks(app, {
      strict,
      ...(onComplete ? { reporter: { report: (run, { assemblyDir }) => onComplete(run, assemblyDir) } } : {}),
    }),
  );
  const stack = new Stack(app, 'Logs');
  const group = new logs.LogGroup(stack, 'Group', { retention: logs.RetentionDays.ONE_WEEK });
  if (acknowledge) {
    Validations.of(group).acknowledge({
      id: 'LGSEC::LGSEC-LOG-GROUP-RETENTION',
      reason: 'Debug logs of a throwaway sandbox, deleted after the training week',
    });
  }
  return app;
}

describe('synthesis with the pack', () => {
  let dir: string;
  let printed: jest.SpyInstance;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pack-test-'));
    // CDK prints the validation report of a synth that does not fail (warnings) on stderr.
    printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    printed.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an error-level finding fails synth and reaches validation-report.json with clauses and fix', () => {
    const outdir = path.join(dir, 'error');
    const app = appWithFindings(outdir, false);
    expect(() => app.synth()).toThrow(/RetentionInDays is 7; keep at least 365 days/);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: Record<string, unknown>[] }[];
    };
    const lgsec = report.pluginReports.find((p) => p.pluginName === 'LGSEC')!;
    const violation = lgsec.violations.find((v) => v.ruleName === 'LGSEC-LOG-GROUP-RETENTION')!;
    expect(violation).toEqual(
      expect.objectContaining({
        severity: 'error',
        suggestedFix: expect.stringMatching(/RetentionInDays to at least 365/),
        ruleMetadata: expect.objectContaining({ clauses: '7.7, 10', controls: '38' }),
      }),
    );
    expect(violation.description).toMatch(/RetentionInDays is 7; keep at least 365 days/);
    const warning = lgsec.violations.find((v) => v.ruleName === 'LGSEC-STACK-REGION-JAPAN')!;
    expect(warning.severity).toBe('warning');
  });

  test('an acknowledged error does not fail synth; warnings do not either, and the run records every result', () => {
    const outdir = path.join(dir, 'acknowledged');
    const app = appWithFindings(outdir, true);
    printed.mockClear();
    expect(() => app.synth()).not.toThrow();
    expect(printed).toHaveBeenCalledWith(expect.stringMatching(/WARNING \[7\.8\.b\] The stack does not deploy to a Japanese region/));
    const run = JSON.parse(fs.readFileSync(path.join(outdir, RESULTS_FILE), 'utf8')) as CheckRun;
    const checked = new Checked(run);
    const groupId = run.results.find((r) => r.resourceType === 'AWS::Logs::LogGroup')!.logicalId;
    expect(checked.result('LGSEC-LOG-GROUP-RETENTION', groupId)).toEqual(
      expect.objectContaining({
        status: 'acknowledged',
        acknowledgment: { reason: 'Debug logs of a throwaway sandbox, deleted after the training week', madeAt: 'Logs/Group' },
        constructPath: 'Logs/Group/Resource',
      }),
    );
    expect(checked.result('LGSEC-STACK-REGION-JAPAN', '')).toEqual(expect.objectContaining({ status: 'non-compliant', level: 'warning' }));
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', groupId)).toBe('compliant');
    expect(run.rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(run.templates).toEqual([expect.objectContaining({ name: 'Logs', resources: expect.any(Number) })]);

    // The acknowledgment travels in the template, so `lgsec check cdk.out` agrees with synth.
    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'Logs.template.json'), 'utf8')) as {
      Resources: Record<string, { Metadata?: unknown }>;
    };
    expect(synthesized.Resources[groupId].Metadata).toEqual(
      expect.objectContaining({
        lgsec: {
          acknowledgments: [{ id: 'LGSEC-LOG-GROUP-RETENTION', reason: expect.stringMatching(/throwaway sandbox/), madeAt: 'Logs/Group' }],
        },
      }),
    );
    const rechecked = new Checked(checkTemplates([{ name: 'Logs', template: synthesized as unknown as Record<string, unknown> }]));
    expect(rechecked.result('LGSEC-LOG-GROUP-RETENTION', groupId)).toEqual(
      expect.objectContaining({ status: 'acknowledged', acknowledgment: expect.objectContaining({ madeAt: 'Logs/Group' }) }),
    );
  });

  test('strict mode fails synth on warnings', () => {
    const app = appWithFindings(path.join(dir, 'strict'), true, () => undefined, true);
    expect(() => app.synth()).toThrow(/WARNING \[7\.8\.b\] The stack does not deploy to a Japanese region/);
  });

  test('a reporter receives the run and the assembly directory', () => {
    const outdir = path.join(dir, 'hook');
    let seen: { run: CheckRun; dir: string } | undefined;
    appWithFindings(outdir, true, (run, assemblyDir) => {
      seen = { run, dir: assemblyDir };
    }).synth();
    expect(seen?.dir).toBe(outdir);
    expect(seen?.run.results.length).toBeGreaterThan(2);
    expect(fs.existsSync(path.join(outdir, RESULTS_FILE))).toBe(false);
  });

  test('an acknowledgment without a real reason does not count and is itself an error', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { region: 'ap-northeast-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    Tags.of(vpc).add('lgsec:zone', 'lgwan');
    Validations.of(vpc).acknowledge({ id: 'LGSEC-VPC-FLOW-LOGS', reason: 'todo' });
    const pack = new LgsecChecks();
    const report = pack.validateScope(app);
    const checked = new Checked(pack.lastRun!);
    const vpcId = pack.lastRun!.results.find((r) => r.resourceType === 'AWS::EC2::VPC')!.logicalId;
    expect(checked.status('LGSEC-VPC-FLOW-LOGS', vpcId)).toBe('error');
    expect(checked.message('LGSEC-ACKNOWLEDGMENT-REASON', vpcId)).toMatch(
      /acknowledgment of LGSEC-VPC-FLOW-LOGS at S\/Vpc: the reason 'todo' is a placeholder/i,
    );
    expect(checked.status('LGSEC-DEFAULT-SG-CLOSED', vpcId)).toBe('compliant');
    expect(checked.status('LGSEC-VPC-MULTI-AZ', vpcId)).toBe('compliant');
    expect(report.success).toBe(false);
  });
});

describe('the cdk-nag 2 habit', () => {
  test('registering the pack as an aspect fails at synthesis, naming Validations.of(app).addPlugins', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-aspect-test-')) });
    const stack = new Stack(app, 'Plain', { env: { region: 'ap-northeast-1' } });
    new logs.LogGroup(stack, 'Logs');
    Aspects.of(app).add(new LgsecChecks(app));
    expect(() => app.synth()).toThrow(
      'LgsecChecks is a policy validation plugin (cdk-nag 3), not an aspect: replace Aspects.of(app).add(new LgsecChecks(app)) ' +
        'with Validations.of(app).addPlugins(new LgsecChecks(app))',
    );
  });
});

describe('stacks the pack walks', () => {
  test('nested stacks are checked from their own templates, and a stack-level acknowledgment covers the stack rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pack-nested-'));
    try {
      const app = new App({ outdir: dir });
      let run: CheckRun | undefined;
      Validations.of(app).addPlugins(
        new LgsecChecks(app, {
          reporter: {
            report: (r) => {
              run = r;
            },
          },
        }),
      );
      const parent = new Stack(app, 'Parent');
      Validations.of(parent).acknowledge({
        id: 'LGSEC::LGSEC-STACK-REGION-JAPAN',
        reason: 'The pipeline deploys this stack to ap-northeast-1 only, set per environment',
      });
      const nested = new NestedStack(parent, 'Keys');
      new kms.Key(nested, 'Static', { enableKeyRotation: false });
      expect(() => app.synth()).toThrow(/EnableKeyRotation is not true/);
      const checked = new Checked(run!);
      const key = run!.results.find((r) => r.resourceType === 'AWS::KMS::Key')!;
      expect(key.template).toBe('Parent/Keys');
      expect(checked.status('LGSEC-KMS-KEY-ROTATION', key.logicalId)).toBe('error');
      const parentRegion = run!.results.find((r) => r.ruleId === 'LGSEC-STACK-REGION-JAPAN' && r.template === 'Parent')!;
      expect(parentRegion).toEqual(
        expect.objectContaining({ status: 'acknowledged', acknowledgment: expect.objectContaining({ madeAt: 'Parent' }) }),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
