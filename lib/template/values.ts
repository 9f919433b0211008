import { JAPAN_REGIONS } from './backup';
import { intrinsicName, isRecord, PSEUDO_PARAMETERS, TemplateIndex, TemplateResource } from './template-index';

/**
 * Every value a template can take. A value is evaluated the way CloudFormation would on each
 * deployment the template allows: a parameter takes its default, or each of its AllowedValues;
 * Fn::If takes each branch whose condition can be true (conditions are evaluated over the same
 * choices, so a branch whose condition cannot hold is left out); Ref AWS::NoValue removes the
 * property or list item; Fn::FindInMap, Fn::Select, Fn::Split and Fn::Sub over known values are
 * computed. What cannot be known (a parameter without a default, an import, a pseudo parameter
 * the run does not know) is left as written, so the rules see where it leads and say so.
 */
export interface PossibleValue {
  /** The value with every known choice made; undefined when AWS::NoValue removes it. */
  readonly value: unknown;
  /** The choices that lead to this value, in words (`parameter X is '…' (its default)`); empty when nothing was chosen. */
  readonly assumptions: readonly string[];
}

/** A resource as one deployment of its template would create it. */
export interface ResourceVariant {
  readonly resource: TemplateResource;
  readonly assumptions: readonly string[];
  /** The AWS::Region this variant assumes, in a run that does not know its region (a condition or a region-keyed map chose it). */
  readonly assumedRegion?: string;
}

/** At most this many combinations are evaluated per value; more are reported as not checked. */
export const MAX_COMBINATIONS = 64;

/** Choices made so far: parameter values and condition results, each with how it was chosen. */
interface Env {
  readonly parameters: ReadonlyMap<string, unknown>;
  readonly conditions: ReadonlyMap<string, boolean>;
  readonly assumptions: readonly string[];
  /** Parameter values fixed in advance (one row of a covering set), taken when first used. */
  readonly preset?: ReadonlyMap<string, { value: unknown; how: string }>;
  /** The resource's own Condition is assumed true against the parameters' defaults: findings say so. */
  readonly conditionAssumed?: boolean;
  /** Values a pseudo parameter the run does not know has been found not to be (a condition on it was false). */
  readonly excluded?: ReadonlyMap<string, ReadonlySet<string>>;
}

const EMPTY_ENV: Env = { parameters: new Map(), conditions: new Map(), assumptions: [] };
const NO_VALUE = Symbol('AWS::NoValue');

interface Result<T = unknown> {
  readonly value: T;
  readonly env: Env;
}

class Evaluator {
  truncated = false;
  private readonly parameterDefs: Record<string, unknown>;
  private readonly conditionDefs: Record<string, unknown>;
  private readonly mappings: Record<string, unknown>;

  constructor(readonly index: TemplateIndex) {
    const template = index.template;
    this.parameterDefs = isRecord(template.Parameters) ? template.Parameters : {};
    this.conditionDefs = isRecord(template.Conditions) ? template.Conditions : {};
    this.mappings = isRecord(template.Mappings) ? template.Mappings : {};
  }

  private cap<T>(results: Result<T>[]): Result<T>[] {
    if (results.length <= MAX_COMBINATIONS) return results;
    this.truncated = true;
    return results.slice(0, MAX_COMBINATIONS);
  }

  /** Every way a value can come out, each with the choices it needs. */
  value(value: unknown, env: Env): Result[] {
    const results = this.evaluate(value, env);
    // Nothing found (a map lookup CloudFormation would reject): keep the value as written, never drop the resource.
    return results.length > 0 ? results : [{ value, env }];
  }

  private evaluate(value: unknown, env: Env): Result[] {
    if (Array.isArray(value)) return this.list(value, env);
    if (!isRecord(value)) return [{ value, env }];
    const fn = intrinsicName(value);
    if (fn === undefined) return this.object(value, env);
    const arg = value[fn];
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg, value, env) : [{ value, env }];
      case 'Fn::If':
        return this.ifValue(arg, value, env);
      case 'Fn::Sub':
        return this.sub(arg, env);
      case 'Fn::FindInMap':
        return this.findInMap(arg, value, env);
      case 'Fn::Select':
        return this.select(arg, env);
      case 'Fn::Split':
        return this.split(arg, env);
      case 'Fn::Join':
        return this.join(arg, env);
      default:
        return this.args(arg, env).map((r) => ({ value: { [fn]: r.value }, env: r.env }));
    }
  }

  private args(arg: unknown, env: Env): Result[] {
    return this.value(arg, env).map((r) => ({ value: r.value === NO_VALUE ? undefined : r.value, env: r.env }));
  }

  private list(items: readonly unknown[], env: Env): Result[] {
    let partial: Result<unknown[]>[] = [{ value: [], env }];
    for (const item of items) {
      const next: Result<unknown[]>[] = [];
      for (const p of partial) {
        for (const r of this.value(item, p.env)) next.push({ value: r.value === NO_VALUE ? p.value : [...p.value, r.value], env: r.env });
      }
      partial = this.cap(next);
    }
    return partial;
  }

  private object(record: Record<string, unknown>, env: Env): Result[] {
    let partial: Result<Record<string, unknown>>[] = [{ value: {}, env }];
    for (const [key, item] of Object.entries(record)) {
      const next: Result<Record<string, unknown>>[] = [];
      for (const p of partial) {
        for (const r of this.value(item, p.env))
          next.push({ value: r.value === NO_VALUE ? p.value : { ...p.value, [key]: r.value }, env: r.env });
      }
      partial = this.cap(next);
    }
    return partial;
  }

  /** The values a parameter can take, or undefined when it cannot be known. */
  parameterChoices(name: string): { values: unknown[]; how: string } | undefined {
    const def = this.parameterDefs[name];
    if (!isRecord(def)) return undefined;
    const type = typeof def.Type === 'string' ? def.Type : 'String';
    // An SSM parameter type's default names the SSM parameter, not its value.
    if (type.startsWith('AWS::SSM::Parameter::Value')) return undefined;
    const isList = type.startsWith('List<') || type === 'CommaDelimitedList';
    const convert = (v: unknown): unknown =>
      isList && typeof v === 'string' ? v.split(',').map((s) => s.trim()) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    if (Array.isArray(def.AllowedValues) && def.AllowedValues.length > 0 && def.AllowedValues.every((v) => typeof v !== 'object')) {
      return { values: def.AllowedValues.map(convert), how: 'one of its AllowedValues' };
    }
    if (def.Default !== undefined && typeof def.Default !== 'object') return { values: [convert(def.Default)], how: 'its default' };
    return undefined;
  }

  private ref(name: string, value: unknown, env: Env): Result[] {
    if (name === 'AWS::NoValue') return [{ value: NO_VALUE, env }];
    if (env.parameters.has(name)) return [{ value: env.parameters.get(name), env }];
    const preset = env.preset?.get(name);
    const choices = preset
      ? { values: [preset.value], how: preset.how }
      : this.index.resources.has(name)
        ? undefined
        : this.parameterChoices(name);
    if (!choices) return [{ value, env }];
    return choices.values.map((choice) => ({
      value: choice,
      env: {
        ...env,
        parameters: new Map(env.parameters).set(name, choice),
        assumptions: [...env.assumptions, `parameter ${name} is ${JSON.stringify(choice)} (${choices.how})`],
      },
    }));
  }

  private ifValue(arg: unknown, original: unknown, env: Env): Result[] {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return [{ value: original, env }];
    const out: Result[] = [];
    for (const c of this.condition(arg[0], env)) out.push(...this.value(c.value ? arg[1] : arg[2], c.env));
    return this.cap(out);
  }

  /** The outcomes of a named condition, each with the choices that make it so. */
  condition(name: string, env: Env): Result<boolean>[] {
    if (env.conditions.has(name)) return [{ value: env.conditions.get(name)!, env }];
    // A condition that refers to itself (malformed) is left open rather than looping.
    const guarded: Env = { ...env, conditions: new Map(env.conditions) };
    const expression = this.conditionDefs[name];
    const outcomes =
      expression === undefined || this.evaluating.has(name)
        ? [true, false].map((value) => ({ value, env }))
        : this.withGuard(name, () => this.boolean(expression, guarded));
    return outcomes.map((o) => ({
      value: o.value,
      env: {
        ...o.env,
        conditions: new Map(o.env.conditions).set(name, o.value),
        assumptions: [...o.env.assumptions, `condition ${name} is ${String(o.value)}`],
      },
    }));
  }

  private readonly evaluating = new Set<string>();

  private withGuard<T>(name: string, compute: () => T): T {
    this.evaluating.add(name);
    try {
      return compute();
    } finally {
      this.evaluating.delete(name);
    }
  }

  private boolean(expression: unknown, env: Env): Result<boolean>[] {
    const fn = intrinsicName(expression);
    const arg = fn ? (expression as Record<string, unknown>)[fn] : undefined;
    const unknownOutcome = (e: Env): Result<boolean>[] => [
      { value: true, env: e },
      { value: false, env: e },
    ];
    switch (fn) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, env) : unknownOutcome(env);
      case 'Fn::Not': {
        const inner = Array.isArray(arg) ? arg[0] : arg;
        return this.boolean(inner, env).map((r) => ({ value: !r.value, env: r.env }));
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const items = Array.isArray(arg) ? arg : [];
        const stop = fn === 'Fn::Or';
        let partial: Result<boolean | undefined>[] = [{ value: undefined, env }];
        for (const item of items) {
          const next: Result<boolean | undefined>[] = [];
          for (const p of partial) {
            // Short-circuit: once decided, later operands do not matter.
            if (p.value === stop) next.push(p);
            else for (const r of this.boolean(item, p.env)) next.push({ value: r.value, env: r.env });
          }
          partial = this.cap(next);
        }
        return partial.map((p) => ({ value: p.value ?? !stop, env: p.env }));
      }
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) return unknownOutcome(env);
        const out: Result<boolean>[] = [];
        for (const a of this.value(arg[0], env)) {
          for (const b of this.value(arg[1], a.env)) {
            const x = this.known(a.value);
            const y = this.known(b.value);
            const pseudo = x === undefined ? pseudoRef(a.value) : y === undefined ? pseudoRef(b.value) : undefined;
            const literal = x ?? y;
            if (pseudo !== undefined && literal !== undefined) out.push(...this.pseudoEquals(pseudo, literal, b.env));
            else if (x === undefined || y === undefined) out.push(...unknownOutcome(b.env));
            else out.push({ value: x === y, env: b.env });
          }
        }
        return this.cap(out);
      }
      default:
        if (typeof expression === 'boolean') return [{ value: expression, env }];
        if (expression === 'true' || expression === 'false') return [{ value: expression === 'true', env }];
        return unknownOutcome(env);
    }
  }

  /**
   * `AWS::Region` (or another pseudo parameter the run does not know) equals a literal: it takes
   * one value per deployment, so conditions on it are exclusive, not independent. The true
   * outcome fixes its value for the other conditions; the false one rules that value out.
   */
  private pseudoEquals(name: string, literal: string, env: Env): Result<boolean>[] {
    const excluded = env.excluded?.get(name) ?? new Set<string>();
    const out: Result<boolean>[] = [];
    if (!excluded.has(literal)) {
      out.push({
        value: true,
        env: {
          ...env,
          parameters: new Map(env.parameters).set(name, literal),
          assumptions: [...env.assumptions, `${name} is ${JSON.stringify(literal)}`],
        },
      });
    }
    out.push({ value: false, env: { ...env, excluded: new Map(env.excluded ?? []).set(name, new Set([...excluded, literal])) } });
    return out;
  }

  /** A comparable text of a value that is known (literal, or a pseudo parameter the run knows). */
  private known(value: unknown): string | undefined {
    if (Array.isArray(value)) {
      const parts = value.map((v) => this.known(v));
      return parts.every((p) => p !== undefined) ? JSON.stringify(parts) : undefined;
    }
    if (typeof value === 'boolean') return String(value);
    return this.index.literalString(value);
  }

  private sub(arg: unknown, env: Env): Result[] {
    const text = Array.isArray(arg) ? arg[0] : arg;
    if (typeof text !== 'string') return [{ value: { 'Fn::Sub': arg }, env }];
    const vars = Array.isArray(arg) && isRecord(arg[1]) ? arg[1] : {};
    const names = [...new Set([...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map((m) => m[1]))];
    let partial: Result<{ text: string; vars: Record<string, unknown> }>[] = [{ value: { text, vars: {} }, env }];
    for (const name of names) {
      const next: Result<{ text: string; vars: Record<string, unknown> }>[] = [];
      for (const p of partial) {
        const source = name in vars ? vars[name] : name.includes('.') ? undefined : { Ref: name };
        if (source === undefined) {
          next.push(p);
          continue;
        }
        for (const r of this.value(source, p.env)) {
          const literal =
            typeof r.value === 'string' || typeof r.value === 'number' || typeof r.value === 'boolean' ? String(r.value) : undefined;
          if (literal !== undefined && !literal.includes('${'))
            next.push({ value: { text: p.value.text.split(`\${${name}}`).join(literal), vars: p.value.vars }, env: r.env });
          else if (name in vars) next.push({ value: { text: p.value.text, vars: { ...p.value.vars, [name]: r.value } }, env: r.env });
          else next.push({ value: p.value, env: r.env });
        }
      }
      partial = this.cap(next);
    }
    return partial.map((p) => {
      const { text: out, vars: left } = p.value;
      if (Object.keys(left).length > 0) return { value: { 'Fn::Sub': [out, left] }, env: p.env };
      return { value: out.includes('${') ? { 'Fn::Sub': out } : out, env: p.env };
    });
  }

  private findInMap(arg: unknown, original: unknown, env: Env): Result[] {
    if (!Array.isArray(arg) || arg.length < 3) return [{ value: original, env }];
    const out: Result[] = [];
    for (const keys of this.list(arg.slice(0, 3), env)) {
      const [mapName, top, second] = (keys.value as unknown[]).map((k) => this.known(k));
      const map = mapName === undefined ? undefined : this.mappings[mapName];
      if (!isRecord(map)) {
        out.push({ value: { 'Fn::FindInMap': keys.value }, env: keys.env });
        continue;
      }
      // A key that is not known may be any entry of the map. The region of a region-agnostic run
      // is one entry per deployment: each is an assumption findings name, as for a condition on it.
      const pseudo = top === undefined ? pseudoRef((keys.value as unknown[])[1]) : undefined;
      const excluded = pseudo === undefined ? undefined : keys.env.excluded?.get(pseudo);
      const tops: [string, unknown][] = top !== undefined ? [[top, map[top]]] : Object.entries(map);
      for (const [key, entry] of tops) {
        if (!isRecord(entry) || excluded?.has(key)) continue;
        const env: Env =
          pseudo === undefined
            ? keys.env
            : {
                ...keys.env,
                parameters: new Map(keys.env.parameters).set(pseudo, key),
                assumptions: [...keys.env.assumptions, `${pseudo} is ${JSON.stringify(key)}`],
              };
        const values = second !== undefined ? [entry[second]] : Object.values(entry);
        for (const v of values) if (v !== undefined) out.push({ value: v, env });
      }
    }
    return this.cap(dedupe(out));
  }

  private select(arg: unknown, env: Env): Result[] {
    if (!Array.isArray(arg) || arg.length !== 2) return [{ value: { 'Fn::Select': arg }, env }];
    return this.list(arg, env).map((r) => {
      const [i, list] = r.value as unknown[];
      const at = Number(this.known(i));
      return {
        value: Array.isArray(list) && Number.isInteger(at) && at >= 0 && at < list.length ? list[at] : { 'Fn::Select': r.value },
        env: r.env,
      };
    });
  }

  private split(arg: unknown, env: Env): Result[] {
    if (!Array.isArray(arg) || arg.length !== 2) return [{ value: { 'Fn::Split': arg }, env }];
    return this.list(arg, env).map((r) => {
      const [separator, text] = r.value as unknown[];
      return {
        value: typeof separator === 'string' && typeof text === 'string' ? text.split(separator) : { 'Fn::Split': r.value },
        env: r.env,
      };
    });
  }

  private join(arg: unknown, env: Env): Result[] {
    return this.args(arg, env).map((r) => {
      const joined =
        Array.isArray(r.value) &&
        typeof r.value[0] === 'string' &&
        Array.isArray(r.value[1]) &&
        r.value[1].every((p) => typeof p === 'string' || typeof p === 'number')
          ? (r.value[1] as unknown[]).map(String).join(r.value[0])
          : undefined;
      return { value: joined ?? { 'Fn::Join': r.value }, env: r.env };
    });
  }
}

/** One result per distinct value (the first choices that lead to it stand for the others). */
function dedupe(results: Result[]): Result[] {
  const seen = new Map<string, Result>();
  for (const r of results) {
    // The same value in Japan and abroad stays twice: a finding in Japan is an error, one only abroad a warning.
    const region = r.env.parameters.get('AWS::Region');
    const where = typeof region !== 'string' ? '' : JAPAN_REGIONS.includes(region) ? 'jp:' : 'abroad:';
    const key = where + (r.value === NO_VALUE ? '<NoValue>' : (JSON.stringify(r.value) ?? 'undefined'));
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** True when a value holds something the evaluator would change (a parameter, Fn::If, NoValue, a map lookup, …). */
function needsEvaluation(value: unknown, index: TemplateIndex): boolean {
  if (Array.isArray(value)) return value.some((item) => needsEvaluation(item, index));
  if (!isRecord(value)) return false;
  const fn = intrinsicName(value);
  if (fn === 'Fn::If' || fn === 'Fn::FindInMap' || fn === 'Fn::Split') return true;
  if (fn === 'Ref')
    return (
      value.Ref === 'AWS::NoValue' || (typeof value.Ref === 'string' && index.parameters.has(value.Ref) && !index.resources.has(value.Ref))
    );
  if (fn === 'Fn::Sub') {
    const arg = value['Fn::Sub'];
    const text = Array.isArray(arg) ? arg[0] : arg;
    if (typeof text === 'string') {
      for (const match of text.matchAll(/\$\{([^}!.][^}.]*)\}/g))
        if (index.parameters.has(match[1]) && !index.resources.has(match[1])) return true;
    }
  }
  return Object.values(value).some((child) => needsEvaluation(child, index));
}

const evaluators = new WeakMap<TemplateIndex, Evaluator>();

function evaluatorOf(index: TemplateIndex): Evaluator {
  let evaluator = evaluators.get(index);
  if (!evaluator) evaluators.set(index, (evaluator = new Evaluator(index)));
  return evaluator;
}

/**
 * The starting choices of a resource: those under which its own Condition holds. A Condition
 * that no considered choice makes true, but that reads a free-text parameter (no AllowedValues),
 * is assumed true, as RULES.md says: the default is only one of the values a deployment may give.
 */
function resourceEnvs(evaluator: Evaluator, resource: TemplateResource, preset?: Env['preset']): Env[] {
  const start = preset ? { ...EMPTY_ENV, preset } : EMPTY_ENV;
  if (resource.condition === undefined) return [start];
  const holds = evaluator
    .condition(resource.condition, start)
    .filter((r) => r.value)
    .map((r) => r.env);
  if (holds.length > 0) return holds;
  const free = freeTextParameters(evaluator.index, resource.condition);
  if (free.length === 0) return [];
  const assumption = `condition ${resource.condition} is true (it reads ${free.map((name) => `parameter ${name}`).join(', ')}, which may be given any value; ${free.length === 1 ? 'its default makes' : 'their defaults make'} it false)`;
  return [{ ...start, conditions: new Map([[resource.condition, true]]), assumptions: [assumption], conditionAssumed: true }];
}

/** The parameters a condition reads that take any value (no AllowedValues), in order. */
function freeTextParameters(index: TemplateIndex, condition: string): string[] {
  const used = new Set<string>();
  parametersUsed(index, { Condition: condition }, new Set(), used);
  const defs = isRecord(index.template.Parameters) ? index.template.Parameters : {};
  return [...used].filter((name) => {
    const def = defs[name];
    return isRecord(def) && !(Array.isArray(def.AllowedValues) && def.AllowedValues.length > 0);
  });
}

/**
 * Every value `value` can take in `index`'s template (see {@link PossibleValue}). Pass the
 * resource the value belongs to so that its Condition is assumed true.
 */
export function possibleValues(index: TemplateIndex, value: unknown, resource?: TemplateResource): PossibleValue[] {
  if (!needsEvaluation(value, index) && resource?.condition === undefined) return [{ value, assumptions: [] }];
  const evaluator = evaluatorOf(index);
  const out: Result[] = [];
  for (const env of resource ? resourceEnvs(evaluator, resource) : [EMPTY_ENV]) out.push(...evaluator.value(value, env));
  return dedupe(out)
    .slice(0, MAX_COMBINATIONS)
    .map((r) => ({ value: r.value === NO_VALUE ? undefined : r.value, assumptions: r.env.assumptions }));
}

/**
 * The resource as each deployment its template allows would create it: properties with
 * parameters, conditions and AWS::NoValue evaluated. A resource with nothing to evaluate is
 * returned as it is (the same object); a resource whose Condition can never hold has no
 * variant. `truncated` is true when more than {@link MAX_COMBINATIONS} variants exist.
 */
export function resourceVariants(resource: TemplateResource, index: TemplateIndex): ResourceVariants {
  // Every rule of the resource asks: evaluate once per resource object.
  let cached = variantCache.get(resource);
  if (!cached) variantCache.set(resource, (cached = computeVariants(resource, index)));
  return cached;
}

/** The variants of a resource (see {@link resourceVariants}). */
export interface ResourceVariants {
  readonly variants: ResourceVariant[];
  /** Some deployments the template allows were not evaluated (too many combinations). */
  readonly truncated: boolean;
  /**
   * When `truncated`: the parameters, among those the given properties (top-level names) and the
   * resource's Condition read, whose combinations were not all evaluated; empty when every
   * deployment that differs in these properties was. A rule that reads only such properties
   * is judged in full.
   */
  readonly skippedFor?: (properties: Iterable<string>) => string[];
}

const variantCache = new WeakMap<TemplateResource, ResourceVariants>();

function computeVariants(resource: TemplateResource, index: TemplateIndex): ResourceVariants {
  if (resource.condition === undefined && !needsEvaluation(resource.properties, index))
    return { variants: [{ resource, assumptions: [] }], truncated: false };
  const evaluator = evaluatorOf(index);
  evaluator.truncated = false;
  let results: Result[] = [];
  for (const env of resourceEnvs(evaluator, resource)) results.push(...evaluator.value(resource.properties, env));
  let unique = dedupe(results);
  let truncated = evaluator.truncated || unique.length > MAX_COMBINATIONS;
  let skippedFor: ResourceVariants['skippedFor'];
  if (truncated) {
    // Too many combinations (several parameters with long AllowedValues lists): check a covering
    // set instead, in which every pair of values occurs, and say what was left out.
    let note: string;
    ({ results, truncated, note, skippedFor } = coveringRows(evaluator, resource));
    unique = dedupe(results);
    index.model.noteUnevaluated(index, resource.logicalId, `Resources.${resource.logicalId}: ${note}`);
  }
  const variants = unique.slice(0, MAX_VARIANTS).map((r) => {
    const properties = isRecord(r.value) ? r.value : {};
    const region = r.env.parameters.get('AWS::Region');
    return {
      resource: properties === resource.properties ? resource : { ...resource, properties },
      assumptions: r.env.assumptions,
      ...(typeof region === 'string' ? { assumedRegion: region } : {}),
    };
  });
  // One variant equal to the resource as written (its Condition can hold; nothing else was chosen) is the resource.
  if (
    variants.length === 1 &&
    !truncated &&
    !unique[0].env.conditionAssumed &&
    JSON.stringify(variants[0].resource.properties) === JSON.stringify(resource.properties)
  ) {
    return { variants: [{ resource, assumptions: [] }], truncated };
  }
  return { variants, truncated, ...(truncated && skippedFor ? { skippedFor } : {}) };
}

/** The pseudo parameter a value refers to (`{ Ref: AWS::Region }`), if it is one. */
function pseudoRef(value: unknown): string | undefined {
  if (intrinsicName(value) !== 'Ref') return undefined;
  const name = (value as Record<string, unknown>).Ref;
  return typeof name === 'string' && PSEUDO_PARAMETERS.has(name) && name !== 'AWS::NoValue' ? name : undefined;
}

/** At most this many variants of one resource are checked (rows of a covering set included). */
const MAX_VARIANTS = 256;

/** Parameters a value uses, directly or through the conditions of its Fn::If (and the resource's Condition). */
function parametersUsed(index: TemplateIndex, value: unknown, conditions: Set<string>, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) parametersUsed(index, item, conditions, out);
    return;
  }
  if (!isRecord(value)) return;
  const fn = intrinsicName(value);
  const conditionName =
    fn === 'Fn::If' && Array.isArray(value['Fn::If']) ? value['Fn::If'][0] : fn === 'Condition' ? value.Condition : undefined;
  if (typeof conditionName === 'string' && !conditions.has(conditionName)) {
    conditions.add(conditionName);
    const defs = isRecord(index.template.Conditions) ? index.template.Conditions : {};
    parametersUsed(index, defs[conditionName], conditions, out);
  }
  if (fn === 'Ref' && typeof value.Ref === 'string' && index.parameters.has(value.Ref)) out.add(value.Ref);
  if (fn === 'Fn::Sub') {
    const arg = value['Fn::Sub'];
    const text = Array.isArray(arg) ? arg[0] : arg;
    if (typeof text === 'string')
      for (const match of text.matchAll(/\$\{([^}!.][^}.]*)\}/g)) if (index.parameters.has(match[1])) out.add(match[1]);
  }
  for (const child of Object.values(value)) parametersUsed(index, child, conditions, out);
}

/**
 * Variants over a covering set of parameter values in which every pair of values of two
 * parameters the resource reads appears together in some row (so a violation that needs two
 * values together is found), with the conditions evaluated consistently on each row.
 */
function coveringRows(
  evaluator: Evaluator,
  resource: TemplateResource,
): { results: Result[]; truncated: boolean; note: string; skippedFor: NonNullable<ResourceVariants['skippedFor']> } {
  const index = evaluator.index;
  const used = new Set<string>();
  const conditions = new Set<string>();
  if (resource.condition !== undefined) parametersUsed(index, { Condition: resource.condition }, conditions, used);
  parametersUsed(index, resource.properties, conditions, used);
  const choices = [...used]
    .map((name) => ({ name, choices: evaluator.parameterChoices(name) }))
    .filter((c): c is { name: string; choices: { values: unknown[]; how: string } } => c.choices !== undefined);
  const { rows, complete } = pairwiseRows(choices.map((c) => c.choices.values.length));
  const results: Result[] = [];
  let truncated = !complete;
  let capped = false;
  for (const row of rows) {
    const preset = new Map(choices.map(({ name, choices: c }, i) => [name, { value: c.values[row[i]], how: c.how }]));
    evaluator.truncated = false;
    for (const env of resourceEnvs(evaluator, resource, preset)) results.push(...evaluator.value(resource.properties, env));
    capped ||= evaluator.truncated;
  }
  capped ||= dedupe(results).length > MAX_VARIANTS;
  truncated ||= capped;
  const properties = isRecord(resource.properties) ? resource.properties : {};
  const skippedFor = (read: Iterable<string>): string[] => {
    const used = new Set<string>();
    if (resource.condition !== undefined) parametersUsed(index, { Condition: resource.condition }, new Set(), used);
    for (const key of read) parametersUsed(index, properties[key], new Set(), used);
    const columns = choices.flatMap((c, i) => (used.has(c.name) ? [i] : []));
    const names = columns.map((i) => choices[i].name);
    // A value capped inside one row (a long list of choices) leaves deployments out whatever the rows.
    if (capped) {
      if (names.length > 0) return names;
      return [...read].some((key) => needsEvaluation(properties[key], index)) ? choices.map((c) => c.name) : [];
    }
    const combinations = columns.reduce((product, i) => product * choices[i].choices.values.length, 1);
    const seen = new Set(rows.map((row) => columns.map((i) => row[i]).join(',')));
    return seen.size === combinations ? [] : names;
  };
  const total = choices.reduce((product, c) => product * c.choices.values.length, 1);
  const names = choices.map((c) => c.name).join(', ');
  const note = truncated
    ? `its parameters (${names}) and conditions allow ${total} combinations, more than lgsec evaluates; only ${rows.length} were checked, and a violation that needs other values together may be missed`
    : `its parameters (${names}) allow ${total} combinations, more than lgsec evaluates (${MAX_COMBINATIONS}); ${rows.length} were checked, in which every pair of their values occurs, so a violation that needs three or more of them together may be missed`;
  return { results, truncated, note, skippedFor };
}

/**
 * Rows (a choice index per parameter) in which every pair of values of two parameters occurs,
 * built greedily, at most {@link MAX_VARIANTS}; `complete` is false when the cap left pairs out.
 */
function pairwiseRows(sizes: readonly number[]): { rows: number[][]; complete: boolean } {
  if (sizes.length === 0) return { rows: [[]], complete: true };
  const uncovered = new Set<string>();
  const pair = (i: number, a: number, j: number, b: number) => `${i}:${a}:${j}:${b}`;
  for (let i = 0; i < sizes.length; i++)
    for (let j = i + 1; j < sizes.length; j++)
      for (let a = 0; a < sizes[i]; a++) for (let b = 0; b < sizes[j]; b++) uncovered.add(pair(i, a, j, b));
  if (sizes.length === 1)
    return { rows: Array.from({ length: Math.min(sizes[0], MAX_VARIANTS) }, (_, a) => [a]), complete: sizes[0] <= MAX_VARIANTS };
  const rows: number[][] = [];
  while (uncovered.size > 0 && rows.length < MAX_VARIANTS) {
    // Start from the first pair not yet covered, then give each other parameter the value that covers most.
    const [i0, a0, j0, b0] = uncovered.values().next().value!.split(':').map(Number);
    const row: number[] = new Array<number>(sizes.length).fill(-1);
    row[i0] = a0;
    row[j0] = b0;
    for (let k = 0; k < sizes.length; k++) {
      if (row[k] !== -1) continue;
      let best = 0;
      let bestGain = -1;
      for (let v = 0; v < sizes[k]; v++) {
        let gain = 0;
        for (let m = 0; m < sizes.length; m++) {
          if (m === k || row[m] === -1) continue;
          if (uncovered.has(m < k ? pair(m, row[m], k, v) : pair(k, v, m, row[m]))) gain++;
        }
        if (gain > bestGain) [best, bestGain] = [v, gain];
      }
      row[k] = best;
    }
    for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) uncovered.delete(pair(i, row[i], j, row[j]));
    rows.push(row);
  }
  return { rows, complete: uncovered.size === 0 };
}

/** Describes the choices behind a value for a message: `when parameter X is '…' (its default)`. */
export function whenText(assumptions: readonly string[]): string {
  return assumptions.length === 0 ? '' : `when ${assumptions.join(' and ')}`;
}

/** A setting as a rule reads it: known (its literal text; undefined when not set) or not, with why. */
export type Setting = { readonly known: true; readonly text?: string } | { readonly known: false; readonly why: string };

/**
 * Reads one setting of a resource (variants already have parameters and conditions evaluated).
 * A value that is set but cannot be known (a parameter without a default, an import of a stack
 * not checked, an attribute of another resource) is `known: false`: rules report it as the
 * documented warning instead of guessing a pass or a failure.
 */
export function setting(index: TemplateIndex, value: unknown): Setting {
  if (value === undefined) return { known: true };
  if (typeof value === 'boolean') return { known: true, text: String(value) };
  const text = index.literalString(value);
  // CloudFormation reads a Boolean property given as "True" or "FALSE" as the boolean.
  if (text !== undefined) return { known: true, text: /^(true|false)$/i.test(text) ? text.toLowerCase() : text };
  const ref = index.follow(value);
  if (ref.kind === 'external') return { known: false, why: `comes from ${ref.why}` };
  if (ref.kind === 'resource')
    return {
      known: false,
      why: `comes from ${ref.resource.logicalId}${ref.attribute ? `.${ref.attribute}` : ''}, whose value is known only at deployment`,
    };
  return { known: false, why: `is not a literal (${JSON.stringify(value)})` };
}
