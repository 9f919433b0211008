import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { admitLogWriters, LogArchiveReference } from '../../lib/audit/cross-account';
import { LogArchive } from '../../lib/audit/log-archive';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { TRANSFER_REASONS_METADATA } from '../../lib/policy/remote-browser';
import { InternetBrowserIsolation, InternetBrowserIsolationProps } from '../../lib/terminals/internet-browser-isolation';
import { InternetZone } from '../../lib/zones/internet-zone';
import { checkedApp, validationViolations } from '../storage/helpers';

const TOKYO = { account: '111111111111', region: 'ap-northeast-1' };
const IDP = { metadataUrl: 'https://idp.city.example.jp/saml/metadata' };
const LGWAN_EGRESS = ['203.0.113.0/28'];

/** The internet zone's stack with a remote browser; the log archive in another account, by name. */
function browserStack(props: Partial<InternetBrowserIsolationProps> = {}, app: App = new App()) {
  const stack = new Stack(app, 'InternetZone', { env: TOKYO });
  const zone = new InternetZone(stack, 'Zone', {
    cidr: '10.130.0.0/16',
    securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
  });
  const logArchive = LogArchiveReference.fromAttributes(stack, 'LogArchive', {
    bucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
    encryptionKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555',
    configBucketName: 'lgsec-config-222222222222-ap-northeast-1',
  });
  const build = (extra: Partial<InternetBrowserIsolationProps> = {}) =>
    new InternetBrowserIsolation(stack, 'Browser', {
      zone,
      identityProvider: IDP,
      allowedSourceCidrs: LGWAN_EGRESS,
      logArchive,
      ...props,
      ...extra,
    });
  return { app, stack, zone, logArchive, build };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('InternetBrowserIsolation with its defaults', () => {
  let template: Template;
  let violations: string[];
  let lgsecErrors: string[];

  beforeAll(() => {
    const { app, outdir } = checkedApp();
    const { stack, build } = browserStack({}, app);
    build();
    const pack = new LgsecChecks();
    app.synth();
    violations = validationViolations(outdir);
    lgsecErrors = pack
      .validateScope(app)
      .violations.filter((v) => v.severity === 'error')
      .map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}: ${v.description}`);
    template = Template.fromStack(stack);
  });

  test('synthesizes with no AwsSolutions finding, no CloudFormation schema warning and no lgsec error', () => {
    expect(violations).toEqual([]);
    expect(lgsecErrors).toEqual([]);
  });

  test('copy, paste, download, upload and print are disabled, with no recorded reason', () => {
    template.hasResourceProperties('AWS::WorkSpacesWeb::UserSettings', {
      CopyAllowed: 'Disabled',
      PasteAllowed: 'Disabled',
      DownloadAllowed: 'Disabled',
      UploadAllowed: 'Disabled',
      PrintAllowed: 'Disabled',
    });
    const [settings] = Object.values(template.findResources('AWS::WorkSpacesWeb::UserSettings'));
    expect(settings.Metadata?.[TRANSFER_REASONS_METADATA]).toBeUndefined();
  });

  test('sessions disconnect after 15 idle minutes and end 15 minutes after a disconnect', () => {
    template.hasResourceProperties('AWS::WorkSpacesWeb::UserSettings', {
      IdleDisconnectTimeoutInMinutes: 15,
      DisconnectTimeoutInMinutes: 15,
    });
  });

  test("the browsers run in the internet zone's workload subnets, egress only HTTP(S) anywhere and DNS in the VPC, no ingress", () => {
    const subnets = template.findResources('AWS::EC2::Subnet', {
      Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Workload' }]) },
    });
    expect(Object.keys(subnets)).toHaveLength(2);
    template.hasResourceProperties('AWS::WorkSpacesWeb::NetworkSettings', {
      SubnetIds: Match.arrayEquals(Object.keys(subnets).map((id) => ({ Ref: id }))),
      VpcId: { Ref: Match.stringLikeRegexp('^ZoneVpc') },
    });
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('remote browsers') },
    });
    const [group] = Object.values(groups);
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    const egress = (group.Properties.SecurityGroupEgress as Array<Record<string, unknown>>).map(
      (rule) => `${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} ${rule.CidrIp}`,
    );
    expect(egress.sort()).toEqual(['tcp 443-443 0.0.0.0/0', 'tcp 53-53 10.130.0.0/16', 'tcp 80-80 0.0.0.0/0', 'udp 53-53 10.130.0.0/16']);
  });

  test('the portal admits only the given source addresses, and signs in through the SAML identity provider', () => {
    template.hasResourceProperties('AWS::WorkSpacesWeb::IpAccessSettings', { IpRules: [{ IpRange: '203.0.113.0/28' }] });
    template.hasResourceProperties('AWS::WorkSpacesWeb::Portal', {
      AuthenticationType: 'Standard',
      IpAccessSettingsArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserIpAccessSettings'), 'IpAccessSettingsArn'] },
      NetworkSettingsArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserNetworkSettings'), 'NetworkSettingsArn'] },
      UserSettingsArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserUserSettings'), 'UserSettingsArn'] },
      BrowserSettingsArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserBrowserSettings'), 'BrowserSettingsArn'] },
      UserAccessLoggingSettingsArn: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserUserAccessLoggingSettings'), 'UserAccessLoggingSettingsArn'],
      },
    });
    template.hasResourceProperties('AWS::WorkSpacesWeb::IdentityProvider', {
      IdentityProviderType: 'SAML',
      IdentityProviderDetails: { MetadataURL: IDP.metadataUrl },
      PortalArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserPortal'), 'PortalArn'] },
    });
  });

  test("the browser policy blocks the browser's own file system", () => {
    const [settings] = Object.values(template.findResources('AWS::WorkSpacesWeb::BrowserSettings'));
    expect(JSON.parse(settings.Properties.BrowserPolicy)).toEqual({ chromePolicies: { URLBlocklist: { value: ['file://*'] } } });
  });

  test('access logs go to a retained amazon-workspaces-web-* stream (AWS managed key, 7 days), delivered under workspaces-web/', () => {
    template.hasResource('AWS::Kinesis::Stream', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: Match.stringLikeRegexp('^amazon-workspaces-web-'),
        RetentionPeriodHours: 168,
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      },
    });
    template.hasResourceProperties('AWS::WorkSpacesWeb::UserAccessLoggingSettings', {
      KinesisStreamArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BrowserAccessLogStream'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: Match.anyValue(),
        Prefix: 'workspaces-web/!{timestamp:yyyy/MM/dd}/',
        EncryptionConfiguration: {
          KMSEncryptionConfig: { AWSKMSKeyARN: 'arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555' },
        },
      }),
    });
    const [delivery] = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'));
    expect(JSON.stringify(delivery.Properties.ExtendedS3DestinationConfiguration.BucketARN)).toContain(
      'lgsec-log-archive-222222222222-ap-northeast-1',
    );
  });
});

describe('InternetBrowserIsolation props', () => {
  test('a transfer allowed with a reason is enabled and its reason recorded on the user settings', () => {
    const { stack, build } = browserStack();
    build({ allowTransfers: { print: 'Printing maps of evacuation routes for the front desk (総務課)' } });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::WorkSpacesWeb::UserSettings', {
      Properties: { PrintAllowed: 'Enabled', CopyAllowed: 'Disabled', DownloadAllowed: 'Disabled' },
      Metadata: { [TRANSFER_REASONS_METADATA]: { PrintAllowed: 'Printing maps of evacuation routes for the front desk (総務課)' } },
    });
  });

  test('the delivery role takes the given name, so that the log archive of another account can admit it', () => {
    const { stack, build } = browserStack();
    build({ deliveryRoleName: 'lgsec-browser-log-delivery' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lgsec-browser-log-delivery',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Principal: { Service: 'firehose.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ],
      }),
    });
  });

  test('an allowlist blocks every other URL', () => {
    const { stack, build } = browserStack();
    build({ allowedUrls: ['https://www.e-gov.go.jp'], blockedUrls: [] });
    const [settings] = Object.values(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::BrowserSettings'));
    expect(JSON.parse(settings.Properties.BrowserPolicy)).toEqual({
      chromePolicies: { URLBlocklist: { value: ['*'] }, URLAllowlist: { value: ['https://www.e-gov.go.jp'] } },
    });
  });

  test('fails once, naming every problem and its fix', () => {
    const { build } = browserStack();
    const message = errorOf(() =>
      build({
        identityProvider: undefined as never,
        allowedSourceCidrs: [],
        allowTransfers: { download: 'needed', upload: 'Uploading application forms residents send by mail' },
        idleTimeout: Duration.minutes(90),
        disconnectTimeout: Duration.seconds(30),
        allowedUrls: ['*'],
        deliveryRoleName: 'lgsec browser delivery',
      }),
    );
    expect(message).toContain("Invalid InternetBrowserIsolation props at 'InternetZone/Browser'");
    expect(message).toContain('identityProvider is required');
    expect(message).toContain('allowedSourceCidrs is empty');
    expect(message).toContain("allowTransfers.download: 'needed' is not a reason");
    expect(message).not.toContain('allowTransfers.upload');
    expect(message).toContain('idleTimeout: 1 hour 30 minutes is not a whole number of minutes from 1 to 60');
    expect(message).toContain('disconnectTimeout: 30 seconds is not a whole number of minutes from 1 to 600');
    expect(message).toContain("allowedUrls: '*' allows every URL");
    expect(message).toContain("deliveryRoleName: 'lgsec browser delivery' is not an IAM role name");
  });

  test('refuses a source block that admits every address, or a large share of the internet', () => {
    const { build } = browserStack();
    const message = errorOf(() => build({ allowedSourceCidrs: ['0.0.0.0/0', '64.0.0.0/2', '203.0.113.0/28'] }));
    expect(message).toContain("allowedSourceCidrs[0]: '0.0.0.0/0' admits every address");
    expect(message).toContain("allowedSourceCidrs[1]: '64.0.0.0/2' is larger than a /8");
    expect(message).not.toContain('allowedSourceCidrs[2]');
  });

  test('needs exactly one kind of SAML metadata, an HTTPS URL', () => {
    expect(errorOf(() => browserStack().build({ identityProvider: {} }))).toContain(
      'give exactly one of metadataUrl and metadataDocument (0 given)',
    );
    expect(errorOf(() => browserStack().build({ identityProvider: { metadataUrl: 'http://idp.example.jp/metadata' } }))).toContain(
      'is not an HTTPS URL',
    );
  });
});

describe('the log archive admits the delivery role', () => {
  test('an archive in the same stack names the delivery role in its bucket and key policies, for its prefixes only', () => {
    const { stack, zone } = browserStack();
    const archive = new LogArchive(stack, 'Archive');
    const browser = new InternetBrowserIsolation(stack, 'SameStackBrowser', {
      zone,
      identityProvider: IDP,
      allowedSourceCidrs: LGWAN_EGRESS,
      logArchive: archive,
    });
    const template = Template.fromStack(stack);
    const role = stack.resolve(browser.deliveryRole.roleArn);
    const bucketPolicy = JSON.stringify(Object.values(template.findResources('AWS::S3::BucketPolicy')));
    expect(bucketPolicy).toContain(JSON.stringify(role));
    expect(bucketPolicy).toContain('/workspaces-web/*');
    expect(bucketPolicy).toContain('/workspaces-web-errors/*');
    const keyPolicy = JSON.stringify(
      Object.values(template.findResources('AWS::KMS::Key')).map((k) => (k as { Properties: { KeyPolicy: unknown } }).Properties.KeyPolicy),
    );
    expect(keyPolicy).toContain(JSON.stringify(role));
  });

  test('admitLogWriters refuses what is not a role ARN or a prefix of its own, naming the value', () => {
    const archive = new LogArchive(new Stack(new App(), 'Archive', { env: TOKYO }), 'Archive');
    expect(() => admitLogWriters(archive, { roleArns: ['arn:aws:iam::111111111111:user/x'], keyPrefixes: ['cloudtrail'] })).toThrow(
      /'arn:aws:iam::111111111111:user\/x' is not an IAM role ARN.*'cloudtrail' is not a prefix of its own/,
    );
    expect(() => admitLogWriters(archive, { roleArns: [], keyPrefixes: [] })).toThrow(/roleArns is empty.*keyPrefixes is empty/);
  });
});
