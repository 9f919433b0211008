import * as fs from 'fs';
import * as path from 'path';

/** Synthesized CloudFormation and sample events, read as loosely as JSON is. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cloudtrail-events');

/** A sample event of test/fixtures/cloudtrail-events (see its SOURCES.md). */
export function sampleEvent(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
}

export function sampleEventNames(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

function globMatches(glob: string, text: string): boolean {
  const regex = new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return regex.test(text);
}

/** One pattern element (a value or an operator object) against one scalar of the event. */
function elementMatches(element: Json, value: Json, present: boolean): boolean {
  if (element === null || typeof element !== 'object') return present && element === value;
  const [operator, operand] = Object.entries(element)[0] as [string, Json];
  switch (operator) {
    case 'prefix':
      return present && typeof value === 'string' && value.startsWith(operand);
    case 'suffix':
      return present && typeof value === 'string' && value.endsWith(operand);
    case 'wildcard':
      return present && typeof value === 'string' && globMatches(operand, value);
    case 'exists':
      return operand === present;
    case 'anything-but':
      return present && !(Array.isArray(operand) ? operand : [operand]).includes(value);
    default:
      throw new Error(`the test matcher does not know the EventBridge operator '${operator}'`);
  }
}

/**
 * EventBridge's matching, for the operators lgsec's patterns use: every field of the pattern
 * matches; a list matches when any of its elements matches the event's value (or any element of
 * the event's list); objects nest.
 */
export function eventMatches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const present = event !== null && typeof event === 'object' && key in event && event[key] !== undefined;
    const actual = present ? event[key] : undefined;
    if (Array.isArray(expected)) {
      const values = Array.isArray(actual) ? actual : [actual];
      return expected.some((element) => values.some((value) => elementMatches(element, value, present && value !== null)));
    }
    return present && typeof actual === 'object' && eventMatches(expected, actual);
  });
}

/**
 * CloudWatch Logs' JSON filter patterns, for the form lgsec's guardrail patterns take:
 * `{ ($.a.b = "v") && (($.c = "x*") || ($.c = "y")) }`.
 */
export function logFilterMatches(filterPattern: string, record: Json): boolean {
  const body = /^\{\s*(.*)\s*\}$/.exec(filterPattern);
  if (!body) throw new Error(`not a JSON filter pattern: ${filterPattern}`);
  const tokens = body[1].match(/\(|\)|&&|\|\||\$\.[\w.]+\s*=\s*"[^"]*"/g) ?? [];
  let position = 0;
  const term = (): boolean => {
    const token = tokens[position++];
    if (token === '(') {
      const value = expression();
      if (tokens[position++] !== ')') throw new Error(`unbalanced parentheses in ${filterPattern}`);
      return value;
    }
    const m = /^\$\.([\w.]+)\s*=\s*"([^"]*)"$/.exec(token);
    if (!m) throw new Error(`the test matcher does not read '${token}' in ${filterPattern}`);
    const actual = m[1].split('.').reduce<Json>((node, key) => (node === null || node === undefined ? undefined : node[key]), record);
    return typeof actual === 'string' && globMatches(m[2], actual);
  };
  const expression = (): boolean => {
    let value = term();
    while (tokens[position] === '&&' || tokens[position] === '||') {
      const operator = tokens[position++];
      const right = term();
      value = operator === '&&' ? value && right : value || right;
    }
    return value;
  };
  const result = expression();
  if (position !== tokens.length) throw new Error(`the test matcher stopped early in ${filterPattern}`);
  return result;
}
