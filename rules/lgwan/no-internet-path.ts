import { Zone } from '../../lib/policy';
import { routeDestination, routeTarget, zoneText, zoneTextJa } from '../../lib/template/network';
import { whyJa } from '../../lib/template/why-ja';
import { compliant, localized, LocalizedDetail, nonCompliant, notApplicable, RuleOutcome, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { ZoneResolution } from '../../lib/template/template-index';

function judge(zone: ZoneResolution, what: LocalizedDetail): RuleOutcome {
  if (zone.known)
    return zone.zone === Zone.LGWAN
      ? nonCompliant(
          localized(
            `${what.en} in the LGWAN zone (VPC ${zone.vpc?.resource.logicalId ?? '?'})`,
            `LGWAN接続系（VPC ${zone.vpc?.resource.logicalId ?? '?'}）に${what.ja}`,
          ),
        )
      : compliant();
  return zone.unresolved
    ? unverifiable(localized(`${what.en}, but ${zoneText(zone)}`, `${what.ja}が、${zoneTextJa(zone)}である`))
    : compliant();
}

const INTERNET_TARGETS: Readonly<Record<string, readonly [string, string]>> = {
  'internet-gateway': ['an Internet Gateway', 'インターネットゲートウェイ'],
  'egress-only-internet-gateway': ['an egress-only Internet Gateway', 'Egress-only インターネットゲートウェイ'],
  'nat-gateway': ['a NAT gateway', 'NAT ゲートウェイ'],
  'carrier-gateway': ['a carrier gateway', 'キャリアゲートウェイ'],
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
        return resource.properties.InternetGatewayId === undefined
          ? notApplicable()
          : judge(zone, localized('an Internet Gateway is attached', 'インターネットゲートウェイがアタッチされている'));
      case 'AWS::EC2::EgressOnlyInternetGateway':
        return judge(
          zone,
          localized('an egress-only Internet Gateway is attached', 'Egress-only インターネットゲートウェイがアタッチされている'),
        );
      case 'AWS::EC2::NatGateway':
        return judge(zone, localized('a NAT gateway is placed', 'NAT ゲートウェイが置かれている'));
      case 'AWS::EC2::CarrierGateway':
        return judge(zone, localized('a carrier gateway is attached', 'キャリアゲートウェイがアタッチされている'));
      case 'AWS::EC2::Route': {
        const { target, why } = routeTarget(resource, index);
        if (target === 'unknown-gateway')
          return zone.known && zone.zone === Zone.LGWAN
            ? unverifiable(
                localized(
                  `a route in the LGWAN zone goes to a gateway that cannot be followed: ${why}`,
                  `LGWAN接続系の経路が、たどれないゲートウェイに向いている：${whyJa(why ?? '')}`,
                ),
              )
            : compliant();
        const name = INTERNET_TARGETS[target];
        return name
          ? judge(
              zone,
              localized(
                `a route to ${routeDestination(resource, index)} goes to ${name[0]}`,
                `${routeDestination(resource, index)} への経路が${name[1]}に向いている`,
              ),
            )
          : compliant();
      }
    }
    return notApplicable();
  },
);
