import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** A move of objects to a cheaper storage class once they reach an age. */
export interface ArchiveTier {
  /** Storage class to move objects to. */
  readonly storageClass: s3.StorageClass;
  /** Age of an object (since creation) at which it moves. Whole days. */
  readonly after: Duration;
}

/**
 * Records-management lifecycle of a bucket: when objects move to archive tiers and when they
 * reach the end of their retention period. Nothing expires unless `retention` says so.
 */
export interface BucketLifecycle {
  /**
   * Retention period of the records: current versions expire at this age (whole days). With
   * versioning, an expired object keeps its history as a noncurrent version until
   * `noncurrentVersionRetention`.
   * @default - objects are kept indefinitely
   */
  readonly retention?: Duration;
  /**
   * Archive tiers in the order objects go through them (ascending ages).
   * @default - objects stay in S3 Standard
   */
  readonly archiveTiers?: ArchiveTier[];
  /**
   * How long a version stays after it became noncurrent (overwritten or deleted). Needs
   * versioning.
   * @default - noncurrent versions are kept indefinitely
   */
  readonly noncurrentVersionRetention?: Duration;
  /**
   * Incomplete multipart uploads are aborted after this many days (they hold no record).
   * @default Duration.days(7)
   */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
}
