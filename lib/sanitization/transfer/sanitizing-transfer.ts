import * as fs from 'fs';
import { createHash } from 'crypto';
import { Annotations, Duration, Lazy, RemovalPolicy, Size, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Classification, classificationProblems } from '../../policy/classification';
import { Purpose, TAG_KEYS } from '../../policy/tags';
import { Zone } from '../../policy/zone';
import { EncryptedLogGroup } from '../../private/encrypted-log-group';
import { createLeastPrivilegeKey } from '../../private/keys';
import { PropsProblems } from '../../private/validation';
import { AccessLogBucket } from '../../storage/access-log-bucket';
import { AuditedBucket } from '../../storage/audited-bucket';
import { BucketLifecycle } from '../../storage/lifecycle';
import { acknowledgeWildcards } from '../../private/acknowledge-wildcards';
import { InternetZone } from '../../zones/internet-zone';
import { LgwanZone } from '../../zones/lgwan-zone';
import { BuiltinSanitizerOptions, checkSanitizerOptions } from '../options';
import { AUDIT_RECORD_PREFIX, TRANSFER_ENV } from '../handler/config';
import { TRANSFER_METRICS, TRANSFER_METRICS_NAMESPACE } from '../handler/metrics';
import { QuarantineCode, SanitizeVerdict } from '../types';
import { emailProblems } from '../../audit/private/notification-topic';
import { alarmTopicOf } from '../../private/alarm-topic';
import { qpdfWasmPath } from '../qpdf-wasm-file';
import { BUILT_FROM_FILE, builtinHandlerBundle, localEsbuildFound } from './private/handler-bundle';
import { zoneInterfaceEndpoints, zoneS3Endpoint } from './private/endpoints';
import { sanitizerSubnetProblems, sanitizerSubnets } from './private/subnets';
import { lambdaVpcAccessStatement } from '../../private/lambda-vpc-access';

const MiB = 1024 * 1024;

/** Classifications of the transfer's four buckets (policy 7.2). */
export interface SanitizingTransferClassifications {
  /**
   * Files as the internet zone sent them: untrusted, possibly personal information (C2); in
   * transit only, removed once processed, the sender keeps the original (I1, A1).
   * @default { confidentiality: 2, integrity: 1, availability: 1 }
   */
  readonly inbox?: Classification;
  /**
   * Sanitized files for the LGWAN zone: municipal business documents (C2); tampering would put
   * content past the sanitizer, so history is kept (I2); a transfer can be repeated (A1).
   * @default { confidentiality: 2, integrity: 2, availability: 1 }
   */
  readonly outbox?: Classification;
  /**
   * Hostile or unreadable files as received: evidence for incident response, kept unaltered (C2, I2, A1).
   * @default { confidentiality: 2, integrity: 2, availability: 1 }
   */
  readonly quarantine?: Classification;
  /**
   * One JSON record per inbox object (hashes, verdict, actions): audit evidence, never altered
   * (C2: names of files and senders; I2 with Object Lock; A1). Integrity must be 2.
   * @default { confidentiality: 2, integrity: 2, availability: 1 }
   */
  readonly auditRecords?: Classification;
}

/**
 * The internet zone in another account, by attributes (no construct of another account can be
 * referenced). Place a `SanitizingTransferWriter` with the same `accountId`-side values in the
 * internet zone's stack: it creates the writer role and opens the zone's S3 endpoint to the inbox.
 */
export interface SanitizingTransferInternetSide {
  /** The internet zone's account: its writer role is the only principal that writes into the inbox. */
  readonly accountId: string;
  /**
   * Names this transfer on both sides: the inbox bucket is `lgsec-inbox-<linkName>-<LGWAN account>-<region>`
   * and the writer role `lgsec-transfer-writer-<linkName>`. Lowercase letters, digits and hyphens, at most 20.
   * @default 'main'
   */
  readonly linkName?: string;
  /**
   * Id of the internet zone's S3 gateway endpoint (the `SanitizingTransferWriter`'s
   * `s3EndpointId`, a deploy-time value of the internet account): writes are refused unless
   * they come through it.
   * @default - writes are not bound to an endpoint, only to the writer role (a synth warning says so)
   */
  readonly s3EndpointId?: string;
}

export interface SanitizingTransferProps {
  /**
   * Where files come from, when it is in this account: its workloads write to the inbox through
   * the writer role. Give `internetSide` instead when the internet zone is in another account.
   * @default - none: `internetSide` must be given
   */
  readonly internetZone?: InternetZone;
  /**
   * Where files come from, when the internet zone is in another account (the multi-account layout).
   * @default - none: `internetZone` must be given
   */
  readonly internetSide?: SanitizingTransferInternetSide;
  /** Where files go: the sanitizer runs in its isolated subnets and the outbox is readable from it. */
  readonly lgwanZone: LgwanZone;

  /**
   * Principals allowed to assume the writer role (for example the instance or task roles of
   * the internet zone's file-receiving workloads). More can be added with `addWriter`. Not with
   * `internetSide`: the writer role is then the `SanitizingTransferWriter`'s.
   * @default - the account: principals of this account whose IAM policies allow `sts:AssumeRole` on the writer role
   */
  readonly writers?: iam.IPrincipal[];

  /**
   * Options of the built-in sanitizer engine run by the function (limits, text encoding, …).
   * @default - the engine's defaults
   */
  readonly engineOptions?: BuiltinSanitizerOptions;

  /**
   * Your own function code instead of the built-in handler: a TypeScript or JavaScript file
   * exporting `handler`, typically a `TransferProcessor` (configured with
   * `transferConfigFromEnv(process.env)`) around `chainEngines(new BuiltinSanitizerEngine(), yourCdrEngine)`.
   * It is bundled at synth time by aws-cdk-lib's `NodejsFunction` (minified, with a source map,
   * the AWS SDK left to the runtime, `qpdf.wasm` copied beside it), which needs esbuild in your
   * app: `npm install --save-dev esbuild` (without it, construction fails and says so; there is
   * no Docker fallback). A chained engine reached over the network needs its own egress rule on
   * `securityGroup`.
   * @default - the built-in handler, running `BuiltinSanitizerEngine`, bundled when lgsec-cdk was
   * built: synth runs no bundler and needs no esbuild
   */
  readonly sanitizerEntry?: string;

  /**
   * Largest object the function reads. Larger objects are quarantined by a server-side copy,
   * unread. At most the engine's `limits.maxInputBytes`.
   * @default - the engine's `limits.maxInputBytes` (100 MiB unless set)
   */
  readonly maxObjectSize?: Size;

  /** @default - see SanitizingTransferClassifications */
  readonly classifications?: SanitizingTransferClassifications;

  /**
   * How long audit records are locked (S3 Object Lock, COMPLIANCE mode: nobody can delete or
   * overwrite them before), in whole days, at least 365 (7.7).
   * @default Duration.days(1825) (five years)
   */
  readonly auditRecordRetention?: Duration;

  /**
   * Retention and archive tiers of the outbox.
   * @default - delivered files are kept indefinitely
   */
  readonly outboxLifecycle?: BucketLifecycle;

  /**
   * Retention and archive tiers of the quarantine.
   * @default - quarantined files are kept indefinitely
   */
  readonly quarantineLifecycle?: BucketLifecycle;

  /**
   * Where the buckets deliver their server access logs.
   * @default - a new `AccessLogBucket` shared by the transfer's buckets
   */
  readonly accessLogBucket?: AccessLogBucket;

  /**
   * Memory of the function, in MiB. Sized for the limits: the object, its sanitized copy and
   * the engine's inflated content are held in memory at once.
   * @default - 512 MiB plus three times `maxObjectSize` plus the engine's `maxInflatedBytes`, rounded up to 128 MiB, at least 1024
   */
  readonly memorySize?: number;

  /**
   * Timeout of one invocation (a batch of objects, processed one after the other).
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;

  /**
   * Reserved concurrency of the function: an upper bound on parallel sanitizing (and on
   * memory use), and the event source's maximum concurrency, so that SQS is never throttled
   * into sending messages to the dead-letter queue. At least 2.
   * @default 5
   */
  readonly reservedConcurrency?: number;

  /**
   * Messages (S3 events) per invocation, 1 to 10, processed one after the other; failed ones are
   * reported as batch item failures and retried alone. One is the safe choice for hostile
   * input: an object that crashes the function or makes it time out returns no batch response,
   * so its batch-mates would share its failed attempts (and, after `maxReceiveCount`, its
   * quarantine).
   * @default 1
   */
  readonly batchSize?: number;

  /**
   * Deliveries of a message before it goes to the dead-letter queue. On the last one, an object
   * the engine keeps failing on is quarantined, so every inbox object ends delivered or
   * quarantined.
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * Quarantine, unread, every object whose S3 event reached the dead-letter queue (the function
   * failed on it `maxReceiveCount` times: a crash, a timeout, a persistent error), so that every
   * inbox object ends delivered or quarantined. The function consumes the dead-letter queue for
   * this. With `false`, such events stay in the dead-letter queue for an operator to redrive.
   * @default true
   */
  readonly quarantineDeadLetters?: boolean;

  /**
   * Interface endpoints to add to the LGWAN zone for the function. The function itself needs
   * none: it reaches only S3 (gateway endpoint), while SQS polling, KMS use for SSE-KMS and log
   * delivery are done by AWS services on its behalf. Add them for code that needs them.
   * @default - none
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * Id of the region's S3 managed prefix list (`com.amazonaws.<region>.s3`, e.g. from
   * `aws ec2 describe-managed-prefix-lists`): the function's security group admits HTTPS to it
   * only. The function parses hostile files, so it fails closed: without the id its security
   * group admits no egress at all and the function cannot reach S3 (a synth warning says so).
   * @default - no egress
   */
  readonly s3PrefixListId?: string;

  /**
   * Topic notified by the transfer's alarms (messages in the dead-letter queue, a growing backlog).
   * @default - a new KMS-encrypted topic, subscribed by `alarmEmails`
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the transfer's own alarm topic (when there is no `alarmTopic`).
   * @default - none: the topic then has no subscriber, which the rule pack reports
   * (LGSEC-ALARM-ACTION) until one is added
   */
  readonly alarmEmails?: string[];

  /**
   * Roles (incident responders, forensics) that may read the quarantine: the unsanitized
   * originals. Nobody else reads it, the function aside (it checks what an earlier attempt wrote).
   * @default - none
   */
  readonly quarantineReaders?: iam.IRole[];

  /**
   * Name of the writer role, when the internet zone is in this account. A named role can be
   * assumed by a workload of another stack of the account (a `SanitizingMailGateway` in the
   * internet zone's stack) without a cross-stack reference, which would form a cycle with the
   * transfer's own reference to the internet zone. Not with `internetSide`, whose writer role is
   * always named (`lgsec-transfer-writer-<linkName>`).
   * @default - a name CloudFormation generates
   */
  readonly writerRoleName?: string;

  /**
   * IPv4 CIDRs of the function's own subnets in the LGWAN VPC, one per Availability Zone of the
   * VPC. Their route tables hold only the S3 gateway endpoint: no route to the LGWAN link, no
   * VPN propagation, so code that takes over the function finds no network beyond S3.
   * @default - the last /28 blocks of the VPC's CIDR, one per Availability Zone
   */
  readonly sanitizerSubnetCidrs?: string[];
}

const DEFAULT_CLASSIFICATIONS: Required<SanitizingTransferClassifications> = {
  inbox: { confidentiality: 2, integrity: 1, availability: 1 },
  outbox: { confidentiality: 2, integrity: 2, availability: 1 },
  quarantine: { confidentiality: 2, integrity: 2, availability: 1 },
  auditRecords: { confidentiality: 2, integrity: 2, availability: 1 },
};

/**
 * 無害化通信 (policy 7.3.b): the one path for files from the internet zone into the LGWAN zone.
 *
 * Workloads of the internet zone assume the writer role and put files into the inbox bucket,
 * through the internet zone's S3 gateway endpoint; the bucket policy refuses every other
 * writer and every other network path, and nobody but the sanitizer reads the inbox. Each new
 * object is announced on an encrypted SQS queue (with a dead-letter queue and alarms) to a
 * Lambda function in the LGWAN zone's isolated subnets, which reaches nothing but S3 through a
 * gateway endpoint. The function runs the sanitizer engine; delivered files go to the outbox
 * (readable only from the LGWAN zone), everything else, as received, to the quarantine; an
 * audit record (hashes in and out, verdict, actions, time) goes to an Object Lock bucket; only
 * then is the inbox object deleted. Retries are safe at any point; an object the function keeps
 * failing on (crash, timeout) reaches the dead-letter queue, from which the function quarantines
 * it unread, so every inbox object ends delivered or quarantined. Only the function writes to
 * the outbox, the quarantine and the audit records. All four buckets are `AuditedBucket`s; they and the writer role carry
 * `lgsec:purpose=sanitizing-transfer`, which the rule pack recognizes as the allowed writer.
 *
 * Across accounts (the internet zone in its own account), give `internetSide` instead of
 * `internetZone` and place a `SanitizingTransferWriter` in the internet zone's stack: the two
 * name each other by ids (the inbox `lgsec-inbox-<linkName>-<LGWAN account>-<region>`, the
 * role `lgsec-transfer-writer-<linkName>`), never by a cross-stack reference.
 *
 * Keys: an inbox object `dept/report.docm` is delivered as `dept/<transfer id>/report.docx`
 * (or quarantined as `dept/<transfer id>/report.docm`), with its audit record at
 * `records/YYYY/MM/DD/<transfer id>.json`; the transfer id derives from the inbox key and version.
 *
 * ```ts
 * const transfer = new SanitizingTransfer(lgwanStack, 'SanitizingTransfer', {
 *   internetZone, lgwanZone,
 *   writers: [mailGatewayRole],          // internet zone workloads that receive files
 *   alarmTopic: securityTopic,
 * });
 * transfer.grantReadOutbox(fileServerRole); // an LGWAN zone workload
 * ```
 */
export class SanitizingTransfer extends Construct {
  public readonly inbox: AuditedBucket;
  public readonly outbox: AuditedBucket;
  public readonly quarantine: AuditedBucket;
  public readonly auditRecords: AuditedBucket;
  public readonly accessLogBucket: AccessLogBucket;
  /**
   * The role internet zone workloads assume to write to the inbox. With `internetSide`, a
   * reference to the `SanitizingTransferWriter`'s role in the internet account.
   */
  public readonly writerRole: iam.IRole;
  /** The sanitizing function's execution role. */
  public readonly sanitizerRole: iam.Role;
  /**
   * The sanitizing function: a `lambda.Function` running the prebuilt built-in handler, or a
   * `NodejsFunction` bundling `sanitizerEntry`.
   */
  public readonly sanitizer: lambda.Function;
  public readonly logGroup: logs.ILogGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly queueKey: kms.Key;
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly backlogAlarm: cloudwatch.Alarm;
  /** Files quarantined because the sanitizer could not finish them (engine errors, crashes, timeouts). */
  public readonly unfinishedAlarm: cloudwatch.Alarm;
  /**
   * The S3 gateway endpoint the internet zone writes through; with `internetSide`, a reference
   * to its `s3EndpointId`, or undefined without one.
   */
  public readonly internetZoneS3Endpoint?: ec2.IGatewayVpcEndpoint;
  /** The internet zone's account, when it is not this one (`internetSide`). */
  public readonly internetAccountId?: string;
  /** The S3 gateway endpoint of the LGWAN zone (the function's only way to S3). */
  public readonly lgwanZoneS3Endpoint: ec2.IGatewayVpcEndpoint;
  /** Largest object read by the function, in bytes. */
  public readonly maxObjectBytes: number;
  /** The function's own subnets (route tables with the S3 gateway endpoint only). */
  public readonly sanitizerSubnets: ec2.Subnet[];
  /** The topic the transfer's alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The inbox bucket's name, known at synthesis (other stacks name the inbox by it, never by a reference). */
  public readonly inboxBucketName: string;
  /** The writer role's name, when it is known at synthesis (`writerRoleName`, or `internetSide`). */
  public readonly writerRoleName?: string;

  constructor(scope: Construct, id: string, props: SanitizingTransferProps) {
    super(scope, id);
    const settings = resolveSettings(this, props);
    this.inboxBucketName = settings.inboxBucketName;
    this.writerRoleName = props.internetSide ? writerRoleName(props.internetSide.linkName) : props.writerRoleName;
    this.maxObjectBytes = settings.maxObjectBytes;
    this.internetZoneS3Endpoint = this.internetZoneEndpoint(props);
    this.internetAccountId = props.internetSide?.accountId;
    this.lgwanZoneS3Endpoint = zoneS3Endpoint(props.lgwanZone, props.lgwanZone.workloadSubnets).endpoint;

    const buckets = this.createBuckets(props, settings);
    this.accessLogBucket = buckets.accessLogBucket;
    this.inbox = buckets.inbox;
    this.outbox = buckets.outbox;
    this.quarantine = buckets.quarantine;
    this.auditRecords = buckets.auditRecords;
    this.writerRole = this.createWriterRole(props);

    const queues = this.createQueues(settings);
    this.queueKey = queues.queueKey;
    this.deadLetterQueue = queues.deadLetterQueue;
    this.queue = queues.queue;
    this.announceInboxObjects(settings);

    const network = this.createNetwork(props, settings);
    this.sanitizerSubnets = network.sanitizerSubnets;
    this.securityGroup = network.securityGroup;

    const sanitizer = this.createSanitizer(props, settings);
    this.logGroup = sanitizer.logGroup;
    this.sanitizerRole = sanitizer.sanitizerRole;
    this.sanitizer = sanitizer.sanitizer;
    this.bindRoleToSanitizer();
    this.consumeQueues(props, settings);

    this.addBucketPolicies(props);

    const alarms = this.createAlarms(props);
    this.deadLetterAlarm = alarms.deadLetterAlarm;
    this.backlogAlarm = alarms.backlogAlarm;
    this.unfinishedAlarm = alarms.unfinishedAlarm;
    this.alarmTopic = alarms.alarmTopic;
    for (const reader of props.quarantineReaders ?? []) this.quarantine.bucket.grantRead(reader);

    this.restrictEgress(props);
    this.acknowledgeFindings();
  }

  /** The internet zone's S3 gateway endpoint: the zone's own, or a reference to the other account's by id. */
  private internetZoneEndpoint(props: SanitizingTransferProps): ec2.IGatewayVpcEndpoint | undefined {
    if (props.internetZone) {
      return zoneS3Endpoint(props.internetZone, props.internetZone.workloadSubnets).endpoint;
    } else if (props.internetSide?.s3EndpointId) {
      const id = props.internetSide.s3EndpointId;
      return ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(this, 'InternetZoneS3Endpoint', id);
    }
    return undefined;
  }

  /** The four buckets (inbox, outbox, quarantine, audit records) and the one their access logs go to. */
  private createBuckets(props: SanitizingTransferProps, settings: ResolvedSettings) {
    const accessLogBucket = props.accessLogBucket ?? new AccessLogBucket(this, 'AccessLogs');
    if (!props.accessLogBucket) Tags.of(accessLogBucket.bucket).add(TAG_KEYS.zone, Zone.LGWAN);
    const classifications = settings.classifications;
    // In the LGWAN zone explicitly: its endpoint lists them and they refuse foreign encryption, whatever else the stack holds.
    const common = { accessLogBucket, purpose: Purpose.SANITIZING_TRANSFER, zone: props.lgwanZone };
    const inbox = new AuditedBucket(this, 'Inbox', {
      ...common,
      classification: classifications.inbox,
      // Each event names a version: the function reads exactly what was announced, even if the
      // key is written again before it gets there.
      versioned: true,
      // Named, so the queue policy can name the bucket without a dependency cycle (S3 checks
      // the queue policy when the notification is configured).
      bucketName: settings.inboxBucketName,
      // The writer sends from the internet zone, outside the LGWAN zone's perimeter; its own
      // statements below bind it to the internet zone's endpoint.
      dataPerimeterExemptPrincipalArns: [Lazy.string({ produce: () => this.writerRole.roleArn })],
      lifecycle: { abortIncompleteMultipartUploadAfter: Duration.days(1) },
    });
    const outbox = new AuditedBucket(this, 'Outbox', {
      ...common,
      classification: classifications.outbox,
      lifecycle: props.outboxLifecycle,
    });
    const quarantine = new AuditedBucket(this, 'Quarantine', {
      ...common,
      classification: classifications.quarantine,
      // Incident responders read the originals from wherever they work.
      dataPerimeterExemptPrincipalArns: (props.quarantineReaders ?? []).map((role) => role.roleArn),
      lifecycle: props.quarantineLifecycle,
    });
    const auditRecords = new AuditedBucket(this, 'AuditRecords', {
      ...common,
      classification: classifications.auditRecords,
      objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: settings.auditRecordRetention },
    });
    // The buckets belong to the LGWAN side, so the rule pack checks that no internet-zone
    // principal but the transfer's writer can write into them (control 18).
    for (const bucket of [inbox, outbox, quarantine, auditRecords]) {
      Tags.of(bucket.bucket).add(TAG_KEYS.zone, Zone.LGWAN);
    }
    return { accessLogBucket, inbox, outbox, quarantine, auditRecords };
  }

  /**
   * The role that writes into the inbox: a new one, assumed by the internet zone's workloads, or
   * with `internetSide` the other account's (the `SanitizingTransferWriter`'s), named, never imported.
   */
  private createWriterRole(props: SanitizingTransferProps): iam.IRole {
    const side = props.internetSide;
    if (side) {
      const writerArn = `arn:${Stack.of(this).partition}:iam::${side.accountId}:role/${writerRoleName(side.linkName)}`;
      const imported = iam.Role.fromRoleArn(this, 'WriterRole', writerArn, { mutable: false });
      this.admitCrossAccountWriter(side, writerArn);
      return imported;
    }
    const writerRole = new iam.Role(this, 'WriterRole', {
      roleName: props.writerRoleName,
      description: 'lgsec: internet zone workloads write files into the sanitizing transfer ' + `${this.node.path} with this role`,
      assumedBy: props.writers && props.writers.length > 0 ? new iam.CompositePrincipal(...props.writers) : new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(writerRole).add(TAG_KEYS.purpose, Purpose.SANITIZING_TRANSFER);
    Tags.of(writerRole).add(TAG_KEYS.zone, Zone.INTERNET);
    writerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteToInbox',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [this.inbox.bucket.arnForObjects('*')],
      }),
    );
    writerRole.addToPrincipalPolicy(keyUse('EncryptInbox', this.inbox, ['kms:GenerateDataKey', 'kms:Decrypt']));
    acknowledgeWildcards(
      writerRole,
      "The writer puts objects of any key into exactly the transfer's inbox bucket " +
        '(bucket/*: file names are chosen by the sending workloads).',
    );
    return writerRole;
  }

  /** The event queue, its dead-letter queue and their key, which S3 may use to send the events. */
  private createQueues(settings: ResolvedSettings) {
    const stack = Stack.of(this);
    const queueKey = createLeastPrivilegeKey(this, 'QueueKey', {
      purpose: `the S3 event queues of the sanitizing transfer ${this.node.path}`,
      viaService: 'sqs',
    });
    queueKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3SendsInboxEvents',
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': `arn:${stack.partition}:s3:::${settings.inboxBucketName}` },
        },
      }),
    );
    // Retained like the buckets: the queues hold the only record of files not yet sanitized.
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // The function may consume this queue too (quarantineDeadLetters).
      visibilityTimeout: Duration.seconds(settings.timeout.toSeconds() * 6),
    });
    const queue = new sqs.Queue(this, 'Queue', {
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      // Several times the function's timeout, as AWS advises for SQS event sources, so a
      // message is not delivered again while a slow batch is still at work.
      visibilityTimeout: Duration.seconds(settings.timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
    return { queueKey, deadLetterQueue, queue };
  }

  /** The inbox announces each new object on the queue, which admits the inbox's events only. */
  private announceInboxObjects(settings: ResolvedSettings): void {
    const stack = Stack.of(this);
    const queuePolicy = this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InboxSendsObjectCreatedEvents',
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': `arn:${stack.partition}:s3:::${settings.inboxBucketName}` },
        },
      }),
    );
    const cfnInbox = this.inbox.bucket.node.defaultChild as s3.CfnBucket;
    cfnInbox.notificationConfiguration = {
      queueConfigurations: [{ event: 's3:ObjectCreated:*', queue: this.queue.queueArn }],
    };
    cfnInbox.node.addDependency(queuePolicy.policyDependable!);
  }

  /**
   * The function's network: subnets of its own whose route tables know only the S3 gateway
   * endpoint, its security group (egress set last, `restrictEgress`) and any interface endpoints.
   */
  private createNetwork(props: SanitizingTransferProps, settings: ResolvedSettings) {
    const subnets = sanitizerSubnets(this, props.lgwanZone, props.sanitizerSubnetCidrs);
    const endpointResource = this.lgwanZoneS3Endpoint.node.defaultChild;
    if (endpointResource instanceof ec2.CfnVPCEndpoint) {
      const existing = endpointResource.routeTableIds ?? [];
      endpointResource.routeTableIds = [...existing, ...subnets.map((subnet) => subnet.routeTable.routeTableId)];
    }
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.lgwanZone.vpc,
      description: 'Sanitizing transfer function: HTTPS to S3 through the gateway endpoint, nothing in',
      allowAllOutbound: false,
    });
    if (!props.s3PrefixListId) {
      Annotations.of(this).addWarningV2(
        'lgsec:sanitizing-transfer-no-s3-prefix-list',
        "No s3PrefixListId: the sanitizer's security group admits no egress, so it cannot reach S3. Give the region's S3 prefix list id " +
          '(aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.s3).',
      );
    }
    if (settings.interfaceEndpoints.length > 0) {
      zoneInterfaceEndpoints(props.lgwanZone, { subnets }, settings.interfaceEndpoints, securityGroup);
    }
    return { sanitizerSubnets: subnets, securityGroup };
  }

  /** The function, its execution role and its log group. */
  private createSanitizer(props: SanitizingTransferProps, settings: ResolvedSettings) {
    const logGroup = new EncryptedLogGroup(this, 'LogGroup', { purpose: `the logs of the sanitizing transfer ${this.node.path}` });
    const sanitizerRole = new iam.Role(this, 'SanitizerRole', {
      description: `lgsec: the sanitizing function of ${this.node.path}`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(sanitizerRole).add(TAG_KEYS.zone, Zone.LGWAN);
    this.grantSanitizerAccess(sanitizerRole, logGroup.logGroup);

    const quarantineDeadLetters = props.quarantineDeadLetters ?? true;
    const functionProps: lambda.FunctionOptions = {
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      reservedConcurrentExecutions: settings.reservedConcurrency,
      role: sanitizerRole,
      logGroup: logGroup.logGroup,
      vpc: props.lgwanZone.vpc,
      vpcSubnets: { subnets: this.sanitizerSubnets },
      securityGroups: [this.securityGroup],
      description: `lgsec: sanitizes files from the internet zone for the LGWAN zone (${this.node.path})`,
      environment: {
        [TRANSFER_ENV.inboxBucket]: this.inbox.bucketName,
        [TRANSFER_ENV.outboxBucket]: this.outbox.bucketName,
        [TRANSFER_ENV.quarantineBucket]: this.quarantine.bucketName,
        [TRANSFER_ENV.auditBucket]: this.auditRecords.bucketName,
        [TRANSFER_ENV.maxObjectBytes]: String(settings.maxObjectBytes),
        [TRANSFER_ENV.maxReceiveCount]: String(settings.maxReceiveCount),
        [TRANSFER_ENV.engineOptions]: JSON.stringify(props.engineOptions ?? {}),
        [TRANSFER_ENV.transferName]: this.node.path,
        ...(quarantineDeadLetters ? { [TRANSFER_ENV.deadLetterQueueArn]: this.deadLetterQueue.queueArn } : {}),
        NODE_OPTIONS: '--enable-source-maps',
      },
    };
    const sanitizer =
      props.sanitizerEntry === undefined
        ? // The built-in handler, bundled when lgsec-cdk was built: synth runs no bundler.
          new lambda.Function(this, 'Sanitizer', {
            ...functionProps,
            runtime: SANITIZER_RUNTIME,
            code: lambda.Code.fromAsset(builtinHandlerBundle(), { exclude: [BUILT_FROM_FILE] }),
            handler: 'index.handler',
          })
        : new nodejs.NodejsFunction(this, 'Sanitizer', {
            ...functionProps,
            runtime: SANITIZER_RUNTIME,
            entry: props.sanitizerEntry,
            handler: 'handler',
            bundling: customEntryBundling(),
          });
    sanitizer.node.addDependency(sanitizerRole);
    Tags.of(sanitizer).add(TAG_KEYS.purpose, Purpose.SANITIZING_TRANSFER);
    Tags.of(sanitizer).add(TAG_KEYS.zone, Zone.LGWAN);
    return { logGroup: logGroup.logGroup, sanitizerRole, sanitizer };
  }

  /**
   * Lambda's trust cannot name one function; its credentials carry the function's ARN
   * (lambda:SourceFunctionArn) on calls from the code, so another function given this role
   * reaches no bucket. A separate policy: the function does not wait for it, so no cycle.
   */
  private bindRoleToSanitizer(): void {
    new iam.Policy(this, 'SanitizerRoleBoundToFunction', {
      roles: [this.sanitizerRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'OnlyThisFunctionUsesS3',
          effect: iam.Effect.DENY,
          actions: ['s3:*'],
          resources: ['*'],
          conditions: { ArnNotEquals: { 'lambda:SourceFunctionArn': this.sanitizer.functionArn } },
        }),
      ],
    });
  }

  /** The function consumes the event queue and, unless `quarantineDeadLetters` is false, the dead-letter queue. */
  private consumeQueues(props: SanitizingTransferProps, settings: ResolvedSettings): void {
    this.sanitizer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: settings.reservedConcurrency,
      }),
    );
    if (props.quarantineDeadLetters ?? true) {
      this.sanitizer.addEventSource(
        new SqsEventSource(this.deadLetterQueue, {
          batchSize: 1,
          reportBatchItemFailures: true,
          maxConcurrency: 2,
        }),
      );
    }
  }

  /** The transfer's alarms and the topic they notify. */
  private createAlarms(props: SanitizingTransferProps) {
    const deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `Sanitizing transfer ${this.node.path}: S3 events waiting in the dead-letter queue. Their inbox objects are neither delivered nor quarantined yet; find why in the function's logs.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const backlogAlarm = new cloudwatch.Alarm(this, 'BacklogAlarm', {
      alarmDescription: `Sanitizing transfer ${this.node.path}: the oldest S3 event has waited over an hour; files are not reaching the LGWAN zone.`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 3600,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unfinishedAlarm = new cloudwatch.Alarm(this, 'UnfinishedAlarm', {
      alarmDescription: `Sanitizing transfer ${this.node.path}: files quarantined because the sanitizer could not finish them (crash, timeout or persistent error). Find why in the function's logs; release them from the quarantine only after review.`,
      metric: this.metricQuarantined('engine-failure'),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const alarmTopic = alarmTopicOf(this, props.alarmTopic, {
      ids: { key: 'AlarmKey', topic: 'AlarmTopic' },
      purpose: `the alarm topic of the sanitizing transfer ${this.node.path}`,
      displayName: 'Sanitizing transfer alarms',
      emails: props.alarmEmails,
    });
    for (const alarm of [deadLetterAlarm, backlogAlarm, unfinishedAlarm]) {
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
    }
    return { deadLetterAlarm, backlogAlarm, unfinishedAlarm, alarmTopic };
  }

  /**
   * The security group's egress: HTTPS to the S3 prefix list, or nothing. Written inline, always:
   * aws-cdk-lib renders prefix-list and security-group peers as separate egress resources and
   * then drops its inline placeholder, and a security group created without inline egress keeps
   * EC2's default allow-all rule.
   */
  private restrictEgress(props: SanitizingTransferProps): void {
    (this.securityGroup.node.defaultChild as ec2.CfnSecurityGroup).securityGroupEgress = [
      props.s3PrefixListId
        ? {
            ipProtocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            destinationPrefixListId: props.s3PrefixListId,
            description: 'HTTPS to S3 (gateway endpoint)',
          }
        : { ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'Disallow all traffic' },
    ];
  }

  /** Findings of the rule packs that the design answers, with the reason. */
  private acknowledgeFindings(): void {
    acknowledgeWildcards(
      this.sanitizerRole,
      'The function reads, writes and deletes objects of exactly its own four buckets (bucket/*: object keys are only known at run time), and Lambda needs ec2:*NetworkInterface* on any resource to attach the function to its VPC subnets.',
    );
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the dead-letter queue of the transfer's event queue; a dead-letter queue has none of its own.",
    });
  }

  /** Lets a principal assume the writer role (and so write into the inbox from the internet zone). */
  public addWriter(principal: iam.IPrincipal): void {
    if (!(this.writerRole instanceof iam.Role)) {
      throw new Error(
        `SanitizingTransfer '${this.node.path}': the writer role is in the internet account (internetSide); add writers to the SanitizingTransferWriter in the internet zone's stack`,
      );
    }
    this.writerRole.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [principal],
      }),
    );
  }

  /**
   * Inbox objects that reached a final outcome (published by the function as embedded metrics),
   * for one verdict or, by default, all of them.
   * @default - sum over 5 minutes
   */
  public metricFiles(verdict?: SanitizeVerdict, props: cloudwatch.MetricOptions = {}): cloudwatch.IMetric {
    return this.outcomeMetric(TRANSFER_METRICS.files, verdict, props);
  }

  /**
   * Files quarantined for one reason code (`engine-failure`, `executable`, `compression-bomb`, …).
   * @default - sum over 5 minutes
   */
  public metricQuarantined(reasonCode: QuarantineCode | 'engine-failure', props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: TRANSFER_METRICS_NAMESPACE,
      metricName: TRANSFER_METRICS.files,
      dimensionsMap: { Transfer: this.node.path, ReasonCode: reasonCode },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * Inbox bytes that reached a final outcome, for one verdict or, by default, all of them.
   * @default - sum over 5 minutes
   */
  public metricBytes(verdict?: SanitizeVerdict, props: cloudwatch.MetricOptions = {}): cloudwatch.IMetric {
    return this.outcomeMetric(TRANSFER_METRICS.bytes, verdict, props);
  }

  /**
   * Lets a principal read delivered files from the outbox. The bucket policy still requires the
   * request to come from the LGWAN zone's VPC.
   */
  public grantReadOutbox(grantee: iam.IGrantable): iam.Grant {
    return this.outbox.bucket.grantRead(grantee);
  }

  private outcomeMetric(name: string, verdict: SanitizeVerdict | undefined, props: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const metric = (v: SanitizeVerdict) =>
      new cloudwatch.Metric({
        namespace: TRANSFER_METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { Transfer: this.node.path, Verdict: v },
        statistic: 'Sum',
        period: Duration.minutes(5),
        ...props,
      });
    if (verdict) return metric(verdict);
    const verdicts: SanitizeVerdict[] = ['clean', 'sanitized', 'quarantined'];
    return new cloudwatch.MathExpression({
      expression: verdicts.map((v) => `FILL(${v}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(verdicts.map((v) => [v, metric(v)])),
      label: `${name}, every verdict`,
      period: props.period ?? Duration.minutes(5),
    });
  }

  private grantSanitizerAccess(role: iam.Role, logGroup: logs.ILogGroup): void {
    const objects = (bucket: AuditedBucket, prefix = '*'): string => bucket.bucket.arnForObjects(prefix);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAndRemoveInboxObjects',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [objects(this.inbox)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // GetObject: HeadObject, to compare with what an earlier attempt wrote.
        sid: 'WriteOutputsOnce',
        actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        resources: [objects(this.outbox), objects(this.quarantine), objects(this.auditRecords, `${AUDIT_RECORD_PREFIX}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // A retry looks for what an earlier attempt wrote under the object's transfer id.
        sid: 'FindEarlierOutputs',
        actions: ['s3:ListBucket'],
        resources: [this.outbox.bucketArn, this.quarantine.bucketArn],
      }),
    );
    role.addToPrincipalPolicy(keyUse('DecryptInbox', this.inbox, ['kms:Decrypt']));
    for (const [sid, bucket] of [
      ['EncryptOutbox', this.outbox],
      ['EncryptQuarantine', this.quarantine],
      ['EncryptAuditRecords', this.auditRecords],
    ] as const) {
      role.addToPrincipalPolicy(keyUse(sid, bucket, ['kms:GenerateDataKey', 'kms:Decrypt']));
    }
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    role.addToPrincipalPolicy(lambdaVpcAccessStatement());
  }

  /**
   * A writer of another account needs the bucket's and the key's own Allow: its account's IAM
   * policy is not enough across accounts. The bucket policy names the role itself, so the rule
   * pack can find it (and its purpose tag) in the internet account's template; the role must
   * exist first, which the deployment order gives (the endpoint id comes from that stack). The
   * key policy names the account and the role by aws:PrincipalArn.
   */
  private admitCrossAccountWriter(side: SanitizingTransferInternetSide, writerArn: string): void {
    const writerOnly = { ArnEquals: { 'aws:PrincipalArn': writerArn } };
    const endpoint = side.s3EndpointId ? { StringEquals: { 'aws:SourceVpce': side.s3EndpointId } } : {};
    this.inbox.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TheInternetAccountsWriterWrites',
        principals: [new iam.ArnPrincipal(writerArn)],
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [this.inbox.bucket.arnForObjects('*')],
        conditions: { ...writerOnly, ...endpoint },
      }),
    );
    const region = Stack.of(this).region;
    this.inbox.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TheInternetAccountsWriterEncryptsViaS3',
        principals: [new iam.AccountPrincipal(side.accountId)],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ...writerOnly,
          StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:CallerAccount': side.accountId },
        },
      }),
    );
    if (!side.s3EndpointId) {
      Annotations.of(this).addWarningV2(
        'lgsec:sanitizing-transfer-no-internet-endpoint',
        `internetSide has no s3EndpointId: writes to the inbox are bound to the writer role of ${side.accountId} only, not to the internet zone's network. ` +
          "Give the id of the internet zone's S3 gateway endpoint (the SanitizingTransferWriter's s3EndpointId output).",
      );
    }
  }

  private addBucketPolicies(props: SanitizingTransferProps): void {
    const sanitizer = this.sanitizerRole.roleArn;
    const writer = this.writerRole.roleArn;
    const internetEndpoint = this.internetZoneS3Endpoint?.vpcEndpointId;
    const notAwsService = { 'aws:PrincipalIsAWSService': 'false' };
    const deny = (sid: string, actions: string[], resources: string[], conditions: Record<string, Record<string, unknown>>) =>
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions,
        resources,
        ...(Object.keys(conditions).length > 0 ? { conditions } : {}),
      });

    const inboxObjects = this.inbox.bucket.arnForObjects('*');
    this.inbox.addToResourcePolicy(
      deny('OnlyTheWriterRoleWrites', ['s3:PutObject*'], [inboxObjects], {
        ArnNotEquals: { 'aws:PrincipalArn': writer },
      }),
    );
    if (internetEndpoint !== undefined) {
      this.inbox.addToResourcePolicy(
        deny('WritesOnlyFromTheInternetZone', ['s3:PutObject*'], [inboxObjects], {
          StringNotEquals: { 'aws:SourceVpce': internetEndpoint },
        }),
      );
    }
    this.inbox.addToResourcePolicy(
      deny('OnlyTheSanitizerReads', ['s3:GetObject*'], [inboxObjects], {
        ArnNotEquals: { 'aws:PrincipalArn': [sanitizer, ...replicationRoleArns(this.inbox)] },
        Bool: notAwsService,
      }),
    );
    this.inbox.addToResourcePolicy(
      deny('OnlyTheSanitizerDeletes', ['s3:DeleteObject*'], [inboxObjects], {
        ArnNotEquals: { 'aws:PrincipalArn': sanitizer },
      }),
    );
    if (internetEndpoint !== undefined) {
      this.inbox.addToResourcePolicy(
        deny('NoListingFromTheInternetZone', ['s3:ListBucket*', 's3:ListMultipartUploadParts'], [this.inbox.bucketArn, inboxObjects], {
          StringEquals: { 'aws:SourceVpce': internetEndpoint },
        }),
      );
    }

    for (const bucket of [this.outbox, this.quarantine, this.auditRecords]) {
      bucket.addToResourcePolicy(
        deny('OnlyTheSanitizerWrites', ['s3:PutObject*'], [bucket.bucket.arnForObjects('*')], {
          ArnNotEquals: { 'aws:PrincipalArn': sanitizer },
        }),
      );
    }
    // A delivered file or an audit record is written once and never replaced. (Not on the
    // quarantine: S3 refuses copies into a bucket that enforces conditional writes, and large
    // objects are quarantined by copy.)
    for (const bucket of [this.outbox, this.auditRecords]) {
      bucket.addToResourcePolicy(
        deny('OnlyNewKeys', ['s3:PutObject'], [bucket.bucket.arnForObjects('*')], {
          Null: { 's3:if-none-match': 'true' },
        }),
      );
    }
    // The function reaches S3 only through the LGWAN zone's gateway endpoint: its credentials are
    // worth nothing anywhere else.
    const lgwanEndpoint = this.lgwanZoneS3Endpoint.vpcEndpointId;
    for (const bucket of [this.inbox, this.outbox, this.quarantine, this.auditRecords]) {
      bucket.addToResourcePolicy(
        deny('TheSanitizerOnlyThroughTheLgwanEndpoint', ['s3:*'], [bucket.bucketArn, bucket.bucket.arnForObjects('*')], {
          ArnEquals: { 'aws:PrincipalArn': sanitizer },
          StringNotEquals: { 'aws:SourceVpce': lgwanEndpoint },
        }),
      );
      // Nothing enters these buckets by replication (past the sanitizer), and nothing leaves them
      // by a replication rule someone adds.
      bucket.addToResourcePolicy(
        deny(
          'NoReplicationIn',
          ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
          [bucket.bucket.arnForObjects('*')],
          {},
        ),
      );
      if (!bucket.replicationRole) {
        bucket.addToResourcePolicy(deny('NoReplicationOut', ['s3:PutReplicationConfiguration'], [bucket.bucketArn], {}));
      }
    }
    const forensics = (props.quarantineReaders ?? []).map((role) => role.roleArn);
    this.quarantine.addToResourcePolicy(
      deny('OnlyTheSanitizerAndForensicsRead', ['s3:GetObject*'], [this.quarantine.bucket.arnForObjects('*')], {
        ArnNotEquals: { 'aws:PrincipalArn': [sanitizer, ...forensics, ...replicationRoleArns(this.quarantine)] },
      }),
    );
    this.outbox.addToResourcePolicy(
      deny('ReadsOnlyFromTheLgwanZone', ['s3:GetObject*'], [this.outbox.bucket.arnForObjects('*')], {
        StringNotEquals: { 'aws:SourceVpc': props.lgwanZone.vpc.vpcId },
        Bool: notAwsService,
        ...notReplication(this.outbox),
      }),
    );
  }
}

export interface SanitizingTransferWriterProps {
  /** The internet zone, in this stack's account: its workloads write through its S3 gateway endpoint. */
  readonly internetZone: InternetZone;
  /** The LGWAN zone's account, where the `SanitizingTransfer` (its inbox) is. */
  readonly lgwanAccountId: string;
  /**
   * The `internetSide.linkName` of the `SanitizingTransfer`.
   * @default 'main'
   */
  readonly linkName?: string;
  /**
   * Principals allowed to assume the writer role (the roles of the internet zone's file-receiving workloads).
   * @default - the account: principals of this account whose IAM policies allow `sts:AssumeRole` on the writer role
   */
  readonly writers?: iam.IPrincipal[];
}

/**
 * The internet zone's side of a `SanitizingTransfer` in another account (the LGWAN account):
 * place it in the internet zone's stack. It creates the writer role, with a name the LGWAN
 * account's bucket policy names, allowed to put objects only into the inbox (named from the
 * LGWAN account id and region), and lets the zone's S3 gateway endpoint reach that inbox for
 * that role only. Nothing is imported from the LGWAN account's stack.
 *
 * ```ts
 * const writer = new SanitizingTransferWriter(internetStack, 'TransferWriter', {
 *   internetZone, lgwanAccountId: '555555555555', writers: [mailGatewayRole],
 * });
 * // in the LGWAN account's stack, with the endpoint id from the internet stack's output:
 * new SanitizingTransfer(lgwanStack, 'SanitizingTransfer', {
 *   lgwanZone, internetSide: { accountId: '666666666666', s3EndpointId: 'vpce-…' },
 * });
 * ```
 */
export class SanitizingTransferWriter extends Construct {
  public readonly writerRole: iam.Role;
  /** Name of the inbox bucket in the LGWAN account. */
  public readonly inboxBucketName: string;
  /** The internet zone's S3 gateway endpoint: give its id as the transfer's `internetSide.s3EndpointId`. */
  public readonly s3Endpoint: ec2.IGatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: SanitizingTransferWriterProps) {
    super(scope, id);
    writerProblems(this, props).throwIfAny();
    const stack = Stack.of(this);
    this.inboxBucketName = crossAccountInboxBucketName(props.lgwanAccountId, stack.region, props.linkName);
    this.writerRole = this.createWriterRole(props);
    this.s3Endpoint = this.openEndpointToInbox(props);
  }

  /**
   * The named role the internet zone's workloads assume: it puts objects into the LGWAN account's
   * inbox only, encrypted by that account's keys through S3 for that bucket only.
   */
  private createWriterRole(props: SanitizingTransferWriterProps): iam.Role {
    const stack = Stack.of(this);
    const inboxArn = `arn:${stack.partition}:s3:::${this.inboxBucketName}`;
    const inboxObjects = `${inboxArn}/*`;
    const writerRole = new iam.Role(this, 'WriterRole', {
      roleName: writerRoleName(props.linkName),
      description: `lgsec: internet zone workloads write files into the sanitizing transfer inbox ${this.inboxBucketName} (LGWAN account ${props.lgwanAccountId}) with this role`,
      assumedBy: props.writers && props.writers.length > 0 ? new iam.CompositePrincipal(...props.writers) : new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(writerRole).add(TAG_KEYS.purpose, Purpose.SANITIZING_TRANSFER);
    Tags.of(writerRole).add(TAG_KEYS.zone, Zone.INTERNET);
    writerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteToInbox',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [inboxObjects],
      }),
    );
    // The inbox key's ARN is a deploy-time value of the other account: keys of that account, used
    // by S3 for exactly this bucket (its encryption context); the key policy there names this role.
    writerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptInbox',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [`arn:${stack.partition}:kms:${stack.region}:${props.lgwanAccountId}:key/*`],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [inboxArn, inboxObjects] },
        },
      }),
    );
    acknowledgeWildcards(
      writerRole,
      "The writer puts objects of any key into exactly the LGWAN account's inbox " +
        "bucket (bucket/*: file names are chosen by the sending workloads), encrypted by that account's key, matched " +
        "by the bucket's encryption context because its id is known only in that account.",
    );
    return writerRole;
  }

  /**
   * The internet zone's S3 gateway endpoint, which otherwise admits this account's buckets only:
   * the inbox is the one exception, for the writer role only.
   */
  private openEndpointToInbox(props: SanitizingTransferWriterProps): ec2.IGatewayVpcEndpoint {
    const stack = Stack.of(this);
    const inboxArn = `arn:${stack.partition}:s3:::${this.inboxBucketName}`;
    const writerArn = `arn:${stack.partition}:iam::${stack.account}:role/${writerRoleName(props.linkName)}`;
    const zone = props.internetZone;
    const endpoint = zoneS3Endpoint(zone, zone.workloadSubnets).endpoint;
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: `WriterReachesInbox${props.linkName ?? DEFAULT_LINK_NAME}`.replace(/[^A-Za-z0-9]/g, ''),
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [`${inboxArn}/*`],
        conditions: { ArnEquals: { 'aws:PrincipalArn': writerArn } },
      }),
    );
    zone.allowBucket(inboxArn);
    return endpoint;
  }
}

/** What is wrong with a SanitizingTransferWriter's props and its stack, every problem at once. */
function writerProblems(scope: Construct, props: SanitizingTransferWriterProps): PropsProblems {
  const stack = Stack.of(scope);
  const problems = new PropsProblems(scope, 'SanitizingTransferWriter');
  if (!(props.internetZone instanceof InternetZone)) {
    problems.add('internetZone must be an InternetZone: files come only from the internet zone');
  } else if (Stack.of(props.internetZone) !== stack) {
    problems.add(
      `internetZone '${props.internetZone.node.path}' is in another stack; ` +
        "place the SanitizingTransferWriter in the internet zone's stack",
    );
  }
  problems.addAll(accountProblems('lgwanAccountId', props.lgwanAccountId));
  problems.addAll(linkNameProblems('linkName', props.linkName));
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    problems.add(`the stack '${stack.stackName}' needs an explicit account and region (env) ` + "to name the LGWAN account's inbox");
  } else if (props.lgwanAccountId === stack.account) {
    problems.add(
      `lgwanAccountId: ${props.lgwanAccountId} is this stack's own account; ` +
        'with both zones in one account, give SanitizingTransfer the internetZone instead',
    );
  }
  return problems;
}

interface ResolvedSettings {
  readonly classifications: Required<SanitizingTransferClassifications>;
  readonly maxObjectBytes: number;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly reservedConcurrency: number;
  readonly batchSize: number;
  readonly maxReceiveCount: number;
  readonly auditRecordRetention: Duration;
  readonly interfaceEndpoints: ec2.InterfaceVpcEndpointAwsService[];
  readonly inboxBucketName: string;
}

function resolveSettings(scope: Construct, props: SanitizingTransferProps): ResolvedSettings {
  const problems = new PropsProblems(scope, 'SanitizingTransfer');
  const stack = Stack.of(scope);
  let inboxName = '';
  if (props.writerRoleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(props.writerRoleName)) {
    problems.add(`writerRoleName: '${props.writerRoleName}' is not an IAM role name (letters, digits and +=,.@_-, at most 64)`);
  }
  if (props.internetZone !== undefined && props.internetSide !== undefined) {
    problems.add(
      'internetZone and internetSide are both set; give internetZone when the internet zone is in this account, internetSide when it is in another',
    );
  } else if (props.internetSide !== undefined) {
    const side = props.internetSide;
    if (props.writerRoleName !== undefined) {
      problems.add(`writerRoleName: the writer role of another account is named by internetSide.linkName; leave writerRoleName out`);
    }
    problems.addAll(accountProblems('internetSide.accountId', side.accountId));
    problems.addAll(linkNameProblems('internetSide.linkName', side.linkName));
    if (side.s3EndpointId !== undefined && (Token.isUnresolved(side.s3EndpointId) || !/^vpce-[0-9a-f]{8,17}$/.test(side.s3EndpointId))) {
      problems.add(
        `internetSide.s3EndpointId: '${side.s3EndpointId}' is not a VPC endpoint id; give the internet zone's S3 gateway endpoint id as a string, like vpce-0123456789abcdef0 (a token of another account's stack cannot be used)`,
      );
    }
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      problems.add(
        `internetSide needs the stack '${stack.stackName}' to have an explicit account and region (env), so the inbox bucket has a name the internet account can know`,
      );
    } else {
      if (side.accountId === stack.account) {
        problems.add(
          `internetSide.accountId: ${side.accountId} is this stack's own account; give internetZone instead when both zones are in one account`,
        );
      }
      inboxName = crossAccountInboxBucketName(stack.account, stack.region, side.linkName);
      if (inboxName.length > 63)
        problems.add(`internetSide.linkName: the inbox name '${inboxName}' is over S3's 63 characters; use a shorter linkName`);
    }
    if (props.writers !== undefined) {
      problems.add(
        "writers is set with internetSide; give the writers to the SanitizingTransferWriter in the internet zone's stack, where the writer role is",
      );
    }
  } else if (!(props.internetZone instanceof InternetZone)) {
    problems.add(
      'internetZone must be an InternetZone: files come only from the internet zone (or give internetSide when it is in another account)',
    );
  } else {
    inboxName = inboxBucketName(scope);
  }
  if (!(props.lgwanZone instanceof LgwanZone)) {
    problems.add('lgwanZone must be an LgwanZone: the sanitizer runs in, and delivers to, the LGWAN zone');
  }

  const classifications = { ...DEFAULT_CLASSIFICATIONS, ...props.classifications };
  for (const [name, classification] of Object.entries(classifications)) {
    const found = classificationProblems(classification, `classifications.${name}`);
    problems.addAll(found);
    if (found.length === 0 && classification.confidentiality === 3) {
      problems.add(
        `classifications.${name}: confidentiality 3 data lives only in the My Number zone (7.3.a); a transfer from the internet zone carries at most confidentiality 2`,
      );
    }
  }
  if (classifications.auditRecords.integrity !== 2) {
    problems.add(
      `classifications.auditRecords: integrity ${String(classifications.auditRecords.integrity)} is too low; audit records are integrity 2 (kept unaltered under Object Lock)`,
    );
  }

  let maxInputBytes = 0;
  let maxInflatedBytes = 0;
  const engine = checkSanitizerOptions(props.engineOptions);
  if (engine.problems.length > 0) {
    problems.add(`engineOptions: Invalid BuiltinSanitizerEngine options: ${engine.problems.join(' ')}`);
  } else {
    maxInputBytes = engine.limits.maxInputBytes;
    maxInflatedBytes = engine.limits.maxInflatedBytes;
  }
  let maxObjectBytes = maxInputBytes;
  if (props.maxObjectSize !== undefined) {
    maxObjectBytes = props.maxObjectSize.toBytes();
    if (!(Number.isSafeInteger(maxObjectBytes) && maxObjectBytes >= 1)) {
      problems.add(`maxObjectSize: ${maxObjectBytes} bytes is not a positive size`);
    } else if (maxInputBytes > 0 && maxObjectBytes > maxInputBytes) {
      problems.add(
        `maxObjectSize: ${maxObjectBytes} bytes is over the engine's limits.maxInputBytes (${maxInputBytes}); lower it, or raise engineOptions.limits.maxInputBytes`,
      );
    }
  }

  const neededMiB = Math.max(1024, Math.ceil((512 * MiB + 3 * maxObjectBytes + maxInflatedBytes) / (128 * MiB)) * 128);
  const memorySize = props.memorySize ?? neededMiB;
  if (props.memorySize !== undefined && !Token.isUnresolved(props.memorySize)) {
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      problems.add(`memorySize: ${memorySize} MiB is outside Lambda's 128 to 10240 MiB`);
    } else if (memorySize < neededMiB) {
      problems.add(
        `memorySize: ${memorySize} MiB is too little for a ${maxObjectBytes}-byte object and ${maxInflatedBytes} inflated bytes; use at least ${neededMiB}, or lower maxObjectSize`,
      );
    }
  } else if (memorySize > 10240) {
    problems.add(
      `maxObjectSize and engine limits need ${memorySize} MiB, over Lambda's 10240 MiB; lower maxObjectSize or engineOptions.limits.maxInflatedBytes`,
    );
  }

  const timeout = props.timeout ?? Duration.minutes(5);
  if (!timeout.isUnresolved() && (timeout.toSeconds() < 30 || timeout.toSeconds() > 900)) {
    problems.add(`timeout: ${timeout.toHumanString()} is outside 30 seconds to 15 minutes`);
  }
  const reservedConcurrency = props.reservedConcurrency ?? 5;
  if (
    !Token.isUnresolved(reservedConcurrency) &&
    !(Number.isInteger(reservedConcurrency) && reservedConcurrency >= 2 && reservedConcurrency <= 1000)
  ) {
    problems.add(
      `reservedConcurrency: ${reservedConcurrency} must be an integer from 2 to 1000 (the SQS event source's maximum concurrency is at least 2)`,
    );
  }
  const batchSize = props.batchSize ?? 1;
  if (!Token.isUnresolved(batchSize) && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10)) {
    problems.add(`batchSize: ${batchSize} must be an integer from 1 to 10`);
  }
  const maxReceiveCount = props.maxReceiveCount ?? 5;
  if (!Token.isUnresolved(maxReceiveCount) && !(Number.isInteger(maxReceiveCount) && maxReceiveCount >= 2 && maxReceiveCount <= 1000)) {
    problems.add(`maxReceiveCount: ${maxReceiveCount} must be an integer from 2 to 1000 (one retry at least)`);
  }
  const auditRecordRetention = props.auditRecordRetention ?? Duration.days(1825);
  if (!auditRecordRetention.isUnresolved()) {
    const days = auditRecordRetention.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 365) {
      problems.add(`auditRecordRetention: ${auditRecordRetention.toHumanString()} must be whole days, at least 365 (7.7)`);
    }
  }
  const interfaceEndpoints = props.interfaceEndpoints ?? [];
  const names = interfaceEndpoints.map((e) => e.shortName);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) problems.add(`interfaceEndpoints lists '${repeated[0]}' twice; list each service once`);
  if (props.sanitizerEntry !== undefined && !fs.existsSync(props.sanitizerEntry)) {
    problems.add(`sanitizerEntry: '${props.sanitizerEntry}' does not exist; give the path of a .ts or .js file that exports handler`);
  } else if (props.sanitizerEntry !== undefined && stack.bundlingRequired && !localEsbuildFound()) {
    problems.add(
      `sanitizerEntry: bundling '${props.sanitizerEntry}' needs esbuild, which is not installed; ` +
        'install it as a devDependency of your app (npm install --save-dev esbuild). The built-in handler needs none',
    );
  }
  if (
    props.s3PrefixListId !== undefined &&
    !Token.isUnresolved(props.s3PrefixListId) &&
    !/^pl-[0-9a-f]{8,17}$/.test(props.s3PrefixListId)
  ) {
    problems.add(`s3PrefixListId: '${props.s3PrefixListId}' is not a prefix list id; it looks like pl-61a54008`);
  }
  problems.addAll(emailProblems('alarmEmails', props.alarmEmails));
  if (props.alarmTopic && props.alarmEmails) {
    problems.add(
      'alarmEmails is set with alarmTopic; subscribe the addresses to your topic, or drop alarmTopic to let the transfer create one',
    );
  }
  if (props.lgwanZone instanceof LgwanZone) problems.addAll(sanitizerSubnetProblems(props.lgwanZone, props.sanitizerSubnetCidrs));
  problems.throwIfAny();
  return {
    classifications,
    maxObjectBytes,
    memorySize,
    timeout,
    reservedConcurrency,
    batchSize,
    maxReceiveCount,
    auditRecordRetention,
    interfaceEndpoints,
    inboxBucketName: inboxName,
  };
}

/** The role that replicates an availability-2 bucket, when there is one. */
function replicationRoleArns(bucket: AuditedBucket): string[] {
  return bucket.replicationRole ? [bucket.replicationRole.roleArn] : [];
}

/** A condition that exempts a bucket's replication role, when it has one. */
function notReplication(bucket: AuditedBucket): Record<string, Record<string, unknown>> {
  const roles = replicationRoleArns(bucket);
  return roles.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': roles } } : {};
}

/** An IAM statement using a bucket's key through S3 only. */
function keyUse(sid: string, bucket: AuditedBucket, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions,
    resources: [bucket.encryptionKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(bucket).region}.amazonaws.com` } },
  });
}

/** Unique per stack and path, within S3's 63 characters: `lgsec-inbox-<hash>-<account>-<region>`. */
function inboxBucketName(scope: Construct): string {
  const stack = Stack.of(scope);
  const hash = createHash('sha256').update(`${stack.stackName}/${scope.node.path}`).digest('hex').slice(0, 10);
  return `lgsec-inbox-${hash}-${stack.account}-${stack.region}`;
}

const DEFAULT_LINK_NAME = 'main';

/** The inbox's name when the internet zone is in another account: known to both accounts from ids alone. */
export function crossAccountInboxBucketName(lgwanAccountId: string, region: string, linkName = DEFAULT_LINK_NAME): string {
  return `lgsec-inbox-${linkName}-${lgwanAccountId}-${region}`;
}

function writerRoleName(linkName = DEFAULT_LINK_NAME): string {
  return `lgsec-transfer-writer-${linkName}`;
}

function accountProblems(name: string, value: string | undefined): string[] {
  if (typeof value !== 'string' || Token.isUnresolved(value) || !/^\d{12}$/.test(value)) {
    return [`${name}: '${String(value)}' is not a 12-digit AWS account id; give the account id as a string, like '666666666666'`];
  }
  return [];
}

function linkNameProblems(name: string, value: string | undefined): string[] {
  if (value !== undefined && (Token.isUnresolved(value) || !/^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/.test(value))) {
    return [
      `${name}: '${value}' must be 1 to 20 lowercase letters, digits or hyphens (not at either end), like 'main'; it names the inbox bucket and the writer role`,
    ];
  }
  return [];
}

/** The function's runtime; the prebuilt handler is bundled for its Node.js (HANDLER_NODE_MAJOR). */
const SANITIZER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** How `NodejsFunction` bundles a `sanitizerEntry`: as the built-in handler is bundled at build time. */
function customEntryBundling(): nodejs.BundlingOptions {
  return {
    forceDockerBundling: false,
    // The Node.js runtime provides the AWS SDK v3.
    externalModules: ['@aws-sdk/*'],
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    // The PDF parser's WebAssembly module is read from a file next to the bundle.
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [`cp "${qpdfWasmPath()}" "${outputDir}/qpdf.wasm"`],
    },
  };
}
