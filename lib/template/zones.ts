import { parseZone, TAG_KEYS, Zone } from '../policy';
import { TemplateIndex, TemplateResource, ZoneResolution } from './template-index';

/** Resources that reach a VPC only through another resource that refers to them. */
const PLACED_THROUGH: Readonly<Record<string, readonly string[]>> = {
  'AWS::EFS::FileSystem': ['AWS::EFS::MountTarget'],
  'AWS::EC2::Volume': ['AWS::EC2::VolumeAttachment', 'AWS::EC2::Instance'],
};

/**
 * The zone of a resource, as the report's inventory shows it: a VPC by its `lgsec:zone` tag; any
 * other resource by its own `lgsec:zone` tag, else by the VPC it is placed in (through subnets,
 * security groups and subnet groups, or for file systems and volumes the mount targets and
 * attachments that place them). Rules that need a narrower notion (a VPC only, or a tag only)
 * read {@link TemplateIndex.zoneOf} or the tag themselves.
 */
export function resourceZone(resource: TemplateResource, index: TemplateIndex): ZoneResolution {
  if (resource.type !== 'AWS::EC2::VPC') {
    const zone = parseZone(index.tagValue(resource, TAG_KEYS.zone));
    if (zone) return { known: true, zone };
  }
  const placed = index.zoneOf(resource);
  if (placed.known || placed.unresolved) return placed;
  const through = PLACED_THROUGH[resource.type];
  if (!through) return placed;
  for (const link of index.referrersOf(resource, ...through)) {
    const zone = link.index.zoneOf(link.resource);
    if (zone.known) return zone;
  }
  return placed;
}

/** The zone of a terminal resource: its zone tag, else its VPC, else (a stack) the VPC of its fleets. */
export function zoneOfTerminal(resource: TemplateResource, index: TemplateIndex): ZoneResolution {
  const tagged = index.tagValue(resource, TAG_KEYS.zone);
  if (tagged === Zone.MY_NUMBER) return { known: true, zone: Zone.MY_NUMBER };
  if (resource.type === 'AWS::AppStream::Stack') {
    // A stack has no VPC of its own: its fleets, linked by StackFleetAssociation, have.
    for (const link of index.referrersOf(resource, 'AWS::AppStream::StackFleetAssociation')) {
      const fleet = link.index.resourceOf(link.resource.properties.FleetName, 'AWS::AppStream::Fleet');
      if (fleet) {
        const zone = fleet.index.zoneOf(fleet.resource);
        if (zone.known || zone.unresolved) return zone;
      }
    }
  }
  if (resource.type === 'AWS::WorkSpacesWeb::UserSettings') {
    for (const portal of index.referrersOf(resource, 'AWS::WorkSpacesWeb::Portal')) {
      const zone = portal.index.zoneOfValue(portal.resource.properties.NetworkSettingsArn);
      if (zone.known || zone.unresolved) return zone;
    }
  }
  return index.zoneOf(resource);
}

/**
 * True when some checked resource is tagged with `zone`, or with an `lgsec:zone` that is not a
 * literal (it may be `zone`). A resource whose VPC leaves the templates can be in `zone` only
 * then: in templates that never mention the My Number zone, its rules do not apply, rather than
 * warning on every group or function whose VPC is a parameter.
 */
export function zoneDeclared(index: TemplateIndex, zone: Zone): boolean {
  return index.model.memoize(`zone-declared:${zone}`, () =>
    index.model.templates.some((template) =>
      [...template.resources.values()].some((resource) => {
        const tag = template.tags(resource).get(TAG_KEYS.zone);
        if (tag === undefined) return false;
        const literal = template.literalString(tag);
        return literal === undefined || parseZone(literal) === zone;
      }),
    ),
  );
}

/**
 * The zone of a whole template: the zone of its VPCs when every VPC it creates carries the same
 * literal `lgsec:zone` (a zone's stack, as ZoneNetwork builds it); undefined when it creates no
 * VPC or VPCs of several zones or without a valid tag.
 */
export function templateZone(index: TemplateIndex): Zone | undefined {
  return index.model.memoize(`template-zone:${index.name}`, () => {
    const zones = [...index.resources.values()]
      .filter((resource) => resource.type === 'AWS::EC2::VPC')
      .map((vpc) => parseZone(index.tagValue(vpc, TAG_KEYS.zone)));
    return zones.length > 0 && zones.every((zone) => zone !== undefined && zone === zones[0]) ? zones[0] : undefined;
  });
}
