import { Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { cidrsOverlap, formatIpv4, Ipv4Block, parseIpv4Cidr } from '../../../private/cidr';
import { LgwanZone } from '../../../zones/lgwan-zone';

/** Size of the function's subnets: Lambda shares one network interface per subnet and security group. */
const SUBNET_PREFIX = 28;

/**
 * The default CIDRs: the last free /28 blocks of the VPC's CIDR (below those of transfers built
 * before in the same zone), one per Availability Zone.
 */
function defaultCidrs(zone: LgwanZone): string[] | undefined {
  if (Token.isUnresolved(zone.cidr)) return undefined;
  const block = parseIpv4Cidr(zone.cidr);
  if (typeof block === 'string') return undefined;
  const size = 2 ** (32 - SUBNET_PREFIX);
  const taken = zone._addedSubnetBlocks;
  const lowest = taken.reduce((low, b) => Math.min(low, b.first), block.last + 1);
  const count = zone.vpc.availabilityZones.length;
  return zone.vpc.availabilityZones.map((_, i) => `${formatIpv4(lowest - (count - i) * size)}/${SUBNET_PREFIX}`);
}

/** Subnets the VPC already has, with known CIDRs. */
function existingBlocks(zone: LgwanZone): Ipv4Block[] {
  const vpc = zone.vpc;
  return [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets]
    .map((subnet) => subnet.ipv4CidrBlock)
    .filter((cidr) => !Token.isUnresolved(cidr))
    .map((cidr) => parseIpv4Cidr(cidr))
    .filter((block): block is Ipv4Block => typeof block !== 'string')
    .concat(zone._addedSubnetBlocks);
}

/** Problems with the function's subnet CIDRs: count, format, inside the VPC, clear of its other subnets. */
export function sanitizerSubnetProblems(zone: LgwanZone, cidrs: string[] | undefined): string[] {
  const chosen = cidrs ?? defaultCidrs(zone);
  if (chosen === undefined) {
    return [
      "sanitizerSubnetCidrs: the LGWAN VPC's CIDR is not known at synth time, so no default can be chosen; give one free CIDR per Availability Zone",
    ];
  }
  const problems: string[] = [];
  const azs = zone.vpc.availabilityZones;
  if (chosen.length !== azs.length) {
    problems.push(
      `sanitizerSubnetCidrs: ${chosen.length} CIDRs for ${azs.length} Availability Zones (${azs.join(', ')}); give one per zone`,
    );
  }
  const vpcBlock = Token.isUnresolved(zone.cidr) ? undefined : parseIpv4Cidr(zone.cidr);
  const taken = existingBlocks(zone);
  chosen.forEach((cidr, i) => {
    if (Token.isUnresolved(cidr)) return;
    const block = parseIpv4Cidr(cidr);
    if (typeof block === 'string') {
      problems.push(`sanitizerSubnetCidrs[${i}]: ${block}`);
      return;
    }
    if (block.prefix > SUBNET_PREFIX) problems.push(`sanitizerSubnetCidrs[${i}]: '${cidr}' is smaller than a /${SUBNET_PREFIX}`);
    if (vpcBlock && typeof vpcBlock !== 'string' && !(vpcBlock.first <= block.first && block.last <= vpcBlock.last)) {
      problems.push(`sanitizerSubnetCidrs[${i}]: '${cidr}' is outside the LGWAN VPC's ${zone.cidr}`);
    }
    const clash = taken.find((other) => cidrsOverlap(other, block));
    if (clash) {
      problems.push(
        `sanitizerSubnetCidrs[${i}]: '${cidr}' overlaps the VPC's subnet ${clash.cidr}; ` +
          `${cidrs ? 'choose free blocks' : 'the default takes the last /28 blocks of the VPC: give sanitizerSubnetCidrs'}`,
      );
    }
  });
  return problems;
}

/**
 * The sanitizing function's own subnets in the LGWAN VPC, one per Availability Zone, each with a
 * route table of its own: only the local route and, once added to the S3 gateway endpoint, its
 * prefix list. No route to the LGWAN link, and no VPN route propagation.
 */
export function sanitizerSubnets(scope: Construct, zone: LgwanZone, cidrs: string[] | undefined): ec2.Subnet[] {
  const chosen = cidrs ?? defaultCidrs(zone) ?? [];
  const blocks = chosen
    .filter((cidr) => !Token.isUnresolved(cidr))
    .map((cidr) => parseIpv4Cidr(cidr))
    .filter((block): block is Ipv4Block => typeof block !== 'string');
  zone._addSubnetBlocks(blocks);
  return zone.vpc.availabilityZones.map((availabilityZone, i) => {
    const subnet = new ec2.Subnet(scope, `SanitizerSubnet${i + 1}`, {
      vpcId: zone.vpc.vpcId,
      availabilityZone,
      cidrBlock: chosen[i],
      mapPublicIpOnLaunch: false,
    });
    Tags.of(subnet).add('Name', `${scope.node.path}/SanitizerSubnet${i + 1}`);
    return subnet;
  });
}
