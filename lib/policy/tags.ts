/**
 * Tag keys and values of the public contract (the README lists them). Zone and classification travel
 * as CloudFormation tags so that a plain template, not built with our constructs, can be checked.
 */
export const TAG_KEYS = {
  zone: 'lgsec:zone',
  confidentiality: 'lgsec:confidentiality',
  integrity: 'lgsec:integrity',
  availability: 'lgsec:availability',
  purpose: 'lgsec:purpose',
} as const;

/** Values of `lgsec:purpose`. */
export enum Purpose {
  /** A bucket that receives audit logs (CloudTrail, flow, firewall, DNS query logs). */
  AUDIT_LOG = 'audit-log',
  /** The sanitizing transfer's own resources: the one allowed path from the internet zone into LGWAN. */
  SANITIZING_TRANSFER = 'sanitizing-transfer',
}

export const PURPOSES: readonly string[] = Object.values(Purpose);
