import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecurityCloud } from '../../lib/security-cloud/security-cloud';
import { InternetZone } from '../../lib/zones/internet-zone';
import { MANAGED_DOMAIN_LIST_IDS, securityCloudProps, synthesize, TOKYO } from './helpers';
import { Resources, TransitGatewayModel, VpcModel } from './network-model';

const THREE_AZS = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];
const INTERNET_ADDRESS = '203.0.113.5';
const CROSS_ACCOUNT_ATTACHMENT = 'tgw-attach-0123456789abcdef0';

/** Every ordering of a list: CloudFormation does not promise one for `EndpointIds`. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const endpointOf = (az: string): string => `vpce-${az.slice(-2)}`;

describe('routing through the security cloud (three AZs, members wired in the same account and across accounts)', () => {
  let resources: Resources;
  let firewallId: string;
  let transitGatewayId: string;
  let inspectionAttachmentId: string;
  let spokeTableId: string;
  let inspectionTableId: string;
  let memberAttachments: Map<string, { cidr: string; attachment: string }>;
  let schemaFindings: string[];

  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'Prefecture', { env: TOKYO });
    const cloud = new SecurityCloud(
      stack,
      'SecurityCloud',
      securityCloudProps({
        availabilityZones: THREE_AZS,
        members: [
          { name: 'shiojiri', cidr: '10.130.0.0/16' },
          { name: 'okaya', cidr: '10.131.0.0/16' },
          { name: 'matsumoto', cidr: '10.132.0.0/16', accountId: '222222222222', transitGatewayAttachmentId: CROSS_ACCOUNT_ATTACHMENT },
        ],
      }),
    );
    const shiojiri = new InternetZone(stack, 'Shiojiri', { cidr: '10.130.0.0/16', securityCloud: cloud });
    const okaya = new InternetZone(stack, 'Okaya', { cidr: '10.131.0.0/16', securityCloud: cloud });
    const synthesized = synthesize(app, stack);
    schemaFindings = synthesized.schemaFindings;
    resources = synthesized.template.toJSON().Resources;
    const only = (type: string, fragment = ''): string => {
      const ids = Object.keys(resources).filter((id) => resources[id].Type === type && id.includes(fragment));
      expect(ids).toHaveLength(1);
      return ids[0];
    };
    firewallId = only('AWS::NetworkFirewall::Firewall');
    transitGatewayId = only('AWS::EC2::TransitGateway');
    inspectionAttachmentId = only('AWS::EC2::TransitGatewayAttachment');
    spokeTableId = only('AWS::EC2::TransitGatewayRouteTable', 'Spoke');
    inspectionTableId = only('AWS::EC2::TransitGatewayRouteTable', 'Inspection');
    const id = (zone: InternetZone): string => stack.resolve(zone.transitGatewayAttachment.attrId)['Fn::GetAtt'][0];
    memberAttachments = new Map([
      ['shiojiri', { cidr: '10.130.0.0/16', attachment: id(shiojiri) }],
      ['okaya', { cidr: '10.131.0.0/16', attachment: id(okaya) }],
      ['matsumoto', { cidr: '10.132.0.0/16', attachment: CROSS_ACCOUNT_ATTACHMENT }],
    ]);
  });

  test('the template, with its member zones, has no CloudFormation schema findings', () => {
    expect(schemaFindings).toEqual([]);
  });

  test.each(permutations(THREE_AZS).map((order) => [order.join(' ')]))(
    "with EndpointIds in the order %s, every AZ's routes use that AZ's firewall endpoint",
    (order) => {
      const endpointIds = order.split(' ').map((az) => `${az}:${endpointOf(az)}`);
      const vpc = new VpcModel(resources, { attributes: { [`${firewallId}.EndpointIds`]: endpointIds } });
      let checked = 0;
      for (const [routeId, route] of Object.entries(resources)) {
        if (route.Type !== 'AWS::EC2::Route' || route.Properties.VpcEndpointId === undefined) continue;
        const routeTable = route.Properties.RouteTableId.Ref;
        const subnet = [...vpc.subnetsOfGroup('TransitGateway'), ...vpc.subnetsOfGroup('Public')].find(
          (s) => vpc.routeTableOf(s) === routeTable,
        );
        expect(subnet).toBeDefined();
        const destination = route.Properties.DestinationCidrBlock ?? '10.130.0.1';
        expect({ routeId, endpoint: vpc.nextHop(routeTable, destination)?.id }).toEqual({
          routeId,
          endpoint: endpointOf(vpc.subnetAz(subnet!)),
        });
        checked++;
      }
      // Per AZ: the attachment subnet's default route, and the public subnet's route back to each of the 3 members.
      expect(checked).toBe(THREE_AZS.length * (1 + 3));
    },
  );

  test.each(THREE_AZS)('a packet from a member to the internet and its reply cross the same firewall endpoint in %s', (az) => {
    const endpointIds = [...THREE_AZS].reverse().map((a) => `${a}:${endpointOf(a)}`);
    const vpc = new VpcModel(resources, { attributes: { [`${firewallId}.EndpointIds`]: endpointIds } });
    const tgw = new TransitGatewayModel(resources);
    const inAz = (group: string): string => vpc.subnetsOfGroup(group).find((s) => vpc.subnetAz(s) === az)!;
    const memberAddress = '10.130.1.10';
    const shiojiri = memberAttachments.get('shiojiri')!.attachment;

    // Out: member attachment -> spoke table -> inspection attachment.
    expect(tgw.associations().get(shiojiri)).toEqual([spokeTableId]);
    expect(tgw.lookup(spokeTableId, INTERNET_ADDRESS)).toBe(inspectionAttachmentId);
    // Inspection VPC, this AZ (appliance mode keeps the flow here): attachment subnet -> endpoint.
    const outEndpoint = vpc.nextHop(vpc.routeTableOf(inAz('TransitGateway')), INTERNET_ADDRESS);
    expect(outEndpoint).toEqual({ kind: 'VpcEndpointId', id: endpointOf(az) });
    // Firewall subnet -> the NAT gateway of the same AZ -> internet gateway.
    const nat = vpc.nextHop(vpc.routeTableOf(inAz('Firewall')), INTERNET_ADDRESS)!;
    expect(nat.kind).toBe('NatGatewayId');
    expect(vpc.subnetAz(vpc.natSubnet(nat.id))).toBe(az);
    expect(vpc.nextHop(vpc.routeTableOf(vpc.natSubnet(nat.id)), INTERNET_ADDRESS)?.kind).toBe('GatewayId');

    // Back: NAT's public subnet -> the same endpoint -> firewall subnet -> Transit Gateway.
    expect(vpc.nextHop(vpc.routeTableOf(vpc.natSubnet(nat.id)), memberAddress)).toEqual(outEndpoint);
    expect(vpc.nextHop(vpc.routeTableOf(inAz('Firewall')), memberAddress)).toEqual({ kind: 'TransitGatewayId', id: transitGatewayId });
    // Inspection attachment -> inspection table -> the member's attachment.
    expect(tgw.associations().get(inspectionAttachmentId)).toEqual([inspectionTableId]);
    expect(tgw.lookup(inspectionTableId, memberAddress)).toBe(shiojiri);
  });

  test('tenant isolation: no member reaches another except through the inspection attachment', () => {
    const tgw = new TransitGatewayModel(resources);
    expect(resources[transitGatewayId].Properties).toMatchObject({
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
    });
    expect(tgw.propagations()).toBe(0);
    const associations = tgw.associations();
    for (const [name, { attachment }] of memberAttachments) {
      expect({ name, tables: associations.get(attachment) }).toEqual({ name, tables: [spokeTableId] });
    }
    let pairs = 0;
    for (const [from, source] of memberAttachments) {
      const table = associations.get(source.attachment)![0];
      for (const [to, destination] of memberAttachments) {
        if (from === to) continue;
        const [network] = destination.cidr.split('/');
        for (const address of [network, network.replace(/\.0$/, '.255')]) {
          expect({ from, to, address, next: tgw.lookup(table, address) }).toEqual({ from, to, address, next: inspectionAttachmentId });
        }
        pairs++;
      }
    }
    expect(pairs).toBe(6);
    // Nor do members reach the inspection VPC's own addresses (NAT gateways, firewall endpoints).
    expect(tgw.lookup(spokeTableId, '100.64.0.10')).toBe('blackhole');
    // Only the inspection attachment uses the inspection table, which holds the routes to members.
    const usingInspectionTable = [...associations].filter(([, tables]) => tables.includes(inspectionTableId)).map(([a]) => a);
    expect(usingInspectionTable).toEqual([inspectionAttachmentId]);
  });
});

describe('a prefecture of 77 members (Nagano)', () => {
  let template: Template;
  let schemaFindings: string[];
  const members = Array.from({ length: 77 }, (_, i) => ({
    name: `nagano-${String(i + 1).padStart(2, '0')}`,
    cidr: `10.${100 + i}.0.0/16`,
    // Every other municipality runs its own account and attaches across accounts.
    ...(i % 2 === 1
      ? { accountId: String(300000000000 + i), transitGatewayAttachmentId: `tgw-attach-${(0x1000000 + i).toString(16).padStart(17, '0')}` }
      : {}),
  }));

  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'NaganoSecurityCloud', { env: TOKYO });
    new SecurityCloud(stack, 'SecurityCloud', {
      members,
      // The prefecture's address plan: two routes per inspection VPC route table, not 77.
      memberAggregateCidrs: ['10.0.0.0/8'],
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      dnsFirewall: { managedDomainListIds: MANAGED_DOMAIN_LIST_IDS },
      firewall: { allowedDomains: ['.lg.jp'] },
    });
    ({ template, schemaFindings } = synthesize(app, stack));
  });

  test('synthesizes within CloudFormation limits and without schema findings', () => {
    expect(schemaFindings).toEqual([]);
    const json = template.toJSON();
    expect(Object.keys(json.Resources).length).toBeLessThan(500);
    expect(JSON.stringify(json).length).toBeLessThan(1_000_000);
  });

  test('knows all 77 members: HOME_NET, the RAM share, the Transit Gateway routes back', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: { PolicyVariables: { RuleVariables: { HOME_NET: { Definition: members.map((m) => m.cidr) } } } },
    });
    const share = Object.values(template.findResources('AWS::RAM::ResourceShare'))[0];
    expect(share.Properties.Principals).toHaveLength(38);
    template.resourcePropertiesCountIs(
      'AWS::EC2::TransitGatewayRoute',
      { TransitGatewayAttachmentId: `tgw-attach-${(0x1000000 + 1).toString(16).padStart(17, '0')}` },
      1,
    );
    template.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 1 + 38);
  });

  test("routes the aggregate, not each member, from the inspection VPC: through each AZ's endpoint, then to the Transit Gateway", () => {
    template.resourceCountIs('AWS::EC2::PrefixList', 0);
    template.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.0.0.0/8', VpcEndpointId: Match.anyValue() }, 2);
    template.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: Match.anyValue() }, 2);
    template.resourceCountIs('AWS::EC2::Route', 2 * 5);
  });
});
