import { sourceJa } from '../../lib/template/why-ja';
import { awsPrincipal, principalsOf, trustStatements } from '../../lib/template/principal';
import { compliant, localized, outcomeOf, Problem } from '../outcome';
import { bootstrapRoleRule } from './bootstrap-template';

/**
 * Control 39 for the deployment path: the roles of a CDK bootstrap template that deploy, publish
 * and look up trust named roles (the pipeline's), never an account: `cdk bootstrap --trust
 * <account>` and the account's own root make every administrator of that account a deployer of
 * this one, through the execution role the guardrails exempt.
 */
export const bootstrapTrust = bootstrapRoleRule(['deploy', 'lookup', 'file-publishing', 'image-publishing'], (role, index) => {
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  trustStatements(role).forEach((statement, i) => {
    for (const principal of principalsOf(statement).filter((p) => p.kind === 'AWS')) {
      const described = awsPrincipal(index, principal.value);
      if (described.kind === 'any')
        problems.push(
          localized(`trust statement ${i} trusts every principal (*)`, `信頼ステートメント ${i} がすべてのプリンシパル（*）を信頼している`),
        );
      else if (described.kind === 'account') {
        const whose = described.account === 'self' ? 'its own account' : `account ${described.text}`;
        const whoseJa = described.account === 'self' ? '自らのアカウント' : `アカウント ${described.text}`;
        problems.push(
          localized(
            `trust statement ${i} trusts ${whose} (${described.text}): every principal its administrators allow may deploy`,
            `信頼ステートメント ${i} が${whoseJa}（${described.text}）を信頼している：その管理者が許すすべてのプリンシパルがデプロイできる`,
          ),
        );
      } else if (described.kind === 'unknown') {
        const reference = index.follow(principal.value);
        unresolved.push(
          localized(
            `trust statement ${i} trusts ${described.text}${reference.kind === 'external' ? `, from ${reference.why}` : ''}; ` +
              "name the pipeline's role ARN",
            `信頼ステートメント ${i} が${reference.kind === 'external' ? `${sourceJa(reference.why)}から来る` : ''} ${described.text} を信頼している。` +
              'パイプラインのロール ARN を指定する',
          ),
        );
      }
    }
  });
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
