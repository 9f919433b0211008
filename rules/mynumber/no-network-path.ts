import { Zone } from '../../lib/policy';
import { routeDestination, routeTarget, vpcsOfVpnGateway, zoneText, zoneTextJa } from '../../lib/template/network';
import { whyJa } from '../../lib/template/why-ja';
import { compliant, localized, LocalizedDetail, nonCompliant, notApplicable, RuleOutcome, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { TemplateIndex, TemplateResource, ZoneResolution } from '../../lib/template/template-index';
import { zoneDeclared } from '../../lib/template/zones';

/** The outcome for a path element in a VPC of the given zone. */
function judge(zone: ZoneResolution, what: LocalizedDetail, index: TemplateIndex): RuleOutcome {
  if (zone.known)
    return zone.zone === Zone.MY_NUMBER
      ? nonCompliant(
          localized(
            `${what.en} in the My Number zone (VPC ${zone.vpc?.resource.logicalId ?? '?'})`,
            `マイナンバー利用事務系（VPC ${zone.vpc?.resource.logicalId ?? '?'}）に${what.ja}`,
          ),
        )
      : compliant();
  return zone.unresolved && zoneDeclared(index, Zone.MY_NUMBER)
    ? unverifiable(localized(`${what.en}, but ${zoneText(zone)}`, `${what.ja}が、${zoneTextJa(zone)}である`))
    : compliant();
}

function worst(outcomes: RuleOutcome[]): RuleOutcome {
  return outcomes.find((o) => o.status === 'non-compliant') ?? outcomes.find((o) => o.status === 'unverifiable') ?? compliant();
}

const ROUTE_TARGET_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  'internet-gateway': ['an Internet Gateway', 'インターネットゲートウェイ'],
  'egress-only-internet-gateway': ['an egress-only Internet Gateway', 'Egress-only インターネットゲートウェイ'],
  'nat-gateway': ['a NAT gateway', 'NAT ゲートウェイ'],
  'vpn-gateway': ['a VPN gateway', 'VPN ゲートウェイ'],
  'transit-gateway': ['a Transit Gateway', 'Transit Gateway'],
  peering: ['a VPC peering connection', 'VPC ピアリング接続'],
  'carrier-gateway': ['a carrier gateway', 'キャリアゲートウェイ'],
  'local-gateway': ['a local gateway', 'ローカルゲートウェイ'],
  'core-network': ['a Cloud WAN core network', 'Cloud WAN コアネットワーク'],
};

function route(resource: TemplateResource, index: TemplateIndex): RuleOutcome {
  const { target, why } = routeTarget(resource, index);
  const zone = index.zoneOf(resource);
  if (target === 'unknown-gateway') {
    return zone.known && zone.zone === Zone.MY_NUMBER
      ? unverifiable(
          localized(
            `a route in the My Number zone goes to a gateway that cannot be followed: ${why}`,
            `マイナンバー利用事務系の経路が、たどれないゲートウェイに向いている：${whyJa(why ?? '')}`,
          ),
        )
      : compliant();
  }
  const name = ROUTE_TARGET_NAMES[target];
  if (!name) return compliant();
  return judge(
    zone,
    localized(
      `a route to ${routeDestination(resource, index)} goes to ${name[0]}`,
      `${routeDestination(resource, index)} への経路が${name[1]}に向いている`,
    ),
    index,
  );
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
          props.VpnGatewayId !== undefined
            ? localized('a VPN gateway is attached', 'VPN ゲートウェイがアタッチされている')
            : localized('an Internet Gateway is attached', 'インターネットゲートウェイがアタッチされている'),
          index,
        );
      case 'AWS::EC2::EgressOnlyInternetGateway':
        return judge(
          index.zoneOf(resource),
          localized('an egress-only Internet Gateway is attached', 'Egress-only インターネットゲートウェイがアタッチされている'),
          index,
        );
      case 'AWS::EC2::NatGateway':
        return judge(index.zoneOf(resource), localized('a NAT gateway is placed', 'NAT ゲートウェイが置かれている'), index);
      case 'AWS::EC2::CarrierGateway':
        return judge(index.zoneOf(resource), localized('a carrier gateway is attached', 'キャリアゲートウェイがアタッチされている'), index);
      case 'AWS::EC2::TransitGatewayAttachment':
      case 'AWS::EC2::TransitGatewayVpcAttachment':
        return judge(
          index.zoneOf(resource),
          localized('a Transit Gateway attachment is made', 'Transit Gateway アタッチメントがある'),
          index,
        );
      case 'AWS::EC2::VPCPeeringConnection':
        return worst([
          judge(index.zoneOfValue(props.VpcId), localized('a VPC peering connection starts', 'VPC ピアリング接続が始まる'), index),
          props.PeerVpcId === undefined
            ? compliant()
            : judge(index.zoneOfValue(props.PeerVpcId), localized('a VPC peering connection ends', 'VPC ピアリング接続が終わる'), index),
        ]);
      case 'AWS::EC2::VPNGatewayRoutePropagation':
        return judge(
          index.zoneOf(resource),
          localized('VPN routes are propagated into a route table', 'VPN の経路がルートテーブルに伝播される'),
          index,
        );
      case 'AWS::EC2::VPNConnection': {
        const gateway = index.resourceOf(props.VpnGatewayId, 'AWS::EC2::VPNGateway');
        if (!gateway) return compliant();
        return worst(
          vpcsOfVpnGateway(gateway).map((zone) =>
            judge(
              zone,
              localized(
                'a VPN connection (customer gateway) reaches a VPN gateway attached',
                'VPN 接続（カスタマーゲートウェイ）がアタッチされた VPN ゲートウェイに届く',
              ),
              index,
            ),
          ),
        );
      }
    }
    return notApplicable();
  },
);
