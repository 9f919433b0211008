import { compliant, nonCompliant } from '../outcome';
import { conditionValues, coversAllActions, isFalse, principalsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';
import { bucketPolicyStatements, statementCoversBucket, statementCoversBucketObjects } from '../../lib/template/s3';

/** Control 30: S3 bucket policies deny requests made without TLS. */
export const s3TlsOnly = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { statements, policies } = bucketPolicyStatements(bucket, index);
  if (policies.length === 0)
    return nonCompliant('the bucket has no AWS::S3::BucketPolicy denying requests where aws:SecureTransport is false');
  const denies = statements.filter(
    (s) =>
      s.effect === 'Deny' &&
      principalsOf(s).some((p) => p.value === '*') &&
      coversAllActions(s.actions, 's3') &&
      conditionValues(s, /^Bool(IfExists)?$/i, 'aws:SecureTransport').some(isFalse),
  );
  if (denies.length === 0)
    return nonCompliant('no bucket policy statement denies s3:* to every principal when aws:SecureTransport is false');
  const bucketCovered = denies.some((s) => statementCoversBucket(s, bucket, index));
  const objectsCovered = denies.some((s) => statementCoversBucketObjects(s, bucket, index));
  if (!bucketCovered || !objectsCovered)
    return nonCompliant(`the TLS deny statement does not cover ${!bucketCovered ? 'the bucket ARN' : 'the objects (<bucket ARN>/*)'}`);
  return compliant();
});
