import { whyJa } from './why-ja';
import { Zone } from '../policy';
import { Cidr, parseCidr } from './cidr';
import { isRecord, Located, TemplateIndex, TemplateResource, ZoneResolution } from './template-index';

/** One security group rule, from an inline list or a separate Ingress/Egress resource. */
export interface SecurityGroupRule {
  readonly direction: 'ingress' | 'egress';
  readonly properties: Readonly<Record<string, unknown>>;
  /** Human-readable position, e.g. `SecurityGroupIngress[2]` or `the resource AllowHttps`. */
  readonly where: string;
}

/** The rules a resource defines itself: inline lists of a SecurityGroup, or one Ingress/Egress resource. */
export function ownSecurityGroupRules(resource: TemplateResource): SecurityGroupRule[] {
  if (resource.type === 'AWS::EC2::SecurityGroupIngress' || resource.type === 'AWS::EC2::SecurityGroupEgress') {
    return [
      {
        direction: resource.type.endsWith('Ingress') ? 'ingress' : 'egress',
        properties: resource.properties,
        where: `rule ${resource.logicalId}`,
      },
    ];
  }
  if (resource.type !== 'AWS::EC2::SecurityGroup') return [];
  const out: SecurityGroupRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const key = direction === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress';
    const rules = resource.properties[key];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, i) => {
      if (isRecord(rule)) out.push({ direction, properties: rule, where: `${key}[${i}]` });
    });
  }
  return out;
}

/** The security group a rule belongs to: the group itself, or the GroupId of an Ingress/Egress resource. */
export function securityGroupOf(resource: TemplateResource, index: TemplateIndex): Located | undefined {
  if (resource.type === 'AWS::EC2::SecurityGroup') return { resource, index };
  return index.resourceOf(resource.properties.GroupId, 'AWS::EC2::SecurityGroup');
}

/** A CIDR value of a rule: parsed, or the VPC whose own CIDR it refers to, or why it is unknown. */
export type CidrValue =
  | { readonly kind: 'cidr'; readonly cidr: Cidr; readonly text: string }
  | { readonly kind: 'vpc-cidr'; readonly vpc: Located; readonly cidrs: readonly Cidr[] }
  | { readonly kind: 'unknown'; readonly why: string };

export function cidrValue(index: TemplateIndex, value: unknown): CidrValue {
  const text = index.literalString(value);
  if (text !== undefined) {
    const cidr = parseCidr(text);
    return cidr ? { kind: 'cidr', cidr, text } : { kind: 'unknown', why: `'${text}' is not a CIDR` };
  }
  const ref = index.follow(value);
  if (
    ref.kind === 'resource' &&
    ref.resource.type === 'AWS::EC2::VPC' &&
    /^(CidrBlock|CidrBlockAssociations|Ipv6CidrBlocks)$/.test(ref.attribute ?? '')
  ) {
    const vpc = { resource: ref.resource, index: ref.index };
    return { kind: 'vpc-cidr', vpc, cidrs: vpcCidrs(vpc).cidrs };
  }
  if (ref.kind === 'resource' && ref.resource.type === 'AWS::EC2::VPCCidrBlock') {
    const vpc = index.resourceOf(ref.resource.properties.VpcId, 'AWS::EC2::VPC');
    if (vpc) return { kind: 'vpc-cidr', vpc, cidrs: vpcCidrs(vpc).cidrs };
  }
  if (ref.kind === 'external') return { kind: 'unknown', why: `the CIDR comes from ${ref.why}` };
  return { kind: 'unknown', why: 'the CIDR is not a literal' };
}

/** The CIDR blocks of a VPC: its CidrBlock and any AWS::EC2::VPCCidrBlock associations. */
export function vpcCidrs(vpc: Located): { cidrs: Cidr[]; unresolved: string[] } {
  const compute = (): { cidrs: Cidr[]; unresolved: string[] } => computeVpcCidrs(vpc);
  return vpc.index.model ? vpc.index.model.memoize(`vpc-cidrs:${vpc.index.key}#${vpc.resource.logicalId}`, compute) : compute();
}

function computeVpcCidrs(vpc: Located): { cidrs: Cidr[]; unresolved: string[] } {
  const cidrs: Cidr[] = [];
  const unresolved: string[] = [];
  const add = (value: unknown, what: string): void => {
    if (value === undefined) return;
    const text = vpc.index.literalString(value);
    const cidr = text === undefined ? undefined : parseCidr(text);
    if (cidr) cidrs.push(cidr);
    else unresolved.push(`${what} of VPC ${vpc.resource.logicalId} is not a literal CIDR`);
  };
  add(vpc.resource.properties.CidrBlock, 'CidrBlock');
  for (const block of vpc.index.referrersOf(vpc.resource, 'AWS::EC2::VPCCidrBlock')) {
    add(block.resource.properties.CidrBlock, `CidrBlock of ${block.resource.logicalId}`);
    add(block.resource.properties.Ipv6CidrBlock, `Ipv6CidrBlock of ${block.resource.logicalId}`);
  }
  return { cidrs, unresolved };
}

/** The source (ingress) or destination (egress) CIDRs of a rule: IPv4 and IPv6 values that are set. */
export function ruleCidrValues(rule: SecurityGroupRule): unknown[] {
  const keys = rule.direction === 'ingress' ? ['CidrIp', 'CidrIpv6'] : ['CidrIp', 'CidrIpv6', 'DestinationCidrIp', 'DestinationCidrIpv6'];
  return keys.map((key) => rule.properties[key]).filter((value) => value !== undefined);
}

/** Port range of a rule; protocol -1 (or "all") covers every port. */
export function rulePorts(index: TemplateIndex, rule: SecurityGroupRule): { protocol: string; from: number; to: number } | undefined {
  const protocol = String(index.literalString(rule.properties.IpProtocol) ?? '').toLowerCase();
  if (protocol === '-1' || protocol === 'all') return { protocol: 'all', from: 0, to: 65535 };
  const from = Number(index.literalString(rule.properties.FromPort));
  const to = Number(index.literalString(rule.properties.ToPort));
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  return { protocol: protocol === '6' ? 'tcp' : protocol, from, to };
}

/** What a route sends traffic to. */
export type RouteTarget =
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpn-gateway'
  | 'transit-gateway'
  | 'peering'
  | 'carrier-gateway'
  | 'local-gateway'
  | 'core-network'
  | 'local'
  | 'other'
  | 'unknown-gateway';

const TARGET_PROPERTIES: readonly [string, RouteTarget][] = [
  ['NatGatewayId', 'nat-gateway'],
  ['TransitGatewayId', 'transit-gateway'],
  ['VpcPeeringConnectionId', 'peering'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['CarrierGatewayId', 'carrier-gateway'],
  ['LocalGatewayId', 'local-gateway'],
  ['CoreNetworkArn', 'core-network'],
];

/** The target of an AWS::EC2::Route. `GatewayId` is told apart by the resource type or the id prefix. */
export function routeTarget(route: TemplateResource, index: TemplateIndex): { target: RouteTarget; why?: string } {
  const props = route.properties;
  for (const [key, target] of TARGET_PROPERTIES) if (props[key] !== undefined) return { target };
  if (props.GatewayId === undefined) return { target: 'other' };
  const ref = index.follow(props.GatewayId);
  if (ref.kind === 'resource') {
    if (ref.resource.type === 'AWS::EC2::InternetGateway') return { target: 'internet-gateway' };
    if (ref.resource.type === 'AWS::EC2::VPNGateway') return { target: 'vpn-gateway' };
    if (ref.resource.type === 'AWS::EC2::VPCGatewayAttachment') {
      return ref.resource.properties.VpnGatewayId !== undefined ? { target: 'vpn-gateway' } : { target: 'internet-gateway' };
    }
    return { target: 'other' };
  }
  if (ref.kind === 'literal') {
    const id = String(ref.value);
    if (id === 'local') return { target: 'local' };
    if (id.startsWith('igw-')) return { target: 'internet-gateway' };
    if (id.startsWith('vgw-')) return { target: 'vpn-gateway' };
    return { target: 'other' };
  }
  return { target: 'unknown-gateway', why: ref.kind === 'external' ? `GatewayId comes from ${ref.why}` : 'GatewayId is not set' };
}

/** The destination of a route as text (IPv4, IPv6 or prefix list). */
export function routeDestination(route: TemplateResource, index: TemplateIndex): string {
  const props = route.properties;
  return (
    index.literalString(props.DestinationCidrBlock) ??
    index.literalString(props.DestinationIpv6CidrBlock) ??
    index.literalString(props.DestinationPrefixListId) ??
    'a destination that is not a literal'
  );
}

/** True when a route's destination is a default route (0.0.0.0/0 or ::/0). */
export function isDefaultRoute(route: TemplateResource, index: TemplateIndex): boolean {
  const destination =
    index.literalString(route.properties.DestinationCidrBlock) ?? index.literalString(route.properties.DestinationIpv6CidrBlock);
  return destination === '0.0.0.0/0' || destination === '::/0';
}

/** Zones of a gateway attached to VPCs through AWS::EC2::VPCGatewayAttachment (VPN gateways). */
export function vpcsOfVpnGateway(gateway: Located): ZoneResolution[] {
  return gateway.index
    .referrersOf(gateway.resource, 'AWS::EC2::VPCGatewayAttachment')
    .map((attachment) => attachment.index.zoneOf(attachment.resource));
}

/** Describes a zone resolution for messages. */
export function zoneText(zone: ZoneResolution): string {
  return zone.known ? `zone '${zone.zone}'` : `unknown zone (${zone.why})`;
}

/** `zoneText` in Japanese. */
export function zoneTextJa(zone: ZoneResolution): string {
  return zone.known ? `領域 '${zone.zone}'` : `不明な領域（${whyJa(zone.why)}）`;
}

/** True when the zone is known to be one of `zones`. */
export function inZone(zone: ZoneResolution, ...zones: Zone[]): boolean {
  return zone.known && zones.includes(zone.zone);
}
