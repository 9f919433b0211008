/** IPv4/IPv6 CIDR arithmetic for security group rules (containment and overlap). */
export interface Cidr {
  readonly version: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

function parseV4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(part));
  }
  return out;
}

function parseV6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let out = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    out = (out << 16n) | BigInt(parseInt(group, 16));
  }
  return out;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when it is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText] = text.trim().split('/');
  const version = address.includes(':') ? 6 : 4;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const value = version === 4 ? parseV4(address) : parseV6(address);
  if (value === undefined) return undefined;
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  return { version, start, end: start + (1n << hostBits) - 1n };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.version === outer.version && inner.start >= outer.start && inner.end <= outer.end;
}

/** True when the two ranges share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

/** True for 0.0.0.0/0 and ::/0. */
export function isWorld(text: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && cidr.start === 0n && cidr.end === (cidr.version === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n);
}
