import { coversAllActions, statementsOf } from '../../lib/template/policy-document';
import { flatten } from '../../lib/template/principal';
import { roleStatements } from '../../lib/template/iam';
import { compliant, outcomeOf } from '../outcome';
import { bootstrapRoleRule } from './bootstrap-template';

/**
 * Control 33 for the deployment path: CloudFormation's execution role of a CDK bootstrap
 * template may do what deployments need, never everything (AdministratorAccess, `*`, `*:*`, or
 * an Allow of every action but a few).
 */
export const bootstrapExecutionPolicy = bootstrapRoleRule(['cfn-exec'], (role, index) => {
  const problems: string[] = [];
  const unresolved: string[] = [];
  const arns = role.properties.ManagedPolicyArns;
  for (const arn of Array.isArray(arns) ? arns : arns === undefined ? [] : [arns]) {
    const text = flatten(index, arn);
    if (/:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/.test(text)) {
      problems.push(`ManagedPolicyArns attaches ${text.split('/').pop()}, which allows every action`);
      continue;
    }
    const policy = index.resourceOf(arn, 'AWS::IAM::ManagedPolicy');
    if (policy) {
      statementsOf(policy.resource.properties.PolicyDocument).forEach((statement, i) => {
        if (statement.effect !== 'Allow') return;
        if (coversAllActions(statement.actions))
          problems.push(`managed policy ${policy.resource.logicalId} statement ${i} allows every action`);
        if (statement.notActions.length > 0)
          problems.push(
            `managed policy ${policy.resource.logicalId} statement ${i} allows every action but ${statement.notActions.length} (NotAction)`,
          );
      });
      continue;
    }
    const reference = index.follow(arn);
    if (reference.kind === 'external') unresolved.push(`ManagedPolicyArns names ${text}, from ${reference.why}`);
  }
  for (const { statement, where } of roleStatements({ resource: role, index })) {
    if (statement.effect !== 'Allow') continue;
    if (coversAllActions(statement.actions)) problems.push(`${where} allows every action`);
    if (statement.notActions.length > 0) problems.push(`${where} allows every action but ${statement.notActions.length} (NotAction)`);
  }
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
