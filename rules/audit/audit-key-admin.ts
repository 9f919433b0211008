import { Purpose, TAG_KEYS } from '../../lib/policy';
import { allowEverything, FOREIGN_ACCOUNT, instantiate, roleCaller } from '../../lib/template/iam/probes';
import { keyPolicyOf, principalAccountsNamed, principalArnsNamed, Probe, runProbes } from '../../lib/template/iam/resources';
import { accountOf, arnOf } from '../../lib/template/iam/template-policy';
import { displayText } from '../../lib/template/iam/truth';
import { LocalizedDetail, localized, nonCompliant, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';
import { namesBucket } from '../../lib/template/s3';
import { Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

/** Key actions that make every log the key encrypts unreadable, or open the way to it. */
export const DESTRUCTIVE_KEY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'];

/** Why a key protects audit logs: its purpose tag, a trail encrypting with it, or an audit-log bucket using it. */
function auditKeyReason(key: TemplateResource, index: TemplateIndex): LocalizedDetail | undefined {
  if (index.tagValue(key, TAG_KEYS.purpose) === Purpose.AUDIT_LOG)
    return localized(
      `it is tagged ${TAG_KEYS.purpose}=${Purpose.AUDIT_LOG}`,
      `${TAG_KEYS.purpose}=${Purpose.AUDIT_LOG} のタグが付いている`,
    );
  const self: Located = { resource: key, index };
  const trail = index.referrersOf(key, 'AWS::CloudTrail::Trail').find((ref) => ref.index.refersTo(ref.resource.properties.KMSKeyId, self));
  if (trail)
    return localized(`trail ${trail.resource.logicalId} encrypts with it`, `証跡 ${trail.resource.logicalId} がこのキーで暗号化している`);
  for (const ref of index.referrersOf(key, 'AWS::S3::Bucket')) {
    const bucket = ref.resource;
    const rules = valueAt(bucket.properties, 'BucketEncryption.ServerSideEncryptionConfiguration');
    const usesKey =
      Array.isArray(rules) && rules.some((rule) => ref.index.refersTo(valueAt(rule, 'ServerSideEncryptionByDefault.KMSMasterKeyID'), self));
    if (!usesKey) continue;
    if (ref.index.tagValue(bucket, TAG_KEYS.purpose) === Purpose.AUDIT_LOG)
      return localized(
        `audit-log bucket ${bucket.logicalId} is encrypted with it`,
        `監査ログバケット ${bucket.logicalId} がこのキーで暗号化されている`,
      );
    const bucketSelf: Located = { resource: bucket, index: ref.index };
    const writer = ref.index
      .referrersOf(bucket, 'AWS::CloudTrail::Trail')
      .find((t) => namesBucket(t.resource.properties.S3BucketName, bucketSelf, t.index));
    if (writer)
      return localized(
        `bucket ${bucket.logicalId}, which trail ${writer.resource.logicalId} writes into, is encrypted with it`,
        `証跡 ${writer.resource.logicalId} が書き込むバケット ${bucket.logicalId} がこのキーで暗号化されている`,
      );
  }
  return undefined;
}

/**
 * A key that encrypts audit logs can be disabled, scheduled for deletion or have its policy
 * rewritten only by named principals. Judged by the evaluator: an administrator of the key's
 * account, or of any account the key policy trusts (a role whose identity policy allows
 * everything, calling KMS directly, with MFA), and a role of another account bearing a name the
 * policy names by a wildcard account, are refused each destructive action. A condition that
 * direct calls satisfy (`StringEqualsIfExists kms:ViaService`) or that every principal of the
 * account meets (`aws:PrincipalAccount` of the account) does not stop them.
 */
export const auditKeyAdmin = resourceRule(['AWS::KMS::Key'], (key, index) => {
  const reason = auditKeyReason(key, index);
  if (!reason) return notApplicable();
  const policy = keyPolicyOf(key, index);
  const arn = arnOf({ resource: key, index });
  const account = accountOf(index);
  const identity = [allowEverything('an administrator policy')];
  const callers: { who: string; whoJa: string; caller: ReturnType<typeof roleCaller> }[] = [];
  for (const trusted of new Set([account, ...principalAccountsNamed(policy)])) {
    callers.push({
      who: `an administrator of account ${displayText(trusted)}`,
      whoJa: `アカウント ${displayText(trusted)} の管理者`,
      caller: roleCaller({ account: trusted }),
    });
  }
  for (const pattern of principalArnsNamed(policy)) {
    const match = /^arn:[^:]*:(?:iam|sts)::([^:]*):role\/(.+)$/.exec(pattern);
    if (!match || !/[*?]/.test(match[1])) continue;
    const role = instantiate(match[2]);
    callers.push({
      who: `role ${role} made in another account (${FOREIGN_ACCOUNT})`,
      whoJa: `別のアカウント（${FOREIGN_ACCOUNT}）で作られたロール ${role}`,
      caller: roleCaller({ account: FOREIGN_ACCOUNT, roleName: role }),
    });
  }
  const probes: (Probe & { action: string; who: string; whoJa: string })[] = [];
  for (const { who, whoJa, caller } of callers) {
    for (const action of DESTRUCTIVE_KEY_ACTIONS) {
      probes.push({
        action,
        who,
        whoJa,
        what: `${action} by ${who}`,
        request: { ...caller, action, resource: arn, resourceAccount: account },
        policies: { identity, resource: policy, resourceKind: 'key' },
      });
    }
  }
  const { allowed, open } = runProbes(probes);
  const byWho = new Map<string, { whoJa: string; actions: string[] }>();
  for (const { probe } of allowed) {
    const { who, whoJa, action } = probe as (typeof probes)[number];
    byWho.set(who, { whoJa, actions: [...(byWho.get(who)?.actions ?? []), action] });
  }
  const problems = [...byWho].map(([who, { actions }]) => `${who} may ${actions.join(', ')} by a direct call`);
  const problemsJa = [...byWho.values()].map(({ whoJa, actions }) => `${whoJa}が直接の呼び出しで ${actions.join(', ')} を実行できる`);
  if (problems.length > 0)
    return nonCompliant(localized(`${reason.en}, but ${problems.join('; ')}`, `${reason.ja}が、${problemsJa.join('。また、')}`));
  return outcomeOf(
    [],
    open.map((o) =>
      localized(
        `whether AWS allows ${o.probe.what} is not known: ${o.decision.reason}`,
        `AWS が ${o.probe.what} を許すか分からない：${o.decision.reason}`,
      ),
    ),
  );
});
