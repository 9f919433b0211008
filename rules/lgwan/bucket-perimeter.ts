import { TAG_KEYS, Zone } from '../../lib/policy';
import { classificationOf } from '../../lib/template/data-store';
import { bucketPolicyStatements, statementCoversBucketObjects } from '../../lib/template/s3';
import { compliant, localized, nonCompliant, notApplicable } from '../outcome';
import { conditionValues, coversAllActions, PolicyStatement, principalsOf } from '../../lib/template/policy-document';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';
import { isAccessLogTarget } from '../audit/s3-access-logging';

const NOT_EQUALS = /^(ForAnyValue:|ForAllValues:)?String(NotEquals|NotLike)(IfExists)?$/i;
/** Keys that exempt requests AWS services make with the caller's credentials (forward access sessions). */
const FORWARD_ACCESS_KEY = /^aws:(ViaAWSService|CalledVia|CalledViaFirst|CalledViaLast)$/i;

/** A Deny of every S3 action (or of all but some, with NotAction) on the bucket's objects, to everyone, outside given endpoints or VPCs. */
function isObjectPerimeter(statement: PolicyStatement): boolean {
  return (
    statement.effect === 'Deny' &&
    principalsOf(statement).some((p) => p.value === '*') &&
    (coversAllActions(statement.actions, 's3') ||
      (statement.notActions.length > 0 &&
        !statement.notActions.some((a) => typeof a === 'string' && /^s3:(\*|get\*|getobject\*?)$/i.test(a)))) &&
    (conditionValues(statement, NOT_EQUALS, 'aws:SourceVpce').length > 0 ||
      conditionValues(statement, NOT_EQUALS, 'aws:SourceVpc').length > 0)
  );
}

function exemptsForwardAccess(statement: PolicyStatement): boolean {
  return Object.values(statement.condition).some(
    (block) => isRecord(block) && Object.keys(block).some((key) => FORWARD_ACCESS_KEY.test(key)),
  );
}

/**
 * A confidentiality 2 or 3 bucket of the LGWAN zone answers only requests that arrive through a
 * VPC endpoint of the zone: its policy denies every S3 action on its objects to everyone outside
 * them (aws:SourceVpce or aws:SourceVpc), without exempting AWS services that act for a caller
 * (aws:ViaAWSService), as the My Number zone's perimeter does for confidentiality 3. Otherwise
 * any administrator of the account, from any network, reads the zone's data. An access-log
 * target is not held to it: its records are read by auditors outside the zone.
 */
export const lgwanBucketPerimeter = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  // A bucket is in no VPC: its zone is its tag (AuditedBucket sets it from the zone it is placed in).
  if (index.tagValue(bucket, TAG_KEYS.zone) !== Zone.LGWAN) return notApplicable();
  const { classification } = classificationOf(bucket, index);
  if (!classification || classification.confidentiality < 2) return notApplicable();
  // Server access logs are audit records about the zone's buckets, read by auditors who work
  // outside the zone; the audit rules govern them (write-once copies, TLS, no public access).
  if (isAccessLogTarget(bucket, index)) return notApplicable();
  const perimeter = bucketPolicyStatements(bucket, index).statements.filter(
    (s) => isObjectPerimeter(s) && statementCoversBucketObjects(s, bucket, index),
  );
  if (perimeter.length === 0) {
    return nonCompliant(
      localized(
        `the bucket is confidentiality ${classification.confidentiality} in the LGWAN zone, but no bucket policy statement denies s3:* on its objects to every principal whose request does not come through the zone's VPC endpoints (aws:SourceVpce)`,
        `バケットは LGWAN接続系の機密性${classification.confidentiality}だが、領域の VPC エンドポイント（aws:SourceVpce）を経由しない要求をするすべてのプリンシパルにオブジェクトへの s3:* を拒否するバケットポリシーのステートメントがない`,
      ),
    );
  }
  if (perimeter.every(exemptsForwardAccess)) {
    return nonCompliant(
      localized(
        "every statement that denies the bucket's objects outside the zone's endpoints exempts aws:ViaAWSService or aws:CalledVia, so AWS services acting for a caller read the objects from any network",
        '領域のエンドポイント外からのオブジェクトへの操作を拒否するステートメントがすべて aws:ViaAWSService 又は aws:CalledVia を除外しているため、' +
          '呼出し元のために動く AWS サービスはどのネットワークからでもオブジェクトを読める',
      ),
    );
  }
  return compliant();
});
