import { compliant, localized, nonCompliant } from '../outcome';
import { principalsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';
import { bucketPolicyStatements, namesBucket } from '../../lib/template/s3';
import { Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

/** True when the bucket receives server access logs: another bucket logs into it, or its policy admits the log service. */
export function isAccessLogTarget(bucket: TemplateResource, index: TemplateIndex): boolean {
  const self: Located = { resource: bucket, index };
  if (index.literalString(bucket.properties.AccessControl) === 'LogDeliveryWrite') return true;
  const sources = index.referrersOf(bucket, 'AWS::S3::Bucket');
  if (
    sources.some((source) =>
      namesBucket(valueAt(source.resource.properties, 'LoggingConfiguration.DestinationBucketName'), self, source.index),
    )
  )
    return true;
  return bucketPolicyStatements(bucket, index).statements.some(
    (s) => s.effect === 'Allow' && principalsOf(s).some((p) => p.kind === 'Service' && p.value === 'logging.s3.amazonaws.com'),
  );
}

/** Control 31: S3 buckets have server access logging, except a bucket that is itself an access-log target. */
export const s3AccessLogging = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  if (valueAt(bucket.properties, 'LoggingConfiguration.DestinationBucketName') !== undefined) return compliant();
  if (isAccessLogTarget(bucket, index)) return compliant();
  return nonCompliant(
    localized('LoggingConfiguration.DestinationBucketName is not set', 'LoggingConfiguration.DestinationBucketName が設定されていない'),
  );
});
