import { Annotations, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { emailProblems } from '../audit/private/notification-topic';
import { TAG_KEYS } from '../policy/tags';
import { Zone } from '../policy/zone';
import { cidrProblem, parseIpv4Cidr } from '../private/cidr';
import { EncryptedLogGroup, MIN_LOG_RETENTION_DAYS } from '../private/encrypted-log-group';
import { createLeastPrivilegeKey } from '../private/keys';
import { PropsProblems } from '../private/validation';
import { InternetZone } from '../zones/internet-zone';
import { ISecurityCloudLink } from '../zones/security-cloud-link';
import { DnsFirewall, DnsFirewallOptions, dnsFirewallProblems, DnsQueryLogDestination } from './dns-firewall';
import { FirewallLogDestination, firewallRuleProblems, InspectionFirewall, InspectionFirewallRules } from './inspection-firewall';
import { aggregateProblems, memberProblems, ParsedMember, SecurityCloudMember } from './members';
import { SecurityCloudAlarmOptions, SecurityCloudMonitoring } from './monitoring';

/** A security cloud, built here or referenced by ids. */
export interface ISecurityCloud extends ISecurityCloudLink, IConstruct {}

/** Ids of a security cloud defined elsewhere (another stack, app or account). */
export interface SecurityCloudAttributes {
  /** The Transit Gateway (`tgw-…`), shared with the member's account through AWS RAM. */
  readonly transitGatewayId: string;
  /**
   * The spoke route table (`tgw-rtb-…`). Give it only when the member is in the Transit
   * Gateway's own account; otherwise the security cloud wires the member's attachment.
   * @default - the security cloud associates the member's attachment
   */
  readonly spokeRouteTableId?: string;
  /**
   * The inspection route table (`tgw-rtb-…`), in the same case as `spokeRouteTableId`.
   * @default - the security cloud adds the route back to the member
   */
  readonly inspectionRouteTableId?: string;
  /**
   * The DNS Firewall rule group (`rslvr-frg-…`), shared with the member through AWS RAM.
   * @default - the member associates no DNS Firewall rule group of the security cloud
   */
  readonly dnsFirewallRuleGroupId?: string;
}

export interface SecurityCloudProps extends SecurityCloudAlarmOptions {
  /** The municipalities whose internet zones egress through this security cloud. */
  readonly members: SecurityCloudMember[];

  /** The Route 53 Resolver DNS Firewall: AWS-managed threat lists (by id) and a block list. */
  readonly dnsFirewall: DnsFirewallOptions;

  /**
   * The Network Firewall's rules: allowed domains, Suricata rules, AWS-managed groups.
   * @default - default drop of everything, with alert: members reach nothing until rules allow it
   */
  readonly firewall?: InspectionFirewallRules;

  /**
   * IPv4 CIDR of the inspection VPC, /16 to /24. No member may overlap it.
   * @default '100.64.0.0/16'
   */
  readonly inspectionVpcCidr?: string;

  /**
   * Address blocks that together cover every member (for example the prefecture's address plan,
   * `10.0.0.0/8`). The inspection VPC then routes these blocks back towards the members, two
   * routes per route table however many members there are; the Transit Gateway's inspection
   * route table still routes each member's own CIDR, and the firewall's HOME_NET is still the
   * member list.
   * @default - a route per member CIDR from the public subnets to the firewall, and a managed
   * prefix list of every member CIDR from the firewall subnets to the Transit Gateway. Both
   * count one route per member against the routes-per-route-table quota (50 unless raised), so
   * a prefecture of more members must raise the quota or give aggregates.
   */
  readonly memberAggregateCidrs?: string[];

  /**
   * Availability Zones of the inspection VPC, by name (at least two). The names must be known
   * at synth time, since each AZ's routes pick that AZ's firewall endpoint by name.
   * @default - the first `maxAzs` Availability Zones of the stack (the stack needs an account
   * and region, and the AZ lookup in cdk.context.json)
   */
  readonly availabilityZones?: string[];

  /**
   * How many Availability Zones to span when `availabilityZones` is not given.
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * The audit log archive's bucket (`lgsec:purpose=audit-log`, Object Lock): Network Firewall
   * ALERT and FLOW logs, VPC flow logs and DNS query logs are delivered there, and the bucket
   * policy grants AWS log delivery.
   * @default - KMS-encrypted CloudWatch log groups, kept `logRetention`, retained with the stack
   */
  readonly logBucket?: s3.IBucket;

  /**
   * Retention of the CloudWatch log groups (when there is no `logBucket`); at least a year (7.7).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Customer-managed KMS key for the log groups and the notification topic. An imported key's
   * policy must already admit CloudWatch Logs, CloudWatch alarms and EventBridge.
   * @default - a new key with rotation, retained with the stack
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Prefix of the names of the firewall, its policy and rule groups, DNS Firewall resources and
   * log prefixes; unique in the account and region. 1-40 letters, digits and hyphens.
   * @default - derived from the construct path
   */
  readonly namePrefix?: string;

  /**
   * Private ASN of the Transit Gateway's Amazon side.
   * @default 64512
   */
  readonly amazonSideAsn?: number;

  /**
   * Whether the RAM share may include accounts outside the prefecture's AWS Organization. Member
   * municipalities usually have accounts of their own, outside it.
   * @default false
   */
  readonly allowExternalPrincipals?: boolean;
}

/** Prefix lengths of the inspection VPC's subnets, per AZ. */
const SUBNET_MASKS = { public: 27, firewall: 28, transitGateway: 28 } as const;
const SUBNET_GROUPS = { public: 'Public', firewall: 'Firewall', transitGateway: 'TransitGateway' } as const;
/** Amazon VPC's default 'Routes per route table' quota, and the routes we add besides the members'. */
const DEFAULT_ROUTES_PER_ROUTE_TABLE = 50;
const ROUTES_BESIDES_MEMBERS = 2;
const NAME_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,39}$/;
const TRANSIT_GATEWAY_ID = /^tgw-[0-9a-f]{8,17}$/;
const TRANSIT_GATEWAY_ROUTE_TABLE_ID = /^tgw-rtb-[0-9a-f]{8,17}$/;
const DNS_FIREWALL_RULE_GROUP_ID = /^rslvr-frg-[0-9a-f]{8,32}$/;
/** Route table an AZ's subnet uses, ids of the subnet groups above. */
type SubnetGroup = keyof typeof SUBNET_GROUPS;

/** Where the security cloud's logs go. */
interface LogDestinations {
  readonly firewallLogs: FirewallLogDestination;
  readonly dnsQueryLogs: DnsQueryLogDestination;
  /** Network Firewall ALERT logs: always a log group, read by the threat alarm. */
  readonly alertLogGroup: logs.ILogGroup;
}

/** A route's id and destination (a CIDR or a prefix list). */
interface MemberRoute {
  readonly id: string;
  readonly destination: { destinationCidrBlock?: string; destinationPrefixListId?: string };
}

/** Routes that stand for the members in the inspection VPC's route tables. */
interface MemberDestinations {
  /** From the public subnets, through the AZ's firewall endpoint. */
  readonly viaFirewall: MemberRoute[];
  /** From the firewall subnets, to the Transit Gateway. */
  readonly viaTransitGateway: MemberRoute[];
  /** The prefix list of every member CIDR, when there are no aggregates. */
  readonly memberCidrs?: ec2.CfnPrefixList;
}

/**
 * 自治体情報セキュリティクラウド (policy 7.3.c): the prefecture's shared, inspected internet egress
 * for every member municipality's internet zone.
 *
 * A packet from a member's workload goes: member VPC → Transit Gateway (spoke route table:
 * default route to the inspection attachment only) → inspection VPC, attachment subnet of AZ x →
 * firewall endpoint of AZ x → NAT gateway of AZ x → internet gateway. The reply comes back: NAT
 * gateway of AZ x → firewall endpoint of AZ x (public subnet route to the members) → Transit
 * Gateway (inspection route table: a route per member) → member. Appliance mode keeps both
 * directions of a flow in one AZ, so the same firewall endpoint sees both. Traffic between
 * members has no path but through the firewall, whose first rule drops it (unless
 * `firewall.allowMemberToMember`) and whose default is drop; the inspection VPC itself is
 * unreachable from members (blackhole route).
 *
 * Members in the same account wire their own attachment (`InternetZone` with this construct as
 * its `securityCloud`); members in other accounts get the Transit Gateway and DNS Firewall rule
 * group through AWS RAM and are wired here once their attachment id is declared.
 */
export class SecurityCloud extends Construct implements ISecurityCloud {
  /** A security cloud defined elsewhere, for a member's `InternetZone` in another stack or account. */
  public static fromAttributes(scope: Construct, id: string, attrs: SecurityCloudAttributes): ISecurityCloud {
    const problems: string[] = [];
    const check = (prop: keyof SecurityCloudAttributes, pattern: RegExp, example: string): void => {
      const value = attrs[prop];
      if (value !== undefined && !Token.isUnresolved(value) && !pattern.test(value)) {
        problems.push(`${prop}: '${value}' is not an id like ${example}`);
      }
    };
    if (attrs.transitGatewayId === undefined)
      problems.push("transitGatewayId: missing; give the security cloud's Transit Gateway id (tgw-…)");
    check('transitGatewayId', TRANSIT_GATEWAY_ID, 'tgw-0123456789abcdef0');
    check('spokeRouteTableId', TRANSIT_GATEWAY_ROUTE_TABLE_ID, 'tgw-rtb-0123456789abcdef0');
    check('inspectionRouteTableId', TRANSIT_GATEWAY_ROUTE_TABLE_ID, 'tgw-rtb-0123456789abcdef0');
    check('dnsFirewallRuleGroupId', DNS_FIREWALL_RULE_GROUP_ID, 'rslvr-frg-0123456789abcdef');
    if ((attrs.spokeRouteTableId === undefined) !== (attrs.inspectionRouteTableId === undefined)) {
      problems.push(
        "spokeRouteTableId and inspectionRouteTableId: give both (a member in the Transit Gateway's account wires itself) or neither (the security cloud wires it)",
      );
    }
    class Import extends Construct implements ISecurityCloud {
      public readonly transitGatewayId = attrs.transitGatewayId;
      public readonly spokeRouteTableId = attrs.spokeRouteTableId;
      public readonly inspectionRouteTableId = attrs.inspectionRouteTableId;
      public readonly dnsFirewallRuleGroupId = attrs.dnsFirewallRuleGroupId;
    }
    const imported = new Import(scope, id);
    if (problems.length > 0) {
      throw new Error(`Invalid SecurityCloud attributes at '${imported.node.path}':\n  - ${problems.join('\n  - ')}`);
    }
    return imported;
  }

  public readonly transitGatewayId: string;
  public readonly spokeRouteTableId: string;
  public readonly inspectionRouteTableId: string;
  public readonly dnsFirewallRuleGroupId: string;

  public readonly transitGateway: ec2.CfnTransitGateway;
  public readonly spokeRouteTable: ec2.CfnTransitGatewayRouteTable;
  public readonly inspectionRouteTable: ec2.CfnTransitGatewayRouteTable;
  /** The inspection VPC's attachment (appliance mode on). */
  public readonly inspectionAttachment: ec2.CfnTransitGatewayAttachment;
  /** The inspection/egress VPC, tagged `lgsec:zone=security-cloud`. */
  public readonly vpc: ec2.Vpc;
  /**
   * Every member CIDR, the destination of the firewall subnets' routes back to the members
   * through the Transit Gateway (unless `memberAggregateCidrs` stand for them).
   */
  public readonly memberCidrs?: ec2.CfnPrefixList;
  public readonly firewall: InspectionFirewall;
  public readonly dnsFirewall: DnsFirewall;
  public readonly monitoring: SecurityCloudMonitoring;
  /** The security notification topic (KMS-encrypted): subscribe the prefecture's SOC here. */
  public readonly notificationTopic: sns.ITopic;
  public readonly encryptionKey: kms.IKey;
  /** The RAM share of the Transit Gateway and DNS Firewall rule group, when a member has an account id. */
  public readonly resourceShare?: ram.CfnResourceShare;
  public readonly members: readonly SecurityCloudMember[];
  public readonly availabilityZones: string[];
  /** Log groups created when there is no `logBucket`. */
  public readonly logGroups: logs.ILogGroup[] = [];

  constructor(scope: Construct, id: string, props: SecurityCloudProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const inspectionVpcCidr = props.inspectionVpcCidr ?? '100.64.0.0/16';
    const { azs, parsed } = this.validateProps(props, inspectionVpcCidr);

    this.members = props.members;
    this.availabilityZones = azs;
    const namePrefix = props.namePrefix ?? Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }).toLowerCase();

    this.encryptionKey =
      props.encryptionKey ??
      createLeastPrivilegeKey(this, 'EncryptionKey', {
        purpose: "the security cloud's log groups and security notifications",
        viaService: ['logs', 'sns'],
      });

    const natProvider = ec2.NatProvider.gateway();
    this.vpc = this.createInspectionVpc(inspectionVpcCidr, azs, natProvider);
    const subnets = this.subnetsByAz(azs);
    const logDestinations = this.createLogDestinations(props, namePrefix);

    const crossAccountIds = uniqueCrossAccountIds(parsed, stack.account);
    const hub = this.createTransitGatewayHub(props.amazonSideAsn, namePrefix);
    this.transitGateway = hub.transitGateway;
    this.transitGatewayId = this.transitGateway.ref;
    this.spokeRouteTable = hub.spokeRouteTable;
    this.inspectionRouteTable = hub.inspectionRouteTable;
    this.spokeRouteTableId = this.spokeRouteTable.ref;
    this.inspectionRouteTableId = this.inspectionRouteTable.ref;
    this.inspectionAttachment = this.attachInspectionVpc(subnets.transitGateway, namePrefix);
    this.routeSpokesToInspection(inspectionVpcCidr);
    this.wireDeclaredAttachments(parsed);

    const destinations = this.memberDestinations(props, namePrefix);
    this.memberCidrs = destinations.memberCidrs;

    this.firewall = this.createFirewall(props, subnets.firewall, namePrefix, logDestinations.firewallLogs);
    this.routeThroughFirewallPerAz(azs, subnets, destinations);

    this.dnsFirewall = new DnsFirewall(this, 'DnsFirewall', {
      ...props.dnsFirewall,
      vpc: this.vpc,
      namePrefix,
      queryLogDestination: logDestinations.dnsQueryLogs,
    });
    this.dnsFirewallRuleGroupId = this.dnsFirewall.ruleGroup.attrId;
    this.resourceShare = this.shareWithMemberAccounts(crossAccountIds, namePrefix, props.allowExternalPrincipals);

    this.monitoring = new SecurityCloudMonitoring(this, 'Monitoring', {
      encryptionKey: this.encryptionKey,
      firewallName: this.firewall.firewallName,
      availabilityZones: azs,
      transitGatewayId: this.transitGatewayId,
      natGatewayIds: natProvider.configuredGateways.map((g) => ({ availabilityZone: g.az, id: g.gatewayId })),
      droppedPacketsThreshold: props.droppedPacketsThreshold,
      transitGatewayNoRouteThreshold: props.transitGatewayNoRouteThreshold,
      guardDuty: props.guardDuty,
      notificationEmails: props.notificationEmails,
      alertLogGroup: logDestinations.alertLogGroup,
      threatAlertThreshold: props.threatAlertThreshold,
    });
    this.notificationTopic = this.monitoring.topic;

    Tags.of(this).add(TAG_KEYS.zone, Zone.SECURITY_CLOUD);
    this.node.addValidation({ validate: () => this.undeclaredMemberZones(parsed) });
  }

  /** Every problem with the props, thrown at once; the Availability Zones and parsed members otherwise. */
  private validateProps(props: SecurityCloudProps, inspectionVpcCidr: string): { azs: string[]; parsed: ParsedMember[] } {
    const problems = new PropsProblems(this, 'SecurityCloud');
    problems.add(cidrProblem('inspectionVpcCidr', inspectionVpcCidr, { minPrefix: 16, maxPrefix: 24 }));
    const { problems: memberErrors, parsed } = memberProblems(props.members ?? [], inspectionVpcCidr);
    problems.addAll(memberErrors);
    if (props.memberAggregateCidrs !== undefined) {
      problems.addAll(aggregateProblems(props.memberAggregateCidrs, parsed, inspectionVpcCidr));
    }
    const azs = chooseAvailabilityZones(Stack.of(this), props, problems);
    problems.addAll(firewallRuleProblems(props.firewall ?? {}));
    problems.addAll(dnsFirewallProblems(props.dnsFirewall));
    if (props.namePrefix !== undefined && !Token.isUnresolved(props.namePrefix) && !NAME_PREFIX.test(props.namePrefix)) {
      problems.add(`namePrefix: '${props.namePrefix}' is not 1-40 letters, digits and hyphens starting with a letter or digit`);
    }
    const retention = props.logRetention;
    if (
      retention !== undefined &&
      !Token.isUnresolved(retention) &&
      retention !== logs.RetentionDays.INFINITE &&
      retention < MIN_LOG_RETENTION_DAYS
    ) {
      problems.add(
        `logRetention: ${retention} days is below the policy's floor of ${MIN_LOG_RETENTION_DAYS} days (7.7); use RetentionDays.ONE_YEAR or longer`,
      );
    }
    const asn = props.amazonSideAsn;
    if (asn !== undefined && !Token.isUnresolved(asn) && !isPrivateAsn(asn)) {
      problems.add(`amazonSideAsn: ${asn} is not a private ASN (64512-65534 or 4200000000-4294967294)`);
    }
    problems.addAll(emailProblems('notificationEmails', props.notificationEmails));
    for (const [prop, value] of [
      ['droppedPacketsThreshold', props.droppedPacketsThreshold],
      ['transitGatewayNoRouteThreshold', props.transitGatewayNoRouteThreshold],
      ['threatAlertThreshold', props.threatAlertThreshold],
    ] as const) {
      if (value !== undefined && !Token.isUnresolved(value) && !(Number.isFinite(value) && value >= 0)) {
        problems.add(`${prop}: ${value} is not a packet count of 0 or more`);
      }
    }
    problems.throwIfAny();
    return { azs, parsed };
  }

  /**
   * The inspection/egress VPC: per AZ a Transit Gateway attachment subnet, a firewall subnet
   * (default route to that AZ's NAT gateway, set by ec2.Vpc) and a public subnet (NAT, IGW).
   */
  private createInspectionVpc(cidr: string, azs: string[], natProvider: ec2.NatProvider): ec2.Vpc {
    return new ec2.Vpc(this, 'InspectionVpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones: azs,
      subnetConfiguration: [
        { name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: SUBNET_MASKS.public, mapPublicIpOnLaunch: false },
        { name: SUBNET_GROUPS.firewall, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: SUBNET_MASKS.firewall },
        { name: SUBNET_GROUPS.transitGateway, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: SUBNET_MASKS.transitGateway },
      ],
      natGateways: azs.length,
      natGatewayProvider: natProvider,
      natGatewaySubnets: { subnetGroupName: SUBNET_GROUPS.public },
      enableDnsHostnames: true,
      enableDnsSupport: true,
      restrictDefaultSecurityGroup: true,
    });
  }

  /** The inspection VPC's subnets of each group, in the order of `azs`. */
  private subnetsByAz(azs: string[]): Record<SubnetGroup, ec2.ISubnet[]> {
    const inGroup = (group: SubnetGroup): ec2.ISubnet[] => {
      const subnets = this.vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS[group] }).subnets;
      return azs.map((az) => {
        const subnet = subnets.find((s) => s.availabilityZone === az);
        if (!subnet) throw new Error(`SecurityCloud '${this.node.path}': no ${SUBNET_GROUPS[group]} subnet in ${az}`);
        return subnet;
      });
    };
    return { public: inGroup('public'), firewall: inGroup('firewall'), transitGateway: inGroup('transitGateway') };
  }

  /**
   * Log destinations: the audit log archive, or KMS-encrypted log groups of our own; the log
   * delivery grant on those groups, and the inspection VPC's flow log.
   */
  private createLogDestinations(props: SecurityCloudProps, namePrefix: string): LogDestinations {
    const logGroup = (groupId: string, purpose: string): logs.ILogGroup => {
      const group = new EncryptedLogGroup(this, groupId, {
        retention: props.logRetention,
        encryptionKey: this.encryptionKey,
        purpose,
      });
      this.logGroups.push(group.logGroup);
      return group.logGroup;
    };
    let firewallLogs: FirewallLogDestination;
    let dnsQueryLogs: DnsQueryLogDestination;
    let flowLogDestination: ec2.FlowLogDestination | undefined;
    // ALERT logs always go to a log group, where a metric filter turns threat alerts into an
    // alarm for the prefecture's analysts; with an archive bucket, everything else goes there.
    const alertLogGroup = logGroup('FirewallAlertLogs', 'Network Firewall ALERT logs of the security cloud');
    if (props.logBucket) {
      firewallLogs = { bucket: props.logBucket, prefix: `${namePrefix}/network-firewall`, alertLogGroup };
      dnsQueryLogs = { bucket: props.logBucket };
      flowLogDestination = ec2.FlowLogDestination.toS3(props.logBucket, `${namePrefix}/vpc-flow-logs/`);
    } else {
      firewallLogs = {
        alertLogGroup,
        flowLogGroup: logGroup('FirewallFlowLogs', 'Network Firewall FLOW logs of the security cloud'),
      };
      dnsQueryLogs = { logGroup: logGroup('DnsQueryLogs', 'DNS query logs of the security cloud') };
    }
    // Network Firewall and Resolver query logging deliver through `delivery.logs`; granting it
    // here keeps the service from writing an account-wide log resource policy of its own.
    new logs.ResourcePolicy(this, 'LogDeliveryPolicy', {
      policyStatements: [
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: this.logGroups.map((g) => g.logGroupArn),
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      ],
    });
    // VPC flow logs write with a role of their own, not through `delivery.logs`.
    flowLogDestination ??= ec2.FlowLogDestination.toCloudWatchLogs(logGroup('VpcFlowLogs', 'VPC flow logs of the security cloud'));
    new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      trafficType: ec2.FlowLogTrafficType.ALL,
      destination: flowLogDestination,
    });
    return { firewallLogs, dnsQueryLogs, alertLogGroup };
  }

  /**
   * The Transit Gateway hub and its two route tables: nothing is associated or propagated unless
   * this construct (or a member wiring itself) says so.
   */
  private createTransitGatewayHub(
    amazonSideAsn: number | undefined,
    namePrefix: string,
  ): {
    transitGateway: ec2.CfnTransitGateway;
    spokeRouteTable: ec2.CfnTransitGatewayRouteTable;
    inspectionRouteTable: ec2.CfnTransitGatewayRouteTable;
  } {
    const transitGateway = new ec2.CfnTransitGateway(this, 'TransitGateway', {
      description: 'Security cloud hub: member internet zones and the inspection VPC',
      amazonSideAsn,
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      // Every member attachment is accepted by hand (aws ec2 accept-transit-gateway-vpc-attachment)
      // after checking its account and VPC: a shared Transit Gateway takes no attachment on its own.
      autoAcceptSharedAttachments: 'disable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'enable',
      multicastSupport: 'disable',
      securityGroupReferencingSupport: 'disable',
      tags: [{ key: 'Name', value: `${namePrefix}-hub` }],
    });
    const spokeRouteTable = new ec2.CfnTransitGatewayRouteTable(this, 'SpokeRouteTable', {
      transitGatewayId: transitGateway.ref,
      tags: [{ key: 'Name', value: `${namePrefix}-spoke` }],
    });
    const inspectionRouteTable = new ec2.CfnTransitGatewayRouteTable(this, 'InspectionRouteTable', {
      transitGatewayId: transitGateway.ref,
      tags: [{ key: 'Name', value: `${namePrefix}-inspection` }],
    });
    return { transitGateway, spokeRouteTable, inspectionRouteTable };
  }

  /** The inspection VPC's attachment, associated with the inspection route table. */
  private attachInspectionVpc(attachmentSubnets: ec2.ISubnet[], namePrefix: string): ec2.CfnTransitGatewayAttachment {
    const attachment = new ec2.CfnTransitGatewayAttachment(this, 'InspectionAttachment', {
      transitGatewayId: this.transitGatewayId,
      vpcId: this.vpc.vpcId,
      subnetIds: attachmentSubnets.map((s) => s.subnetId),
      // Appliance mode pins both directions of a flow to one AZ, so the firewall endpoint that
      // saw the request sees the reply (stateful inspection needs both).
      options: { ApplianceModeSupport: 'enable', DnsSupport: 'enable' },
      tags: [{ key: 'Name', value: `${namePrefix}-inspection` }],
    });
    new ec2.CfnTransitGatewayRouteTableAssociation(this, 'InspectionAttachmentAssociation', {
      transitGatewayRouteTableId: this.inspectionRouteTableId,
      transitGatewayAttachmentId: attachment.attrId,
    });
    return attachment;
  }

  /** The spoke route table: everything to the inspection attachment, except the inspection VPC itself. */
  private routeSpokesToInspection(inspectionVpcCidr: string): void {
    // Members have no business in the inspection VPC itself: without this, its local route would
    // take them to the NAT gateways' and firewall endpoints' addresses without inspection.
    new ec2.CfnTransitGatewayRoute(this, 'SpokeInspectionVpcBlackhole', {
      transitGatewayRouteTableId: this.spokeRouteTableId,
      destinationCidrBlock: inspectionVpcCidr,
      blackhole: true,
    });
    new ec2.CfnTransitGatewayRoute(this, 'SpokeDefaultRoute', {
      transitGatewayRouteTableId: this.spokeRouteTableId,
      destinationCidrBlock: '0.0.0.0/0',
      transitGatewayAttachmentId: this.inspectionAttachment.attrId,
    });
  }

  /**
   * Destinations that stand for the members in the inspection VPC's route tables: the aggregates,
   * or each member's CIDR towards the firewall and a prefix list of them towards the Transit
   * Gateway. A route to a firewall (Gateway Load Balancer) endpoint takes CIDR destinations only.
   */
  private memberDestinations(props: SecurityCloudProps, namePrefix: string): MemberDestinations {
    if (props.memberAggregateCidrs) {
      return {
        viaFirewall: props.memberAggregateCidrs.map((cidr, index) => ({
          id: `MemberAggregate${index + 1}ViaFirewall`,
          destination: { destinationCidrBlock: cidr },
        })),
        viaTransitGateway: props.memberAggregateCidrs.map((cidr, index) => ({
          id: `MemberAggregate${index + 1}ViaTransitGateway`,
          destination: { destinationCidrBlock: cidr },
        })),
      };
    }
    const memberCidrs = new ec2.CfnPrefixList(this, 'MemberCidrs', {
      prefixListName: `${namePrefix}-members`,
      addressFamily: 'IPv4',
      maxEntries: props.members.length,
      entries: props.members.map((m) => ({ cidr: m.cidr, description: `member ${m.name}` })),
    });
    if (props.members.length > DEFAULT_ROUTES_PER_ROUTE_TABLE - ROUTES_BESIDES_MEMBERS) {
      Annotations.of(this).addWarningV2(
        'lgsec:security-cloud-route-table-quota',
        `${props.members.length} members: the routes back to them count as ${props.members.length} routes ` +
          'in each inspection VPC route table, ' +
          `above the default quota of ${DEFAULT_ROUTES_PER_ROUTE_TABLE} routes per route table. ` +
          "Raise the quota (Amazon VPC, 'Routes per route table') before deploying, or give memberAggregateCidrs.",
      );
    }
    return {
      memberCidrs,
      viaFirewall: props.members.map((m) => ({
        id: `Member-${m.name}-ViaFirewall`,
        destination: { destinationCidrBlock: m.cidr },
      })),
      viaTransitGateway: [
        {
          id: 'MembersViaTransitGateway',
          destination: { destinationPrefixListId: memberCidrs.attrPrefixListId },
        },
      ],
    };
  }

  /** The Network Firewall in the firewall subnets, warning when it would pass nothing. */
  private createFirewall(
    props: SecurityCloudProps,
    firewallSubnets: ec2.ISubnet[],
    namePrefix: string,
    logDestination: FirewallLogDestination,
  ): InspectionFirewall {
    const rules = props.firewall ?? {};
    if ((rules.allowedDomains ?? []).length === 0 && rules.suricataRules === undefined) {
      Annotations.of(this).addWarningV2(
        'lgsec:security-cloud-no-pass-rules',
        "The firewall has no allowed domains and no Suricata rules: it drops all of the members' internet traffic. " +
          'List the sites members need in firewall.allowedDomains.',
      );
    }
    return new InspectionFirewall(this, 'Firewall', {
      ...props.firewall,
      vpc: this.vpc,
      subnets: firewallSubnets,
      homeNet: props.members.map((m) => m.cidr),
      namePrefix,
      logDestination,
    });
  }

  /** Symmetric per-AZ routing through the AZ's own firewall endpoint, both ways. */
  private routeThroughFirewallPerAz(azs: string[], subnets: Record<SubnetGroup, ec2.ISubnet[]>, destinations: MemberDestinations): void {
    azs.forEach((az, index) => {
      const endpointId = this.firewall.endpointIdIn(az);
      const attachmentSubnet = subnets.transitGateway[index];
      new ec2.CfnRoute(attachmentSubnet, 'DefaultRouteViaFirewall', {
        routeTableId: attachmentSubnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        vpcEndpointId: endpointId,
      });
      const publicSubnet = subnets.public[index];
      for (const { id: routeId, destination } of destinations.viaFirewall) {
        new ec2.CfnRoute(publicSubnet, routeId, {
          routeTableId: publicSubnet.routeTable.routeTableId,
          ...destination,
          vpcEndpointId: endpointId,
        });
      }
      const firewallSubnet = subnets.firewall[index];
      for (const { id: routeId, destination } of destinations.viaTransitGateway) {
        const toMembers = new ec2.CfnRoute(firewallSubnet, routeId, {
          routeTableId: firewallSubnet.routeTable.routeTableId,
          ...destination,
          transitGatewayId: this.transitGatewayId,
        });
        // A VPC route to a Transit Gateway needs the VPC's attachment to exist first.
        toMembers.addResourceDependency(this.inspectionAttachment);
      }
    });
  }

  /** The RAM share of the Transit Gateway and DNS Firewall rule group with members' own accounts. */
  private shareWithMemberAccounts(
    accountIds: string[],
    namePrefix: string,
    allowExternalPrincipals: boolean | undefined,
  ): ram.CfnResourceShare | undefined {
    if (accountIds.length === 0) return undefined;
    return new ram.CfnResourceShare(this, 'ResourceShare', {
      name: `${namePrefix}-security-cloud`,
      allowExternalPrincipals: allowExternalPrincipals ?? false,
      principals: accountIds,
      resourceArns: [
        Stack.of(this).formatArn({ service: 'ec2', resource: 'transit-gateway', resourceName: this.transitGatewayId }),
        this.dnsFirewall.ruleGroup.attrArn,
      ],
    });
  }

  /**
   * Internet zones of this app attached to this security cloud must be declared members: the
   * firewall's HOME_NET and the inspection VPC's routes back know only declared CIDRs, so an
   * undeclared zone's replies would never reach it.
   */
  private undeclaredMemberZones(parsed: ParsedMember[]): string[] {
    const errors: string[] = [];
    for (const construct of this.node.root.node.findAll()) {
      if (!(construct instanceof InternetZone) || construct.transitGatewayAttachment.transitGatewayId !== this.transitGatewayId) continue;
      if (Token.isUnresolved(construct.cidr)) continue;
      const zoneBlock = parseIpv4Cidr(construct.cidr);
      if (typeof zoneBlock === 'string') continue;
      const covered = parsed.some(({ block }) => block && block.first <= zoneBlock.first && zoneBlock.last <= block.last);
      if (!covered) {
        errors.push(
          `Internet zone '${construct.node.path}' (${construct.cidr}) attaches to security cloud '${this.node.path}' but no member declares its CIDR; ` +
            `add { name: '<municipality>', cidr: '${construct.cidr}' } to members`,
        );
      }
    }
    return errors;
  }

  /**
   * Members that declared their attachment (typically in another account) are associated with
   * the spoke route table and routed back to from the inspection route table here.
   */
  private wireDeclaredAttachments(parsed: ParsedMember[]): void {
    for (const { member } of parsed) {
      const attachmentId = member.transitGatewayAttachmentId;
      if (attachmentId === undefined) {
        if (member.accountId !== undefined) {
          Annotations.of(this).addWarningV2(
            `lgsec:security-cloud-member-not-wired:${member.name}`,
            `Member '${member.name}' (account ${member.accountId}) gets the Transit Gateway through RAM, but its traffic goes nowhere ` +
              'until its attachment is associated: once it has attached, declare its transitGatewayAttachmentId.',
          );
        }
        continue;
      }
      const wiring = new Construct(this, `Member-${member.name}`);
      new ec2.CfnTransitGatewayRouteTableAssociation(wiring, 'SpokeAssociation', {
        transitGatewayRouteTableId: this.spokeRouteTableId,
        transitGatewayAttachmentId: attachmentId,
      });
      new ec2.CfnTransitGatewayRoute(wiring, 'RouteBack', {
        transitGatewayRouteTableId: this.inspectionRouteTableId,
        destinationCidrBlock: member.cidr,
        transitGatewayAttachmentId: attachmentId,
      });
    }
  }
}

function chooseAvailabilityZones(stack: Stack, props: SecurityCloudProps, problems: PropsProblems): string[] {
  if (props.availabilityZones && props.maxAzs !== undefined) {
    problems.add('maxAzs and availabilityZones are both set; set only one of them');
  }
  const azs = props.availabilityZones ?? stack.availabilityZones.slice(0, props.maxAzs ?? 2);
  if (azs.some((az) => Token.isUnresolved(az))) {
    problems.add(
      'availabilityZones: the Availability Zone names are not known at synth time (the stack has no account and region); ' +
        "list them, e.g. availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'], so each AZ's routes can name its firewall endpoint",
    );
    return azs;
  }
  if (azs.length < 2) {
    problems.add(
      `availabilityZones: [${azs.join(', ')}] is fewer than two Availability Zones; list at least two so egress survives the loss of one (6.3)`,
    );
  }
  if (new Set(azs).size !== azs.length) {
    problems.add(`availabilityZones: [${azs.join(', ')}] repeats a zone; list different Availability Zones`);
  }
  if (props.maxAzs !== undefined && (!Number.isInteger(props.maxAzs) || props.maxAzs < 2)) {
    problems.add(`maxAzs: ${props.maxAzs} is fewer than two Availability Zones; use 2 or more (6.3)`);
  }
  return azs;
}

function uniqueCrossAccountIds(parsed: ParsedMember[], ownAccount: string): string[] {
  const ids = parsed.map((p) => p.member.accountId).filter((a): a is string => a !== undefined);
  return [...new Set(ids)].filter((a) => Token.isUnresolved(ownAccount) || a !== ownAccount);
}

function isPrivateAsn(asn: number): boolean {
  return Number.isInteger(asn) && ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294));
}
