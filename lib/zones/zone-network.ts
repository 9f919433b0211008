import { Stack, Tags, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { TAG_KEYS } from '../policy/tags';
import { Zone, ZONE_NAMES } from '../policy/zone';
import { cidrProblem, cidrsOverlap, parseIpv4Cidr } from '../private/cidr';
import { EncryptedLogGroup } from '../private/encrypted-log-group';
import { PropsProblems } from '../private/validation';
import { allowlistEndpointPolicy } from './private/endpoint-allowlist';
import { ClosedZoneDnsOptions, closedZoneDnsProblems, DnsQueryLogTarget, ZoneDns } from './zone-dns';

/** Props every zone shares. */
export interface ZoneNetworkProps {
  /**
   * IPv4 CIDR block of the zone's VPC, a /16 to /24.
   * @default - the zone's default: 10.10.0.0/16 (My Number), 10.20.0.0/16 (LGWAN), 10.30.0.0/16 (internet)
   */
  readonly cidr?: string;

  /**
   * How many Availability Zones the subnets span. The policy (6.3, 6.5) needs at least two.
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * Availability Zones to use, by name (at least two). Use this instead of `maxAzs` when the zone
   * must land in particular AZs (in ap-northeast-1, new accounts have 1a, 1c and 1d).
   * @default - the first `maxAzs` zones of the region
   */
  readonly availabilityZones?: string[];

  /**
   * Prefix length of each workload subnet.
   * @default 24
   */
  readonly subnetCidrMask?: number;

  /**
   * Where the VPC flow log (ALL traffic) goes, for example the audit log archive's
   * `flowLogDestination()`.
   * @default - a KMS-encrypted CloudWatch log group kept for a year, retained with the stack
   */
  readonly flowLogDestination?: ec2.FlowLogDestination;

  /**
   * Retention of the default flow log and DNS query log groups; at least a year (7.7).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * Where the VPC's DNS query logs go, for example the log archive's bucket or a query logging
   * configuration the log archive account shares.
   * @default - a KMS-encrypted CloudWatch log group kept for a year, retained with the stack
   */
  readonly dnsQueryLogDestination?: DnsQueryLogTarget;
}

/** Props of the closed zones (My Number, LGWAN), whose DNS is a walled garden. */
export interface ClosedZoneNetworkProps extends ZoneNetworkProps {
  /**
   * Names the zone may resolve besides its own VPC endpoints' (every other name gets NXDOMAIN).
   * Endpoints count as the zone's when they are built under `zone.vpc` (`zone.vpc.addInterfaceEndpoint`).
   * @default - only the regional names of the zone's VPC endpoints and Amazon-provided host names
   */
  readonly dns?: ClosedZoneDnsOptions;
}

/** Common shape of the three zones, for code that handles any of them. */
export interface IZoneNetwork extends IConstruct {
  /** The zone this network belongs to (the VPC's `lgsec:zone` tag). */
  readonly zone: Zone;
  readonly vpc: ec2.IVpc;
  /** The VPC's IPv4 CIDR block. */
  readonly cidr: string;
}

/** Marks zones, so `ZoneNetwork.isZoneNetwork` holds across copies of the library. */
const ZONE_NETWORK_SYMBOL = Symbol.for('lgsec-cdk.ZoneNetwork');
/** Marks a construct whose bucket joins the zone the construct tree places it in (`ZoneNetwork.of`). */
const DEFAULT_ZONE_BUCKET_SYMBOL = Symbol.for('lgsec-cdk.ZoneNetwork.defaultZoneBucket');

const DEFAULT_CIDRS: Record<Zone, string> = {
  [Zone.MY_NUMBER]: '10.10.0.0/16',
  [Zone.LGWAN]: '10.20.0.0/16',
  [Zone.INTERNET]: '10.30.0.0/16',
  [Zone.SECURITY_CLOUD]: '100.64.0.0/16',
};

/**
 * The VPC, flow log, closed default security group and zone tag shared by every zone.
 * Subclasses choose the subnets and the one path (if any) the zone may have out of the VPC.
 */
export abstract class ZoneNetwork extends Construct implements IZoneNetwork {
  public readonly zone: Zone;
  public readonly vpc: ec2.Vpc;
  public readonly cidr: string;
  public readonly flowLog: ec2.FlowLog;
  /** The flow log group, when the zone created it (no `flowLogDestination` given). */
  public readonly flowLogGroup?: logs.ILogGroup;
  /** DNS query logging (and, in a closed zone, the walled-garden DNS Firewall). */
  public readonly dns: ZoneDns;
  /** The DNS query log group, when the zone created it (no `dnsQueryLogDestination` given). */
  public readonly dnsQueryLogGroup?: logs.ILogGroup;

  private readonly bucketArns: string[] = [];
  private readonly tableArns: string[] = [];

  /** True when `x` is a zone (of this copy of lgsec-cdk or another), like `Stack.isStack`. */
  public static isZoneNetwork(x: unknown): x is ZoneNetwork {
    return x !== null && typeof x === 'object' && ZONE_NETWORK_SYMBOL in x;
  }

  /**
   * The zone the construct tree places `scope` in: the nearest zone that `scope` is built in
   * (within its stack), else the only zone of its stack; undefined when the stack has no zone, or
   * several and `scope` is in none of them. Read from the tree as it stands, so the answer does
   * not depend on the order constructs were added once the app is complete: call it at synthesis
   * (in a `Lazy`, an aspect or a validation), not while the app is still being built.
   */
  public static of(scope: IConstruct): ZoneNetwork | undefined {
    const stack = Stack.of(scope);
    for (let node: IConstruct | undefined = scope; node && node !== stack; node = node.node.scope) {
      if (ZoneNetwork.isZoneNetwork(node)) return node;
    }
    return ZoneNetwork.inStackOf(scope);
  }

  /**
   * The only zone of `scope`'s stack (zones in nested stacks belong to those), or undefined when
   * it has none or more than one. Found by walking the stack's construct tree as it stands: call
   * it once the app is built.
   */
  public static inStackOf(scope: IConstruct): ZoneNetwork | undefined {
    const zones = constructsOfStack(Stack.of(scope)).filter(ZoneNetwork.isZoneNetwork);
    return zones.length === 1 ? zones[0] : undefined;
  }

  /**
   * Lists `bucket` in the S3 endpoint policy of the zone `ZoneNetwork.of(member)` gives when that
   * policy is rendered, and in no zone's when there is none. The zone finds its members by walking
   * its stack then, so it and the member can be built in either order.
   * @internal
   */
  public static _listInDefaultZone(member: IConstruct, bucket: s3.IBucket): void {
    Object.defineProperty(member, DEFAULT_ZONE_BUCKET_SYMBOL, { value: bucket });
  }

  protected constructor(
    scope: Construct,
    id: string,
    zone: Zone,
    props: ZoneNetworkProps,
    subnetConfiguration: ec2.SubnetConfiguration[],
    zoneProblems: (problems: PropsProblems) => void,
    walledGarden?: ClosedZoneDnsOptions,
  ) {
    super(scope, id);
    Object.defineProperty(this, ZONE_NETWORK_SYMBOL, { value: true });
    this.zone = zone;
    this.cidr = props.cidr ?? DEFAULT_CIDRS[zone];

    const problems = new PropsProblems(this, this.constructor.name);
    problems.add(cidrProblem('cidr', this.cidr, { minPrefix: 16, maxPrefix: 24 }));
    problems.addAll(availabilityZoneProblems(props));
    const mask = props.subnetCidrMask ?? 24;
    if (!Number.isInteger(mask) || mask < 16 || mask > 28) {
      problems.add(
        `subnetCidrMask: ${mask} is not a subnet prefix length from 16 to 28; use 24 (256 addresses) unless you know you need another`,
      );
    }
    if (walledGarden) problems.addAll(closedZoneDnsProblems(walledGarden));
    zoneProblems(problems);
    problems.throwIfAny();

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(this.cidr),
      ...(props.availabilityZones ? { availabilityZones: props.availabilityZones } : { maxAzs: props.maxAzs ?? 2 }),
      subnetConfiguration,
      natGateways: 0,
      createInternetGateway: false,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      restrictDefaultSecurityGroup: true,
    });

    let destination = props.flowLogDestination;
    if (!destination) {
      const group = new EncryptedLogGroup(this, 'FlowLogGroup', {
        retention: props.flowLogRetention,
        purpose: `VPC flow logs of ${ZONE_NAMES[zone].en} ${this.node.path}`,
      });
      this.flowLogGroup = group.logGroup;
      destination = ec2.FlowLogDestination.toCloudWatchLogs(group.logGroup);
    }
    this.flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      trafficType: ec2.FlowLogTrafficType.ALL,
      destination,
    });

    let queryLogTarget = props.dnsQueryLogDestination;
    if (!queryLogTarget) {
      const group = new EncryptedLogGroup(this, 'DnsQueryLogGroup', {
        retention: props.flowLogRetention,
        purpose: `DNS query logs of ${ZONE_NAMES[zone].en} ${this.node.path}`,
      });
      this.dnsQueryLogGroup = group.logGroup;
      queryLogTarget = { logGroup: group.logGroup };
    }
    this.dns = new ZoneDns(this, 'Dns', { vpc: this.vpc, queryLogTarget, walledGarden });

    Tags.of(this).add(TAG_KEYS.zone, zone);
    addOverlapCheck(this.node.root);
  }

  /**
   * Lets the zone's workloads reach a bucket through the zone's S3 gateway endpoint, whose
   * policy lists the zone's buckets and nothing else. An `AuditedBucket` in the zone (its `zone`,
   * its data perimeter, or `ZoneNetwork.of` it) is listed without this call. Give a bucket of
   * another stack by its ARN (a string), so the zone's stack does not import from the bucket's.
   */
  public allowBucket(bucket: s3.IBucket | string): void {
    this.bucketArns.push(typeof bucket === 'string' ? bucket : bucket.bucketArn);
  }

  /** Lets the zone's workloads reach a DynamoDB table (and its indexes) through the zone's gateway endpoint. */
  public allowTable(table: dynamodb.ITable | string): void {
    this.tableArns.push(typeof table === 'string' ? table : table.tableArn);
  }

  /**
   * ARNs of the buckets the zone's S3 endpoint lists: those given to `allowBucket`, then those of
   * the `AuditedBucket`s the construct tree places in the zone (complete once the app is built).
   */
  public get allowedBucketArns(): string[] {
    const members = constructsOfStack(Stack.of(this))
      .filter((c) => DEFAULT_ZONE_BUCKET_SYMBOL in c && ZoneNetwork.of(c) === this)
      .map((c) => (c as unknown as Record<symbol, s3.IBucket>)[DEFAULT_ZONE_BUCKET_SYMBOL].bucketArn);
    return [...this.bucketArns, ...members];
  }

  /** A gateway endpoint of the zone whose policy lists the zone's own buckets or tables. */
  protected addAllowlistedGatewayEndpoint(id: string, service: 's3' | 'dynamodb', subnets?: ec2.SubnetSelection): ec2.GatewayVpcEndpoint {
    const endpoint = this.vpc.addGatewayEndpoint(id, {
      service: service === 's3' ? ec2.GatewayVpcEndpointAwsService.S3 : ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: subnets ? [subnets] : undefined,
    });
    allowlistEndpointPolicy(endpoint, service, () => (service === 's3' ? this.allowedBucketArns : this.tableArns));
    return endpoint;
  }

  /** Prefix for construct messages: "My Number zone 'Path'". */
  protected describe(): string {
    return `${ZONE_NAMES[this.zone].en} '${this.node.path}'`;
  }
}

function availabilityZoneProblems(props: ZoneNetworkProps): string[] {
  if (props.availabilityZones && props.maxAzs !== undefined) {
    return ['maxAzs and availabilityZones are both set; set only one of them'];
  }
  if (props.availabilityZones) {
    const named = props.availabilityZones.filter((az) => !Token.isUnresolved(az));
    const unique = new Set(named);
    if (props.availabilityZones.length < 2) {
      return [
        `availabilityZones: [${props.availabilityZones.join(', ')}] lists fewer than two Availability Zones; list at least two so the zone survives the loss of one (6.3)`,
      ];
    }
    if (unique.size < named.length) {
      return [`availabilityZones: [${props.availabilityZones.join(', ')}] repeats a zone; list at least two different Availability Zones`];
    }
    return [];
  }
  const maxAzs = props.maxAzs ?? 2;
  if (!Number.isInteger(maxAzs) || maxAzs < 2) {
    return [`maxAzs: ${maxAzs} is fewer than two Availability Zones; use 2 or more so the zone survives the loss of one (6.3)`];
  }
  return [];
}

/**
 * Zones of one app must not overlap: the security cloud, the closed-network links and the
 * report's diagram all assume every zone has its own address space. Checked once the app is
 * complete, over every zone in the construct tree, so zones can be added in any order and stack.
 */
/** Marks a tree whose root already validates that its zones do not overlap. */
const OVERLAP_CHECK_SYMBOL = Symbol.for('lgsec.zones.ZoneNetwork.overlapCheck');

/**
 * One validation on the root of the tree, run once the tree is complete: every zone's CIDR
 * against every other's, wherever in the tree (other stacks, stages) they were built.
 */
function addOverlapCheck(root: IConstruct): void {
  if (OVERLAP_CHECK_SYMBOL in root) return;
  Object.defineProperty(root, OVERLAP_CHECK_SYMBOL, { value: true });
  root.node.addValidation({ validate: () => overlapProblems(root) });
}

function overlapProblems(root: IConstruct): string[] {
  const zones = root.node.findAll().filter(ZoneNetwork.isZoneNetwork);
  const errors: string[] = [];
  // Each pair is reported once, in tree order.
  zones.forEach((zone, i) => {
    const own = Token.isUnresolved(zone.cidr) ? undefined : parseIpv4Cidr(zone.cidr);
    if (!own || typeof own === 'string') return;
    for (const other of zones.slice(i + 1)) {
      if (Token.isUnresolved(other.cidr)) continue;
      const theirs = parseIpv4Cidr(other.cidr);
      if (typeof theirs !== 'string' && cidrsOverlap(own, theirs)) {
        errors.push(
          `${ZONE_NAMES[zone.zone].en} '${zone.node.path}' (${zone.cidr}) overlaps ` +
            `${ZONE_NAMES[other.zone].en} '${other.node.path}' (${other.cidr}); give every zone its own CIDR block`,
        );
      }
    }
  });
  return errors;
}

/** The constructs of a stack, in tree order, without those of the stacks nested in it. */
function constructsOfStack(stack: Stack): IConstruct[] {
  const found: IConstruct[] = [];
  const visit = (node: IConstruct): void => {
    found.push(node);
    for (const child of node.node.children) {
      if (!Stack.isStack(child)) visit(child);
    }
  };
  visit(stack);
  return found;
}
