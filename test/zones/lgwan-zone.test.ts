import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuditedBucket } from '../../lib/storage/audited-bucket';
import { LgwanConnection, LgwanZone } from '../../lib/zones/lgwan-zone';
import { transferApp } from '../sanitization/transfer/helpers';
import { refOf, resourceTypes } from './helpers';

/** Synthesized CloudFormation, read as loosely as a template is. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('LgwanZone with a Site-to-Site VPN', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Lgwan', { env: { region: 'ap-northeast-1' } });
    new LgwanZone(stack, 'Zone', {
      cidr: '10.20.0.0/16',
      connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.10' }),
      lgwanPrefixes: ['172.16.0.0/12', '192.168.100.0/24'],
      notificationEmails: ['soc@example.jp'],
    });
    template = Template.fromStack(stack);
  });

  test('both tunnels log to one KMS-encrypted log group kept a year', () => {
    const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365 } });
    const tunnelGroup = Object.keys(groups).find((id) => id.includes('LgwanVpnTunnelLogs'));
    expect(tunnelGroup).toBeDefined();
    expect(groups[tunnelGroup!].Properties.KmsKeyId).toBeDefined();
    const logged = Match.objectLike({
      LogOptions: {
        CloudwatchLogOptions: { LogEnabled: true, LogGroupArn: { 'Fn::GetAtt': [tunnelGroup, 'Arn'] }, LogOutputFormat: 'json' },
      },
    });
    template.hasResourceProperties('AWS::EC2::VPNConnection', { VpnTunnelOptionsSpecifications: [logged, logged] });
  });

  test("an alarm on the connection's TunnelState notifies the zone's topic, subscribed by the contacts", () => {
    const connection = Object.keys(template.findResources('AWS::EC2::VPNConnection'))[0];
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/VPN',
      MetricName: 'TunnelState',
      Dimensions: [{ Name: 'VpnId', Value: { Ref: connection } }],
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topic }],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'soc@example.jp', TopicArn: { Ref: topic } });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('has no internet path: no IGW, egress-only IGW, NAT or Transit Gateway', () => {
    const types = resourceTypes(template);
    for (const t of [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::EgressOnlyInternetGateway',
      'AWS::EC2::NatGateway',
      'AWS::EC2::TransitGatewayVpcAttachment',
      'AWS::EC2::TransitGatewayAttachment',
      'AWS::EC2::VPCPeeringConnection',
    ]) {
      expect(types.has(t)).toBe(false);
    }
  });

  test('routes go only to the LGWAN prefixes, through the VPN gateway, in every subnet', () => {
    const routes = Object.values(template.findResources('AWS::EC2::Route'));
    expect(routes).toHaveLength(4);
    const gateway = Object.keys(template.findResources('AWS::EC2::VPNGateway'))[0];
    for (const route of routes) {
      expect(['172.16.0.0/12', '192.168.100.0/24']).toContain(route.Properties.DestinationCidrBlock);
      expect(refOf(route.Properties.GatewayId)).toBe(gateway);
      expect(route.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/LgwanVpnGatewayAttachment/)]));
    }
    const tables = new Set(routes.map((r) => refOf(r.Properties.RouteTableId)));
    expect(tables.size).toBe(2);
  });

  test('the VPN uses static routes to the prefixes and configures both tunnels with IKEv2', () => {
    template.hasResourceProperties('AWS::EC2::CustomerGateway', { IpAddress: '203.0.113.10', Type: 'ipsec.1' });
    template.hasResourceProperties('AWS::EC2::VPNConnection', {
      StaticRoutesOnly: true,
      VpnTunnelOptionsSpecifications: [
        Match.objectLike({ IKEVersions: [{ Value: 'ikev2' }] }),
        Match.objectLike({ IKEVersions: [{ Value: 'ikev2' }] }),
      ],
    });
    template.resourceCountIs('AWS::EC2::VPNConnectionRoute', 2);
    template.hasResourceProperties('AWS::EC2::VPNConnectionRoute', { DestinationCidrBlock: '172.16.0.0/12' });
  });

  test('tags, flow log and default security group like every zone', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'lgsec:zone', Value: 'lgwan' }]) });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });
});

describe('LgwanZone as a data perimeter', () => {
  const stack = new Stack(new App(), 'S', { env: { region: 'ap-northeast-1', account: '111111111111' } });
  const zone = new LgwanZone(stack, 'Zone', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS] });
  const records = new AuditedBucket(stack, 'Records', { classification: { confidentiality: 2, integrity: 1, availability: 1 } });
  const notes = new AuditedBucket(stack, 'Notes', { classification: { confidentiality: 1, integrity: 1, availability: 1 } });
  // An endpoint added after the buckets (as a sanitizing transfer adds its own) joins the perimeter.
  const later = zone.vpc.addInterfaceEndpoint('LaterEndpoint', { service: ec2.InterfaceVpcEndpointAwsService.STS, open: false });
  const template = Template.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
  const policyOf = (bucket: AuditedBucket) =>
    Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => refOf(p.Properties.Bucket) === id(bucket.bucket))!.Properties
      .PolicyDocument.Statement as Json[];

  test('a confidentiality-2 bucket denies everything outside every endpoint of the zone, objects even to AWS services', () => {
    const statements = policyOf(records);
    const endpoints = [zone.s3Endpoint, ...zone.interfaceEndpoints, later].map((e) => ({ Ref: id(e) }));
    const data = statements.find((s) => s.Sid === 'DenyDataOutsideLgwanZone')!;
    expect(data).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*' });
    expect(data.Condition.StringNotEquals['aws:SourceVpce']).toEqual(endpoints);
    expect(data.Condition.Bool).toEqual({ 'aws:PrincipalIsAWSService': 'false' });
    // Only bucket-level actions keep the forward-access exemption (CloudFormation managing the bucket).
    expect(statements.find((s) => s.Sid === 'DenyOutsideLgwanZone')!.Condition.Bool).toEqual({
      'aws:PrincipalIsAWSService': 'false',
      'aws:ViaAWSService': 'false',
    });
    expect(statements.map((s) => s.Sid)).toContain('DenyListingOutsideLgwanZone');
  });

  test('a confidentiality-1 bucket gets no perimeter', () => {
    expect(policyOf(notes).map((s) => s.Sid)).not.toContain('DenyDataOutsideLgwanZone');
  });

  test("interface endpoints admit this account's principals acting on this account's resources, HTTPS from the zone", () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.ap-northeast-1.sqs',
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Interface endpoints of the LGWAN zone'),
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });
});

describe('LgwanZone options', () => {
  test('an alarm topic of the caller is used as is; a gateway connection makes no topic', () => {
    const stack = new Stack(new App(), 'S');
    const topic = new sns.Topic(stack, 'Given');
    const zone = new LgwanZone(stack, 'Zone', {
      connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.10' }),
      lgwanPrefixes: ['172.16.0.0/12'],
      alarmTopic: topic,
    });
    expect(zone.alarmTopic).toBe(topic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as never) }],
    });

    const other = new Stack(new App(), 'T');
    new LgwanZone(other, 'Zone', {
      connection: LgwanConnection.virtualPrivateGateway({ vpnGatewayId: 'vgw-0123456789abcdef0' }),
      lgwanPrefixes: ['172.16.0.0/12'],
    });
    Template.fromStack(other).resourceCountIs('AWS::SNS::Topic', 0);
  });

  test('fails on a bad email address and an interface endpoint listed twice', () => {
    const stack = new Stack(new App(), 'S');
    expect(
      () =>
        new LgwanZone(stack, 'Zone', {
          notificationEmails: ['not-an-address'],
          interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS, ec2.InterfaceVpcEndpointAwsService.SQS],
        }),
    ).toThrow(/notificationEmails: 'not-an-address' is not an email address[\s\S]*interfaceEndpoints lists 'sqs' twice/);
  });

  test('without a connection it is fully closed', () => {
    const stack = new Stack(new App(), 'S');
    new LgwanZone(stack, 'Zone');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Route', 0);
    template.resourceCountIs('AWS::EC2::VPNGateway', 0);
  });

  test('BGP routing: dynamic VPN, still static VPC routes to the prefixes only', () => {
    const stack = new Stack(new App(), 'S');
    new LgwanZone(stack, 'Zone', {
      connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '198.51.100.7', bgpAsn: 65010, amazonSideAsn: 64600 }),
      lgwanPrefixes: ['172.16.0.0/12'],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPNConnection', { StaticRoutesOnly: false });
    template.hasResourceProperties('AWS::EC2::CustomerGateway', { BgpAsn: 65010 });
    template.hasResourceProperties('AWS::EC2::VPNGateway', { AmazonSideAsn: 64600 });
    template.resourceCountIs('AWS::EC2::VPNConnectionRoute', 0);
    template.resourceCountIs('AWS::EC2::Route', 2);
  });

  test('an existing virtual private gateway (e.g. Direct Connect) is attached and routed to', () => {
    const stack = new Stack(new App(), 'S');
    new LgwanZone(stack, 'Zone', {
      connection: LgwanConnection.virtualPrivateGateway({ vpnGatewayId: 'vgw-0123456789abcdef0' }),
      lgwanPrefixes: ['172.16.0.0/12'],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCGatewayAttachment', { VpnGatewayId: 'vgw-0123456789abcdef0' });
    template.hasResourceProperties('AWS::EC2::Route', { GatewayId: 'vgw-0123456789abcdef0', DestinationCidrBlock: '172.16.0.0/12' });
    template.resourceCountIs('AWS::EC2::VPNConnection', 0);
  });

  test('fails on a VPN without a customer gateway address, a private address, a bad ASN', () => {
    const stack = new Stack(new App(), 'S');
    expect(
      () =>
        new LgwanZone(stack, 'A', {
          connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '' }),
          lgwanPrefixes: ['172.16.0.0/12'],
        }),
    ).toThrow(/needs customerGatewayIp/);
    expect(
      () =>
        new LgwanZone(stack, 'B', {
          connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '192.168.1.1' }),
          lgwanPrefixes: ['172.16.0.0/12'],
        }),
    ).toThrow(/'192.168.1.1' is not a public IPv4 address/);
    expect(
      () =>
        new LgwanZone(stack, 'C', {
          connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.1', bgpAsn: 0 }),
          lgwanPrefixes: ['172.16.0.0/12'],
        }),
    ).toThrow(/bgpAsn: 0 is not a BGP ASN/);
  });

  test('fails on missing, malformed or default-route prefixes, prefixes without a link, and a bad gateway id', () => {
    const stack = new Stack(new App(), 'S');
    const vpn = LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.1' });
    expect(() => new LgwanZone(stack, 'A', { connection: vpn })).toThrow(/without lgwanPrefixes/);
    expect(() => new LgwanZone(stack, 'B', { connection: vpn, lgwanPrefixes: ['0.0.0.0/0'] })).toThrow(/is a default route/);
    expect(() => new LgwanZone(stack, 'C', { connection: vpn, lgwanPrefixes: ['172.16.0.0'] })).toThrow(
      /lgwanPrefixes\[0\]: '172.16.0.0' is not an IPv4 CIDR/,
    );
    expect(() => new LgwanZone(stack, 'D', { lgwanPrefixes: ['172.16.0.0/12'] })).toThrow(/without a connection/);
    expect(
      () =>
        new LgwanZone(stack, 'E', {
          connection: LgwanConnection.virtualPrivateGateway({ vpnGatewayId: 'igw-1234' }),
          lgwanPrefixes: ['172.16.0.0/12'],
        }),
    ).toThrow(/'igw-1234' is not a virtual private gateway id/);
  });
});

describe("the sanitizing transfer's buckets behind the LGWAN perimeter", () => {
  test('the writer (from the internet zone) and the quarantine readers pass it; nobody else from outside the zone', () => {
    const { lgwanStack, transfer } = transferApp();
    const template = Template.fromStack(lgwanStack);
    const policyOf = (bucket: AuditedBucket) =>
      Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
        (p) => refOf(p.Properties.Bucket) === lgwanStack.getLogicalId(bucket.bucket.node.defaultChild as never),
      )!.Properties.PolicyDocument.Statement as Json[];
    const writer = { 'Fn::GetAtt': [lgwanStack.getLogicalId(transfer.writerRole.node.defaultChild as never), 'Arn'] };
    const inbox = policyOf(transfer.inbox).find((s) => s.Sid === 'DenyDataOutsideLgwanZone')!;
    expect(inbox.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([writer]);
    for (const bucket of [transfer.outbox, transfer.auditRecords]) {
      expect(policyOf(bucket).find((s) => s.Sid === 'DenyDataOutsideLgwanZone')!.Condition.ArnNotLike).toBeUndefined();
    }
  });
});
