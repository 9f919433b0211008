import { parseZone, TAG_KEYS, Zone } from '../../lib/policy';
import { classificationOf } from '../../lib/template/data-store';
import { allowEverything, FOREIGN_ACCOUNT, OUTSIDE_PATHS, pathsThrough, roleCaller } from '../../lib/template/iam/probes';
import { bucketPolicyOf, networkPathsNamed, Probe, rolesNamedIn, runProbes, valuesNamed } from '../../lib/template/iam/resources';
import { accountOf, arnOf, readText, refOf } from '../../lib/template/iam/template-policy';
import { displayText } from '../../lib/template/iam/truth';
import { LocalizedDetail, localized, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

const SSE = 's3:x-amz-server-side-encryption';
const SSE_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const SSE_C = 's3:x-amz-server-side-encryption-customer-algorithm';

/** The bucket's default encryption: its algorithm and the texts its KMS key may be named by (ARN, key id). */
function defaultEncryption(bucket: TemplateResource, index: TemplateIndex): { algorithm?: string; keyNames: string[] } {
  const rules = valueAt(bucket.properties, 'BucketEncryption.ServerSideEncryptionConfiguration');
  const first = Array.isArray(rules) ? rules.find((r) => isRecord(r) && isRecord(r.ServerSideEncryptionByDefault)) : undefined;
  const byDefault = isRecord(first) && isRecord(first.ServerSideEncryptionByDefault) ? first.ServerSideEncryptionByDefault : {};
  const algorithm = index.literalString(byDefault.SSEAlgorithm);
  const keyNames = new Set<string>();
  const written = byDefault.KMSMasterKeyID === undefined ? undefined : readText(index, byDefault.KMSMasterKeyID);
  if (typeof written === 'string') keyNames.add(written);
  const key = index.resourceOf(byDefault.KMSMasterKeyID, 'AWS::KMS::Key');
  if (key) [arnOf(key), refOf(key)].forEach((name) => keyNames.add(name));
  return { algorithm, keyNames: [...keyNames] };
}

/**
 * A confidentiality 3 bucket, or a bucket of the My Number or LGWAN zone, refuses uploads that
 * ask for another encryption. Judged by the evaluator: an administrator of the account (and each
 * role the policy names) uploading from the internet and through every endpoint or VPC the
 * policy names, with the x-amz-server-side-encryption header of another
 * algorithm, with a KMS key header naming another key (the adversary's, or another the policy
 * names), or with SSE-C headers, is refused every time. Uploads without these headers still get
 * the bucket's default encryption; the headers are how a writer picks SSE-S3 or a key it
 * controls and so takes the data out of the key policy's reach.
 */
export const closedBucketEncryptionHeader = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { classification } = classificationOf(bucket, index);
  const zone = parseZone(index.tagValue(bucket, TAG_KEYS.zone));
  const closed = zone === Zone.MY_NUMBER || zone === Zone.LGWAN;
  if (!closed && (!classification || classification.confidentiality < 3)) return notApplicable();
  const policy = bucketPolicyOf(bucket, index);
  const { algorithm, keyNames } = defaultEncryption(bucket, index);
  // An SSE-S3 bucket (server access log targets must be) accepts AES256 headers only.
  const sseS3 = algorithm === 'AES256';
  const account = accountOf(index);
  const region = index.region ?? 'ap-northeast-1';
  const object = `${arnOf({ resource: bucket, index })}/lgsec-probe`;
  const named = policy ? networkPathsNamed(policy) : { vpces: [], vpcs: [] };
  // From the internet, and by every path the policy names (an exemption for one of its endpoints shows there).
  const paths = [OUTSIDE_PATHS[0], ...pathsThrough(named.vpces, named.vpcs)];
  const roles = ['lgsec-probe-administrator', ...(policy ? rolesNamedIn(policy, account) : [])];
  const otherKeys = [
    `arn:aws:kms:${region}:${FOREIGN_ACCOUNT}:key/lgsec-probe`,
    ...(policy ? valuesNamed(policy, new RegExp(`^${SSE_KEY}$`)) : []).filter((key) => !keyNames.includes(key)),
  ];
  const headers: { kind: 'algorithm' | 'key' | 'sse-c'; what: string; context: Record<string, string> }[] = [
    sseS3
      ? { kind: 'algorithm', what: `${SSE} aws:kms`, context: { [SSE]: 'aws:kms' } }
      : { kind: 'algorithm', what: `${SSE} AES256`, context: { [SSE]: 'AES256' } },
    ...(sseS3
      ? []
      : otherKeys.map((key) => ({
          kind: 'key' as const,
          what: `${SSE_KEY} ${displayText(key)}`,
          context: { [SSE]: 'aws:kms', [SSE_KEY]: key },
        }))),
    { kind: 'sse-c', what: `${SSE_C} AES256`, context: { [SSE_C]: 'AES256' } },
  ];
  const probes: (Probe & { kind: string })[] = [];
  for (const header of headers) {
    for (const role of new Set(roles)) {
      for (const path of paths) {
        const caller = roleCaller({ account, roleName: role, context: { ...path.context, ...header.context } });
        probes.push({
          kind: header.kind,
          what: `s3:PutObject with ${header.what} by role ${role} ${path.where}`,
          request: { ...caller, action: 's3:PutObject', resource: object, resourceAccount: account },
          policies: { identity: [allowEverything('an administrator policy')], ...(policy ? { resource: policy } : {}) },
        });
      }
    }
  }
  const { allowed, open } = runProbes(probes);
  const example = (kind: string): LocalizedDetail | undefined => {
    const found = allowed.find((a) => (a.probe as Probe & { kind: string }).kind === kind);
    return found ? localized(` (AWS allows ${found.probe.what})`, `（AWS は ${found.probe.what} を許す）`) : undefined;
  };
  const problems: LocalizedDetail[] = [];
  const wrongAlgorithm = example('algorithm');
  if (wrongAlgorithm)
    problems.push(
      localized(
        `no statement denies s3:PutObject when ${SSE} is not ` +
          `${sseS3 ? 'AES256 (SSE-KMS uploads under any key' : 'aws:kms (SSE-S3 uploads'} are accepted)${wrongAlgorithm.en}`,
        `${SSE} が ${sseS3 ? 'AES256' : 'aws:kms'} でないときに s3:PutObject を拒否するステートメントがない` +
          `（${sseS3 ? '任意のキーでの SSE-KMS' : 'SSE-S3'} のアップロードが受け付けられる）${wrongAlgorithm.ja}`,
      ),
    );
  const otherKey = example('key');
  if (otherKey)
    problems.push(
      localized(
        `no statement denies s3:PutObject when ${SSE_KEY} is not the bucket's own key ` +
          `(uploads under another key are accepted)${otherKey.en}`,
        `${SSE_KEY} がバケット自身のキーでないときに s3:PutObject を拒否するステートメントがない` +
          `（別のキーでのアップロードが受け付けられる）${otherKey.ja}`,
      ),
    );
  const sseC = example('sse-c');
  if (sseC)
    problems.push(
      localized(
        `no statement denies s3:PutObject when ${SSE_C} is present (SSE-C uploads are accepted)${sseC.en}`,
        `${SSE_C} があるときに s3:PutObject を拒否するステートメントがない（SSE-C のアップロードが受け付けられる）${sseC.ja}`,
      ),
    );
  return outcomeOf(
    problems,
    open.map((o) =>
      localized(
        `whether AWS allows ${o.probe.what} is not known: ${o.decision.reason}`,
        `AWS が ${o.probe.what} を許すか分からない：${o.decision.reason}`,
      ),
    ),
  );
});
