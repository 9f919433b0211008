import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LgsecChecks } from '../../../lib/lgsec-checks';
import { CheckRun } from '../../../rules/results';
import { SanitizingTransfer, SanitizingTransferProps } from '../../../lib/sanitization/transfer/sanitizing-transfer';
import { InternetZone } from '../../../lib/zones/internet-zone';
import { LgwanConnection, LgwanZone } from '../../../lib/zones/lgwan-zone';

export const TOKYO = { account: '111111111111', region: 'ap-northeast-1' };

/** The reference layout: one stack per zone, the transfer in the LGWAN zone's stack. */
export function transferApp(props: Partial<SanitizingTransferProps> = {}, options: { build?: boolean; bundle?: boolean } = {}) {
  // Without bundling, a sanitizerEntry's code asset is a placeholder: for tests about anything else. (The
  // built-in handler is prebuilt: its code is the same either way.)
  const app = new App(options.bundle === false ? { context: { 'aws:cdk:bundling-stacks': [] } } : {});
  const internetStack = new Stack(app, 'InternetZone', { env: TOKYO });
  const lgwanStack = new Stack(app, 'LgwanZone', { env: TOKYO });
  const internetZone = new InternetZone(internetStack, 'Zone', {
    cidr: '10.130.0.0/16',
    securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
  });
  const lgwanZone = new LgwanZone(lgwanStack, 'Zone', {
    cidr: '10.120.0.0/16',
    connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.10' }),
    lgwanPrefixes: ['172.16.0.0/12'],
    notificationEmails: ['soc@example.jp'],
  });
  const build = () =>
    new SanitizingTransfer(lgwanStack, 'Transfer', {
      internetZone,
      lgwanZone,
      s3PrefixListId: 'pl-61a54008',
      alarmEmails: ['soc@example.jp'],
      ...props,
    });
  const transfer = options.build === false ? undefined : build();
  return { app, internetStack, lgwanStack, internetZone, lgwanZone, transfer: transfer!, build };
}

/** Synthesizes once: both templates and the CloudFormation schema findings of the app. */
export function synthesize(app: App, stacks: Stack[]): { templates: Template[]; schemaFindings: string[] } {
  const assembly = app.synth();
  const templates = stacks.map((stack) => Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template));
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : {};
  const schemaFindings: string[] = [];
  for (const plugin of report.pluginReports ?? []) {
    if (plugin.pluginName !== 'CloudFormation Validate') continue;
    for (const violation of plugin.violations ?? []) {
      schemaFindings.push(`${violation.ruleName} ${violation.severity}: ${violation.description}`);
    }
  }
  return { templates, schemaFindings };
}

/** Error-level findings of the lgsec pack on the whole app, and the run with every result. */
export function lgsecFindings(app: App): { errors: string[]; run: CheckRun } {
  const pack = new LgsecChecks();
  const report = pack.validateScope(app);
  const errors = report.violations
    .filter((v) => v.severity === 'error')
    .map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}: ${v.description}`);
  return { errors, run: pack.lastRun! };
}

/** AwsSolutions findings on a stack (cdk-nag v3, acknowledgments applied). */
export function awsSolutionsFindings(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`);
}
