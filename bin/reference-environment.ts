import { App, Aws, CfnOutput, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { LgsecChecks } from '../lib/lgsec-checks';
import {
  admitMemberAccounts,
  admitOrganizationTrail,
  AuditedBucket,
  AuditedReplicaBucket,
  AuditTrail,
  BreakGlassAccess,
  DEFAULT_BREAK_GLASS_ROLE_NAME,
  DeploymentBootstrap,
  ConfigAggregator,
  ConfigRecorder,
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
  SanitizingTransfer,
  SanitizingTransferWriter,
  SecurityCloud,
  SecurityCloudMember,
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
export type ReferenceLayout = 'multi-account' | 'single-account';

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
 * see `buildMultiAccountEnvironment`) or `single-account` (a lab: every stack in one account,
 * where the separation between the zones is IAM only).
 */
export function buildReferenceEnvironment(app: App): ReferenceEnvironment {
  const layout = contextString(app, 'lgsec:layout', 'multi-account');
  if (layout === 'multi-account') return buildMultiAccountEnvironment(app);
  if (layout !== 'single-account') {
    throw new Error(
      `Context 'lgsec:layout' must be 'multi-account' or 'single-account', got '${layout}'; set it with -c lgsec:layout=single-account`,
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

/** Account ids of the multi-account layout, from context, with documentation ids by default. */
export function referenceAccounts(app: App): ReferenceAccounts {
  const accounts: ReferenceAccounts = {
    management: contextAccount(app, 'lgsec:accounts:management', '111111111111'),
    deployment: contextAccount(app, 'lgsec:accounts:deployment', '888888888888'),
    logArchive: contextAccount(app, 'lgsec:accounts:logArchive', '222222222222'),
    securityCloud: contextAccount(app, 'lgsec:accounts:securityCloud', '333333333333'),
    audit: contextAccount(app, 'lgsec:accounts:audit', '777777777777'),
    shiojiri: {
      myNumber: contextAccount(app, 'lgsec:accounts:shiojiri:myNumber', '444444444444'),
      lgwan: contextAccount(app, 'lgsec:accounts:shiojiri:lgwan', '555555555555'),
      internet: contextAccount(app, 'lgsec:accounts:shiojiri:internet', '666666666666'),
    },
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
      `The multi-account layout needs a different account for each zone and shared service; ${[...new Set(repeated)].join(', ')} is given twice. Fix the lgsec:accounts:* context, or use -c lgsec:layout=single-account for a lab`,
    );
  }
  return accounts;
}

/**
 * The multi-account layout. Every stack has an explicit account and region, so synth needs no
 * credentials, and no value crosses an account through `Fn::ImportValue`: what one account
 * needs of another (bucket names, key ARN, Transit Gateway and DNS Firewall ids) comes from
 * context, filled from the other account's stack outputs, in the deployment order of the
 * README (guardrails and log archive, security cloud, zones).
 */
export function buildMultiAccountEnvironment(app: App): ReferenceEnvironment {
  const region = contextString(app, 'lgsec:region', 'ap-northeast-1');
  const accounts = referenceAccounts(app);
  const azs = contextList(app, 'lgsec:availabilityZones', [`${region}a`, `${region}c`]);
  const replicaAzs = contextList(app, 'lgsec:replicaAvailabilityZones', [`${replicaRegionOf(region)}a`, `${replicaRegionOf(region)}c`]);
  const stack = (id: string, account: string, description: string, inRegion = region): Stack =>
    new AccountStack(app, id, {
      env: { account, region: inRegion },
      description,
      zones: inRegion === region ? azs : replicaAzs,
    });
  const network = shiojiriNetwork(app);
  const zoneAccounts = Object.values(accounts.shiojiri);
  const osaka = replicaRegionOf(region);
  // Every account's security alarms reach a person (7.7): the trails' and the security cloud's topics.
  const notificationEmails = contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']);
  const organizationId = contextString(app, 'lgsec:organization:id', 'o-a1b2c3d4e5');
  const breakGlassRoleNames = contextList(app, 'lgsec:organization:breakGlassRoleNames', [DEFAULT_BREAK_GLASS_ROLE_NAME]);

  // 1. The log archive account: the write-once archive, admitting the other accounts' deliveries.
  const logArchiveStack = stack(
    'NaganoLogArchive',
    accounts.logArchive,
    'Nagano: audit-log archive (WORM; policy 7.7, 10), log archive account',
  );
  // Named, so that the other accounts can name them before this stack's first deployment.
  const archiveBucketName = `lgsec-log-archive-${accounts.logArchive}-${region}`;
  const configBucketName = `lgsec-log-archive-config-${accounts.logArchive}-${region}`;
  const logArchive = new LogArchive(logArchiveStack, 'LogArchive', {
    retention: Duration.days(365 * 5),
    bucketName: archiveBucketName,
    configBucketName,
    admitAccountTrails: false,
  });
  // The organization trail records every account; the accounts' own trails are not admitted.
  admitMemberAccounts(logArchive, [accounts.management, accounts.audit, accounts.securityCloud, ...zoneAccounts], { accountTrails: false });
  admitOrganizationTrail(logArchive, { organizationId, managementAccountId: accounts.management });
  new CfnOutput(logArchiveStack, 'EncryptionKeyArn', {
    value: logArchive.encryptionKey.keyArn,
    description: "Set as context lgsec:logArchive:keyArn for the other accounts' stacks",
  });
  const archiveKeyArn = contextString(
    app,
    'lgsec:logArchive:keyArn',
    `arn:aws:kms:${region}:${accounts.logArchive}:key/${PLACEHOLDER_KEY_ID}`,
  );
  /** The archive as another account's stack names it: by name and ARN, never by import. */
  const archiveOf = (scope: Construct): LogArchiveReference =>
    (scope.node.tryFindChild('LogArchive') as LogArchiveReference | undefined) ??
    LogArchiveReference.fromAttributes(scope, 'LogArchive', {
      bucketName: archiveBucketName,
      configBucketName,
      encryptionKeyArn: archiveKeyArn,
    });
  const flowLogs = (scope: Construct, zone: string) => ({
    flowLogDestination: archiveOf(scope).flowLogDestination({ keyPrefix: `vpc-flow-logs/shiojiri/${zone}/` }),
  });
  // Every account and region of the zones records its configuration and raises its guardrail
  // events in the security account (7.7): global resources are recorded in the home region only.
  const hubEventBusArn = SecurityEventHub.eventBusArn(accounts.audit, region);
  const recorders: ConfigRecorder[] = [];
  const watchAccount = (scope: Stack, options: { forward?: boolean } = {}): void => {
    recorders.push(
      new ConfigRecorder(scope, 'ConfigRecorder', { logArchive: archiveOf(scope), recordGlobalResources: scope.region === region }),
    );
    if (options.forward ?? true) new SecurityEventForwarder(scope, 'SecurityEvents', { hubEventBusArn, events: guardrailEventDefinitions });
  };
  const guardrailEventDefinitions = guardrailEvents({ breakGlassRoleNames });
  const osakaStack = (id: string, account: string, description: string): Stack => {
    const created = stack(id, account, description, osaka);
    watchAccount(created);
    return created;
  };
  watchAccount(logArchiveStack);
  osakaStack('NaganoLogArchiveOsaka', accounts.logArchive, `Nagano: AWS Config and guardrail alarms in ${osaka}, log archive account`);

  // The security (audit) account: the hub of the guardrail alarms and the Config aggregator. Not
  // the log archive account: the security team works here, and nobody works in the archive's.
  const auditStack = stack(
    'NaganoSecurityAudit',
    accounts.audit,
    'Nagano: guardrail alarms of every account, AWS Config aggregator (policy 7.7, 10), security account',
  );
  const hub = new SecurityEventHub(auditStack, 'SecurityEvents', { notificationEmails, organizationId, events: guardrailEventDefinitions });
  const aggregator = new ConfigAggregator(auditStack, 'ConfigAggregator', { organization: true, regions: [region, osaka] });
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
    availabilityZones: azs,
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

  // 4. Shiojiri's three zone accounts.
  const myNumberStack = stack(
    'ShiojiriMyNumberZone',
    accounts.shiojiri.myNumber,
    'Shiojiri: My Number zone (マイナンバー利用事務系, policy 7.3.a), My Number account',
  );
  const myNumber = new MyNumberZone(myNumberStack, 'Zone', {
    cidr: network.myNumberCidr,
    availabilityZones: azs,
    ...flowLogs(myNumberStack, 'mynumber'),
  });
  // Its S3 data events are recorded by the organization trail, as every bucket's.
  new AuditedBucket(myNumberStack, 'ResidentRecords', {
    classification: { confidentiality: 3, integrity: 2, availability: 1 },
    dataPerimeter: myNumber,
  });
  watchAccount(myNumberStack);
  osakaStack(
    'ShiojiriMyNumberOsaka',
    accounts.shiojiri.myNumber,
    `Shiojiri: AWS Config and guardrail alarms in ${osaka}, My Number account`,
  );

  const lgwanStack = stack('ShiojiriLgwanZone', accounts.shiojiri.lgwan, 'Shiojiri: LGWAN zone (LGWAN接続系, policy 7.3.b), LGWAN account');
  const lgwan = new LgwanZone(lgwanStack, 'Zone', {
    cidr: network.lgwanCidr,
    availabilityZones: azs,
    ...flowLogs(lgwanStack, 'lgwan'),
    ...lgwanLink(network, notificationEmails),
  });
  const businessRecords = new AuditedBucket(lgwanStack, 'BusinessRecords', {
    classification: { confidentiality: 2, integrity: 2, availability: 2 },
  });
  const replicaStack = stack(
    'ShiojiriReplicas',
    accounts.shiojiri.lgwan,
    'Shiojiri: cross-region copies of availability-2 data (policy 6.3), LGWAN account',
    replicaRegionOf(region),
  );
  new AuditedReplicaBucket(replicaStack, 'BusinessRecordsReplica', { source: businessRecords });
  watchAccount(lgwanStack);
  watchAccount(replicaStack);

  const internetStack = stack(
    'ShiojiriInternetZone',
    accounts.shiojiri.internet,
    'Shiojiri: internet zone (インターネット接続系, policy 7.3.c), internet account',
  );
  const link = SecurityCloud.fromAttributes(internetStack, 'SecurityCloud', {
    transitGatewayId: contextString(app, 'lgsec:securityCloud:transitGatewayId', 'tgw-0123456789abcdef0'),
    dnsFirewallRuleGroupId: contextString(app, 'lgsec:securityCloud:dnsFirewallRuleGroupId', 'rslvr-frg-0123456789abcdef'),
  });
  const internet = new InternetZone(internetStack, 'Zone', {
    cidr: network.internetCidr,
    availabilityZones: azs,
    securityCloud: link,
    ...flowLogs(internetStack, 'internet'),
  });
  watchAccount(internetStack);
  osakaStack(
    'ShiojiriInternetOsaka',
    accounts.shiojiri.internet,
    `Shiojiri: AWS Config and guardrail alarms in ${osaka}, internet account`,
  );

  // 無害化通信 (7.3.b) across the two accounts: the writer role and the S3 endpoint's way to the
  // inbox in the internet account, the buckets and the sanitizer in the LGWAN account. Each names
  // the other by ids; the endpoint id, known once the internet zone is deployed, comes from context.
  const transferWriter = new SanitizingTransferWriter(internetStack, 'SanitizingTransferWriter', {
    internetZone: internet,
    lgwanAccountId: accounts.shiojiri.lgwan,
  });
  new CfnOutput(internetStack, 'TransferS3EndpointId', {
    value: transferWriter.s3Endpoint.vpcEndpointId,
    description: "Set as context lgsec:shiojiri:internetS3EndpointId for the LGWAN account's stack",
  });
  const transfer = new SanitizingTransfer(lgwanStack, 'SanitizingTransfer', {
    lgwanZone: lgwan,
    internetSide: {
      accountId: accounts.shiojiri.internet,
      // Until it is set, the documentation id refuses every write: the transfer fails closed.
      s3EndpointId: contextString(app, 'lgsec:shiojiri:internetS3EndpointId', 'vpce-0123456789abcdef0'),
    },
    s3PrefixListId: contextString(app, 'lgsec:s3PrefixListId', 'pl-61a54008'),
    alarmEmails: notificationEmails,
  });

  const shiojiri: MunicipalityStacks = {
    myNumber,
    lgwan,
    internet,
    transfer,
    transferWriter,
    stacks: [myNumberStack, lgwanStack, internetStack],
  };
  return {
    layout: 'multi-account',
    accounts,
    ...organization,
    logArchive,
    securityCloud,
    municipalities: [shiojiri],
    shiojiri,
    audit: { organizationTrail, hub, aggregator, recorders, conformancePacks },
  };
}

/**
 * The organization guardrails of the multi-account layout, in the management account's stack:
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
  const targets = {
    myNumber: contextList(app, 'lgsec:organization:myNumberOus', ['ou-a1b2-11111111']),
    lgwan: contextList(app, 'lgsec:organization:lgwanOus', ['ou-a1b2-22222222']),
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
