import { createHash } from 'crypto';
import { DefaultStackSynthesizer, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Classification, Purpose } from '../policy';
import { MIN_LOG_RETENTION_DAYS } from '../private/encrypted-log-group';
import { PropsProblems } from '../private/validation';
import { AccessLogBucket } from '../storage/access-log-bucket';
import { AuditedBucket } from '../storage/audited-bucket';
import { BucketLifecycle } from '../storage/lifecycle';
import { wholeDays } from '../storage/private/lifecycle-rules';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { acknowledgeWildcards } from '../private/acknowledge-wildcards';
import { createAuditKey } from './private/audit-key';

/**
 * Audit logs name users, source addresses and resources: not for publication (C2). Tampering
 * would defeat the audit (policy 10), so they are write-once (I2). Losing access to them for
 * a while stops no service to residents (A1); the trail also keeps a year in CloudWatch Logs.
 */
export const LOG_ARCHIVE_CLASSIFICATION: Classification = { confidentiality: 2, integrity: 2, availability: 1 };

/** Key prefixes of each delivery in the archive. */
export const LOG_ARCHIVE_PREFIXES = {
  cloudTrail: 'cloudtrail',
  flowLogs: 'vpc-flow-logs',
  networkFirewall: 'network-firewall',
  dnsQueryLogs: 'dns-query-logs',
  config: 'config',
} as const;

/** Props of `LogArchive`. */
export interface LogArchiveProps {
  /**
   * Object Lock (COMPLIANCE mode) default retention of every log object: nobody can delete
   * or overwrite a log before it ends. Whole days.
   * At least 365 days (policy 7.7).
   * @default Duration.days(365)
   */
  readonly retention?: Duration;
  /**
   * Records-management lifecycle of the locked archive (archive tiers, and an expiry no
   * earlier than `retention`).
   * @default - logs are kept indefinitely in S3 Standard
   */
  readonly lifecycle?: BucketLifecycle;
  /**
   * Lifecycle of the non-locked bucket (server access logs, AWS Config).
   * @default - kept indefinitely
   */
  readonly accessLogLifecycle?: BucketLifecycle;
  /**
   * Break-glass key administrators: the only principals that may disable the archive's key or
   * schedule its deletion (which would make every locked log unreadable). Keep them few, behind
   * MFA and out of daily use.
   * @default - none: nobody can disable or delete the key; changing that takes a reviewed
   * deployment of a new key policy
   */
  readonly keyAdministrators?: iam.IRole[];
  /**
   * Roles that deploy this stack. They may update the key and its policy (CloudFormation needs
   * kms:PutKeyPolicy on every update), never disable or delete it.
   * @default - the CloudFormation execution role of the CDK bootstrap (DefaultStackSynthesizer)
   */
  readonly deploymentRoleArns?: string[];
}

/**
 * The audit-log store (policy 7.7, 10): a write-once bucket (Object Lock in COMPLIANCE mode,
 * versioning, customer-managed key) tagged `lgsec:purpose=audit-log`, whose bucket and key
 * policies let CloudTrail and the log-delivery service (VPC flow logs, Network Firewall logs,
 * Route 53 Resolver query logs) of this account deliver; and a non-locked bucket for the
 * deliveries S3 cannot make to a bucket with a default retention (S3 server access logs, AWS
 * Config).
 *
 * Build it in its own stack, before the zones that send logs here and before `AuditTrail`
 * (which takes the buckets it watches from those stacks).
 */
export class LogArchive extends Construct {
  /** The write-once archive. */
  public readonly archive: AuditedBucket;
  /** The bucket of the archive, for destinations that take an `s3.IBucket`. */
  public readonly bucket: s3.Bucket;
  public readonly encryptionKey: kms.Key;
  /**
   * The non-locked bucket: S3 server access logs (of every `AuditedBucket` that points here) and
   * AWS Config, which S3 cannot deliver to a locked bucket. Every new object is replicated into
   * the archive, where it is locked.
   */
  public readonly accessLogBucket: AccessLogBucket;
  public readonly retention: Duration;
  public readonly classification: Classification = LOG_ARCHIVE_CLASSIFICATION;

  constructor(scope: Construct, id: string, props: LogArchiveProps = {}) {
    super(scope, id);
    const problems = new PropsProblems(this, 'LogArchive');
    this.retention = props.retention ?? Duration.days(MIN_LOG_RETENTION_DAYS);
    const list: string[] = [];
    const days = wholeDays(this.retention, 'retention', list);
    problems.addAll(list);
    if (days !== undefined && days < MIN_LOG_RETENTION_DAYS) {
      problems.add(
        `retention of ${days} days is below the policy's floor for audit logs of ${MIN_LOG_RETENTION_DAYS} days (7.7); use Duration.days(${MIN_LOG_RETENTION_DAYS}) or longer`,
      );
    }
    if (props.deploymentRoleArns === undefined && !(Stack.of(this).synthesizer instanceof DefaultStackSynthesizer)) {
      problems.add(
        'deploymentRoleArns: the stack does not use the DefaultStackSynthesizer, so the role that deploys the key is unknown; list it, or the key policy would lock CloudFormation out',
      );
    }
    problems.throwIfAny();

    const stack = Stack.of(this);
    this.encryptionKey = createAuditKey(this, 'Key', {
      purpose: 'the audit-log archive',
      viaService: 's3',
      keyAdministrators: props.keyAdministrators ?? [],
      deploymentRoleArns: props.deploymentRoleArns,
    });
    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', { lifecycle: props.accessLogLifecycle });
    this.archive = new AuditedBucket(this, 'Resource', {
      classification: this.classification,
      encryptionKey: this.encryptionKey,
      accessLogBucket: this.accessLogBucket,
      objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: this.retention },
      lifecycle: props.lifecycle,
      purpose: Purpose.AUDIT_LOG,
      // Named, so the non-locked bucket (whose access logs the archive's are) can name it as
      // its replication destination without a dependency cycle.
      bucketName: archiveBucketName(this),
    });
    this.bucket = this.archive.bucket;

    const account = stack.account;
    const trailArns = `arn:${stack.partition}:cloudtrail:*:${account}:trail/*`;
    const logDeliveryArns = JAPANESE_REGIONS.map((region) => `arn:${stack.partition}:logs:${region}:${account}:*`);
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const logDelivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailChecksAcl',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': trailArns } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDelivers',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${LOG_ARCHIVE_PREFIXES.cloudTrail}/AWSLogs/${account}/*`)],
        conditions: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': trailArns },
        },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryChecksAcl',
        principals: [logDelivery],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': logDeliveryArns } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryDelivers',
        principals: [logDelivery],
        actions: ['s3:PutObject'],
        // Flow logs write AWSLogs/<account>/ or, with Hive-compatible partitions, AWSLogs/aws-account-id=<account>/.
        resources: [this.bucket.arnForObjects(`*AWSLogs/${account}/*`), this.bucket.arnForObjects(`*AWSLogs/aws-account-id=${account}/*`)],
        conditions: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': logDeliveryArns },
        },
      }),
    );

    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsLogs',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArns },
        },
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [cloudTrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryEncryptsLogs',
        principals: [logDelivery],
        // Decrypt completes multipart uploads of large log files.
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': logDeliveryArns } },
      }),
    );

    // AWS Config cannot deliver to a bucket with an Object Lock default retention: its
    // snapshots go to the non-locked bucket, encrypted object by object with the archive key.
    const accessLogs = this.accessLogBucket.bucket;
    const config = new iam.ServicePrincipal('config.amazonaws.com');
    accessLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigChecksAcl',
        principals: [config],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [accessLogs.bucketArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    accessLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigDelivers',
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [accessLogs.arnForObjects(`${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${account}/Config/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account } },
      }),
    );
    this.replicateAccessLogsIntoArchive();
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigEncryptsSnapshots',
        principals: [config],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }

  /**
   * S3 cannot deliver server access logs, nor AWS Config its history, to a bucket with Object
   * Lock. So the non-locked bucket replicates every new object (same region, same keys) into the
   * archive, where the default COMPLIANCE retention locks the replica: what an administrator
   * deletes from the non-locked bucket stays in the archive. Delete markers are not replicated.
   */
  private replicateAccessLogsIntoArchive(): void {
    const stack = Stack.of(this);
    const source = this.accessLogBucket.bucket;
    const role = new iam.Role(this, 'AccessLogReplicationRole', {
      description: 'lgsec: S3 copies server access logs and AWS Config history into the write-once log archive',
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      maxSessionDuration: Duration.hours(1),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSourceConfiguration',
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [source.bucketArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSourceVersions',
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [source.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReplicateIntoArchive',
        actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
        resources: [`arn:${stack.partition}:s3:::${archiveBucketName(this)}/*`],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptReplicas',
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
    acknowledgeWildcards(
      role,
      'S3 replication reads object versions of exactly the non-locked log bucket and writes replicas of the same keys into exactly the log archive (bucket/*: keys are named by S3 and AWS Config).',
    );
    const cfnSource = source.node.defaultChild as s3.CfnBucket;
    cfnSource.replicationConfiguration = {
      role: role.roleArn,
      rules: [
        {
          id: 'IntoTheWriteOnceArchive',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Disabled' },
          destination: {
            bucket: `arn:${stack.partition}:s3:::${archiveBucketName(this)}`,
            encryptionConfiguration: { replicaKmsKeyId: this.encryptionKey.keyArn },
          },
        },
      ],
    };
  }

  /**
   * Destination for VPC flow logs (for `ec2.FlowLog` or `vpc.addFlowLog`), under
   * `vpc-flow-logs/` unless told otherwise.
   */
  public flowLogDestination(options: ec2.S3DestinationOptions & { readonly keyPrefix?: string } = {}): ec2.FlowLogDestination {
    const { keyPrefix, ...destinationOptions } = options;
    return ec2.FlowLogDestination.toS3(this.bucket, keyPrefix ?? `${LOG_ARCHIVE_PREFIXES.flowLogs}/`, destinationOptions);
  }

  /** A Network Firewall log destination in the archive, for `CfnLoggingConfiguration`. */
  public networkFirewallLogDestination(
    logType: 'ALERT' | 'FLOW' | 'TLS',
  ): networkfirewall.CfnLoggingConfiguration.LogDestinationConfigProperty {
    return {
      logType,
      logDestinationType: 'S3',
      logDestination: { bucketName: this.bucket.bucketName, prefix: `${LOG_ARCHIVE_PREFIXES.networkFirewall}/${logType.toLowerCase()}` },
    };
  }

  /** Destination ARN for a Route 53 Resolver query logging configuration. */
  public get dnsQueryLogDestinationArn(): string {
    return this.bucket.bucketArn;
  }
}

/** Unique per stack and path, within S3's 63 characters: `lgsec-log-archive-<hash>-<account>-<region>`. */
function archiveBucketName(scope: Construct): string {
  const stack = Stack.of(scope);
  const hash = createHash('sha256').update(`${stack.stackName}/${scope.node.path}`).digest('hex').slice(0, 10);
  return `lgsec-log-archive-${hash}-${stack.account}-${stack.region}`;
}
