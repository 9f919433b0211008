/**
 * Rendering template values for the report's inventory. Values may be unresolved intrinsics;
 * they are shown, never evaluated (the model in lib/template resolves what can be resolved).
 */
import { isRecord, TemplateIndex, TemplateResource } from '../../template/template-index';

const MAX_RENDERED = 80;

/** A short, deterministic rendering of a template value: the literal, or the intrinsic it is. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = isRecord(value) ? value['Ref'] : undefined;
  if (typeof ref === 'string') return `{Ref ${ref}}`;
  const getAtt = isRecord(value) ? value['Fn::GetAtt'] : undefined;
  if (Array.isArray(getAtt)) return `{GetAtt ${getAtt.map((part) => renderValue(part)).join('.')}}`;
  if (typeof getAtt === 'string') return `{GetAtt ${getAtt}}`;
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > MAX_RENDERED ? `${json.slice(0, MAX_RENDERED - 1)}…` : json;
}

/** A literal string value, or undefined when the value is absent or an unresolved expression. */
export function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The tags of a resource (as the model reads them) with each value rendered. */
export function renderedTags(resource: TemplateResource, index: TemplateIndex): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of index.tags(resource)) tags[key] = renderValue(value);
  return tags;
}

/** An array property, or an empty array. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A nested property by path (names and array positions), or undefined. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}
