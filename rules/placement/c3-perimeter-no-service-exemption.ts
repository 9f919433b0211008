import { classificationOf } from '../../lib/template/data-store';
import { allowEverything, OUTSIDE_PATHS, roleCaller } from '../../lib/template/iam/probes';
import { bucketPolicyOf, Probe, runProbes } from '../../lib/template/iam/resources';
import { accountOf, arnOf } from '../../lib/template/iam/template-policy';
import { evaluateRequest } from '../../lib/template/iam/evaluate';
import { localized, nonCompliant, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';

/** Services that read S3 with the caller's credentials (forward access sessions). */
const FORWARDING_SERVICES = ['athena.amazonaws.com', 'glue.amazonaws.com'];

/**
 * The perimeter of a confidentiality 3 bucket also holds for requests that AWS services make
 * on a caller's behalf. Judged by the evaluator: when an administrator of the account is refused
 * reading the objects from the internet (the perimeter exists), the same read made for them by
 * Athena or Glue (aws:ViaAWSService true, aws:CalledVia the service, no aws:SourceVpce) must be
 * refused too. Otherwise any service using forward access sessions reads My Number records from
 * any network.
 */
export const c3PerimeterNoServiceExemption = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const { classification } = classificationOf(bucket, index);
  if (!classification || classification.confidentiality < 3) return notApplicable();
  const policy = bucketPolicyOf(bucket, index);
  if (!policy) return notApplicable();
  const arn = arnOf({ resource: bucket, index });
  const account = accountOf(index);
  const identity = [allowEverything('an administrator policy')];
  const [internet] = OUTSIDE_PATHS;
  const direct = evaluateRequest(
    {
      ...roleCaller({ account, context: internet.context }),
      action: 's3:GetObject',
      resource: `${arn}/lgsec-probe`,
      resourceAccount: account,
    },
    { identity, resource: policy },
  );
  // No perimeter at all is LGSEC-C3-BUCKET-ENDPOINT-ONLY's finding.
  if (direct.allowed !== false) return notApplicable();
  const probes: Probe[] = [];
  for (const service of FORWARDING_SERVICES) {
    const caller = roleCaller({ account, viaService: service, context: internet.context });
    for (const action of ['s3:GetObject', 's3:PutObject']) {
      probes.push({
        what: `${action} on its objects by ${service} for an administrator outside the zone`,
        request: { ...caller, action, resource: `${arn}/lgsec-probe`, resourceAccount: account },
        policies: { identity, resource: policy },
      });
    }
  }
  const { allowed, open } = runProbes(probes);
  if (allowed.length === 0)
    return outcomeOf(
      [],
      open.map((o) =>
        localized(
          `whether AWS allows ${o.probe.what} is not known: ${o.decision.reason}`,
          `AWS が ${o.probe.what} を許すか分からない：${o.decision.reason}`,
        ),
      ),
    );
  return nonCompliant(
    localized(
      `the perimeter refuses a direct read from the internet but allows ${allowed.map((a) => a.probe.what).join('; ')}: it exempts aws:ViaAWSService or aws:CalledVia on object actions, so AWS services acting for a caller read the objects from any network; deny object actions without that exemption`,
      `境界はインターネットからの直接の読取りを拒否するが、${allowed.map((a) => a.probe.what).join('、')} を許している：` +
        'オブジェクト操作について aws:ViaAWSService 又は aws:CalledVia を除外しているため、呼出し元のために動く AWS サービスはどのネットワークからでもオブジェクトを読める。' +
        'その除外なしにオブジェクト操作を拒否する',
    ),
  );
});
