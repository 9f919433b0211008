import { TAG_KEYS, Zone } from '../../lib/policy';
import { inZone } from '../core/network';
import { compliant, nonCompliant, notApplicable } from '../core/outcome';
import { resourceRule } from '../core/rule';
import { attachmentsByGateway } from '../core/transit-gateway';

/**
 * Control 24: a Transit Gateway of the security cloud (tagged so, or attached to a
 * `security-cloud` VPC) has default route table association and propagation disabled.
 */
export const transitGatewayNoDefaultRouteTable = resourceRule(['AWS::EC2::TransitGateway'], (gateway, index) => {
  const tagged = index.tagValue(gateway, TAG_KEYS.zone) === Zone.SECURITY_CLOUD;
  const attached = !tagged && index.run !== undefined
    && (attachmentsByGateway(index.run).get(`${index.key}#${gateway.logicalId}`) ?? []).some((a) => inZone(a.zone, Zone.SECURITY_CLOUD));
  if (!tagged && !attached) return notApplicable();
  const problems = ['DefaultRouteTableAssociation', 'DefaultRouteTablePropagation']
    .filter((key) => index.literalString(gateway.properties[key]) !== 'disable')
    .map((key) => `${key} is ${index.literalString(gateway.properties[key]) ?? 'not set (enable)'}, not disable`);
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
