import { Duration, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketLifecycle } from '../lifecycle';

/** The S3 waterfall: a transition may only go to a class later in this list. */
const WATERFALL = [
  s3.StorageClass.INFREQUENT_ACCESS,
  s3.StorageClass.INTELLIGENT_TIERING,
  s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS,
  s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
  s3.StorageClass.GLACIER,
  s3.StorageClass.DEEP_ARCHIVE,
].map((c) => c.value);

/** S3 refuses transitions to these classes before 30 days. */
const THIRTY_DAY_MINIMUM = [s3.StorageClass.INFREQUENT_ACCESS.value, s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS.value];

export interface LifecycleContext {
  readonly versioned: boolean;
  /** Availability 2 assets may not go to a single-AZ storage class. */
  readonly availability: number;
  /** Object Lock default retention in days, when there is one. */
  readonly objectLockDays?: number;
}

/** Whole days of a duration, or a problem; undefined days for tokens (checked at deploy). */
export function wholeDays(duration: Duration, what: string, problems: string[]): number | undefined {
  if (Token.isUnresolved(duration.toSeconds({ integral: false }))) return undefined;
  const seconds = duration.toSeconds({ integral: false });
  const days = seconds / 86400;
  if (!Number.isInteger(days) || days < 1) {
    problems.push(`${what} must be a whole number of days of at least 1, got ${duration.toHumanString()}; use Duration.days(n)`);
    return undefined;
  }
  return days;
}

/** Every problem with a lifecycle, for the owning construct to report with its other problems. */
export function lifecycleProblems(lifecycle: BucketLifecycle | undefined, context: LifecycleContext): string[] {
  const problems: string[] = [];
  if (!lifecycle) return problems;
  const retentionDays = lifecycle.retention && wholeDays(lifecycle.retention, 'lifecycle.retention', problems);
  if (lifecycle.noncurrentVersionRetention) {
    wholeDays(lifecycle.noncurrentVersionRetention, 'lifecycle.noncurrentVersionRetention', problems);
    if (!context.versioned) {
      problems.push('lifecycle.noncurrentVersionRetention needs versioning: set classification.integrity to 2 or remove it');
    }
  }
  if (lifecycle.abortIncompleteMultipartUploadAfter) {
    wholeDays(lifecycle.abortIncompleteMultipartUploadAfter, 'lifecycle.abortIncompleteMultipartUploadAfter', problems);
  }
  if (retentionDays !== undefined && context.objectLockDays !== undefined && retentionDays < context.objectLockDays) {
    problems.push(
      `lifecycle.retention (${retentionDays} days) is shorter than the Object Lock retention (${context.objectLockDays} days); ` +
        'locked objects cannot expire before their lock ends: make the retention at least as long as the lock',
    );
  }
  let previous: { index: number; days?: number; name: string } | undefined;
  (lifecycle.archiveTiers ?? []).forEach((tier, i) => {
    const what = `lifecycle.archiveTiers[${i}]`;
    const name = tier.storageClass.value;
    const index = WATERFALL.indexOf(name);
    const days = wholeDays(tier.after, `${what}.after`, problems);
    if (index < 0) {
      problems.push(`${what}.storageClass '${name}' is not an archive tier; use one of ${WATERFALL.join(', ')}`);
    }
    if (context.availability === 2 && name === s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS.value) {
      problems.push(
        `${what}.storageClass ONEZONE_IA keeps data in a single Availability Zone, which availability 2 forbids (6.3); use STANDARD_IA`,
      );
    }
    if (days !== undefined && THIRTY_DAY_MINIMUM.includes(name) && days < 30) {
      problems.push(`${what}: S3 moves objects to ${name} after 30 days at the earliest, got ${days}; use Duration.days(30) or more`);
    }
    if (previous && index >= 0 && index <= previous.index) {
      problems.push(`${what}: ${name} cannot follow ${previous.name}; list tiers in the S3 order ${WATERFALL.join(' → ')}`);
    }
    if (previous?.days !== undefined && days !== undefined && days <= previous.days) {
      problems.push(`${what}.after (${days} days) must be later than the tier before it (${previous.days} days)`);
    }
    if (retentionDays !== undefined && days !== undefined && days >= retentionDays) {
      problems.push(`${what}.after (${days} days) must be earlier than lifecycle.retention (${retentionDays} days)`);
    }
    previous = { index: index >= 0 ? index : (previous?.index ?? -1), days: days ?? previous?.days, name };
  });
  return problems;
}

/** The bucket lifecycle rules of a validated lifecycle. */
export function lifecycleRules(lifecycle: BucketLifecycle | undefined, versioned: boolean): s3.LifecycleRule[] {
  const rules: s3.LifecycleRule[] = [
    {
      id: 'AbortIncompleteMultipartUploads',
      abortIncompleteMultipartUploadAfter: lifecycle?.abortIncompleteMultipartUploadAfter ?? Duration.days(7),
    },
  ];
  const tiers = lifecycle?.archiveTiers ?? [];
  if (tiers.length > 0 || lifecycle?.retention) {
    rules.push({
      id: 'RetentionAndArchiveTiers',
      transitions: tiers.map((t) => ({ storageClass: t.storageClass, transitionAfter: t.after })),
      expiration: lifecycle?.retention,
    });
  }
  if (versioned && lifecycle?.noncurrentVersionRetention) {
    rules.push({ id: 'NoncurrentVersionRetention', noncurrentVersionExpiration: lifecycle.noncurrentVersionRetention });
  }
  return rules;
}
