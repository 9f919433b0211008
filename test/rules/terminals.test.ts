import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MyNumberTerminals } from '../../lib/terminals/my-number-terminals';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { Checked, checkApp, checkPlain, ref, tags, template, zoneVpc } from './harness';

const FLEET = 'LGSEC-MYNUMBER-TERMINAL-FLEET-CLOSED';
const STREAMING = 'LGSEC-MYNUMBER-TERMINAL-PRIVATE-STREAMING';
const myTag = tags({ 'lgsec:zone': 'mynumber' });
const disabled = ['CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'FILE_DOWNLOAD', 'PRINTING_TO_LOCAL_DEVICE'].map((Action) => ({
  Action,
  Permission: 'DISABLED',
}));
const fleet = (props: Record<string, unknown>) => ({
  Type: 'AWS::AppStream::Fleet',
  Properties: { InstanceType: 'stream.standard.small', Name: 'f', ...props },
});
const endpoint = (vpc: string) => ({
  Type: 'AWS::EC2::VPCEndpoint',
  Properties: {
    VpcId: ref(vpc),
    ServiceName: 'com.amazonaws.ap-northeast-1.appstream.streaming',
    VpcEndpointType: 'Interface',
    SubnetIds: [ref(`${vpc}SubnetA`)],
  },
});
const stack = (name: string, props: Record<string, unknown> = {}) => ({
  Type: 'AWS::AppStream::Stack',
  Properties: { Name: name, UserSettings: disabled, ...props },
});
const link = (fleetId: string, stackId: string) => ({
  Type: 'AWS::AppStream::StackFleetAssociation',
  Properties: { FleetName: ref(fleetId), StackName: ref(stackId) },
});

describe('My Number terminal rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template(
        {
          ...zoneVpc('MyVpc', 'mynumber', '10.1.0.0/16'),
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          MyStreaming: endpoint('MyVpc'),
          NetStreaming: endpoint('NetVpc'),
          ClosedFleet: fleet({ EnableDefaultInternetAccess: false, VpcConfig: { SubnetIds: [ref('MyVpcSubnetA')] } }),
          InternetFleet: fleet({ EnableDefaultInternetAccess: true, VpcConfig: { SubnetIds: [ref('MyVpcSubnetA')] } }),
          TaggedFleetWithoutVpc: fleet({ Tags: myTag }),
          LinkedFleetWithoutVpc: fleet({}),
          UnknownInternetFleet: fleet({
            EnableDefaultInternetAccess: ref('InternetParam'),
            VpcConfig: { SubnetIds: [ref('MyVpcSubnetA')] },
          }),
          OtherZoneFleet: fleet({ EnableDefaultInternetAccess: true, VpcConfig: { SubnetIds: [ref('NetVpcSubnetA')] } }),
          Builder: {
            Type: 'AWS::AppStream::ImageBuilder',
            Properties: {
              InstanceType: 'stream.standard.small',
              Name: 'b',
              EnableDefaultInternetAccess: true,
              VpcConfig: { SubnetIds: [ref('MyVpcSubnetA')] },
            },
          },
          PrivateStack: stack('private', { AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: ref('MyStreaming') }] }),
          PrivateLink: link('ClosedFleet', 'PrivateStack'),
          PublicStack: stack('public'),
          PublicLink: link('InternetFleet', 'PublicStack'),
          ElsewhereStack: stack('elsewhere', {
            Tags: myTag,
            AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: ref('NetStreaming') }],
          }),
          LiteralStack: stack('literal', { Tags: myTag, AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: 'vpce-0abc' }] }),
          TaggedStack: stack('tagged', { Tags: myTag }),
          TaggedLink: link('LinkedFleetWithoutVpc', 'TaggedStack'),
          InternetZoneStack: stack('internet'),
          InternetZoneLink: link('OtherZoneFleet', 'InternetZoneStack'),
        },
        { Parameters: { InternetParam: { Type: 'String', AllowedValues: ['true', 'false'] } } },
      ),
    );
  });

  test(`${FLEET} fails a fleet or image builder with default internet access or outside the VPC`, () => {
    expect(checked.status(FLEET, 'ClosedFleet')).toBe('compliant');
    expect(checked.message(FLEET, 'InternetFleet')).toMatch(/EnableDefaultInternetAccess is true/);
    expect(checked.message(FLEET, 'Builder')).toMatch(/EnableDefaultInternetAccess is true/);
    expect(checked.message(FLEET, 'TaggedFleetWithoutVpc')).toMatch(/VpcConfig.SubnetIds is not set/);
    // No VPC and no tag of its own: the zone comes from the My Number stack it streams for.
    expect(checked.message(FLEET, 'LinkedFleetWithoutVpc')).toMatch(/VpcConfig.SubnetIds is not set/);
    expect(checked.status(FLEET, 'OtherZoneFleet')).toBe('not-applicable');
  });

  test(`${FLEET} does not guess a setting that comes from a parameter without a default`, () => {
    expect(['warning', 'error']).toContain(checked.status(FLEET, 'UnknownInternetFleet'));
    expect(checked.message(FLEET, 'UnknownInternetFleet')).toMatch(/EnableDefaultInternetAccess/);
  });

  test(`${STREAMING} fails a My Number stack without a STREAMING endpoint in the zone`, () => {
    expect(checked.status(STREAMING, 'PrivateStack')).toBe('compliant');
    expect(checked.message(STREAMING, 'PublicStack')).toMatch(/AccessEndpoints has no STREAMING endpoint/);
    expect(checked.message(STREAMING, 'TaggedStack')).toMatch(/AccessEndpoints has no STREAMING endpoint/);
    expect(checked.message(STREAMING, 'ElsewhereStack')).toMatch(/STREAMING endpoint NetStreaming is in the internet zone/);
    expect(checked.status(STREAMING, 'ElsewhereStack')).toBe('error');
    expect(checked.message(STREAMING, 'LiteralStack')).toMatch(/"vpce-0abc" is not a VPC endpoint of the checked templates/);
    expect(checked.status(STREAMING, 'InternetZoneStack')).toBe('not-applicable');
  });
});

describe('My Number terminal rules on MyNumberTerminals', () => {
  test('the construct passes both rules and the export rule', () => {
    const app = new App();
    const stack = new Stack(app, 'Terminals', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    const zone = new MyNumberZone(stack, 'Zone');
    const provider = iam.SamlProvider.fromSamlProviderArn(stack, 'Idp', 'arn:aws:iam::111111111111:saml-provider/city');
    const terminals = new MyNumberTerminals(stack, 'Desktops', {
      zone,
      imageName: 'mynumber-desktop',
      samlProvider: provider,
      mfaEvidence: { values: ['https://refeds.org/profile/mfa'] },
    });
    const checked = checkApp(app);
    expect(checked.status(FLEET, stack.getLogicalId(terminals.fleet))).toBe('compliant');
    expect(checked.status(STREAMING, stack.getLogicalId(terminals.stack))).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', stack.getLogicalId(terminals.stack))).toBe('compliant');
  });

  test('a fleet opened to the internet and a stack without its endpoint fail', () => {
    const app = new App();
    const stack = new Stack(app, 'Terminals', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    const zone = new MyNumberZone(stack, 'Zone');
    const provider = iam.SamlProvider.fromSamlProviderArn(stack, 'Idp', 'arn:aws:iam::111111111111:saml-provider/city');
    const terminals = new MyNumberTerminals(stack, 'Desktops', {
      zone,
      imageName: 'mynumber-desktop',
      samlProvider: provider,
      mfaEvidence: { values: ['https://refeds.org/profile/mfa'] },
    });
    terminals.fleet.enableDefaultInternetAccess = true;
    terminals.stack.accessEndpoints = undefined;
    const checked = checkApp(app);
    expect(checked.message(FLEET, stack.getLogicalId(terminals.fleet))).toMatch(/EnableDefaultInternetAccess is true/);
    expect(checked.message(STREAMING, stack.getLogicalId(terminals.stack))).toMatch(/no STREAMING endpoint/);
  });
});
