import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addPolicyChecks, buildReferenceEnvironment } from '../../bin/reference-environment';
import { CheckRun } from '../../rules/results';

describe('reference environment, synthesized with both packs as `cdk synth` does', () => {
  let outdir: string;
  let stacks: string[];
  let run: CheckRun;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-ref-'));
    const app = new App({ outdir, context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
    buildReferenceEnvironment(app);
    const lgsec = addPolicyChecks(app);
    stacks = app.synth().stacks.map((s) => s.stackName);
    run = lgsec.lastRun!;
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('has the prefecture\'s security cloud and log archive, Shiojiri\'s zones, replica and audit trail', () => {
    expect(stacks.sort()).toEqual([
      'NaganoLogArchive', 'NaganoSecurityCloud', 'ShiojiriAuditTrail', 'ShiojiriInternetZone',
      'ShiojiriLgwanZone', 'ShiojiriMyNumberZone', 'ShiojiriReplicas',
    ]);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'ShiojiriMyNumberZone.template.json'), 'utf8'));
    const vpcs = Object.values(template.Resources as Record<string, { Type: string; Properties: { CidrBlock: string } }>)
      .filter((r) => r.Type === 'AWS::EC2::VPC');
    expect(vpcs.map((v) => v.Properties.CidrBlock)).toEqual(['10.110.0.0/16']);
  });

  test('has zero policy findings: nothing non-compliant, every acknowledgment with its reason', () => {
    expect(run.results.filter((r) => r.status === 'non-compliant')).toEqual([]);
    const acknowledged = run.results.filter((r) => r.status === 'acknowledged');
    for (const result of acknowledged) expect(result.acknowledgment?.reason.length).toBeGreaterThan(20);
    expect(run.results.filter((r) => r.status === 'compliant').length).toBeGreaterThan(300);
  });

  test('has no AwsSolutions finding and no CloudFormation schema warning left', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const violations = (report.pluginReports as { pluginName: string; violations?: unknown[] }[])
      .filter((p) => p.pluginName !== 'LGSEC')
      .flatMap((p) => (p.violations ?? []).map((v) => ({ plugin: p.pluginName, v })));
    expect(violations).toEqual([]);
  });

  test('leaves the auditor report and the results in the assembly', () => {
    for (const file of ['lgsec-report.html', 'lgsec-report.md', 'lgsec-report.json', 'lgsec-results.json']) {
      expect(fs.existsSync(path.join(outdir, file))).toBe(true);
    }
    expect(fs.readFileSync(path.join(outdir, 'lgsec-report.html'), 'utf8')).toContain('機密性2');
  });
});

describe('reference environment context', () => {
  test('CIDRs can be overridden, and bad context is rejected with the fix', () => {
    const app = new App({ context: { 'lgsec:shiojiri:myNumberCidr': '10.99.0.0/16' } });
    const { shiojiri } = buildReferenceEnvironment(app);
    expect(shiojiri.myNumber.cidr).toBe('10.99.0.0/16');
    const bad = new App({ context: { 'lgsec:shiojiri:lgwanPrefixes': 42 } });
    expect(() => buildReferenceEnvironment(bad)).toThrow(/Context 'lgsec:shiojiri:lgwanPrefixes' must be a list of strings, got 42/);
  });
});
