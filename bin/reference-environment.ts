import { App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LgsecChecks } from '../rules';
import {
  AuditedBucket, AuditedReplicaBucket, AuditTrail, InternetZone, ISecurityCloudLink, LgwanConnection, LgwanZone,
  LogArchive, ManagedDomainListIds, MyNumberZone, SanitizingTransfer, SecurityCloud, SecurityCloudMember,
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
  /** 無害化通信 (7.3.b): the one path for files from the internet zone into the LGWAN zone. */
  readonly transfer: SanitizingTransfer;
  readonly stacks: Stack[];
}

/**
 * One municipality's three zones, one stack per zone (they are often separate accounts too).
 * With a log archive, every zone's flow log is delivered there.
 */
export function buildMunicipality(
  app: App, config: MunicipalityNetworkConfig, securityCloud: ISecurityCloudLink, stackProps: StackProps,
  logArchive?: LogArchive,
): MunicipalityStacks {
  const flowLogs = (zone: string) => logArchive
    ? { flowLogDestination: logArchive.flowLogDestination({ keyPrefix: `vpc-flow-logs/${config.name.toLowerCase()}/${zone}/` }) }
    : {};

  const myNumberStack = new Stack(app, `${config.name}MyNumberZone`, {
    ...stackProps, description: `${config.name}: My Number zone (マイナンバー利用事務系, policy 7.3.a)`,
  });
  const myNumber = new MyNumberZone(myNumberStack, 'Zone', { cidr: config.myNumberCidr, ...flowLogs('mynumber') });

  const lgwanStack = new Stack(app, `${config.name}LgwanZone`, {
    ...stackProps, description: `${config.name}: LGWAN zone (LGWAN接続系, policy 7.3.b)`,
  });
  const lgwan = new LgwanZone(lgwanStack, 'Zone', {
    cidr: config.lgwanCidr,
    ...flowLogs('lgwan'),
    ...(config.lgwanPrefixes.length > 0 && config.lgwanCustomerGatewayIp
      ? {
        connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: config.lgwanCustomerGatewayIp }),
        lgwanPrefixes: config.lgwanPrefixes,
      }
      : {}),
  });

  const internetStack = new Stack(app, `${config.name}InternetZone`, {
    ...stackProps, description: `${config.name}: internet zone (インターネット接続系, policy 7.3.c)`,
  });
  const internet = new InternetZone(internetStack, 'Zone', { cidr: config.internetCidr, securityCloud, ...flowLogs('internet') });

  const transfer = new SanitizingTransfer(lgwanStack, 'SanitizingTransfer', {
    internetZone: internet, lgwanZone: lgwan,
    s3PrefixListId: contextString(app, 'lgsec:s3PrefixListId', 'pl-61a54008'),
    alarmEmails: contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']),
  });

  return { myNumber, lgwan, internet, transfer, stacks: [myNumberStack, lgwanStack, internetStack] };
}

/** A prefecture: its audit-log archive, its security cloud, and member municipalities' zones. */
export interface PrefectureConfig {
  /** Stack name prefix, e.g. `Nagano`. */
  readonly name: string;
  readonly region: string;
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
  const env = { region: config.region };
  const logArchiveStack = new Stack(app, `${config.name}LogArchive`, {
    env, description: `${config.name}: audit-log archive (WORM; policy 7.7, 10)`,
  });
  const logArchive = new LogArchive(logArchiveStack, 'LogArchive', { retention: Duration.days(365 * 5) });

  const members: SecurityCloudMember[] = [
    ...config.municipalities.map((m) => ({ name: m.name.toLowerCase(), cidr: m.internetCidr })),
    ...(config.externalMembers ?? []),
  ];
  const securityCloudStack = new Stack(app, `${config.name}SecurityCloud`, {
    env, description: `${config.name}: security cloud (自治体情報セキュリティクラウド, policy 7.3.c)`,
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

/**
 * The reference environment: Nagano Prefecture's security cloud with Shiojiri City as a member
 * (its three zones, classified data, audit trail) and Matsumoto City as a member in another
 * account. Region, CIDRs, ids and the LGWAN link come from cdk.json context (`lgsec:*` keys) and
 * can be overridden with `-c key=value`.
 */
export function buildReferenceEnvironment(app: App): PrefectureStacks & { shiojiri: MunicipalityStacks } {
  const region = contextString(app, 'lgsec:region', 'ap-northeast-1');
  const prefecture = buildPrefecture(app, {
    name: 'Nagano',
    region,
    municipalities: [{
      name: 'Shiojiri',
      myNumberCidr: contextString(app, 'lgsec:shiojiri:myNumberCidr', '10.110.0.0/16'),
      lgwanCidr: contextString(app, 'lgsec:shiojiri:lgwanCidr', '10.120.0.0/16'),
      internetCidr: contextString(app, 'lgsec:shiojiri:internetCidr', '10.130.0.0/16'),
      lgwanPrefixes: contextList(app, 'lgsec:shiojiri:lgwanPrefixes', ['172.16.0.0/12']),
      lgwanCustomerGatewayIp: contextString(app, 'lgsec:shiojiri:lgwanCustomerGatewayIp', '203.0.113.10'),
    }],
    externalMembers: [{
      name: 'matsumoto',
      cidr: contextString(app, 'lgsec:matsumoto:internetCidr', '10.230.0.0/16'),
      accountId: contextString(app, 'lgsec:matsumoto:accountId', '222222222222'),
      transitGatewayAttachmentId: contextString(app, 'lgsec:matsumoto:transitGatewayAttachmentId', 'tgw-attach-0123456789abcdef0'),
    }],
    allowedDomains: contextList(app, 'lgsec:securityCloud:allowedDomains', ['.lg.jp', '.go.jp', '.windowsupdate.com', '.update.microsoft.com']),
    managedDomainListIds: managedDomainListIds(app),
  });
  const shiojiri = prefecture.municipalities[0];
  const { logArchive } = prefecture;

  // Classified data: resident records (C3) readable only through the My Number zone's endpoints,
  // and business records (A2) with a copy in Osaka.
  const residentRecords = new AuditedBucket(Stack.of(shiojiri.myNumber), 'ResidentRecords', {
    classification: { confidentiality: 3, integrity: 2, availability: 1 },
    dataPerimeter: shiojiri.myNumber,
    accessLogBucket: logArchive.accessLogBucket,
  });
  const replicaRegion = region === 'ap-northeast-1' ? 'ap-northeast-3' : 'ap-northeast-1';
  const replicaStack = new Stack(app, 'ShiojiriReplicas', {
    env: { region: replicaRegion }, description: 'Shiojiri: cross-region copies of availability-2 data (policy 6.3)',
  });
  const businessRecords = new AuditedBucket(Stack.of(shiojiri.lgwan), 'BusinessRecords', {
    classification: { confidentiality: 2, integrity: 2, availability: 2 },
    accessLogBucket: logArchive.accessLogBucket,
  });
  new AuditedReplicaBucket(replicaStack, 'BusinessRecordsReplica', { source: businessRecords });

  const auditStack = new Stack(app, 'ShiojiriAuditTrail', {
    env: { region }, description: 'Shiojiri: audit trail, AWS Config and security alarms (policy 7.7, 10)',
  });
  new AuditTrail(auditStack, 'AuditTrail', {
    logArchive, dataEventBuckets: [residentRecords, businessRecords],
    notificationEmails: contextList(app, 'lgsec:securityContactEmails', ['security@example.jp']),
  });

  return { ...prefecture, shiojiri };
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
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Error(`Context '${key}' must be a list of strings, got ${JSON.stringify(value)}; set it in cdk.json as ["10.0.0.0/8"] or with -c ${key}=a,b`);
}
