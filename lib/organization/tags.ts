/**
 * Tags the report reads to show which guardrails guard which zones, and who enforces them.
 *
 * Resources that CloudFormation cannot tag (an `AWS::IAM::ManagedPolicy`) carry the same keys and
 * values in their resource `Metadata`, under `lgsec:guardrail-tags`.
 */
export const GUARDRAIL_TAG_KEYS = {
  /** What the guardrail enforces, e.g. `japan-regions`; several space-separated on a policy that holds several. */
  guardrail: 'lgsec:guardrail',
  /** The zones whose OUs (or account) it guards, space-separated `lgsec:zone` values. */
  zones: 'lgsec:guardrail-zones',
  /** Who enforces it: `organization` (SCP, RCP, StackSet from the management account) or `account` (IAM). */
  enforcement: 'lgsec:guardrail-enforcement',
  /** How: `scp`, `rcp`, `stack-set`, `iam-policy` or `permissions-boundary`. */
  mechanism: 'lgsec:guardrail-mechanism',
} as const;

/** The `Metadata` key under which untaggable guardrail resources carry the guardrail tags. */
export const GUARDRAIL_METADATA_KEY = 'lgsec:guardrail-tags';
