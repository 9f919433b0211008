import { TAG_KEYS, Zone } from '../../lib/policy';
import { TemplateIndex, TemplateResource, ZoneResolution } from '../../lib/template/template-index';

/**
 * The zone a remote browser runs in: a WorkSpaces Secure Browser portal by its network settings
 * (its user settings by the portals that use them), an AppStream 2.0 stack by its fleets; else its
 * `lgsec:zone` tag. Resources with neither are in no known zone.
 */
export function zoneOfRemoteBrowser(resource: TemplateResource, index: TemplateIndex): ZoneResolution {
  const fromNetwork = (() => {
    switch (resource.type) {
      case 'AWS::WorkSpacesWeb::Portal':
        return resource.properties.NetworkSettingsArn === undefined ? undefined : index.zoneOfValue(resource.properties.NetworkSettingsArn);
      case 'AWS::WorkSpacesWeb::UserSettings':
        for (const portal of index.referrersOf(resource, 'AWS::WorkSpacesWeb::Portal')) {
          const zone = zoneOfRemoteBrowser(portal.resource, portal.index);
          if (zone.known || zone.unresolved) return zone;
        }
        return undefined;
      case 'AWS::AppStream::Stack':
        for (const link of index.referrersOf(resource, 'AWS::AppStream::StackFleetAssociation')) {
          const fleet = link.index.resourceOf(link.resource.properties.FleetName, 'AWS::AppStream::Fleet');
          if (!fleet) continue;
          const zone = fleet.index.zoneOf(fleet.resource);
          if (zone.known || zone.unresolved) return zone;
        }
        return undefined;
    }
    return undefined;
  })();
  if (fromNetwork && (fromNetwork.known || fromNetwork.unresolved)) return fromNetwork;
  const tagged = index.tagValue(resource, TAG_KEYS.zone);
  const zone = Object.values(Zone).find((z) => z === tagged);
  return zone ? { known: true, zone } : { known: false, unresolved: false, why: 'no network settings, fleet or zone tag' };
}
