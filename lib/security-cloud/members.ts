import { Token } from 'aws-cdk-lib';
import { cidrsOverlap, Ipv4Block, parseIpv4Cidr } from '../private/cidr';

/** A municipality whose internet zone egresses through the security cloud. */
export interface SecurityCloudMember {
  /**
   * Short ASCII name of the member (romaji), unique in the security cloud, for example
   * `shiojiri`. It names the member's routes and appears in messages and alarms.
   */
  readonly name: string;
  /**
   * IPv4 CIDR block of the member's internet zone (its VPC CIDR, or an aggregate of its VPCs).
   * Members must not overlap each other or the inspection VPC.
   */
  readonly cidr: string;
  /**
   * AWS account of the member, when it is not the security cloud's own account. The Transit
   * Gateway and the DNS Firewall rule group are shared with it through AWS RAM.
   * @default - the security cloud's own account: no RAM share
   */
  readonly accountId?: string;
  /**
   * The member's Transit Gateway attachment, once it exists. When set, the security cloud
   * associates it with the spoke route table and routes the member's CIDR back to it from the
   * inspection route table (the cross-account case, where the member cannot do it). Leave it
   * unset for a member that wires itself with the security cloud's route table ids (an
   * `InternetZone` in the same account), or the association is made twice.
   * @default - the member wires its own attachment
   */
  readonly transitGatewayAttachmentId?: string;
}

const MEMBER_NAME = /^[a-z][a-z0-9-]{0,62}$/i;
const ACCOUNT_ID = /^\d{12}$/;
const ATTACHMENT_ID = /^tgw-attach-[0-9a-f]{8,17}$/;

/** A member with its parsed CIDR (undefined when the CIDR is a token). */
export interface ParsedMember {
  readonly member: SecurityCloudMember;
  readonly block?: Ipv4Block;
}

/**
 * Problems with a member list: malformed names, CIDRs, account and attachment ids, duplicate
 * names, members that overlap each other (naming both) or the inspection VPC.
 */
export function memberProblems(
  members: readonly SecurityCloudMember[],
  inspectionVpcCidr: string,
): { problems: string[]; parsed: ParsedMember[] } {
  const problems: string[] = [];
  const parsed: ParsedMember[] = [];
  if (members.length === 0) {
    problems.push('members: the list is empty; declare at least one municipality ({ name, cidr }) whose internet zone egresses here');
  }
  const seen = new Map<string, string>();
  members.forEach((member, index) => {
    const where = `members[${index}]`;
    if (typeof member.name !== 'string' || !MEMBER_NAME.test(member.name)) {
      problems.push(
        `${where}.name: '${member.name}' is not a member name; use 1-63 ASCII letters, digits and hyphens starting with a letter (romaji, e.g. 'shiojiri')`,
      );
    } else {
      const key = member.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push(`${where}.name: '${member.name}' is already the name of ${first}; give every member its own name`);
      } else {
        seen.set(key, where);
      }
    }
    let block: Ipv4Block | undefined;
    if (typeof member.cidr !== 'string') {
      problems.push(`${where}.cidr: ${JSON.stringify(member.cidr)} is not an IPv4 CIDR block; write it like 10.31.0.0/16`);
    } else if (!Token.isUnresolved(member.cidr)) {
      const result = parseIpv4Cidr(member.cidr);
      if (typeof result === 'string') {
        problems.push(`${where}.cidr (member '${member.name}'): ${result}`);
      } else if (result.prefix < 8 || result.prefix > 28) {
        problems.push(
          `${where}.cidr (member '${member.name}'): '${member.cidr}' is not a /8 to /28 block; give the member's internet zone CIDR`,
        );
      } else {
        block = result;
      }
    }
    if (member.accountId !== undefined && !Token.isUnresolved(member.accountId) && !ACCOUNT_ID.test(member.accountId)) {
      problems.push(`${where}.accountId (member '${member.name}'): '${member.accountId}' is not a 12-digit AWS account id`);
    }
    const attachment = member.transitGatewayAttachmentId;
    if (attachment !== undefined && !Token.isUnresolved(attachment) && !ATTACHMENT_ID.test(attachment)) {
      problems.push(
        `${where}.transitGatewayAttachmentId (member '${member.name}'): '${attachment}' is not a Transit Gateway attachment id like tgw-attach-0123456789abcdef0`,
      );
    }
    parsed.push({ member, block });
  });

  const inspection = Token.isUnresolved(inspectionVpcCidr) ? undefined : parseIpv4Cidr(inspectionVpcCidr);
  for (let i = 0; i < parsed.length; i++) {
    const a = parsed[i];
    if (!a.block) continue;
    if (inspection && typeof inspection !== 'string' && cidrsOverlap(a.block, inspection)) {
      problems.push(
        `members[${i}].cidr: member '${a.member.name}' (${a.member.cidr}) overlaps the inspection VPC (${inspectionVpcCidr}); change the member's CIDR or set inspectionVpcCidr to a block no member uses`,
      );
    }
    for (let j = i + 1; j < parsed.length; j++) {
      const b = parsed[j];
      if (b.block && cidrsOverlap(a.block, b.block)) {
        problems.push(
          `members '${a.member.name}' (${a.member.cidr}) and '${b.member.name}' (${b.member.cidr}) overlap; give each member its own CIDR block, or return traffic cannot tell them apart`,
        );
      }
    }
  }
  return { problems, parsed };
}

/**
 * Problems with the aggregates that stand for the members in the inspection VPC's routes: each
 * must be a valid block clear of the inspection VPC and of the other aggregates, and together
 * they must cover every member.
 */
export function aggregateProblems(aggregates: readonly string[], parsed: readonly ParsedMember[], inspectionVpcCidr: string): string[] {
  const problems: string[] = [];
  const blocks: Ipv4Block[] = [];
  const inspection = Token.isUnresolved(inspectionVpcCidr) ? undefined : parseIpv4Cidr(inspectionVpcCidr);
  if (aggregates.length === 0) {
    problems.push(
      'memberAggregateCidrs: the list is empty; list the blocks that cover every member, or leave the prop out to route to each member',
    );
  }
  aggregates.forEach((cidr, index) => {
    const where = `memberAggregateCidrs[${index}]`;
    if (Token.isUnresolved(cidr)) {
      problems.push(`${where}: must be known at synth time, to check that the aggregates cover every member`);
      return;
    }
    const block = parseIpv4Cidr(cidr);
    if (typeof block === 'string') {
      problems.push(`${where}: ${block}`);
      return;
    }
    if (inspection && typeof inspection !== 'string' && cidrsOverlap(block, inspection)) {
      problems.push(
        `${where}: '${cidr}' overlaps the inspection VPC (${inspectionVpcCidr}); the inspection VPC's own addresses must stay local`,
      );
    }
    const clash = blocks.find((other) => cidrsOverlap(other, block));
    if (clash) problems.push(`${where}: '${cidr}' overlaps '${clash.cidr}'; list each address block once`);
    blocks.push(block);
  });
  for (const { member, block } of parsed) {
    if (block && !blocks.some((aggregate) => aggregate.first <= block.first && block.last <= aggregate.last)) {
      problems.push(`memberAggregateCidrs: no aggregate covers member '${member.name}' (${member.cidr}); add a block that contains it`);
    }
  }
  return problems;
}
