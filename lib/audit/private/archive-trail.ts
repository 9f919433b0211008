import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../private/acknowledge-wildcards';
import { ILogArchive } from '../cross-account';
import { LOG_ARCHIVE_PREFIXES } from '../log-archive';

export interface ArchiveTrailOptions {
  readonly archive: ILogArchive;
  /** Where the trail also sends its events, for the security alarms. */
  readonly logGroup: logs.ILogGroup;
  readonly trailName?: string;
  /** The organization whose every account the trail records; a trail of its own account without it. */
  readonly organizationId?: string;
  /** What CloudTrail's log-group role writes, for the acknowledgment of its log-stream wildcard. */
  readonly logStreams: string;
}

/**
 * A multi-region trail with file validation into the log archive (under `cloudtrail/`, encrypted
 * with the archive's key) and its CloudWatch log group: the part the account and organization
 * trails share, with the construct ids `ArchiveBucket` and `Resource`.
 */
export function archiveTrail(scope: Construct, options: ArchiveTrailOptions): cloudtrail.Trail {
  const { archive } = options;
  // The archive's policies admit the trail by name; an imported reference keeps aws-cdk-lib from
  // adding its own unscoped statements to them.
  const archiveBucket = s3.Bucket.fromBucketAttributes(scope, 'ArchiveBucket', {
    bucketArn: archive.bucket.bucketArn,
    bucketName: archive.bucket.bucketName,
  });
  const trail = new cloudtrail.Trail(scope, 'Resource', {
    trailName: options.trailName,
    bucket: archiveBucket,
    s3KeyPrefix: LOG_ARCHIVE_PREFIXES.cloudTrail,
    encryptionKey: archive.encryptionKey,
    ...(options.organizationId === undefined ? {} : { isOrganizationTrail: true, orgId: options.organizationId }),
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableFileValidation: true,
    managementEvents: cloudtrail.ReadWriteType.ALL,
    sendToCloudWatchLogs: true,
    cloudWatchLogGroup: options.logGroup,
  });
  // An archive in another account is deployed first, by the deployment order.
  if (archive.bucket.policy) trail.node.addDependency(archive.bucket.policy, archive.encryptionKey);
  const logsRole = trail.node.tryFindChild('LogsRole');
  if (logsRole) {
    acknowledgeWildcards(
      logsRole,
      `CloudTrail writes log streams it names itself (${options.logStreams}) in this one log group (log-group ARN with :*); no other log group is covered.`,
    );
  }
  return trail;
}
