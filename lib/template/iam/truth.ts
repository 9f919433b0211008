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
  let open = false;
  for (const value of values) {
    if (value === false) return false;
    if (value !== true) open = true;
  }
  return open ? merge(values.filter(isUnknown)) : true;
}

/** True when any is true; unknown when any is unknown; false otherwise. */
export function or(...values: Truth[]): Truth {
  let open = false;
  for (const value of values) {
    if (value === true) return true;
    if (value !== false) open = true;
  }
  return open ? merge(values.filter(isUnknown)) : false;
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

/*
 * Symbols: a value that leaves the template but is one fixed value in a deployment (a parameter
 * without a default, an import from a stack that is not checked) is written into texts as a
 * symbol. A symbol equals itself wherever the run refers to the same value (a bucket named by a
 * parameter and its policy naming it by the same parameter), and compared with anything else it
 * is unknown, with its description as the reason.
 */
const SYMBOL_START = '\uE000';
const SYMBOL_END = '\uE001';
const SYMBOLS = /\uE000(\d+)\uE001/g;
const descriptions: string[] = [];
const ids = new Map<string, number>();

/** The symbol of a value described in words (`parameter 'Vpce' (its value leaves the template)`). */
export function symbol(description: string): string {
  let id = ids.get(description);
  if (id === undefined) {
    id = descriptions.push(description) - 1;
    ids.set(description, id);
  }
  return `${SYMBOL_START}${id}${SYMBOL_END}`;
}

export function hasSymbol(text: string): boolean {
  return text.includes(SYMBOL_START);
}

/** What the symbols of some texts stand for. */
export function symbolDescriptions(...texts: string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(SYMBOLS)) out.add(descriptions[Number(match[1])]);
  return [...out];
}

/** A text for people: each symbol as its description in angle brackets. */
export function displayText(text: string): string {
  return hasSymbol(text) ? text.replace(SYMBOLS, (_, id: string) => `<${descriptions[Number(id)]}>`) : text;
}

/**
 * A comparison's answer when symbols are involved: a literal match is a match (a symbol equals
 * itself); no literal match is unknown, since the symbol may stand for the other value.
 */
export function withSymbols(matched: boolean, ...texts: string[]): Truth {
  if (matched || !texts.some(hasSymbol)) return matched;
  return unknown(...symbolDescriptions(...texts));
}
