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

/**
 * The principal tag that exempts a role from guardrails. Only roles that a service-managed
 * StackSet of the management account creates carry it: every guardrail denies setting it to
 * anyone else, and denies everything to a principal that carries it under another role's name.
 */
export const EXEMPTION_TAG_KEY = 'lgsec:exemption';

/** Values of the exemption tag. */
export enum Exemption {
  /** The emergency role: exempt from every guardrail but the ones that protect the guardrails themselves. */
  BREAK_GLASS = 'break-glass',
  /** The deployment role (CloudFormation's execution role): changes audit, perimeters and IAM. */
  DEPLOYMENT = 'deployment',
}

/** Values of `lgsec:guardrail-enforcement`. */
export enum GuardrailEnforcement {
  /** By AWS Organizations: SCPs, RCPs and StackSets from the management account; no account administrator can lift it. */
  ORGANIZATION = 'organization',
  /** By IAM in the account: policies on its administrator roles and a permissions boundary on every other role. */
  ACCOUNT = 'account',
}

/** Values of `lgsec:guardrail-mechanism`. */
export enum GuardrailMechanism {
  SERVICE_CONTROL_POLICY = 'scp',
  RESOURCE_CONTROL_POLICY = 'rcp',
  STACK_SET = 'stack-set',
  IAM_POLICY = 'iam-policy',
  PERMISSIONS_BOUNDARY = 'permissions-boundary',
}
