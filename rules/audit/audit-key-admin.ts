import { Purpose, TAG_KEYS } from '../../lib/policy';
import { actionsCovered } from '../../lib/template/action-glob';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { PolicyStatement, principalsOf, statementsOf } from '../../lib/template/policy-document';
import { awsPrincipal } from '../../lib/template/principal';
import { resourceRule } from '../rule';
import { namesBucket } from '../../lib/template/s3';
import { Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

/** Key actions that make every log the key encrypts unreadable, or open the way to it. */
export const DESTRUCTIVE_KEY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'];

/** Why a key protects audit logs: its purpose tag, a trail encrypting with it, or an audit-log bucket using it. */
function auditKeyReason(key: TemplateResource, index: TemplateIndex): string | undefined {
  if (index.tagValue(key, TAG_KEYS.purpose) === Purpose.AUDIT_LOG) return `it is tagged ${TAG_KEYS.purpose}=${Purpose.AUDIT_LOG}`;
  const self: Located = { resource: key, index };
  const trail = index.referrersOf(key, 'AWS::CloudTrail::Trail').find((ref) => ref.index.refersTo(ref.resource.properties.KMSKeyId, self));
  if (trail) return `trail ${trail.resource.logicalId} encrypts with it`;
  for (const ref of index.referrersOf(key, 'AWS::S3::Bucket')) {
    const bucket = ref.resource;
    const rules = valueAt(bucket.properties, 'BucketEncryption.ServerSideEncryptionConfiguration');
    const usesKey =
      Array.isArray(rules) && rules.some((rule) => ref.index.refersTo(valueAt(rule, 'ServerSideEncryptionByDefault.KMSMasterKeyID'), self));
    if (!usesKey) continue;
    if (ref.index.tagValue(bucket, TAG_KEYS.purpose) === Purpose.AUDIT_LOG)
      return `audit-log bucket ${bucket.logicalId} is encrypted with it`;
    const bucketSelf: Located = { resource: bucket, index: ref.index };
    const writer = ref.index
      .referrersOf(bucket, 'AWS::CloudTrail::Trail')
      .find((t) => namesBucket(t.resource.properties.S3BucketName, bucketSelf, t.index));
    if (writer) return `bucket ${bucket.logicalId}, which trail ${writer.resource.logicalId} writes into, is encrypted with it`;
  }
  return undefined;
}

/** True when the statement's principal is the account itself (root) or anyone. */
function grantsAccountOrAnyone(statement: PolicyStatement, index: TemplateIndex): boolean {
  return principalsOf(statement).some(({ kind, value }) => {
    if (kind !== 'AWS') return false;
    const principal = awsPrincipal(index, value);
    return principal.kind === 'any' || principal.kind === 'account';
  });
}

/**
 * A key that encrypts audit logs can be disabled, scheduled for deletion or have its policy
 * rewritten only by named principals: no Allow of those actions to the account root (IAM
 * delegation: any administrator of the account) or to anyone without a condition, unless an
 * explicit Deny covers the action.
 */
export const auditKeyAdmin = resourceRule(['AWS::KMS::Key'], (key, index) => {
  const reason = auditKeyReason(key, index);
  if (!reason) return notApplicable();
  const statements = statementsOf(key.properties.KeyPolicy);
  const denied = new Set<string>();
  for (const s of statements) {
    if (s.effect !== 'Deny') continue;
    if (!principalsOf(s).some(({ kind, value }) => kind === 'AWS' && value === '*')) continue;
    for (const action of actionsCovered(s.actions, DESTRUCTIVE_KEY_ACTIONS)) denied.add(action);
  }
  const problems: string[] = [];
  statements.forEach((s, position) => {
    if (s.effect !== 'Allow' || Object.keys(s.condition).length > 0 || !grantsAccountOrAnyone(s, index)) return;
    const open = actionsCovered(s.actions, DESTRUCTIVE_KEY_ACTIONS).filter((action) => !denied.has(action));
    if (open.length > 0) {
      problems.push(
        `statement ${position + 1} lets the account (any administrator) ${open.join(', ')} without a condition and no Deny covers it`,
      );
    }
  });
  return problems.length > 0 ? nonCompliant(`${reason}, but ${problems.join('; ')}`) : compliant();
});
