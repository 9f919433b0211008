import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SecurityCloud, SecurityCloudProps } from '../../lib/security-cloud/security-cloud';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { CheckRun } from '../../rules/results';

/** Made-up but well-formed ids of the AWS-managed DNS Firewall domain lists. */
export const MANAGED_DOMAIN_LIST_IDS = {
  malwareDomainList: 'rslvr-fdl-1111111111111111',
  botnetCommandAndControl: 'rslvr-fdl-2222222222222222',
  aggregateThreatList: 'rslvr-fdl-3333333333333333',
  guardDutyThreatList: 'rslvr-fdl-4444444444444444',
};

export const TOKYO = { account: '111111111111', region: 'ap-northeast-1' };
export const AZS = ['ap-northeast-1a', 'ap-northeast-1c'];

/** Props of a small, valid security cloud; override what a test is about. */
export function securityCloudProps(overrides: Partial<SecurityCloudProps> = {}): SecurityCloudProps {
  return {
    members: [
      { name: 'shiojiri', cidr: '10.30.0.0/16' },
      { name: 'matsumoto', cidr: '10.31.0.0/16', accountId: '222222222222', transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
    ],
    availabilityZones: AZS,
    dnsFirewall: { managedDomainListIds: MANAGED_DOMAIN_LIST_IDS, blockedDomains: ['bad.example.com', '*.evil.example'] },
    firewall: { allowedDomains: ['.lg.jp', 'www.pref.nagano.lg.jp', '.windowsupdate.com'] },
    notificationEmails: ['soc@pref.nagano.example'],
    ...overrides,
  };
}

/** A stack in Tokyo holding one security cloud. */
export function securityCloudStack(
  props: SecurityCloudProps = securityCloudProps(),
  stackProps: StackProps = { env: TOKYO },
): {
  app: App;
  stack: Stack;
  cloud: SecurityCloud;
} {
  const app = new App();
  const stack = new Stack(app, 'NaganoSecurityCloud', stackProps);
  const cloud = new SecurityCloud(stack, 'SecurityCloud', props);
  return { app, stack, cloud };
}

/** Synthesizes once: the stack's template and the CloudFormation schema findings of the app. */
export function synthesize(app: App, stack: Stack): { template: Template; schemaFindings: string[] } {
  const assembly = app.synth();
  const template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  return { template, schemaFindings: schemaFindings(assembly) };
}

/** What aws-cdk-lib's CloudFormation schema validation reported for a synthesized assembly. */
export function schemaFindings(assembly: CloudAssembly): string[] {
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  const findings: string[] = [];
  for (const plugin of report.pluginReports ?? []) {
    if (plugin.pluginName !== 'CloudFormation Validate') continue;
    for (const violation of plugin.violations ?? []) {
      findings.push(`${violation.ruleName} ${violation.severity}: ${violation.description}`);
    }
  }
  return findings;
}

/**
 * Adds our rule pack to the app; after synth, `results()` gives every rule result that is not
 * compliant or not applicable, and the number of results recorded.
 */
export function withLgsecChecks(app: App): () => { findings: string[]; recorded: number } {
  let run: CheckRun | undefined;
  Validations.of(app).addPlugins(
    new LgsecChecks(app, {
      reporter: {
        report: (completed) => {
          run = completed;
        },
      },
    }),
  );
  return () => {
    if (!run) throw new Error('the lgsec pack did not run; synthesize the app first');
    return {
      findings: run.results
        .filter((r) => r.status !== 'compliant' && r.status !== 'not-applicable')
        .map((r) => `${r.ruleId} ${r.status} ${r.logicalId}: ${r.message ?? ''}`),
      recorded: run.results.length,
    };
  };
}

/** AwsSolutions findings on a stack (cdk-nag v3, acknowledgments applied). */
export function awsSolutionsFindings(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`);
}
