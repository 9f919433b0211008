import { Token } from 'aws-cdk-lib';
import { cidrProblem, parseIpv4Cidr } from '../../private/cidr';

/** IP rules one IP access settings resource holds. */
const MAX_IP_RULES = 100;

/**
 * Problems with the addresses a remote browser portal admits: the LGWAN side's egress addresses,
 * at least one, none admitting the whole internet (or a /0-to-/7 share of it).
 */
export function sourceCidrProblems(cidrs: readonly string[] | undefined): string[] {
  if (!cidrs || cidrs.length === 0) {
    return [
      "allowedSourceCidrs is empty: list the public egress addresses of the LGWAN terminals' screen-transfer path " +
        "(for example ['203.0.113.0/28']); without them the portal would admit any address",
    ];
  }
  const problems: string[] = [];
  if (cidrs.length > MAX_IP_RULES)
    problems.push(`allowedSourceCidrs: ${cidrs.length} blocks; IP access settings hold at most ${MAX_IP_RULES}`);
  cidrs.forEach((cidr, i) => {
    if (Token.isUnresolved(cidr)) return;
    const parsed = parseIpv4Cidr(cidr);
    if (typeof parsed !== 'string' && parsed.prefix === 0) {
      problems.push(`allowedSourceCidrs[${i}]: '${cidr}' admits every address; list only the LGWAN side's egress addresses`);
      return;
    }
    problems.push(...[cidrProblem(`allowedSourceCidrs[${i}]`, cidr, { minPrefix: 8 })].filter((p): p is string => p !== undefined));
  });
  return problems;
}
