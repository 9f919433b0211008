import { IamRequest } from '../../lib/template/iam/evaluate';
import {
  actionsOf,
  decideUnder,
  exemptedPrincipals,
  exemptionTags,
  levelsForPolicy,
  organizationNamed,
  organizationPolicyOf,
  RESOURCE_CONTROL_POLICY,
  roleOfPattern,
} from '../../lib/template/iam/organizations';
import { statementName } from '../../lib/template/iam/policy';
import {
  FOREIGN_ACCOUNT,
  instantiate,
  MEMBER_ACCOUNT,
  OTHER_MEMBER_ACCOUNT,
  resourceArnFor,
  roleCaller,
} from '../../lib/template/iam/probes';
import { compliant, LocalizedDetail, localized, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** Contexts to find a request a statement denies: the home region, and one outside every allowed region. */
const CONTEXTS: readonly Record<string, string>[] = [{}, { 'aws:RequestedRegion': 'us-west-2' }];

/** Callers that bear an exempted name without being what the exemption meant. */
const TWINS = [
  { account: FOREIGN_ACCOUNT, where: 'an account outside the organization', whereJa: '組織外のアカウント', inOrganization: false },
  { account: OTHER_MEMBER_ACCOUNT, where: 'a member account of another OU', whereJa: '別の OU のメンバーアカウント', inOrganization: true },
] as const;

/**
 * An RCP statement that exempts principals exempts them by more than a role name. An RCP judges
 * every caller of the governed accounts' resources, from any account: when a statement denies
 * an action to an ordinary caller, a role bearing an exempted name in an account outside the
 * organization, or in another OU (a compromised municipality names a role so), must not escape
 * it. Judged by the evaluator under the RCP levels of each target, so that a statement that pins
 * the name to an OU (`ArnLike` the name with `aws:PrincipalOrgPaths`) counts. The callers carry
 * every principal tag the policy exempts by, as their own administrator may set it.
 *
 * An SCP governs only the principals of its own accounts: a role so named elsewhere is not
 * governed by it at all, and whether its accounts' principals can take the name is
 * LGSEC-ORG-EXEMPTION-UNPROTECTED's question.
 */
export const organizationExemptionByName = resourceRule(['AWS::Organizations::Policy'], (resource, index) => {
  const organization = organizationPolicyOf(resource, index);
  if (organization.type !== RESOURCE_CONTROL_POLICY) return notApplicable();
  const exempting = organization.policy.statements.filter((s) => exemptedPrincipals(s).length > 0);
  if (exempting.length === 0) return notApplicable();
  const org = organizationNamed(organization.policy);
  const tags: Record<string, string> = {};
  for (const tag of exemptionTags(organization.policy)) if (tag.values[0] !== undefined) tags[tag.key] = instantiate(tag.values[0]);
  const problems = new Map<string, LocalizedDetail>();
  for (const { target, levels } of levelsForPolicy(organization, index)) {
    for (const statement of exempting) {
      const names = exemptedPrincipals(statement)
        .map(roleOfPattern)
        .filter((role): role is { account: string; name: string } => role !== undefined && /[*?]/.test(role.account))
        .map((role) => instantiate(role.name));
      if (names.length === 0) continue;
      found: for (const action of actionsOf(statement)) {
        for (const extra of CONTEXTS) {
          const request = (account: string, roleName: string, inOrganization: boolean, withTags: boolean): IamRequest => {
            const caller = roleCaller({
              account,
              roleName,
              ...(inOrganization ? { organizationId: org, organizationPaths: [`${org}/r-lgsec/ou-lgsec-other/`] } : {}),
              ...(withTags ? { tags } : {}),
              context: extra,
            });
            return {
              ...caller,
              action,
              resource: resourceArnFor(action, { account: MEMBER_ACCOUNT, region: 'ap-northeast-1' }) ?? '*',
              resourceAccount: MEMBER_ACCOUNT,
            };
          };
          // The statement must bite an ordinary caller from another OU for this request.
          if (
            decideUnder(organization.type, levels, request(OTHER_MEMBER_ACCOUNT, 'lgsec-probe-administrator', true, false)).allowed !==
            false
          )
            continue;
          for (const name of names) {
            for (const twin of TWINS) {
              if (decideUnder(organization.type, levels, request(twin.account, name, twin.inOrganization, true)).allowed !== true) continue;
              const region = 'aws:RequestedRegion' in extra ? ` in ${extra['aws:RequestedRegion']}` : '';
              const regionJa = 'aws:RequestedRegion' in extra ? `${extra['aws:RequestedRegion']} での ` : '';
              const en =
                `${statementName(organization.policy, statement)} exempts role '${name}' by its name in any account: ` +
                `a role so named in ${twin.where} (${twin.account}) escapes it on ${target} ` +
                `(AWS allows it ${action}${region}, which the statement denies to other callers)`;
              const ja =
                `${statementName(organization.policy, statement)} がどのアカウントのロール '${name}' も名前だけで除外している。` +
                `${twin.whereJa}（${twin.account}）で同名のロールを作れば ${target} でこのステートメントを免れる` +
                `（AWS はこのロールに${regionJa}${action} を許すが、このステートメントは他の呼び出し元にはそれを拒否する）`;
              problems.set(en, localized(en, ja));
            }
          }
          break found;
        }
      }
    }
  }
  if (problems.size === 0) return compliant();
  return nonCompliant(
    ...problems.values(),
    localized(
      'pin the name to the OU or account it lives in (a statement denying callers so named outside aws:PrincipalOrgPaths ' +
        'or aws:PrincipalAccount), or exempt by a principal tag only a protected path can set',
      '名前をそのロールがある OU またはアカウントに固定する（aws:PrincipalOrgPaths または aws:PrincipalAccount の外の' +
        '同名の呼び出し元を拒否するステートメント）か、保護された経路だけが設定できるプリンシパルタグで除外すること',
    ),
  );
});
