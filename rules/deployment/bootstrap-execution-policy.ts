import { sourceJa } from '../../lib/template/why-ja';
import { coversAllActions, statementsOf } from '../../lib/template/policy-document';
import { flatten } from '../../lib/template/principal';
import { roleStatements } from '../../lib/template/iam';
import { compliant, localized, outcomeOf, Problem } from '../outcome';
import { bootstrapRoleRule } from './bootstrap-template';

/**
 * Control 33 for the deployment path: CloudFormation's execution role of a CDK bootstrap
 * template may do what deployments need, never everything (AdministratorAccess, `*`, `*:*`, or
 * an Allow of every action but a few).
 */
export const bootstrapExecutionPolicy = bootstrapRoleRule(['cfn-exec'], (role, index) => {
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  const arns = role.properties.ManagedPolicyArns;
  for (const arn of Array.isArray(arns) ? arns : arns === undefined ? [] : [arns]) {
    const text = flatten(index, arn);
    if (/:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/.test(text)) {
      problems.push(
        localized(
          `ManagedPolicyArns attaches ${text.split('/').pop()}, which allows every action`,
          `ManagedPolicyArns がすべての操作を許す ${text.split('/').pop()} をアタッチしている`,
        ),
      );
      continue;
    }
    const policy = index.resourceOf(arn, 'AWS::IAM::ManagedPolicy');
    if (policy) {
      statementsOf(policy.resource.properties.PolicyDocument).forEach((statement, i) => {
        if (statement.effect !== 'Allow') return;
        if (coversAllActions(statement.actions))
          problems.push(
            localized(
              `managed policy ${policy.resource.logicalId} statement ${i} allows every action`,
              `管理ポリシー ${policy.resource.logicalId} のステートメント ${i} がすべての操作を許している`,
            ),
          );
        if (statement.notActions.length > 0)
          problems.push(
            localized(
              `managed policy ${policy.resource.logicalId} statement ${i} allows every action but ${statement.notActions.length} (NotAction)`,
              `管理ポリシー ${policy.resource.logicalId} のステートメント ${i} が ${statement.notActions.length} 件（NotAction）を除くすべての操作を許している`,
            ),
          );
      });
      continue;
    }
    const reference = index.follow(arn);
    if (reference.kind === 'external')
      unresolved.push(
        localized(
          `ManagedPolicyArns names ${text}, from ${reference.why}`,
          `ManagedPolicyArns が${sourceJa(reference.why)}から来る ${text} を指定している`,
        ),
      );
  }
  for (const { statement, where } of roleStatements({ resource: role, index })) {
    if (statement.effect !== 'Allow') continue;
    if (coversAllActions(statement.actions))
      problems.push(localized(`${where} allows every action`, `${where} がすべての操作を許している`));
    if (statement.notActions.length > 0)
      problems.push(
        localized(
          `${where} allows every action but ${statement.notActions.length} (NotAction)`,
          `${where} が ${statement.notActions.length} 件（NotAction）を除くすべての操作を許している`,
        ),
      );
  }
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
