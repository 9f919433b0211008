import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from '../../bin/reference-environment';

describe('reference environment', () => {
  let outdir: string;
  let stacks: string[];

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-ref-'));
    const app = new App({ outdir });
    buildReferenceEnvironment(app);
    const assembly = app.synth();
    stacks = assembly.stacks.map((s) => s.stackName);
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes Shiojiri\'s three zones in Tokyo', () => {
    expect(stacks).toEqual(expect.arrayContaining(['ShiojiriMyNumberZone', 'ShiojiriLgwanZone', 'ShiojiriInternetZone']));
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'ShiojiriMyNumberZone.template.json'), 'utf8'));
    const vpcs = Object.values(template.Resources as Record<string, { Type: string; Properties: { CidrBlock: string } }>)
      .filter((r) => r.Type === 'AWS::EC2::VPC');
    expect(vpcs.map((v) => v.Properties.CidrBlock)).toEqual(['10.110.0.0/16']);
  });

  test('CIDRs can be overridden through context, and bad context is rejected with the fix', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-ref-')), context: { 'lgsec:shiojiri:myNumberCidr': '10.99.0.0/16' } });
    const { shiojiri } = buildReferenceEnvironment(app);
    expect(shiojiri.myNumber.cidr).toBe('10.99.0.0/16');
    const bad = new App({ context: { 'lgsec:shiojiri:lgwanPrefixes': 42 } });
    expect(() => buildReferenceEnvironment(bad)).toThrow(/Context 'lgsec:shiojiri:lgwanPrefixes' must be a list of strings, got 42/);
  });
});
