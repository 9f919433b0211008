/**
 * How the SanitizingTransfer construct configures its Lambda: environment variable names (shared
 * by both sides, so they cannot drift) and the parsed configuration the processor works with.
 * No AWS SDK import here: the construct imports this file at synth time.
 */

/** Environment variables the construct sets on the function. */
export const TRANSFER_ENV = {
  inboxBucket: 'LGSEC_INBOX_BUCKET',
  outboxBucket: 'LGSEC_OUTBOX_BUCKET',
  quarantineBucket: 'LGSEC_QUARANTINE_BUCKET',
  auditBucket: 'LGSEC_AUDIT_BUCKET',
  maxObjectBytes: 'LGSEC_MAX_OBJECT_BYTES',
  maxReceiveCount: 'LGSEC_MAX_RECEIVE_COUNT',
  engineOptions: 'LGSEC_SANITIZER_OPTIONS',
  /** ARN of the dead-letter queue, when the function also consumes it (optional). */
  deadLetterQueueArn: 'LGSEC_DEAD_LETTER_QUEUE_ARN',
  /** The construct's path: the `Transfer` dimension of the metrics. */
  transferName: 'LGSEC_TRANSFER_NAME',
} as const;

/** Key prefix of the audit records in their bucket (`records/YYYY/MM/DD/<transfer id>.json`). */
export const AUDIT_RECORD_PREFIX = 'records/';

export interface TransferConfig {
  /** The only bucket whose events are processed; events of any other bucket are ignored. */
  readonly inboxBucket: string;
  readonly outboxBucket: string;
  readonly quarantineBucket: string;
  readonly auditBucket: string;
  /** Objects larger than this are quarantined by a server-side copy, never read into memory. */
  readonly maxObjectBytes: number;
  /**
   * The queue's `maxReceiveCount`. On the last delivery of a message, an object whose sanitizing
   * fails with an engine error is quarantined instead of sent to the dead-letter queue, so that
   * every inbox object ends delivered or quarantined.
   */
  readonly maxReceiveCount: number;
  /**
   * Messages from this queue (the dead-letter queue) announce objects the function failed on
   * `maxReceiveCount` times (a crash, a timeout, a persistent error): they are quarantined
   * unread, so that every inbox object ends delivered or quarantined.
   * @default - the function does not consume the dead-letter queue
   */
  readonly deadLetterQueueArn?: string;
  /**
   * Time kept in reserve at the end of an invocation: records not started when less than this
   * remains are reported as failures (retried later) instead of being cut off by the timeout.
   * @default 15000
   */
  readonly reserveMillis?: number;
}

/** Reads the configuration from the environment; throws once, naming every missing or bad variable. */
export function transferConfigFromEnv(env: NodeJS.ProcessEnv): TransferConfig {
  const problems: string[] = [];
  const text = (name: string): string => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const positive = (name: string): number => {
    const raw = text(name);
    const value = Number(raw);
    if (raw && !(Number.isSafeInteger(value) && value > 0)) problems.push(`${name}='${raw}' is not a positive integer`);
    return value;
  };
  const config: TransferConfig = {
    inboxBucket: text(TRANSFER_ENV.inboxBucket),
    outboxBucket: text(TRANSFER_ENV.outboxBucket),
    quarantineBucket: text(TRANSFER_ENV.quarantineBucket),
    auditBucket: text(TRANSFER_ENV.auditBucket),
    maxObjectBytes: positive(TRANSFER_ENV.maxObjectBytes),
    maxReceiveCount: positive(TRANSFER_ENV.maxReceiveCount),
    ...(env[TRANSFER_ENV.deadLetterQueueArn] ? { deadLetterQueueArn: env[TRANSFER_ENV.deadLetterQueueArn] } : {}),
  };
  if (problems.length > 0) {
    throw new Error(`Invalid sanitizing transfer configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
