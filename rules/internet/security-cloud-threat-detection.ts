import { TAG_KEYS, Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { compliant, localized, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';
import { attachmentsByGateway } from '../../lib/template/transit-gateway';

/**
 * The security cloud detects what its members do, and takes no member it has not checked:
 * a `security-cloud` VPC's template holds an enabled GuardDuty detector (or the rule is
 * acknowledged with the organization's delegated administrator that enables it), and a Transit
 * Gateway of the security cloud does not accept shared attachments automatically.
 */
export const securityCloudThreatDetection = resourceRule(['AWS::EC2::VPC', 'AWS::EC2::TransitGateway'], (resource, index) => {
  if (resource.type === 'AWS::EC2::VPC') {
    if (!inZone(index.zoneOf(resource), Zone.SECURITY_CLOUD)) return notApplicable();
    const detectors = index.ofType('AWS::GuardDuty::Detector');
    const enabled = detectors.some((d) => d.properties.Enable === true || index.literalString(d.properties.Enable) === 'true');
    return enabled
      ? compliant()
      : outcomeOf([
          detectors.length === 0
            ? localized('the template has no AWS::GuardDuty::Detector', 'テンプレートに AWS::GuardDuty::Detector がない')
            : localized('its AWS::GuardDuty::Detector is not enabled', 'AWS::GuardDuty::Detector が有効になっていない'),
        ]);
  }
  const tagged = index.tagValue(resource, TAG_KEYS.zone) === Zone.SECURITY_CLOUD;
  const attached =
    !tagged &&
    index.model !== undefined &&
    (attachmentsByGateway(index.model).get(`${index.key}#${resource.logicalId}`) ?? []).some((a) => inZone(a.zone, Zone.SECURITY_CLOUD));
  if (!tagged && !attached) return notApplicable();
  const accept = index.literalString(resource.properties.AutoAcceptSharedAttachments) ?? 'disable';
  return accept === 'disable'
    ? compliant()
    : outcomeOf([
        localized(
          'AutoAcceptSharedAttachments is enable: any account the gateway is shared with attaches without review',
          'AutoAcceptSharedAttachments が enable である：ゲートウェイを共有したどのアカウントも確認なしにアタッチできる',
        ),
      ]);
});
