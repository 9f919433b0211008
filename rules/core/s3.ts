import { PolicyStatement, statementsOf } from './policy-document';
import { flatten } from './principal';
import { Located, sameResource, TemplateIndex, TemplateResource } from './template-index';

/** The AWS::S3::BucketPolicy resources attached to a bucket (in any checked template) and their statements. */
export function bucketPolicyStatements(bucket: TemplateResource, index: TemplateIndex): { policies: Located[]; statements: PolicyStatement[] } {
  const policies = index.referrersOf(bucket, 'AWS::S3::BucketPolicy')
    .filter((policy) => policy.index.refersTo(policy.resource.properties.Bucket, { resource: bucket, index }));
  const statements = policies.flatMap((policy) => statementsOf(policy.resource.properties.PolicyDocument));
  return { policies, statements };
}

/** The ARN forms of a bucket as `flatten` writes them: `${Id.Arn}`, `arn:aws:s3:::${Id}`, and its literal name. */
function bucketArnForms(bucket: TemplateResource, index: TemplateIndex): string[] {
  const forms = [`\${${bucket.logicalId}.Arn}`, `arn:aws:s3:::\${${bucket.logicalId}}`];
  const name = index.literalString(bucket.properties.BucketName);
  if (name !== undefined) forms.push(`arn:aws:s3:::${name}`);
  return forms;
}

/**
 * A policy Resource as text, references written `${…}` and the partition as `aws`: CDK writes
 * `Fn::Join ['', [GetAtt Bucket.Arn, '/*']]`, templates by hand often `!Sub arn:${AWS::Partition}:s3:::${Bucket}/*`.
 */
function resourceText(value: unknown, index: TemplateIndex): string {
  return flatten(index, value).replace(/\$\{AWS::Partition\}/g, 'aws');
}

/** True when one of the statement's resources is the bucket itself (its ARN) or everything. */
export function statementCoversBucket(statement: PolicyStatement, bucket: TemplateResource, index: TemplateIndex): boolean {
  const forms = bucketArnForms(bucket, index);
  return statement.resources.some((value) => {
    const text = resourceText(value, index);
    return text === '*' || text === 'arn:aws:s3:::*' || forms.includes(text);
  });
}

/** True when one of the statement's resources is the bucket's objects (`<bucket arn>/*`) or everything. */
export function statementCoversBucketObjects(statement: PolicyStatement, bucket: TemplateResource, index: TemplateIndex): boolean {
  const forms = bucketArnForms(bucket, index).map((form) => `${form}/*`);
  return statement.resources.some((value) => {
    const text = resourceText(value, index);
    return text === '*' || text === 'arn:aws:s3:::*' || text === 'arn:aws:s3:::*/*' || forms.includes(text);
  });
}

/** True when a value names this bucket (Ref, Arn, a literal name or ARN). */
export function namesBucket(value: unknown, bucket: Located, from: TemplateIndex): boolean {
  const ref = from.follow(value);
  if (ref.kind === 'resource') return sameResource(ref, bucket);
  const text = from.literalString(value);
  const name = bucket.index.literalString(bucket.resource.properties.BucketName);
  return text !== undefined && name !== undefined && (text === name || text === `arn:aws:s3:::${name}`);
}
