/**
 * Three-valued logic (Kleene): a policy value that leaves the template (a parameter without a
 * default, an import from a stack that is not checked) makes the statements that read it neither
 * match nor fail, and the evaluator carries why through to the decision, so a rule can say
 * "unverifiable, because …" instead of guessing.
 */
export interface Unknown {
  /** Why the value is not known, one line per value. */
  readonly unknown: readonly string[];
}

export type Truth = boolean | Unknown;

export function unknown(...why: string[]): Unknown {
  return { unknown: why };
}

export function isUnknown(value: Truth): value is Unknown {
  return typeof value === 'object';
}

function merge(values: readonly Unknown[]): Unknown {
  return { unknown: [...new Set(values.flatMap((value) => value.unknown))] };
}

/** False when any is false; unknown when any is unknown; true otherwise. */
export function and(...values: Truth[]): Truth {
  if (values.includes(false)) return false;
  const open = values.filter(isUnknown);
  return open.length > 0 ? merge(open) : true;
}

/** True when any is true; unknown when any is unknown; false otherwise. */
export function or(...values: Truth[]): Truth {
  if (values.includes(true)) return true;
  const open = values.filter(isUnknown);
  return open.length > 0 ? merge(open) : false;
}

export function not(value: Truth): Truth {
  return isUnknown(value) ? value : !value;
}

/** `or` over items, stopping at the first that is true. */
export function some<T>(items: Iterable<T>, test: (item: T) => Truth): Truth {
  const open: Unknown[] = [];
  for (const item of items) {
    const value = test(item);
    if (value === true) return true;
    if (isUnknown(value)) open.push(value);
  }
  return open.length > 0 ? merge(open) : false;
}

/** `and` over items, stopping at the first that is false. */
export function every<T>(items: Iterable<T>, test: (item: T) => Truth): Truth {
  const open: Unknown[] = [];
  for (const item of items) {
    const value = test(item);
    if (value === false) return false;
    if (isUnknown(value)) open.push(value);
  }
  return open.length > 0 ? merge(open) : true;
}
