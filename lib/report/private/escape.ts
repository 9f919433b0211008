/** Escapes text for HTML and SVG content and attribute values. Every template value goes through it. */
export function escapeHtml(value: string | number): string {
  const text = String(value);
  // Most values (logical ids, rule ids, counts) need no escaping: test once, replace in one pass.
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL_ALL, (c) => HTML_ENTITIES[c]) : text;
}

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIAL_ALL = /[&<>"']/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
