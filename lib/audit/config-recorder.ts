import { Arn, ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../private/acknowledge-wildcards';
import { ILogArchive } from './cross-account';
import { LOG_ARCHIVE_PREFIXES } from './log-archive';

/** Props of `ConfigRecorder`. */
export interface ConfigRecorderProps {
  /** Where AWS Config delivers its history: the archive's non-locked bucket, encrypted with the archive key. */
  readonly logArchive: ILogArchive;
  /**
   * Record global resources (IAM). Turn on in one region of the account only: every region that
   * records them records the same changes again.
   * @default true
   */
  readonly recordGlobalResources?: boolean;
  /**
   * Authorize this aggregator account and region to collect this account's Config data (for an
   * aggregator over listed accounts; an organization aggregator needs no authorization).
   * @default - none
   */
  readonly aggregator?: { readonly accountId: string; readonly region: string };
  /**
   * Record through AWS Config's service-linked role (`AWSServiceRoleForConfig`) instead of a role
   * of its own. A permissions boundary binds every role an account's deployments create, and a
   * boundary made for workloads leaves out most of what the recorder reads; no boundary binds a
   * service-linked role, and no administrator of the account can change its policy. The role
   * must exist (`aws iam create-service-linked-role --aws-service-name config.amazonaws.com`, once
   * per account; AWS Control Tower creates it in the accounts it governs); the archive admits
   * AWS Config by its service principal either way.
   * @default false
   */
  readonly serviceLinkedRole?: boolean;
}

/**
 * An AWS Config recorder (every supported resource type, continuously) and its delivery channel
 * into the log archive, for one account and region: one per region the account uses, global
 * resources recorded in one of them.
 */
export class ConfigRecorder extends Construct {
  public readonly recorder: config.CfnConfigurationRecorder;
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  /** The role the recorder reads and delivers with: its own, or AWS Config's service-linked role. */
  public readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const role = props.serviceLinkedRole
      ? iam.Role.fromRoleArn(
          this,
          'ServiceLinkedRole',
          Stack.of(this).formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
          }),
          { mutable: false },
        )
      : undefined;
    const recorded = recordConfiguration(this, props.logArchive, props.recordGlobalResources ?? true, role);
    this.recorder = recorded.recorder;
    this.deliveryChannel = recorded.channel;
    this.role = recorded.role;
    if (props.aggregator) {
      new config.CfnAggregationAuthorization(this, 'AggregationAuthorization', {
        authorizedAccountId: props.aggregator.accountId,
        authorizedAwsRegion: props.aggregator.region,
      });
    }
  }
}

function keyRegion(archive: ILogArchive, stack: Stack): string {
  const arn = archive.encryptionKey.keyArn;
  return Token.isUnresolved(arn) ? stack.region : Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region!;
}

/**
 * The recorder, its role and its delivery channel under `scope`, with the construct ids
 * `ConfigRole`, `ConfigRecorder` and `ConfigDeliveryChannel` (those `AuditTrail` has always used).
 * @internal
 */
export function recordConfiguration(
  scope: Construct,
  archive: ILogArchive,
  recordGlobalResources: boolean,
  existingRole?: iam.IRole,
): { recorder: config.CfnConfigurationRecorder; channel: config.CfnDeliveryChannel; role: iam.IRole } {
  const bucket = archive.accessLogBucket.bucket;
  const role = existingRole ?? ownConfigRole(scope, archive);
  const recorder = new config.CfnConfigurationRecorder(scope, 'ConfigRecorder', {
    roleArn: role.roleArn,
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: recordGlobalResources },
    recordingMode: { recordingFrequency: 'CONTINUOUS' },
  });
  const channel = new config.CfnDeliveryChannel(scope, 'ConfigDeliveryChannel', {
    s3BucketName: bucket.bucketName,
    s3KeyPrefix: LOG_ARCHIVE_PREFIXES.config,
    s3KmsKeyArn: archive.encryptionKey.keyArn,
    configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
  });
  // AWS Config accepts a delivery channel only once a recorder exists.
  channel.addResourceDependency(recorder);
  if (bucket.policy) channel.node.addDependency(bucket.policy);
  return { recorder, channel, role };
}

/** The recorder's own role: AWS_ConfigRole's reads, and delivery into the archive only. */
function ownConfigRole(scope: Construct, archive: ILogArchive): iam.Role {
  const stack = Stack.of(scope);
  const bucket = archive.accessLogBucket.bucket;
  const role = new iam.Role(scope, 'ConfigRole', {
    description: 'lgsec: AWS Config records resource configuration and delivers it to the log archive',
    assumedBy: new iam.ServicePrincipal('config.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    maxSessionDuration: Duration.hours(1),
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DeliverSnapshots',
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${stack.account}/Config/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'CheckBucket', actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn] }));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'EncryptSnapshots',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [archive.encryptionKey.keyArn],
      // S3 calls KMS in the bucket's (and key's) region, which may be another than the recorder's: a
      // key named by its ARN says which; a key referenced within the app is in the same region.
      conditions: { StringEquals: { 'kms:ViaService': `s3.${keyRegion(archive, stack)}.amazonaws.com` } },
    }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
    reason:
      'AWS_ConfigRole is the AWS-maintained read-only permission set of the Config recorder; it follows every new resource type, which a hand-written policy would miss.',
  });
  acknowledgeWildcards(
    role,
    'AWS Config writes snapshot objects it names itself, only under config/AWSLogs/<account>/Config/ in the log archive.',
  );
  return role;
}
