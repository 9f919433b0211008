import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { InternetZone } from '../../lib/zones/internet-zone';
import { LgwanZone } from '../../lib/zones/lgwan-zone';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { refOf, resourceTypes } from './helpers';

const TGW = 'tgw-0123456789abcdef0';

describe('InternetZone attached to a security cloud in the same account', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Internet', { env: { region: 'ap-northeast-1' } });
    new InternetZone(stack, 'Zone', {
      cidr: '10.30.0.0/16',
      securityCloud: {
        transitGatewayId: TGW,
        spokeRouteTableId: 'tgw-rtb-0aaaaaaaaaaaaaaaa',
        inspectionRouteTableId: 'tgw-rtb-0bbbbbbbbbbbbbbbb',
        dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef',
      },
    });
    template = Template.fromStack(stack);
  });

  test('has no internet gateway or NAT of its own', () => {
    const types = resourceTypes(template);
    for (const t of ['AWS::EC2::InternetGateway', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP']) {
      expect(types.has(t)).toBe(false);
    }
  });

  test('every workload subnet has its default route to the Transit Gateway, after the attachment', () => {
    const routes = Object.values(template.findResources('AWS::EC2::Route'));
    expect(routes).toHaveLength(2);
    const attachment = Object.keys(template.findResources('AWS::EC2::TransitGatewayVpcAttachment'))[0];
    for (const route of routes) {
      expect(route.Properties).toMatchObject({ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: TGW });
      expect(route.DependsOn).toContain(attachment);
    }
  });

  test('the attachment sits in its own /28 subnets, one per AZ, separate from workload route tables', () => {
    const attachment = Object.values(template.findResources('AWS::EC2::TransitGatewayVpcAttachment'))[0];
    const subnetIds: string[] = attachment.Properties.SubnetIds.map(refOf);
    expect(subnetIds).toHaveLength(2);
    const subnets = template.findResources('AWS::EC2::Subnet');
    for (const id of subnetIds) {
      expect(subnets[id].Properties.CidrBlock).toMatch(/\/28$/);
    }
    const routes = Object.values(template.findResources('AWS::EC2::Route'));
    const associations = Object.values(template.findResources('AWS::EC2::SubnetRouteTableAssociation'));
    const attachmentTables = associations
      .filter((a) => subnetIds.includes(refOf(a.Properties.SubnetId)!))
      .map((a) => refOf(a.Properties.RouteTableId));
    expect(routes.filter((r) => attachmentTables.includes(refOf(r.Properties.RouteTableId)))).toEqual([]);
  });

  test('associates with the spoke route table and adds the return route in the inspection table', () => {
    template.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
      TransitGatewayRouteTableId: 'tgw-rtb-0aaaaaaaaaaaaaaaa',
      TransitGatewayAttachmentId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] },
    });
    template.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
      TransitGatewayRouteTableId: 'tgw-rtb-0bbbbbbbbbbbbbbbb',
      DestinationCidrBlock: '10.30.0.0/16',
    });
  });

  test('associates the DNS Firewall rule group and is tagged internet', () => {
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      FirewallRuleGroupId: 'rslvr-frg-0123456789abcdef',
      Priority: 101,
    });
    template.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'lgsec:zone', Value: 'internet' }]) });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });
});

describe('InternetZone options and validation', () => {
  test('cross-account: only the attachment and routes, the owner associates it', () => {
    const stack = new Stack(new App(), 'S');
    new InternetZone(stack, 'Zone', { securityCloud: { transitGatewayId: TGW } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::TransitGatewayVpcAttachment', 1);
    template.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
    template.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
    template.resourceCountIs('AWS::Route53Resolver::FirewallRuleGroupAssociation', 0);
  });

  test('fails without a security cloud, with a malformed Transit Gateway id or DNS firewall priority', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new InternetZone(stack, 'A', { securityCloud: undefined as never })).toThrow(/securityCloud is required/);
    expect(() => new InternetZone(stack, 'B', { securityCloud: { transitGatewayId: 'vpc-123' } })).toThrow(
      /'vpc-123' is not a Transit Gateway id/,
    );
    expect(() => new InternetZone(stack, 'C', { securityCloud: { transitGatewayId: TGW }, dnsFirewallPriority: 5 })).toThrow(
      /dnsFirewallPriority: 5/,
    );
  });
});

describe('zones of one app', () => {
  test('fail when their CIDRs overlap, naming both, once the app is complete', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    new MyNumberZone(a, 'MyNumber', { cidr: '10.0.0.0/16' });
    new LgwanZone(b, 'Lgwan', { cidr: '10.1.0.0/16' });
    new InternetZone(b, 'Internet', { cidr: '10.0.128.0/17', securityCloud: { transitGatewayId: TGW } });
    expect(() => app.synth()).toThrow(
      /My Number zone 'A\/MyNumber' \(10.0.0.0\/16\) overlaps Internet zone 'B\/Internet' \(10.0.128.0\/17\)/,
    );
  });

  test('with distinct CIDRs synthesize', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    new MyNumberZone(a, 'MyNumber', { cidr: '10.0.0.0/16' });
    new LgwanZone(a, 'Lgwan', { cidr: '10.1.0.0/16' });
    expect(() => app.synth()).not.toThrow();
  });
});
