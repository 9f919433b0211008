import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { cidrProblem, Ipv4Block } from '../private/cidr';
import { PropsProblems } from '../private/validation';
import { ClosedZoneNetworkProps, ZoneNetwork } from './zone-network';

/** A Site-to-Site VPN to the municipality's LGWAN access point. */
export interface LgwanVpnOptions {
  /** Public IPv4 address of the customer gateway (the LGWAN-side router). */
  readonly customerGatewayIp: string;
  /**
   * BGP ASN of the customer gateway for dynamic routing. Without it the VPN uses static routes to
   * the LGWAN prefixes.
   * @default - static routing
   */
  readonly bgpAsn?: number;
  /**
   * ASN of the AWS side of the virtual private gateway.
   * @default 64512
   */
  readonly amazonSideAsn?: number;
}

/** An existing virtual private gateway, for example one associated with a Direct Connect gateway. */
export interface LgwanGatewayOptions {
  readonly vpnGatewayId: string;
}

/**
 * The zone's one closed-network link to LGWAN. Either a new Site-to-Site VPN (both tunnels
 * configured with IKEv2 and strong algorithms) or an existing virtual private gateway.
 */
export abstract class LgwanConnection {
  public static siteToSiteVpn(options: LgwanVpnOptions): LgwanConnection {
    return new VpnConnection(options);
  }

  public static virtualPrivateGateway(options: LgwanGatewayOptions): LgwanConnection {
    return new ExistingGatewayConnection(options);
  }

  /** @internal */
  public abstract _problems(): string[];

  /** Attaches a gateway to the VPC and returns its id. @internal */
  public abstract _bind(
    scope: Construct,
    vpc: ec2.Vpc,
    lgwanPrefixes: string[],
  ): { gatewayId: string; attachment: ec2.CfnVPCGatewayAttachment };
}

export interface LgwanZoneProps extends ClosedZoneNetworkProps {
  /**
   * The closed-network link to LGWAN.
   * @default - no link: the zone is fully closed
   */
  readonly connection?: LgwanConnection;

  /**
   * LGWAN address prefixes reached through the connection. Routes go to these prefixes only,
   * never to a default route. Required with `connection`.
   * @default - none
   */
  readonly lgwanPrefixes?: string[];
}

/**
 * LGWAN接続系 (policy 7.3.b): isolated subnets with no internet path. The only way out is the
 * optional closed-network link to LGWAN, routed to the LGWAN prefixes given and nothing else.
 * Data from the internet zone arrives only through the sanitizing transfer.
 *
 * S3 is reached through a gateway endpoint whose policy lists the zone's own buckets
 * (`allowBucket`; an `AuditedBucket` built in the zone's stack is listed without it), so no other
 * bucket of the account carries data in or out. DNS is a walled garden: only the names of the
 * zone's VPC endpoints (and those in `dns`) resolve, and every query is logged.
 */
export class LgwanZone extends ZoneNetwork {
  /** The workload subnets: isolated, one per Availability Zone. */
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetGroupName: 'Workload' };
  /** Id of the virtual private gateway of the LGWAN link, when there is one. */
  public readonly lgwanGatewayId?: string;
  public readonly lgwanPrefixes: string[];
  /** The S3 gateway endpoint of the workload subnets; its policy lists the zone's buckets. */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** Blocks of the subnets built in the VPC outside its subnet configuration (sanitizing transfers'). */
  private readonly addedSubnetBlocks: Ipv4Block[] = [];

  constructor(scope: Construct, id: string, props: LgwanZoneProps = {}) {
    const lgwanPrefixes = props.lgwanPrefixes ?? [];
    super(
      scope,
      id,
      Zone.LGWAN,
      props,
      [{ name: 'Workload', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: props.subnetCidrMask ?? 24 }],
      (problems) => lgwanProblems(problems, props.connection, lgwanPrefixes),
      props.dns ?? {},
    );
    this.lgwanPrefixes = lgwanPrefixes;
    this.s3Endpoint = this.addAllowlistedGatewayEndpoint('S3Endpoint', 's3', this.workloadSubnets);

    if (props.connection) {
      const { gatewayId, attachment } = props.connection._bind(this, this.vpc, lgwanPrefixes);
      this.lgwanGatewayId = gatewayId;
      const subnets = this.vpc.selectSubnets(this.workloadSubnets).subnets;
      subnets.forEach((subnet) => {
        lgwanPrefixes.forEach((prefix, i) => {
          const route = new ec2.CfnRoute(subnet, `LgwanRoute${i}`, {
            routeTableId: subnet.routeTable.routeTableId,
            destinationCidrBlock: prefix,
            gatewayId,
          });
          route.addResourceDependency(attachment);
        });
      });
    }
  }

  /**
   * Blocks of the subnets other constructs built in the VPC (the sanitizing transfers', several of
   * which may share the zone), so that the next one chooses free blocks.
   * @internal
   */
  public get _addedSubnetBlocks(): readonly Ipv4Block[] {
    return [...this.addedSubnetBlocks];
  }

  /**
   * Records the blocks of subnets another construct builds in the VPC.
   * @internal
   */
  public _addSubnetBlocks(blocks: readonly Ipv4Block[]): void {
    this.addedSubnetBlocks.push(...blocks);
  }
}

function lgwanProblems(problems: PropsProblems, connection: LgwanConnection | undefined, prefixes: string[]): void {
  if (!connection) {
    if (prefixes.length > 0) {
      problems.add(
        'lgwanPrefixes is set without a connection; add connection: LgwanConnection.siteToSiteVpn({...}) or remove lgwanPrefixes',
      );
    }
    return;
  }
  problems.addAll(connection._problems());
  if (prefixes.length === 0) {
    problems.add('connection is set without lgwanPrefixes; list the LGWAN address prefixes to route to (routes go only there)');
  }
  prefixes.forEach((prefix, i) => {
    problems.add(cidrProblem(`lgwanPrefixes[${i}]`, prefix));
    if (!Token.isUnresolved(prefix) && prefix.endsWith('/0')) {
      problems.add(`lgwanPrefixes[${i}]: '${prefix}' is a default route; LGWAN is a closed network, list its prefixes instead`);
    }
  });
}

class VpnConnection extends LgwanConnection {
  constructor(private readonly options: LgwanVpnOptions) {
    super();
  }

  public _problems(): string[] {
    const problems: string[] = [];
    const ip = this.options.customerGatewayIp;
    if (ip === undefined || ip === '') {
      problems.push('connection: a Site-to-Site VPN needs customerGatewayIp, the public IPv4 address of the LGWAN-side router');
    } else if (!Token.isUnresolved(ip) && !isPublicIpv4(ip)) {
      problems.push(`connection.customerGatewayIp: '${ip}' is not a public IPv4 address; give the LGWAN-side router's public address`);
    }
    for (const [name, asn] of [
      ['bgpAsn', this.options.bgpAsn],
      ['amazonSideAsn', this.options.amazonSideAsn],
    ] as const) {
      if (asn !== undefined && !Token.isUnresolved(asn) && !(Number.isInteger(asn) && asn >= 1 && asn <= 4294967294)) {
        problems.push(`connection.${name}: ${asn} is not a BGP ASN; use a private ASN such as 65000`);
      }
    }
    return problems;
  }

  public _bind(scope: Construct, vpc: ec2.Vpc, lgwanPrefixes: string[]) {
    const gateway = new ec2.CfnVPNGateway(scope, 'LgwanVpnGateway', {
      type: 'ipsec.1',
      amazonSideAsn: this.options.amazonSideAsn ?? 64512,
    });
    const attachment = new ec2.CfnVPCGatewayAttachment(scope, 'LgwanVpnGatewayAttachment', {
      vpcId: vpc.vpcId,
      vpnGatewayId: gateway.ref,
    });
    const staticRouting = this.options.bgpAsn === undefined;
    const customerGateway = new ec2.CfnCustomerGateway(scope, 'LgwanCustomerGateway', {
      type: 'ipsec.1',
      ipAddress: this.options.customerGatewayIp,
      // CloudFormation requires an ASN even for static routing, where it is not used.
      bgpAsn: this.options.bgpAsn ?? 65000,
    });
    const tunnel: ec2.CfnVPNConnection.VpnTunnelOptionsSpecificationProperty = {
      ikeVersions: [{ value: 'ikev2' }],
      phase1EncryptionAlgorithms: [{ value: 'AES256-GCM-16' }, { value: 'AES256' }],
      phase2EncryptionAlgorithms: [{ value: 'AES256-GCM-16' }, { value: 'AES256' }],
      phase1IntegrityAlgorithms: [{ value: 'SHA2-256' }, { value: 'SHA2-384' }],
      phase2IntegrityAlgorithms: [{ value: 'SHA2-256' }, { value: 'SHA2-384' }],
      phase1DhGroupNumbers: [{ value: 20 }, { value: 21 }],
      phase2DhGroupNumbers: [{ value: 20 }, { value: 21 }],
    };
    const connection = new ec2.CfnVPNConnection(scope, 'LgwanVpnConnection', {
      type: 'ipsec.1',
      customerGatewayId: customerGateway.ref,
      vpnGatewayId: gateway.ref,
      staticRoutesOnly: staticRouting,
      // Both tunnels, so the link survives the maintenance or loss of one AWS endpoint (6.5).
      vpnTunnelOptionsSpecifications: [tunnel, tunnel],
    });
    connection.addResourceDependency(attachment);
    if (staticRouting) {
      lgwanPrefixes.forEach((prefix, i) => {
        new ec2.CfnVPNConnectionRoute(scope, `LgwanVpnRoute${i}`, {
          vpnConnectionId: connection.ref,
          destinationCidrBlock: prefix,
        });
      });
    }
    return { gatewayId: gateway.ref, attachment };
  }
}

class ExistingGatewayConnection extends LgwanConnection {
  constructor(private readonly options: LgwanGatewayOptions) {
    super();
  }

  public _problems(): string[] {
    const id = this.options.vpnGatewayId;
    if (!Token.isUnresolved(id) && !/^vgw-[0-9a-f]{8,17}$/.test(id ?? '')) {
      return [`connection.vpnGatewayId: '${id}' is not a virtual private gateway id; it looks like vgw-0123456789abcdef0`];
    }
    return [];
  }

  public _bind(scope: Construct, vpc: ec2.Vpc) {
    const attachment = new ec2.CfnVPCGatewayAttachment(scope, 'LgwanGatewayAttachment', {
      vpcId: vpc.vpcId,
      vpnGatewayId: this.options.vpnGatewayId,
    });
    return { gatewayId: this.options.vpnGatewayId, attachment };
  }
}

function isPublicIpv4(ip: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return false;
  const [a, b] = m.slice(1).map(Number);
  if (m.slice(1).some((o) => Number(o) > 255)) return false;
  const privateOrReserved =
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127);
  return !privateOrReserved;
}
