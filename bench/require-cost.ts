/**
 * What `require('lgsec-cdk')` costs an app: wall time of the require and the number of modules
 * it loads, for each entry point of the compiled package (dist/, built by `npm run build`).
 * Each sample is a fresh Node.js process, so the module cache is cold (the OS file cache warm).
 *
 *   npm run build && node -r esbuild-register bench/require-cost.ts [--runs 7] [--dist DIR]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { formatSeconds, Summary, summarize } from './stats';

export interface RequireCost {
  readonly entry: string;
  readonly modules: number;
  readonly sanitizerModules: number;
  readonly time: Summary;
}

export const REQUIRE_ENTRIES: { entry: string; file: string }[] = [
  { entry: 'lgsec-cdk', file: 'lib/index.js' },
  { entry: 'lgsec-cdk/sanitizer', file: 'lib/sanitizer.js' },
  { entry: 'lgsec-cdk/cli', file: 'lib/cli/index.js' },
];

const PROBE = `
const t = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const files = Object.keys(require.cache);
const sanitizer = files.filter((f) => /sanitization[\\\\/](engine|private)|[\\\\/](pdf-lib|mailparser|yauzl|@xmldom|fast-xml-parser|html-to-text|iconv-lite)[\\\\/]/.test(f)).length;
console.log(JSON.stringify({ ms, modules: files.length, sanitizer }));`;

export function measureRequireCost(dist: string, runs: number): RequireCost[] {
  return REQUIRE_ENTRIES.filter(({ file }) => fs.existsSync(path.join(dist, file))).map(({ entry, file }) => {
    const samples: { ms: number; modules: number; sanitizer: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const result = spawnSync(process.execPath, ['-e', PROBE, path.join(dist, file)], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`require(${entry}) failed: ${result.stderr.slice(-1000)}`);
      samples.push(JSON.parse(result.stdout.trim().split('\n').pop()!));
    }
    return { entry, modules: samples[0].modules, sanitizerModules: samples[0].sanitizer, time: summarize(samples.map((s) => s.ms)) };
  });
}

export function formatRequireCost(costs: readonly RequireCost[]): string {
  const rows = costs.map((c) => `| \`require('${c.entry}')\` | ${formatSeconds(c.time)} | ${c.modules} | ${c.sanitizerModules} |`);
  return [
    '| entry | require time, median (min–max) | modules loaded | of which sanitizer engine/parsers |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (require.main === module) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const dist = path.resolve(arg('dist', path.join(__dirname, '..', 'dist')));
  process.stdout.write(`${formatRequireCost(measureRequireCost(dist, Number(arg('runs', '7'))))}\n`);
}
