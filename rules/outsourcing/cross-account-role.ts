import { compliant, notApplicable, outcomeOf } from '../outcome';
import { awsPrincipal, principalsOf, requiresExternalId, requiresMfa, trustStatements } from '../../lib/template/principal';
import { resourceRule } from '../rule';

const MAX_SESSION_SECONDS = 3600;

/**
 * Control 39: a role trusting another AWS account requires sts:ExternalId or MFA, limits
 * sessions to one hour and has a permissions boundary.
 */
export const crossAccountRoleGuards = resourceRule(['AWS::IAM::Role'], (role, index) => {
  const problems: string[] = [];
  const unresolved: string[] = [];
  let crossAccount = false;
  trustStatements(role).forEach((statement, i) => {
    for (const principal of principalsOf(statement).filter((p) => p.kind === 'AWS')) {
      const described = awsPrincipal(index, principal.value);
      if (described.account === 'self') continue;
      if (described.account === undefined && described.kind !== 'any') {
        unresolved.push(`trust statement ${i} trusts ${described.text}, whose account cannot be told`);
        continue;
      }
      crossAccount = true;
      if (!requiresExternalId(statement) && !requiresMfa(statement)) {
        problems.push(`trust statement ${i} lets ${described.text} assume the role without sts:ExternalId or MFA`);
      }
    }
  });
  if (!crossAccount) return unresolved.length > 0 ? outcomeOf([], unresolved) : notApplicable();
  const session = role.properties.MaxSessionDuration;
  const seconds = session === undefined ? MAX_SESSION_SECONDS : Number(index.literalString(session));
  if (!Number.isFinite(seconds)) unresolved.push('MaxSessionDuration is not a literal');
  else if (seconds > MAX_SESSION_SECONDS) problems.push(`MaxSessionDuration is ${seconds} seconds; at most ${MAX_SESSION_SECONDS}`);
  if (role.properties.PermissionsBoundary === undefined) problems.push('PermissionsBoundary is not set');
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
