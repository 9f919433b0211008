import { GuardrailStatement } from '../../lib/organization';

/**
 * Just enough of IAM's evaluation of Deny statements to ask "would the guardrails deny this
 * request?" in tests: actions and resources with wildcards, and the condition operators the
 * guardrails use (String*, Arn*, Bool, Null, IfExists, ForAnyValue, ForAllValues).
 */
export interface Request {
  readonly action: string;
  /** The resource ARN; statements scoped to other resources do not apply. @default - any resource ('*' statements only) */
  readonly resource?: string;
  /** The calling principal (role ARN, as `aws:PrincipalARN` gives it). */
  readonly principal: string;
  /** Tags of the principal (role tags and session tags). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Other condition keys of the request (`aws:RequestedRegion` is ap-northeast-1 and `aws:SecureTransport` true unless given). */
  readonly context?: Readonly<Record<string, string | boolean | readonly string[]>>;
}

/** Keys every request carries unless a test says otherwise: it is made in Tokyo, over TLS. */
const REQUEST_DEFAULTS: Readonly<Record<string, string>> = { 'aws:RequestedRegion': 'ap-northeast-1', 'aws:SecureTransport': 'true' };

const glob = (pattern: string, caseless = true): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    caseless ? 'i' : '',
  );

const list = <T>(value: T | readonly T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? [...value] : [value as T]);

function contextValues(request: Request, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  if (lower === 'aws:principalarn') return [request.principal];
  if (lower.startsWith('aws:principaltag/')) {
    const tag = Object.entries(request.tags ?? {}).find(([k]) => `aws:principaltag/${k.toLowerCase()}` === lower);
    return tag ? [tag[1]] : undefined;
  }
  const entry = Object.entries({ ...REQUEST_DEFAULTS, ...request.context }).find(([k]) => k.toLowerCase() === lower);
  if (!entry) return undefined;
  return list(entry[1] as string | boolean | readonly string[]).map(String);
}

/** One operator on one value of the request, against the statement's values. */
function matches(base: string, actual: string, expected: string[]): boolean {
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
    case 'Bool':
      return expected.some((e) => e === actual);
    case 'StringEqualsIgnoreCase':
      return expected.some((e) => e.toLowerCase() === actual.toLowerCase());
    case 'StringLike':
    case 'ArnLike':
      return expected.some((e) => glob(e, false).test(actual));
    case 'NumericLessThan':
      return expected.some((e) => Number(actual) < Number(e));
    default:
      throw new Error(`the simulator does not know the operator ${base}`);
  }
}

function conditionHolds(operator: string, key: string, expectedRaw: string | string[], request: Request): boolean {
  const expected = list(expectedRaw);
  const values = contextValues(request, key);
  const [qualifier, rest] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const ifExists = rest.endsWith('IfExists');
  const op = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  if (op === 'Null') return expected.includes(values === undefined ? 'true' : 'false');
  const negated = /Not/.test(op);
  const base = op.replace('Not', '');
  const test = (value: string) => (negated ? !matches(base, value, expected) : matches(base, value, expected));
  if (qualifier === 'ForAnyValue') return (values ?? []).some(test);
  if (qualifier === 'ForAllValues') return (values ?? []).every(test);
  if (values === undefined) return ifExists || negated;
  return values.some(test);
}

/** The Sids of the Deny statements that deny the request. */
export function deniedBy(statements: readonly GuardrailStatement[], request: Request): string[] {
  return statements
    .filter((statement) => statement.Effect === 'Deny')
    .filter((statement) => {
      const actions = list(statement.Action);
      const notActions = list(statement.NotAction);
      const actionMatches =
        statement.NotAction !== undefined
          ? !notActions.some((a) => glob(a).test(request.action))
          : actions.some((a) => glob(a).test(request.action));
      if (!actionMatches) return false;
      const resources = list(statement.Resource);
      const resourceMatches =
        resources.includes('*') || (request.resource !== undefined && resources.some((r) => glob(r, false).test(request.resource!)));
      if (!resourceMatches) return false;
      return Object.entries(statement.Condition ?? {}).every(([operator, block]) =>
        Object.entries(block).every(([key, value]) => conditionHolds(operator, key, value, request)),
      );
    })
    .map((statement) => statement.Sid);
}
