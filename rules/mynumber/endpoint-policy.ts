import { zoneTextJa } from '../../lib/template/network';
import { whyJa } from '../../lib/template/why-ja';
import { Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { serviceActions } from '../../lib/template/iam/iam-data';
import { allowEverything, FOREIGN_ACCOUNT, FOREIGN_ORGANIZATION, resourceArnFor, roleCaller } from '../../lib/template/iam/probes';
import { endpointPolicyOf, endpointService, Probe, runProbes } from '../../lib/template/iam/resources';
import { refOf } from '../../lib/template/iam/template-policy';
import { compliant, localized, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { zoneDeclared } from '../../lib/template/zones';

/** The account of the resources the adversary calls: neither theirs nor the zone's. */
const OTHER_ACCOUNT = '999999999998';

/**
 * Control 11: VPC endpoints in the My Number zone have an explicit policy, not the default
 * allow-all or one that allows as much. Judged by the evaluator: when a principal of an account
 * outside the organization may call every action of the endpoint's service (and one AWS has not
 * made yet), through the endpoint, on resources of yet another account, the policy allows what
 * the default does.
 */
export const myNumberEndpointPolicy = resourceRule(['AWS::EC2::VPCEndpoint'], (endpoint, index) => {
  const zone = index.zoneOf(endpoint);
  if (!zone.known)
    return zone.unresolved && endpoint.properties.PolicyDocument === undefined && zoneDeclared(index, Zone.MY_NUMBER)
      ? unverifiable(
          localized(`the endpoint has no policy and ${zoneText(zone)}`, `エンドポイントにポリシーがなく、${zoneTextJa(zone)}にある`),
        )
      : notApplicable();
  if (zone.zone !== Zone.MY_NUMBER) return notApplicable();
  const policy = endpointPolicyOf(endpoint, index);
  if (!policy)
    return nonCompliant(
      localized(
        'PolicyDocument is not set, so the endpoint allows every action on every resource to every principal',
        'PolicyDocument が設定されていないため、エンドポイントはすべてのプリンシパルにすべてのリソースへのすべての操作を許す',
      ),
    );
  const service = endpointService(endpoint, index);
  if ('why' in service)
    return unverifiable(
      localized(
        `which service the endpoint serves is not known: ${service.why}`,
        `エンドポイントがどのサービスのものか分からない：${whyJa(service.why)}`,
      ),
    );
  const region = index.region ?? 'ap-northeast-1';
  const caller = roleCaller({
    account: FOREIGN_ACCOUNT,
    organizationId: FOREIGN_ORGANIZATION,
    context: { 'aws:SourceVpce': refOf({ resource: endpoint, index }), 'aws:ResourceAccount': OTHER_ACCOUNT },
  });
  const probe = (action: string): Probe => ({
    what: action,
    request: {
      ...caller,
      action,
      resource: resourceArnFor(action, { account: OTHER_ACCOUNT, region }) ?? '*',
      resourceAccount: OTHER_ACCOUNT,
    },
    policies: {
      identity: [allowEverything('an administrator policy')],
      endpoint: policy,
      resource: allowEverything("the adversary's resource policy", true),
      resourceKind: action.startsWith('kms:') ? 'key' : action === 'sts:AssumeRole' ? 'trust' : 'resource',
    },
  });
  // An action AWS has not made yet: a policy that lists actions refuses it, and is no default allow-all.
  const future = runProbes([probe(`${service.service}:LgsecProbeFutureAction`)]);
  if (future.allowed.length === 0 && future.open.length === 0) return compliant();
  const actions = serviceActions(service.service).map((info) => info.action);
  const { allowed, open } = runProbes(actions.map(probe));
  if (future.allowed.length > 0 && allowed.length === actions.length) {
    return nonCompliant(
      localized(
        `PolicyDocument allows every ${service.service} action (${actions.length}, and those AWS adds) to principals and resources of any account, as the default allow-all does`,
        `PolicyDocument が、既定のすべて許可と同じく、どのアカウントのプリンシパルとリソースにもすべての ${service.service} の操作（${actions.length} 件と AWS が今後加えるもの）を許している`,
      ),
    );
  }
  if (
    allowed.length + open.length === actions.length &&
    future.allowed.length + future.open.length > 0 &&
    (open.length > 0 || future.open.length > 0)
  )
    return unverifiable(
      localized(
        `whether the policy allows as much as the default allow-all is not known: ${[...future.open, ...open][0].decision.reason}`,
        `ポリシーが既定のすべて許可と同じだけ許すか分からない：${[...future.open, ...open][0].decision.reason}`,
      ),
    );
  return compliant();
});
