import { TAG_KEYS, Zone } from '../../lib/policy';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { awsPrincipal, principalsOf, requiresMfa, trustStatements } from '../../lib/template/principal';
import { resourceRule } from '../rule';

/**
 * Control 13: IAM roles that people assume into the My Number zone (trusting an account root,
 * IAM users, or SAML/OIDC federation) require MFA in the trust policy.
 */
export const myNumberHumanRoleMfa = resourceRule(['AWS::IAM::Role'], (role, index) => {
  if (index.tagValue(role, TAG_KEYS.zone) !== Zone.MY_NUMBER) return notApplicable();
  const problems: string[] = [];
  let human = false;
  trustStatements(role).forEach((statement, i) => {
    const people = principalsOf(statement).filter((p) => {
      if (p.kind === 'Federated') return true;
      if (p.kind !== 'AWS') return false;
      const principal = awsPrincipal(index, p.value);
      return principal.kind === 'account' || principal.kind === 'user' || principal.kind === 'any';
    });
    if (people.length === 0) return;
    human = true;
    if (!requiresMfa(statement)) {
      problems.push(
        `trust statement ${i} lets ${people.map((p) => `${p.kind} ${awsPrincipal(index, p.value).text}`).join(', ')} assume the role without aws:MultiFactorAuthPresent`,
      );
    }
  });
  if (!human) return notApplicable();
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
