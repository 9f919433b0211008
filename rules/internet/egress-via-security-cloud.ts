import { Zone } from '../../lib/policy';
import { inZone, isDefaultRoute, routeDestination, routeTarget, zoneText } from '../core/network';
import { compliant, nonCompliant, notApplicable, RuleOutcome, unverifiable } from '../core/outcome';
import { resourceRule } from '../core/rule';
import { TemplateIndex, TemplateResource, ZoneResolution } from '../core/template-index';

function judge(zone: ZoneResolution, what: string): RuleOutcome {
  if (zone.known) return zone.zone === Zone.INTERNET ? nonCompliant(`${what} in the internet zone (VPC ${zone.vpc?.resource.logicalId ?? '?'})`) : notApplicable();
  return zone.unresolved ? unverifiable(`${what}, but ${zoneText(zone)}`) : notApplicable();
}

/** The VPC itself: at least one default route of its route tables goes to a Transit Gateway. */
function vpcHasDefaultRouteToTransitGateway(vpc: TemplateResource, index: TemplateIndex): RuleOutcome {
  if (!inZone(index.zoneOf(vpc), Zone.INTERNET)) return notApplicable();
  const unresolved: string[] = [];
  for (const table of index.referrersOf(vpc, 'AWS::EC2::RouteTable')) {
    for (const route of table.index.referrersOf(table.resource, 'AWS::EC2::Route')) {
      if (!isDefaultRoute(route.resource, route.index)) continue;
      const { target, why } = routeTarget(route.resource, route.index);
      if (target === 'transit-gateway') return compliant();
      if (target === 'unknown-gateway') unresolved.push(`default route ${route.resource.logicalId}: ${why}`);
    }
  }
  return unresolved.length > 0 ? unverifiable(...unresolved) : nonCompliant('no default route (0.0.0.0/0) of the VPC goes to a Transit Gateway (the security cloud)');
}

/**
 * Control 19: an `internet` VPC has no Internet Gateway, egress-only IGW or NAT gateway of its
 * own, and its default route goes to a Transit Gateway (the security cloud). Each offending
 * attachment, gateway or route is a finding; the VPC is one when no default route goes to a
 * Transit Gateway.
 */
export const internetEgressViaSecurityCloud = resourceRule(
  ['AWS::EC2::VPC', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::Route'],
  (resource, index) => {
    switch (resource.type) {
      case 'AWS::EC2::VPC':
        return vpcHasDefaultRouteToTransitGateway(resource, index);
      case 'AWS::EC2::VPCGatewayAttachment':
        return resource.properties.InternetGatewayId === undefined ? notApplicable() : judge(index.zoneOf(resource), 'an Internet Gateway is attached');
      case 'AWS::EC2::EgressOnlyInternetGateway':
        return judge(index.zoneOf(resource), 'an egress-only Internet Gateway is attached');
      case 'AWS::EC2::NatGateway':
        return judge(index.zoneOf(resource), 'a NAT gateway is placed');
      case 'AWS::EC2::Route': {
        if (!isDefaultRoute(resource, index)) return notApplicable();
        const zone = index.zoneOf(resource);
        const { target, why } = routeTarget(resource, index);
        if (target === 'transit-gateway') return inZone(zone, Zone.INTERNET) ? compliant() : notApplicable();
        if (target === 'unknown-gateway') return inZone(zone, Zone.INTERNET) ? unverifiable(`the default route's target cannot be followed: ${why}`) : notApplicable();
        return judge(zone, `the default route to ${routeDestination(resource, index)} goes to ${target}, not a Transit Gateway,`);
      }
    }
    return notApplicable();
  },
);
