import { Duration, Lazy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { createAlarmTopic, emailProblems, subscribeEmails } from '../private/alarm-topic';
import { cidrProblem, Ipv4Block } from '../private/cidr';
import { EncryptedLogGroup } from '../private/encrypted-log-group';
import { PropsProblems } from '../private/validation';
import { DataPerimeterOptions, IDataPerimeter, perimeterStatementProps } from './data-perimeter';
import { interfaceEndpointId } from './endpoint-policy';
import { interfaceEndpointStatements } from './private/endpoint-allowlist';
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
  /**
   * Retention of the tunnels' log group (IKE and IPsec negotiation, dead peer detection); at
   * least a year (7.7).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly tunnelLogRetention?: logs.RetentionDays;
}

/** An existing virtual private gateway, for example one associated with a Direct Connect gateway. */
export interface LgwanGatewayOptions {
  readonly vpnGatewayId: string;
}

/** What a VPN built for the zone consists of. */
export interface LgwanVpnResources {
  readonly connection: ec2.CfnVPNConnection;
  /** The log group both tunnels log to (KMS-encrypted, kept at least a year). */
  readonly tunnelLogGroup: logs.ILogGroup;
  /** Alarm when a tunnel is not up (TunnelState below 1): the link has lost its redundancy, or is down. */
  readonly tunnelDownAlarm: cloudwatch.Alarm;
}

/**
 * The zone's one closed-network link to LGWAN. Either a new Site-to-Site VPN (both tunnels
 * configured with IKEv2 and strong algorithms, logging to an encrypted log group, with an alarm
 * on their state) or an existing virtual private gateway.
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

  /** True when binding builds a VPN connection (whose alarm needs a topic). @internal */
  public abstract readonly _buildsVpn: boolean;

  /** Attaches a gateway to the VPC and returns its id. @internal */
  public abstract _bind(
    scope: Construct,
    vpc: ec2.Vpc,
    lgwanPrefixes: string[],
    alarmTopic: sns.ITopic | undefined,
  ): { gatewayId: string; attachment: ec2.CfnVPCGatewayAttachment; vpn?: LgwanVpnResources };
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

  /**
   * AWS services reached through interface endpoints (PrivateLink) from inside the zone. Each
   * endpoint's policy admits this account's principals acting on this account's resources, with
   * the service's data-plane actions only (as in the My Number zone). S3 always gets a gateway endpoint.
   * @default - none
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * Topic the zone's alarms (the VPN tunnels' state) notify. An existing topic must let
   * CloudWatch alarms publish (and use its key, when encrypted).
   * @default - with a Site-to-Site VPN, a new KMS-encrypted topic subscribed by `notificationEmails`
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the zone's own alarm topic (when there is no `alarmTopic`).
   * @default - none: the topic then has no subscriber, which the rule pack reports (LGSEC-ALARM-ACTION)
   */
  readonly notificationEmails?: string[];
}

/**
 * LGWAN接続系 (policy 7.3.b): isolated subnets with no internet path. The only way out is the
 * optional closed-network link to LGWAN, routed to the LGWAN prefixes given and nothing else.
 * Data from the internet zone arrives only through the sanitizing transfer.
 *
 * S3 is reached through a gateway endpoint whose policy lists the zone's own buckets
 * (`allowBucket`; an `AuditedBucket` built in the zone's stack is listed without it), so no other
 * bucket of the account carries data in or out; other services through interface endpoints whose
 * policies admit only this account's principals and resources. DNS is a walled garden: only the
 * names of the zone's VPC endpoints (and those in `dns`) resolve, and every query is logged.
 *
 * The zone is a data perimeter for its confidentiality-2 data: an `AuditedBucket` of
 * confidentiality 2 or more placed in the zone denies every request that does not arrive through
 * the zone's VPC endpoints (`denyOutsidePerimeterStatements`), objects and listings even to AWS
 * services acting for a caller.
 */
export class LgwanZone extends ZoneNetwork implements IDataPerimeter {
  /** The workload subnets: isolated, one per Availability Zone. */
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetGroupName: 'Workload' };
  /** Id of the virtual private gateway of the LGWAN link, when there is one. */
  public readonly lgwanGatewayId?: string;
  public readonly lgwanPrefixes: string[];
  /** The S3 gateway endpoint of the workload subnets; its policy lists the zone's buckets. */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** The interface endpoints built from the `interfaceEndpoints` prop. */
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[] = [];
  /** The topic the zone's alarms notify, when it has any (a Site-to-Site VPN, or `alarmTopic`). */
  public readonly alarmTopic?: sns.ITopic;
  /** The Site-to-Site VPN to LGWAN, its tunnel logs and its tunnel alarm, when the zone built one. */
  public readonly vpn?: LgwanVpnResources;
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
      (problems) => {
        lgwanProblems(problems, props.connection, lgwanPrefixes);
        problems.addAll(emailProblems('notificationEmails', props.notificationEmails));
        problems.addAll(interfaceEndpointProblems(props.interfaceEndpoints ?? []));
      },
      props.dns ?? {},
    );
    this.lgwanPrefixes = lgwanPrefixes;
    this.s3Endpoint = this.addAllowlistedGatewayEndpoint('S3Endpoint', 's3', this.workloadSubnets);
    this.addInterfaceEndpoints(props.interfaceEndpoints ?? []);

    this.alarmTopic = props.alarmTopic;
    if (!this.alarmTopic && props.connection?._buildsVpn) {
      this.alarmTopic = createAlarmTopic(
        this,
        { key: 'AlarmKey', topic: 'AlarmTopic' },
        'the LGWAN zone alarm topic',
        'lgsec LGWAN zone alarms',
      );
      subscribeEmails(this.alarmTopic, props.notificationEmails);
    }
    if (props.connection) {
      const { gatewayId, attachment, vpn } = props.connection._bind(this, this.vpc, lgwanPrefixes, this.alarmTopic);
      this.lgwanGatewayId = gatewayId;
      this.vpn = vpn;
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
   * Ids of every VPC endpoint of the zone's VPC, its own and those other constructs add under
   * `zone.vpc` (a sanitizing transfer's): the ways a request may arrive from inside the zone.
   * Read at synthesis, so endpoints added after a bucket was built are included.
   */
  public get vpcEndpointIds(): string[] {
    return Lazy.list({
      produce: () =>
        this.vpc.node.children
          .filter(
            (c): c is ec2.GatewayVpcEndpoint | ec2.InterfaceVpcEndpoint =>
              c instanceof ec2.GatewayVpcEndpoint || c instanceof ec2.InterfaceVpcEndpoint,
          )
          .map((endpoint) => endpoint.vpcEndpointId),
    });
  }

  public denyOutsidePerimeterStatements(resourceArns: string[], options: DataPerimeterOptions = {}): iam.PolicyStatement[] {
    return perimeterStatementProps('LgwanZone', this.vpcEndpointIds, resourceArns, options).map((p) => new iam.PolicyStatement(p));
  }

  /** Interface endpoints of the workload subnets, scoped to this account's principals, resources and data-plane actions. */
  private addInterfaceEndpoints(services: readonly ec2.InterfaceVpcEndpointAwsService[]): void {
    if (services.length === 0) return;
    const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints of the LGWAN zone: HTTPS from the zone only',
      allowAllOutbound: false,
    });
    const peer = ec2.Peer.ipv4(Token.isUnresolved(this.cidr) ? this.vpc.vpcCidrBlock : this.cidr);
    securityGroup.addIngressRule(peer, ec2.Port.tcp(443), 'TCP 443 from inside the LGWAN zone only');
    for (const service of services) {
      const endpoint = this.vpc.addInterfaceEndpoint(interfaceEndpointId(service.shortName), {
        service,
        subnets: this.workloadSubnets,
        securityGroups: [securityGroup],
        privateDnsEnabled: true,
        open: false,
      });
      for (const statement of interfaceEndpointStatements(endpoint, service.shortName)) endpoint.addToPolicy(statement);
      this.interfaceEndpoints.push(endpoint);
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

function interfaceEndpointProblems(services: readonly ec2.InterfaceVpcEndpointAwsService[]): string[] {
  const names = services.map((s) => s.shortName);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  return repeated.length > 0 ? [`interfaceEndpoints lists '${repeated[0]}' twice; list each service once`] : [];
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
  public readonly _buildsVpn = true;

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

  public _bind(scope: Construct, vpc: ec2.Vpc, lgwanPrefixes: string[], alarmTopic: sns.ITopic | undefined) {
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
    // Negotiation and dead-peer-detection logs of both tunnels: evidence of who connected and
    // why a tunnel dropped (7.7), in one encrypted log group.
    const tunnelLogGroup = new EncryptedLogGroup(scope, 'LgwanVpnTunnelLogs', {
      purpose: 'the Site-to-Site VPN tunnel logs of the LGWAN link',
      retention: this.options.tunnelLogRetention,
    }).logGroup;
    const tunnel: ec2.CfnVPNConnection.VpnTunnelOptionsSpecificationProperty = {
      ikeVersions: [{ value: 'ikev2' }],
      phase1EncryptionAlgorithms: [{ value: 'AES256-GCM-16' }, { value: 'AES256' }],
      phase2EncryptionAlgorithms: [{ value: 'AES256-GCM-16' }, { value: 'AES256' }],
      phase1IntegrityAlgorithms: [{ value: 'SHA2-256' }, { value: 'SHA2-384' }],
      phase2IntegrityAlgorithms: [{ value: 'SHA2-256' }, { value: 'SHA2-384' }],
      phase1DhGroupNumbers: [{ value: 20 }, { value: 21 }],
      phase2DhGroupNumbers: [{ value: 20 }, { value: 21 }],
      logOptions: {
        cloudwatchLogOptions: { logEnabled: true, logGroupArn: tunnelLogGroup.logGroupArn, logOutputFormat: 'json' },
      },
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
    connection.node.addDependency(tunnelLogGroup);
    const tunnelDownAlarm = new cloudwatch.Alarm(scope, 'LgwanVpnTunnelDownAlarm', {
      alarmDescription:
        'lgsec: a tunnel of the VPN to LGWAN is not up (TunnelState below 1): the link to LGWAN has lost its redundancy or is down (6.5)',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/VPN',
        metricName: 'TunnelState',
        dimensionsMap: { VpnId: connection.ref },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // The VPN reports its state all the time: no data means the connection is gone.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    if (alarmTopic) tunnelDownAlarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
    if (staticRouting) {
      lgwanPrefixes.forEach((prefix, i) => {
        new ec2.CfnVPNConnectionRoute(scope, `LgwanVpnRoute${i}`, {
          vpnConnectionId: connection.ref,
          destinationCidrBlock: prefix,
        });
      });
    }
    return { gatewayId: gateway.ref, attachment, vpn: { connection, tunnelLogGroup, tunnelDownAlarm } };
  }
}

class ExistingGatewayConnection extends LgwanConnection {
  public readonly _buildsVpn = false;

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
