import { parseZone, TAG_KEYS, Zone } from '../../lib/policy';
import { classificationOf } from '../../lib/template/data-store';
import { notApplicable, outcomeOf } from '../outcome';
import { conditionValues, coversAllActions, isFalse, PolicyStatement, principalsOf } from '../../lib/template/policy-document';
import { flatten } from '../../lib/template/principal';
import { resourceRule } from '../rule';
import { bucketPolicyStatements, statementCoversBucketObjects } from '../../lib/template/s3';
import { isRecord, TemplateIndex, TemplateResource } from '../../lib/template/template-index';

const NOT_EQUALS = /^String(NotEquals|NotLike)(IfExists)?$/i;
const SSE = 's3:x-amz-server-side-encryption';
const SSE_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const SSE_C = 's3:x-amz-server-side-encryption-customer-algorithm';
const KMS_VALUES = new Set(['aws:kms', 'aws:kms:dsse']);

/**
 * True when every condition key of the statement is one of `keys`: conditions are ANDed, so a
 * deny that also tests another key (another header, a principal) refuses less than it seems.
 */
function conditionsOnly(statement: PolicyStatement, ...keys: string[]): boolean {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return Object.values(statement.condition).every(
    (block) => isRecord(block) && Object.keys(block).every((key) => wanted.has(key.toLowerCase())),
  );
}

function deniesPutObject(statement: PolicyStatement): boolean {
  return (
    statement.effect === 'Deny' &&
    principalsOf(statement).some((p) => p.value === '*') &&
    (coversAllActions(statement.actions, 's3') ||
      statement.actions.some((a) => typeof a === 'string' && /^s3:(put\*|putobject\*?)$/i.test(a)))
  );
}

/** The bucket's default encryption: its algorithm and KMS key (KMSMasterKeyID), as values of the template. */
function defaultEncryption(bucket: TemplateResource, index: TemplateIndex): { algorithm?: string; key?: unknown } {
  const rules = (bucket.properties.BucketEncryption as Record<string, unknown> | undefined)?.ServerSideEncryptionConfiguration;
  const first = Array.isArray(rules) ? rules.find((r) => isRecord(r) && isRecord(r.ServerSideEncryptionByDefault)) : undefined;
  if (!isRecord(first) || !isRecord(first.ServerSideEncryptionByDefault)) return {};
  const byDefault = first.ServerSideEncryptionByDefault;
  return { algorithm: index.literalString(byDefault.SSEAlgorithm), key: byDefault.KMSMasterKeyID };
}

function sameKey(index: TemplateIndex, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  const ra = index.follow(a);
  const rb = index.follow(b);
  if (ra.kind === 'resource' && rb.kind === 'resource') return ra.resource === rb.resource;
  return flatten(index, a) === flatten(index, b);
}

/**
 * A confidentiality 3 bucket, or a bucket of the My Number or LGWAN zone, refuses uploads that
 * ask for another encryption: its policy denies s3:PutObject when the
 * x-amz-server-side-encryption header is not aws:kms, when the KMS key header names another key
 * than the bucket's, and when SSE-C is asked for. Uploads without these headers still get the
 * bucket's default encryption; the headers are how a writer picks SSE-S3 or a key it controls
 * (in another account) and so takes the data out of the key policy's reach.
 */
export const closedBucketEncryptionHeader = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { classification } = classificationOf(bucket, index);
  const zone = parseZone(index.tagValue(bucket, TAG_KEYS.zone));
  const closed = zone === Zone.MY_NUMBER || zone === Zone.LGWAN;
  if (!closed && (!classification || classification.confidentiality < 3)) return notApplicable();
  const denies = bucketPolicyStatements(bucket, index).statements.filter(
    (s) => deniesPutObject(s) && statementCoversBucketObjects(s, bucket, index),
  );
  const problems: string[] = [];
  const { algorithm, key } = defaultEncryption(bucket, index);
  // An SSE-S3 bucket (server access log targets must be) accepts AES256 headers only.
  const sseS3 = algorithm === 'AES256';
  const expected = sseS3 ? new Set(['AES256']) : KMS_VALUES;
  const headerDeny = denies.find((s) => {
    const values = conditionValues(s, NOT_EQUALS, SSE);
    return values.length > 0 && conditionsOnly(s, SSE) && values.every((v) => typeof v === 'string' && expected.has(v));
  });
  if (!headerDeny)
    problems.push(
      `no statement denies s3:PutObject when ${SSE} is not ${sseS3 ? 'AES256 (SSE-KMS uploads under any key' : 'aws:kms (SSE-S3 uploads'} are accepted)`,
    );
  // S3 refuses a KMS key header without the aws:kms header, which an SSE-S3 bucket's header deny refuses.
  const keyDeny = sseS3
    ? headerDeny !== undefined
    : denies.some((s) => {
        const values = conditionValues(s, NOT_EQUALS, SSE_KEY);
        return values.length > 0 && conditionsOnly(s, SSE_KEY) && (key === undefined || values.every((v) => sameKey(index, v, key)));
      });
  if (!keyDeny && !sseS3)
    problems.push(`no statement denies s3:PutObject when ${SSE_KEY} is not the bucket's own key (uploads under another key are accepted)`);
  // A header deny without a Null guard also refuses requests without the header, SSE-C ones included.
  const headerRequired = headerDeny !== undefined && !conditionValues(headerDeny, /^Null$/i, SSE).some(isFalse);
  const sseCDeny = headerRequired || denies.some((s) => conditionsOnly(s, SSE_C) && conditionValues(s, /^Null$/i, SSE_C).some(isFalse));
  if (!sseCDeny) problems.push(`no statement denies s3:PutObject when ${SSE_C} is present (SSE-C uploads are accepted)`);
  return outcomeOf(problems);
});
