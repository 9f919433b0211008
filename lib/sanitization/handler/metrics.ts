import { TransferAuditRecord } from './audit-record';

/** CloudWatch namespace of the transfer's metrics. */
export const TRANSFER_METRICS_NAMESPACE = 'lgsec/SanitizingTransfer';

/**
 * Metric names: `Files` (count) and `Bytes` (inbox bytes), per transfer and verdict, and for
 * quarantined files also per transfer and reason code (`engine-failure`, `executable`, …).
 */
export const TRANSFER_METRICS = { files: 'Files', bytes: 'Bytes' } as const;

/** Called once per inbox object, when its outcome is final (audit record written, inbox object removed). */
export type OutcomeRecorder = (record: TransferAuditRecord) => void;

/**
 * Publishes an outcome as CloudWatch embedded metric format: one JSON line on standard output,
 * which CloudWatch Logs turns into metrics. No API call, so no endpoint is needed in the zone.
 * Written straight to stdout because the runtime's console prefixes lines, which EMF does not parse.
 */
export function embeddedMetricsRecorder(
  transferName: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): OutcomeRecorder {
  return (record) =>
    write(
      JSON.stringify({
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: TRANSFER_METRICS_NAMESPACE,
              // Every key of a dimension set must be present, so the reason code set only when there is one.
              Dimensions: record.reasonCode
                ? [
                    ['Transfer', 'Verdict'],
                    ['Transfer', 'ReasonCode'],
                  ]
                : [['Transfer', 'Verdict']],
              Metrics: [
                { Name: TRANSFER_METRICS.files, Unit: 'Count' },
                { Name: TRANSFER_METRICS.bytes, Unit: 'Bytes' },
              ],
            },
          ],
        },
        Transfer: transferName,
        Verdict: record.verdict,
        [TRANSFER_METRICS.files]: 1,
        [TRANSFER_METRICS.bytes]: Math.max(0, record.inbox.size),
        ...(record.reasonCode ? { ReasonCode: record.reasonCode } : {}),
        transferId: record.transferId,
      }),
    );
}
