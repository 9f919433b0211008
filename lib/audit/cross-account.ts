import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ROLE_ARN } from '../private/validation';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { LOG_ARCHIVE_PREFIXES, LogArchive } from './log-archive';
import { ORGANIZATION_TRAIL_NAME } from './organization-trail';

/**
 * What an `AuditTrail` (and a zone's flow log) needs of the audit-log archive: a `LogArchive`
 * in the same app and account, or `LogArchiveReference.fromAttributes(...)` for the archive in
 * the log archive account.
 */
export interface ILogArchive extends IConstruct {
  /** The write-once archive: CloudTrail, flow logs, Network Firewall and DNS query logs. */
  readonly bucket: s3.IBucket;
  /** The archive's key (CloudTrail and AWS Config encrypt with it). */
  readonly encryptionKey: kms.IKey;
  /** The non-locked bucket AWS Config delivers to. */
  readonly accessLogBucket: { readonly bucket: s3.IBucket };
}

/** Names of a `LogArchive` built in another account (its stack's outputs). */
export interface LogArchiveAttributes {
  /** Name of the write-once archive bucket. */
  readonly bucketName: string;
  /** ARN of the archive's KMS key (a key ARN, not an alias: AWS Config takes only those). */
  readonly encryptionKeyArn: string;
  /** Name of the non-locked bucket (AWS Config snapshots). */
  readonly configBucketName: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;

/**
 * The log archive of another account, by name: no `Fn::ImportValue` crosses the account
 * boundary. The archive's own stack must admit this account (`admitMemberAccounts`).
 */
export class LogArchiveReference extends Construct implements ILogArchive {
  public static fromAttributes(scope: Construct, id: string, attrs: LogArchiveAttributes): LogArchiveReference {
    return new LogArchiveReference(scope, id, attrs);
  }

  public readonly bucket: s3.IBucket;
  public readonly encryptionKey: kms.IKey;
  public readonly accessLogBucket: { readonly bucket: s3.IBucket };

  private constructor(scope: Construct, id: string, attrs: LogArchiveAttributes) {
    super(scope, id);
    const problems: string[] = [];
    for (const prop of ['bucketName', 'configBucketName'] as const) {
      const value = attrs[prop];
      if (!Token.isUnresolved(value) && !BUCKET_NAME.test(value)) problems.push(`${prop}: '${value}' is not an S3 bucket name`);
    }
    if (!Token.isUnresolved(attrs.encryptionKeyArn) && !KEY_ARN.test(attrs.encryptionKeyArn)) {
      problems.push(
        `encryptionKeyArn: '${attrs.encryptionKeyArn}' is not a KMS key ARN like arn:aws:kms:ap-northeast-1:111111111111:key/<uuid>`,
      );
    }
    if (problems.length > 0) throw new Error(`Invalid LogArchive attributes at '${this.node.path}':\n  - ${problems.join('\n  - ')}`);
    this.encryptionKey = kms.Key.fromKeyArn(this, 'Key', attrs.encryptionKeyArn);
    this.bucket = s3.Bucket.fromBucketAttributes(this, 'Bucket', { bucketName: attrs.bucketName, encryptionKey: this.encryptionKey });
    this.accessLogBucket = { bucket: s3.Bucket.fromBucketAttributes(this, 'ConfigBucket', { bucketName: attrs.configBucketName }) };
  }

  /** Destination for VPC flow logs, under `vpc-flow-logs/` unless told otherwise. */
  public flowLogDestination(options: ec2.S3DestinationOptions & { readonly keyPrefix?: string } = {}): ec2.FlowLogDestination {
    const { keyPrefix, ...destinationOptions } = options;
    return ec2.FlowLogDestination.toS3(this.bucket, keyPrefix ?? `${LOG_ARCHIVE_PREFIXES.flowLogs}/`, destinationOptions);
  }
}

/** Options of `admitMemberAccounts`. */
export interface AdmitMemberAccountsOptions {
  /**
   * Let the accounts' own CloudTrail trails deliver. Turn off where an organization trail records
   * them (`admitOrganizationTrail`): an administrator of a member account then cannot fill the
   * archive from a trail of their own.
   * @default true
   */
  readonly accountTrails?: boolean;
  /**
   * Accounts whose own trails are admitted although `accountTrails` is false: accounts of an
   * organization that is not ours (the Government Cloud, whose organization trail belongs to the
   * Digital Agency), each recorded by an `AuditTrail` of its own. They are admitted as members too.
   * @default - none
   */
  readonly ownTrailAccountIds?: readonly string[];
}

/**
 * Lets the trails, AWS Config and AWS log delivery (flow logs, Network Firewall, DNS query logs)
 * of other accounts of the organization deliver to this archive, each account only under its
 * own `AWSLogs/<account>/` prefix, as the archive already lets its own account.
 *
 * Each account adds about 1 KB to the archive's bucket policy (S3 takes 20 KB): past some
 * fifteen accounts, give each group of accounts its own archive.
 */
export function admitMemberAccounts(archive: LogArchive, accountIds: readonly string[], options: AdmitMemberAccountsOptions = {}): void {
  const stack = Stack.of(archive);
  const ownTrails = options.ownTrailAccountIds ?? [];
  const accounts = [...new Set([...accountIds, ...ownTrails])].filter((account) => account !== stack.account).sort();
  for (const account of accounts) {
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
      throw new Error(`admitMemberAccounts: '${account}' is not a 12-digit account id`);
    }
  }
  if (accounts.length === 0) return;
  const partition = stack.partition;
  const logDeliveryArns = accounts.flatMap((account) => JAPANESE_REGIONS.map((region) => `arn:${partition}:logs:${region}:${account}:*`));
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const logDelivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const config = new iam.ServicePrincipal('config.amazonaws.com');
  const fromMembers = { 'aws:SourceAccount': accounts };
  const { bucket, encryptionKey } = archive;
  const configBucket = archive.accessLogBucket.bucket;
  // The accounts whose own trails deliver: every member, or only those of an organization not ours.
  const trailAccounts = (options.accountTrails ?? true) ? accounts : accounts.filter((account) => ownTrails.includes(account));
  const trailAccountArns = trailAccounts.map((account) => `arn:${partition}:cloudtrail:*:${account}:trail/*`);
  const fromTrailAccounts = { 'aws:SourceAccount': trailAccounts };

  if (trailAccounts.length > 0) {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MemberCloudTrailChecksAcl',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: fromTrailAccounts, ArnLike: { 'aws:SourceArn': trailAccountArns } },
      }),
    );
  }
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'MemberLogDeliveryChecksAcl',
      principals: [logDelivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringEquals: fromMembers, ArnLike: { 'aws:SourceArn': logDeliveryArns } },
    }),
  );
  // One write statement per account, binding its prefix to its own trails and log deliveries: a
  // member cannot write into another member's AWSLogs/<account>/ prefix.
  for (const account of accounts) {
    const trails = `arn:${partition}:cloudtrail:*:${account}:trail/*`;
    const deliveries = JAPANESE_REGIONS.map((region) => `arn:${partition}:logs:${region}:${account}:*`);
    if (trailAccounts.includes(account)) {
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `CloudTrailDelivers${account}`,
          principals: [cloudTrail],
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(`${LOG_ARCHIVE_PREFIXES.cloudTrail}/AWSLogs/${account}/*`)],
          conditions: {
            StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': trails },
          },
        }),
      );
    }
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `LogDeliveryDelivers${account}`,
        principals: [logDelivery],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`*AWSLogs/${account}/*`), bucket.arnForObjects(`*AWSLogs/aws-account-id=${account}/*`)],
        conditions: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': deliveries },
        },
      }),
    );
  }
  if (trailAccounts.length > 0) {
    encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MemberCloudTrailEncryptsLogs',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: fromTrailAccounts, ArnLike: { 'aws:SourceArn': trailAccountArns } },
      }),
    );
  }
  encryptionKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'MemberLogDeliveryEncryptsLogs',
      principals: [logDelivery],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: fromMembers, ArnLike: { 'aws:SourceArn': logDeliveryArns } },
    }),
  );

  configBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'MemberConfigChecksAcl',
      principals: [config],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [configBucket.bucketArn],
      conditions: { StringEquals: fromMembers },
    }),
  );
  for (const account of accounts) {
    configBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `ConfigDelivers${account}`,
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [configBucket.arnForObjects(`${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${account}/Config/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': account } },
      }),
    );
  }
  encryptionKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'MemberConfigEncryptsSnapshots',
      principals: [config],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: fromMembers },
    }),
  );
}

/** The organization trail an archive admits (its name, home region and the management account). */
export interface OrganizationTrailAttributes {
  /** The organization's id, `o-…`: the trail delivers member accounts' logs under `AWSLogs/<organization id>/`. */
  readonly organizationId: string;
  /** The account the trail is created in: the management account (or the delegated administrator for CloudTrail). */
  readonly managementAccountId: string;
  /** @default 'lgsec-organization-trail' */
  readonly trailName?: string;
  /**
   * The trail's home region.
   * @default - the archive's region
   */
  readonly region?: string;
}

/**
 * Lets exactly one organization trail deliver into this archive (`cloudtrail/AWSLogs/<organization
 * id>/…` and the management account's own prefix) and encrypt with its key, bound by
 * `aws:SourceArn` to that trail's ARN: no other trail of any account is admitted by these statements.
 */
export function admitOrganizationTrail(archive: LogArchive, trail: OrganizationTrailAttributes): void {
  const stack = Stack.of(archive);
  const problems: string[] = [];
  if (!Token.isUnresolved(trail.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(trail.organizationId)) {
    problems.push(`organizationId: '${trail.organizationId}' is not an organization id like o-a1b2c3d4e5`);
  }
  if (!Token.isUnresolved(trail.managementAccountId) && !/^\d{12}$/.test(trail.managementAccountId)) {
    problems.push(`managementAccountId: '${trail.managementAccountId}' is not a 12-digit account id`);
  }
  if (problems.length > 0) throw new Error(`admitOrganizationTrail:\n  - ${problems.join('\n  - ')}`);
  const region = trail.region ?? stack.region;
  const trailArn = `arn:${stack.partition}:cloudtrail:${region}:${trail.managementAccountId}:trail/${trail.trailName ?? ORGANIZATION_TRAIL_NAME}`;
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const fromTheTrail = { 'aws:SourceArn': trailArn };
  const { bucket, encryptionKey } = archive;
  const prefix = LOG_ARCHIVE_PREFIXES.cloudTrail;
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OrganizationTrailChecksAcl',
      principals: [cloudTrail],
      actions: ['s3:GetBucketAcl'],
      resources: [bucket.bucketArn],
      conditions: { StringEquals: fromTheTrail },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OrganizationTrailDelivers',
      principals: [cloudTrail],
      actions: ['s3:PutObject'],
      resources: [
        bucket.arnForObjects(`${prefix}/AWSLogs/${trail.organizationId}/*`),
        bucket.arnForObjects(`${prefix}/AWSLogs/${trail.managementAccountId}/*`),
      ],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTheTrail } },
    }),
  );
  encryptionKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OrganizationTrailEncryptsLogs',
      principals: [cloudTrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: fromTheTrail,
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${trail.managementAccountId}:trail/*`,
        },
      },
    }),
  );
  encryptionKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OrganizationTrailDescribesKey',
      principals: [cloudTrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: fromTheTrail },
    }),
  );
}

/** What `admitLogWriters` admits. */
export interface LogWritersOptions {
  /** The writing roles, by ARN (name them before they exist: a role in another account is named, never imported). */
  readonly roleArns: string[];
  /** The prefixes under which they write, without a leading or trailing slash, e.g. `workspaces-web`. */
  readonly keyPrefixes: string[];
}

/**
 * Lets roles that deliver logs themselves (a Firehose delivery role, for instance) write objects
 * under the given prefixes of the archive, encrypted with its key through S3, and nothing else:
 * the archive's key does not delegate to IAM, so a role's own policy is not enough.
 */
export function admitLogWriters(archive: LogArchive, options: LogWritersOptions): void {
  const problems: string[] = [];
  if (options.roleArns.length === 0) problems.push('roleArns is empty: name the roles that write');
  for (const arn of options.roleArns) {
    if (!Token.isUnresolved(arn) && !ROLE_ARN.test(arn)) {
      problems.push(`roleArns: '${arn}' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
    }
  }
  if (options.keyPrefixes.length === 0) problems.push('keyPrefixes is empty: name where they write');
  for (const prefix of options.keyPrefixes) {
    const reserved = Object.values(LOG_ARCHIVE_PREFIXES) as string[];
    if (!/^[a-z0-9][a-z0-9-]*(\/[a-z0-9-]+)*$/.test(prefix) || reserved.includes(prefix)) {
      problems.push(
        `keyPrefixes: '${prefix}' is not a prefix of its own (lower-case words and hyphens, no leading or trailing slash, none of ${reserved.join(', ')})`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`admitLogWriters: ${problems.join('; ')}`);
  const writers = options.roleArns.map((arn) => new iam.ArnPrincipal(arn));
  archive.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: writers,
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: options.keyPrefixes.map((prefix) => archive.bucket.arnForObjects(`${prefix}/*`)),
    }),
  );
  archive.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: writers,
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [archive.bucket.bucketArn],
    }),
  );
  archive.encryptionKey.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: writers,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(archive).region}.amazonaws.com` } },
    }),
  );
}
