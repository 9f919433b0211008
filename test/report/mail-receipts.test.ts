import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import Ajv from 'ajv';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA } from '../../lib/report';
import { buildInventory } from '../../lib/report/inventory';
import { SanitizingMailGateway } from '../../lib/sanitization/mail/sanitizing-mail-gateway';
import { SanitizingTransferWriter } from '../../lib/sanitization/transfer/sanitizing-transfer';
import { TemplateModel } from '../../lib/template/template-model';
import { InternetZone } from '../../lib/zones/internet-zone';
import { buildRun } from './fixtures';

const ENV = { account: '666666666666', region: 'ap-northeast-1' };

/** The gateway as deployed in an internet account, and a hand-written receipt rule that skips the sanitizer. */
function templates() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Internet', { env: ENV });
  const internetZone = new InternetZone(stack, 'Zone', {
    cidr: '10.130.0.0/16',
    securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
  });
  new SanitizingMailGateway(stack, 'MailGateway', {
    internetZone,
    domain: 'city.shiojiri.lg.jp',
    transfer: new SanitizingTransferWriter(stack, 'TransferWriter', { internetZone, lgwanAccountId: '555555555555' }),
    s3PrefixListId: 'pl-61a54008',
    alarmEmails: ['soc@example.jp'],
  });
  return [
    { name: 'Internet', account: ENV.account, region: ENV.region, template: Template.fromStack(stack).toJSON() },
    {
      name: 'HandWritten',
      region: 'ap-northeast-1',
      template: {
        Resources: {
          Lgwan: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'lgsec:zone', Value: 'lgwan' }] } },
          Rule: {
            Type: 'AWS::SES::ReceiptRule',
            Properties: {
              RuleSetName: 'mail',
              Rule: { Recipients: ['city.example.lg.jp'], Actions: [{ S3Action: { BucketName: { Ref: 'Lgwan' } } }] },
            },
          },
        },
      },
    },
  ];
}

describe('report inventory: the mail path', () => {
  const model = new TemplateModel(templates());
  const receipts = buildInventory(model).mailReceipts!;

  test('each receipt with its domain, region, TLS, scanning and where messages go', () => {
    const byTemplate = Object.fromEntries(receipts.map((r) => [r.template, r]));
    expect(byTemplate.Internet).toMatchObject({
      kind: 'ses-receipt-rule',
      recipients: ['city.shiojiri.lg.jp'],
      region: 'ap-northeast-1',
      account: ENV.account,
      tls: 'required',
      scanning: 'on',
    });
    expect(byTemplate.Internet.deliversTo).toEqual([
      expect.stringMatching(/^S3 MailGateway\w+\/[\w/-]*, internet zone$/),
      expect.stringMatching(/^Lambda MailGateway\w+$/),
    ]);
    // Written by hand: TLS and scanning left at SES's defaults, raw mail into an LGWAN bucket.
    expect(byTemplate.HandWritten).toMatchObject({ tls: 'optional', scanning: 'off', deliversTo: ['S3 Lgwan, lgwan zone'] });
  });

  test('the report shows the mail path in both languages and its JSON follows the schema', () => {
    const run = buildRun();
    for (const lang of ['ja', 'en'] as const) {
      const doc = buildReportDocument({ run, model }, { lang });
      const html = renderReport(doc, 'html');
      expect(html).toContain(lang === 'ja' ? 'メール受信（メール無害化）' : 'Mail receipt (メール無害化)');
      expect(html).toContain(lang === 'ja' ? '必須' : 'required');
      expect(renderReport(doc, 'md')).toContain('city.shiojiri.lg.jp');
      const validate = new Ajv({ allErrors: true }).compile(REPORT_JSON_SCHEMA);
      expect(validate(JSON.parse(renderReport(doc, 'json')))).toBe(true);
    }
  });
});
