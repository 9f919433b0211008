import { PolicyStatement, conditionValues, isTrue, principalsOf, statementsOf } from './policy-document';
import { isRecord, TemplateIndex, TemplateResource } from './template-index';

/** An AWS principal of a trust policy, as far as the template tells. */
export interface AwsPrincipal {
  readonly kind: 'any' | 'account' | 'user' | 'role' | 'unknown';
  /** 12-digit account, `self` for the stack's own account, undefined when unknown. */
  readonly account?: string;
  readonly text: string;
}

/** A value written as text, with references as `${Name}` (the way Fn::Sub writes them). */
export function flatten(index: TemplateIndex, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (!isRecord(value)) return '?';
  if (typeof value.Ref === 'string') return `\${${value.Ref}}`;
  const getAtt = value['Fn::GetAtt'];
  if (getAtt !== undefined) return `\${${Array.isArray(getAtt) ? getAtt.join('.') : String(getAtt)}}`;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map((part) => flatten(index, part)).join(String(join[0]));
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') {
    const vars = isRecord(sub[1]) ? sub[1] : {};
    return sub[0].replace(/\$\{([^}!]+)\}/g, (whole, name: string) => (name in vars ? flatten(index, vars[name]) : whole));
  }
  if (value['Fn::ImportValue'] !== undefined) return '${import}';
  return '?';
}

function accountOf(index: TemplateIndex, text: string): string | undefined {
  if (text === '${AWS::AccountId}') return 'self';
  if (/^\d{12}$/.test(text)) return index.account !== undefined && text === index.account ? 'self' : text;
  return undefined;
}

export function awsPrincipal(index: TemplateIndex, value: unknown): AwsPrincipal {
  if (value === '*') return { kind: 'any', text: '*' };
  const ref = index.follow(value);
  if (ref.kind === 'resource') {
    if (ref.resource.type === 'AWS::IAM::User') return { kind: 'user', account: 'self', text: `user ${ref.resource.logicalId}` };
    if (ref.resource.type === 'AWS::IAM::Role') return { kind: 'role', account: 'self', text: `role ${ref.resource.logicalId}` };
  }
  const text = flatten(index, value);
  if (/^(\d{12}|\$\{AWS::AccountId\})$/.test(text)) return { kind: 'account', account: accountOf(index, text), text };
  const arn = /^arn:(?:\$\{[^}]*\}|[^:]*):(?:iam|sts)::(\$\{[^}]*\}|[^:]*):(.*)$/.exec(text);
  if (arn) {
    const account = accountOf(index, arn[1]);
    if (arn[2] === 'root') return { kind: 'account', account, text };
    if (arn[2].startsWith('user/')) return { kind: 'user', account, text };
    if (arn[2].startsWith('role/') || arn[2].startsWith('assumed-role/')) return { kind: 'role', account, text };
  }
  return { kind: 'unknown', text };
}

/** The Allow statements of a role's trust policy. */
export function trustStatements(role: TemplateResource): PolicyStatement[] {
  return statementsOf(role.properties.AssumeRolePolicyDocument).filter((s) => s.effect === 'Allow');
}

/** True when the statement requires MFA (aws:MultiFactorAuthPresent true, or a MultiFactorAuthAge limit). */
export function requiresMfa(statement: PolicyStatement): boolean {
  return (
    conditionValues(statement, /^Bool(IfExists)?$/i, 'aws:MultiFactorAuthPresent').some(isTrue) ||
    conditionValues(statement, /^NumericLessThan(Equals)?(IfExists)?$/i, 'aws:MultiFactorAuthAge').length > 0
  );
}

/**
 * SAML attributes that say who signed in and for which audience, not how: a condition on them is
 * no evidence of multi-factor authentication.
 */
const SAML_IDENTITY_KEYS = new Set(['saml:aud', 'saml:iss', 'saml:sub', 'saml:sub_type', 'saml:namequalifier', 'saml:doc']);

/**
 * The `saml:` attribute conditions of a statement that can carry the identity provider's evidence
 * of multi-factor authentication (AWS sets no `aws:MultiFactorAuthPresent` for
 * `AssumeRoleWithSAML`): an equality on an attribute other than the sign-in's identity, e.g.
 * `saml:edupersonassurance` = `https://refeds.org/profile/mfa`.
 */
export function samlMfaEvidenceKeys(statement: PolicyStatement): string[] {
  const keys: string[] = [];
  for (const [operator, block] of Object.entries(statement.condition)) {
    if (!/^(ForAnyValue:|ForAllValues:)?String(Equals|Like)$/i.test(operator) || typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      const lower = key.toLowerCase();
      if (lower.startsWith('saml:') && !SAML_IDENTITY_KEYS.has(lower) && value !== undefined && value !== '') keys.push(key);
    }
  }
  return keys;
}

/** True when the statement requires an external id. */
export function requiresExternalId(statement: PolicyStatement): boolean {
  return conditionValues(statement, /^String(Equals|Like)(IfExists)?$/i, 'sts:ExternalId').length > 0;
}

export { principalsOf };
