import { isRecord } from './template-index';

/** One statement of an IAM policy document, normalized (single values become lists). */
export interface PolicyStatement {
  readonly effect: unknown;
  readonly principal: unknown;
  readonly actions: readonly unknown[];
  readonly notActions: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly notResources: readonly unknown[];
  readonly condition: Readonly<Record<string, unknown>>;
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Statements of a policy document; accepts the JSON-string form some properties allow. */
export function statementsOf(document: unknown): PolicyStatement[] {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  if (!isRecord(doc)) return [];
  return list(doc.Statement)
    .filter(isRecord)
    .map((s) => ({
      effect: s.Effect,
      principal: s.Principal,
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      condition: isRecord(s.Condition) ? s.Condition : {},
    }));
}

/**
 * Values of a condition key under operators matching `operator` (both compared without case,
 * as IAM does for keys), e.g. conditionValues(s, /^Bool(IfExists)?$/, 'aws:SecureTransport').
 */
export function conditionValues(statement: PolicyStatement, operator: RegExp, key: string): unknown[] {
  const out: unknown[] = [];
  const wanted = key.toLowerCase();
  for (const [op, block] of Object.entries(statement.condition)) {
    if (!operator.test(op) || !isRecord(block)) continue;
    for (const [conditionKey, value] of Object.entries(block)) {
      if (conditionKey.toLowerCase() === wanted) out.push(...list(value));
    }
  }
  return out;
}

/** True when a condition value means true (`true` or `"true"`). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

/** The principals of a statement by kind: `*` is reported as kind 'AWS' with value '*'. */
export function principalsOf(statement: PolicyStatement): { kind: string; value: unknown }[] {
  const principal = statement.principal;
  if (principal === '*') return [{ kind: 'AWS', value: '*' }];
  if (!isRecord(principal)) return [];
  const out: { kind: string; value: unknown }[] = [];
  for (const [kind, values] of Object.entries(principal)) {
    for (const value of list(values)) out.push({ kind, value });
  }
  return out;
}

/** True when the statement allows (or denies) every action: `*` (or a service wildcard when `service` is given). */
export function coversAllActions(actions: readonly unknown[], service?: string): boolean {
  return actions.some(
    (action) =>
      action === '*' ||
      action === '*:*' ||
      (service !== undefined && typeof action === 'string' && action.toLowerCase() === `${service}:*`),
  );
}
