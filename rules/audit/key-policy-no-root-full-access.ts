import { compliant, localized, nonCompliant, Problem } from '../outcome';
import { conditionValues, principalsOf, statementsOf } from '../../lib/template/policy-document';
import { awsPrincipal } from '../../lib/template/principal';
import { resourceRule } from '../rule';

/** An action entry that stands for every KMS action: `*` or `kms:*`. */
function everyKmsAction(action: unknown): boolean {
  return typeof action === 'string' && ['*', 'kms:*'].includes(action.toLowerCase());
}

/** Conditions that name which principals of the account the statement is for. */
const NAMES_PRINCIPALS = /^(Arn|String)(Equals|Like)$/i;

/**
 * A key policy grants no account root (IAM delegation: every administrator of that account) and
 * nobody at all `kms:*`: disabling, deleting, re-policying and decrypting are then one IAM policy
 * away for any administrator. Statements that name the principals (`aws:PrincipalArn`) are fine.
 */
export const kmsKeyPolicyNoRootFullAccess = resourceRule(['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'], (key, index) => {
  const problems: Problem[] = [];
  statementsOf(key.properties.KeyPolicy).forEach((statement, position) => {
    if (statement.effect !== 'Allow' || !statement.actions.some(everyKmsAction)) return;
    if (conditionValues(statement, NAMES_PRINCIPALS, 'aws:PrincipalArn').length > 0) return;
    const wide = principalsOf(statement)
      .filter(({ kind }) => kind === 'AWS')
      .map(({ value }) => awsPrincipal(index, value))
      .filter((principal) => principal.kind === 'account' || principal.kind === 'any');
    if (wide.length === 0) return;
    const who = wide.map((p) => (p.kind === 'any' ? 'anyone (*)' : `account ${p.text}`)).join(', ');
    const actions = statement.actions.filter(everyKmsAction).join(', ');
    const whoJa = wide.map((p) => (p.kind === 'any' ? 'すべての者（*）' : `アカウント ${p.text}`)).join('、');
    problems.push(
      localized(
        `statement ${position + 1} allows every KMS action (${actions}) to ${who}: ` +
          'any administrator of the account may disable, delete or re-policy the key and decrypt with it',
        `ステートメント ${position + 1} が ${whoJa} にすべての KMS 操作（${actions}）を許している：` +
          'アカウントのどの管理者もキーの無効化・削除・ポリシーの書換えと、キーによる復号ができる',
      ),
    );
  });
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
