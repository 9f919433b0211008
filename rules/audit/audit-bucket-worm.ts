import { Purpose, TAG_KEYS } from '../../lib/policy';
import { localized, LocalizedDetail, nonCompliant, notApplicable, notKnown, outcomeOf } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { namesBucket } from '../../lib/template/s3';
import { isRecord, Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

/**
 * Why a bucket holds audit logs: its purpose tag (our constructs set it on buckets that receive
 * CloudTrail, flow, firewall and DNS query logs), or a trail writing into it.
 */
export function auditLogReason(bucket: TemplateResource, index: TemplateIndex): string | undefined {
  if (index.tagValue(bucket, TAG_KEYS.purpose) === Purpose.AUDIT_LOG) return `it is tagged ${TAG_KEYS.purpose}=${Purpose.AUDIT_LOG}`;
  const self: Located = { resource: bucket, index };
  const trail = index
    .referrersOf(bucket, 'AWS::CloudTrail::Trail')
    .find((ref) => namesBucket(ref.resource.properties.S3BucketName, self, ref.index));
  return trail ? `trail ${trail.resource.logicalId} writes into it` : undefined;
}

/** `auditLogReason` in Japanese. */
export function auditLogReasonJa(reason: string): string {
  const tagged = /^it is tagged (.*)$/.exec(reason);
  if (tagged) return `${tagged[1]} のタグが付いている`;
  const trail = /^trail (\S+) writes into it$/.exec(reason);
  return trail ? `証跡 ${trail[1]} が書き込む` : reason;
}

/** What keeps a bucket from being write-once: problems, and settings that leave the template. */
export function wormProblems(
  bucket: TemplateResource,
  index: TemplateIndex,
): { problems: LocalizedDetail[]; unresolved: LocalizedDetail[] } {
  const props = bucket.properties;
  const problems: LocalizedDetail[] = [];
  const unresolved: LocalizedDetail[] = [];
  const lock = setting(index, props.ObjectLockEnabled);
  if (!lock.known) unresolved.push(notKnown('ObjectLockEnabled', lock.why));
  else if (lock.text !== 'true') problems.push(localized('ObjectLockEnabled is not true', 'ObjectLockEnabled が true ではない'));
  const retention = valueAt(props, 'ObjectLockConfiguration.Rule.DefaultRetention');
  if (!isRecord(retention) || retention.Mode === undefined || (retention.Days === undefined && retention.Years === undefined)) {
    problems.push(
      localized(
        'ObjectLockConfiguration.Rule.DefaultRetention (Mode and Days or Years) is not set',
        'ObjectLockConfiguration.Rule.DefaultRetention（Mode と Days 又は Years）が設定されていない',
      ),
    );
  }
  const versioning = setting(index, valueAt(props, 'VersioningConfiguration.Status'));
  if (!versioning.known) unresolved.push(notKnown('VersioningConfiguration.Status', versioning.why));
  else if (versioning.text !== 'Enabled')
    problems.push(localized('VersioningConfiguration.Status is not Enabled', 'VersioningConfiguration.Status が Enabled ではない'));
  return { problems, unresolved };
}

/** Control 37: a bucket that receives audit logs has Object Lock with a default retention, and versioning. */
export const auditBucketWorm = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const reason = auditLogReason(bucket, index);
  if (!reason) return notApplicable();
  const { problems, unresolved } = wormProblems(bucket, index);
  return problems.length > 0
    ? nonCompliant(
        localized(
          `${reason}, but ${problems.map((p) => p.en).join('; ')}`,
          `${auditLogReasonJa(reason)}が、${problems.map((p) => p.ja).join('、')}`,
        ),
      )
    : outcomeOf([], unresolved);
});
