import { Zone } from '../../lib/policy';
import { routeDestination, routeTarget, vpcsOfVpnGateway, zoneText } from '../../lib/template/network';
import { compliant, nonCompliant, notApplicable, RuleOutcome, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { TemplateIndex, TemplateResource, ZoneResolution } from '../../lib/template/template-index';
import { zoneDeclared } from '../../lib/template/zones';

/** The outcome for a path element in a VPC of the given zone. */
function judge(zone: ZoneResolution, what: string, index: TemplateIndex): RuleOutcome {
  if (zone.known)
    return zone.zone === Zone.MY_NUMBER
      ? nonCompliant(`${what} in the My Number zone (VPC ${zone.vpc?.resource.logicalId ?? '?'})`)
      : compliant();
  return zone.unresolved && zoneDeclared(index, Zone.MY_NUMBER) ? unverifiable(`${what}, but ${zoneText(zone)}`) : compliant();
}

function worst(outcomes: RuleOutcome[]): RuleOutcome {
  return outcomes.find((o) => o.status === 'non-compliant') ?? outcomes.find((o) => o.status === 'unverifiable') ?? compliant();
}

const ROUTE_TARGET_NAMES: Readonly<Record<string, string>> = {
  'internet-gateway': 'an Internet Gateway',
  'egress-only-internet-gateway': 'an egress-only Internet Gateway',
  'nat-gateway': 'a NAT gateway',
  'vpn-gateway': 'a VPN gateway',
  'transit-gateway': 'a Transit Gateway',
  peering: 'a VPC peering connection',
  'carrier-gateway': 'a carrier gateway',
  'local-gateway': 'a local gateway',
  'core-network': 'a Cloud WAN core network',
};

function route(resource: TemplateResource, index: TemplateIndex): RuleOutcome {
  const { target, why } = routeTarget(resource, index);
  const zone = index.zoneOf(resource);
  if (target === 'unknown-gateway') {
    return zone.known && zone.zone === Zone.MY_NUMBER
      ? unverifiable(`a route in the My Number zone goes to a gateway that cannot be followed: ${why}`)
      : compliant();
  }
  const name = ROUTE_TARGET_NAMES[target];
  if (!name) return compliant();
  return judge(zone, `a route to ${routeDestination(resource, index)} goes to ${name}`, index);
}

/**
 * Control 8: nothing connects a `mynumber` VPC to another network: no Internet Gateway,
 * egress-only IGW, NAT gateway, VPN gateway or connection, VPC peering or Transit Gateway
 * attachment, and no route to one.
 */
export const myNumberNoNetworkPath = resourceRule(
  [
    'AWS::EC2::VPCGatewayAttachment',
    'AWS::EC2::EgressOnlyInternetGateway',
    'AWS::EC2::NatGateway',
    'AWS::EC2::VPNConnection',
    'AWS::EC2::VPCPeeringConnection',
    'AWS::EC2::TransitGatewayAttachment',
    'AWS::EC2::TransitGatewayVpcAttachment',
    'AWS::EC2::Route',
    'AWS::EC2::VPNGatewayRoutePropagation',
    'AWS::EC2::CarrierGateway',
  ],
  (resource, index) => {
    const props = resource.properties;
    switch (resource.type) {
      case 'AWS::EC2::Route':
        return route(resource, index);
      case 'AWS::EC2::VPCGatewayAttachment':
        return judge(
          index.zoneOf(resource),
          props.VpnGatewayId !== undefined ? 'a VPN gateway is attached' : 'an Internet Gateway is attached',
          index,
        );
      case 'AWS::EC2::EgressOnlyInternetGateway':
        return judge(index.zoneOf(resource), 'an egress-only Internet Gateway is attached', index);
      case 'AWS::EC2::NatGateway':
        return judge(index.zoneOf(resource), 'a NAT gateway is placed', index);
      case 'AWS::EC2::CarrierGateway':
        return judge(index.zoneOf(resource), 'a carrier gateway is attached', index);
      case 'AWS::EC2::TransitGatewayAttachment':
      case 'AWS::EC2::TransitGatewayVpcAttachment':
        return judge(index.zoneOf(resource), 'a Transit Gateway attachment is made', index);
      case 'AWS::EC2::VPCPeeringConnection':
        return worst([
          judge(index.zoneOfValue(props.VpcId), 'a VPC peering connection starts', index),
          props.PeerVpcId === undefined ? compliant() : judge(index.zoneOfValue(props.PeerVpcId), 'a VPC peering connection ends', index),
        ]);
      case 'AWS::EC2::VPNGatewayRoutePropagation':
        return judge(index.zoneOf(resource), 'VPN routes are propagated into a route table', index);
      case 'AWS::EC2::VPNConnection': {
        const gateway = index.resourceOf(props.VpnGatewayId, 'AWS::EC2::VPNGateway');
        if (!gateway) return compliant();
        return worst(
          vpcsOfVpnGateway(gateway).map((zone) => judge(zone, 'a VPN connection (customer gateway) reaches a VPN gateway attached', index)),
        );
      }
    }
    return notApplicable();
  },
);
