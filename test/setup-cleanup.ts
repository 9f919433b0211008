import * as path from 'path';

// An App without an outdir synthesizes into a new temporary `cdk.out*` folder that aws-cdk-lib
// never removes; the folders a test file made that way are removed after it, so runs leave none.
// The module object itself is patched (an `import * as` copy would not reach aws-cdk-lib).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('fs') as typeof import('fs');
const made: string[] = [];
const mkdtempSync = nodeFs.mkdtempSync;
nodeFs.mkdtempSync = ((prefix: string, options?: BufferEncoding) => {
  const dir = mkdtempSync(prefix, options);
  if (path.basename(prefix) === 'cdk.out') made.push(dir);
  return dir;
}) as typeof nodeFs.mkdtempSync;

afterAll(() => {
  for (const dir of made.splice(0)) nodeFs.rmSync(dir, { recursive: true, force: true });
});
