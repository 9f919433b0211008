/**
 * The SanitizingTransfer's Lambda function, bundled from this file when lgsec-cdk is built
 * (scripts/bundle-handlers.ts, into dist/handlers/sanitizing-transfer). Configuration
 * comes from the environment the construct sets (TRANSFER_ENV); clients and the engine are
 * built once per execution environment and reused across invocations.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { BuiltinSanitizerEngine } from '../engine';
import { BuiltinSanitizerOptions } from '../options';
import { TRANSFER_ENV, transferConfigFromEnv } from './config';
import { embeddedMetricsRecorder } from './metrics';
import { TransferLambdaContext, TransferBatchResponse, TransferSqsEvent, TransferProcessor } from './transfer-processor';

let processor: TransferProcessor | undefined;

function engineOptions(): BuiltinSanitizerOptions {
  const raw = process.env[TRANSFER_ENV.engineOptions];
  if (!raw) return {};
  try {
    return JSON.parse(raw) as BuiltinSanitizerOptions;
  } catch {
    throw new Error(`${TRANSFER_ENV.engineOptions} is not JSON: ${raw.slice(0, 200)}`);
  }
}

function processorFromEnv(): TransferProcessor {
  processor ??= new TransferProcessor({
    // The default retry strategy (3 attempts with backoff) covers throttling and 5xx; every
    // write is conditional, so an SDK retry of a write that had landed is harmless.
    s3: new S3Client({}),
    engine: new BuiltinSanitizerEngine(engineOptions()),
    config: transferConfigFromEnv(process.env),
    recordOutcome: embeddedMetricsRecorder(process.env[TRANSFER_ENV.transferName] ?? 'unnamed'),
  });
  return processor;
}

export async function handler(event: TransferSqsEvent, context: TransferLambdaContext): Promise<TransferBatchResponse> {
  return processorFromEnv().handle(event, context);
}
