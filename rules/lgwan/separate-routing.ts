import { zoneTextJa } from '../../lib/template/network';
import { Zone } from '../../lib/policy';
import { inZone, zoneText } from '../../lib/template/network';
import { localized, nonCompliant, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { attachmentsByGateway, transitGatewayKeys } from '../../lib/template/transit-gateway';

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
      if (other)
        return nonCompliant(
          localized(
            `the peering connects the LGWAN zone with ${zoneText(other)}`,
            `ピアリングが LGWAN接続系を${zoneTextJa(other)}とつないでいる`,
          ),
        );
      const unknown = sides.filter((zone) => !zone.known && zone.unresolved);
      return outcomeOf(
        [],
        unknown.map((zone) => localized(`the peer VPC has ${zoneText(zone)}`, `ピアの VPC が${zoneTextJa(zone)}にある`)),
      );
    }
    const zone = index.zoneOf(resource);
    if (!inZone(zone, Zone.LGWAN)) return notApplicable();
    const keys = transitGatewayKeys(index, resource.properties.TransitGatewayId);
    if (keys.length === 0 || !index.model)
      return outcomeOf(
        [],
        [
          localized(
            `TransitGatewayId cannot be followed (${JSON.stringify(resource.properties.TransitGatewayId)})`,
            `TransitGatewayId をたどれない（${JSON.stringify(resource.properties.TransitGatewayId)}）`,
          ),
        ],
      );
    const problems: Problem[] = [];
    const unresolved: Problem[] = [];
    for (const { key, uncertain } of keys) {
      for (const other of attachmentsByGateway(index.model).get(key) ?? []) {
        if (!inZone(other.zone, ...INTERNET_SIDE)) continue;
        const text = `${other.attachment.resource.logicalId} (${zoneText(other.zone)}) in ${other.attachment.index.name}`;
        const textJa = `${other.attachment.index.name} の ${other.attachment.resource.logicalId}（${zoneTextJa(other.zone)}）`;
        const parameter = key.slice('parameter:'.length);
        // One parameter in one template is one value; the same name in two templates may not be.
        if ((uncertain || other.uncertain) && other.attachment.index !== index)
          unresolved.push(
            localized(
              `the Transit Gateway comes from parameter '${parameter}', and ${text} takes its gateway from a parameter of the same name: given the same value, the zones share routing`,
              `Transit Gateway はパラメーター '${parameter}' から来て、${textJa} も同名のパラメーターからゲートウェイを取る：同じ値なら領域がルーティングを共有する`,
            ),
          );
        else problems.push(localized(`the Transit Gateway is shared with ${text}`, `Transit Gateway を${textJa}と共有している`));
      }
      if (uncertain && unresolved.length === 0)
        unresolved.push(
          localized(
            `TransitGatewayId comes from parameter '${key.slice('parameter:'.length)}' (its value leaves the template)`,
            `TransitGatewayId がパラメーター '${key.slice('parameter:'.length)}' から来る（値はテンプレートの外で決まる）`,
          ),
        );
    }
    return outcomeOf(problems, unresolved);
  },
);
