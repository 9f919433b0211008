/**
 * A small model of the network a synthesized template describes: it evaluates the intrinsics our
 * routes use, finds route tables, subnets and Transit Gateway routes, and follows a packet hop by
 * hop, so tests can prove where traffic goes rather than how the template is spelled.
 */
import { cidrsOverlap, Ipv4Block, parseIpv4Cidr } from '../../lib/private/cidr';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Resources = Record<string, { Type: string; Properties?: Json }>;

/** Values CloudFormation would give attributes at deploy time. */
export interface Simulation {
  /** `Fn::GetAtt` values by `logicalId.attribute`. */
  readonly attributes?: Record<string, unknown>;
}

export function evaluate(value: Json, resources: Resources, simulation: Simulation = {}): Json {
  const ev = (v: Json): Json => evaluate(v, resources, simulation);
  if (Array.isArray(value)) return value.map(ev);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const [key] = keys;
  const arg = value[key];
  switch (key) {
    case 'Ref':
      return `ref:${arg}`;
    case 'Fn::GetAtt': {
      const [id, attribute] = arg as [string, string];
      const simulated = simulation.attributes?.[`${id}.${attribute}`];
      return simulated !== undefined ? simulated : `getatt:${id}.${attribute}`;
    }
    case 'Fn::Join': {
      const [delimiter, list] = arg as [string, Json];
      return (ev(list) as Json[]).map(ev).join(delimiter);
    }
    case 'Fn::Split': {
      const [delimiter, source] = arg as [string, Json];
      if (typeof delimiter !== 'string') throw new Error('Fn::Split delimiter must be a literal string');
      return String(ev(source)).split(delimiter);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number | string, Json];
      const items = ev(list) as Json[];
      const i = Number(index);
      if (!(i >= 0 && i < items.length)) throw new Error(`Fn::Select index ${i} out of range of ${JSON.stringify(items)}`);
      return ev(items[i]);
    }
    default:
      return value;
  }
}

/** The logical id a `ref:` or `getatt:` value points at. */
export function logicalIdOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(?:ref:|getatt:)([^.]+)/.exec(value);
  return m?.[1];
}

function ofType(resources: Resources, type: string): [string, Json][] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}

function addressOf(cidrOrIp: string): Ipv4Block {
  const block = parseIpv4Cidr(cidrOrIp.includes('/') ? cidrOrIp : `${cidrOrIp}/32`);
  if (typeof block === 'string') throw new Error(block);
  return block;
}

/** A route's destinations as CIDR blocks (a prefix list expands to its entries). */
function destinations(route: Json, resources: Resources): string[] {
  if (route.DestinationCidrBlock) return [String(evaluate(route.DestinationCidrBlock, resources))];
  if (route.DestinationPrefixListId) {
    const id = logicalIdOf(evaluate(route.DestinationPrefixListId, resources));
    const list = id ? resources[id] : undefined;
    if (!list) throw new Error(`prefix list ${JSON.stringify(route.DestinationPrefixListId)} not in template`);
    return (list.Properties.Entries as Json[]).map((e) => String(e.Cidr));
  }
  return [];
}

/** Longest-prefix match among routes; undefined when no route covers the address. */
function longestMatch<R>(routes: { cidrs: string[]; route: R }[], address: string): R | undefined {
  const target = addressOf(address);
  let best: { prefix: number; route: R } | undefined;
  for (const { cidrs, route } of routes) {
    for (const cidr of cidrs) {
      const block = addressOf(cidr);
      if (cidrsOverlap(block, target) && block.prefix <= target.prefix && (!best || block.prefix > best.prefix)) {
        best = { prefix: block.prefix, route };
      }
    }
  }
  return best?.route;
}

/** The VPC side of a template: subnets, their AZs and route tables, and routes. */
export class VpcModel {
  constructor(
    private readonly resources: Resources,
    private readonly simulation: Simulation = {},
  ) {}

  subnetAz(subnetId: string): string {
    return String(this.resources[subnetId].Properties.AvailabilityZone);
  }

  routeTableOf(subnetId: string): string {
    const association = ofType(this.resources, 'AWS::EC2::SubnetRouteTableAssociation').find(
      ([, p]) => logicalIdOf(evaluate(p.SubnetId, this.resources)) === subnetId,
    );
    if (!association) throw new Error(`no route table for subnet ${subnetId}`);
    return logicalIdOf(evaluate(association[1].RouteTableId, this.resources))!;
  }

  /** Where a route table sends an address: `{ kind, id }` of the next hop. */
  nextHop(routeTableId: string, address: string): { kind: string; id: string } | undefined {
    const routes = ofType(this.resources, 'AWS::EC2::Route')
      .filter(([, p]) => logicalIdOf(evaluate(p.RouteTableId, this.resources)) === routeTableId)
      .map(([, p]) => ({ cidrs: destinations(p, this.resources), route: p }));
    const route = longestMatch(routes, address);
    if (!route) return undefined;
    for (const kind of ['VpcEndpointId', 'NatGatewayId', 'GatewayId', 'TransitGatewayId']) {
      if (route[kind] !== undefined) {
        const value = evaluate(route[kind], this.resources, this.simulation);
        return { kind, id: logicalIdOf(value) ?? String(value) };
      }
    }
    throw new Error(`route without a target: ${JSON.stringify(route)}`);
  }

  /** The subnet ids of one ec2.Vpc subnet group (by the `aws-cdk:subnet-name` tag). */
  subnetsOfGroup(group: string): string[] {
    return ofType(this.resources, 'AWS::EC2::Subnet')
      .filter(([, p]) => ((p.Tags as Json[]) ?? []).some((t) => t.Key === 'aws-cdk:subnet-name' && t.Value === group))
      .map(([id]) => id);
  }

  natSubnet(natLogicalId: string): string {
    return logicalIdOf(evaluate(this.resources[natLogicalId].Properties.SubnetId, this.resources))!;
  }
}

/** The Transit Gateway side: attachments, route table associations, routes, propagations. */
export class TransitGatewayModel {
  constructor(private readonly resources: Resources) {}

  /** Every attachment id (logical id or literal `tgw-attach-…`) and the route tables it is associated with. */
  associations(): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const [, p] of ofType(this.resources, 'AWS::EC2::TransitGatewayRouteTableAssociation')) {
      const attachment = this.attachmentKey(p.TransitGatewayAttachmentId);
      const table = logicalIdOf(evaluate(p.TransitGatewayRouteTableId, this.resources))!;
      result.set(attachment, [...(result.get(attachment) ?? []), table]);
    }
    return result;
  }

  propagations(): number {
    return ofType(this.resources, 'AWS::EC2::TransitGatewayRouteTablePropagation').length;
  }

  /** The attachment (or 'blackhole') a route table sends an address to. */
  lookup(routeTableId: string, address: string): string | undefined {
    const routes = ofType(this.resources, 'AWS::EC2::TransitGatewayRoute')
      .filter(([, p]) => logicalIdOf(evaluate(p.TransitGatewayRouteTableId, this.resources)) === routeTableId)
      .map(([, p]) => ({ cidrs: [String(evaluate(p.DestinationCidrBlock, this.resources))], route: p }));
    const route = longestMatch(routes, address);
    if (!route) return undefined;
    return route.Blackhole ? 'blackhole' : this.attachmentKey(route.TransitGatewayAttachmentId);
  }

  private attachmentKey(value: Json): string {
    const evaluated = evaluate(value, this.resources);
    return logicalIdOf(evaluated) ?? String(evaluated);
  }
}
