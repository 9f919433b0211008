/**
 * An example of `SanitizingTransfer`'s `sanitizerEntry`: the transfer's processor with the
 * built-in engine chained to another CDR engine. The construct tests bundle it; the handler
 * tests run it.
 */
import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { chainEngines } from '../../../lib/sanitization/chain';
import { BuiltinSanitizerEngine } from '../../../lib/sanitization/engine';
import { transferConfigFromEnv } from '../../../lib/sanitization/handler/config';
import { TransferProcessor } from '../../../lib/sanitization/handler/transfer-processor';
import { ISanitizerEngine } from '../../../lib/sanitization/types';

/** Stands in for a commercial engine reached over ICAP or HTTP: it refuses files that mention "EICAR". */
export const commercialEngine: ISanitizerEngine = {
  name: 'commercial-cdr',
  async sanitize(input) {
    const sha256In = createHash('sha256').update(input.bytes).digest('hex');
    if (Buffer.from(input.bytes).includes('EICAR')) {
      return {
        file: input.name,
        verdict: 'quarantined',
        detectedType: 'unknown',
        actions: [],
        reason: 'matched signature EICAR',
        sha256In,
      };
    }
    return { file: input.name, verdict: 'clean', detectedType: 'unknown', actions: [], sha256In, sha256Out: sha256In, output: input };
  },
};

let processor: TransferProcessor | undefined;

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  processor ??= new TransferProcessor({
    s3: new S3Client({}),
    engine: chainEngines(new BuiltinSanitizerEngine(), commercialEngine),
    config: transferConfigFromEnv(process.env),
  });
  return processor.handle(event, context);
}
