import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MyNumberTerminals, MyNumberTerminalsProps } from '../../lib/terminals/my-number-terminals';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { checkApp } from '../rules/harness';
import { checkedApp, validationViolations } from '../storage/helpers';

// IAM requires a metadata document of at least 1,000 characters; the certificate is a placeholder.
const METADATA = [
  '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.jp/saml">',
  '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
  '<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>',
  'MIIC'.padEnd(1000, 'A'),
  '</X509Certificate></X509Data></KeyInfo></KeyDescriptor>',
  '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.jp/sso"/>',
  '</IDPSSODescriptor></EntityDescriptor>',
].join('');
const MFA = { values: ['https://refeds.org/profile/mfa'] };

function build(
  props: Partial<MyNumberTerminalsProps> = {},
  app = new App(),
): { stack: Stack; zone: MyNumberZone; terminals: MyNumberTerminals } {
  const stack = new Stack(app, 'MyNumber', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const zone = new MyNumberZone(stack, 'Zone', { cidr: '10.10.0.0/16' });
  const terminals = new MyNumberTerminals(stack, 'Terminals', {
    zone,
    imageName: 'mynumber-desktop-2025-01',
    samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA),
    mfaEvidence: MFA,
    ...props,
  });
  return { stack, zone, terminals };
}

describe('MyNumberTerminals defaults', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(build().stack);
  });

  test('the fleet runs in the zone with no default internet access and IMDSv1 off', () => {
    template.hasResourceProperties('AWS::AppStream::Fleet', {
      EnableDefaultInternetAccess: false,
      DisableIMDSV1: true,
      ImageName: 'mynumber-desktop-2025-01',
      VpcConfig: { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('ZoneVpcWorkload') }]), SecurityGroupIds: Match.anyValue() },
      Tags: Match.arrayWith([{ Key: 'lgsec:zone', Value: 'mynumber' }]),
    });
  });

  test('sessions end: 8 hours at most, 15 idle minutes, 5 minutes after disconnect', () => {
    template.hasResourceProperties('AWS::AppStream::Fleet', {
      MaxUserDurationInSeconds: 28800,
      IdleDisconnectTimeoutInSeconds: 900,
      DisconnectTimeoutInSeconds: 300,
    });
  });

  test('the fleet security group has no ingress and egress only HTTPS into the zone', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('streaming instances') },
    });
    const [group] = Object.values(groups);
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(group.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '10.10.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
    ]);
  });

  test('every export path and, by default, every inbound path is disabled; no settings persistence, no home folders', () => {
    const stacks = template.findResources('AWS::AppStream::Stack');
    const [stack] = Object.values(stacks);
    const settings = Object.fromEntries(
      (stack.Properties.UserSettings as Array<{ Action: string; Permission: string }>).map((s) => [s.Action, s.Permission]),
    );
    expect(settings).toEqual({
      CLIPBOARD_COPY_TO_LOCAL_DEVICE: 'DISABLED',
      FILE_DOWNLOAD: 'DISABLED',
      PRINTING_TO_LOCAL_DEVICE: 'DISABLED',
      CLIPBOARD_COPY_FROM_LOCAL_DEVICE: 'DISABLED',
      FILE_UPLOAD: 'DISABLED',
    });
    expect(stack.Properties.ApplicationSettings).toEqual({ Enabled: false });
    expect(stack.Properties.StorageConnectors ?? []).toEqual([]);
    expect(stack.Metadata?.['lgsec:terminalInboundExceptions']).toBeUndefined();
  });

  test('streaming only through an appstream.streaming interface endpoint in the zone, reachable from the zone only', () => {
    const endpoints = template.findResources('AWS::EC2::VPCEndpoint', {
      Properties: { ServiceName: 'com.amazonaws.ap-northeast-1.appstream.streaming' },
    });
    const [endpointId] = Object.keys(endpoints);
    expect(endpointId).toBeDefined();
    expect(endpoints[endpointId].Properties.VpcId.Ref).toMatch(/^ZoneVpc/);
    expect(endpoints[endpointId].Properties.PolicyDocument).toBeDefined();
    template.hasResourceProperties('AWS::AppStream::Stack', {
      AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: { Ref: endpointId } }],
    });
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('streaming endpoint') },
    });
    const ingress = Object.values(groups)[0].Properties.SecurityGroupIngress as Array<{ CidrIp: string }>;
    expect(ingress.map((rule) => rule.CidrIp)).toEqual(['10.10.0.0/16', '10.10.0.0/16']);
  });

  test('the stack is associated with the fleet', () => {
    template.hasResourceProperties('AWS::AppStream::StackFleetAssociation', {
      FleetName: { Ref: Match.stringLikeRegexp('TerminalsFleet') },
      StackName: { Ref: Match.stringLikeRegexp('TerminalsStack') },
    });
  });

  test('staff federate through SAML with the MFA evidence and may only stream this stack', () => {
    template.resourceCountIs('AWS::IAM::SAMLProvider', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithSAML',
            Effect: 'Allow',
            Principal: { Federated: { Ref: Match.stringLikeRegexp('IdentityProvider') } },
            Condition: {
              StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
              'ForAnyValue:StringEquals': { 'saml:edupersonassurance': ['https://refeds.org/profile/mfa'] },
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'appstream:Stream',
            Effect: 'Allow',
            Condition: { StringEquals: { 'appstream:userId': '${saml:sub}' } },
            Resource: {
              'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':stack/'), { Ref: Match.stringLikeRegexp('TerminalsStack') }])],
            },
          },
        ],
      },
    });
  });
});

describe('MyNumberTerminals options', () => {
  test('an inbound path opens only with its reason, recorded on the stack resource', () => {
    const reason = 'Staff paste the resident number from the counter system';
    const template = Template.fromStack(build({ allowClipboardFromLocalDevice: { reason } }).stack);
    template.hasResource('AWS::AppStream::Stack', {
      Metadata: { 'lgsec:terminalInboundExceptions': { CLIPBOARD_COPY_FROM_LOCAL_DEVICE: reason } },
      Properties: {
        UserSettings: Match.arrayWith([
          { Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'DISABLED' },
          { Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED' },
          { Action: 'FILE_UPLOAD', Permission: 'DISABLED' },
        ]),
      },
    });
  });

  test('an existing SAML provider and streaming endpoint are used as given', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    const zone = new MyNumberZone(stack, 'Zone');
    const provider = iam.SamlProvider.fromSamlProviderArn(stack, 'Idp', 'arn:aws:iam::111111111111:saml-provider/city');
    const endpoint = zone.vpc.addInterfaceEndpoint('Given', {
      service: { name: 'com.amazonaws.ap-northeast-1.appstream.streaming', port: 443 },
    });
    new MyNumberTerminals(stack, 'Terminals', {
      zone,
      imageArn: 'arn:aws:appstream:ap-northeast-1::image/x',
      samlProvider: provider,
      mfaEvidence: MFA,
      streamingEndpoint: endpoint,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::SAMLProvider', 0);
    template.hasResourceProperties('AWS::AppStream::Stack', {
      AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: { Ref: stack.getLogicalId(endpoint.node.defaultChild as never) } }],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/city' } })],
      },
    });
  });

  test('session limits follow the props', () => {
    const template = Template.fromStack(
      build({ maxSessionDuration: Duration.hours(4), idleDisconnectTimeout: Duration.minutes(5), disconnectTimeout: Duration.minutes(1) })
        .stack,
    );
    template.hasResourceProperties('AWS::AppStream::Fleet', {
      MaxUserDurationInSeconds: 14400,
      IdleDisconnectTimeoutInSeconds: 300,
      DisconnectTimeoutInSeconds: 60,
    });
  });
});

describe('MyNumberTerminals validation', () => {
  test('fails without an identity provider, an image or MFA evidence, naming every fix at once', () => {
    expect(() => build({ samlMetadataDocument: undefined, imageName: undefined, mfaEvidence: { values: [] } })).toThrow(
      /no image: give imageName or imageArn[\s\S]*no identity provider: give samlProvider[\s\S]*mfaEvidence.values is empty/,
    );
  });

  test('fails on a short inbound reason and out-of-range session limits', () => {
    expect(() => build({ allowFileUpload: { reason: 'needed' }, idleDisconnectTimeout: Duration.hours(2) })).toThrow(
      /idleDisconnectTimeout is 7200 seconds: AppStream accepts 60 to 3600[\s\S]*allowFileUpload.reason 'needed' is shorter than 20 characters/,
    );
  });
});

describe('MyNumberTerminals against the packs', () => {
  test('synthesizes with no lgsec finding', () => {
    const app = new App();
    build({}, app);
    const checked = checkApp(app);
    expect(checked.findings()).toEqual([]);
    // The sign-in role is a My Number role people assume: its MFA evidence is judged, and passes.
    expect(checked.run.results.filter((r) => r.ruleId === 'LGSEC-MYNUMBER-HUMAN-ROLE-MFA').map((r) => r.status)).toContain('compliant');
  });

  test('synthesizes with no AwsSolutions finding and no schema warning', () => {
    const { app, outdir } = checkedApp();
    build({}, app);
    app.synth();
    expect(validationViolations(outdir)).toEqual([]);
  });
});
