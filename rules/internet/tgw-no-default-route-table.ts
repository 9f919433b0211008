import { TAG_KEYS, Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { localized, notApplicable, notKnown, outcomeOf } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { attachmentsByGateway } from '../../lib/template/transit-gateway';

/**
 * Control 24: a Transit Gateway of the security cloud (tagged so, or attached to a
 * `security-cloud` VPC) has default route table association and propagation disabled.
 */
export const transitGatewayNoDefaultRouteTable = resourceRule(['AWS::EC2::TransitGateway'], (gateway, index) => {
  const tagged = index.tagValue(gateway, TAG_KEYS.zone) === Zone.SECURITY_CLOUD;
  const attached =
    !tagged &&
    index.model !== undefined &&
    (attachmentsByGateway(index.model).get(`${index.key}#${gateway.logicalId}`) ?? []).some((a) => inZone(a.zone, Zone.SECURITY_CLOUD));
  if (!tagged && !attached) return notApplicable();
  const values = ['DefaultRouteTableAssociation', 'DefaultRouteTablePropagation'].map((key) => ({
    key,
    value: setting(index, gateway.properties[key]),
  }));
  const problems = values
    .filter(({ value }) => value.known && value.text !== 'disable')
    .map(({ key, value }) =>
      localized(
        `${key} is ${(value.known && value.text) || 'not set (enable)'}, not disable`,
        `${key} が disable ではなく ${(value.known && value.text) || '未設定（enable）'} である`,
      ),
    );
  return outcomeOf(
    problems,
    values.flatMap(({ key, value }) => (value.known ? [] : [notKnown(key, value.why)])),
  );
});
