import { localized, LocalizedDetail, nonCompliant, notApplicable, outcomeOf } from '../outcome';
import { resourceNamedBy, textForms } from '../../lib/template/names';
import { actionsCovered } from '../../lib/template/action-glob';
import { principalsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';
import { bucketPolicyStatements, namesBucket } from '../../lib/template/s3';
import { isRecord, Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';
import { auditLogReason, auditLogReasonJa, wormProblems } from './audit-bucket-worm';
import { isAccessLogTarget } from './s3-access-logging';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** True when AWS Config delivers its history into the bucket: a delivery channel names it, or its policy lets Config write. */
function receivesConfigHistory(bucket: TemplateResource, index: TemplateIndex): boolean {
  const self: Located = { resource: bucket, index };
  if (
    index
      .referrersOf(bucket, 'AWS::Config::DeliveryChannel')
      .some((channel) => namesBucket(channel.resource.properties.S3BucketName, self, channel.index))
  ) {
    return true;
  }
  return bucketPolicyStatements(bucket, index).statements.some(
    (s) =>
      s.effect === 'Allow' &&
      principalsOf(s).some((p) => p.kind === 'Service' && p.value === 'config.amazonaws.com') &&
      actionsCovered(s.actions, ['s3:PutObject']).length > 0,
  );
}

/** Why the bucket's objects are audit records, if they are. */
function auditRecordReason(bucket: TemplateResource, index: TemplateIndex): string | undefined {
  const reason = auditLogReason(bucket, index);
  if (reason) return `it holds audit logs (${reason})`;
  if (isAccessLogTarget(bucket, index)) return 'it receives S3 server access logs';
  if (receivesConfigHistory(bucket, index)) return 'it receives AWS Config history';
  return undefined;
}

/** `auditRecordReason` in Japanese. */
function recordReasonJa(why: string): string {
  const logs = /^it holds audit logs \((.*)\)$/.exec(why);
  if (logs) return `監査ログを保管する（${auditLogReasonJa(logs[1])}）`;
  if (why === 'it receives S3 server access logs') return 'S3 のサーバーアクセスログを受け取る';
  if (why === 'it receives AWS Config history') return 'AWS Config の履歴を受け取る';
  return why;
}

/**
 * Audit records that leave their bucket by replication go into a write-once audit-log bucket
 * of the checked templates: tagged (or written by a trail) as an audit-log bucket, with Object
 * Lock, a default retention and versioning. A destination named by a bucket name that no checked
 * template creates may not exist, and then the name is free for anyone to register and receive
 * the records.
 */
export const auditReplicationDestination = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const rules = list(valueAt(bucket.properties, 'ReplicationConfiguration.Rules')).filter(isRecord);
  if (rules.length === 0) return notApplicable();
  const why = auditRecordReason(bucket, index);
  if (!why) return notApplicable();
  const problems: LocalizedDetail[] = [];
  const unresolved: LocalizedDetail[] = [];
  rules.forEach((rule, position) => {
    if (index.literalString(rule.Status) === 'Disabled') return;
    const label = `ReplicationConfiguration.Rules[${position}]`;
    const value = valueAt(rule, 'Destination.Bucket');
    const destination = resourceNamedBy(index, value, 'AWS::S3::Bucket');
    if (!destination) {
      const texts = textForms(index, value).filter((text) => !text.includes('${'));
      if (texts.length === 0)
        unresolved.push(
          localized(
            `${label}.Destination.Bucket leaves the template (${JSON.stringify(value)})`,
            `${label}.Destination.Bucket の値はテンプレートの外で決まる（${JSON.stringify(value)}）`,
          ),
        );
      else
        problems.push(
          localized(
            `${label} replicates to ${texts.join(' or ')}, which no checked template creates: the records may go to a bucket that does not exist, whose name anyone can register`,
            `${label} が、検査したどのテンプレートも作成しない ${texts.join(' 又は ')} に複製する：記録は、だれでも名前を登録できる存在しないバケットに届くおそれがある`,
          ),
        );
      return;
    }
    const name = destination.resource.logicalId;
    const reason = auditLogReason(destination.resource, destination.index);
    if (!reason) {
      problems.push(
        localized(
          `${label} replicates to bucket ${name}, which is not an audit-log bucket (lgsec:purpose=audit-log, or a trail's bucket)`,
          `${label} が、監査ログのバケット（lgsec:purpose=audit-log 又は証跡のバケット）ではないバケット ${name} に複製する`,
        ),
      );
      return;
    }
    const worm = wormProblems(destination.resource, destination.index);
    if (worm.problems.length > 0)
      problems.push(
        localized(
          `${label} replicates to bucket ${name}, which is not write-once: ${worm.problems.map((p) => p.en).join('; ')}`,
          `${label} が追記のみでないバケット ${name} に複製する：${worm.problems.map((p) => p.ja).join('、')}`,
        ),
      );
    unresolved.push(...worm.unresolved.map((u) => localized(`destination ${name}: ${u.en}`, `複製先 ${name}：${u.ja}`)));
  });
  return problems.length > 0
    ? nonCompliant(
        localized(
          `${why}, but ${problems.map((p) => p.en).join('; ')}`,
          `${recordReasonJa(why)}が、${problems.map((p) => p.ja).join('、')}`,
        ),
      )
    : outcomeOf([], unresolved);
});
