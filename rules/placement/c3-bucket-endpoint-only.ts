import { classificationOf } from '../../lib/template/data-store';
import { allowEverything, OUTSIDE_PATHS, roleCaller } from '../../lib/template/iam/probes';
import { bucketPolicyOf, Probe, runProbes } from '../../lib/template/iam/resources';
import { accountOf, arnOf } from '../../lib/template/iam/template-policy';
import { localized, nonCompliant, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 7: the policy of a confidentiality 3 bucket denies every request that does not come
 * through the zone's VPC endpoints. Judged by asking the evaluator what AWS would answer an
 * administrator of the bucket's own account (whose identity policy allows everything) reading,
 * writing or listing from the internet and through another account's endpoint: every one must be
 * denied. A perimeter that fails open (ForAnyValue on aws:SourceVpce, `StringNotLike vpce-*`,
 * a NotAction that leaves s3:GetObject out) fails here.
 */
export const c3BucketEndpointOnly = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { classification } = classificationOf(bucket, index);
  if (!classification || classification.confidentiality < 3) return notApplicable();
  const policy = bucketPolicyOf(bucket, index);
  if (!policy)
    return nonCompliant(
      localized(
        "the bucket has no AWS::S3::BucketPolicy; add one that denies requests whose aws:SourceVpce (or aws:SourceVpc) is not the zone's endpoint",
        'バケットに AWS::S3::BucketPolicy がない。aws:SourceVpce（又は aws:SourceVpc）が領域のエンドポイントでない要求を拒否するものを加える',
      ),
    );
  const arn = arnOf({ resource: bucket, index });
  const account = accountOf(index);
  const probes: Probe[] = [];
  for (const { where, context } of OUTSIDE_PATHS) {
    const caller = roleCaller({ account, context });
    for (const [action, resource, what] of [
      ['s3:GetObject', `${arn}/lgsec-probe`, 'its objects'],
      ['s3:PutObject', `${arn}/lgsec-probe`, 'its objects'],
      ['s3:ListBucket', arn, 'the bucket'],
    ]) {
      probes.push({
        what: `${action} on ${what} by an administrator of the account ${where}`,
        request: { ...caller, action, resource, resourceAccount: account },
        policies: { identity: [allowEverything('an administrator policy')], resource: policy },
      });
    }
  }
  const { allowed, open } = runProbes(probes);
  return outcomeOf(
    allowed.length > 0
      ? [
          localized(
            `the bucket policy allows ${allowed.map((a) => a.probe.what).join('; ')}: deny s3:* to every principal when aws:SourceVpce (or aws:SourceVpc) is not the zone's endpoint, with StringNotEquals (not ForAnyValue, not a wildcard) and no NotAction exception`,
            `バケットポリシーが ${allowed.map((a) => a.probe.what).join('、')} を許している：aws:SourceVpce（又は aws:SourceVpc）が領域のエンドポイントでないとき、` +
              'StringNotEquals（ForAnyValue やワイルドカードではなく）で、NotAction の例外なしに、すべてのプリンシパルに s3:* を拒否する',
          ),
        ]
      : [],
    open.map((o) =>
      localized(
        `whether AWS allows ${o.probe.what} is not known: ${o.decision.reason}`,
        `AWS が ${o.probe.what} を許すか分からない：${o.decision.reason}`,
      ),
    ),
  );
});
