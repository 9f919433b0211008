import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import * as handlerBundle from '../../../lib/sanitization/transfer/private/handler-bundle';
import { transferApp } from './helpers';

const { BUILT_FROM_FILE, BUILTIN_HANDLER_DIR, HANDLER_NODE_MAJOR } = handlerBundle;
const { builtinHandlerBundle, bundleBuiltinHandler, staleness } = handlerBundle;

// Counts the builds through esbuild's API; they still run.
const mockBuildSync = jest.fn();
jest.mock('esbuild', () => {
  const actual = jest.requireActual<typeof import('esbuild')>('esbuild');
  const buildSync = (options: BuildOptions) => {
    mockBuildSync(options);
    return actual.buildSync(options);
  };
  return { ...actual, buildSync };
});

/** Every child process started while `fn` runs (command and arguments), through any child_process function. */
function childProcesses(fn: () => void): string[] {
  // The module object itself (an `import * as` copy would not reach aws-cdk-lib); the spies call through.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cp = require('child_process') as typeof import('child_process');
  const spies = (['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const).map((name) =>
    jest.spyOn(cp, name),
  );
  try {
    fn();
    return spies.flatMap((spy) =>
      spy.mock.calls.map((args: unknown[]) =>
        args
          .filter((a) => typeof a === 'string' || Array.isArray(a))
          .flat()
          .join(' '),
      ),
    );
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

type LambdaFunction = { Properties: { Code: { S3Key: string } } };

/** The folder the transfer's function code was staged to. */
function sanitizerAsset(app: App, template: Template): string {
  const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
  const [, fn] = functions.find(([id]) => id.startsWith('TransferSanitizer')) as [string, LambdaFunction];
  return path.join(app.outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file));

type BuiltFrom = { inputs: Record<string, string> };
type SourceMap = { mappings: string };

describe('the built-in handler, prebuilt', () => {
  beforeAll(() => {
    // As `npm run synth` or the first test finds it: built once from these sources if need be.
    builtinHandlerBundle();
    mockBuildSync.mockClear();
  });

  test('a synth with the bundle in place runs no esbuild and starts no process', () => {
    let asset = '';
    const started = childProcesses(() => {
      const { app, lgwanStack } = transferApp();
      const template = Template.fromJSON(app.synth().getStackArtifact(lgwanStack.artifactId).template);
      asset = sanitizerAsset(app, template);
    });
    expect(started).toEqual([]);
    expect(mockBuildSync).not.toHaveBeenCalled();
    expect(read(asset, 'index.js').equals(read(BUILTIN_HANDLER_DIR, 'index.js'))).toBe(true);
  });

  test('the sanitizer is a plain lambda.Function with the construct id Sanitizer', () => {
    const { transfer } = transferApp();
    expect(transfer.sanitizer).toBeInstanceOf(lambda.Function);
    expect(transfer.sanitizer).not.toBeInstanceOf(nodejs.NodejsFunction);
    expect(transfer.sanitizer.node.id).toBe('Sanitizer');
  });

  test('the bundle is up to date with its sources, and says which input changed when one did', () => {
    expect(staleness(BUILTIN_HANDLER_DIR)).toBeUndefined();
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-bundle-')), 'sanitizing-transfer');
    try {
      fs.cpSync(BUILTIN_HANDLER_DIR, copy, { recursive: true });
      expect(staleness(copy)).toBeUndefined();
      const builtFrom = JSON.parse(read(copy, BUILT_FROM_FILE).toString('utf-8')) as BuiltFrom;
      // The handler, the engine it runs, the libraries they use, the WebAssembly module, tsconfig.json; no AWS SDK.
      const inputs = Object.keys(builtFrom.inputs);
      expect(inputs).toEqual(
        expect.arrayContaining([
          'lib/sanitization/handler/index.ts',
          'lib/sanitization/engine.ts',
          'lib/sanitization/private/pdf.ts',
          'node_modules/@neslinesli93/qpdf-wasm/dist/qpdf.wasm',
          'tsconfig.json',
          expect.stringMatching(/^node_modules\/pdf-lib\//),
        ]),
      );
      expect(inputs.filter((input) => input.startsWith('node_modules/@aws-sdk/'))).toEqual([]);
      builtFrom.inputs['lib/sanitization/engine.ts'] = '0'.repeat(64);
      fs.writeFileSync(path.join(copy, BUILT_FROM_FILE), JSON.stringify(builtFrom));
      expect(staleness(copy)).toBe('lib/sanitization/engine.ts changed');
      fs.rmSync(path.join(copy, 'qpdf.wasm'));
      expect(staleness(copy)).toBe('qpdf.wasm is missing');
      fs.rmSync(path.join(copy, BUILT_FROM_FILE));
      expect(staleness(copy)).toMatch(/built-from\.json is missing/);
      fs.rmSync(copy, { recursive: true });
      expect(staleness(copy)).toBe('not built yet');
    } finally {
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });

  test('a build is deterministic: the same sources give the same code, so the asset hash moves only with it', () => {
    // Three levels down, like dist/handlers/sanitizing-transfer: the map's source paths are relative to it.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-bundle-'));
    const dir = path.join(root, 'dist', 'handlers', 'sanitizing-transfer');
    try {
      expect(bundleBuiltinHandler(dir)).toEqual({ inputs: expect.any(Number), bytes: expect.any(Number) });
      expect(mockBuildSync).toHaveBeenCalledTimes(1);
      expect(mockBuildSync.mock.calls[0][0]).toEqual(
        expect.objectContaining({
          bundle: true,
          platform: 'node',
          target: `node${HANDLER_NODE_MAJOR}`,
          minify: true,
          sourcemap: true,
          sourcesContent: false,
          external: ['@aws-sdk/*'],
        }),
      );
      for (const file of ['index.js', 'qpdf.wasm']) {
        expect(read(dir, file).equals(read(BUILTIN_HANDLER_DIR, file))).toBe(true);
      }
      const mappings = (d: string) => (JSON.parse(read(d, 'index.js.map').toString('utf-8')) as SourceMap).mappings;
      expect(mappings(dir)).toBe(mappings(BUILTIN_HANDLER_DIR));
      expect(staleness(dir)).toBeUndefined();
      // Building again over an up-to-date bundle keeps it, and leaves nothing behind.
      bundleBuiltinHandler(dir);
      expect(fs.readdirSync(path.dirname(dir))).toEqual(['sanitizing-transfer']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      mockBuildSync.mockClear();
    }
  });
});

describe('sanitizerEntry, bundled at synth time', () => {
  const entry = path.join(__dirname, 'custom-sanitizer.ts');

  test('is bundled by NodejsFunction with esbuild, qpdf.wasm beside it', () => {
    const built = transferApp({ sanitizerEntry: entry });
    expect(built.transfer.sanitizer).toBeInstanceOf(nodejs.NodejsFunction);
    const template = Template.fromJSON(built.app.synth().getStackArtifact(built.lgwanStack.artifactId).template);
    const asset = sanitizerAsset(built.app, template);
    expect(fs.readdirSync(asset).sort()).toEqual(['index.js', 'index.js.map', 'qpdf.wasm']);
    expect(read(asset, 'index.js').toString('utf-8')).toContain('commercial-cdr');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: `nodejs${HANDLER_NODE_MAJOR}.x`,
    });
  });

  test('without esbuild, construction fails and names the fix', () => {
    const found = jest.spyOn(handlerBundle, 'localEsbuildFound').mockReturnValue(false);
    try {
      expect(() => transferApp({ sanitizerEntry: entry })).toThrow(
        new RegExp(
          "sanitizerEntry: bundling '.*custom-sanitizer\\.ts' needs esbuild, which is not installed; " +
            'install it as a devDependency of your app \\(npm install --save-dev esbuild\\)',
        ),
      );
      // Nothing is bundled for a stack the CLI did not select: no esbuild needed then.
      expect(() => transferApp({ sanitizerEntry: entry }, { bundle: false })).not.toThrow();
      expect(() => transferApp()).not.toThrow();
    } finally {
      found.mockRestore();
    }
  });

  test('esbuild is found here, as NodejsFunction finds it', () => {
    expect(handlerBundle.localEsbuildFound()).toBe(true);
  });
});
