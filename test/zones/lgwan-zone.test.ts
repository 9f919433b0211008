import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LgwanConnection, LgwanZone } from '../../lib/zones/lgwan-zone';
import { refOf, resourceTypes } from './helpers';

describe('LgwanZone with a Site-to-Site VPN', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Lgwan', { env: { region: 'ap-northeast-1' } });
    new LgwanZone(stack, 'Zone', {
      cidr: '10.20.0.0/16',
      connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.10' }),
      lgwanPrefixes: ['172.16.0.0/12', '192.168.100.0/24'],
    });
    template = Template.fromStack(stack);
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

describe('LgwanZone options', () => {
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
