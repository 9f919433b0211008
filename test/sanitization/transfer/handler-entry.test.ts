import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { TRANSFER_ENV } from '../../../lib/sanitization/handler/config';

type Handler = (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

const ENV = {
  [TRANSFER_ENV.inboxBucket]: 'inbox',
  [TRANSFER_ENV.outboxBucket]: 'outbox',
  [TRANSFER_ENV.quarantineBucket]: 'quarantine',
  [TRANSFER_ENV.auditBucket]: 'audit',
  [TRANSFER_ENV.maxObjectBytes]: '1048576',
  [TRANSFER_ENV.maxReceiveCount]: '5',
};

const context = { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const message = (body: unknown) =>
  ({ Records: [{ messageId: 'm-1', body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' } }] }) as unknown as SQSEvent;

/**
 * Loads the Lambda entry afresh (it keeps its processor per execution environment) with this
 * environment, and mocks the S3Client class of that fresh module registry.
 */
function loadHandler(env: Record<string, string>): { handler: Handler; s3: ReturnType<typeof mockClient> } {
  let handler: Handler | undefined;
  let s3: ReturnType<typeof mockClient> | undefined;
  jest.isolateModules(() => {
    // A fresh module registry is only reachable through a synchronous require.
    /* eslint-disable @typescript-eslint/no-require-imports */
    s3 = mockClient((require('@aws-sdk/client-s3') as { S3Client: typeof S3Client }).S3Client);
    handler = (require('../../../lib/sanitization/handler/index') as { handler: Handler }).handler;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  const run: Handler = async (event, ctx) => {
    const saved = process.env;
    process.env = { ...saved, ...env };
    try {
      return await handler!(event, ctx);
    } finally {
      process.env = saved;
    }
  };
  return { handler: run, s3: s3! };
}

describe('Lambda entry', () => {
  test('builds the processor from the environment and answers an S3 test event without touching S3', async () => {
    jest.spyOn(console, 'log').mockImplementationOnce(() => undefined);
    const { handler, s3 } = loadHandler({ ...ENV, [TRANSFER_ENV.engineOptions]: JSON.stringify({ limits: { maxEntries: 10 } }) });
    await expect(handler(message({ Service: 'Amazon S3', Event: 's3:TestEvent' }), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(s3.calls()).toHaveLength(0);
  });

  test('reports an object it cannot read as a batch item failure', async () => {
    const { handler, s3 } = loadHandler(ENV);
    s3.rejects(new Error('network down'));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = message({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          eventTime: '2026-11-25T00:00:00Z',
          s3: { bucket: { name: 'inbox' }, object: { key: 'a.txt', size: 3, versionId: 'v1' } },
        },
      ],
    });
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(s3.calls().map((c) => c.args[0].input)).toEqual([{ Bucket: 'inbox', Key: 'a.txt', VersionId: 'v1' }]);
    expect(errors.mock.calls.map((c) => JSON.parse(String(c[0])) as { error: string })).toEqual([
      expect.objectContaining({ error: 'Error: inbox/a.txt: Error: network down' }),
    ]);
    errors.mockRestore();
  });

  test('fails every invocation when the environment is incomplete or the engine options are not JSON', async () => {
    const incomplete = Object.fromEntries(Object.keys(ENV).map((key) => [key, key === TRANSFER_ENV.inboxBucket ? 'inbox' : '']));
    await expect(loadHandler(incomplete).handler(message({}), context)).rejects.toThrow(/LGSEC_OUTBOX_BUCKET is not set/);
    await expect(loadHandler({ ...ENV, [TRANSFER_ENV.engineOptions]: '{nope' }).handler(message({}), context)).rejects.toThrow(
      /LGSEC_SANITIZER_OPTIONS is not JSON/,
    );
  });
});
