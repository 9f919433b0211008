import {
  attachedTo,
  contentLength,
  ORGANIZATION_POLICY_QUOTAS,
  organizationPolicyOf,
  RESOURCE_CONTROL_POLICY,
  SERVICE_CONTROL_POLICY,
} from '../../lib/template/iam/organizations';
import { LocalizedDetail, localized, notApplicable, outcomeOf } from '../outcome';
import { resourceRule } from '../rule';
import { sourceJa } from '../../lib/template/why-ja';

/**
 * An SCP or RCP fits AWS Organizations' quotas, which CloudFormation only meets at deployment
 * (the guardrail then is not there at all): a document of at most 5,120 characters as
 * CloudFormation submits it (an object Content as compact JSON, a string as written, its
 * whitespace counted), and at most 5 policies of its type on each of its targets, counting the
 * FullAWSAccess (RCPFullAWSAccess) policy AWS attaches and every policy of the run that lists
 * the target.
 */
export const organizationPolicyQuota = resourceRule(['AWS::Organizations::Policy'], (resource, index) => {
  const organization = organizationPolicyOf(resource, index);
  if (organization.type !== SERVICE_CONTROL_POLICY && organization.type !== RESOURCE_CONTROL_POLICY) return notApplicable();
  const kind = organization.type === SERVICE_CONTROL_POLICY ? 'SCP' : 'RCP';
  const full = organization.type === SERVICE_CONTROL_POLICY ? 'FullAWSAccess' : 'RCPFullAWSAccess';
  const problems: LocalizedDetail[] = [];
  const unresolved: LocalizedDetail[] = [];
  const length = contentLength(resource, index);
  const { characters, attachedPerTarget } = ORGANIZATION_POLICY_QUOTAS;
  if (length === undefined)
    unresolved.push(
      localized('the size of Content, a value of which leaves the template', 'テンプレートの外で決まる値を含む Content の大きさ'),
    );
  else if (length > characters) {
    const written = typeof resource.properties.Content === 'string';
    const as = written ? 'as written, whitespace included' : 'as compact JSON, the way CloudFormation submits it';
    const asJa = written ? '記述どおり、空白を含む' : 'CloudFormation が送信する詰めた JSON として';
    problems.push(
      localized(
        `Content is ${length} characters (${as}); AWS Organizations accepts at most ${characters} per ${kind}`,
        `Content が ${length} 文字ある（${asJa}）。AWS Organizations が受け付けるのは 1 つの ${kind} につき ${characters} 文字までである`,
      ),
    );
  }
  for (const target of organization.targets) {
    const policies = attachedTo(target, organization.type, index);
    const count = policies.length + 1;
    if (count <= attachedPerTarget) continue;
    const names = policies.map((p) => p.policy.name.replace(/^(SCP|RCP) /, ''));
    problems.push(
      localized(
        `${target} would hold ${count} ${kind}s (${full} and ${names.join(', ')}); ` +
          `AWS Organizations attaches at most ${attachedPerTarget} to one root, OU or account`,
        `${target} にアタッチされる ${kind} が ${count} 個になる（${full} と ${names.join(', ')}）。` +
          `AWS Organizations が 1 つのルート・OU・アカウントにアタッチできるのは ${attachedPerTarget} 個までである`,
      ),
    );
  }
  for (const why of organization.unresolvedTargets)
    unresolved.push(localized(`the attachments to ${why} cannot be counted`, `${sourceJa(why)}へのアタッチメントを数えられない`));
  if (problems.length > 0)
    problems.push(
      localized(
        `split the statements over fewer, fuller ${kind}s, or attach some to the OU above`,
        `ステートメントをより少ない数の ${kind} にまとめるか、一部を上位の OU にアタッチすること`,
      ),
    );
  return outcomeOf(problems, unresolved);
});
