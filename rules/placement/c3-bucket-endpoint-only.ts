import { classificationOf } from '../../lib/template/data-store';
import { bucketPolicyStatements, statementCoversBucketObjects } from '../../lib/template/s3';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { conditionValues, coversAllActions, principalsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';

const NOT_EQUALS = /^(ForAnyValue:|ForAllValues:)?String(NotEquals|NotLike)(IfExists)?$/i;

/** Control 7: the policy of a confidentiality 3 bucket denies every request not coming through a VPC endpoint. */
export const c3BucketEndpointOnly = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { classification } = classificationOf(bucket, index);
  if (!classification || classification.confidentiality < 3) return notApplicable();
  const { statements, policies } = bucketPolicyStatements(bucket, index);
  if (policies.length === 0)
    return nonCompliant(
      "the bucket has no AWS::S3::BucketPolicy; add one that denies requests whose aws:SourceVpce (or aws:SourceVpc) is not the zone's endpoint",
    );
  const perimeter = statements.some(
    (s) =>
      s.effect === 'Deny' &&
      principalsOf(s).some((p) => p.value === '*') &&
      (coversAllActions(s.actions, 's3') || s.notActions.length > 0) &&
      statementCoversBucketObjects(s, bucket, index) &&
      (conditionValues(s, NOT_EQUALS, 'aws:SourceVpce').length > 0 || conditionValues(s, NOT_EQUALS, 'aws:SourceVpc').length > 0),
  );
  return perimeter
    ? compliant()
    : nonCompliant(
        "no bucket policy statement denies s3:* to every principal when aws:SourceVpce (or aws:SourceVpc) is not the zone's endpoint",
      );
});
