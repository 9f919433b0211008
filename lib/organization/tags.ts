/** Tags the report reads to show which guardrails guard which zones. */
export const GUARDRAIL_TAG_KEYS = {
  /** What the guardrail enforces, e.g. `japan-regions`. */
  guardrail: 'lgsec:guardrail',
  /** The zones whose OUs it is attached to, space-separated `lgsec:zone` values. */
  zones: 'lgsec:guardrail-zones',
} as const;
