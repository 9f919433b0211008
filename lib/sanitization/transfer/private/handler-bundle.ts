/**
 * The built-in sanitizer function's code, bundled ahead of time, as aws-cdk-lib ships its own
 * custom-resource handlers: `cdk synth` then runs no bundler and needs none installed.
 *
 * `npm run build` (and so `npm pack`, through `prepack`) runs bin/bundle-handlers.ts, which
 * writes `dist/handlers/sanitizing-transfer/`: `index.js` (the handler and everything it imports
 * but the AWS SDK, minified), `index.js.map`, `qpdf.wasm` (read from beside the bundle) and
 * `built-from.json` (what the bundle was built from; not part of the function's code). The
 * package ships that folder and the construct deploys it as it is.
 *
 * Run from this repository's TypeScript sources (`npm run synth`, jest, esbuild-register), the
 * construct compares `built-from.json` with the sources and, when the folder is missing or stale,
 * builds it once with esbuild (a devDependency) into the same git-ignored folder; later synths
 * reuse it. Identical sources give identical files, so the asset hash (the S3 key) only changes
 * with the code.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type * as esbuildModule from 'esbuild';
import { qpdfWasmPath } from '../../qpdf-wasm-file';

/** Node.js major version of the function's runtime (NODEJS_24_X): the bundle's target. */
export const HANDLER_NODE_MAJOR = 24;

/** The file in the bundle folder that says what it was built from; left out of the function's code. */
export const BUILT_FROM_FILE = 'built-from.json';

/** Bumped when the build below changes in a way the recorded inputs do not show. */
const RECIPE_VERSION = 1;

/** Whether this module runs from the TypeScript sources (esbuild-register, ts-jest), not from dist/. */
const FROM_SOURCES = __filename.endsWith('.ts');

/** The package's root: above lib/sanitization/transfer/private, or dist/lib/sanitization/transfer/private. */
const PACKAGE_ROOT = path.resolve(__dirname, ...Array<string>(FROM_SOURCES ? 4 : 5).fill('..'));

/** Where the built-in handler's bundle is, in the published package and in a checkout alike. */
export const BUILTIN_HANDLER_DIR = path.join(PACKAGE_ROOT, 'dist', 'handlers', 'sanitizing-transfer');

/** The built-in handler's source, relative to the package root. */
const ENTRY = 'lib/sanitization/handler/index.ts';

interface BuiltFrom {
  /** RECIPE_VERSION, esbuild's version and the options, as one string. */
  readonly recipe: string;
  /** SHA-256 of each input file (paths relative to the package root, with forward slashes). */
  readonly inputs: Record<string, string>;
}

let checked: string | undefined;

/**
 * The folder of the built-in handler's bundle, for `lambda.Code.fromAsset`. From the sources it is
 * built first when missing or stale (once per process at most); from the published package it
 * is used as shipped.
 */
export function builtinHandlerBundle(): string {
  if (checked !== undefined) return checked;
  if (FROM_SOURCES) {
    const stale = staleness(BUILTIN_HANDLER_DIR);
    if (stale !== undefined) {
      const where = path.relative(process.cwd(), BUILTIN_HANDLER_DIR);
      process.stderr.write(`lgsec: bundling the sanitizing transfer's handler into ${where} (${stale})\n`);
      bundleBuiltinHandler(BUILTIN_HANDLER_DIR);
    }
  } else if (!fs.existsSync(path.join(BUILTIN_HANDLER_DIR, 'index.js'))) {
    const missing = path.join(BUILTIN_HANDLER_DIR, 'index.js');
    throw new Error(
      `lgsec-cdk: the sanitizing transfer's prebuilt handler ${missing} is missing; the package ` +
        'ships it (npm run build writes it): reinstall lgsec-cdk, or give SanitizingTransfer a sanitizerEntry',
    );
  }
  checked = BUILTIN_HANDLER_DIR;
  return checked;
}

/**
 * Why the bundle in `dir` does not match the sources (the first input that changed, a missing
 * file, another esbuild), or undefined when it is up to date. Reads and hashes every input
 * (about 350 files, 10 MB: some tens of milliseconds).
 */
export function staleness(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return 'not built yet';
  let builtFrom: BuiltFrom;
  let builtBy: string;
  try {
    builtFrom = JSON.parse(fs.readFileSync(path.join(dir, BUILT_FROM_FILE), 'utf-8')) as BuiltFrom;
    builtBy = String((JSON.parse(builtFrom.recipe) as { esbuild?: unknown }).esbuild);
  } catch {
    return `${path.join(dir, BUILT_FROM_FILE)} is missing or unreadable`;
  }
  for (const file of ['index.js', 'index.js.map', 'qpdf.wasm']) {
    if (!fs.existsSync(path.join(dir, file))) return `${file} is missing`;
  }
  // Without esbuild installed, a bundle of the same sources is still good: nothing could rebuild it anyway.
  if (builtFrom.recipe !== recipe(esbuildVersion() ?? builtBy)) return 'another esbuild or other options';
  for (const [input, hash] of Object.entries(builtFrom.inputs ?? {})) {
    let now: string;
    try {
      now = sha256(fs.readFileSync(path.join(PACKAGE_ROOT, input)));
    } catch {
      return `${input} is gone`;
    }
    if (now !== hash) return `${input} changed`;
  }
  return undefined;
}

/**
 * Bundles the built-in handler into `dir` (replacing what is there) with esbuild's API: minified,
 * with a source map (no sources content), the AWS SDK left to the runtime, for the function's
 * Node.js; qpdf.wasm copied beside it. Built in a sibling folder first and then renamed into
 * place, so that a concurrent synth or test never sees half a bundle. Returns how many input
 * files went into it and the size of the function's code.
 */
export function bundleBuiltinHandler(dir: string = BUILTIN_HANDLER_DIR): { inputs: number; bytes: number } {
  const esbuild = loadEsbuild();
  const building = `${dir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  try {
    const result = esbuild.buildSync({
      ...BUILD_OPTIONS,
      entryPoints: [...BUILD_OPTIONS.entryPoints],
      external: [...BUILD_OPTIONS.external],
      absWorkingDir: PACKAGE_ROOT,
      outfile: path.join(building, 'index.js'),
      metafile: true,
    });
    const wasm = qpdfWasmPath();
    fs.copyFileSync(wasm, path.join(building, 'qpdf.wasm'));
    const inputs = [
      ...Object.keys(result.metafile.inputs).map((input) => path.resolve(PACKAGE_ROOT, input)),
      wasm,
      // esbuild reads the compiler options that change emitted code (class fields, decorators) from it.
      path.join(PACKAGE_ROOT, 'tsconfig.json'),
    ];
    const builtFrom: BuiltFrom = {
      recipe: recipe(esbuild.version),
      inputs: Object.fromEntries(
        inputs.sort().map((file) => [path.relative(PACKAGE_ROOT, file).split(path.sep).join('/'), sha256(fs.readFileSync(file))]),
      ),
    };
    fs.writeFileSync(path.join(building, BUILT_FROM_FILE), `${JSON.stringify(builtFrom, undefined, 1)}\n`);
    const bytes = ['index.js', 'index.js.map', 'qpdf.wasm'].reduce((sum, file) => sum + fs.statSync(path.join(building, file)).size, 0);
    install(building, dir);
    return { inputs: inputs.length, bytes };
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/**
 * What aws-cdk-lib's NodejsFunction ran as `esbuild --bundle …` for the function, as API options
 * (esbuild's API, not its command line: no child process per synth, no `npx`).
 */
const BUILD_OPTIONS = {
  entryPoints: [ENTRY],
  bundle: true,
  platform: 'node',
  target: `node${HANDLER_NODE_MAJOR}`,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  // The Node.js runtime provides the AWS SDK v3.
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
} as const satisfies esbuildModule.BuildOptions;

function recipe(esbuildVersion: string): string {
  return JSON.stringify({ recipe: RECIPE_VERSION, esbuild: esbuildVersion, options: BUILD_OPTIONS });
}

/** Replaces `dir` with the freshly built `building`, unless another process just put an up-to-date one there. */
function install(building: string, dir: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(building, dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 3) throw error;
    }
    if (staleness(dir) === undefined) return;
    const old = `${dir}.old-${process.pid}`;
    try {
      fs.renameSync(dir, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    fs.rmSync(old, { recursive: true, force: true });
  }
}

/**
 * Whether aws-cdk-lib's NodejsFunction finds an esbuild to bundle with locally, as it looks for
 * one: the package, resolved from aws-cdk-lib, or an `esbuild` command. Only a `sanitizerEntry`
 * needs it.
 */
export function localEsbuildFound(): boolean {
  try {
    const awsCdkLib = path.dirname(require.resolve('aws-cdk-lib/package.json'));
    require.resolve('esbuild/package.json', { paths: [awsCdkLib] });
    return true;
  } catch {
    const version = spawnSync('esbuild', ['--version']);
    return version.status === 0 && !version.error;
  }
}

function esbuildVersion(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('esbuild/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
}

function loadEsbuild(): typeof esbuildModule {
  try {
    // A devDependency: needed only to build the bundle, never by the published package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('esbuild') as typeof esbuildModule;
  } catch (error) {
    throw new Error(
      `lgsec-cdk runs from its TypeScript sources and its sanitizer bundle (${BUILTIN_HANDLER_DIR}) ` +
        'is missing or stale; building it needs esbuild, a devDependency: run npm ci (or npm run build). ' +
        (error as Error).message,
      { cause: error },
    );
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
