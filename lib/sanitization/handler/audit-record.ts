import { QuarantineCode, SanitizeVerdict } from '../types';

/** Identifies the schema of an audit record, for the tools that read them years later. */
export const AUDIT_RECORD_SCHEMA = 'lgsec/sanitizing-transfer-audit-record/v1';

/** Where an object was written. */
export interface TransferStoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/**
 * One inbox object's journey through the transfer: what came in, what the engine decided, what
 * went out and where. Written once per inbox object (a conditional write: the first record of an
 * object stays), as JSON, into the audit record bucket.
 */
export interface TransferAuditRecord {
  readonly schema: typeof AUDIT_RECORD_SCHEMA;
  /** Derived from the inbox bucket, key and version: the same on every retry. */
  readonly transferId: string;
  readonly inbox: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId?: string;
    readonly size: number;
    readonly eTag?: string;
    readonly eventTime: string;
  };
  readonly verdict: SanitizeVerdict;
  readonly detectedType: string;
  readonly actions: readonly string[];
  readonly reason?: string;
  readonly reasonCode?: QuarantineCode | 'engine-failure';
  /** Lowercase hex SHA-256 of the inbox object; absent when it was quarantined unread (over the size limit). */
  readonly sha256In?: string;
  /** Lowercase hex SHA-256 of the delivered bytes; absent when quarantined. */
  readonly sha256Out?: string;
  readonly delivered?: TransferStoredObject & { readonly name: string };
  readonly quarantined?: TransferStoredObject;
  /** The engine's name (`builtin`, or the chain's names). */
  readonly engine: string;
  /** When the record was written (ISO 8601, UTC). */
  readonly processedAt: string;
  /** The Lambda request that wrote the record. */
  readonly requestId: string;
  readonly sqsMessageId: string;
  /** Which delivery of the SQS message this was (1 on the first try). */
  readonly attempt: number;
}
