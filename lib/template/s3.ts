import { PolicyStatement, statementsOf } from './policy-document';
import { nameForms, textForms, valueNames } from './names';
import { Located, sameResource, TemplateIndex, TemplateResource } from './template-index';

/** The AWS::S3::BucketPolicy resources attached to a bucket (in any checked template) and their statements. */
export function bucketPolicyStatements(
  bucket: TemplateResource,
  index: TemplateIndex,
): { policies: Located[]; statements: PolicyStatement[] } {
  const self = { resource: bucket, index };
  const { byBucket, byName } = bucketPolicies(index);
  // A policy may name its bucket by the same Fn::Sub or literal name instead of a Ref.
  const policies = [
    ...(byBucket.get(`${index.key}#${bucket.logicalId}`) ?? []),
    ...byName.filter((policy) => valueNames(policy.index, policy.resource.properties.Bucket, self)),
  ];
  const statements = policies.flatMap((policy) => statementsOf(policy.resource.properties.PolicyDocument));
  return { policies, statements };
}

/** The bucket policies of the run: those whose Bucket is a reference, by bucket; the others, to match by name (built once per run). */
function bucketPolicies(index: TemplateIndex): { byBucket: Map<string, Located[]>; byName: Located[] } {
  const compute = (): { byBucket: Map<string, Located[]>; byName: Located[] } => {
    const byBucket = new Map<string, Located[]>();
    const byName: Located[] = [];
    const all = index.model
      ? index.model.ofType('AWS::S3::BucketPolicy')
      : index.ofType('AWS::S3::BucketPolicy').map((resource) => ({ resource, index }));
    for (const policy of all) {
      const ref = policy.index.follow(policy.resource.properties.Bucket);
      if (ref.kind !== 'resource') {
        byName.push(policy);
        continue;
      }
      const key = `${ref.index.key}#${ref.resource.logicalId}`;
      let list = byBucket.get(key);
      if (!list) byBucket.set(key, (list = []));
      list.push(policy);
    }
    return { byBucket, byName };
  };
  return index.model ? index.model.memoize('bucket-policies', compute) : compute();
}

/**
 * The ARN forms of a bucket as `flatten` writes them: `${Id.Arn}`, `arn:aws:s3:::${Id}`, and
 * `arn:aws:s3:::<name>` for its BucketName however written (literal, Fn::Sub, a parameter).
 */
function bucketArnForms(bucket: TemplateResource, index: TemplateIndex): string[] {
  return [`\${${bucket.logicalId}.Arn}`, ...nameForms({ resource: bucket, index }, index).map((name) => `arn:aws:s3:::${name}`)];
}

/**
 * A policy Resource as texts, references written `${…}` and the partition as `aws`: CDK writes
 * `Fn::Join ['', [GetAtt Bucket.Arn, '/*']]`, templates by hand often `!Sub arn:${AWS::Partition}:s3:::${Bucket}/*`.
 */
function resourceTexts(value: unknown, index: TemplateIndex): string[] {
  return textForms(index, value);
}

/** True when one of the statement's resources is the bucket itself (its ARN) or everything. */
export function statementCoversBucket(statement: PolicyStatement, bucket: TemplateResource, index: TemplateIndex): boolean {
  const forms = bucketArnForms(bucket, index);
  return statement.resources.some((value) =>
    resourceTexts(value, index).some((text) => text === '*' || text === 'arn:aws:s3:::*' || forms.includes(text)),
  );
}

/** True when one of the statement's resources is the bucket's objects (`<bucket arn>/*`) or everything. */
export function statementCoversBucketObjects(statement: PolicyStatement, bucket: TemplateResource, index: TemplateIndex): boolean {
  const forms = bucketArnForms(bucket, index).map((form) => `${form}/*`);
  return statement.resources.some((value) =>
    resourceTexts(value, index).some(
      (text) => text === '*' || text === 'arn:aws:s3:::*' || text === 'arn:aws:s3:::*/*' || forms.includes(text),
    ),
  );
}

/** True when a value names this bucket (Ref, Arn, a literal name or ARN). */
export function namesBucket(value: unknown, bucket: Located, from: TemplateIndex): boolean {
  const ref = from.follow(value);
  if (ref.kind === 'resource') return sameResource(ref, bucket);
  return valueNames(from, value, bucket);
}
