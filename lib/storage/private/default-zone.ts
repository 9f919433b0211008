import { AspectPriority, Aspects, FeatureFlags, IAspect, Lazy, TagManager } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import { TAG_KEYS } from '../../policy/tags';
import { Zone } from '../../policy/zone';
import { ZoneNetwork } from '../../zones/zone-network';

/**
 * A resource-policy statement that is rendered only when `applies()` holds at synthesis. It is
 * added where it belongs among the policy's statements while the condition (a zone the construct
 * tree gives) is still unknown, so the policy comes out the same whichever was built first.
 */
export class ConditionalStatement extends iam.PolicyStatement {
  constructor(
    props: iam.PolicyStatementProps,
    private readonly applies: () => boolean,
  ) {
    super(props);
  }

  public override toStatementJson(): unknown {
    const json: unknown = super.toStatementJson();
    // Resolving an array drops the elements that resolve to undefined.
    return Lazy.any({ produce: () => (this.applies() ? json : undefined) });
  }
}

/** True for the closed zones, whose buckets refuse uploads that ask for another encryption. */
export function isClosedZone(zone: ZoneNetwork | undefined): boolean {
  return zone?.zone === Zone.MY_NUMBER || zone?.zone === Zone.LGWAN;
}

/**
 * Tags the bucket with the zone `zoneOf()` gives at synthesis, or not at all when it gives none:
 * an aspect in the place, and with the priorities, that `Tags.of(bucket).add` would use.
 */
export function tagWithZoneAtSynthesis(bucket: s3.Bucket, zoneOf: () => ZoneNetwork | undefined): void {
  // The aspect priority Tags.of gives the tags it adds.
  const mutating = FeatureFlags.of(bucket).isEnabled(cxapi.ASPECT_PRIORITIES_MUTATING);
  const priority = mutating ? AspectPriority.MUTATING : undefined;
  Aspects.of(bucket).add(new ZoneTag(zoneOf), { priority });
}

/** Tag priority of `Tags.of(...).add` without a `priority` prop. */
const TAG_PRIORITY = 100;

class ZoneTag implements IAspect {
  constructor(private readonly zoneOf: () => ZoneNetwork | undefined) {}

  public visit(node: IConstruct): void {
    const tags = TagManager.of(node);
    const zone = tags ? this.zoneOf() : undefined;
    if (tags && zone) tags.setTag(TAG_KEYS.zone, zone.zone, TAG_PRIORITY);
  }
}
