import { Decision, IamRequest } from '../../lib/template/iam/evaluate';
import {
  decideUnder,
  exemptedPrincipals,
  exemptionTags,
  levelsForPolicy,
  levelsOf,
  organizationNamed,
  organizationPolicyOf,
  ousPinningRole,
  RESOURCE_CONTROL_POLICY,
  roleOfPattern,
  SERVICE_CONTROL_POLICY,
  servicesTrustedByRolesNamed,
} from '../../lib/template/iam/organizations';
import { Policy } from '../../lib/template/iam/policy';
import { instantiate, MEMBER_ACCOUNT, roleCaller } from '../../lib/template/iam/probes';
import { LocalizedDetail, localized, outcomeOf, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** What an administrator does to a role to take its name, its trust or its rights, or to rid the zone of it. */
const ROLE_TAKEOVER = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

/** Services a role is passed to so that the passer acts as it, when the role's trust is not in the run. */
const PASSED_TO = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'cloudformation.amazonaws.com'];

interface TakeOver {
  readonly what: string;
  readonly request: IamRequest;
}

/** The requests by which an ordinary administrator of `account` would come to bear an exempted name or tag. */
function takeOvers(
  names: readonly { name: string; passedTo: readonly string[] }[],
  tags: readonly { key: string; value: string }[],
  account: string,
  org: string,
  ou: string,
) {
  const caller = roleCaller({ account, organizationId: org, organizationPaths: [`${org}/r-lgsec/${ou}/`] });
  const on = (action: string, arn: string, context: Record<string, string | readonly string[]> = {}): IamRequest => ({
    principal: caller.principal,
    context: { ...caller.context, ...context },
    action,
    resource: arn,
    resourceAccount: account,
  });
  const out: TakeOver[] = [];
  for (const { name, passedTo } of names) {
    const arn = `arn:aws:iam::${account}:role/${name}`;
    for (const action of ROLE_TAKEOVER) out.push({ what: `${action} on role ${name}`, request: on(action, arn) });
    for (const service of passedTo) {
      out.push({
        what: `iam:PassRole of role ${name} to ${service}`,
        request: on('iam:PassRole', arn, { 'iam:PassedToService': service }),
      });
    }
    for (const { key } of tags) {
      for (const action of ['iam:TagRole', 'iam:UntagRole']) {
        out.push({ what: `${action} ${key} on role ${name}`, request: on(action, arn, { 'aws:TagKeys': [key] }) });
      }
    }
  }
  // Tagging a role of one's own, or a session, with the exemption tag; IAM tag keys are matched without case.
  const own = `arn:aws:iam::${account}:role/lgsec-probe-role`;
  for (const { key, value } of tags) {
    for (const spelled of new Set([key, key.toUpperCase()])) {
      const tagged = { 'aws:TagKeys': [spelled], [`aws:RequestTag/${spelled}`]: value };
      for (const action of ['iam:CreateRole', 'iam:TagRole', 'sts:TagSession']) {
        out.push({ what: `${action} with tag ${spelled}=${value}`, request: on(action, own, tagged) });
      }
      out.push({
        what: `iam:TagUser with tag ${spelled}=${value}`,
        request: on('iam:TagUser', `arn:aws:iam::${account}:user/lgsec-probe-user`, tagged),
      });
    }
  }
  return out;
}

/**
 * The names and tags an SCP or RCP exempts from its Deny statements are out of reach of the
 * governed accounts' own administrators. Judged by the evaluator under the SCP levels of each
 * target (for an RCP, of the OUs it pins an exempted name to, or of its own targets): an
 * ordinary role of a member account, whose identity policy allows everything, is refused
 * creating, deleting, re-trusting, re-policying, re-bounding, tagging, untagging and passing a
 * role of each exempted name (to the services the run's roles so named trust, or to any service
 * when the run holds none), and setting each exemption tag on a role, user or session of its
 * own (in any spelling of the key). Service-linked and IAM Identity Center roles are left out:
 * IAM does not let a member account create or change them.
 */
export const organizationExemptionUnprotected = resourceRule(['AWS::Organizations::Policy'], (resource, index) => {
  const organization = organizationPolicyOf(resource, index);
  if (organization.type !== SERVICE_CONTROL_POLICY && organization.type !== RESOURCE_CONTROL_POLICY) return notApplicable();
  const patterns = [...new Set(organization.policy.statements.flatMap(exemptedPrincipals))].filter((p) => {
    const role = roleOfPattern(p);
    // IAM itself refuses to create or change service-linked and IAM Identity Center roles in a member account.
    return role !== undefined && !/^aws-(service-role|reserved)\//.test(role.name);
  });
  const tags = exemptionTags(organization.policy).flatMap(({ key, values }) => values.map((value) => ({ key, value: instantiate(value) })));
  if (patterns.length === 0 && tags.length === 0) return notApplicable();
  const org = organizationNamed(organization.policy);
  // Where each name lives, and the SCP levels that must protect it there.
  const scopes: { target: string; levels: Policy[][]; names: { name: string; passedTo: readonly string[] }[]; tags: typeof tags }[] = [];
  // Passing a role matters to the services that may assume it: those the run's roles so named trust, or any when it holds none.
  const names = (list: readonly string[]) =>
    list.map((p) => {
      const pattern = roleOfPattern(p)!.name;
      return { name: instantiate(pattern), passedTo: servicesTrustedByRolesNamed(pattern, index) ?? PASSED_TO };
    });
  if (organization.type === SERVICE_CONTROL_POLICY) {
    for (const { target, levels } of levelsForPolicy(organization, index)) scopes.push({ target, levels, names: names(patterns), tags });
  } else {
    const byOu = new Map<string, string[]>();
    for (const pattern of patterns) {
      const ous = ousPinningRole(organization.policy, pattern);
      for (const ou of ous.length > 0 ? ous : organization.targets) byOu.set(ou, [...(byOu.get(ou) ?? []), pattern]);
    }
    for (const [ou, list] of byOu)
      scopes.push({ target: ou, levels: levelsOf(ou, SERVICE_CONTROL_POLICY, index), names: names(list), tags: [] });
    for (const target of organization.targets) {
      if (tags.length > 0) scopes.push({ target, levels: levelsOf(target, SERVICE_CONTROL_POLICY, index), names: [], tags });
    }
  }
  const problems: LocalizedDetail[] = [];
  const open = new Map<string, LocalizedDetail>();
  for (const scope of scopes) {
    const ou = /^ou-/.test(scope.target) ? scope.target : 'ou-lgsec-member';
    const allowed: string[] = [];
    for (const { what, request } of takeOvers(scope.names, scope.tags, MEMBER_ACCOUNT, org, ou)) {
      const decision: Decision = decideUnder(SERVICE_CONTROL_POLICY, scope.levels, request);
      if (decision.allowed === true) allowed.push(what);
      else if (decision.allowed !== false) {
        const en = `whether the SCPs of ${scope.target} refuse ${what} is not known: ${decision.reason}`;
        open.set(en, localized(en, `${scope.target} の SCP が ${what} を拒否するか分からない：${decision.reason}`));
      }
    }
    if (allowed.length > 0) {
      problems.push(
        localized(
          `the SCPs of ${scope.target} let an ordinary administrator of a member account (${MEMBER_ACCOUNT}) ${allowed.join(', ')}: ` +
            'they may then act as the exempted principal',
          `${scope.target} の SCP では、メンバーアカウント（${MEMBER_ACCOUNT}）の通常の管理者が ${allowed.join(', ')} を実行でき、` +
            'その後は除外されたプリンシパルとして振る舞える',
        ),
      );
    }
  }
  if (problems.length > 0) {
    problems.push(
      localized(
        'deny changing, passing and tagging the exempted roles and setting the exemption tag to everyone but the StackSets ' +
          'role of the management account, in an SCP of the same targets',
        '同じターゲットの SCP で、除外されたロールの変更・受け渡し・タグ付けと除外タグの設定を、' +
          '管理アカウントの StackSets ロール以外のすべてに拒否すること',
      ),
    );
  }
  return outcomeOf(problems, [...open.values()]);
});
