import { App, Stack } from 'aws-cdk-lib';
import { LogArchiveReference } from '../../lib/audit/cross-account';
import { InternetBrowserIsolation, InternetBrowserIsolationProps } from '../../lib/terminals/internet-browser-isolation';
import { InternetZone } from '../../lib/zones/internet-zone';
import { Checked, checkApp, checkPlain, getAtt, ref, template, zoneVpc } from '../rules/harness';

const NO_TRANSFER = 'LGSEC-INTERNET-BROWSER-NO-TRANSFER';
const IP_RESTRICTED = 'LGSEC-INTERNET-BROWSER-IP-RESTRICTED';
const IN_VPC = 'LGSEC-BROWSER-PORTAL-IN-VPC';
const REASON = 'Printing maps of evacuation routes for the front desk';

const disabled = {
  CopyAllowed: 'Disabled',
  PasteAllowed: 'Disabled',
  DownloadAllowed: 'Disabled',
  UploadAllowed: 'Disabled',
  PrintAllowed: 'Disabled',
};
const appStream = (
  permission: string,
  actions = [
    'CLIPBOARD_COPY_TO_LOCAL_DEVICE',
    'CLIPBOARD_COPY_FROM_LOCAL_DEVICE',
    'FILE_DOWNLOAD',
    'FILE_UPLOAD',
    'PRINTING_TO_LOCAL_DEVICE',
  ],
) => actions.map((Action) => ({ Action, Permission: permission }));

/** A portal in `vpc` using user settings `settings` and IP access settings `ip` (when given). */
function portal(id: string, vpc: string, settings: string, ip?: string): Record<string, unknown> {
  return {
    [`${id}Network`]: {
      Type: 'AWS::WorkSpacesWeb::NetworkSettings',
      Properties: { VpcId: ref(vpc), SubnetIds: [ref(`${vpc}SubnetA`), ref(`${vpc}SubnetC`)], SecurityGroupIds: ['sg-0123456789abcdef0'] },
    },
    [id]: {
      Type: 'AWS::WorkSpacesWeb::Portal',
      Properties: {
        NetworkSettingsArn: getAtt(`${id}Network`, 'NetworkSettingsArn'),
        UserSettingsArn: getAtt(settings, 'UserSettingsArn'),
        ...(ip ? { IpAccessSettingsArn: getAtt(ip, 'IpAccessSettingsArn') } : {}),
      },
    },
  };
}

const ipSettings = (...ranges: string[]) => ({
  Type: 'AWS::WorkSpacesWeb::IpAccessSettings',
  Properties: { IpRules: ranges.map((IpRange) => ({ IpRange })) },
});

describe('remote browser rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template({
        ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
        ...zoneVpc('LgVpc', 'lgwan', '10.2.0.0/16'),
        Closed: { Type: 'AWS::WorkSpacesWeb::UserSettings', Properties: disabled },
        Open: {
          Type: 'AWS::WorkSpacesWeb::UserSettings',
          Properties: { ...disabled, DownloadAllowed: 'Enabled', PasteAllowed: 'Enabled' },
        },
        Reasoned: {
          Type: 'AWS::WorkSpacesWeb::UserSettings',
          Properties: { ...disabled, PrintAllowed: 'Enabled' },
          Metadata: { 'lgsec:transferReasons': { PrintAllowed: REASON } },
        },
        ShortReason: {
          Type: 'AWS::WorkSpacesWeb::UserSettings',
          Properties: { ...disabled, PrintAllowed: 'Enabled' },
          Metadata: { 'lgsec:transferReasons': { PrintAllowed: 'needed' } },
        },
        LgwanSettings: { Type: 'AWS::WorkSpacesWeb::UserSettings', Properties: { ...disabled, UploadAllowed: 'Enabled' } },
        LgwanEgress: ipSettings('203.0.113.0/28'),
        World: ipSettings('203.0.113.0/28', '0.0.0.0/0'),
        TwoHalves: ipSettings('0.0.0.0/1', '128.0.0.0/1'),
        AnyIpv6: ipSettings('203.0.113.0/28', '::/0'),
        Lowercase: { Type: 'AWS::WorkSpacesWeb::UserSettings', Properties: { ...disabled, CopyAllowed: 'disabled' } },
        OtherReason: {
          Type: 'AWS::WorkSpacesWeb::UserSettings',
          Properties: { ...disabled, UploadAllowed: 'Enabled' },
          Metadata: { 'lgsec:transferReasons': { PrintAllowed: REASON } },
        },
        ...portal('HalvesPortal', 'NetVpc', 'Lowercase', 'TwoHalves'),
        ...portal('Ipv6Portal', 'NetVpc', 'OtherReason', 'AnyIpv6'),
        NoVpcSettings: { Type: 'AWS::WorkSpacesWeb::UserSettings', Properties: { ...disabled, DownloadAllowed: 'Enabled' } },
        NoVpcPortal: { Type: 'AWS::WorkSpacesWeb::Portal', Properties: { UserSettingsArn: getAtt('NoVpcSettings', 'UserSettingsArn') } },
        ...portal('ClosedPortal', 'NetVpc', 'Closed', 'LgwanEgress'),
        ...portal('OpenPortal', 'NetVpc', 'Open', 'World'),
        ...portal('ReasonedPortal', 'NetVpc', 'Reasoned'),
        ...portal('ShortReasonPortal', 'NetVpc', 'ShortReason', 'LgwanEgress'),
        ...portal('LgwanPortal', 'LgVpc', 'LgwanSettings'),
        AppFleet: {
          Type: 'AWS::AppStream::Fleet',
          Properties: { Name: 'f', InstanceType: 'stream.standard.small', VpcConfig: { SubnetIds: [ref('NetVpcSubnetA')] } },
        },
        AppOpen: { Type: 'AWS::AppStream::Stack', Properties: { Name: 'open', UserSettings: appStream('DISABLED', ['FILE_DOWNLOAD']) } },
        AppClosed: { Type: 'AWS::AppStream::Stack', Properties: { Name: 'closed', UserSettings: appStream('DISABLED') } },
        AppOpenLink: {
          Type: 'AWS::AppStream::StackFleetAssociation',
          Properties: { FleetName: ref('AppFleet'), StackName: ref('AppOpen') },
        },
        AppClosedLink: {
          Type: 'AWS::AppStream::StackFleetAssociation',
          Properties: { FleetName: ref('AppFleet'), StackName: ref('AppClosed') },
        },
        AppNowhere: { Type: 'AWS::AppStream::Stack', Properties: { Name: 'nowhere' } },
      }),
    );
  });

  test('user settings of an internet-zone portal that allow a transfer without a reason fail, naming each', () => {
    expect(checked.status(NO_TRANSFER, 'Open')).toBe('error');
    expect(checked.message(NO_TRANSFER, 'Open')).toContain('PasteAllowed is Enabled with no reason in lgsec:transferReasons');
    expect(checked.message(NO_TRANSFER, 'Open')).toContain('DownloadAllowed is Enabled');
    expect(checked.message(NO_TRANSFER, 'Open')).not.toContain('CopyAllowed');
  });

  test('a reason shorter than 20 characters is no reason', () => {
    expect(checked.status(NO_TRANSFER, 'ShortReason')).toBe('error');
    expect(checked.message(NO_TRANSFER, 'ShortReason')).toContain('PrintAllowed is Enabled');
  });

  test('user settings that disable every transfer, or record why one is allowed, pass', () => {
    expect(checked.status(NO_TRANSFER, 'Closed')).toBe('compliant');
    expect(checked.status(NO_TRANSFER, 'Reasoned')).toBe('compliant');
  });

  test('an AppStream stack whose fleet is in the internet zone must disable the five actions; one in no zone is not judged', () => {
    expect(checked.status(NO_TRANSFER, 'AppOpen')).toBe('error');
    expect(checked.message(NO_TRANSFER, 'AppOpen')).toContain('FILE_UPLOAD is not set (enabled by default)');
    expect(checked.message(NO_TRANSFER, 'AppOpen')).not.toContain('FILE_DOWNLOAD');
    expect(checked.status(NO_TRANSFER, 'AppClosed')).toBe('compliant');
    expect(checked.status(NO_TRANSFER, 'AppNowhere')).toBe('not-applicable');
  });

  test('a remote browser outside the internet zone is not judged by the internet rules', () => {
    expect(checked.status(NO_TRANSFER, 'LgwanSettings')).toBe('not-applicable');
    expect(checked.status(IP_RESTRICTED, 'LgwanPortal')).toBe('not-applicable');
  });

  test('an internet-zone portal without IP access settings, or admitting 0.0.0.0/0, fails', () => {
    expect(checked.status(IP_RESTRICTED, 'ReasonedPortal')).toBe('error');
    expect(checked.message(IP_RESTRICTED, 'ReasonedPortal')).toContain('IpAccessSettingsArn is not set');
    expect(checked.status(IP_RESTRICTED, 'OpenPortal')).toBe('error');
    expect(checked.message(IP_RESTRICTED, 'OpenPortal')).toContain("IpRange '0.0.0.0/0' admits a /0");
  });

  test('traps: two /1 halves, ::/0, a lowercase value, a reason recorded for another setting', () => {
    expect(checked.message(IP_RESTRICTED, 'HalvesPortal')).toContain("IpRange '0.0.0.0/1' admits a /1");
    expect(checked.message(IP_RESTRICTED, 'HalvesPortal')).toContain("IpRange '128.0.0.0/1' admits a /1");
    expect(checked.message(IP_RESTRICTED, 'Ipv6Portal')).toContain("IpRange '::/0' admits a /0");
    expect(checked.message(NO_TRANSFER, 'Lowercase')).toContain('CopyAllowed is disabled with no reason');
    expect(checked.message(NO_TRANSFER, 'OtherReason')).toContain('UploadAllowed is Enabled with no reason');
  });

  test('a portal without network settings fails: it browses outside any zone', () => {
    expect(checked.status(IN_VPC, 'NoVpcPortal')).toBe('error');
    expect(checked.message(IN_VPC, 'NoVpcPortal')).toContain('NetworkSettingsArn is not set');
    expect(checked.status(IN_VPC, 'ClosedPortal')).toBe('compliant');
    expect(checked.status(IN_VPC, 'LgwanPortal')).toBe('compliant');
  });

  test("a portal admitting only the LGWAN side's egress passes", () => {
    expect(checked.status(IP_RESTRICTED, 'ClosedPortal')).toBe('compliant');
  });
});

describe('remote browser rules on IP access settings outside the template', () => {
  test('IP access settings named by a parameter are a warning that says so, not a pass', () => {
    const withParameter = checkPlain(
      template(
        {
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          Settings: { Type: 'AWS::WorkSpacesWeb::UserSettings', Properties: disabled },
          PortalNetwork: {
            Type: 'AWS::WorkSpacesWeb::NetworkSettings',
            Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetA')], SecurityGroupIds: ['sg-0123456789abcdef0'] },
          },
          Portal: {
            Type: 'AWS::WorkSpacesWeb::Portal',
            Properties: {
              NetworkSettingsArn: getAtt('PortalNetwork', 'NetworkSettingsArn'),
              UserSettingsArn: getAtt('Settings', 'UserSettingsArn'),
              IpAccessSettingsArn: ref('IpSettingsArn'),
            },
          },
        },
        { Parameters: { IpSettingsArn: { Type: 'String' } } },
      ),
    );
    expect(withParameter.status(IP_RESTRICTED, 'Portal')).toBe('warning');
    expect(withParameter.message(IP_RESTRICTED, 'Portal')).toContain(
      'Cannot verify: IpAccessSettingsArn leads to IP access settings outside',
    );
  });
});

describe('remote browser rules on InternetBrowserIsolation', () => {
  function browserApp(props: Partial<InternetBrowserIsolationProps> = {}) {
    const app = new App();
    const stack = new Stack(app, 'InternetZone', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    const zone = new InternetZone(stack, 'Zone', {
      cidr: '10.130.0.0/16',
      securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
    });
    const logArchive = LogArchiveReference.fromAttributes(stack, 'LogArchive', {
      bucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
      encryptionKeyArn: 'arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555',
      configBucketName: 'lgsec-config-222222222222-ap-northeast-1',
    });
    const browser = new InternetBrowserIsolation(stack, 'Browser', {
      zone,
      identityProvider: { metadataUrl: 'https://idp.city.example.jp/saml/metadata' },
      allowedSourceCidrs: ['203.0.113.0/28'],
      logArchive,
      ...props,
    });
    const id = (construct: { node: { defaultChild?: unknown } } | import('aws-cdk-lib').CfnElement) =>
      stack.getLogicalId(construct as import('aws-cdk-lib').CfnElement);
    return { app, stack, browser, id };
  }

  test('the defaults pass both rules', () => {
    const { app, browser, id } = browserApp();
    const checked = checkApp(app);
    expect(checked.status(NO_TRANSFER, id(browser.userSettings))).toBe('compliant');
    expect(checked.status(IP_RESTRICTED, id(browser.portal))).toBe('compliant');
    expect(checked.status(IN_VPC, id(browser.portal))).toBe('compliant');
  });

  test('a transfer allowed with a reason passes: the rule reads the reason the construct records', () => {
    const { app, browser, id } = browserApp({ allowTransfers: { print: REASON } });
    expect(checkApp(app).status(NO_TRANSFER, id(browser.userSettings))).toBe('compliant');
  });

  test('escape hatches that enable download, detach the IP access settings or the network settings, fail', () => {
    const { app, browser, id } = browserApp();
    browser.userSettings.downloadAllowed = 'Enabled';
    browser.portal.ipAccessSettingsArn = undefined;
    browser.portal.networkSettingsArn = undefined;
    const checked = checkApp(app);
    expect(checked.status(NO_TRANSFER, id(browser.userSettings))).toBe('error');
    // Without network settings the portal is judged by the zone tag the construct gave it.
    expect(checked.status(IP_RESTRICTED, id(browser.portal))).toBe('error');
    expect(checked.status(IN_VPC, id(browser.portal))).toBe('error');
  });
});
