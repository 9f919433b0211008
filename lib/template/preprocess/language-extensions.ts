import { intrinsicOf, isRecord, setKey, TemplateProblem } from './errors';

const FOR_EACH = 'Fn::ForEach::';

/**
 * Expands the AWS::LanguageExtensions transform as CloudFormation does before it deploys:
 * `Fn::ForEach::Name` loops (in Resources, Outputs, Conditions and inside resources, nested
 * too) over a literal list, a list parameter's default or a mapping entry; `Fn::Length` and
 * `Fn::ToJsonString` of values the template fixes; `Fn::FindInMap` with a `DefaultValue` whose
 * keys are literal. What depends on deploy-time values (a parameter without default, a
 * resource attribute) is left as written, like any other value that leaves the template.
 * Parameters, Conditions and `Fn::If` are kept: the rules evaluate them.
 *
 * A loop whose collection is known only at deployment (a list parameter without a Default) is
 * left out, with a warning: the rest of the template is still checked.
 *
 * @param warn called with each loop left out, naming it and its collection
 * @throws TemplateProblem for a loop CloudFormation would reject (not a loop, items that are not strings)
 */
export function expandLanguageExtensions(
  template: Record<string, unknown>,
  warn: (message: string) => void = () => undefined,
): Record<string, unknown> {
  const context: Context = { template, warn };
  const out: Record<string, unknown> = {};
  for (const [section, value] of Object.entries(template)) {
    if (section === 'Resources' || section === 'Outputs' || section === 'Conditions') {
      setKey(out, section, expandValue(value, context, section));
    } else {
      setKey(out, section, value);
    }
  }
  return out;
}

interface Context {
  readonly template: Record<string, unknown>;
  readonly warn: (message: string) => void;
}

function expandValue(value: unknown, context: Context, where: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => expandValue(item, context, `${where}[${i}]`));
  if (!isRecord(value)) return value;
  const fn = intrinsicOf(value);
  if (fn === 'Fn::Length')
    return length(expandValue(value[fn], context, where), context) ?? { [fn]: expandValue(value[fn], context, where) };
  if (fn === 'Fn::ToJsonString') {
    const inner = expandValue(value[fn], context, where);
    return containsIntrinsic(inner) ? { [fn]: inner } : JSON.stringify(inner);
  }
  if (fn === 'Fn::FindInMap') return findInMap(expandValue(value[fn], context, where), context);
  if (fn === 'Fn::GetAtt' && Array.isArray(value[fn])) {
    // `!GetAtt [!Sub 'Bucket${Id}', Arn]` in a loop: once substituted, the logical id is literal.
    return { [fn]: (value[fn] as unknown[]).map((arg) => literalSub(expandValue(arg, context, where))) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith(FOR_EACH)) {
      for (const [generatedKey, generated] of Object.entries(forEach(key, item, context, where))) setKey(out, generatedKey, generated);
    } else {
      setKey(out, key, expandValue(item, context, `${where}.${key}`));
    }
  }
  return out;
}

function literalSub(value: unknown): unknown {
  if (intrinsicOf(value) !== 'Fn::Sub') return value;
  const text = (value as Record<string, unknown>)['Fn::Sub'];
  return typeof text === 'string' && !text.includes('${') ? text : value;
}

/** One `Fn::ForEach::Name: [Identifier, Collection, { OutputKey: OutputValue }]`, expanded (nested loops too) into key/value pairs. */
function forEach(key: string, loop: unknown, context: Context, where: string): Record<string, unknown> {
  const at = `${where}.${key}`;
  if (!Array.isArray(loop) || loop.length !== 3 || typeof loop[0] !== 'string' || !isRecord(loop[2])) {
    throw new TemplateProblem(`${at} is not [Identifier, Collection, { OutputKey: OutputValue }]`);
  }
  const [identifier, rawCollection, fragment] = loop as [string, unknown, Record<string, unknown>];
  if (Array.isArray(rawCollection) && rawCollection.some((item) => typeof item === 'object')) {
    const item = rawCollection.find((entry) => typeof entry === 'object');
    throw new TemplateProblem(
      `${at} loops over a list with the item ${JSON.stringify(item)}; the items of a Fn::ForEach list must be strings, as CloudFormation requires: write each item as a string`,
    );
  }
  const collection = listValue(rawCollection, context);
  if (collection === undefined) {
    context.warn(
      `${at} loops over ${JSON.stringify(rawCollection)}, which is known only at deployment, so what the loop creates is not checked; give the list parameter a Default, or use a literal list, to check it`,
    );
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const item of collection) {
    const text = String(item);
    for (const [outputKey, outputValue] of Object.entries(fragment)) {
      const substituted = substitute({ [outputKey]: outputValue }, identifier, text);
      const expanded = expandValue(substituted, context, where) as Record<string, unknown>;
      for (const [generatedKey, generated] of Object.entries(expanded)) setKey(out, generatedKey, generated);
    }
  }
  return out;
}

/** Replaces the loop identifier: `${Id}` and `&{Id}` (alphanumerics only) in keys and strings, `{ Ref: Id }` in values. */
function substitute(value: unknown, identifier: string, item: string): unknown {
  if (typeof value === 'string') return substituteText(value, identifier, item);
  if (Array.isArray(value)) return value.map((entry) => substitute(entry, identifier, item));
  if (!isRecord(value)) return value;
  if (intrinsicOf(value) === 'Ref' && value.Ref === identifier) return item;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) setKey(out, substituteText(key, identifier, item), substitute(entry, identifier, item));
  return out;
}

function substituteText(text: string, identifier: string, item: string): string {
  if (!text.includes('{')) return text;
  return text
    .split(`\${${identifier}}`)
    .join(item)
    .split(`&{${identifier}}`)
    .join(item.replace(/[^A-Za-z0-9]/g, ''));
}

/** The items of a collection known from the template alone, or undefined. */
function listValue(value: unknown, context: Context): unknown[] | undefined {
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null) ? undefined : value;
  const fn = intrinsicOf(value);
  if (fn === 'Ref') {
    const parameters = isRecord(context.template.Parameters) ? context.template.Parameters : {};
    const parameter = (value as Record<string, unknown>).Ref;
    const declared = typeof parameter === 'string' ? parameters[parameter] : undefined;
    if (!isRecord(declared)) return undefined;
    const fallback = declared.Default;
    if (Array.isArray(fallback)) return fallback;
    if (typeof fallback === 'string') return fallback === '' ? [] : fallback.split(',').map((item) => item.trim());
    return undefined;
  }
  if (fn === 'Fn::FindInMap') {
    const args = (value as Record<string, unknown>)[fn];
    if (!Array.isArray(args) || args.length < 3) return undefined;
    const found = lookupMap(args.slice(0, 3), context, true);
    const fallback = isRecord(args[3]) ? args[3].DefaultValue : undefined;
    const result = found.value ?? (found.known ? fallback : undefined);
    if (Array.isArray(result)) return listValue(result, context);
    return found.known ? undefined : everyEntry(args.slice(0, 3), context);
  }
  if (fn === 'Fn::Split') {
    const args = (value as Record<string, unknown>)[fn];
    if (Array.isArray(args) && typeof args[0] === 'string' && typeof args[1] === 'string') return args[1].split(args[0]);
  }
  return undefined;
}

function length(arg: unknown, context: Context): number | undefined {
  return listValue(arg, context)?.length;
}

/**
 * `Fn::FindInMap` with literal keys that miss takes its `DefaultValue`, as CloudFormation does;
 * otherwise it stays a lookup (without the default, which the rules do not read).
 */
function findInMap(args: unknown, context: Context): unknown {
  if (!Array.isArray(args) || args.length < 3) return { 'Fn::FindInMap': args };
  const lookup = args.slice(0, 3);
  const options = args[3];
  const found = lookupMap(lookup, context, false);
  if (found.known && found.value === undefined && isRecord(options) && 'DefaultValue' in options) return options.DefaultValue;
  return { 'Fn::FindInMap': lookup };
}

/** The mapping entry `[map, first, second]` names; `known` is false when a key is not literal. */
function lookupMap(args: unknown[], context: Context, withDefaults: boolean): { known: boolean; value?: unknown } {
  // Parameters stay parameters (the rules evaluate them), except where a loop needs its collection now.
  const keys = withDefaults ? args.map((arg) => parameterDefault(arg, context) ?? arg) : args;
  if (!keys.every((key) => typeof key === 'string')) return { known: false };
  const [mapName, first, second] = keys as string[];
  const mappings = isRecord(context.template.Mappings) ? context.template.Mappings : {};
  const map = mappings[mapName];
  const level = isRecord(map) && Object.prototype.hasOwnProperty.call(map, first) ? map[first] : undefined;
  const value = isRecord(level) && Object.prototype.hasOwnProperty.call(level, second) ? level[second] : undefined;
  return { known: true, value };
}

/**
 * A loop over a mapping entry chosen by a parameter known only at deploy time covers, for the
 * check, every entry it could be: the union of the lists under each first-level key (or those of
 * the parameter's AllowedValues). Checking every resource that could exist misses none.
 */
function everyEntry(args: unknown[], context: Context): unknown[] | undefined {
  const [mapName, first, second] = args;
  const mappings = isRecord(context.template.Mappings) ? context.template.Mappings : {};
  const map = typeof mapName === 'string' ? mappings[mapName] : undefined;
  if (!isRecord(map) || typeof second !== 'string') return undefined;
  const parameters = isRecord(context.template.Parameters) ? context.template.Parameters : {};
  const declared = intrinsicOf(first) === 'Ref' ? parameters[String((first as Record<string, unknown>).Ref)] : undefined;
  const allowed = isRecord(declared) && Array.isArray(declared.AllowedValues) ? declared.AllowedValues.map(String) : Object.keys(map);
  const items = new Set<unknown>();
  for (const key of allowed) {
    const level = map[key];
    const list = isRecord(level) ? level[second] : undefined;
    if (!Array.isArray(list)) continue;
    for (const item of list) items.add(item);
  }
  return items.size > 0 ? [...items] : undefined;
}

/** The literal default of `{ Ref: Parameter }` (what a loop or lookup sees without deploy-time values). */
function parameterDefault(value: unknown, context: Context): string | undefined {
  if (intrinsicOf(value) !== 'Ref') return undefined;
  const parameters = isRecord(context.template.Parameters) ? context.template.Parameters : {};
  const declared = parameters[String((value as Record<string, unknown>).Ref)];
  return isRecord(declared) && typeof declared.Default === 'string' ? declared.Default : undefined;
}

function containsIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsIntrinsic);
  if (!isRecord(value)) return false;
  if (intrinsicOf(value) !== undefined) return true;
  return Object.values(value).some(containsIntrinsic);
}
