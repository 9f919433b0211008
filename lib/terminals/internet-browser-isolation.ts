import { Duration, Names, RemovalPolicy, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as workspacesweb from 'aws-cdk-lib/aws-workspacesweb';
import { Construct } from 'constructs';
import { admitLogWriters, ILogArchive } from '../audit/cross-account';
import { LogArchive } from '../audit/log-archive';
import { MIN_TRANSFER_REASON_LENGTH, TRANSFER_REASONS_METADATA } from '../policy/remote-browser';
import { TAG_KEYS } from '../policy/tags';
import { Zone } from '../policy/zone';
import { acknowledgeWildcards } from '../private/acknowledge-wildcards';
import { EncryptedLogGroup } from '../private/encrypted-log-group';
import { PropsProblems } from '../private/validation';
import { InternetZone } from '../zones/internet-zone';
import { browserPolicyJson, browserUrlProblems } from './private/browser-policy';
import { sourceCidrProblems } from './private/browser-source-cidrs';

/** Key prefix of the remote browser's user access logs in the log archive. */
export const BROWSER_ACCESS_LOG_PREFIX = 'workspaces-web';

/**
 * Transfers between the remote browser and the LGWAN terminal that are allowed, each with the
 * reason it is (at least 20 characters, recorded on the user settings as `lgsec:transferReasons`
 * metadata for the rule pack and the auditor). A transfer not named here is disabled.
 */
export interface BrowserTransferReasons {
  /** Copy text from the remote browser to the terminal's clipboard. @default - disabled */
  readonly copy?: string;
  /** Paste text from the terminal's clipboard into the remote browser. @default - disabled */
  readonly paste?: string;
  /**
   * Download files from the remote browser to the terminal. Files from the internet reach LGWAN
   * only through the sanitizing transfer: allow this only where that holds otherwise.
   * @default - disabled
   */
  readonly download?: string;
  /** Upload files from the terminal to the remote browser (data leaving LGWAN). @default - disabled */
  readonly upload?: string;
  /** Print from the remote browser to the terminal's printer. @default - disabled */
  readonly print?: string;
}

/** The SAML 2.0 identity provider staff sign in with. Give exactly one of `metadataUrl` and `metadataDocument`. */
export interface BrowserSamlIdentityProvider {
  /**
   * HTTPS URL of the identity provider's SAML metadata.
   * @default - none: `metadataDocument` must be given
   */
  readonly metadataUrl?: string;
  /**
   * The identity provider's SAML metadata document (XML).
   * @default - none: `metadataUrl` must be given
   */
  readonly metadataDocument?: string;
  /**
   * Name of the identity provider in WorkSpaces Secure Browser.
   * @default 'lgsec-saml'
   */
  readonly name?: string;
}

export interface InternetBrowserIsolationProps {
  /**
   * The internet zone the browsers run in: their network interfaces are in its workload subnets,
   * so they reach the internet only through the prefecture's security cloud.
   */
  readonly zone: InternetZone;

  /**
   * Sign-in of LGWAN staff (required): a SAML 2.0 identity provider, such as the one that enforces
   * their multi-factor authentication.
   */
  readonly identityProvider: BrowserSamlIdentityProvider;

  /**
   * Source addresses (IPv4 CIDR blocks) the portal admits: the public egress addresses of the
   * LGWAN terminals' screen-transfer path (the prefecture's or the municipality's). At least one;
   * never `0.0.0.0/0`. The portal is reached over HTTPS from these addresses only: no network path
   * is opened between the zones.
   */
  readonly allowedSourceCidrs: string[];

  /**
   * Where the URL and session access logs are kept: the audit-log archive (a `LogArchive` or
   * `LogArchiveReference`). They are delivered under `workspaces-web/`.
   */
  readonly logArchive: ILogArchive;

  /**
   * Transfers to allow, each with its reason.
   * @default - none: copy, paste, download, upload and print are all disabled
   */
  readonly allowTransfers?: BrowserTransferReasons;

  /**
   * How long a user may be idle before the session disconnects (whole minutes, 1 to 60).
   * @default Duration.minutes(15)
   */
  readonly idleTimeout?: Duration;

  /**
   * How long a disconnected session is kept before it ends and its browser is discarded (whole
   * minutes, 1 to 600).
   * @default Duration.minutes(15)
   */
  readonly disconnectTimeout?: Duration;

  /**
   * URLs (Chrome URL patterns) the browser may open; with any, every other URL is blocked.
   * @default - every URL not in `blockedUrls` (the security cloud filters the traffic)
   */
  readonly allowedUrls?: string[];

  /**
   * URLs (Chrome URL patterns) the browser refuses.
   * @default ['file://*'] (the browser's own file system)
   */
  readonly blockedUrls?: string[];

  /**
   * How long the access-log stream keeps records, so that a delivery outage loses none (1 to 365 days).
   * @default Duration.days(7)
   */
  readonly accessLogStreamRetention?: Duration;

  /**
   * Name of the role that delivers the access logs to the archive. Give one when the archive is in
   * another account: its bucket and key policies must name the role before it exists.
   * @default - a name generated by CloudFormation
   */
  readonly deliveryRoleName?: string;

  /**
   * Display name of the portal.
   * @default - none
   */
  readonly displayName?: string;
}

const TRANSFERS = [
  ['copy', 'CopyAllowed'],
  ['paste', 'PasteAllowed'],
  ['download', 'DownloadAllowed'],
  ['upload', 'UploadAllowed'],
  ['print', 'PrintAllowed'],
] as const;

/**
 * 画面転送 for LGWAN staff: an Amazon WorkSpaces Secure Browser portal whose browsers run in the
 * internet zone, so only pixels and keystrokes reach the LGWAN terminal. By default nothing else
 * crosses: copy, paste, download, upload and print are disabled (files from the internet reach
 * LGWAN only through the sanitizing transfer). The portal admits only the given source addresses
 * and a SAML identity provider's users; the browsers egress only through the zone (HTTP, HTTPS and
 * DNS), and every URL and session event is logged to a Kinesis data stream delivered to the
 * audit-log archive.
 */
export class InternetBrowserIsolation extends Construct {
  public readonly portal: workspacesweb.CfnPortal;
  public readonly userSettings: workspacesweb.CfnUserSettings;
  public readonly browserSettings: workspacesweb.CfnBrowserSettings;
  public readonly networkSettings: workspacesweb.CfnNetworkSettings;
  public readonly ipAccessSettings: workspacesweb.CfnIpAccessSettings;
  public readonly identityProvider: workspacesweb.CfnIdentityProvider;
  public readonly userAccessLoggingSettings: workspacesweb.CfnUserAccessLoggingSettings;
  /** The security group of the browsers' network interfaces. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The stream user access logs are written to (its name starts with `amazon-workspaces-web-`, as the service requires). */
  public readonly accessLogStream: kinesis.Stream;
  /** The delivery of the access-log stream to the log archive. */
  public readonly accessLogDelivery: firehose.CfnDeliveryStream;
  /** The role the delivery writes to the log archive with (the archive's bucket and key policies must admit it in another account). */
  public readonly deliveryRole: iam.Role;

  constructor(scope: Construct, id: string, props: InternetBrowserIsolationProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'InternetBrowserIsolation');
    const zone = props.zone as InternetZone | undefined;
    if (!zone) problems.add('zone is required: pass the InternetZone the browsers run in');
    else if (zone.zone !== Zone.INTERNET)
      problems.add(`zone: '${zone.node.path}' is not an InternetZone; the browsers run in the internet zone`);
    if (!props.logArchive) problems.add('logArchive is required: pass the LogArchive (or LogArchiveReference) that keeps audit logs');
    problems.addAll(identityProviderProblems(props.identityProvider));
    problems.addAll(sourceCidrProblems(props.allowedSourceCidrs));
    problems.addAll(transferProblems(props.allowTransfers ?? {}));
    problems.add(minutesProblem('idleTimeout', props.idleTimeout, 1, 60));
    problems.add(minutesProblem('disconnectTimeout', props.disconnectTimeout, 1, 600));
    problems.addAll(browserUrlProblems(props.allowedUrls, props.blockedUrls));
    const retention = props.accessLogStreamRetention ?? Duration.days(7);
    if (
      !Token.isUnresolved(retention.toMinutes()) &&
      (retention.toHours({ integral: false }) < 24 || retention.toHours({ integral: false }) > 8760)
    ) {
      problems.add(`accessLogStreamRetention: ${retention.toHumanString()} is outside 1 to 365 days, what Kinesis Data Streams keeps`);
    }
    if (props.deliveryRoleName !== undefined && !Token.isUnresolved(props.deliveryRoleName)) {
      if (!/^[\w+=,.@-]{1,64}$/.test(props.deliveryRoleName)) {
        problems.add(`deliveryRoleName: '${props.deliveryRoleName}' is not an IAM role name (1 to 64 letters, digits and +=,.@_-)`);
      }
    }
    problems.throwIfAny();
    const internetZone = zone!;

    // Network: the workload subnets, whose only way out is the security cloud.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: internetZone.vpc,
      description: 'lgsec: remote browsers of the internet zone: web and DNS egress only, no ingress',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS through the security cloud');
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP through the security cloud');
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(internetZone.cidr), ec2.Port.udp(53), 'DNS to the VPC resolver');
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(internetZone.cidr), ec2.Port.tcp(53), 'DNS to the VPC resolver');
    this.networkSettings = new workspacesweb.CfnNetworkSettings(this, 'NetworkSettings', {
      vpcId: internetZone.vpc.vpcId,
      subnetIds: internetZone.vpc.selectSubnets(internetZone.workloadSubnets).subnetIds,
      securityGroupIds: [this.securityGroup.securityGroupId],
    });

    // Only the LGWAN side's egress addresses reach the portal.
    this.ipAccessSettings = new workspacesweb.CfnIpAccessSettings(this, 'IpAccessSettings', {
      displayName: 'lgsec LGWAN egress',
      description: 'Source addresses of the LGWAN terminals screen-transfer path',
      ipRules: props.allowedSourceCidrs.map((ipRange) => ({ ipRange })),
    });

    const allowed = props.allowTransfers ?? {};
    const reasons: Record<string, string> = {};
    for (const [prop, cfn] of TRANSFERS) if (allowed[prop]) reasons[cfn] = allowed[prop]!;
    const setting = (prop: keyof BrowserTransferReasons) => (allowed[prop] ? 'Enabled' : 'Disabled');
    this.userSettings = new workspacesweb.CfnUserSettings(this, 'UserSettings', {
      copyAllowed: setting('copy'),
      pasteAllowed: setting('paste'),
      downloadAllowed: setting('download'),
      uploadAllowed: setting('upload'),
      printAllowed: setting('print'),
      idleDisconnectTimeoutInMinutes: (props.idleTimeout ?? Duration.minutes(15)).toMinutes(),
      disconnectTimeoutInMinutes: (props.disconnectTimeout ?? Duration.minutes(15)).toMinutes(),
    });
    if (Object.keys(reasons).length > 0) this.userSettings.addMetadata(TRANSFER_REASONS_METADATA, reasons);

    this.browserSettings = new workspacesweb.CfnBrowserSettings(this, 'BrowserSettings', {
      browserPolicy: browserPolicyJson(props.allowedUrls, props.blockedUrls ?? ['file://*']),
    });

    // URL and session access logs: a stream (the service writes only to streams named
    // amazon-workspaces-web-*, encrypted with the AWS managed key or not at all), delivered to the archive.
    this.accessLogStream = new kinesis.Stream(this, 'AccessLogStream', {
      streamName: `amazon-workspaces-web-${Names.uniqueResourceName(this, { maxLength: 80, separator: '-' })}`,
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: retention,
      shardCount: 1,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userAccessLoggingSettings = new workspacesweb.CfnUserAccessLoggingSettings(this, 'UserAccessLoggingSettings', {
      kinesisStreamArn: this.accessLogStream.streamArn,
    });
    const delivery = deliverToArchive(this, this.accessLogStream, props.logArchive, props.deliveryRoleName);
    this.accessLogDelivery = delivery.stream;
    this.deliveryRole = delivery.role;

    const idp = props.identityProvider;
    this.portal = new workspacesweb.CfnPortal(this, 'Portal', {
      displayName: props.displayName,
      authenticationType: 'Standard',
      networkSettingsArn: this.networkSettings.attrNetworkSettingsArn,
      ipAccessSettingsArn: this.ipAccessSettings.attrIpAccessSettingsArn,
      userSettingsArn: this.userSettings.attrUserSettingsArn,
      browserSettingsArn: this.browserSettings.attrBrowserSettingsArn,
      userAccessLoggingSettingsArn: this.userAccessLoggingSettings.attrUserAccessLoggingSettingsArn,
    });
    this.identityProvider = new workspacesweb.CfnIdentityProvider(this, 'IdentityProvider', {
      portalArn: this.portal.attrPortalArn,
      identityProviderName: idp.name ?? 'lgsec-saml',
      identityProviderType: 'SAML',
      identityProviderDetails: idp.metadataUrl ? { MetadataURL: idp.metadataUrl } : { MetadataFile: idp.metadataDocument! },
    });
    Tags.of(this).add(TAG_KEYS.zone, Zone.INTERNET);
  }
}

function deliverToArchive(
  scope: Construct,
  source: kinesis.Stream,
  archive: ILogArchive,
  roleName: string | undefined,
): { stream: firehose.CfnDeliveryStream; role: iam.Role } {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'DeliveryRole', {
    roleName,
    description: 'lgsec: delivers the remote browser access logs to the log archive',
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
    }),
    maxSessionDuration: Duration.hours(1),
  });
  source.grantRead(role);
  const prefixes = [`${BROWSER_ACCESS_LOG_PREFIX}/*`, `${BROWSER_ACCESS_LOG_PREFIX}-errors/*`];
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: prefixes.map((p) => archive.bucket.arnForObjects(p)),
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [archive.bucket.bucketArn],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [archive.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    }),
  );
  // The archive's key does not delegate to IAM: the archive must name the role. Within one stack
  // it is done here; an archive elsewhere names it with admitLogWriters and deliveryRoleName.
  if (archive instanceof LogArchive && Stack.of(archive) === stack) {
    admitLogWriters(archive, {
      roleArns: [role.roleArn],
      keyPrefixes: [BROWSER_ACCESS_LOG_PREFIX, `${BROWSER_ACCESS_LOG_PREFIX}-errors`],
    });
  }
  const errors = new EncryptedLogGroup(scope, 'DeliveryErrors', {
    purpose: `delivery errors of the remote browser access logs ${scope.node.path}`,
  });
  errors.logGroup.grantWrite(role);
  const stream = new firehose.CfnDeliveryStream(scope, 'AccessLogDelivery', {
    deliveryStreamType: 'KinesisStreamAsSource',
    kinesisStreamSourceConfiguration: { kinesisStreamArn: source.streamArn, roleArn: role.roleArn },
    extendedS3DestinationConfiguration: {
      bucketArn: archive.bucket.bucketArn,
      roleArn: role.roleArn,
      prefix: `${BROWSER_ACCESS_LOG_PREFIX}/!{timestamp:yyyy/MM/dd}/`,
      errorOutputPrefix: `${BROWSER_ACCESS_LOG_PREFIX}-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
      compressionFormat: 'GZIP',
      encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: archive.encryptionKey.keyArn } },
      cloudWatchLoggingOptions: { enabled: true, logGroupName: errors.logGroup.logGroupName, logStreamName: 'S3Delivery' },
    },
  });
  // The role's policy must exist before Firehose first reads the stream with it.
  stream.node.addDependency(role);
  Validations.of(stream).acknowledge({
    id: 'AwsSolutions-KDF1',
    reason:
      'A delivery stream whose source is a Kinesis data stream takes no server-side encryption of its own: ' +
      'records are encrypted in the source stream, and objects in the archive with its key.',
  });
  acknowledgeWildcards(
    role,
    'The delivery writes objects under its own prefixes of the log archive (workspaces-web/, workspaces-web-errors/), ' +
      'named by Firehose by time; no other prefix.',
  );
  return { stream, role };
}

function identityProviderProblems(idp: BrowserSamlIdentityProvider | undefined): string[] {
  if (!idp) {
    return [
      'identityProvider is required: pass the SAML 2.0 identity provider staff sign in with ({ metadataUrl } or { metadataDocument })',
    ];
  }
  const given = [idp.metadataUrl, idp.metadataDocument].filter((v) => v !== undefined && v !== '');
  if (given.length !== 1) {
    return [`identityProvider: give exactly one of metadataUrl and metadataDocument (${given.length} given)`];
  }
  if (idp.metadataUrl && !Token.isUnresolved(idp.metadataUrl) && !/^https:\/\/\S+$/.test(idp.metadataUrl)) {
    return [`identityProvider.metadataUrl: '${idp.metadataUrl}' is not an HTTPS URL`];
  }
  return [];
}

function transferProblems(reasons: BrowserTransferReasons): string[] {
  return TRANSFERS.flatMap(([prop]) => {
    const reason = reasons[prop];
    if (reason === undefined) return [];
    return reason.trim().length < MIN_TRANSFER_REASON_LENGTH
      ? [
          `allowTransfers.${prop}: '${reason}' is not a reason; say in at least ${MIN_TRANSFER_REASON_LENGTH} characters ` +
            `why ${prop} must be allowed, or leave it out to keep it disabled`,
        ]
      : [];
  });
}

function minutesProblem(prop: string, value: Duration | undefined, min: number, max: number): string | undefined {
  if (value === undefined || Token.isUnresolved(value.toSeconds())) return undefined;
  const seconds = value.toSeconds();
  if (seconds % 60 !== 0 || seconds / 60 < min || seconds / 60 > max) {
    return `${prop}: ${value.toHumanString()} is not a whole number of minutes from ${min} to ${max}`;
  }
  return undefined;
}
