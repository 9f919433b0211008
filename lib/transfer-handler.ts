// `lgsec-cdk/transfer-handler`: the processor of the SanitizingTransfer's Lambda handler, for a
// custom handler (SanitizingTransferProps.sanitizerEntry). It needs @aws-sdk/client-s3 (an
// optional peer dependency: the Lambda Node.js runtime provides it).
export * from './sanitization/handler/transfer-processor';
