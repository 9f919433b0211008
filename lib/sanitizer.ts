// `lgsec-cdk/sanitizer`: the file sanitizer (engine, chain, the `lgsec sanitize` runner) and the
// transfer's configuration, audit record and metrics. The S3/SQS processor of the transfer's
// Lambda handler, which needs @aws-sdk/client-s3, is `lgsec-cdk/transfer-handler`.
export * from './sanitization';
export * from './sanitization/handler/config';
export * from './sanitization/handler/audit-record';
export * from './sanitization/handler/metrics';
