import { allowEverything, OUTSIDE_PATHS, pathsThrough, roleCaller } from '../../lib/template/iam/probes';
import { bucketPolicyOf, networkPathsNamed, Probe, runProbes } from '../../lib/template/iam/resources';
import { accountOf, arnOf } from '../../lib/template/iam/template-policy';
import { nonCompliant, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 30: S3 bucket policies deny requests made without TLS. Judged by the evaluator: an
 * administrator of the account listing the bucket, and reading and writing its objects, with
 * aws:SecureTransport false, from the internet and through every endpoint or VPC the policy
 * names, is refused every time.
 */
export const s3TlsOnly = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const policy = bucketPolicyOf(bucket, index);
  if (!policy) return nonCompliant('the bucket has no AWS::S3::BucketPolicy denying requests where aws:SecureTransport is false');
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
  const problems: string[] = [];
  if (bucketOpen && objectsOpen) {
    problems.push(
      `no bucket policy statement denies s3:* to every principal when aws:SecureTransport is false (AWS allows ${bucketOpen.probe.what} and ${objectsOpen.probe.what})`,
    );
  } else if (bucketOpen || objectsOpen) {
    const found = (bucketOpen ?? objectsOpen)!;
    problems.push(
      `the TLS deny statement does not cover ${bucketOpen ? 'the bucket ARN' : 'the objects (<bucket ARN>/*)'} (AWS allows ${found.probe.what})`,
    );
  }
  return outcomeOf(
    problems,
    open.map((o) => `whether AWS allows ${o.probe.what} is not known: ${o.decision.reason}`),
  );
});
