/**
 * IAM policy documents as the evaluator reads them: every statement's elements as lists of
 * texts, conditions split into operator, set operator, IfExists, key and values. A text that
 * leaves the template is an {@link UnknownText} carrying why, so the statements that read it
 * evaluate as unknown rather than as a guess.
 */

/** A policy value the template does not tell (a parameter without a default, an import from a stack not checked). */
export interface UnknownText {
  readonly unknownText: string;
}

export type Text = string | UnknownText;

export function isUnknownText(value: Text): value is UnknownText {
  return typeof value !== 'string';
}

export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** The Principal (or NotPrincipal) element: `*`, or principals by kind. */
export type PrincipalElement = '*' | { readonly [kind: string]: readonly Text[] };

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

/** One key of one condition operator: `"StringNotEquals": {"aws:SourceVpce": ["vpce-1"]}` is one Condition. */
export interface Condition {
  /** The operator as written, e.g. `ForAnyValue:StringNotEqualsIfExists`. */
  readonly operator: string;
  /** The operator without set operator and IfExists, in AWS's casing (`StringNotEquals`); undefined when not an IAM operator. */
  readonly base?: ConditionOperator;
  readonly set?: SetOperator;
  readonly ifExists: boolean;
  readonly key: string;
  readonly values: readonly Text[];
}

export interface Statement {
  /** Position in the document, from 0. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly action?: readonly Text[];
  readonly notAction?: readonly Text[];
  readonly resource?: readonly Text[];
  readonly notResource?: readonly Text[];
  readonly conditions: readonly Condition[];
  /** Set when the statement cannot be read (an intrinsic where a block was expected): it applies or not, nobody knows. */
  readonly opaque?: string;
}

export interface Policy {
  /** How findings name the policy (`bucket policy of X`, `SCP lgsec-japan-regions`). */
  readonly name: string;
  readonly statements: readonly Statement[];
}

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

const OPERATOR_BY_NAME = new Map<string, ConditionOperator>(CONDITION_OPERATORS.map((op) => [op.toLowerCase(), op]));

/** Operators that hold when the request value matches none of the policy's values. */
export const NEGATED_OPERATORS: ReadonlySet<ConditionOperator> = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

/** Splits `ForAnyValue:StringNotEqualsIfExists` into its parts. */
export function parseOperator(operator: string): Pick<Condition, 'base' | 'set' | 'ifExists'> {
  let rest = operator;
  let set: SetOperator | undefined;
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (prefix) {
    set = prefix[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = rest.slice(prefix[0].length);
  }
  let ifExists = false;
  if (/IfExists$/i.test(rest) && rest.toLowerCase() !== 'ifexists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = OPERATOR_BY_NAME.get(rest.toLowerCase());
  return { base: base === 'Null' && ifExists ? undefined : base, set, ifExists };
}

/** How a raw value of the document becomes a text (plain JSON: strings; templates: resolved intrinsics). */
export type TextReader = (raw: unknown) => Text;

/** Reads plain JSON: strings, numbers and booleans as text; anything else is not a policy value. */
export const plainText: TextReader = (raw) =>
  typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
    ? String(raw)
    : { unknownText: `the value ${JSON.stringify(raw)?.slice(0, 80) ?? String(raw)} is not a string` };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A CloudFormation intrinsic (`{"Fn::If": …}`, `{"Ref": …}`) where the policy grammar expects a block. */
function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** A block of the grammar (object, not an intrinsic). */
function isBlock(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !isIntrinsic(value);
}

function texts(raw: unknown, read: TextReader): Text[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).map(read);
}

function principalElement(raw: unknown, read: TextReader): PrincipalElement | string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '*') return '*';
  if (!isBlock(raw)) {
    const text = read(raw);
    return text === '*' ? '*' : `the principal ${typeof text === 'string' ? `'${text}'` : 'element'} is not '*' or a map of principals`;
  }
  const out: Record<string, Text[]> = {};
  for (const [kind, values] of Object.entries(raw)) out[kind] = texts(values, read) ?? [];
  return out;
}

/** An unreadable document: it may allow or deny anything. */
function opaquePolicy(name: string, why: string): Policy {
  const statement = (index: number, effect: 'Allow' | 'Deny'): Statement => ({ index, effect, conditions: [], opaque: why });
  return { name, statements: [statement(0, 'Allow'), statement(1, 'Deny')] };
}

/**
 * Reads a policy document (an object, or the JSON string some properties take). `read` turns
 * each value into a text; whatever cannot be read makes its statement (or the whole document)
 * opaque, with why.
 */
export function parsePolicy(document: unknown, name: string, read: TextReader = plainText): Policy {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return opaquePolicy(name, `${name} is not valid JSON`);
    }
  }
  if (!isBlock(doc)) {
    const text = doc === undefined ? undefined : read(doc);
    return opaquePolicy(name, text !== undefined && typeof text !== 'string' ? text.unknownText : `${name} is not a policy document`);
  }
  const raw = doc.Statement;
  if (raw !== undefined && !Array.isArray(raw) && !isBlock(raw)) {
    const text = read(raw);
    return opaquePolicy(name, typeof text === 'string' ? `the Statement of ${name} is not a list` : text.unknownText);
  }
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return { name, statements: list.map((item, index) => parseStatement(item, index, read)) };
}

function parseStatement(raw: unknown, index: number, read: TextReader): Statement {
  const opaque = (why: string, effect: 'Allow' | 'Deny' = 'Allow'): Statement => ({ index, effect, conditions: [], opaque: why });
  if (!isBlock(raw)) {
    const text = read(raw);
    return opaque(typeof text === 'string' ? `statement ${index} is not an object` : text.unknownText);
  }
  const effectText = read(raw.Effect);
  const sid = typeof raw.Sid === 'string' ? raw.Sid : undefined;
  if (effectText !== 'Allow' && effectText !== 'Deny') {
    return opaque(typeof effectText === 'string' ? `statement ${index} has Effect '${effectText}'` : effectText.unknownText);
  }
  const principal = principalElement(raw.Principal, read);
  const notPrincipal = principalElement(raw.NotPrincipal, read);
  if (typeof principal === 'string' && principal !== '*') return opaque(principal, effectText);
  if (typeof notPrincipal === 'string' && notPrincipal !== '*') return opaque(notPrincipal, effectText);
  const conditions: Condition[] = [];
  if (raw.Condition !== undefined) {
    if (!isBlock(raw.Condition)) {
      const text = read(raw.Condition);
      return opaque(typeof text === 'string' ? `the Condition of statement ${index} is not an object` : text.unknownText, effectText);
    }
    for (const [operator, block] of Object.entries(raw.Condition)) {
      if (!isBlock(block)) {
        const text = read(block);
        return opaque(
          typeof text === 'string' ? `condition ${operator} of statement ${index} is not an object` : text.unknownText,
          effectText,
        );
      }
      const parsed = parseOperator(operator);
      for (const [key, values] of Object.entries(block)) {
        conditions.push({ operator, ...parsed, key, values: texts(values, read) ?? [] });
      }
    }
  }
  return {
    index,
    ...(sid === undefined ? {} : { sid }),
    effect: effectText,
    ...(principal === undefined ? {} : { principal: principal as PrincipalElement }),
    ...(notPrincipal === undefined ? {} : { notPrincipal: notPrincipal as PrincipalElement }),
    ...(raw.Action === undefined ? {} : { action: texts(raw.Action, read) }),
    ...(raw.NotAction === undefined ? {} : { notAction: texts(raw.NotAction, read) }),
    ...(raw.Resource === undefined ? {} : { resource: texts(raw.Resource, read) }),
    ...(raw.NotResource === undefined ? {} : { notResource: texts(raw.NotResource, read) }),
    conditions,
  };
}

/** How a statement is named in findings: `statement 2 (Sid DenyOutsideAllowedRegions) of SCP …`. */
export function statementName(policy: Policy, statement: Statement): string {
  return `statement ${statement.index}${statement.sid ? ` (${statement.sid})` : ''} of ${policy.name}`;
}
