import { cidrWithin, parseCidr } from '../cidr';
import { arnMatches, expandVariables, globMatches, RequestContext } from './match';
import { Condition, ConditionOperator, isUnknownText, NEGATED_OPERATORS, Text } from './policy';
import { every, hasSymbol, not, or, some, Truth, unknown, withSymbols } from './truth';

/** The positive operator a negated one denies (`StringNotLike` → `StringLike`). */
const POSITIVE: Partial<Record<ConditionOperator, ConditionOperator>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

const ARN = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/s;

function number(text: string): number | undefined {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

/** A date as milliseconds: ISO 8601, or seconds since the epoch. */
function date(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function compareNumbers(op: string, a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (op.endsWith('LessThanEquals')) return a <= b;
  if (op.endsWith('LessThan')) return a < b;
  if (op.endsWith('GreaterThanEquals')) return a >= b;
  if (op.endsWith('GreaterThan')) return a > b;
  return a === b;
}

/** One request value against one policy value, under a positive operator. */
function compare(op: ConditionOperator, requestValue: string, policyValue: Text, context: RequestContext): Truth {
  if (isUnknownText(policyValue)) return unknown(policyValue.unknownText);
  switch (op) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase': {
      const expected = expandVariables(policyValue, context);
      if (expected === undefined) return false;
      const equal = op === 'StringEquals' ? requestValue === expected : requestValue.toLowerCase() === expected.toLowerCase();
      return withSymbols(equal, expected, requestValue);
    }
    case 'StringLike':
      return globMatches(policyValue, requestValue, context);
    case 'ArnEquals':
    case 'ArnLike':
      // A condition value that is not an ARN (six components) matches nothing, `*` included.
      return ARN.test(policyValue) ? arnMatches(policyValue, requestValue, context) : withSymbols(false, policyValue);
  }
  // The other operators compare values, not texts: a symbol is unknown.
  if (hasSymbol(policyValue) || hasSymbol(requestValue)) return withSymbols(false, policyValue, requestValue);
  switch (op) {
    case 'Bool':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    case 'BinaryEquals':
      return requestValue === policyValue;
    case 'IpAddress': {
      const range = parseCidr(policyValue);
      const address = parseCidr(requestValue);
      return range !== undefined && address !== undefined && cidrWithin(address, range);
    }
    default:
      if (op.startsWith('Numeric')) return compareNumbers(op, number(requestValue), number(policyValue));
      if (op.startsWith('Date')) return compareNumbers(op, date(requestValue), date(policyValue));
      return unknown(`the condition operator ${op} is not evaluated`);
  }
}

/**
 * One condition key under one operator, as IAM evaluates it: several policy values are ORed; a
 * negated operator holds when the request value matches none of them; without the key in the
 * request a positive operator fails and a negated one holds (IfExists: both hold); with
 * `ForAnyValue` some request value must match (no key: false, even with IfExists), with
 * `ForAllValues` every one (no key: true).
 */
export function evaluateCondition(condition: Condition, context: RequestContext): Truth {
  const base = condition.base;
  if (base === undefined) return unknown(`the condition operator ${condition.operator} is not one IAM knows`);
  const values = context.get(condition.key.toLowerCase());
  const present = values !== undefined && values.length > 0;
  if (base === 'Null') {
    return some(condition.values, (value) => {
      if (isUnknownText(value)) return unknown(value.unknownText);
      if (hasSymbol(value)) return withSymbols(false, value);
      return value.toLowerCase() === 'true' ? !present : present;
    });
  }
  const negated = NEGATED_OPERATORS.has(base);
  const positive = POSITIVE[base] ?? base;
  const matchOne = (requestValue: string): Truth => {
    let any: Truth = false;
    for (const policyValue of condition.values) {
      const answer = compare(positive, requestValue, policyValue, context);
      if (answer === true) {
        any = true;
        break;
      }
      if (answer !== false) any = any === false ? answer : or(any, answer);
    }
    return negated ? not(any) : any;
  };
  switch (condition.set) {
    case undefined:
      if (!present) return condition.ifExists || negated;
      if (values.length > 1)
        return unknown(`the request has ${values.length} values for ${condition.key}, which ${condition.operator} compares as one`);
      return matchOne(values[0]);
    case 'ForAnyValue':
      // Without the key there is no value to match, IfExists or not.
      if (!present) return false;
      return some(values, matchOne);
    case 'ForAllValues':
      if (!present) return true;
      return every(values, matchOne);
  }
}
