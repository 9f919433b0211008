import { whyJa } from '../../lib/template/why-ja';
import { Zone } from '../../lib/policy';
import { inZone, isDefaultRoute, routeTarget } from '../../lib/template/network';
import { localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 19: an `internet` VPC has no Internet Gateway or NAT gateway of its own; its default
 * route goes to a Transit Gateway (the security cloud).
 */
export const internetEgressViaSecurityCloud = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.INTERNET)) return notApplicable();
  const self = { resource: vpc, index };
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  for (const attachment of index.referrersOf(vpc, 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::EgressOnlyInternetGateway')) {
    if (!attachment.index.refersTo(attachment.resource.properties.VpcId, self)) continue;
    if (attachment.resource.type === 'AWS::EC2::EgressOnlyInternetGateway')
      problems.push(
        localized(
          `egress-only Internet Gateway ${attachment.resource.logicalId} is attached`,
          `Egress-only インターネットゲートウェイ ${attachment.resource.logicalId} がアタッチされている`,
        ),
      );
    else if (attachment.resource.properties.InternetGatewayId !== undefined)
      problems.push(
        localized(
          `Internet Gateway attachment ${attachment.resource.logicalId} attaches an Internet Gateway`,
          `アタッチメント ${attachment.resource.logicalId} がインターネットゲートウェイをアタッチしている`,
        ),
      );
  }
  for (const subnet of index.referrersOf(vpc, 'AWS::EC2::Subnet')) {
    for (const nat of subnet.index.referrersOf(subnet.resource, 'AWS::EC2::NatGateway'))
      problems.push(
        localized(
          `NAT gateway ${nat.resource.logicalId} is in subnet ${subnet.resource.logicalId}`,
          `NAT ゲートウェイ ${nat.resource.logicalId} がサブネット ${subnet.resource.logicalId} にある`,
        ),
      );
  }
  let toTransitGateway = 0;
  for (const table of index.referrersOf(vpc, 'AWS::EC2::RouteTable')) {
    for (const route of table.index.referrersOf(table.resource, 'AWS::EC2::Route')) {
      if (!isDefaultRoute(route.resource, route.index)) continue;
      const { target, why } = routeTarget(route.resource, route.index);
      if (target === 'transit-gateway') toTransitGateway++;
      else if (target === 'unknown-gateway')
        unresolved.push(
          localized(`default route ${route.resource.logicalId}: ${why}`, `既定経路 ${route.resource.logicalId}：${whyJa(why ?? '')}`),
        );
      else
        problems.push(
          localized(
            `default route ${route.resource.logicalId} goes to ${target}, not a Transit Gateway`,
            `既定経路 ${route.resource.logicalId} が Transit Gateway ではなく ${target} に向いている`,
          ),
        );
    }
  }
  if (toTransitGateway === 0 && unresolved.length === 0)
    problems.push(localized('no default route (0.0.0.0/0) goes to a Transit Gateway', 'Transit Gateway に向く既定経路（0.0.0.0/0）がない'));
  return outcomeOf(problems, unresolved);
});
