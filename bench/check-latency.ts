/**
 * Time per template of `lgsec check`'s engine, in one process: every template file under the
 * given folders is loaded and checked on its own (as `lgsec check FILE --region R` would), and the
 * p50/p99/max of load + check are printed with the files that took longest. Files that are not
 * templates, or that lgsec refuses, are counted apart. CPU time of the process is measured, not
 * wall-clock time, so a busy machine changes the figures little.
 *
 *   node -r esbuild-register bench/check-latency.ts DIR... [--region ap-northeast-1]
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadInputs } from '../lib/cli/input/load-inputs';
import { checkTemplates } from '../rules/pack/check-templates';

const EXTENSIONS = /\.(json|ya?ml|template)$/i;

function files(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) files(full, out);
    else if (entry.isFile() && EXTENSIONS.test(entry.name)) out.push(full);
  }
  return out;
}

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function main(): void {
  const args = process.argv.slice(2);
  const regionAt = args.indexOf('--region');
  const region = regionAt >= 0 ? args[regionAt + 1] : 'ap-northeast-1';
  const dirs = args.filter((arg, i) => !arg.startsWith('--') && (regionAt < 0 || i !== regionAt + 1));
  if (dirs.length === 0) throw new Error('usage: node -r esbuild-register bench/check-latency.ts DIR... [--region R]');
  const times: { file: string; ms: number }[] = [];
  let notLoaded = 0;
  for (const dir of dirs) {
    for (const file of files(dir)) {
      const started = cpuMs();
      let inputs;
      try {
        inputs = loadInputs([file], { cwd: process.cwd(), region, onTemplateError: () => notLoaded++ });
      } catch {
        notLoaded++;
        continue;
      }
      if (inputs.length === 0) continue;
      try {
        checkTemplates(inputs, { region, isolate: true });
      } catch {
        notLoaded++;
        continue;
      }
      times.push({ file, ms: cpuMs() - started });
    }
  }
  const sorted = [...times].sort((a, b) => a.ms - b.ms);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]?.ms ?? 0;
  // A file on its own that is not a template is refused, where a folder check would skip it.
  console.log(`${sorted.length} templates checked, ${notLoaded} files not loaded (not a template, or refused)`);
  console.log(`CPU per template: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`);
  for (const { file, ms } of sorted.slice(-5).reverse()) console.log(`  ${ms.toFixed(0)} ms  ${file}`);
}

main();
