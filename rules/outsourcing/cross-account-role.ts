import { compliant, localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { awsPrincipal, principalsOf, requiresExternalId, requiresMfa, trustStatements } from '../../lib/template/principal';
import { resourceRule } from '../rule';

const MAX_SESSION_SECONDS = 3600;

/**
 * Control 39: a role trusting another AWS account requires sts:ExternalId or MFA, limits
 * sessions to one hour and has a permissions boundary.
 */
export const crossAccountRoleGuards = resourceRule(['AWS::IAM::Role'], (role, index) => {
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  let crossAccount = false;
  trustStatements(role).forEach((statement, i) => {
    for (const principal of principalsOf(statement).filter((p) => p.kind === 'AWS')) {
      const described = awsPrincipal(index, principal.value);
      if (described.account === 'self') continue;
      if (described.account === undefined && described.kind !== 'any') {
        unresolved.push(
          localized(
            `trust statement ${i} trusts ${described.text}, whose account cannot be told`,
            `信頼ステートメント ${i} が信頼する ${described.text} のアカウントが分からない`,
          ),
        );
        continue;
      }
      crossAccount = true;
      if (!requiresExternalId(statement) && !requiresMfa(statement)) {
        problems.push(
          localized(
            `trust statement ${i} lets ${described.text} assume the role without sts:ExternalId or MFA`,
            `信頼ステートメント ${i} が ${described.text} に sts:ExternalId も MFA もなしにロールの引受けを許している`,
          ),
        );
      }
    }
  });
  if (!crossAccount) return unresolved.length > 0 ? outcomeOf([], unresolved) : notApplicable();
  const session = role.properties.MaxSessionDuration;
  const seconds = session === undefined ? MAX_SESSION_SECONDS : Number(index.literalString(session));
  if (!Number.isFinite(seconds)) unresolved.push(localized('MaxSessionDuration is not a literal', 'MaxSessionDuration がリテラルではない'));
  else if (seconds > MAX_SESSION_SECONDS)
    problems.push(
      localized(
        `MaxSessionDuration is ${seconds} seconds; at most ${MAX_SESSION_SECONDS}`,
        `MaxSessionDuration が ${seconds} 秒である。上限は ${MAX_SESSION_SECONDS} 秒`,
      ),
    );
  if (role.properties.PermissionsBoundary === undefined)
    problems.push(localized('PermissionsBoundary is not set', 'PermissionsBoundary が設定されていない'));
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
