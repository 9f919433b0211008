import { zoneTextJa } from '../../lib/template/network';
import { TAG_KEYS, Zone } from '../../lib/policy';
import { inZone, zoneText } from '../../lib/template/network';
import { compliant, localized, LocalizedDetail, nonCompliant, notApplicable, notKnown, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { setting } from '../../lib/template/values';
import { isRecord, TemplateIndex, TemplateResource, valueAt, ZoneResolution } from '../../lib/template/template-index';
import { zoneDeclared } from '../../lib/template/zones';

/** True when a setting is true; a setting that cannot be known is noted in `unknown` and counts as not true here. */
function isTrueValue(index: TemplateIndex, value: unknown, name: string, unknown: LocalizedDetail[]): boolean {
  const read = setting(index, value);
  if (!read.known) unknown.push(notKnown(name, read.why));
  return read.known && read.text === 'true';
}

/** The zone of a resource that may not be in a VPC of the template: its VPC, else its own zone tag. */
function zoneWithTag(resource: TemplateResource, index: TemplateIndex): ZoneResolution {
  const zone = index.zoneOf(resource);
  if (zone.known) return zone;
  const tagged = index.tagValue(resource, TAG_KEYS.zone);
  if (tagged === Zone.MY_NUMBER) return { known: true, zone: Zone.MY_NUMBER };
  return zone;
}

/** What in the resource gives out a public IP, if anything. */
function publicIpSettings(resource: TemplateResource, index: TemplateIndex, unknown: LocalizedDetail[]): LocalizedDetail[] {
  const props = resource.properties;
  const found: LocalizedDetail[] = [];
  const interfaces = (list: unknown, path: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((ni, i) => {
      if (isRecord(ni) && isTrueValue(index, ni.AssociatePublicIpAddress, `${path}[${i}].AssociatePublicIpAddress`, unknown))
        found.push(localized(`${path}[${i}].AssociatePublicIpAddress is true`, `${path}[${i}].AssociatePublicIpAddress が true である`));
    });
  };
  switch (resource.type) {
    case 'AWS::EC2::Subnet':
      if (isTrueValue(index, props.MapPublicIpOnLaunch, 'MapPublicIpOnLaunch', unknown))
        found.push(localized('MapPublicIpOnLaunch is true', 'MapPublicIpOnLaunch が true である'));
      break;
    case 'AWS::EC2::Instance':
      interfaces(props.NetworkInterfaces, 'NetworkInterfaces');
      break;
    case 'AWS::EC2::LaunchTemplate':
      interfaces(valueAt(props, 'LaunchTemplateData.NetworkInterfaces'), 'LaunchTemplateData.NetworkInterfaces');
      break;
    case 'AWS::AutoScaling::LaunchConfiguration':
      if (isTrueValue(index, props.AssociatePublicIpAddress, 'AssociatePublicIpAddress', unknown))
        found.push(localized('AssociatePublicIpAddress is true', 'AssociatePublicIpAddress が true である'));
      break;
    case 'AWS::EC2::EIP':
      if (props.InstanceId !== undefined)
        found.push(localized('an Elastic IP is associated with an instance', 'Elastic IP がインスタンスに関連付けられている'));
      break;
    case 'AWS::EC2::EIPAssociation':
      found.push(localized('an Elastic IP is associated', 'Elastic IP が関連付けられている'));
      break;
  }
  return found;
}

/** Control 9: nothing in the My Number zone gets a public IP. */
export const myNumberNoPublicIp = resourceRule(
  [
    'AWS::EC2::Subnet',
    'AWS::EC2::Instance',
    'AWS::EC2::LaunchTemplate',
    'AWS::AutoScaling::LaunchConfiguration',
    'AWS::EC2::EIP',
    'AWS::EC2::EIPAssociation',
  ],
  (resource, index) => {
    const unknown: LocalizedDetail[] = [];
    const settings = publicIpSettings(resource, index, unknown);
    if (settings.length === 0 && unknown.length > 0 && inZone(zoneWithTag(resource, index), Zone.MY_NUMBER))
      return unverifiable(
        localized(
          `${unknown.map((u) => u.en).join('; ')}, in the My Number zone`,
          `マイナンバー利用事務系で、${unknown.map((u) => u.ja).join('、')}`,
        ),
      );
    if (settings.length === 0) return resource.type === 'AWS::EC2::EIP' ? notApplicable() : compliant();
    const zone = zoneWithTag(resource, index);
    if (zone.known)
      return zone.zone === Zone.MY_NUMBER
        ? nonCompliant(...settings.map((s) => localized(`${s.en} in the My Number zone`, `マイナンバー利用事務系で${s.ja}`)))
        : compliant();
    return zone.unresolved && zoneDeclared(index, Zone.MY_NUMBER)
      ? unverifiable(
          localized(
            `${settings.map((s) => s.en).join('; ')}, and ${zoneText(zone)}`,
            `${settings.map((s) => s.ja).join('、')}。${zoneTextJa(zone)}である`,
          ),
        )
      : compliant();
  },
);
