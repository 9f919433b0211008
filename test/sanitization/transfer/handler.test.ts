import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as iconv from 'iconv-lite';
import { chainEngines } from '../../../lib/sanitization/chain';
import { BuiltinSanitizerEngine } from '../../../lib/sanitization/engine';
import { AUDIT_RECORD_SCHEMA, TransferAuditRecord } from '../../../lib/sanitization/handler/audit-record';
import { TRANSFER_ENV, TransferConfig, transferConfigFromEnv } from '../../../lib/sanitization/handler/config';
import { parseInboxMessage, transferIdOf } from '../../../lib/sanitization/handler/inbox-object';
import { embeddedMetricsRecorder } from '../../../lib/sanitization/handler/metrics';
import { TransferLogger, TransferProcessor } from '../../../lib/sanitization/handler/transfer-processor';
import { ISanitizerEngine, SanitizeInput, SanitizeResult } from '../../../lib/sanitization/types';
import { commercialEngine } from './custom-sanitizer';
import { FakeS3 } from './fake-s3';

const CONFIG: TransferConfig = {
  inboxBucket: 'inbox',
  outboxBucket: 'outbox',
  quarantineBucket: 'quarantine',
  auditBucket: 'audit',
  maxObjectBytes: 1024,
  maxReceiveCount: 3,
};

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A scripted engine: the content's first word decides. `clean` delivers the bytes as they are,
 * `macro` delivers a .docx without the macro, `evil` is quarantined, `crash` throws (an engine
 * failure), `drift` delivers different bytes on every call (a non-deterministic engine).
 */
class ScriptedEngine implements ISanitizerEngine {
  readonly name = 'scripted';
  calls = 0;

  async sanitize(input: SanitizeInput): Promise<SanitizeResult> {
    this.calls += 1;
    const text = Buffer.from(input.bytes).toString('utf8');
    const base = { file: input.name, sha256In: sha256(input.bytes) };
    if (text.startsWith('crash')) throw new Error('engine exploded');
    if (text.startsWith('evil')) {
      return { ...base, verdict: 'quarantined', detectedType: 'pe', actions: [], reason: 'a Windows executable', reasonCode: 'executable' };
    }
    if (text.startsWith('macro')) {
      const bytes = Buffer.from(text.replace('macro', 'plain'));
      return {
        ...base,
        verdict: 'sanitized',
        detectedType: 'docm',
        actions: ['removed the VBA project', 'delivered as .docx'],
        sha256Out: sha256(bytes),
        output: { name: input.name.replace(/\.docm$/, '.docx'), bytes },
      };
    }
    const bytes = text.startsWith('drift') ? Buffer.from(`${text} #${this.calls}`) : Buffer.from(input.bytes);
    return {
      ...base,
      verdict: 'clean',
      detectedType: 'text:utf-8',
      actions: [],
      sha256Out: sha256(bytes),
      output: { name: input.name, bytes },
    };
  }
}

let messageNumber = 0;

/** An SQS record carrying the S3 event of one inbox upload. */
function s3Message(
  key: string,
  versionId: string,
  size: number,
  options: { attempt?: number; bucket?: string; encodedKey?: string } = {},
): SQSRecord {
  messageNumber += 1;
  const body = JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'ap-northeast-1',
        eventTime: '2026-11-25T10:20:30.000Z',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: options.bucket ?? 'inbox', arn: `arn:aws:s3:::${options.bucket ?? 'inbox'}` },
          object: {
            key: options.encodedKey ?? encodeURIComponent(key).replace(/%2F/g, '/'),
            size,
            versionId,
            eTag: 'etag',
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  });
  return sqsRecord(body, options.attempt ?? 1);
}

function sqsRecord(body: string, attempt = 1): SQSRecord {
  return {
    messageId: `message-${messageNumber}`,
    receiptHandle: 'handle',
    body,
    attributes: {
      ApproximateReceiveCount: String(attempt),
      SentTimestamp: '0',
      SenderId: 's3',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-northeast-1:111111111111:queue',
    awsRegion: 'ap-northeast-1',
  };
}

const context = (remainingMillis = 300_000) => ({ awsRequestId: 'request-1', getRemainingTimeInMillis: () => remainingMillis });
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

function setup(engine: ISanitizerEngine = new ScriptedEngine()) {
  const s3 = new FakeS3();
  const logs: { level: string; message: string }[] = [];
  const log: TransferLogger = (level, message) => logs.push({ level, message });
  const processor = new TransferProcessor({
    s3: s3.client,
    engine,
    config: CONFIG,
    log,
    now: () => new Date('2026-11-25T10:21:00.000Z'),
  });
  /** Uploads to the inbox and returns the SQS record S3 would send. */
  const upload = (key: string, content: string | Uint8Array, attempt = 1): SQSRecord => {
    const versionId = s3.put('inbox', key, content);
    return s3Message(key, versionId, Buffer.from(content).length, { attempt });
  };
  const auditRecord = (): TransferAuditRecord => JSON.parse(s3.only('audit').version.bytes.toString('utf8')) as TransferAuditRecord;
  return { s3, processor, logs, upload, auditRecord };
}

describe('TransferProcessor: one object', () => {
  test('delivers a clean file to the outbox, records it and removes it from the inbox', async () => {
    const { s3, processor, upload, auditRecord } = setup();
    const message = upload('soumu/2026/minutes.txt', 'clean minutes of the meeting');

    const response = await processor.handle(event(message), context());

    expect(response.batchItemFailures).toEqual([]);
    const delivered = s3.only('outbox');
    const transferId = transferIdOf(parseInboxObject(message));
    expect(delivered.key).toBe(`soumu/2026/${transferId}/minutes.txt`);
    expect(delivered.version.bytes.toString()).toBe('clean minutes of the meeting');
    expect(delivered.version.metadata).toMatchObject({ 'lgsec-verdict': 'clean', 'lgsec-transfer-id': transferId });
    expect(delivered.version.contentDisposition).toBe("attachment; filename*=UTF-8''minutes.txt");
    expect(s3.keys('quarantine')).toEqual([]);
    expect(s3.keys('inbox')).toEqual([]);

    const record = auditRecord();
    expect(s3.only('audit').key).toBe(`records/2026/11/25/${transferId}.json`);
    expect(record).toEqual({
      schema: AUDIT_RECORD_SCHEMA,
      transferId,
      inbox: {
        bucket: 'inbox',
        key: 'soumu/2026/minutes.txt',
        versionId: expect.any(String),
        size: 28,
        eTag: 'etag',
        eventTime: '2026-11-25T10:20:30.000Z',
      },
      verdict: 'clean',
      detectedType: 'text:utf-8',
      actions: [],
      sha256In: sha256('clean minutes of the meeting'),
      sha256Out: sha256('clean minutes of the meeting'),
      delivered: { bucket: 'outbox', key: delivered.key, versionId: delivered.version.versionId, name: 'minutes.txt' },
      engine: 'scripted',
      processedAt: '2026-11-25T10:21:00.000Z',
      requestId: 'request-1',
      sqsMessageId: message.messageId,
      attempt: 1,
    });
  });

  test('delivers a sanitized file under its new name, with what was removed', async () => {
    const { s3, processor, upload, auditRecord } = setup();
    await processor.handle(event(upload('kikaku/report.docm', 'macro document')), context());

    const delivered = s3.only('outbox');
    expect(delivered.key).toMatch(/^kikaku\/[0-9a-f]{32}\/report\.docx$/);
    expect(delivered.version.bytes.toString()).toBe('plain document');
    const record = auditRecord();
    expect(record).toMatchObject({
      verdict: 'sanitized',
      detectedType: 'docm',
      actions: ['removed the VBA project', 'delivered as .docx'],
      sha256In: sha256('macro document'),
      sha256Out: sha256('plain document'),
      delivered: { name: 'report.docx', key: delivered.key },
    });
    expect(record.quarantined).toBeUndefined();
  });

  test('quarantines a hostile file as received, with the reason, and delivers nothing', async () => {
    const { s3, processor, upload, auditRecord } = setup();
    await processor.handle(event(upload('invoice.pdf.exe', 'evil MZ bytes')), context());

    expect(s3.keys('outbox')).toEqual([]);
    const quarantined = s3.only('quarantine');
    expect(quarantined.key).toMatch(/^[0-9a-f]{32}\/invoice\.pdf\.exe$/);
    expect(quarantined.version.bytes.toString()).toBe('evil MZ bytes');
    expect(quarantined.version.metadata['lgsec-verdict']).toBe('quarantined');
    expect(auditRecord()).toMatchObject({
      verdict: 'quarantined',
      detectedType: 'pe',
      reason: 'a Windows executable',
      reasonCode: 'executable',
      sha256In: sha256('evil MZ bytes'),
      quarantined: { bucket: 'quarantine', key: quarantined.key },
    });
    expect(auditRecord().sha256Out).toBeUndefined();
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('quarantines an object over the size limit by a server-side copy, without reading it', async () => {
    const engine = new ScriptedEngine();
    const { s3, processor, upload, auditRecord } = setup(engine);
    const big = 'clean'.padEnd(CONFIG.maxObjectBytes + 1, 'x');
    await processor.handle(event(upload('big/archive.zip', big)), context());

    expect(s3.mock.commandCalls(GetObjectCommand, { Bucket: 'inbox' })).toHaveLength(0);
    expect(s3.mock.commandCalls(CopyObjectCommand)[0].args[0].input).toMatchObject({
      Bucket: 'quarantine',
      IfNoneMatch: '*',
      CopySource: expect.stringMatching(/^inbox\/big\/archive\.zip\?versionId=v\d+$/),
    });
    expect(engine.calls).toBe(0);
    expect(s3.only('quarantine').version.bytes.toString()).toBe(big);
    expect(s3.keys('outbox')).toEqual([]);
    const record = auditRecord();
    expect(record).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded', detectedType: 'unknown' });
    expect(record.reason).toMatch(/1025 bytes is over the transfer's limit of 1024 bytes/);
    expect(record.sha256In).toBeUndefined();
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('copies an object over 5 GiB to the quarantine in parts, completing only if the key is free', async () => {
    const { s3, processor, auditRecord } = setup();
    const size = 6 * 1024 ** 3;
    s3.mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.mock.on(UploadPartCopyCommand).callsFake(async (input) => ({ CopyPartResult: { ETag: `etag-${input.PartNumber}` } }));
    s3.mock.on(CompleteMultipartUploadCommand).resolves({ VersionId: 'q1' });
    await processor.handle(event(s3Message('huge/disk.img', 'v7', size)), context());

    const parts = s3.mock.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input);
    expect(parts).toHaveLength(12);
    expect(parts[0]).toMatchObject({
      Bucket: 'quarantine',
      UploadId: 'upload-1',
      PartNumber: 1,
      CopySource: 'inbox/huge/disk.img?versionId=v7',
      CopySourceRange: 'bytes=0-536870911',
    });
    expect(parts[11].CopySourceRange).toBe(`bytes=${11 * 512 * 1024 ** 2}-${size - 1}`);
    expect(s3.mock.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input).toMatchObject({
      IfNoneMatch: '*',
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.PartNumber, ETag: `etag-${p.PartNumber}` })) },
    });
    expect(auditRecord()).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded', quarantined: { versionId: 'q1' } });
  });

  test('quarantines unread an object the event announced small but that is over the limit', async () => {
    const engine = new ScriptedEngine();
    const { s3, processor, auditRecord } = setup(engine);
    const versionId = s3.put('inbox', 'liar.txt', 'clean'.padEnd(5000, 'x'));
    await processor.handle(event(s3Message('liar.txt', versionId, 10)), context());

    expect(engine.calls).toBe(0);
    expect(auditRecord()).toMatchObject({ verdict: 'quarantined', reasonCode: 'limit-exceeded' });
    expect(s3.only('quarantine').version.bytes).toHaveLength(5000);
  });

  test('decodes S3 event keys (spaces as +, UTF-8 percent-encoded)', async () => {
    const { s3, processor } = setup();
    const versionId = s3.put('inbox', '住民課/my report.txt', 'clean text');
    const message = s3Message('', versionId, 10, { encodedKey: '%E4%BD%8F%E6%B0%91%E8%AA%B2/my+report.txt' });
    const response = await processor.handle(event(message), context());

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.only('outbox').key).toMatch(/^住民課\/[0-9a-f]{32}\/my report\.txt$/);
  });

  test('works with the built-in engine: a Shift_JIS CSV with a formula cell is delivered neutralized', async () => {
    const { s3, processor, upload, auditRecord } = setup(new BuiltinSanitizerEngine());
    const csv = iconv.encode('氏名,金額\r\n山田,=1+2\r\n', 'Shift_JIS');
    await processor.handle(event(upload('zeimu/list.csv', csv)), context());

    const record = auditRecord();
    expect(record.engine).toBe('builtin');
    expect(record.detectedType).toMatch(/shift_jis/);
    expect(record.verdict).toBe('sanitized');
    expect(iconv.decode(s3.only('outbox').version.bytes, 'Shift_JIS')).toBe("氏名,金額\r\n山田,'=1+2\r\n");
  });
});

describe('outcome metrics', () => {
  test('are recorded once per inbox object, when its outcome is final', async () => {
    const s3 = new FakeS3();
    const outcomes: TransferAuditRecord[] = [];
    const processor = new TransferProcessor({
      s3: s3.client,
      engine: new ScriptedEngine(),
      config: CONFIG,
      log: () => undefined,
      recordOutcome: (r) => outcomes.push(r),
    });
    const message = s3Message('m/a.txt', s3.put('inbox', 'm/a.txt', 'clean a'), 7);
    const evil = s3Message('m/b.exe', s3.put('inbox', 'm/b.exe', 'evil b'), 6);
    s3.failNext('DeleteObject', 'inbox');

    await processor.handle(event(message, evil), context());
    expect(outcomes.map((o) => o.verdict)).toEqual(['quarantined']);
    await processor.handle(event(message, evil), context());
    expect(outcomes.map((o) => o.verdict)).toEqual(['quarantined', 'clean']);
  });

  test('are written as CloudWatch embedded metric format, one JSON line per outcome', () => {
    const lines: string[] = [];
    const record = {
      verdict: 'quarantined',
      reasonCode: 'executable',
      transferId: 'abc',
      inbox: { size: 42 },
    } as unknown as TransferAuditRecord;
    embeddedMetricsRecorder(
      'LgwanZone/Transfer',
      (line) => lines.push(line),
      () => 1764000000000,
    )(record);
    embeddedMetricsRecorder(
      'LgwanZone/Transfer',
      (line) => lines.push(line),
      () => 1764000000001,
    )({ ...record, verdict: 'clean', reasonCode: undefined });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        _aws: {
          Timestamp: 1764000000000,
          CloudWatchMetrics: [
            {
              Namespace: 'lgsec/SanitizingTransfer',
              Dimensions: [
                ['Transfer', 'Verdict'],
                ['Transfer', 'ReasonCode'],
              ],
              Metrics: [
                { Name: 'Files', Unit: 'Count' },
                { Name: 'Bytes', Unit: 'Bytes' },
              ],
            },
          ],
        },
        Transfer: 'LgwanZone/Transfer',
        Verdict: 'quarantined',
        ReasonCode: 'executable',
        Files: 1,
        Bytes: 42,
        transferId: 'abc',
      },
      {
        _aws: {
          Timestamp: 1764000000001,
          CloudWatchMetrics: [
            {
              Namespace: 'lgsec/SanitizingTransfer',
              Dimensions: [['Transfer', 'Verdict']],
              Metrics: [
                { Name: 'Files', Unit: 'Count' },
                { Name: 'Bytes', Unit: 'Bytes' },
              ],
            },
          ],
        },
        Transfer: 'LgwanZone/Transfer',
        Verdict: 'clean',
        Files: 1,
        Bytes: 42,
        transferId: 'abc',
      },
    ]);
  });
});

describe('TransferProcessor with a chained engine (the sanitizerEntry example)', () => {
  test('a file the second engine refuses is quarantined with its reason; others pass both engines', async () => {
    const { s3, processor, upload } = setup(chainEngines(new BuiltinSanitizerEngine(), commercialEngine));
    await processor.handle(event(upload('h/clean.txt', 'plain text'), upload('h/test.txt', 'X5O EICAR test string')), context());

    expect(s3.keys('outbox')).toEqual([expect.stringMatching(/^h\/[0-9a-f]{32}\/clean\.txt$/)]);
    expect(s3.keys('quarantine')).toEqual([expect.stringMatching(/^h\/[0-9a-f]{32}\/test\.txt$/)]);
    const records = s3.keys('audit').map((key) => JSON.parse(s3.versions('audit', key)[0].bytes.toString()) as TransferAuditRecord);
    expect(records.map((r) => [r.engine, r.verdict, r.reason]).sort()).toEqual([
      ['builtin+commercial-cdr', 'clean', undefined],
      ['builtin+commercial-cdr', 'quarantined', 'commercial-cdr: matched signature EICAR'],
    ]);
  });
});

describe('TransferProcessor: retries and failures', () => {
  test('a retry after a failed audit write finishes the job without a second output', async () => {
    const { s3, processor, upload, auditRecord } = setup();
    const message = upload('a/doc.docm', 'macro text');
    s3.failNext('PutObject', 'audit');

    const first = await processor.handle(event(message), context());
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    expect(s3.keys('outbox')).toHaveLength(1);
    expect(s3.keys('audit')).toEqual([]);
    expect(s3.keys('inbox')).toEqual(['a/doc.docm']);

    const retry = await processor.handle(
      event({ ...message, attributes: { ...message.attributes, ApproximateReceiveCount: '2' } }),
      context(),
    );
    expect(retry.batchItemFailures).toEqual([]);
    const delivered = s3.only('outbox');
    expect(auditRecord()).toMatchObject({ verdict: 'sanitized', attempt: 2, delivered: { versionId: delivered.version.versionId } });
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('a retry after a failed inbox delete only deletes: the object is done once its audit record exists', async () => {
    const engine = new ScriptedEngine();
    const { s3, processor, upload } = setup(engine);
    const message = upload('b/notes.txt', 'clean notes');
    s3.failNext('DeleteObject', 'inbox');

    expect((await processor.handle(event(message), context())).batchItemFailures).toHaveLength(1);
    expect(s3.keys('inbox')).toEqual(['b/notes.txt']);
    expect((await processor.handle(event(message), context())).batchItemFailures).toEqual([]);
    expect(s3.keys('inbox')).toEqual([]);
    // The third delivery of the same message (SQS delivers at least once) finds nothing to do.
    expect((await processor.handle(event(message), context())).batchItemFailures).toEqual([]);
    expect(engine.calls).toBe(2);
    expect(s3.only('outbox').version.bytes.toString()).toBe('clean notes');
    expect(s3.versions('audit', s3.keys('audit')[0])).toHaveLength(1);
  });

  test('never delivers twice differently: a retry keeps and records the bytes delivered first', async () => {
    const { s3, processor, upload, auditRecord } = setup();
    const message = upload('c/drifting.txt', 'drift');
    s3.failNext('PutObject', 'audit');
    await processor.handle(event(message), context());
    const first = s3.only('outbox').version.bytes.toString();

    await processor.handle(event(message), context());
    const delivered = s3.only('outbox');
    expect(delivered.version.bytes.toString()).toBe(first);
    const record = auditRecord();
    expect(record.sha256Out).toBe(sha256(first));
    expect(record.actions[record.actions.length - 1]).toMatch(/earlier attempt had already delivered .* different bytes/);
  });

  test('a retry keeps the decision of an earlier attempt that got as far as writing its output', async () => {
    const { s3, processor, upload } = setup();
    const message = upload('i/plan.docm', 'macro plan');
    s3.failNext('PutObject', 'audit');
    await processor.handle(event(message), context());
    expect(s3.keys('outbox')).toHaveLength(1);

    // The retry runs a newer engine that would quarantine the file: the earlier delivery stands.
    const stricter: ISanitizerEngine = {
      name: 'stricter',
      sanitize: async () => {
        throw new Error('must not run again');
      },
    };
    const retrying = new TransferProcessor({ s3: s3.client, engine: stricter, config: CONFIG, log: () => undefined });
    const retry = await retrying.handle(
      event({ ...message, attributes: { ...message.attributes, ApproximateReceiveCount: '2' } }),
      context(),
    );

    expect(retry.batchItemFailures).toEqual([]);
    expect(s3.keys('quarantine')).toEqual([]);
    const record = JSON.parse(s3.only('audit').version.bytes.toString()) as TransferAuditRecord;
    expect(record).toMatchObject({
      verdict: 'sanitized',
      detectedType: 'docm',
      attempt: 2,
      sha256In: sha256('macro plan'),
      sha256Out: sha256('plain plan'),
      delivered: { bucket: 'outbox', key: s3.only('outbox').key, name: 'plan.docx' },
      actions: ['removed the VBA project', 'delivered as .docx', expect.stringMatching(/recorded from the output of an earlier attempt/)],
    });
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('a retry finds an earlier quarantine of an unread oversize object and records it', async () => {
    const { s3, processor, upload } = setup();
    const message = upload('j/huge.bin', 'x'.repeat(CONFIG.maxObjectBytes + 10));
    s3.failNext('PutObject', 'audit');
    await processor.handle(event(message), context());
    await processor.handle(event({ ...message, attributes: { ...message.attributes, ApproximateReceiveCount: '2' } }), context());

    expect(s3.mock.commandCalls(CopyObjectCommand)).toHaveLength(1);
    const record = JSON.parse(s3.only('audit').version.bytes.toString()) as TransferAuditRecord;
    expect(record).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'limit-exceeded',
      reason: expect.stringMatching(/^1034 bytes is over/),
    });
    expect(record.sha256In).toBeUndefined();
  });

  test('keeps long action lists within S3 metadata limits, saying how many were left out', async () => {
    const many: ISanitizerEngine = {
      name: 'verbose',
      sanitize: async (input) => ({
        file: input.name,
        verdict: 'sanitized',
        detectedType: 'zip',
        sha256In: sha256(input.bytes),
        actions: Array.from({ length: 200 }, (_, i) => `removed entry number ${i} of the archive, which was a script`),
        output: { name: input.name, bytes: input.bytes },
      }),
    };
    const { s3, processor, upload } = setup(many);
    await processor.handle(event(upload('k/a.zip', 'zip bytes')), context());

    const metadata = s3.only('outbox').version.metadata;
    const size = Object.entries(metadata).reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(size).toBeLessThan(2048);
    const kept = JSON.parse(decodeURIComponent(metadata['lgsec-actions'])) as string[];
    expect(kept[kept.length - 1]).toMatch(/^… \d+ more actions not kept with the file$/);
    expect((JSON.parse(s3.only('audit').version.bytes.toString()) as TransferAuditRecord).actions).toHaveLength(200);
  });

  test('reports only the failing message of a batch; the others are processed', async () => {
    const { s3, processor, upload } = setup();
    const good1 = upload('d/one.txt', 'clean one');
    const bad = upload('d/two.txt', 'crash please');
    const good2 = upload('d/three.docm', 'macro three');

    const response = await processor.handle(event(good1, bad, good2), context());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
    expect(s3.keys('outbox')).toHaveLength(2);
    expect(s3.keys('audit')).toHaveLength(2);
    expect(s3.keys('inbox')).toEqual(['d/two.txt']);
  });

  test('quarantines an object the engine fails on at the last delivery, rather than leave it in the inbox', async () => {
    const { s3, processor, upload, auditRecord } = setup();
    const message = upload('e/poison.txt', 'crash always', CONFIG.maxReceiveCount);
    const response = await processor.handle(event(message), context());

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.only('quarantine').version.bytes.toString()).toBe('crash always');
    expect(auditRecord()).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'engine-failure',
      attempt: 3,
      reason: expect.stringMatching(/failed on the last of 3 attempts: Error: engine exploded/),
    });
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('fails a message whose object is gone from the inbox without an audit record', async () => {
    const { s3, processor, logs } = setup();
    const message = s3Message('f/ghost.txt', 'v999', 5);
    const response = await processor.handle(event(message), context());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    expect(logs.some((l) => l.level === 'error')).toBe(true);
    expect(s3.keys('audit')).toEqual([]);
  });

  test('fails a message that is not an S3 event notification', async () => {
    const { processor } = setup();
    const notJson = sqsRecord('hello');
    const noRecords = sqsRecord('{"foo": 1}');
    const response = await processor.handle(event(notJson, noRecords), context());
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([notJson.messageId, noRecords.messageId]);
  });

  test('leaves messages for a retry when the invocation is about to time out', async () => {
    const engine = new ScriptedEngine();
    const { s3, processor, upload } = setup(engine);
    const message = upload('g/late.txt', 'clean');
    const response = await processor.handle(event(message), context(1000));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    expect(engine.calls).toBe(0);
    expect(s3.keys('inbox')).toEqual(['g/late.txt']);
  });
});

describe('TransferProcessor: messages from the dead-letter queue', () => {
  const DLQ = 'arn:aws:sqs:ap-northeast-1:111111111111:dead-letters';
  const fromDlq = (record: SQSRecord): SQSRecord => ({
    ...record,
    eventSourceARN: DLQ,
    attributes: { ...record.attributes, ApproximateReceiveCount: '1' },
  });
  const dlqSetup = (engine: ISanitizerEngine = new ScriptedEngine()) => {
    const s3 = new FakeS3();
    const processor = new TransferProcessor({
      s3: s3.client,
      engine,
      config: { ...CONFIG, deadLetterQueueArn: DLQ },
      log: () => undefined,
    });
    return { s3, processor };
  };

  test('quarantine the object unread, saying the sanitizer could not finish it', async () => {
    const engine = new ScriptedEngine();
    const { s3, processor } = dlqSetup(engine);
    const record = s3Message('n/hang.pdf', s3.put('inbox', 'n/hang.pdf', 'clean but the engine hung on it'), 31);
    const response = await processor.handle(event(fromDlq(record)), context());

    expect(response.batchItemFailures).toEqual([]);
    expect(engine.calls).toBe(0);
    expect(s3.mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3.only('quarantine').version.bytes.toString()).toBe('clean but the engine hung on it');
    expect(s3.keys('outbox')).toEqual([]);
    expect(JSON.parse(s3.only('audit').version.bytes.toString())).toMatchObject({
      verdict: 'quarantined',
      reasonCode: 'engine-failure',
      detectedType: 'unknown',
      reason: expect.stringMatching(/did not finish this object in 3 attempts/),
      actions: ['the S3 event reached the dead-letter queue after 3 deliveries'],
    });
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('finish instead the work of an attempt that had written its output', async () => {
    const s3 = new FakeS3();
    const first = new TransferProcessor({ s3: s3.client, engine: new ScriptedEngine(), config: CONFIG, log: () => undefined });
    const record = s3Message('o/a.txt', s3.put('inbox', 'o/a.txt', 'clean a'), 7);
    s3.failNext('PutObject', 'audit');
    await first.handle(event(record), context());

    const processor = new TransferProcessor({
      s3: s3.client,
      engine: new ScriptedEngine(),
      config: { ...CONFIG, deadLetterQueueArn: DLQ },
      log: () => undefined,
    });
    await processor.handle(event(fromDlq(record)), context());
    expect(s3.keys('quarantine')).toEqual([]);
    expect(JSON.parse(s3.only('audit').version.bytes.toString())).toMatchObject({ verdict: 'clean', delivered: { bucket: 'outbox' } });
  });

  test('accept an object already processed, and ignore S3 test events', async () => {
    const { s3, processor } = dlqSetup();
    const record = s3Message('p/a.txt', s3.put('inbox', 'p/a.txt', 'clean a'), 7);
    await processor.handle(event(record), context());
    const testEvent = { ...sqsRecord(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' })), eventSourceARN: DLQ };
    const response = await processor.handle(event(fromDlq(record), testEvent), context());

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.keys('quarantine')).toEqual([]);
    expect(s3.keys('audit')).toHaveLength(1);
  });
});

describe('TransferProcessor: events that announce nothing to do', () => {
  test('ignores the S3 test event without touching S3', async () => {
    const { s3, processor } = setup();
    const testEvent = sqsRecord(
      JSON.stringify({
        Service: 'Amazon S3',
        Event: 's3:TestEvent',
        Time: '2026-11-25T10:00:00.000Z',
        Bucket: 'inbox',
        RequestId: 'r',
        HostId: 'h',
      }),
    );
    const response = await processor.handle(event(testEvent), context());

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.mock.calls()).toHaveLength(0);
  });

  test('ignores events of another bucket and records that are not ObjectCreated', async () => {
    const { s3, processor, logs } = setup();
    const other = s3Message('x.txt', 'v1', 5, { bucket: 'someone-elses-bucket' });
    const removed = sqsRecord(JSON.stringify({ Records: [{ eventName: 'ObjectRemoved:Delete', eventTime: 't', s3: {} }] }));
    const response = await processor.handle(event(other, removed), context());

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.mock.calls()).toHaveLength(0);
    expect(logs.filter((l) => l.level === 'warn')).toHaveLength(2);
  });
});

describe('transferConfigFromEnv', () => {
  test('reads every setting', () => {
    expect(
      transferConfigFromEnv({
        [TRANSFER_ENV.inboxBucket]: 'i',
        [TRANSFER_ENV.outboxBucket]: 'o',
        [TRANSFER_ENV.quarantineBucket]: 'q',
        [TRANSFER_ENV.auditBucket]: 'a',
        [TRANSFER_ENV.maxObjectBytes]: '100',
        [TRANSFER_ENV.maxReceiveCount]: '5',
      }),
    ).toEqual({ inboxBucket: 'i', outboxBucket: 'o', quarantineBucket: 'q', auditBucket: 'a', maxObjectBytes: 100, maxReceiveCount: 5 });
  });

  test('fails naming every missing or bad variable', () => {
    expect(() => transferConfigFromEnv({ [TRANSFER_ENV.inboxBucket]: 'i', [TRANSFER_ENV.maxObjectBytes]: 'lots' })).toThrow(
      /LGSEC_OUTBOX_BUCKET is not set[\s\S]*LGSEC_MAX_OBJECT_BYTES='lots' is not a positive integer[\s\S]*LGSEC_MAX_RECEIVE_COUNT is not set/,
    );
  });
});

function parseInboxObject(record: SQSRecord) {
  const message = parseInboxMessage(record.body);
  if (message.kind !== 'objects') throw new Error('not an object event');
  return message.objects[0];
}
