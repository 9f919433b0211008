/**
 * Bundles the Lambda handlers lgsec-cdk ships prebuilt (today the SanitizingTransfer's sanitizer)
 * into dist/handlers/, so that no consumer's `cdk synth` runs a bundler. Run by `npm run build`,
 * and so by `npm pack` (prepack):
 *
 *   node -r esbuild-register bin/bundle-handlers.ts
 */
import * as path from 'path';
import { BUILTIN_HANDLER_DIR, bundleBuiltinHandler } from '../lib/sanitization/transfer/private/handler-bundle';

const started = Date.now();
const { inputs, bytes } = bundleBuiltinHandler(BUILTIN_HANDLER_DIR);
const where = path.relative(process.cwd(), BUILTIN_HANDLER_DIR) || BUILTIN_HANDLER_DIR;
// On stderr: `npm pack --json` runs this (prepack) and its stdout must stay JSON.
const size = `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
process.stderr.write(`${where}: ${size} from ${inputs} inputs in ${Date.now() - started} ms\n`);
