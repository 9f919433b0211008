import { TAG_KEYS, Zone } from '../../lib/policy';
import { compliant, localized, nonCompliant, notApplicable, Problem } from '../outcome';
import { awsPrincipal, principalsOf, requiresMfa, samlMfaEvidenceKeys, trustStatements } from '../../lib/template/principal';
import { resourceRule } from '../rule';

/**
 * Control 13: IAM roles that people assume into the My Number zone (trusting an account root,
 * IAM users, or SAML/OIDC federation) require MFA in the trust policy.
 */
export const myNumberHumanRoleMfa = resourceRule(['AWS::IAM::Role'], (role, index) => {
  if (index.tagValue(role, TAG_KEYS.zone) !== Zone.MY_NUMBER) return notApplicable();
  const problems: Problem[] = [];
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
    // SAML sign-in never sets aws:MultiFactorAuthPresent: the identity provider's assertion is the
    // only evidence of MFA a trust policy can test.
    const saml =
      people.every((p) => p.kind === 'Federated') &&
      (people.every((p) => typeof p.value === 'string' && /:saml-provider\//.test(p.value)) ||
        statement.actions.includes('sts:AssumeRoleWithSAML'));
    if (saml && samlMfaEvidenceKeys(statement).length > 0) return;
    if (!requiresMfa(statement)) {
      const who = people.map((p) => `${p.kind} ${awsPrincipal(index, p.value).text}`);
      problems.push(
        localized(
          `trust statement ${i} lets ${who.join(', ')} assume the role without aws:MultiFactorAuthPresent`,
          `信頼ステートメント ${i} が ${who.join('、')} に aws:MultiFactorAuthPresent なしでロールの引受けを許している`,
        ),
      );
    }
  });
  if (!human) return notApplicable();
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
