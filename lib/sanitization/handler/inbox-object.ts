import { createHash } from 'node:crypto';
import { AUDIT_RECORD_PREFIX } from './config';

/** One object announced by an S3 `ObjectCreated` event of the inbox bucket. */
export interface InboxObject {
  readonly bucket: string;
  /** The key, decoded (S3 events URL-encode keys and write spaces as `+`). */
  readonly key: string;
  /** Absent only when the bucket is not versioned. */
  readonly versionId?: string;
  /** Size announced by the event, in bytes. */
  readonly size: number;
  readonly eTag?: string;
  /** Orders the events of one key; identifies an upload when there is no version id. */
  readonly sequencer?: string;
  readonly eventName: string;
  /** When S3 emitted the event (ISO 8601): the same on every retry of the message. */
  readonly eventTime: string;
}

/** What an SQS message from an S3 event notification holds. */
export type InboxMessage =
  | { readonly kind: 'test-event' }
  | { readonly kind: 'objects'; readonly objects: readonly InboxObject[]; readonly ignored: readonly string[] };

interface S3EventRecordShape {
  eventName?: unknown;
  eventTime?: unknown;
  s3?: {
    bucket?: { name?: unknown };
    object?: { key?: unknown; size?: unknown; versionId?: unknown; eTag?: unknown; sequencer?: unknown };
  };
}

/**
 * Parses the body of one SQS message. S3 sends an `s3:TestEvent` when the notification is set
 * up; it announces no object. Records that are not `ObjectCreated` events are listed in
 * `ignored` (with why); a body that is not an S3 notification at all throws, so the message
 * ends in the dead-letter queue where someone looks at it.
 */
export function parseInboxMessage(body: string): InboxMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`message body is not JSON: ${JSON.stringify(body.slice(0, 200))}`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`message body is not an S3 event notification: ${JSON.stringify(body.slice(0, 200))}`);
  }
  const message = parsed as { Event?: unknown; Records?: unknown };
  if (message.Event === 's3:TestEvent') return { kind: 'test-event' };
  if (!Array.isArray(message.Records)) {
    throw new Error(`message body is not an S3 event notification (no Records): ${JSON.stringify(body.slice(0, 200))}`);
  }
  const objects: InboxObject[] = [];
  const ignored: string[] = [];
  message.Records.forEach((raw: S3EventRecordShape, i: number) => {
    const eventName = typeof raw?.eventName === 'string' ? raw.eventName : '';
    if (!eventName.startsWith('ObjectCreated:')) {
      ignored.push(`record ${i}: event '${eventName}' is not an ObjectCreated event`);
      return;
    }
    const bucket = raw.s3?.bucket?.name;
    const key = raw.s3?.object?.key;
    const size = raw.s3?.object?.size;
    if (typeof bucket !== 'string' || typeof key !== 'string' || typeof raw.eventTime !== 'string') {
      throw new Error(`record ${i} of the S3 event has no bucket name, object key or event time`);
    }
    const optional = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
    objects.push({
      bucket,
      key: decodeEventKey(key),
      versionId: optional(raw.s3?.object?.versionId),
      size: typeof size === 'number' ? size : Number.NaN,
      eTag: optional(raw.s3?.object?.eTag),
      sequencer: optional(raw.s3?.object?.sequencer),
      eventName,
      eventTime: raw.eventTime,
    });
  });
  return { kind: 'objects', objects, ignored };
}

/** S3 event keys are URL-encoded, with `+` for a space. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/**
 * The transfer's id of one inbox object: derived from the bucket, key and version (or, in an
 * unversioned bucket, the upload's sequencer), so every retry of the same upload computes the same
 * id and every other upload a different one. All output keys derive from it.
 */
export function transferIdOf(object: InboxObject): string {
  const version = object.versionId ?? `sequencer:${object.sequencer ?? object.eTag ?? ''}`;
  return createHash('sha256').update(`${object.bucket}\n${object.key}\n${version}`).digest('hex').slice(0, 32);
}

/** The inbox key's folder (with its trailing slash, or empty) and last segment. */
export function splitKey(key: string): { folder: string; name: string } {
  const slash = key.lastIndexOf('/');
  return { folder: key.slice(0, slash + 1), name: key.slice(slash + 1) || 'unnamed' };
}

/**
 * Where the delivered file or the quarantined original goes: the inbox folder, then the
 * transfer id, then the file name. The same upload always lands on the same key; two uploads of
 * one name never collide.
 */
export function outputKey(object: InboxObject, fileName: string): string {
  return `${splitKey(object.key).folder}${transferIdOf(object)}/${fileName}`;
}

/** Where the audit record goes: partitioned by the event's UTC date, so auditors can list a day. */
export function auditRecordKey(object: InboxObject): string {
  const time = new Date(object.eventTime);
  const day = Number.isNaN(time.getTime()) ? 'unknown-date' : time.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${AUDIT_RECORD_PREFIX}${day}/${transferIdOf(object)}.json`;
}
