import { awsPrincipal, principalsOf, trustStatements } from '../../lib/template/principal';
import { compliant, outcomeOf } from '../outcome';
import { bootstrapRoleRule } from './bootstrap-template';

/**
 * Control 39 for the deployment path: the roles of a CDK bootstrap template that deploy, publish
 * and look up trust named roles (the pipeline's), never an account: `cdk bootstrap --trust
 * <account>` and the account's own root make every administrator of that account a deployer of
 * this one, through the execution role the guardrails exempt.
 */
export const bootstrapTrust = bootstrapRoleRule(['deploy', 'lookup', 'file-publishing', 'image-publishing'], (role, index) => {
  const problems: string[] = [];
  const unresolved: string[] = [];
  trustStatements(role).forEach((statement, i) => {
    for (const principal of principalsOf(statement).filter((p) => p.kind === 'AWS')) {
      const described = awsPrincipal(index, principal.value);
      if (described.kind === 'any') problems.push(`trust statement ${i} trusts every principal (*)`);
      else if (described.kind === 'account') {
        const whose = described.account === 'self' ? 'its own account' : `account ${described.text}`;
        problems.push(`trust statement ${i} trusts ${whose} (${described.text}): every principal its administrators allow may deploy`);
      } else if (described.kind === 'unknown') {
        const reference = index.follow(principal.value);
        unresolved.push(
          `trust statement ${i} trusts ${described.text}${reference.kind === 'external' ? `, from ${reference.why}` : ''}; ` +
            "name the pipeline's role ARN",
        );
      }
    }
  });
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
