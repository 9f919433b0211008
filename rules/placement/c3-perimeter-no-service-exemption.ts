import { classificationOf } from '../../lib/template/data-store';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { conditionValues, coversAllActions, PolicyStatement, principalsOf } from '../../lib/template/policy-document';
import { bucketPolicyStatements, statementCoversBucketObjects } from '../../lib/template/s3';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

const NOT_EQUALS = /^(ForAnyValue:|ForAllValues:)?String(NotEquals|NotLike)(IfExists)?$/i;
/** Keys that exempt requests AWS services make with the caller's credentials (forward access sessions). */
const FORWARD_ACCESS_KEY = /^aws:(ViaAWSService|CalledVia|CalledViaFirst|CalledViaLast)$/i;

function deniesObjectReads(statement: PolicyStatement): boolean {
  if (statement.notActions.length > 0) {
    return !statement.notActions.some((a) => typeof a === 'string' && /^s3:(\*|get\*|getobject\*?)$/i.test(a));
  }
  return (
    coversAllActions(statement.actions, 's3') ||
    statement.actions.some((a) => typeof a === 'string' && /^s3:(get\*|getobject\*?)$/i.test(a))
  );
}

function exemptsForwardAccess(statement: PolicyStatement): boolean {
  return Object.values(statement.condition).some(
    (block) => isRecord(block) && Object.keys(block).some((key) => FORWARD_ACCESS_KEY.test(key)),
  );
}

/**
 * The perimeter of a confidentiality 3 bucket also holds for requests that AWS services make
 * on a caller's behalf: no statement that denies object reads outside the zone's endpoints
 * exempts `aws:ViaAWSService` (or `aws:CalledVia`). Otherwise Athena, Glue or any other service
 * that uses forward access sessions reads My Number records from any network.
 */
export const c3PerimeterNoServiceExemption = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { classification } = classificationOf(bucket, index);
  if (!classification || classification.confidentiality < 3) return notApplicable();
  const perimeter = bucketPolicyStatements(bucket, index).statements.filter(
    (s) =>
      s.effect === 'Deny' &&
      principalsOf(s).some((p) => p.value === '*') &&
      statementCoversBucketObjects(s, bucket, index) &&
      deniesObjectReads(s) &&
      (conditionValues(s, NOT_EQUALS, 'aws:SourceVpce').length > 0 || conditionValues(s, NOT_EQUALS, 'aws:SourceVpc').length > 0),
  );
  // No perimeter at all is LGSEC-C3-BUCKET-ENDPOINT-ONLY's finding.
  if (perimeter.length === 0) return notApplicable();
  if (perimeter.some((s) => !exemptsForwardAccess(s))) return compliant();
  return nonCompliant(
    "every statement that denies object reads outside the zone's endpoints exempts aws:ViaAWSService or aws:CalledVia, so AWS services acting for a caller (Athena, Glue, …) read the objects from any network; deny object actions without that exemption",
  );
});
