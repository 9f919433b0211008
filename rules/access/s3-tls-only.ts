import { allowEverything, OUTSIDE_PATHS, pathsThrough, roleCaller } from '../../lib/template/iam/probes';
import { bucketPolicyOf, networkPathsNamed, Probe, runProbes } from '../../lib/template/iam/resources';
import { accountOf, arnOf } from '../../lib/template/iam/template-policy';
import { localized, nonCompliant, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 30: S3 bucket policies deny requests made without TLS. Judged by the evaluator: an
 * administrator of the account listing the bucket, and reading and writing its objects, with
 * aws:SecureTransport false, from the internet and through every endpoint or VPC the policy
 * names, is refused every time.
 */
export const s3TlsOnly = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const policy = bucketPolicyOf(bucket, index);
  if (!policy)
    return nonCompliant(
      localized(
        'the bucket has no AWS::S3::BucketPolicy denying requests where aws:SecureTransport is false',
        'aws:SecureTransport が false の要求を拒否する AWS::S3::BucketPolicy がバケットにない',
      ),
    );
  const arn = arnOf({ resource: bucket, index });
  const account = accountOf(index);
  const named = networkPathsNamed(policy);
  const probes: (Probe & { target: 'bucket' | 'objects' })[] = [];
  for (const path of [OUTSIDE_PATHS[0], ...pathsThrough(named.vpces, named.vpcs)]) {
    const caller = roleCaller({ account, secureTransport: false, context: path.context });
    for (const [action, resource, target] of [
      ['s3:ListBucket', arn, 'bucket'],
      ['s3:GetObject', `${arn}/lgsec-probe`, 'objects'],
      ['s3:PutObject', `${arn}/lgsec-probe`, 'objects'],
    ] as const) {
      probes.push({
        target,
        what: `${action} without TLS ${path.where}`,
        request: { ...caller, action, resource, resourceAccount: account },
        policies: { identity: [allowEverything('an administrator policy')], resource: policy },
      });
    }
  }
  const { allowed, open } = runProbes(probes);
  const uncovered = (target: 'bucket' | 'objects') => allowed.find((a) => (a.probe as (typeof probes)[number]).target === target);
  const bucketOpen = uncovered('bucket');
  const objectsOpen = uncovered('objects');
  const problems: Problem[] = [];
  if (bucketOpen && objectsOpen) {
    problems.push(
      localized(
        `no bucket policy statement denies s3:* to every principal when aws:SecureTransport is false (AWS allows ${bucketOpen.probe.what} and ${objectsOpen.probe.what})`,
        `aws:SecureTransport が false のときすべてのプリンシパルに s3:* を拒否するバケットポリシーのステートメントがない（AWS は ${bucketOpen.probe.what} と ${objectsOpen.probe.what} を許す）`,
      ),
    );
  } else if (bucketOpen || objectsOpen) {
    const found = (bucketOpen ?? objectsOpen)!;
    problems.push(
      localized(
        `the TLS deny statement does not cover ${bucketOpen ? 'the bucket ARN' : 'the objects (<bucket ARN>/*)'} (AWS allows ${found.probe.what})`,
        `TLS の拒否ステートメントが${bucketOpen ? 'バケットの ARN' : 'オブジェクト（<bucket ARN>/*）'}を対象にしていない（AWS は ${found.probe.what} を許す）`,
      ),
    );
  }
  return outcomeOf(
    problems,
    open.map((o) =>
      localized(
        `whether AWS allows ${o.probe.what} is not known: ${o.decision.reason}`,
        `AWS が ${o.probe.what} を許すか分からない：${o.decision.reason}`,
      ),
    ),
  );
});
