import { App, Aws, CfnOutput, CliCredentialsStackSynthesizer, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { FlowLogDestination } from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ManagedPolicy, PermissionsBoundary } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { LgsecChecks } from '../lib/lgsec-checks';
import type { DataEventBucket } from '../lib/audit/audit-trail';
import {
  AccountGuardrails,
  admitMemberAccounts,
  admitOrganizationTrail,
  AuditedBucket,
  AuditedReplicaBucket,
  AuditTrail,
  admitLogWriters,
  BreakGlassAccess,
  BROWSER_ACCESS_LOG_PREFIX,
  InternetBrowserIsolation,
  MyNumberTerminals,
  DefaultVpcRemoval,
  DEFAULT_BREAK_GLASS_ROLE_NAME,
  WORKLOAD_BOUNDARY_NAME,
  DeploymentBootstrap,
  ConfigAggregator,
  ConfigRecorder,
  GuardrailEventDefinition,
  guardrailEvents,
  LgsecConformancePack,
  OrganizationTrail,
  SecurityEventForwarder,
  SecurityEventHub,
  InternetZone,
  ISecurityCloudLink,
  LgwanConnection,
  LgwanZone,
  LgwanZoneProps,
  LogArchive,
  LogArchiveReference,
  ManagedDomainListIds,
  MyNumberZone,
  SanitizingMailGateway,
  SanitizingTransfer,
  SanitizingTransferWriter,
  SecurityCloud,
  SecurityCloudMember,
  Zone,
  ZoneGuardrails,
} from '../lib';

/** Addresses of one municipality's three zones. */
export interface MunicipalityNetworkConfig {
  /** Stack name prefix, e.g. `Shiojiri`. */
  readonly name: string;
  readonly myNumberCidr: string;
  readonly lgwanCidr: string;
  readonly internetCidr: string;
  /** LGWAN prefixes routed over the closed-network VPN; no link when empty. */
  readonly lgwanPrefixes: string[];
  /** Public address of the LGWAN-side router, when there is a link. */
  readonly lgwanCustomerGatewayIp?: string;
}

export interface MunicipalityStacks {
  readonly myNumber: MyNumberZone;
  readonly lgwan: LgwanZone;
  readonly internet: InternetZone;
  /**
   * 無害化通信 (7.3.b): the one path for files from the internet zone into the LGWAN zone, in the
   * LGWAN zone's stack. In one account it takes both zones as constructs; across accounts it
   * names the internet zone by ids (`internetSide`) and `transferWriter` is its internet side.
   */
  readonly transfer?: SanitizingTransfer;
  /** The internet account's side of the transfer (its writer role), when the zones are in different accounts. */
  readonly transferWriter?: SanitizingTransferWriter;
  readonly stacks: Stack[];
}

/**
 * One municipality's three zones, one stack per zone (they are often separate accounts too).
 * With a log archive, every zone's flow log is delivered there.
 */
export function buildMunicipality(
  app: App,
  config: MunicipalityNetworkConfig,
  securityCloud: ISecurityCloudLink,
  stackProps: StackProps,
  logArchive?: LogArchive,
): MunicipalityStacks {
  const flowLogs = (zone: string) =>
    logArchive
      ? { flowLogDestination: logArchive.flowLogDestination({ keyPrefix: `vpc-flow-logs/${config.name.toLowerCase()}/${zone}/` }) }
      : {};

  const myNumberStack = new Stack(app, `${config.name}MyNumberZone`, {
    ...stackProps,
    description: `${config.name}: My Number zone (マイナンバー利用事務系, policy 7.3.a)`,
  });
  const myNumber = new MyNumberZone(myNumberStack, 'Zone', { cidr: config.myNumberCidr, ...flowLogs('mynumber') });

  const lgwanStack = new Stack(app, `${config.name}LgwanZone`, {
    ...stackProps,
    description: `${config.name}: LGWAN zone (LGWAN接続系, policy 7.3.b)`,
  });
  const lgwan = new LgwanZone(lgwanStack, 'Zone', {
    cidr: config.lgwanCidr,
    ...flowLogs('lgwan'),
    ...lgwanLink(config, contextList(app, 'lgsec:securityContactEmails', ['security@example.jp'])),
  });

  const internetStack = new Stack(app, `${config.name}InternetZone`, {
    ...stackProps,
    description: `${config.name}: internet zone (インターネット接続系, policy 7.3.c)`,
  });
  const internet = new InternetZone(internetStack, 'Zone', { cidr: config.internetCidr, securityCloud, ...flowLogs('internet') });

  const transfer = new SanitizingTransfer(lgwanStack, 'SanitizingTransfer', {
    internetZone: internet,
    lgwanZone: lgwan,
    // Named, so the mail gateway in the internet zone's stack assumes it without a cross-stack reference.
    writerRoleName: `lgsec-transfer-writer-${config.name.toLowerCase()}`,
    s3PrefixListId: contextString(app, 'lgsec:s3PrefixListId', 'pl-61a54008'),
    alarmEmails: contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']),
  });
  // メール無害化: internet mail for the municipality's domain reaches LGWAN only through the transfer.
  new SanitizingMailGateway(internetStack, 'MailGateway', {
    internetZone: internet,
    domain: contextString(app, `lgsec:${config.name.toLowerCase()}:mailDomain`, `city.${config.name.toLowerCase()}.lg.jp`),
    transfer,
    s3PrefixListId: contextString(app, 'lgsec:s3PrefixListId', 'pl-61a54008'),
    alarmEmails: contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']),
  });

  return { myNumber, lgwan, internet, transfer, stacks: [myNumberStack, lgwanStack, internetStack] };
}

/** The LGWAN zone's VPN to LGWAN, when the municipality has prefixes and a router address. */
function lgwanLink(
  config: MunicipalityNetworkConfig,
  notificationEmails: string[],
): Pick<LgwanZoneProps, 'connection' | 'lgwanPrefixes' | 'notificationEmails'> {
  return config.lgwanPrefixes.length > 0 && config.lgwanCustomerGatewayIp
    ? {
        connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: config.lgwanCustomerGatewayIp }),
        lgwanPrefixes: config.lgwanPrefixes,
        // The tunnels' state alarm reaches the security contacts.
        notificationEmails,
      }
    : {};
}

/** A prefecture: its audit-log archive, its security cloud, and member municipalities' zones. */
export interface PrefectureConfig {
  /** Stack name prefix, e.g. `Nagano`. */
  readonly name: string;
  readonly region: string;
  /**
   * The one account of every stack (the single-account lab layout).
   * @default - account-agnostic stacks: the account of the CLI's credentials at deploy time
   */
  readonly account?: string;
  /** Municipalities whose three zones are built in this app. */
  readonly municipalities: MunicipalityNetworkConfig[];
  /** Members attached from elsewhere (another account), declared to the security cloud only. */
  readonly externalMembers?: SecurityCloudMember[];
  /** Allowed internet domains of the security cloud's firewall. */
  readonly allowedDomains: string[];
  /** Region-specific ids of the AWS-managed DNS Firewall domain lists. */
  readonly managedDomainListIds: ManagedDomainListIds;
}

export interface PrefectureStacks {
  readonly logArchive: LogArchive;
  readonly securityCloud: SecurityCloud;
  readonly municipalities: MunicipalityStacks[];
}

/** Route tables of the inspection VPC hold one route per member until this many members. */
const MAX_MEMBERS_WITHOUT_AGGREGATE = 48;

export function buildPrefecture(app: App, config: PrefectureConfig): PrefectureStacks {
  const env = { region: config.region, ...(config.account === undefined ? {} : { account: config.account }) };
  const logArchiveStack = new Stack(app, `${config.name}LogArchive`, {
    env,
    description: `${config.name}: audit-log archive (WORM; policy 7.7, 10)`,
  });
  // Named, so that stacks of the other region (AWS Config there) can name them.
  const archiveAccount = config.account ?? Aws.ACCOUNT_ID;
  const logArchive = new LogArchive(logArchiveStack, 'LogArchive', {
    retention: Duration.days(365 * 5),
    bucketName: `lgsec-log-archive-${archiveAccount}-${config.region}`,
    configBucketName: `lgsec-log-archive-config-${archiveAccount}-${config.region}`,
  });

  const members: SecurityCloudMember[] = [
    ...config.municipalities.map((m) => ({ name: m.name.toLowerCase(), cidr: m.internetCidr })),
    ...(config.externalMembers ?? []),
  ];
  const securityCloudStack = new Stack(app, `${config.name}SecurityCloud`, {
    env,
    description: `${config.name}: security cloud (自治体情報セキュリティクラウド, policy 7.3.c)`,
  });
  const securityCloud = new SecurityCloud(securityCloudStack, 'SecurityCloud', {
    availabilityZones: [`${config.region}a`, `${config.region}c`],
    members,
    // Past the route-table quota, route the members' aggregate instead of one route per member.
    ...(members.length > MAX_MEMBERS_WITHOUT_AGGREGATE ? { memberAggregateCidrs: ['10.0.0.0/8'] } : {}),
    dnsFirewall: { managedDomainListIds: config.managedDomainListIds },
    firewall: { allowedDomains: config.allowedDomains },
    logBucket: logArchive.bucket,
    notificationEmails: contextList(app, 'lgsec:securityCloud:notificationEmails', ['soc@example.jp']),
  });

  const municipalities = config.municipalities.map((m) => buildMunicipality(app, m, securityCloud, { env }, logArchive));
  return { logArchive, securityCloud, municipalities };
}

/** Placeholder ids of the AWS-managed DNS Firewall lists: replace with your region's (see README). */
function managedDomainListIds(app: App): ManagedDomainListIds {
  return {
    malwareDomainList: contextString(app, 'lgsec:securityCloud:malwareDomainListId', 'rslvr-fdl-00000000000000a1'),
    botnetCommandAndControl: contextString(app, 'lgsec:securityCloud:botnetCommandAndControlDomainListId', 'rslvr-fdl-00000000000000a2'),
    aggregateThreatList: contextString(app, 'lgsec:securityCloud:aggregateThreatListDomainListId', 'rslvr-fdl-00000000000000a3'),
    guardDutyThreatList: contextString(app, 'lgsec:securityCloud:guardDutyThreatListDomainListId', 'rslvr-fdl-00000000000000a4'),
  };
}

/** How the reference environment maps onto AWS accounts (`lgsec:layout` context). */
export type ReferenceLayout = 'multi-account' | 'single-account' | 'government-cloud';

/** Accounts of the multi-account layout: one per shared service and per municipality's zone. */
export interface ReferenceAccounts {
  /** The organization's management account: the guardrails (SCPs, RCPs) are deployed there. */
  readonly management: string;
  /** The deployment (tooling) account: home of the pipeline role every zone account's bootstrap trusts. */
  readonly deployment: string;
  readonly logArchive: string;
  /** The prefecture's security cloud (自治体情報セキュリティクラウド). */
  readonly securityCloud: string;
  /**
   * The security (audit) account: the guardrail alarms' hub and the Config aggregator, where the
   * security team works; the log archive account stays a store nobody works in.
   */
  readonly audit: string;
  readonly shiojiri: { readonly myNumber: string; readonly lgwan: string; readonly internet: string };
  /**
   * Government Cloud layout: the accounts of `shiojiri` that the Digital Agency's organization
   * holds (issued through GCAS), not the prefecture's.
   * @default - none: every account is of the prefecture's organization
   */
  readonly governmentCloud?: readonly string[];
}

/** What keeps audit on and compliance measured: the trail, Config everywhere, the guardrail alarms. */
export interface ReferenceAudit {
  /** Multi-account: the organization trail of the management account. */
  readonly organizationTrail?: OrganizationTrail;
  /** Single-account: the account's trail. */
  readonly accountTrail?: AuditTrail;
  /** The security account's hub of guardrail alarms (the single account's own in the lab). */
  readonly hub: SecurityEventHub;
  /** Multi-account: the aggregator of every account's configuration and compliance, in the security account. */
  readonly aggregator?: ConfigAggregator;
  /** Government Cloud: the aggregator of the Government Cloud accounts, each authorizing it (no organization of ours holds them). */
  readonly governmentCloudAggregator?: ConfigAggregator;
  /** Government Cloud: each Government Cloud account's own trail. */
  readonly accountTrails?: AuditTrail[];
  /** A Config recorder per account and region. */
  readonly recorders: ConfigRecorder[];
  /** The conformance packs: per region of the organization, or of the single account. */
  readonly conformancePacks: LgsecConformancePack[];
}

export interface ReferenceEnvironment extends PrefectureStacks {
  readonly layout: ReferenceLayout;
  readonly shiojiri: MunicipalityStacks;
  /** Multi-account only: the accounts, and the organization guardrails attached to the zone OUs. */
  readonly accounts?: ReferenceAccounts;
  readonly guardrails?: ZoneGuardrails;
  /** Multi-account only: the break-glass role of every guarded account, by StackSet. */
  readonly breakGlass?: BreakGlassAccess;
  /** Multi-account only: lgsec's CDK bootstrap of the zone accounts and the pipeline role, by StackSets. */
  readonly deploymentBootstrap?: DeploymentBootstrap;
  /** Government Cloud only: the Government Cloud accounts, their account guardrails, trails and packs. */
  readonly governmentCloud?: ReferenceGovernmentCloud;
  readonly audit: ReferenceAudit;
}

function shiojiriNetwork(app: App): MunicipalityNetworkConfig {
  return {
    name: 'Shiojiri',
    myNumberCidr: contextString(app, 'lgsec:shiojiri:myNumberCidr', '10.110.0.0/16'),
    lgwanCidr: contextString(app, 'lgsec:shiojiri:lgwanCidr', '10.120.0.0/16'),
    internetCidr: contextString(app, 'lgsec:shiojiri:internetCidr', '10.130.0.0/16'),
    lgwanPrefixes: contextList(app, 'lgsec:shiojiri:lgwanPrefixes', ['172.16.0.0/12']),
    lgwanCustomerGatewayIp: contextString(app, 'lgsec:shiojiri:lgwanCustomerGatewayIp', '203.0.113.10'),
  };
}

function matsumotoMember(app: App): SecurityCloudMember {
  return {
    name: 'matsumoto',
    cidr: contextString(app, 'lgsec:matsumoto:internetCidr', '10.230.0.0/16'),
    accountId: contextString(app, 'lgsec:matsumoto:accountId', '777777777777'),
    transitGatewayAttachmentId: contextString(app, 'lgsec:matsumoto:transitGatewayAttachmentId', 'tgw-attach-0123456789abcdef0'),
  };
}

const allowedDomains = (app: App) =>
  contextList(app, 'lgsec:securityCloud:allowedDomains', ['.lg.jp', '.go.jp', '.windowsupdate.com', '.update.microsoft.com']);

/**
 * The reference environment: Nagano Prefecture's security cloud with Shiojiri City as a member
 * (its three zones, classified data, audit trail) and Matsumoto City as a member in another
 * account. Region, account ids, CIDRs, ids and the LGWAN link come from cdk.json context
 * (`lgsec:*` keys) and can be overridden with `-c key=value`.
 *
 * `lgsec:layout` is `multi-account` (the default: an account per zone and per shared service,
 * see `buildMultiAccountEnvironment`), `government-cloud` (the My Number and LGWAN zones in
 * Government Cloud accounts, see `buildGovernmentCloudEnvironment`) or `single-account` (a lab:
 * every stack in one account, where the separation between the zones is IAM only).
 */
export function buildReferenceEnvironment(app: App): ReferenceEnvironment {
  const layout = contextString(app, 'lgsec:layout', 'multi-account');
  if (layout === 'multi-account') return buildMultiAccountEnvironment(app);
  if (layout === 'government-cloud') return buildGovernmentCloudEnvironment(app);
  if (layout !== 'single-account') {
    throw new Error(
      `Context 'lgsec:layout' must be 'multi-account', 'single-account' or 'government-cloud', got '${layout}'; ` +
        'set it with -c lgsec:layout=single-account',
    );
  }
  return buildSingleAccountEnvironment(app);
}

/** The lab layout: every stack in one account (the CLI's, or `lgsec:accounts:single`). */
function buildSingleAccountEnvironment(app: App): ReferenceEnvironment {
  const region = contextString(app, 'lgsec:region', 'ap-northeast-1');
  const single: unknown = app.node.tryGetContext('lgsec:accounts:single');
  const account = single === undefined ? undefined : contextAccount(app, 'lgsec:accounts:single', '');
  const prefecture = buildPrefecture(app, {
    name: 'Nagano',
    region,
    ...(account === undefined ? {} : { account }),
    municipalities: [shiojiriNetwork(app)],
    externalMembers: [matsumotoMember(app)],
    allowedDomains: allowedDomains(app),
    managedDomainListIds: managedDomainListIds(app),
  });
  const shiojiri = prefecture.municipalities[0];
  const { logArchive } = prefecture;
  const env = { region, ...(account === undefined ? {} : { account }) };

  // Classified data: resident records (C3) readable only through the My Number zone's endpoints,
  // and business records (A2) with a copy in Osaka.
  const residentRecords = new AuditedBucket(Stack.of(shiojiri.myNumber), 'ResidentRecords', {
    classification: { confidentiality: 3, integrity: 2, availability: 1 },
    dataPerimeter: shiojiri.myNumber,
    accessLogBucket: logArchive.accessLogBucket,
  });
  const replicaStack = new Stack(app, 'ShiojiriReplicas', {
    env: { ...env, region: replicaRegionOf(region) },
    description: 'Shiojiri: cross-region copies of availability-2 data (policy 6.3)',
  });
  const businessRecords = new AuditedBucket(Stack.of(shiojiri.lgwan), 'BusinessRecords', {
    classification: { confidentiality: 2, integrity: 2, availability: 2 },
    accessLogBucket: logArchive.accessLogBucket,
  });
  new AuditedReplicaBucket(replicaStack, 'BusinessRecordsReplica', { source: businessRecords });

  const notificationEmails = contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']);
  const auditStack = new Stack(app, 'ShiojiriAuditTrail', {
    env,
    description: 'Shiojiri: audit trail, AWS Config, conformance pack and security alarms (policy 7.7, 10)',
  });
  const transfer = shiojiri.transfer!;
  // S3 data events of every bucket of confidentiality 2 or 3: the classified data, the sanitizing
  // transfer's buckets and the archive itself.
  const accountTrail = new AuditTrail(auditStack, 'AuditTrail', {
    logArchive,
    dataEventBuckets: [
      residentRecords,
      businessRecords,
      transfer.inbox,
      transfer.outbox,
      transfer.quarantine,
      transfer.auditRecords,
      transfer.accessLogBucket,
      logArchive.archive,
      logArchive.accessLogBucket,
    ],
    notificationEmails,
  });
  const hub = new SecurityEventHub(auditStack, 'SecurityEvents', { notificationEmails });
  const tokyoPack = new LgsecConformancePack(auditStack, 'ConformancePack');
  // Osaka, where the replicas live: its own recorder (global resources are recorded in Tokyo),
  // guardrail events forwarded to the hub, and the conformance pack.
  const osakaRecorder = new ConfigRecorder(replicaStack, 'ConfigRecorder', {
    logArchive: osakaArchiveOf(replicaStack, logArchive),
    recordGlobalResources: false,
  });
  new SecurityEventForwarder(replicaStack, 'SecurityEvents', { hubEventBusArn: hub.eventBus.eventBusArn });
  const osakaPack = new LgsecConformancePack(replicaStack, 'ConformancePack');

  return {
    ...prefecture,
    shiojiri,
    layout: 'single-account',
    audit: { accountTrail, hub, recorders: [osakaRecorder], conformancePacks: [tokyoPack, osakaPack] },
  };
}

/**
 * A stack of the multi-account layout: explicit account and region, with its Availability
 * Zones given rather than looked up, so that synth needs no credentials.
 */
class AccountStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly zones: string[] }) {
    super(scope, id, props);
    this.zones = props.zones;
    // As Stack does when its own lookup gives the zones: literal AZ names are expected here.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        'The Availability Zones are given by name in the lgsec:availabilityZones context, instead of a lookup that would need credentials at synth.',
    });
  }

  private readonly zones: string[];

  public override get availabilityZones(): string[] {
    return this.zones;
  }
}

const replicaRegionOf = (region: string): string => (region === 'ap-northeast-1' ? 'ap-northeast-3' : 'ap-northeast-1');

/** A documentation placeholder for the archive key's ARN until `lgsec:logArchive:keyArn` holds the real one. */
const PLACEHOLDER_KEY_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The archive as a stack of another region (AWS Config there) names it in the single-account
 * lab: by its literal names, and its key by the `lgsec:logArchive:keyArn` context (a key ARN
 * cannot cross regions by reference).
 */
function osakaArchiveOf(stack: Stack, archive: LogArchive): LogArchiveReference {
  const archiveStack = Stack.of(archive);
  return LogArchiveReference.fromAttributes(stack, 'LogArchive', {
    bucketName: archive.bucketName,
    configBucketName: archive.configBucketName!,
    encryptionKeyArn: contextString(
      stack.node.root as App,
      'lgsec:logArchive:keyArn',
      `arn:aws:kms:${archiveStack.region}:${archiveStack.account}:key/${PLACEHOLDER_KEY_ID}`,
    ),
  });
}

/**
 * Account ids of the multi-account layout, from context, with documentation ids by default. In
 * the Government Cloud layout, Shiojiri's My Number and LGWAN zones are in accounts the Digital
 * Agency issues (`lgsec:accounts:government:*`), listed in `governmentCloud`.
 */
export function referenceAccounts(app: App, layout: 'multi-account' | 'government-cloud' = 'multi-account'): ReferenceAccounts {
  const governmentCloud = layout === 'government-cloud';
  if (governmentCloud) {
    const misplaced = ['myNumber', 'lgwan'].filter((zone) => app.node.tryGetContext(`lgsec:accounts:shiojiri:${zone}`) !== undefined);
    if (misplaced.length > 0) {
      throw new Error(
        `In the government-cloud layout Shiojiri's ${misplaced.join(' and ')} accounts are Government Cloud accounts: ` +
          misplaced.map((zone) => `set lgsec:accounts:government:${zone} instead of lgsec:accounts:shiojiri:${zone}`).join('; '),
      );
    }
  }
  const zoneAccount = (zone: 'myNumber' | 'lgwan', organization: string, government: string) =>
    governmentCloud
      ? contextAccount(app, `lgsec:accounts:government:${zone}`, government)
      : contextAccount(app, `lgsec:accounts:shiojiri:${zone}`, organization);
  const shiojiri = {
    myNumber: zoneAccount('myNumber', '444444444444', '210987654321'),
    lgwan: zoneAccount('lgwan', '555555555555', '310987654321'),
    internet: contextAccount(app, 'lgsec:accounts:shiojiri:internet', '666666666666'),
  };
  const accounts: ReferenceAccounts = {
    management: contextAccount(app, 'lgsec:accounts:management', '111111111111'),
    deployment: contextAccount(app, 'lgsec:accounts:deployment', '888888888888'),
    logArchive: contextAccount(app, 'lgsec:accounts:logArchive', '222222222222'),
    securityCloud: contextAccount(app, 'lgsec:accounts:securityCloud', '333333333333'),
    audit: contextAccount(app, 'lgsec:accounts:audit', '999999999999'),
    shiojiri,
    ...(governmentCloud ? { governmentCloud: [shiojiri.myNumber, shiojiri.lgwan] } : {}),
  };
  const all = [
    accounts.management,
    accounts.deployment,
    accounts.logArchive,
    accounts.securityCloud,
    accounts.audit,
    ...Object.values(accounts.shiojiri),
  ];
  const repeated = all.filter((account, index) => all.indexOf(account) !== index);
  if (repeated.length > 0) {
    throw new Error(
      `The ${layout} layout needs a different account for each zone and shared service; ${[...new Set(repeated)].join(', ')} ` +
        'is given twice. Fix the lgsec:accounts:* context, or use -c lgsec:layout=single-account for a lab',
    );
  }
  return accounts;
}

/** The remote browser's log delivery role: the log archive names it before it exists. */
const BROWSER_LOG_DELIVERY_ROLE = 'lgsec-browser-log-delivery';

/** How `watchAccount` watches one stack's account and region. */
interface WatchOptions {
  /**
   * Forward the guardrail events to the security account's hub.
   * @default true
   */
  readonly forward?: boolean;
}

/**
 * What every stack of the layouts with an account per zone shares: the regions, the accounts,
 * stacks with explicit account and region, the log archive as another account names it, and
 * Config and guardrail events in every account and region.
 */
interface AccountLayout {
  readonly app: App;
  readonly region: string;
  /** The second region (Osaka, when the first is Tokyo). */
  readonly osaka: string;
  readonly accounts: ReferenceAccounts;
  readonly azs: string[];
  readonly notificationEmails: string[];
  readonly organizationId: string;
  readonly breakGlassRoleNames: string[];
  readonly guardrailEventDefinitions: GuardrailEventDefinition[];
  /** Every `ConfigRecorder` `watchAccount` built. */
  readonly recorders: ConfigRecorder[];
  readonly stack: (id: string, account: string, description: string, inRegion?: string) => Stack;
  /** The archive as another account's stack names it: by name and ARN, never by import. */
  readonly archiveOf: (scope: Construct) => LogArchiveReference;
  readonly flowLogs: (scope: Construct, zone: string) => { flowLogDestination: FlowLogDestination };
  /**
   * A Config recorder in the stack's account and region (global resources in the home region
   * only), and the guardrail events forwarded to the security account. A Government Cloud
   * account's recorder authorizes the security account's aggregator: no organization aggregator reaches it.
   */
  readonly watchAccount: (scope: Stack, options?: WatchOptions) => void;
  /** A stack in the second region, watched. */
  readonly osakaStack: (id: string, account: string, description: string, options?: WatchOptions) => Stack;
  /** Whether the account is one of the Government Cloud's. */
  readonly inGovernmentCloud: (account: string) => boolean;
}

function accountLayout(app: App, accounts: ReferenceAccounts): AccountLayout {
  const region = contextString(app, 'lgsec:region', 'ap-northeast-1');
  const osaka = replicaRegionOf(region);
  const azs = contextList(app, 'lgsec:availabilityZones', [`${region}a`, `${region}c`]);
  const replicaAzs = contextList(app, 'lgsec:replicaAvailabilityZones', [`${osaka}a`, `${osaka}c`]);
  const inGovernmentCloud = (account: string) => accounts.governmentCloud?.includes(account) ?? false;
  const stack = (id: string, account: string, description: string, inRegion = region): Stack => {
    const created = new AccountStack(app, id, {
      env: { account, region: inRegion },
      description,
      zones: inRegion === region ? azs : replicaAzs,
    });
    // The accounts that lgsec's bootstrap StackSet deploys into refuse a role without its
    // workload boundary; the management account deploys with its own credentials, and a
    // Government Cloud account's stacks carry the account's boundary instead.
    if (account !== accounts.management && !inGovernmentCloud(account)) {
      const boundaryName = WORKLOAD_BOUNDARY_NAME.replace('${AWS::Region}', inRegion);
      PermissionsBoundary.of(created).apply(ManagedPolicy.fromManagedPolicyName(created, 'WorkloadBoundary', boundaryName));
    }
    return created;
  };
  const breakGlassRoleNames = contextList(app, 'lgsec:organization:breakGlassRoleNames', [DEFAULT_BREAK_GLASS_ROLE_NAME]);
  const archiveKeyArn = contextString(
    app,
    'lgsec:logArchive:keyArn',
    `arn:aws:kms:${region}:${accounts.logArchive}:key/${PLACEHOLDER_KEY_ID}`,
  );
  const archiveOf = (scope: Construct): LogArchiveReference =>
    (scope.node.tryFindChild('LogArchive') as LogArchiveReference | undefined) ??
    LogArchiveReference.fromAttributes(scope, 'LogArchive', {
      bucketName: archiveBucketNames(accounts, region).bucketName,
      configBucketName: archiveBucketNames(accounts, region).configBucketName,
      encryptionKeyArn: archiveKeyArn,
    });
  // Every account and region of the zones records its configuration and raises its guardrail
  // events in the security account (7.7): global resources are recorded in the home region only.
  const hubEventBusArn = SecurityEventHub.eventBusArn(accounts.audit, region);
  const guardrailEventDefinitions = guardrailEvents({ breakGlassRoleNames });
  const recorders: ConfigRecorder[] = [];
  const watchAccount = (scope: Stack, options: WatchOptions = {}): void => {
    recorders.push(
      new ConfigRecorder(scope, 'ConfigRecorder', {
        logArchive: archiveOf(scope),
        recordGlobalResources: scope.region === region,
        // A Government Cloud account's boundary is made for workloads, not for the recorder's reads.
        ...(inGovernmentCloud(scope.account) ? { aggregator: { accountId: accounts.audit, region }, serviceLinkedRole: true } : {}),
      }),
    );
    // A default VPC comes with an internet gateway; the guardrails deny making another.
    new DefaultVpcRemoval(scope, 'DefaultVpcRemoval');
    if (options.forward ?? true) new SecurityEventForwarder(scope, 'SecurityEvents', { hubEventBusArn, events: guardrailEventDefinitions });
  };
  return {
    app,
    region,
    osaka,
    accounts,
    azs,
    // Every account's security alarms reach a person (7.7): the trails' and the security cloud's topics.
    notificationEmails: contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']),
    organizationId: contextString(app, 'lgsec:organization:id', 'o-a1b2c3d4e5'),
    breakGlassRoleNames,
    guardrailEventDefinitions,
    recorders,
    stack,
    archiveOf,
    flowLogs: (scope, zone) => ({
      flowLogDestination: archiveOf(scope).flowLogDestination({ keyPrefix: `vpc-flow-logs/shiojiri/${zone}/` }),
    }),
    watchAccount,
    osakaStack: (id, account, description, options) => {
      const created = stack(id, account, description, osaka);
      watchAccount(created, options);
      return created;
    },
    inGovernmentCloud,
  };
}

/** The archive's buckets, named, so that the other accounts can name them before its stack's first deployment. */
function archiveBucketNames(accounts: ReferenceAccounts, region: string): { bucketName: string; configBucketName: string } {
  return {
    bucketName: `lgsec-log-archive-${accounts.logArchive}-${region}`,
    configBucketName: `lgsec-log-archive-config-${accounts.logArchive}-${region}`,
  };
}

/** The prefecture's shared services and its organization's management account, in both account layouts. */
interface SharedServices {
  readonly logArchive: LogArchive;
  readonly securityCloud: SecurityCloud;
  readonly hub: SecurityEventHub;
  readonly aggregator: ConfigAggregator;
  /** Government Cloud layout: the aggregator of the Government Cloud accounts, which authorize it one by one. */
  readonly governmentCloudAggregator?: ConfigAggregator;
  readonly organizationTrail: OrganizationTrail;
  readonly conformancePacks: LgsecConformancePack[];
  readonly organization: ReturnType<typeof buildOrganizationGuardrails>;
}

/**
 * The log archive, security, management and security cloud accounts of the prefecture's
 * organization. Government Cloud accounts are admitted by id where the organization's accounts
 * are admitted by organization id: the archive lets their own trails deliver, the hub takes
 * their events, a second aggregator collects their Config data.
 */
function buildSharedServices(layout: AccountLayout, network: MunicipalityNetworkConfig): SharedServices {
  const { app, accounts, region, osaka, organizationId, notificationEmails, breakGlassRoleNames, stack, archiveOf } = layout;
  const { watchAccount, osakaStack, guardrailEventDefinitions: events } = layout;
  const governmentCloud = accounts.governmentCloud ?? [];
  const organizationZoneAccounts = Object.values(accounts.shiojiri).filter((account) => !layout.inGovernmentCloud(account));

  // 1. The log archive account: the write-once archive, admitting the other accounts' deliveries.
  const logArchiveStack = stack(
    'NaganoLogArchive',
    accounts.logArchive,
    'Nagano: audit-log archive (WORM; policy 7.7, 10), log archive account',
  );
  const logArchive = new LogArchive(logArchiveStack, 'LogArchive', {
    retention: Duration.days(365 * 5),
    ...archiveBucketNames(accounts, region),
    admitAccountTrails: false,
  });
  // The organization trail records every account of the organization, whose own trails are not
  // admitted; a Government Cloud account is recorded by its own trail, admitted by its id.
  admitMemberAccounts(logArchive, [accounts.management, accounts.audit, accounts.securityCloud, ...organizationZoneAccounts], {
    accountTrails: false,
    ...(governmentCloud.length > 0 ? { ownTrailAccountIds: governmentCloud } : {}),
  });
  admitOrganizationTrail(logArchive, { organizationId, managementAccountId: accounts.management });
  // The internet account's remote browser delivers its access logs itself, by a role named here.
  admitLogWriters(logArchive, {
    roleArns: [`arn:aws:iam::${accounts.shiojiri.internet}:role/${BROWSER_LOG_DELIVERY_ROLE}`],
    keyPrefixes: [BROWSER_ACCESS_LOG_PREFIX, `${BROWSER_ACCESS_LOG_PREFIX}-errors`],
  });
  new CfnOutput(logArchiveStack, 'EncryptionKeyArn', {
    value: logArchive.encryptionKey.keyArn,
    description: "Set as context lgsec:logArchive:keyArn for the other accounts' stacks",
  });
  watchAccount(logArchiveStack);
  osakaStack('NaganoLogArchiveOsaka', accounts.logArchive, `Nagano: AWS Config and guardrail alarms in ${osaka}, log archive account`);

  // The security (audit) account: the hub of the guardrail alarms and the Config aggregator. Not
  // the log archive account: the security team works here, and nobody works in the archive's.
  const auditStack = stack(
    'NaganoSecurityAudit',
    accounts.audit,
    'Nagano: guardrail alarms of every account, AWS Config aggregator (policy 7.7, 10), security account',
  );
  const hub = new SecurityEventHub(auditStack, 'SecurityEvents', {
    notificationEmails,
    organizationId,
    ...(governmentCloud.length > 0 ? { memberAccountIds: [...governmentCloud] } : {}),
    events,
  });
  const aggregator = new ConfigAggregator(auditStack, 'ConfigAggregator', { organization: true, regions: [region, osaka] });
  const governmentCloudAggregator =
    governmentCloud.length > 0
      ? new ConfigAggregator(auditStack, 'GovernmentCloudConfigAggregator', {
          accountIds: [...governmentCloud],
          regions: [region, osaka],
          aggregatorName: 'lgsec-compliance-government-cloud',
        })
      : undefined;
  watchAccount(auditStack, { forward: false });
  osakaStack('NaganoSecurityAuditOsaka', accounts.audit, `Nagano: AWS Config and guardrail alarms in ${osaka}, security account`);

  // The management account: the organization trail (every account, every region, management and
  // S3 data events into the archive) and the conformance pack deployed to every account.
  const organizationAuditStack = stack(
    'NaganoOrganizationAudit',
    accounts.management,
    'Nagano: organization trail, organization conformance pack (policy 7.7, 10), management account',
  );
  const organizationTrail = new OrganizationTrail(organizationAuditStack, 'OrganizationTrail', {
    logArchive: archiveOf(organizationAuditStack),
    organizationId,
    notificationEmails,
    guardrailEvents: { breakGlassRoleNames },
  });
  const conformancePacks = [new LgsecConformancePack(organizationAuditStack, 'ConformancePack', { organization: {} })];
  watchAccount(organizationAuditStack);
  const organizationAuditOsaka = osakaStack(
    'NaganoOrganizationAuditOsaka',
    accounts.management,
    `Nagano: organization conformance pack, AWS Config and guardrail alarms in ${osaka}, management account`,
  );
  conformancePacks.push(new LgsecConformancePack(organizationAuditOsaka, 'ConformancePack', { organization: {} }));

  // 2. The organization's guardrails, from the management account, on the zone OUs: the SCPs and
  // RCPs, and the StackSets that create the only roles they exempt (break-glass, deployment).
  const organizationStack = stack(
    'NaganoOrganizationGuardrails',
    accounts.management,
    'Nagano: organization guardrails (SCPs, RCPs, break-glass and deployment StackSets) of the zone OUs, management account',
  );
  const organization = buildOrganizationGuardrails(app, organizationStack, accounts);

  // 3. The security cloud account: Shiojiri's internet zone is a member in its own account.
  const securityCloudStack = stack(
    'NaganoSecurityCloud',
    accounts.securityCloud,
    'Nagano: security cloud (自治体情報セキュリティクラウド, policy 7.3.c), security cloud account',
  );
  const shiojiriAttachment: unknown = app.node.tryGetContext('lgsec:shiojiri:transitGatewayAttachmentId');
  const members: SecurityCloudMember[] = [
    {
      name: 'shiojiri',
      cidr: network.internetCidr,
      accountId: accounts.shiojiri.internet,
      // Known once the internet zone is deployed; the security cloud is then deployed again to route to it.
      ...(shiojiriAttachment === undefined
        ? {}
        : { transitGatewayAttachmentId: contextString(app, 'lgsec:shiojiri:transitGatewayAttachmentId', 'unset') }),
    },
    matsumotoMember(app),
  ];
  const securityCloud = new SecurityCloud(securityCloudStack, 'SecurityCloud', {
    availabilityZones: layout.azs,
    members,
    dnsFirewall: { managedDomainListIds: managedDomainListIds(app) },
    firewall: { allowedDomains: allowedDomains(app) },
    logBucket: archiveOf(securityCloudStack).bucket,
    notificationEmails: contextList(app, 'lgsec:securityCloud:notificationEmails', ['soc@example.jp']),
  });
  watchAccount(securityCloudStack);
  osakaStack(
    'NaganoSecurityCloudOsaka',
    accounts.securityCloud,
    `Nagano: AWS Config and guardrail alarms in ${osaka}, security cloud account`,
  );

  return {
    logArchive,
    securityCloud,
    hub,
    aggregator,
    ...(governmentCloudAggregator ? { governmentCloudAggregator } : {}),
    organizationTrail,
    conformancePacks,
    organization,
  };
}

/** The account's name in stack descriptions: a Government Cloud account is said to be one. */
const accountName = (layout: AccountLayout, account: string, name: string): string =>
  layout.inGovernmentCloud(account) ? `${name}, Government Cloud` : name;

/** Shiojiri's My Number account: the zone and the resident records (C3) behind its endpoints. */
function buildMyNumberAccount(layout: AccountLayout, network: MunicipalityNetworkConfig) {
  const account = layout.accounts.shiojiri.myNumber;
  const name = accountName(layout, account, 'My Number account');
  const stack = layout.stack('ShiojiriMyNumberZone', account, `Shiojiri: My Number zone (マイナンバー利用事務系, policy 7.3.a), ${name}`);
  const myNumber = new MyNumberZone(stack, 'Zone', {
    cidr: network.myNumberCidr,
    availabilityZones: layout.azs,
    ...layout.flowLogs(stack, 'mynumber'),
  });
  // Its S3 data events are recorded by the organization trail, as every bucket's (by the account's own in the Government Cloud).
  const residentRecords = new AuditedBucket(stack, 'ResidentRecords', {
    classification: { confidentiality: 3, integrity: 2, availability: 1 },
    dataPerimeter: myNumber,
  });
  // The staff's desktops: nothing leaves them, sign-in through the city's identity provider with MFA.
  const terminals = new MyNumberTerminals(stack, 'Terminals', {
    zone: myNumber,
    imageName: contextString(layout.app, 'lgsec:shiojiri:terminalImageName', 'shiojiri-mynumber-desktop'),
    samlProvider: iam.SamlProvider.fromSamlProviderArn(
      stack,
      'CityIdentityProvider',
      contextString(layout.app, 'lgsec:shiojiri:myNumberSamlProviderArn', `arn:aws:iam::${account}:saml-provider/shiojiri-idp`),
    ),
    mfaEvidence: { values: contextList(layout.app, 'lgsec:shiojiri:mfaEvidence', ['https://refeds.org/profile/mfa']) },
  });
  layout.watchAccount(stack);
  const osakaStack = layout.osakaStack(
    'ShiojiriMyNumberOsaka',
    account,
    `Shiojiri: AWS Config and guardrail alarms in ${layout.osaka}, ${name}`,
  );
  return { stack, osakaStack, myNumber, residentRecords, terminals };
}

/** Shiojiri's LGWAN account: the zone and its VPN to LGWAN, the business records (A2) and their copy in the other region. */
function buildLgwanAccount(layout: AccountLayout, network: MunicipalityNetworkConfig) {
  const account = layout.accounts.shiojiri.lgwan;
  const name = accountName(layout, account, 'LGWAN account');
  const stack = layout.stack('ShiojiriLgwanZone', account, `Shiojiri: LGWAN zone (LGWAN接続系, policy 7.3.b), ${name}`);
  const lgwan = new LgwanZone(stack, 'Zone', {
    cidr: network.lgwanCidr,
    availabilityZones: layout.azs,
    ...layout.flowLogs(stack, 'lgwan'),
    ...lgwanLink(network, layout.notificationEmails),
  });
  const businessRecords = new AuditedBucket(stack, 'BusinessRecords', {
    classification: { confidentiality: 2, integrity: 2, availability: 2 },
  });
  const replicaStack = layout.stack(
    'ShiojiriReplicas',
    account,
    `Shiojiri: cross-region copies of availability-2 data (policy 6.3), ${name}`,
    replicaRegionOf(layout.region),
  );
  new AuditedReplicaBucket(replicaStack, 'BusinessRecordsReplica', { source: businessRecords });
  layout.watchAccount(stack);
  layout.watchAccount(replicaStack);
  return { stack, replicaStack, lgwan, businessRecords };
}

/** Shiojiri's internet account: the zone, attached to the security cloud it names by ids. */
function buildInternetAccount(layout: AccountLayout, network: MunicipalityNetworkConfig) {
  const { app, accounts } = layout;
  const stack = layout.stack(
    'ShiojiriInternetZone',
    accounts.shiojiri.internet,
    'Shiojiri: internet zone (インターネット接続系, policy 7.3.c), internet account',
  );
  const link = SecurityCloud.fromAttributes(stack, 'SecurityCloud', {
    transitGatewayId: contextString(app, 'lgsec:securityCloud:transitGatewayId', 'tgw-0123456789abcdef0'),
    dnsFirewallRuleGroupId: contextString(app, 'lgsec:securityCloud:dnsFirewallRuleGroupId', 'rslvr-frg-0123456789abcdef'),
  });
  const internet = new InternetZone(stack, 'Zone', {
    cidr: network.internetCidr,
    availabilityZones: layout.azs,
    securityCloud: link,
    ...layout.flowLogs(stack, 'internet'),
  });
  // 画面転送: LGWAN staff see the internet as a screen, from the LGWAN side's egress addresses only.
  const browser = new InternetBrowserIsolation(stack, 'Browser', {
    zone: internet,
    identityProvider: { metadataUrl: contextString(app, 'lgsec:shiojiri:idpMetadataUrl', 'https://idp.shiojiri.example.jp/saml/metadata') },
    allowedSourceCidrs: contextList(app, 'lgsec:shiojiri:lgwanEgressCidrs', ['203.0.113.0/28']),
    logArchive: layout.archiveOf(stack),
    deliveryRoleName: BROWSER_LOG_DELIVERY_ROLE,
  });
  layout.watchAccount(stack);
  layout.osakaStack(
    'ShiojiriInternetOsaka',
    accounts.shiojiri.internet,
    `Shiojiri: AWS Config and guardrail alarms in ${layout.osaka}, internet account`,
  );
  return { stack, internet, browser };
}

/**
 * 無害化通信 (7.3.b) across the two accounts: the writer role and the S3 endpoint's way to the
 * inbox in the internet account, the buckets and the sanitizer in the LGWAN account. Each names
 * the other by ids (whatever organization holds it); the endpoint id, known once the internet
 * zone is deployed, comes from context.
 */
function buildCrossAccountTransfer(
  layout: AccountLayout,
  lgwan: LgwanZone,
  internet: InternetZone,
): { transfer: SanitizingTransfer; transferWriter: SanitizingTransferWriter } {
  const { app, accounts } = layout;
  const internetStack = Stack.of(internet);
  const transferWriter = new SanitizingTransferWriter(internetStack, 'SanitizingTransferWriter', {
    internetZone: internet,
    lgwanAccountId: accounts.shiojiri.lgwan,
  });
  // メール無害化: internet mail for Shiojiri reaches LGWAN only through the transfer, received in the internet account.
  new SanitizingMailGateway(internetStack, 'MailGateway', {
    internetZone: internet,
    domain: contextString(app, 'lgsec:shiojiri:mailDomain', 'city.shiojiri.lg.jp'),
    transfer: transferWriter,
    s3PrefixListId: contextString(app, 'lgsec:s3PrefixListId', 'pl-61a54008'),
    alarmEmails: layout.notificationEmails,
  });
  new CfnOutput(internetStack, 'TransferS3EndpointId', {
    value: transferWriter.s3Endpoint.vpcEndpointId,
    description: "Set as context lgsec:shiojiri:internetS3EndpointId for the LGWAN account's stack",
  });
  const transfer = new SanitizingTransfer(Stack.of(lgwan), 'SanitizingTransfer', {
    lgwanZone: lgwan,
    internetSide: {
      accountId: accounts.shiojiri.internet,
      // Until it is set, the documentation id refuses every write: the transfer fails closed.
      s3EndpointId: contextString(app, 'lgsec:shiojiri:internetS3EndpointId', 'vpce-0123456789abcdef0'),
    },
    s3PrefixListId: contextString(app, 'lgsec:s3PrefixListId', 'pl-61a54008'),
    alarmEmails: layout.notificationEmails,
  });
  return { transfer, transferWriter };
}

/**
 * The multi-account layout. Every stack has an explicit account and region, so synth needs no
 * credentials, and no value crosses an account through `Fn::ImportValue`: what one account
 * needs of another (bucket names, key ARN, Transit Gateway and DNS Firewall ids) comes from
 * context, filled from the other account's stack outputs, in the deployment order of the
 * README (guardrails and log archive, security cloud, zones).
 */
export function buildMultiAccountEnvironment(app: App): ReferenceEnvironment {
  const layout = accountLayout(app, referenceAccounts(app));
  const network = shiojiriNetwork(app);
  const shared = buildSharedServices(layout, network);

  // 4. Shiojiri's three zone accounts.
  const { myNumber } = buildMyNumberAccount(layout, network);
  const { lgwan } = buildLgwanAccount(layout, network);
  const { internet } = buildInternetAccount(layout, network);
  const { transfer, transferWriter } = buildCrossAccountTransfer(layout, lgwan, internet);
  return referenceEnvironment('multi-account', layout, shared, { myNumber, lgwan, internet, transfer, transferWriter });
}

/** The environment a layout with an account per zone returns. */
function referenceEnvironment(
  kind: 'multi-account' | 'government-cloud',
  layout: AccountLayout,
  shared: SharedServices,
  zones: Omit<MunicipalityStacks, 'stacks'>,
  governmentCloud?: ReferenceGovernmentCloud,
): ReferenceEnvironment {
  const shiojiri: MunicipalityStacks = {
    ...zones,
    stacks: [Stack.of(zones.myNumber), Stack.of(zones.lgwan), Stack.of(zones.internet)],
  };
  const { organizationTrail, hub, aggregator, governmentCloudAggregator } = shared;
  return {
    layout: kind,
    accounts: layout.accounts,
    ...shared.organization,
    logArchive: shared.logArchive,
    securityCloud: shared.securityCloud,
    municipalities: [shiojiri],
    shiojiri,
    ...(governmentCloud ? { governmentCloud } : {}),
    audit: {
      organizationTrail,
      hub,
      aggregator,
      ...(governmentCloudAggregator ? { governmentCloudAggregator } : {}),
      ...(governmentCloud ? { accountTrails: governmentCloud.accounts.map((account) => account.trail) } : {}),
      recorders: layout.recorders,
      conformancePacks: [...shared.conformancePacks, ...(governmentCloud?.accounts.flatMap((account) => account.conformancePacks) ?? [])],
    },
  };
}

/** One Government Cloud account of the government-cloud layout and what guards and watches it. */
export interface GovernmentCloudAccount {
  readonly account: string;
  readonly zone: Zone.MY_NUMBER | Zone.LGWAN;
  /** The organization guardrails as IAM in the account, in a stack of their own (deployed first, with the bootstrap). */
  readonly guardrails: AccountGuardrails;
  /** The account's own trail: the Digital Agency's organization trail is not the municipality's. */
  readonly trail: AuditTrail;
  /** Account-mode conformance packs, in both regions. */
  readonly conformancePacks: LgsecConformancePack[];
}

/** The Government Cloud part of the government-cloud layout. */
export interface ReferenceGovernmentCloud {
  readonly accounts: GovernmentCloudAccount[];
}

/**
 * The Government Cloud layout: Shiojiri's My Number and LGWAN zones in accounts of the Digital
 * Agency's Government Cloud (ガバメントクラウド, issued through GCAS), whose organization, OUs and
 * SCPs are not the municipality's; the internet zone, the security cloud, the log archive and the
 * security account stay in the prefecture's organization, as in the multi-account layout, with
 * `ZoneGuardrails` on their OUs only.
 *
 * Each Government Cloud account gets the organization's guarantees from the account itself:
 * `AccountGuardrails` (managed policies for the administrators' IAM Identity Center permission
 * set, a permissions boundary every role of the account's stacks carries) in a stack deployed
 * first, its own `AuditTrail` into the prefecture's archive, which admits it by account id, a
 * Config recorder in both regions authorizing the security account's second aggregator, an
 * account-mode conformance pack in both regions, and its guardrail events forwarded to the
 * security account's hub, which admits it by account id. The sanitizing transfer is built as in
 * the multi-account layout: each side names the other by ids, across the two organizations.
 */
export function buildGovernmentCloudEnvironment(app: App): ReferenceEnvironment {
  const layout = accountLayout(app, referenceAccounts(app, 'government-cloud'));
  const network = shiojiriNetwork(app);
  const shared = buildSharedServices(layout, network);

  // 4. Shiojiri's zones: My Number and LGWAN in the Government Cloud, the internet zone in the prefecture's organization.
  const myNumberAccount = buildMyNumberAccount(layout, network);
  const lgwanAccount = buildLgwanAccount(layout, network);
  const { internet } = buildInternetAccount(layout, network);
  const { transfer, transferWriter } = buildCrossAccountTransfer(layout, lgwanAccount.lgwan, internet);

  const administratorRoleNames = contextList(app, 'lgsec:government:administratorRoleNames', []);
  const governed = (
    zone: Zone.MY_NUMBER | Zone.LGWAN,
    id: string,
    stacks: { zone: Stack; osaka: Stack },
    dataEventBuckets: DataEventBucket[],
  ): GovernmentCloudAccount => {
    const account = stacks.zone.account;
    // Deployed first, by the account's first administrator with their own credentials: the CDK
    // bootstrap, which names the boundary, does not exist yet.
    const guardrailsStack = new AccountStack(app, `Shiojiri${id}Guardrails`, {
      env: { account, region: layout.region },
      description: `Shiojiri: ${zone} account guardrails (IAM policies for the IAM Identity Center permission set, boundary), Government Cloud`,
      zones: layout.azs,
      synthesizer: new CliCredentialsStackSynthesizer(),
    });
    const guardrails = new AccountGuardrails(guardrailsStack, 'Guardrails', {
      zone,
      allowedRegions: [layout.region, layout.osaka],
      breakGlassRoleNames: layout.breakGlassRoleNames,
      administratorRoleNames,
    });
    new CfnOutput(guardrailsStack, 'GuardrailPolicyNames', {
      value: guardrails.policyNames.join(','),
      description:
        "Customer managed policies to reference in the IAM Identity Center permission set of the account's administrators (GCAS)",
    });
    new CfnOutput(guardrailsStack, 'PermissionsBoundaryName', {
      value: guardrails.boundaryPolicyName,
      description: 'Permissions boundary of that permission set, and of every role the deployments create (set by the reference app)',
    });
    // Every role the account's stacks create carries the boundary, as the guardrails require.
    for (const scope of [stacks.zone, stacks.osaka]) {
      PermissionsBoundary.of(scope).apply(ManagedPolicy.fromManagedPolicyName(scope, 'GuardrailBoundary', guardrails.boundaryPolicyName));
    }
    // The account's own trail, Config recorded by the account's ConfigRecorders.
    const trail = new AuditTrail(stacks.zone, 'AuditTrail', {
      logArchive: layout.archiveOf(stacks.zone),
      dataEventBuckets,
      notificationEmails: layout.notificationEmails,
      recordConfiguration: false,
      guardrailEvents: { breakGlassRoleNames: layout.breakGlassRoleNames },
    });
    const conformancePacks = [stacks.zone, stacks.osaka].map((scope) => new LgsecConformancePack(scope, 'ConformancePack'));
    return { account, zone, guardrails, trail, conformancePacks };
  };
  const governmentCloud: ReferenceGovernmentCloud = {
    accounts: [
      governed(Zone.MY_NUMBER, 'MyNumber', { zone: myNumberAccount.stack, osaka: myNumberAccount.osakaStack }, [
        myNumberAccount.residentRecords,
      ]),
      governed(Zone.LGWAN, 'Lgwan', { zone: lgwanAccount.stack, osaka: lgwanAccount.replicaStack }, [
        lgwanAccount.businessRecords,
        transfer.inbox,
        transfer.outbox,
        transfer.quarantine,
        transfer.auditRecords,
        transfer.accessLogBucket,
      ]),
    ],
  };
  return referenceEnvironment(
    'government-cloud',
    layout,
    shared,
    { myNumber: myNumberAccount.myNumber, lgwan: lgwanAccount.lgwan, internet, transfer, transferWriter },
    governmentCloud,
  );
}
/**
 * The organization guardrails of the multi-account layout, in the management account's stack
 * (in the Government Cloud layout, of the internet zone, shared-services and deployment OUs only):
 * `ZoneGuardrails` on the zone, shared-services and deployment OUs; the break-glass role in every
 * account of them; lgsec's CDK bootstrap in every zone and shared-services account, trusting only
 * the deployment account's pipeline role, which a StackSet creates too.
 */
export function buildOrganizationGuardrails(
  app: App,
  scope: Stack,
  accounts: ReferenceAccounts,
): { guardrails: ZoneGuardrails; breakGlass: BreakGlassAccess; deploymentBootstrap: DeploymentBootstrap } {
  if (app.node.tryGetContext('lgsec:organization:breakGlassRoleArns') !== undefined) {
    throw new Error(
      "Context 'lgsec:organization:breakGlassRoleArns' is replaced by 'lgsec:organization:breakGlassRoleNames': " +
        'give role names (lgsec-break-glass), which the guardrails pin to the exemption tag and protect',
    );
  }
  // A zone whose account is in the Government Cloud has no OU here: its guardrails are the account's own.
  const zoneOus = (zone: 'myNumber' | 'lgwan', fallback: string): string[] => {
    const key = `lgsec:organization:${zone}Ous`;
    if (!accounts.governmentCloud?.includes(accounts.shiojiri[zone])) return contextList(app, key, [fallback]);
    if (app.node.tryGetContext(key) !== undefined) {
      throw new Error(
        `Context '${key}' is given, but the ${zone} zone is in a Government Cloud account, which no OU of ours holds; remove it`,
      );
    }
    return [];
  };
  const targets = {
    myNumber: zoneOus('myNumber', 'ou-a1b2-11111111'),
    lgwan: zoneOus('lgwan', 'ou-a1b2-22222222'),
    internet: contextList(app, 'lgsec:organization:internetOus', ['ou-a1b2-33333333']),
    sharedServices: contextList(app, 'lgsec:organization:sharedServicesOus', ['ou-a1b2-44444444']),
    deployment: contextList(app, 'lgsec:organization:deploymentOus', ['ou-a1b2-55555555']),
  };
  const breakGlassRoleNames = contextList(app, 'lgsec:organization:breakGlassRoleNames', ['lgsec-break-glass']);
  const guardrails = new ZoneGuardrails(scope, 'Guardrails', {
    organizationId: contextString(app, 'lgsec:organization:id', 'o-a1b2c3d4e5'),
    targets,
    managementAccountId: accounts.management,
    logArchiveAccountId: accounts.logArchive,
    breakGlassRoleNames,
    // The Government Cloud accounts' trails, Config and flow logs deliver into the log archive.
    ...(accounts.governmentCloud?.length ? { externalSourceAccountIds: [...accounts.governmentCloud] } : {}),
  });
  const guardedOus = [...targets.myNumber, ...targets.lgwan, ...targets.internet, ...targets.sharedServices, ...targets.deployment];
  const breakGlass = new BreakGlassAccess(scope, 'BreakGlass', {
    targetOuIds: guardedOus,
    roleName: breakGlassRoleNames[0],
    trustedPrincipalArns: contextList(app, 'lgsec:organization:breakGlassTrustedPrincipalArns', [
      `arn:aws:iam::${accounts.management}:user/lgsec-break-glass-operator`,
    ]),
  });
  const deploymentBootstrap = new DeploymentBootstrap(scope, 'DeploymentBootstrap', {
    targetOuIds: [...targets.myNumber, ...targets.lgwan, ...targets.internet, ...targets.sharedServices],
    pipeline: {
      ouIds: targets.deployment,
      accountIds: [accounts.deployment],
      githubRepository: contextString(app, 'lgsec:deployment:githubRepository', 'shiojiri-city/lgsec-infrastructure'),
      githubSubjects: contextList(app, 'lgsec:deployment:githubSubjects', [
        'repo:shiojiri-city/lgsec-infrastructure:environment:production',
      ]),
    },
  });
  return { guardrails, breakGlass, deploymentBootstrap };
}

/**
 * The checks every synth of the reference app runs: the policy pack (errors fail synth) and
 * cdk-nag's AwsSolutions pack (every remaining finding is acknowledged in code, with a reason).
 */
export function addPolicyChecks(app: App): LgsecChecks {
  const lgsec = new LgsecChecks(app);
  Validations.of(app).addPlugins(lgsec, new AwsSolutionsChecks(app));
  return lgsec;
}

/** A string from cdk.json context (or `-c key=value`), or the default. */
export function contextString(app: App, key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    throw new Error(`Context '${key}' must be a non-empty string, got ${JSON.stringify(value)}; set it in cdk.json or with -c ${key}=...`);
  }
  return value;
}

/** A list of strings from context: a JSON array in cdk.json, or a comma-separated `-c` value. */
export function contextList(app: App, key: string, fallback: string[]): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Error(
    `Context '${key}' must be a list of strings, got ${JSON.stringify(value)}; set it in cdk.json as ["10.0.0.0/8"] or with -c ${key}=a,b`,
  );
}

/** A 12-digit AWS account id from context, or the default. */
export function contextAccount(app: App, key: string, fallback: string): string {
  const value = contextString(app, key, fallback);
  if (!/^\d{12}$/.test(value)) {
    throw new Error(
      `Context '${key}' must be a 12-digit AWS account id, got '${value}'; set it in cdk.json or with -c ${key}=123456789012`,
    );
  }
  return value;
}
