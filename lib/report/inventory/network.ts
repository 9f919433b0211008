/**
 * The network part of the inventory: VPCs with their gateways and logs, Transit Gateways, links to
 * closed networks (VPN), Network Firewalls and the security cloud's members. Read from the
 * model, so references resolve as the rules resolve them (across templates too).
 */
import { TAG_KEYS } from '../../policy/tags';
import { isTrue } from '../../template/policy-document';
import { Located, TemplateIndex, valueAt } from '../../template/template-index';
import { ClosedNetworkLink, compareText, FirewallEntry, SecurityCloudMember, TransitGatewayEntry, VpcEntry } from '../model';
import { dig, list, literal, renderedTags, renderValue } from '../private/render';

interface MutableVpc {
  key: string;
  template: string;
  logicalId: string;
  name?: string;
  zoneTag?: string;
  cidrs: string[];
  subnets: number;
  azs: Set<string>;
  internetGateway: boolean;
  egressOnlyInternetGateway: boolean;
  natGateways: number;
  vpnGateway: boolean;
  endpoints: number;
  flowLog: boolean;
  networkFirewalls: string[];
  transitGateways: Set<string>;
  peerings: Set<string>;
}

interface MutableTgw {
  key: string;
  template?: string;
  logicalId?: string;
  reference?: string;
  name?: string;
  zoneTag?: string;
  defaultRouteTableAssociation?: string;
  defaultRouteTablePropagation?: string;
  vpcAttachments: { logicalId: string; template: string; vpc: string }[];
}

/** `template#logicalId`: how the report names a resource. */
export const entryKey = (template: string, logicalId: string): string => `${template}#${logicalId}`;
const keyOf = (located: Located): string => entryKey(located.index.name, located.resource.logicalId);
const byKey = <T extends { template: string; logicalId: string }>(a: T, b: T): number =>
  compareText(entryKey(a.template, a.logicalId), entryKey(b.template, b.logicalId));

export interface NetworkInventory {
  readonly vpcs: VpcEntry[];
  readonly transitGateways: TransitGatewayEntry[];
  readonly firewalls: FirewallEntry[];
  readonly closedNetworkLinks: ClosedNetworkLink[];
  readonly members: SecurityCloudMember[];
}

/** The network of every template of the model. */
export function readNetwork(templates: readonly TemplateIndex[]): NetworkInventory {
  const vpcs = readVpcs(templates);
  const vpcOf = (index: TemplateIndex, value: unknown): MutableVpc | undefined => {
    const found = index.resourceOf(value, 'AWS::EC2::VPC');
    return found && vpcs.get(keyOf(found));
  };
  addVpcFeatures(templates, vpcOf);
  const tgws = readTransitGateways(templates, vpcOf);
  const links = readClosedNetworkLinks(templates, tgws, vpcOf);
  const firewalls: FirewallEntry[] = [];
  for (const index of templates) {
    for (const firewall of readFirewalls(index, vpcOf)) {
      firewalls.push(firewall);
      if (firewall.vpc !== undefined) vpcs.get(firewall.vpc)?.networkFirewalls.push(firewall.logicalId);
    }
  }
  const vpcList: VpcEntry[] = [...vpcs.values()]
    .sort((a, b) => compareText(a.key, b.key))
    .map((vpc) => ({
      key: vpc.key,
      template: vpc.template,
      logicalId: vpc.logicalId,
      ...(vpc.name === undefined ? {} : { name: vpc.name }),
      ...(vpc.zoneTag === undefined ? {} : { zoneTag: vpc.zoneTag }),
      cidrs: vpc.cidrs,
      subnets: vpc.subnets,
      availabilityZones: vpc.azs.size,
      internetGateway: vpc.internetGateway,
      egressOnlyInternetGateway: vpc.egressOnlyInternetGateway,
      natGateways: vpc.natGateways,
      vpnGateway: vpc.vpnGateway,
      endpoints: vpc.endpoints,
      flowLog: vpc.flowLog,
      networkFirewalls: [...vpc.networkFirewalls].sort(compareText),
      transitGateways: [...vpc.transitGateways].sort(compareText),
      peerings: [...vpc.peerings].sort(compareText),
    }));
  const tgwList: TransitGatewayEntry[] = [...tgws.values()]
    .sort((a, b) => compareText(a.key, b.key))
    .map((tgw) => ({
      ...tgw,
      vpcAttachments: [...tgw.vpcAttachments].sort(byKey),
    }));
  const firewallList = firewalls.sort(byKey);
  return {
    vpcs: vpcList,
    transitGateways: tgwList,
    firewalls: firewallList,
    closedNetworkLinks: links.sort(byKey),
    members: securityCloudMembers(vpcList, tgwList, firewallList),
  };
}

function readVpcs(templates: readonly TemplateIndex[]): Map<string, MutableVpc> {
  const vpcs = new Map<string, MutableVpc>();
  for (const index of templates) {
    for (const resource of index.ofType('AWS::EC2::VPC')) {
      const tags = renderedTags(resource, index);
      const cidr = resource.properties['CidrBlock'];
      const pool = resource.properties['Ipv4IpamPoolId'];
      const cidrs =
        cidr !== undefined
          ? [renderValue(cidr)]
          : pool !== undefined
            ? [`IPAM ${renderValue(pool)} /${renderValue(resource.properties['Ipv4NetmaskLength'] ?? '?')}`]
            : [];
      const key = entryKey(index.name, resource.logicalId);
      vpcs.set(key, {
        key,
        template: index.name,
        logicalId: resource.logicalId,
        name: tags['Name'],
        zoneTag: tags[TAG_KEYS.zone],
        cidrs,
        subnets: 0,
        azs: new Set(),
        internetGateway: false,
        egressOnlyInternetGateway: false,
        natGateways: 0,
        vpnGateway: false,
        endpoints: 0,
        flowLog: false,
        networkFirewalls: [],
        transitGateways: new Set(),
        peerings: new Set(),
      });
    }
  }
  return vpcs;
}

type VpcOf = (index: TemplateIndex, value: unknown) => MutableVpc | undefined;

/** Secondary CIDRs, subnets, gateways, endpoints, flow logs and peerings of the VPCs. */
function addVpcFeatures(templates: readonly TemplateIndex[], vpcOf: VpcOf): void {
  for (const index of templates) {
    for (const resource of index.ofType('AWS::EC2::VPCCidrBlock')) {
      const vpc = vpcOf(index, resource.properties['VpcId']);
      if (!vpc) continue;
      const props = resource.properties;
      if (props['CidrBlock'] !== undefined) vpc.cidrs.push(renderValue(props['CidrBlock']));
      else if (props['Ipv6CidrBlock'] !== undefined) vpc.cidrs.push(renderValue(props['Ipv6CidrBlock']));
      else if (isTrue(props['AmazonProvidedIpv6CidrBlock'])) vpc.cidrs.push('IPv6 (Amazon-provided)');
    }
    for (const resource of index.ofType('AWS::EC2::Subnet')) {
      const vpc = vpcOf(index, resource.properties['VpcId']);
      if (!vpc) continue;
      vpc.subnets += 1;
      const az = resource.properties['AvailabilityZone'] ?? resource.properties['AvailabilityZoneId'];
      if (az !== undefined) vpc.azs.add(renderValue(az));
    }
    for (const resource of index.ofType('AWS::EC2::VPCGatewayAttachment')) {
      const vpc = vpcOf(index, resource.properties['VpcId']);
      if (!vpc) continue;
      if (resource.properties['InternetGatewayId'] !== undefined) vpc.internetGateway = true;
      if (resource.properties['VpnGatewayId'] !== undefined) vpc.vpnGateway = true;
    }
    for (const resource of index.ofType('AWS::EC2::EgressOnlyInternetGateway')) {
      const vpc = vpcOf(index, resource.properties['VpcId']);
      if (vpc) vpc.egressOnlyInternetGateway = true;
    }
    for (const resource of index.ofType('AWS::EC2::NatGateway')) {
      const subnet = index.resourceOf(resource.properties['SubnetId'], 'AWS::EC2::Subnet');
      const vpc = subnet && vpcOf(subnet.index, subnet.resource.properties['VpcId']);
      if (vpc) vpc.natGateways += 1;
    }
    for (const resource of index.ofType('AWS::EC2::VPCEndpoint')) {
      const vpc = vpcOf(index, resource.properties['VpcId']);
      if (vpc) vpc.endpoints += 1;
    }
    for (const resource of index.ofType('AWS::EC2::FlowLog')) {
      if (resource.properties['ResourceType'] !== 'VPC') continue;
      for (const id of [resource.properties['ResourceId'], ...list(resource.properties['ResourceIds'])]) {
        const vpc = vpcOf(index, id);
        if (vpc) vpc.flowLog = true;
      }
    }
    for (const resource of index.ofType('AWS::EC2::VPCPeeringConnection')) {
      const a = vpcOf(index, resource.properties['VpcId']);
      const b = vpcOf(index, resource.properties['PeerVpcId']);
      const peerName = b?.key ?? `external:${renderValue(resource.properties['PeerVpcId'])}`;
      if (a) a.peerings.add(peerName);
      if (b && a) b.peerings.add(a.key);
    }
  }
}

const TGW_ATTACHMENT_TYPES = ['AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment'];

/** Transit Gateways defined in the templates, and those only referred to (by id or expression). */
function readTransitGateways(templates: readonly TemplateIndex[], vpcOf: VpcOf): Map<string, MutableTgw> {
  const tgws = new Map<string, MutableTgw>();
  for (const index of templates) {
    for (const resource of index.ofType('AWS::EC2::TransitGateway')) {
      const tags = renderedTags(resource, index);
      const props = resource.properties;
      const key = entryKey(index.name, resource.logicalId);
      tgws.set(key, {
        key,
        template: index.name,
        logicalId: resource.logicalId,
        name: tags['Name'],
        zoneTag: tags[TAG_KEYS.zone],
        defaultRouteTableAssociation:
          props['DefaultRouteTableAssociation'] === undefined ? undefined : renderValue(props['DefaultRouteTableAssociation']),
        defaultRouteTablePropagation:
          props['DefaultRouteTablePropagation'] === undefined ? undefined : renderValue(props['DefaultRouteTablePropagation']),
        vpcAttachments: [],
      });
    }
  }
  for (const index of templates) {
    for (const type of TGW_ATTACHMENT_TYPES) {
      for (const resource of index.ofType(type)) {
        const tgw = transitGatewayOf(tgws, index, resource.properties['TransitGatewayId']);
        const vpc = vpcOf(index, resource.properties['VpcId']);
        tgw.vpcAttachments.push({
          logicalId: resource.logicalId,
          template: index.name,
          vpc: vpc?.key ?? `external:${renderValue(resource.properties['VpcId'])}`,
        });
        if (vpc) vpc.transitGateways.add(tgw.key);
      }
    }
  }
  return tgws;
}

/** The Transit Gateway a value names: one of the templates', or an external one recorded by the value. */
function transitGatewayOf(tgws: Map<string, MutableTgw>, index: TemplateIndex, value: unknown): MutableTgw {
  const found = index.resourceOf(value, 'AWS::EC2::TransitGateway');
  const defined = found && tgws.get(keyOf(found));
  if (defined) return defined;
  const reference = renderValue(value);
  const externalKey = `external:${reference}`;
  let tgw = tgws.get(externalKey);
  if (!tgw) tgws.set(externalKey, (tgw = { key: externalKey, reference, vpcAttachments: [] }));
  return tgw;
}

/** VPN connections: from a Transit Gateway or a VPC's VPN gateway, to a customer gateway. */
function readClosedNetworkLinks(templates: readonly TemplateIndex[], tgws: Map<string, MutableTgw>, vpcOf: VpcOf): ClosedNetworkLink[] {
  const links: ClosedNetworkLink[] = [];
  for (const index of templates) {
    for (const resource of index.ofType('AWS::EC2::VPNConnection')) {
      const props = resource.properties;
      const cgw = index.resourceOf(props['CustomerGatewayId'], 'AWS::EC2::CustomerGateway');
      const to = cgw
        ? [
            renderedTags(cgw.resource, cgw.index)['Name'] ?? cgw.resource.logicalId,
            cgw.resource.properties['IpAddress'] === undefined ? undefined : renderValue(cgw.resource.properties['IpAddress']),
          ]
            .filter((part) => part !== undefined)
            .join(' ')
        : renderValue(props['CustomerGatewayId']);
      let from: string | undefined;
      if (props['TransitGatewayId'] !== undefined) from = transitGatewayOf(tgws, index, props['TransitGatewayId']).key;
      else from = vpnGatewayVpc(index, props['VpnGatewayId'], vpcOf);
      links.push({ template: index.name, logicalId: resource.logicalId, type: resource.type, ...(from === undefined ? {} : { from }), to });
    }
  }
  return links;
}

/** The VPC a VPN gateway is attached to, by the key of its entry. */
function vpnGatewayVpc(index: TemplateIndex, value: unknown, vpcOf: VpcOf): string | undefined {
  const gateway = index.resourceOf(value, 'AWS::EC2::VPNGateway');
  if (!gateway) return undefined;
  for (const attachment of gateway.index.referrersOf(gateway.resource, 'AWS::EC2::VPCGatewayAttachment')) {
    const vpc = vpcOf(attachment.index, attachment.resource.properties['VpcId']);
    if (vpc) return vpc.key;
  }
  return undefined;
}

function readFirewalls(index: TemplateIndex, vpcOf: VpcOf): FirewallEntry[] {
  const logTypes = new Map<string, string[]>();
  for (const logging of index.ofType('AWS::NetworkFirewall::LoggingConfiguration')) {
    const firewall = index.resourceOf(logging.properties['FirewallArn'], 'AWS::NetworkFirewall::Firewall');
    if (!firewall) continue;
    const types = list(dig(logging.properties, 'LoggingConfiguration', 'LogDestinationConfigs')).map((config) =>
      renderValue(dig(config, 'LogType')),
    );
    logTypes.set(keyOf(firewall), [...(logTypes.get(keyOf(firewall)) ?? []), ...types]);
  }
  return index.ofType('AWS::NetworkFirewall::Firewall').map((firewall) => {
    const props = firewall.properties;
    const policyResource = index.resourceOf(props['FirewallPolicyArn'], 'AWS::NetworkFirewall::FirewallPolicy');
    const policy = policyResource ? valueAt(policyResource.resource.properties, 'FirewallPolicy') : undefined;
    const homeNet = new Set<string>();
    for (const cidr of list(dig(policy, 'PolicyVariables', 'RuleVariables', 'HOME_NET', 'Definition'))) homeNet.add(renderValue(cidr));
    for (const reference of list(dig(policy, 'StatefulRuleGroupReferences'))) {
      const group = policyResource!.index.resourceOf(dig(reference, 'ResourceArn'), 'AWS::NetworkFirewall::RuleGroup');
      for (const cidr of list(dig(group?.resource.properties, 'RuleGroup', 'RuleVariables', 'IPSets', 'HOME_NET', 'Definition'))) {
        homeNet.add(renderValue(cidr));
      }
    }
    const name = literal(props['FirewallName']);
    const ruleOrder = dig(policy, 'StatefulEngineOptions', 'RuleOrder');
    const vpc = vpcOf(index, props['VpcId']);
    return {
      template: index.name,
      logicalId: firewall.logicalId,
      ...(name === undefined ? {} : { name }),
      ...(vpc === undefined ? {} : { vpc: vpc.key }),
      ...(policyResource === undefined ? {} : { policy: policyResource.resource.logicalId }),
      ...(ruleOrder === undefined ? {} : { ruleOrder: renderValue(ruleOrder) }),
      statefulDefaultActions: list(dig(policy, 'StatefulDefaultActions')).map(renderValue),
      statelessDefaultActions: list(dig(policy, 'StatelessDefaultActions')).map(renderValue),
      logTypes: [...new Set(logTypes.get(entryKey(index.name, firewall.logicalId)) ?? [])].sort(compareText),
      deleteProtection: isTrue(props['DeleteProtection']),
      subnetChangeProtection: isTrue(props['SubnetChangeProtection']),
      firewallPolicyChangeProtection: isTrue(props['FirewallPolicyChangeProtection']),
      homeNet: [...homeNet].sort(compareText),
    };
  });
}

/** Members of the security cloud: every VPC attached to a Transit Gateway, and every HOME_NET CIDR. */
function securityCloudMembers(
  vpcs: readonly VpcEntry[],
  tgws: readonly TransitGatewayEntry[],
  firewalls: readonly FirewallEntry[],
): SecurityCloudMember[] {
  const vpcByKey = new Map(vpcs.map((vpc) => [vpc.key, vpc]));
  const vpcByCidr = new Map<string, VpcEntry>();
  for (const vpc of vpcs) for (const cidr of vpc.cidrs) if (!vpcByCidr.has(cidr)) vpcByCidr.set(cidr, vpc);
  const members: SecurityCloudMember[] = [];
  for (const tgw of tgws) {
    for (const attachment of tgw.vpcAttachments) {
      const vpc = vpcByKey.get(attachment.vpc);
      members.push({
        via: 'attachment',
        through: tgw.key,
        vpc: attachment.vpc,
        ...(vpc?.cidrs[0] === undefined ? {} : { cidr: vpc.cidrs[0] }),
        ...(vpc?.zoneTag === undefined ? {} : { zoneTag: vpc.zoneTag }),
      });
    }
  }
  for (const firewall of firewalls) {
    for (const cidr of firewall.homeNet) {
      const vpc = vpcByCidr.get(cidr);
      members.push({
        via: 'home-net',
        cidr,
        through: entryKey(firewall.template, firewall.logicalId),
        ...(vpc === undefined ? {} : { vpc: vpc.key }),
        ...(vpc?.zoneTag === undefined ? {} : { zoneTag: vpc.zoneTag }),
      });
    }
  }
  return members;
}
