import { conditionValues, statementsOf } from '../../lib/template/policy-document';
import { flatten } from '../../lib/template/principal';
import { actionsCovered } from '../../lib/template/action-glob';
import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
import { bootstrapRoleRule } from './bootstrap-template';

/**
 * Control 39 for the deployment path: CloudFormation's execution role of a CDK bootstrap template
 * has a permissions boundary, and the boundary makes every role a deployment creates carry one
 * (`cdk bootstrap --custom-permissions-boundary`, or a boundary that denies `iam:CreateRole`
 * without `iam:PermissionsBoundary`): otherwise a deployment mints roles bounded by nothing.
 */
export const bootstrapPermissionsBoundary = bootstrapRoleRule(['cfn-exec'], (role, index) => {
  const boundary = role.properties.PermissionsBoundary;
  if (boundary === undefined)
    return nonCompliant(
      localized(
        'PermissionsBoundary is not set: the roles deployments create are bounded by nothing',
        'PermissionsBoundary が設定されていない：デプロイが作成するロールは何にも制限されない',
      ),
    );
  const policy = index.resourceOf(boundary, 'AWS::IAM::ManagedPolicy');
  if (!policy) {
    return unverifiable(
      localized(
        `PermissionsBoundary ${flatten(index, boundary)} is not in the template: whether it makes the roles deployments create ` +
          `carry a boundary cannot be told`,
        `PermissionsBoundary ${flatten(index, boundary)} はテンプレートにない：デプロイが作成するロールに境界を付けさせるか分からない`,
      ),
    );
  }
  const propagates = statementsOf(policy.resource.properties.PolicyDocument).some(
    (statement) =>
      statement.effect === 'Deny' &&
      actionsCovered(statement.actions, ['iam:CreateRole']).length > 0 &&
      conditionValues(
        statement,
        /^StringNotEquals(IfExists)?$|^ArnNotEquals(IfExists)?$|^StringNotLike$|^ArnNotLike$/i,
        'iam:PermissionsBoundary',
      ).length > 0,
  );
  return propagates
    ? compliant()
    : nonCompliant(
        localized(
          `the boundary ${policy.resource.logicalId} does not deny iam:CreateRole without an iam:PermissionsBoundary: deployments ` +
            `may create roles bounded by nothing`,
          `境界 ${policy.resource.logicalId} が iam:PermissionsBoundary なしの iam:CreateRole を拒否していない：` +
            'デプロイは何にも制限されないロールを作成できる',
        ),
      );
});
