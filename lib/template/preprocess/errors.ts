import { intrinsicName, isRecord, PSEUDO_PARAMETERS } from '../template-index';

export { isRecord };
/** The only key of a one-key object that names an intrinsic (`Ref`, `Condition`, `Fn::…`), or undefined. */
export const intrinsicOf = intrinsicName;

/** A template the engine cannot load: malformed, not a CloudFormation template, or using what CloudFormation would reject. */
export class TemplateLoadError extends Error {
  constructor(
    /** Name of the template (file or stack artifact). */
    readonly template: string,
    /** What is wrong, in one line. */
    readonly problem: string,
  ) {
    super(`Cannot load template ${template}: ${problem}`);
    this.name = 'TemplateLoadError';
  }
}

/** A problem found while preparing one template; the engine names the template. */
export class TemplateProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateProblem';
  }
}

/** Sets a property as data (`__proto__` is a logical id or key in a template, never a prototype). */
export function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of plain JSON data (templates are JSON: no cycles, no class instances). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item) as unknown) as T;
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setKey(out, key, cloneJson(item));
    return out as T;
  }
  return value;
}

/** The transforms a template declares (`Transform: X` or `Transform: [X, Y]`; a macro with parameters is `{ Name }`). */
export function transformsOf(template: Record<string, unknown>): string[] {
  const raw = template.Transform;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .map((item) => (typeof item === 'string' ? item : isRecord(item) && typeof item.Name === 'string' ? item.Name : ''))
    .filter((name) => name !== '');
}

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

export { PSEUDO_PARAMETERS };
