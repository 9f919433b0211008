// The AWS SDK warns once per test process that it will need Node.js 22 from 2027; the handler
// under test runs on the Lambda Node.js 24 runtime, so the warning is noise in test output here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
