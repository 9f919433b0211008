import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { ISanitizerEngine, SanitizeResult } from '../types';
import { AUDIT_RECORD_SCHEMA, TransferStoredObject, TransferAuditRecord } from './audit-record';
import { TransferConfig } from './config';
import { OutcomeRecorder } from './metrics';
import { auditRecordKey, InboxObject, outputKey, parseInboxMessage, splitKey, transferIdOf } from './inbox-object';

/** Largest object a single CopyObject can copy; larger ones are copied in parts. */
const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
const COPY_PART_BYTES = 512 * 1024 ** 2;
const DEFAULT_RESERVE_MILLIS = 15_000;

/** One JSON line per event, so CloudWatch Logs Insights can query by field. */
export type TransferLogger = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export const jsonTransferLogger: TransferLogger = (level, message, fields = {}) => {
  const line = JSON.stringify({ level, message, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

export interface TransferProcessorProps {
  readonly s3: S3Client;
  readonly engine: ISanitizerEngine;
  readonly config: TransferConfig;
  /** @default - JSON lines on the console */
  readonly log?: TransferLogger;
  /** @default - the system clock */
  readonly now?: () => Date;
  /**
   * Told every final outcome, for example to publish metrics (`embeddedMetricsRecorder`).
   * @default - none
   */
  readonly recordOutcome?: OutcomeRecorder;
}

/** What became of one inbox object. */
export type TransferObjectOutcome =
  | { readonly status: 'processed'; readonly record: TransferAuditRecord }
  | { readonly status: 'already-processed'; readonly auditKey: string }
  | { readonly status: 'ignored'; readonly why: string };

export interface TransferMessageContext {
  readonly messageId: string;
  readonly attempt: number;
  readonly requestId: string;
  /** The message came from the dead-letter queue: the object is quarantined unread. */
  readonly deadLetter: boolean;
}

/** What the audit record says was decided about an object. */
export type TransferDecision = Pick<TransferAuditRecord, 'verdict' | 'detectedType' | 'actions' | 'reason' | 'reasonCode'>;

/**
 * What the processor reads of the Lambda invocation: structurally the parts of `aws-lambda`'s
 * `SQSEvent`, `SQSRecord` and `Context` it uses, so the library needs no Lambda type package.
 */
export interface TransferLambdaContext {
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

export interface TransferSqsRecord {
  readonly messageId: string;
  readonly body: string;
  /** The queue the message came from. */
  readonly eventSourceARN?: string;
  readonly attributes?: { readonly ApproximateReceiveCount?: string };
}

export interface TransferSqsEvent {
  readonly Records: readonly TransferSqsRecord[];
}

/** A partial batch response: the messages to retry. */
export interface TransferBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The sanitizing transfer's work, one SQS message at a time: every object an S3 event announces
 * is read (within a size limit), sanitized, written to the outbox or, as received, to the
 * quarantine, recorded in the audit record bucket, then deleted from the inbox.
 *
 * Safe to repeat at any point: output and record keys derive from the inbox object's identity,
 * every write is conditional (`If-None-Match: *`), and an object already gone from the inbox is
 * accepted as done only when its audit record exists. A retry after a crash therefore finishes
 * the job and never writes a second, different output; a retry that finds an earlier attempt's
 * output records that output's decision instead of deciding again. Messages from the
 * dead-letter queue (`deadLetterQueueArn`) announce objects the function kept failing on: they
 * are quarantined unread.
 */
export class TransferProcessor {
  private readonly s3: S3Client;
  private readonly engine: ISanitizerEngine;
  private readonly config: TransferConfig;
  private readonly log: TransferLogger;
  private readonly now: () => Date;
  private readonly recordOutcome?: OutcomeRecorder;

  constructor(props: TransferProcessorProps) {
    this.s3 = props.s3;
    this.engine = props.engine;
    this.config = props.config;
    this.log = props.log ?? jsonTransferLogger;
    this.now = props.now ?? (() => new Date());
    this.recordOutcome = props.recordOutcome;
  }

  /** The Lambda entry: reports the messages that failed, so only they are retried. */
  public async handle(event: TransferSqsEvent, context: TransferLambdaContext): Promise<TransferBatchResponse> {
    const failures: TransferBatchResponse['batchItemFailures'] = [];
    const reserve = this.config.reserveMillis ?? DEFAULT_RESERVE_MILLIS;
    for (const record of event.Records) {
      // Objects are processed one after the other: each may take up to the size limit in memory.
      if (context.getRemainingTimeInMillis() < reserve) {
        this.log('warn', 'not enough time left for this message; it will be retried', { messageId: record.messageId });
        failures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        await this.processMessage(record, context);
      } catch (error) {
        this.log('error', 'message failed; it will be retried, then sent to the dead-letter queue', {
          messageId: record.messageId,
          error: describeError(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  }

  /** Processes every object of one message; throws when any of them could not be finished. */
  public async processMessage(record: TransferSqsRecord, context: TransferLambdaContext): Promise<TransferObjectOutcome[]> {
    const message = parseInboxMessage(record.body);
    if (message.kind === 'test-event') {
      this.log('info', 'S3 test event ignored', { messageId: record.messageId });
      return [];
    }
    message.ignored.forEach((why) => this.log('warn', 'S3 event record ignored', { messageId: record.messageId, why }));
    const ctx: TransferMessageContext = {
      messageId: record.messageId,
      attempt: Number(record.attributes?.ApproximateReceiveCount ?? '1') || 1,
      requestId: context.awsRequestId,
      deadLetter: this.config.deadLetterQueueArn !== undefined && record.eventSourceARN === this.config.deadLetterQueueArn,
    };
    const outcomes: TransferObjectOutcome[] = [];
    const errors: string[] = [];
    for (const object of message.objects) {
      try {
        outcomes.push(await this.processObject(object, ctx));
      } catch (error) {
        errors.push(`${object.bucket}/${object.key}: ${describeError(error)}`);
      }
    }
    if (errors.length > 0) throw new Error(errors.join('; '));
    return outcomes;
  }

  public async processObject(object: InboxObject, ctx: TransferMessageContext): Promise<TransferObjectOutcome> {
    if (object.bucket !== this.config.inboxBucket) {
      const why = `event of bucket '${object.bucket}', not the inbox '${this.config.inboxBucket}'`;
      this.log('warn', 'object ignored', { key: object.key, why });
      return { status: 'ignored', why };
    }
    const fields = { transferId: transferIdOf(object), key: object.key, versionId: object.versionId };

    // A retry honours whatever an earlier attempt already wrote: its decision stands, even if
    // this attempt (a new engine version, say) would decide otherwise.
    if (ctx.attempt > 1 || ctx.deadLetter) {
      const earlier = await this.earlierOutput(object);
      if (earlier) return this.finish(object, this.recordFromEarlierOutput(object, ctx, earlier));
    }
    if (ctx.deadLetter) {
      return this.quarantineUnread(object, object.size, ctx, unfinishedDecision(this.config.maxReceiveCount));
    }
    if (object.size > this.config.maxObjectBytes) {
      return this.quarantineUnread(object, object.size, ctx);
    }
    const fetched = await this.fetchInboxObject(object);
    if (fetched === 'gone') return this.confirmAlreadyProcessed(object);
    if (fetched.kind === 'too-large') return this.quarantineUnread(object, fetched.size, ctx);

    const bytes = fetched.bytes;
    const sha256In = sha256Hex(bytes);
    const result = await this.sanitize(object, bytes, ctx);
    this.log('info', 'sanitized', { ...fields, verdict: result.verdict, detectedType: result.detectedType });

    let record: TransferAuditRecord;
    if (result.verdict !== 'quarantined' && result.output) {
      const name = safeFileName(result.output.name);
      const output = result.output.bytes;
      const sha256Out = sha256Hex(output);
      const stored = await this.putOnce(
        this.config.outboxBucket,
        outputKey(object, name),
        output,
        sha256Out,
        decisionMetadata(fields.transferId, result, sha256In),
        name,
      );
      const actions = [...result.actions];
      if (stored.existingDiffers) {
        actions.push('an earlier attempt had already delivered this object with different bytes; those are kept and recorded here');
      }
      record = this.auditRecord(object, ctx, result, {
        actions,
        sha256In,
        sha256Out: stored.sha256,
        delivered: { ...stored.location, name },
      });
    } else {
      const { name } = splitKey(object.key);
      const stored = await this.putOnce(
        this.config.quarantineBucket,
        outputKey(object, safeFileName(name)),
        bytes,
        sha256In,
        decisionMetadata(fields.transferId, result, sha256In),
        safeFileName(name),
      );
      record = this.auditRecord(object, ctx, result, { actions: [...result.actions], sha256In, quarantined: stored.location });
    }
    return this.finish(object, record);
  }

  /** Records the outcome, then removes the inbox object: the audit record is the commit point. */
  private async finish(object: InboxObject, record: TransferAuditRecord): Promise<TransferObjectOutcome> {
    await this.writeAuditRecord(object, record);
    await this.deleteFromInbox(object);
    this.recordOutcome?.(record);
    return { status: 'processed', record };
  }

  /** The output an earlier attempt wrote for this inbox object, in the outbox or the quarantine. */
  private async earlierOutput(
    object: InboxObject,
  ): Promise<{ kind: 'delivered' | 'quarantined'; location: TransferStoredObject; metadata: Record<string, string> } | undefined> {
    const prefix = outputKey(object, '');
    for (const [kind, bucket] of [
      ['delivered', this.config.outboxBucket],
      ['quarantined', this.config.quarantineBucket],
    ] as const) {
      const listed = await this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
      const key = listed.Contents?.[0]?.Key;
      if (!key) continue;
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { kind, location: { bucket, key, versionId: head.VersionId }, metadata: head.Metadata ?? {} };
    }
    return undefined;
  }

  private recordFromEarlierOutput(
    object: InboxObject,
    ctx: TransferMessageContext,
    earlier: NonNullable<Awaited<ReturnType<TransferProcessor['earlierOutput']>>>,
  ): TransferAuditRecord {
    const decision = decisionFromMetadata(earlier.metadata, earlier.kind);
    const actions = [...decision.actions, 'recorded from the output of an earlier attempt, which ended before writing this record'];
    this.log('info', 'finishing the work of an earlier attempt', {
      key: object.key,
      output: earlier.location.key,
      verdict: decision.verdict,
    });
    return this.auditRecord(
      object,
      ctx,
      decision,
      earlier.kind === 'delivered'
        ? {
            actions,
            sha256In: decision.sha256In,
            sha256Out: decision.sha256Out,
            delivered: { ...earlier.location, name: splitKey(earlier.location.key).name },
          }
        : { actions, sha256In: decision.sha256In, quarantined: earlier.location },
    );
  }

  /** Runs the engine; an engine failure is retried, and quarantined on the message's last delivery. */
  private async sanitize(
    object: InboxObject,
    bytes: Uint8Array,
    ctx: TransferMessageContext,
  ): Promise<TransferDecision & Pick<SanitizeResult, 'output'>> {
    try {
      const result = await this.engine.sanitize({ name: splitKey(object.key).name, bytes });
      if (result.verdict !== 'quarantined' && !result.output) {
        throw new Error(`engine '${this.engine.name}' returned verdict '${result.verdict}' without an output file`);
      }
      return result;
    } catch (error) {
      if (ctx.attempt < this.config.maxReceiveCount) throw error;
      const reason = `the sanitizer failed on the last of ${this.config.maxReceiveCount} attempts: ${describeError(error)}`;
      this.log('error', 'engine failed on the last attempt; quarantining', { key: object.key, error: describeError(error) });
      return { verdict: 'quarantined', detectedType: 'unknown', actions: [], reason, reasonCode: 'engine-failure' };
    }
  }

  /** Reads the announced version, or says it is gone or larger than the limit. */
  private async fetchInboxObject(
    object: InboxObject,
  ): Promise<'gone' | { kind: 'too-large'; size: number } | { kind: 'read'; bytes: Uint8Array }> {
    let response;
    try {
      response = await this.s3.send(
        new GetObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          VersionId: object.versionId,
          // Without versioning, read only the upload the event announced.
          IfMatch: object.versionId ? undefined : object.eTag,
        }),
      );
    } catch (error) {
      if (isNotFound(error)) return 'gone';
      throw error;
    }
    const limit = this.config.maxObjectBytes;
    const size = response.ContentLength;
    if (size !== undefined && size > limit) {
      destroyBody(response.Body);
      return { kind: 'too-large', size };
    }
    const bytes = await readAtMost(response.Body, limit, size);
    if (bytes === undefined) return { kind: 'too-large', size: size ?? limit + 1 };
    return { kind: 'read', bytes };
  }

  /** An object gone from the inbox is done only if its audit record exists; anything else is an anomaly. */
  private async confirmAlreadyProcessed(object: InboxObject): Promise<TransferObjectOutcome> {
    const auditKey = auditRecordKey(object);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.config.auditBucket, Key: auditKey }));
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(
          `inbox object ${object.key} (version ${object.versionId ?? 'none'}) is gone and has no audit record ${auditKey}; ` +
            'it was deleted or overwritten by something other than the transfer',
          { cause: error },
        );
      }
      throw error;
    }
    this.log('info', 'already processed by an earlier attempt', { key: object.key, auditKey });
    return { status: 'already-processed', auditKey };
  }

  /** Moves an object over the size limit to the quarantine by a server-side copy, never reading it. */
  /**
   * Moves an object to the quarantine by a server-side copy, never reading it: one over the size
   * limit, or (with `decision`) one the function could not finish.
   */
  private async quarantineUnread(
    object: InboxObject,
    size: number,
    ctx: TransferMessageContext,
    decision = unreadDecision(size, this.config.maxObjectBytes),
  ): Promise<TransferObjectOutcome> {
    const key = outputKey(object, safeFileName(splitKey(object.key).name));
    const metadata = decisionMetadata(transferIdOf(object), decision);
    let location: TransferStoredObject;
    try {
      location =
        size > MAX_SINGLE_COPY_BYTES ? await this.copyInParts(object, key, size, metadata) : await this.copyOnce(object, key, metadata);
    } catch (error) {
      if (isNotFound(error)) return this.confirmAlreadyProcessed(object);
      throw error;
    }
    this.log('info', 'sanitized', {
      transferId: transferIdOf(object),
      key: object.key,
      verdict: 'quarantined',
      reasonCode: decision.reasonCode,
    });
    return this.finish(object, this.auditRecord(object, ctx, decision, { actions: [...decision.actions], quarantined: location }));
  }

  private async copyOnce(object: InboxObject, key: string, metadata: Record<string, string>): Promise<TransferStoredObject> {
    try {
      const response = await this.s3.send(
        new CopyObjectCommand({
          Bucket: this.config.quarantineBucket,
          Key: key,
          CopySource: copySource(object),
          IfNoneMatch: '*',
          MetadataDirective: 'REPLACE',
          Metadata: metadata,
        }),
      );
      return { bucket: this.config.quarantineBucket, key, versionId: response.VersionId };
    } catch (error) {
      // The same source version was copied by an earlier attempt: the copy is identical.
      if (isPreconditionFailed(error)) return this.existingLocation(this.config.quarantineBucket, key);
      throw error;
    }
  }

  private async copyInParts(
    object: InboxObject,
    key: string,
    size: number,
    metadata: Record<string, string>,
  ): Promise<TransferStoredObject> {
    const bucket = this.config.quarantineBucket;
    const upload = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, Metadata: metadata }));
    const uploadId = upload.UploadId;
    try {
      const parts: { ETag?: string; PartNumber: number }[] = [];
      for (let start = 0, part = 1; start < size; start += COPY_PART_BYTES, part += 1) {
        const end = Math.min(start + COPY_PART_BYTES, size) - 1;
        const copied = await this.s3.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: part,
            CopySource: copySource(object),
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ ETag: copied.CopyPartResult?.ETag, PartNumber: part });
      }
      const done = await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          IfNoneMatch: '*',
        }),
      );
      return { bucket, key, versionId: done.VersionId };
    } catch (error) {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      if (isPreconditionFailed(error)) return this.existingLocation(bucket, key);
      throw error;
    }
  }

  /**
   * Writes an object only if its key is free. When an earlier attempt wrote it already, the
   * existing object stays: same bytes (the usual case) or not, it is what was delivered first.
   */
  private async putOnce(
    bucket: string,
    key: string,
    bytes: Uint8Array,
    sha256: string,
    metadata: Record<string, string>,
    fileName?: string,
  ): Promise<{ location: TransferStoredObject; sha256: string; existingDiffers: boolean }> {
    try {
      const response = await this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          IfNoneMatch: '*',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          ContentType: fileName ? 'application/octet-stream' : 'application/json',
          // Browsers download a delivered file rather than render it.
          ContentDisposition: fileName ? `attachment; filename*=UTF-8''${encodeRfc5987(fileName)}` : undefined,
          Metadata: { ...metadata, 'lgsec-sha256': sha256 },
        }),
      );
      return { location: { bucket, key, versionId: response.VersionId }, sha256, existingDiffers: false };
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
    }
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    const existing =
      head.Metadata?.['lgsec-sha256'] ?? (head.ChecksumSHA256 ? Buffer.from(head.ChecksumSHA256, 'base64').toString('hex') : undefined);
    this.log('info', 'already written by an earlier attempt', { bucket, key, same: existing === sha256 });
    return {
      location: { bucket, key, versionId: head.VersionId },
      sha256: existing ?? sha256,
      existingDiffers: existing !== undefined && existing !== sha256,
    };
  }

  private async existingLocation(bucket: string, key: string): Promise<TransferStoredObject> {
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { bucket, key, versionId: head.VersionId };
  }

  private async writeAuditRecord(object: InboxObject, record: TransferAuditRecord): Promise<void> {
    const body = Buffer.from(`${JSON.stringify(record, undefined, 2)}\n`, 'utf8');
    // The first record of an object stays: a retry's record would describe the same outcome.
    await this.putOnce(this.config.auditBucket, auditRecordKey(object), body, sha256Hex(body), { 'lgsec-transfer-id': record.transferId });
  }

  /** Deletes exactly the processed version (a later upload to the same key is its own transfer). */
  private async deleteFromInbox(object: InboxObject): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }));
  }

  private auditRecord(
    object: InboxObject,
    ctx: TransferMessageContext,
    decision: TransferDecision,
    written: Pick<TransferAuditRecord, 'actions' | 'sha256In' | 'sha256Out' | 'delivered' | 'quarantined'>,
  ): TransferAuditRecord {
    return {
      schema: AUDIT_RECORD_SCHEMA,
      transferId: transferIdOf(object),
      inbox: {
        bucket: object.bucket,
        key: object.key,
        versionId: object.versionId,
        size: Number.isFinite(object.size) ? object.size : -1,
        eTag: object.eTag,
        eventTime: object.eventTime,
      },
      verdict: decision.verdict,
      detectedType: decision.detectedType,
      actions: written.actions,
      reason: decision.reason,
      reasonCode: decision.reasonCode,
      sha256In: written.sha256In,
      sha256Out: written.sha256Out,
      delivered: written.delivered,
      quarantined: written.quarantined,
      engine: this.engine.name,
      processedAt: this.now().toISOString(),
      requestId: ctx.requestId,
      sqsMessageId: ctx.messageId,
      attempt: ctx.attempt,
    };
  }
}

/** User metadata holds at most 2 KB: actions and reason are kept within these many characters. */
const MAX_METADATA_ACTIONS = 1200;
const MAX_METADATA_REASON = 400;

/**
 * The decision, stored with the output it produced, so that a retry that finds the output can
 * write the audit record the interrupted attempt would have written. Values are URI-encoded:
 * S3 user metadata is ASCII.
 */
function decisionMetadata(transferId: string, decision: TransferDecision, sha256In?: string): Record<string, string> {
  const kept: string[] = [];
  for (const action of decision.actions) {
    if (encodeURIComponent(JSON.stringify([...kept, action])).length > MAX_METADATA_ACTIONS) {
      kept.push(`… ${decision.actions.length - kept.length} more actions not kept with the file`);
      break;
    }
    kept.push(action);
  }
  const metadata: Record<string, string> = {
    'lgsec-transfer-id': transferId,
    'lgsec-verdict': decision.verdict,
    'lgsec-detected-type': encodeURIComponent(decision.detectedType),
    'lgsec-actions': encodeURIComponent(JSON.stringify(kept)),
  };
  if (sha256In) metadata['lgsec-sha256-in'] = sha256In;
  if (decision.reason) metadata['lgsec-reason'] = encodeURIComponent(decision.reason.slice(0, MAX_METADATA_REASON));
  if (decision.reasonCode) metadata['lgsec-reason-code'] = decision.reasonCode;
  return metadata;
}

function decisionFromMetadata(
  metadata: Record<string, string>,
  kind: 'delivered' | 'quarantined',
): TransferDecision & { sha256In?: string; sha256Out?: string } {
  const decode = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  let actions: string[] = [];
  try {
    const parsed: unknown = JSON.parse(decode(metadata['lgsec-actions']) ?? '[]');
    if (Array.isArray(parsed)) actions = parsed.map(String);
  } catch {
    actions = ["(the earlier attempt's actions could not be read back)"];
  }
  const verdict = metadata['lgsec-verdict'];
  return {
    verdict: kind === 'quarantined' ? 'quarantined' : verdict === 'sanitized' ? 'sanitized' : 'clean',
    detectedType: decode(metadata['lgsec-detected-type']) ?? 'unknown',
    actions,
    reason: decode(metadata['lgsec-reason']),
    reasonCode: metadata['lgsec-reason-code'] as TransferDecision['reasonCode'],
    sha256In: metadata['lgsec-sha256-in'],
    sha256Out: kind === 'delivered' ? metadata['lgsec-sha256'] : undefined,
  };
}

function unfinishedDecision(maxReceiveCount: number): TransferDecision {
  return {
    verdict: 'quarantined',
    detectedType: 'unknown',
    reasonCode: 'engine-failure',
    actions: [`the S3 event reached the dead-letter queue after ${maxReceiveCount} deliveries`],
    reason: `the sanitizer did not finish this object in ${maxReceiveCount} attempts (a crash, a timeout or a persistent error); quarantined without being read`,
  };
}

function unreadDecision(size: number, limit: number): TransferDecision {
  return {
    verdict: 'quarantined',
    detectedType: 'unknown',
    actions: [],
    reasonCode: 'limit-exceeded',
    reason: `${size} bytes is over the transfer's limit of ${limit} bytes; quarantined without being read`,
  };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The last path segment without control characters: a name, never a path. */
function safeFileName(name: string): string {
  const segment = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const last = segment.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return last === '' || last === '.' || last === '..' ? 'unnamed' : last;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function copySource(object: InboxObject): string {
  const source = `${object.bucket}/${encodeURIComponent(object.key).replace(/%2F/g, '/')}`;
  return object.versionId ? `${source}?versionId=${encodeURIComponent(object.versionId)}` : source;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404 || ['NoSuchKey', 'NoSuchVersion', 'NotFound'].includes(errorName(error) ?? '');
}

function isPreconditionFailed(error: unknown): boolean {
  return httpStatus(error) === 412 || errorName(error) === 'PreconditionFailed';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function destroyBody(body: unknown): void {
  (body as { destroy?: () => void } | undefined)?.destroy?.();
}

/**
 * Reads a response body, giving up (undefined) as soon as it passes `limit` bytes. With a known
 * length the bytes go straight into one buffer, so an object costs its size in memory, not twice.
 */
async function readAtMost(body: unknown, limit: number, expectedLength?: number): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const target = expectedLength !== undefined ? Buffer.allocUnsafe(expectedLength) : undefined;
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      if (total + chunk.length > limit) {
        destroyBody(body);
        return undefined;
      }
      if (target && total + chunk.length > target.length) {
        destroyBody(body);
        throw new Error(`S3 sent more than the ${target.length} bytes its Content-Length announced`);
      }
      if (target) target.set(chunk, total);
      else chunks.push(chunk);
      total += chunk.length;
    }
    if (target) return total === target.length ? target : target.subarray(0, total);
    return Buffer.concat(chunks);
  }
  const transform = (body as { transformToByteArray?: () => Promise<Uint8Array> }).transformToByteArray;
  if (typeof transform === 'function') {
    const bytes = await transform.call(body);
    return bytes.length > limit ? undefined : bytes;
  }
  throw new Error('the S3 response body is neither a stream nor a byte payload');
}
