import { IamRequest } from '../../lib/template/iam/evaluate';
import {
  actionsOf,
  decideUnder,
  exemptedPrincipals,
  levelsForPolicy,
  organizationNamed,
  organizationPolicyOf,
  RESOURCE_CONTROL_POLICY,
  roleOfPattern,
  SERVICE_CONTROL_POLICY,
} from '../../lib/template/iam/organizations';
import { isUnknownText, Policy, statementName } from '../../lib/template/iam/policy';
import {
  FOREIGN_ACCOUNT,
  instantiate,
  MEMBER_ACCOUNT,
  OTHER_MEMBER_ACCOUNT,
  resourceArnFor,
  roleCaller,
} from '../../lib/template/iam/probes';
import { conditionsOn } from '../../lib/template/iam/resources';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** Contexts to find a request a statement denies: the home region, and one outside every allowed region. */
const CONTEXTS: readonly Record<string, string>[] = [{}, { 'aws:RequestedRegion': 'us-west-2' }];

/** The principal tags a policy's conditions ask for, as an adversary tagging their own role would set them. */
function tagsAskedFor(policy: Policy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { condition } of conditionsOn(policy, /^aws:principaltag\//)) {
    const value = condition.values.find((v): v is string => !isUnknownText(v));
    if (value !== undefined) out[condition.key.slice('aws:PrincipalTag/'.length)] = instantiate(value);
  }
  return out;
}

/**
 * An SCP or RCP statement that exempts principals exempts them by more than a role name. Judged
 * by the evaluator under the policy levels of each target: when a statement denies an action to
 * an ordinary role of a governed account, a role bearing an exempted name must not escape it
 * from another account: another member account for an SCP (a compromised municipality names a
 * role so), any account outside the organization for an RCP. A `*` in the account field of
 * `aws:PrincipalArn`, without aws:PrincipalAccount, aws:PrincipalOrgPaths or a principal tag
 * that only a protected path can set, lets them.
 */
export const organizationExemptionByName = resourceRule(['AWS::Organizations::Policy'], (resource, index) => {
  const organization = organizationPolicyOf(resource, index);
  if (organization.type !== SERVICE_CONTROL_POLICY && organization.type !== RESOURCE_CONTROL_POLICY) return notApplicable();
  const rcp = organization.type === RESOURCE_CONTROL_POLICY;
  const exempting = organization.policy.statements.filter((s) => exemptedPrincipals(s).length > 0);
  if (exempting.length === 0) return notApplicable();
  const org = organizationNamed(organization.policy);
  const twinAccount = rcp ? FOREIGN_ACCOUNT : OTHER_MEMBER_ACCOUNT;
  const problems: string[] = [];
  for (const { target, levels } of levelsForPolicy(organization, index)) {
    for (const statement of exempting) {
      const twins = exemptedPrincipals(statement)
        .map(roleOfPattern)
        .filter((role): role is { account: string; name: string } => role !== undefined && /[*?]/.test(role.account))
        .map((role) => instantiate(role.name));
      if (twins.length === 0) continue;
      found: for (const action of actionsOf(statement)) {
        for (const extra of CONTEXTS) {
          const request = (account: string, roleName: string, inOrganization: boolean): IamRequest => {
            const caller = roleCaller({
              account,
              roleName,
              ...(inOrganization ? { organizationId: org, organizationPaths: [`${org}/r-lgsec/ou-lgsec-other/`] } : {}),
              ...(rcp || !inOrganization ? { tags: tagsAskedFor(organization.policy) } : {}),
              context: extra,
            });
            const owner = rcp ? MEMBER_ACCOUNT : account;
            return {
              ...caller,
              action,
              resource: resourceArnFor(action, { account: owner, region: 'ap-northeast-1' }) ?? '*',
              resourceAccount: owner,
            };
          };
          // The statement must bite an ordinary role of a governed account for this request.
          if (decideUnder(organization.type, levels, request(MEMBER_ACCOUNT, 'lgsec-probe-administrator', true)).allowed !== false)
            continue;
          for (const name of twins) {
            if (decideUnder(organization.type, levels, request(twinAccount, name, !rcp)).allowed !== true) continue;
            problems.push(
              `${statementName(organization.policy, statement)} exempts role '${name}' by its name in any account: a role so named in ${rcp ? 'an account outside the organization' : 'another member account'} (${twinAccount}) escapes it on ${target} (AWS allows it ${action}${'aws:RequestedRegion' in extra ? ` in ${extra['aws:RequestedRegion']}` : ''}, which the statement denies to other roles)`,
            );
          }
          break found;
        }
      }
    }
  }
  if (problems.length === 0) return compliant();
  return nonCompliant(
    ...[...new Set(problems)],
    'pin the exemption to the break-glass account (aws:PrincipalAccount), OU (aws:PrincipalOrgPaths) or a principal tag only a protected path can set',
  );
});
