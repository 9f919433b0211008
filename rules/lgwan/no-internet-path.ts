import { Zone } from '../../lib/policy';
import { routeDestination, routeTarget, zoneText } from '../../lib/template/network';
import { compliant, nonCompliant, notApplicable, RuleOutcome, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { ZoneResolution } from '../../lib/template/template-index';

function judge(zone: ZoneResolution, what: string): RuleOutcome {
  if (zone.known)
    return zone.zone === Zone.LGWAN ? nonCompliant(`${what} in the LGWAN zone (VPC ${zone.vpc?.resource.logicalId ?? '?'})`) : compliant();
  return zone.unresolved ? unverifiable(`${what}, but ${zoneText(zone)}`) : compliant();
}

const INTERNET_TARGETS: Readonly<Record<string, string>> = {
  'internet-gateway': 'an Internet Gateway',
  'egress-only-internet-gateway': 'an egress-only Internet Gateway',
  'nat-gateway': 'a NAT gateway',
  'carrier-gateway': 'a carrier gateway',
};

/** Control 15: no Internet Gateway, egress-only IGW or NAT gateway in an `lgwan` VPC, and no route to one. */
export const lgwanNoInternetPath = resourceRule(
  [
    'AWS::EC2::VPCGatewayAttachment',
    'AWS::EC2::EgressOnlyInternetGateway',
    'AWS::EC2::NatGateway',
    'AWS::EC2::Route',
    'AWS::EC2::CarrierGateway',
  ],
  (resource, index) => {
    const zone = index.zoneOf(resource);
    switch (resource.type) {
      case 'AWS::EC2::VPCGatewayAttachment':
        return resource.properties.InternetGatewayId === undefined ? notApplicable() : judge(zone, 'an Internet Gateway is attached');
      case 'AWS::EC2::EgressOnlyInternetGateway':
        return judge(zone, 'an egress-only Internet Gateway is attached');
      case 'AWS::EC2::NatGateway':
        return judge(zone, 'a NAT gateway is placed');
      case 'AWS::EC2::CarrierGateway':
        return judge(zone, 'a carrier gateway is attached');
      case 'AWS::EC2::Route': {
        const { target, why } = routeTarget(resource, index);
        if (target === 'unknown-gateway')
          return zone.known && zone.zone === Zone.LGWAN
            ? unverifiable(`a route in the LGWAN zone goes to a gateway that cannot be followed: ${why}`)
            : compliant();
        const name = INTERNET_TARGETS[target];
        return name ? judge(zone, `a route to ${routeDestination(resource, index)} goes to ${name}`) : compliant();
      }
    }
    return notApplicable();
  },
);
