import { Zone } from '../../lib/policy';
import { inZone, isDefaultRoute, routeTarget } from '../../lib/template/network';
import { notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 19: an `internet` VPC has no Internet Gateway or NAT gateway of its own; its default
 * route goes to a Transit Gateway (the security cloud).
 */
export const internetEgressViaSecurityCloud = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.INTERNET)) return notApplicable();
  const self = { resource: vpc, index };
  const problems: string[] = [];
  const unresolved: string[] = [];
  for (const attachment of index.referrersOf(vpc, 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::EgressOnlyInternetGateway')) {
    if (!attachment.index.refersTo(attachment.resource.properties.VpcId, self)) continue;
    if (attachment.resource.type === 'AWS::EC2::EgressOnlyInternetGateway')
      problems.push(`egress-only Internet Gateway ${attachment.resource.logicalId} is attached`);
    else if (attachment.resource.properties.InternetGatewayId !== undefined)
      problems.push(`Internet Gateway attachment ${attachment.resource.logicalId} attaches an Internet Gateway`);
  }
  for (const subnet of index.referrersOf(vpc, 'AWS::EC2::Subnet')) {
    for (const nat of subnet.index.referrersOf(subnet.resource, 'AWS::EC2::NatGateway'))
      problems.push(`NAT gateway ${nat.resource.logicalId} is in subnet ${subnet.resource.logicalId}`);
  }
  let toTransitGateway = 0;
  for (const table of index.referrersOf(vpc, 'AWS::EC2::RouteTable')) {
    for (const route of table.index.referrersOf(table.resource, 'AWS::EC2::Route')) {
      if (!isDefaultRoute(route.resource, route.index)) continue;
      const { target, why } = routeTarget(route.resource, route.index);
      if (target === 'transit-gateway') toTransitGateway++;
      else if (target === 'unknown-gateway') unresolved.push(`default route ${route.resource.logicalId}: ${why}`);
      else problems.push(`default route ${route.resource.logicalId} goes to ${target}, not a Transit Gateway`);
    }
  }
  if (toTransitGateway === 0 && unresolved.length === 0) problems.push('no default route (0.0.0.0/0) goes to a Transit Gateway');
  return outcomeOf(problems, unresolved);
});
