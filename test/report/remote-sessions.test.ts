import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import Ajv from 'ajv';
import { LogArchiveReference } from '../../lib/audit/cross-account';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA } from '../../lib/report';
import { buildInventory } from '../../lib/report/inventory';
import { TemplateModel } from '../../lib/template/template-model';
import { InternetBrowserIsolation } from '../../lib/terminals/internet-browser-isolation';
import { MyNumberTerminals } from '../../lib/terminals/my-number-terminals';
import { InternetZone } from '../../lib/zones/internet-zone';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { buildRun } from './fixtures';

const ENV = { account: '111111111111', region: 'ap-northeast-1' };
const PRINT_REASON = 'Staff print public notices of the prefecture for the counter.';

/** My Number terminals and a remote browser with printing allowed, synthesized as deployed. */
function deployedTemplates() {
  const app = new App();
  const myNumberStack = new Stack(app, 'MyNumber', { env: ENV });
  new MyNumberTerminals(myNumberStack, 'Terminals', {
    zone: new MyNumberZone(myNumberStack, 'Zone', { cidr: '10.10.0.0/16' }),
    imageName: 'mynumber-desktop',
    samlProvider: iam.SamlProvider.fromSamlProviderArn(myNumberStack, 'Idp', 'arn:aws:iam::111111111111:saml-provider/idp'),
    mfaEvidence: { values: ['https://refeds.org/profile/mfa'] },
  });
  const internetStack = new Stack(app, 'Internet', { env: ENV });
  new InternetBrowserIsolation(internetStack, 'Browser', {
    zone: new InternetZone(internetStack, 'Zone', {
      cidr: '10.130.0.0/16',
      securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
    }),
    identityProvider: { metadataUrl: 'https://idp.example.jp/saml/metadata' },
    allowedSourceCidrs: ['203.0.113.0/28'],
    logArchive: LogArchiveReference.fromAttributes(internetStack, 'LogArchive', {
      bucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
      encryptionKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555',
      configBucketName: 'lgsec-config-222222222222-ap-northeast-1',
    }),
    allowTransfers: { print: PRINT_REASON },
  });
  return [
    { name: 'MyNumber', account: ENV.account, template: Template.fromStack(myNumberStack).toJSON() },
    { name: 'Internet', account: ENV.account, template: Template.fromStack(internetStack).toJSON() },
    {
      name: 'HandWritten',
      template: {
        Resources: { Desktops: { Type: 'AWS::AppStream::Stack', Properties: { Name: 'desktops' } } },
      },
    },
  ];
}

describe('report inventory: terminals and remote browsers', () => {
  const model = new TemplateModel(deployedTemplates());
  const sessions = buildInventory(model).remoteSessions!;

  test('each desktop and browser with its zone, the paths left open, the reasons recorded and how users reach it', () => {
    const byTemplate = Object.fromEntries(sessions.map((s) => [s.template, s]));
    expect(byTemplate['MyNumber']).toMatchObject({ kind: 'appstream-stack', zone: 'mynumber', openPaths: [], reasons: {} });
    expect(byTemplate['MyNumber'].access).toEqual([expect.stringMatching(/^streaming endpoint /)]);
    expect(byTemplate['Internet']).toMatchObject({
      kind: 'workspaces-web-portal',
      zone: 'internet',
      openPaths: ['print'],
      reasons: { PrintAllowed: PRINT_REASON },
      access: ['source 203.0.113.0/28'],
    });
    // What the template does not close is open: AppStream's default.
    expect(byTemplate['HandWritten']).toMatchObject({
      openPaths: ['copy-to-device', 'paste-from-device', 'download', 'upload', 'print'],
      access: ['public streaming URL (no access endpoint)'],
    });
  });

  test('rendered in Japanese and English, and the JSON is valid', () => {
    const ja = renderReport(buildReportDocument({ run: buildRun(), model }), 'html');
    expect(ja).toContain('端末とリモートブラウザ');
    expect(ja).toContain('すべて閉鎖');
    expect(ja).toContain('端末での印刷');
    const en = renderReport(buildReportDocument({ run: buildRun(), model }, { lang: 'en' }), 'md');
    expect(en).toContain('### Terminals and remote browsers');
    expect(en).toContain('copy to the device, paste from the device, download, upload, print');
    const json = JSON.parse(renderReport(buildReportDocument({ run: buildRun(), model }), 'json'));
    const validate = new Ajv({ allErrors: true }).compile(REPORT_JSON_SCHEMA);
    expect({ valid: validate(json), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
  });
});
