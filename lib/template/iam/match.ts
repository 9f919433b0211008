/**
 * Matching as IAM does it: `*` and `?` wildcards, policy variables (`${aws:PrincipalAccount}`,
 * `${aws:username, 'default'}`, and `${*}`, `${?}`, `${$}` for the literal characters), actions
 * without case, resources and ARNs with case, an ARN's first five components each on its own.
 */

import { Truth, withSymbols } from './truth';

/** Condition keys of a request, by lower-cased key. */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

type Segment = { readonly literal: string } | { readonly wild: '*' | '?' };

/**
 * A pattern as segments, policy variables replaced from the request; undefined when a variable
 * has no value in the request (and no default): IAM then treats the pattern as matching nothing.
 */
function segments(pattern: string, context: RequestContext | undefined): Segment[] | undefined {
  const out: Segment[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) out.push({ literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const inside = pattern.slice(i + 2, end);
        i = end;
        if (inside === '*' || inside === '?' || inside === '$') {
          literal += inside;
          continue;
        }
        const variable = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inside);
        const values = variable && context ? context.get(variable[1].toLowerCase()) : undefined;
        // A multivalued key is not a policy variable.
        const value = values && values.length === 1 ? values[0] : variable?.[2];
        if (value === undefined) return undefined;
        literal += value;
        continue;
      }
    }
    if (c === '*' || c === '?') {
      flush();
      out.push({ wild: c });
    } else literal += c;
  }
  flush();
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toRegExp(parts: readonly Segment[], options: { ignoreCase?: boolean; arn?: boolean }): RegExp {
  let source = '';
  let colons = 0;
  for (const part of parts) {
    if ('literal' in part) {
      source += escape(part.literal);
      colons += part.literal.split(':').length - 1;
      continue;
    }
    // In an ARN, wildcards of the first five components stay inside their component.
    const inComponent = options.arn && colons < 5;
    source += part.wild === '*' ? (inComponent ? '[^:]*' : '.*') : inComponent ? '[^:]' : '.';
  }
  return new RegExp(`^${source}$`, options.ignoreCase ? 'is' : 's');
}

/** Compiled patterns without variables, one map per kind of matching. */
const caches = new Map<string, Map<string, RegExp>>();

function compiled(pattern: string, options: { ignoreCase?: boolean; arn?: boolean }, context?: RequestContext): RegExp | undefined {
  const variable = pattern.includes('${');
  const kind = options.ignoreCase ? (options.arn ? 'ia' : 'i') : options.arn ? 'a' : '';
  let cache = caches.get(kind);
  if (!cache) caches.set(kind, (cache = new Map()));
  if (!variable) {
    const hit = cache.get(pattern);
    if (hit) return hit;
  }
  const parts = segments(pattern, context);
  if (!parts) return undefined;
  const regexp = toRegExp(parts, options);
  if (!variable) cache.set(pattern, regexp);
  return regexp;
}

/** `StringLike`: a glob, with case. */
export function globMatches(pattern: string, value: string, context?: RequestContext, ignoreCase = false): Truth {
  return withSymbols(compiled(pattern, { ignoreCase }, context)?.test(value) ?? false, pattern, value);
}

/** A policy's action (`s3:Get*`, `*`) against a request's action, without case. */
export function actionMatches(pattern: string, action: string): Truth {
  if (pattern === '*') return true;
  return withSymbols(compiled(pattern, { ignoreCase: true })?.test(action) ?? false, pattern, action);
}

/** A policy variable-expanded literal (`StringEquals` values may hold variables too). */
export function expandVariables(text: string, context: RequestContext): string | undefined {
  if (!text.includes('${')) return text;
  const parts = segments(text, context);
  if (!parts) return undefined;
  return parts.map((part) => ('literal' in part ? part.literal : part.wild)).join('');
}

const ARN = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/s;

/**
 * A Resource element (or an `Arn*` condition value) against an ARN: `*` matches everything;
 * otherwise both are ARNs and each of the first five components matches on its own, the
 * resource part as a whole (its wildcards cross `/` and `:`).
 */
export function arnMatches(pattern: string, value: string, context?: RequestContext): Truth {
  if (pattern === '*') return true;
  if (!ARN.test(value)) return withSymbols(pattern === value, pattern, value);
  return withSymbols(compiled(pattern, { arn: true }, context)?.test(value) ?? false, pattern, value);
}

/** `Resource` against a request resource: an ARN, or `*` for actions that name no resource. */
export function resourceMatches(pattern: string, resource: string, context?: RequestContext): Truth {
  return arnMatches(pattern, resource, context);
}

/** Whether a glob could match at all (no symbols): the plain boolean for callers that need one. */
export function globTest(pattern: string, value: string, ignoreCase = false): boolean {
  return compiled(pattern, { ignoreCase })?.test(value) ?? false;
}
