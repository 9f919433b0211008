import { Zone } from '../../lib/policy';
import { inZone, zoneText } from '../core/network';
import { compliant, nonCompliant, notApplicable, outcomeOf } from '../core/outcome';
import { resourceRule } from '../core/rule';
import { attachmentsByGateway, transitGatewayKey } from '../core/transit-gateway';

const INTERNET_SIDE = [Zone.INTERNET, Zone.SECURITY_CLOUD];

/**
 * Control 16: an `lgwan` VPC does not share a Transit Gateway with an `internet` or
 * `security-cloud` VPC, and is not peered with one.
 */
export const lgwanSeparateRouting = resourceRule(
  ['AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::VPCPeeringConnection'],
  (resource, index) => {
    if (resource.type === 'AWS::EC2::VPCPeeringConnection') {
      const sides = [index.zoneOfValue(resource.properties.VpcId), index.zoneOfValue(resource.properties.PeerVpcId)];
      if (!sides.some((zone) => inZone(zone, Zone.LGWAN))) return notApplicable();
      const other = sides.find((zone) => inZone(zone, ...INTERNET_SIDE));
      if (other) return nonCompliant(`the peering connects the LGWAN zone with ${zoneText(other)}`);
      const unknown = sides.filter((zone) => !zone.known && zone.unresolved);
      return outcomeOf([], unknown.map((zone) => `the peer VPC has ${zoneText(zone)}`));
    }
    const zone = index.zoneOf(resource);
    if (!inZone(zone, Zone.LGWAN)) return notApplicable();
    const key = transitGatewayKey(index, resource.properties.TransitGatewayId);
    if (key === undefined || !index.run) return outcomeOf([], [`TransitGatewayId cannot be followed (${JSON.stringify(resource.properties.TransitGatewayId)})`]);
    const shared = (attachmentsByGateway(index.run).get(key) ?? []).filter((other) => inZone(other.zone, ...INTERNET_SIDE));
    if (shared.length === 0) return compliant();
    return nonCompliant(...shared.map((other) => `the Transit Gateway is shared with ${other.attachment.resource.logicalId} (${zoneText(other.zone)}) in ${other.attachment.index.name}`));
  },
);
