import { whyJa } from '../../lib/template/why-ja';
import { Zone } from '../../lib/policy';
import { inZone } from '../../lib/template/network';
import { expandActions } from '../../lib/template/iam/iam-data';
import { isUnknownText, Statement } from '../../lib/template/iam/policy';
import { allowEverything, FOREIGN_ACCOUNT, FOREIGN_ORGANIZATION, resourceArnFor, roleCaller } from '../../lib/template/iam/probes';
import { callerAccounts, endpointPolicyOf, endpointService, Probe, runProbes, statementLabel } from '../../lib/template/iam/resources';
import { refOf } from '../../lib/template/iam/template-policy';
import { localized, notApplicable, outcomeOf, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Interface endpoints (KMS, STS, CloudWatch Logs, …) of the My Number zone reach only this
 * account's (or organization's) resources. Judged by the evaluator: for every action of the
 * endpoint's service that its Allow statements name and that acts on a resource, a principal of
 * the zone calling it through the endpoint on a resource of an account outside the organization
 * is refused. Otherwise a workload encrypts with, assumes a role in, or writes logs to another
 * account, and the data leaves through the endpoint.
 */
export const myNumberInterfaceEndpointResourceScope = resourceRule(['AWS::EC2::VPCEndpoint'], (endpoint, index) => {
  if (!inZone(index.zoneOf(endpoint), Zone.MY_NUMBER)) return notApplicable();
  if (String(index.literalString(endpoint.properties.VpcEndpointType) ?? 'Gateway').toLowerCase() !== 'interface') return notApplicable();
  const policy = endpointPolicyOf(endpoint, index);
  // No policy at all is LGSEC-MYNUMBER-ENDPOINT-POLICY's finding.
  if (!policy) return notApplicable();
  const service = endpointService(endpoint, index);
  if ('why' in service)
    return unverifiable(
      localized(
        `which service the endpoint serves is not known: ${service.why}`,
        `エンドポイントがどのサービスのものか分からない：${whyJa(service.why)}`,
      ),
    );
  const named = policy.statements
    .filter((s) => s.effect === 'Allow')
    .flatMap((s) => (s.action ?? (s.notAction ? [`${service.service}:*`] : [])).filter((a): a is string => !isUnknownText(a)));
  const actions = expandActions(named).filter((action) => action.toLowerCase().startsWith(`${service.service}:`));
  const region = index.region ?? 'ap-northeast-1';
  const vpce = refOf({ resource: endpoint, index });
  const probes: Probe[] = [];
  for (const account of callerAccounts(index, policy)) {
    const caller = roleCaller({ account, context: { 'aws:SourceVpce': vpce } });
    for (const action of actions) {
      // Actions that name no resource (sts:GetCallerIdentity, kms:ListKeys) reach no other account.
      const resource = resourceArnFor(action, { account: FOREIGN_ACCOUNT, region });
      if (!resource) continue;
      probes.push({
        what: `${action} on ${resource}`,
        request: {
          ...caller,
          context: { ...caller.context, 'aws:ResourceAccount': FOREIGN_ACCOUNT, 'aws:ResourceOrgID': FOREIGN_ORGANIZATION },
          action,
          resource,
          resourceAccount: FOREIGN_ACCOUNT,
        },
        policies: {
          identity: [allowEverything('an administrator policy')],
          endpoint: policy,
          resource: allowEverything("the adversary's resource policy", true),
          resourceKind: action.startsWith('kms:') ? 'key' : action === 'sts:AssumeRole' ? 'trust' : 'resource',
        },
      });
    }
  }
  const { allowed, open } = runProbes(probes);
  const byStatement = new Map<Statement, string[]>();
  for (const { probe, decision } of allowed) {
    for (const grant of decision.allows.filter((a) => a.layer === 'endpoint' && a.applies === true)) {
      byStatement.set(grant.statement, [...(byStatement.get(grant.statement) ?? []), probe.what]);
    }
  }
  return outcomeOf(
    [...byStatement].map(([statement, whats]) =>
      localized(
        `${statementLabel(statement)} allows resources of any account: ${whats.slice(0, 3).join('; ')}${whats.length > 3 ? ` (and ${whats.length - 3} more)` : ''} in account ${FOREIGN_ACCOUNT} is allowed through the endpoint; add aws:ResourceAccount (or aws:ResourceOrgID) to its condition or list the resources`,
        `${statementLabel(statement)} がどのアカウントのリソースも許している：アカウント ${FOREIGN_ACCOUNT} の ${whats.slice(0, 3).join('、')}${whats.length > 3 ? `（ほか ${whats.length - 3} 件）` : ''} がエンドポイント経由で許される。条件に aws:ResourceAccount（又は aws:ResourceOrgID）を加えるか、リソースを列挙する`,
      ),
    ),
    open.map((o) =>
      localized(
        `whether the endpoint allows ${o.probe.what} is not known: ${o.decision.reason}`,
        `エンドポイントが ${o.probe.what} を許すか分からない：${o.decision.reason}`,
      ),
    ),
  );
});
