import { PolicyStatement, statementsOf } from './policy-document';
import { isRecord, Located, TemplateIndex, TemplateResource } from './template-index';

/** The AWS::S3::BucketPolicy resources attached to a bucket (in any checked template) and their statements. */
export function bucketPolicyStatements(bucket: TemplateResource, index: TemplateIndex): { policies: Located[]; statements: PolicyStatement[] } {
  const policies = index.referrersOf(bucket, 'AWS::S3::BucketPolicy')
    .filter((policy) => policy.index.refersTo(policy.resource.properties.Bucket, { resource: bucket, index }));
  const statements = policies.flatMap((policy) => statementsOf(policy.resource.properties.PolicyDocument));
  return { policies, statements };
}

/** True when one of the statement's resources is the bucket's objects (`<bucket arn>/*`) or everything. */
export function statementCoversBucketObjects(statement: PolicyStatement, bucket: TemplateResource, index: TemplateIndex): boolean {
  return statement.resources.some((value) => resourceIsBucketObjects(value, bucket, index));
}

/** True when one of the statement's resources is the bucket itself (its ARN) or everything. */
export function statementCoversBucket(statement: PolicyStatement, bucket: TemplateResource, index: TemplateIndex): boolean {
  return statement.resources.some((value) => {
    if (value === '*' || value === 'arn:aws:s3:::*') return true;
    const ref = index.follow(value);
    if (ref.kind === 'resource' && ref.resource === bucket) return true;
    const text = index.literalString(value);
    const name = index.literalString(bucket.properties.BucketName);
    return text !== undefined && name !== undefined && text === `arn:aws:s3:::${name}`;
  });
}

function resourceIsBucketObjects(value: unknown, bucket: TemplateResource, index: TemplateIndex): boolean {
  if (value === '*' || value === 'arn:aws:s3:::*' || value === 'arn:aws:s3:::*/*') return true;
  const text = index.literalString(value);
  const name = index.literalString(bucket.properties.BucketName);
  if (text !== undefined) return name !== undefined && (text === `arn:aws:s3:::${name}/*`);
  if (!isRecord(value)) return false;
  // CDK writes `Fn::Join ['', [GetAtt Bucket.Arn, '/*']]`; templates by hand often use Fn::Sub.
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const parts = join[1];
    const last = parts[parts.length - 1];
    return typeof last === 'string' && last.endsWith('/*') && parts.slice(0, -1).some((part) => {
      const ref = index.follow(part);
      return ref.kind === 'resource' && ref.resource === bucket;
    });
  }
  const sub = value['Fn::Sub'];
  const text2 = Array.isArray(sub) ? sub[0] : sub;
  if (typeof text2 === 'string') {
    return text2 === `\${${bucket.logicalId}.Arn}/*` || text2 === `arn:aws:s3:::\${${bucket.logicalId}}/*` || text2 === `arn:\${AWS::Partition}:s3:::\${${bucket.logicalId}}/*`;
  }
  return false;
}

/** True when a value names this bucket (Ref, Arn, a literal name or ARN). */
export function namesBucket(value: unknown, bucket: Located, from: TemplateIndex): boolean {
  const ref = from.follow(value);
  if (ref.kind === 'resource') return ref.resource === bucket.resource;
  const text = from.literalString(value);
  const name = bucket.index.literalString(bucket.resource.properties.BucketName);
  return text !== undefined && name !== undefined && (text === name || text === `arn:aws:s3:::${name}`);
}
