import { Token } from 'aws-cdk-lib';

/** A parsed IPv4 CIDR block. */
export interface Ipv4Block {
  readonly cidr: string;
  /** First address as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly last: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses an IPv4 CIDR, or returns the problem in words (for messages that name the value and the
 * fix). Host bits must be zero: `10.0.0.1/16` is a typo for `10.0.0.0/16` more often than not.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Block | string {
  const m = CIDR.exec(cidr);
  if (!m) return `'${cidr}' is not an IPv4 CIDR block; write it like 10.10.0.0/16`;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return `'${cidr}' has an octet above 255`;
  if (prefix > 32) return `'${cidr}' has a prefix length above 32`;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  if (first !== address) {
    return `'${cidr}' has host bits set; the block starts at ${formatIpv4(first)}/${prefix}`;
  }
  return { cidr, first, last: first + size - 1, prefix };
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * Checks a CIDR prop: returns the problem (with the prop name) or undefined. Unresolved tokens are
 * skipped: they are checked by CloudFormation at deploy time.
 */
export function cidrProblem(prop: string, cidr: string, options: { minPrefix?: number; maxPrefix?: number } = {}): string | undefined {
  if (Token.isUnresolved(cidr)) return undefined;
  const parsed = parseIpv4Cidr(cidr);
  if (typeof parsed === 'string') return `${prop}: ${parsed}`;
  const { minPrefix, maxPrefix } = options;
  if (minPrefix !== undefined && parsed.prefix < minPrefix) {
    return `${prop}: '${cidr}' is larger than a /${minPrefix}; use a prefix of /${minPrefix} or longer`;
  }
  if (maxPrefix !== undefined && parsed.prefix > maxPrefix) {
    return `${prop}: '${cidr}' is smaller than a /${maxPrefix}; use a prefix of /${maxPrefix} or shorter`;
  }
  return undefined;
}
