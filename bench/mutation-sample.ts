/**
 * Mutation testing of the rules on a random sample of their lines, for a score in reasonable
 * time. The rule tests check whole templates in `beforeAll`, so every mutant of a rule is covered
 * "statically" and runs the whole rule suite (about 15 s each on 2 cores): all ~3,800 mutants
 * take most of a day (`npm run mutation`), while a seeded sample of lines gives the score within
 * a few percent in about two hours. The same seed picks the same lines.
 *
 *   node -r esbuild-register bench/mutation-sample.ts [--lines 150] [--seed 20261207] [--concurrency 1]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** A small deterministic generator (mulberry32), so a seed always picks the same lines. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines of rule code worth mutating: not blank, comments, imports or lone brackets. */
function candidateLines(): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'pack') visit(full);
      else if (entry.isFile() && entry.name.endsWith('.ts') && path.dirname(full) !== path.join(ROOT, 'rules')) {
        fs.readFileSync(full, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const text = line.trim();
            if (text === '' || /^(\/\/|\/\*|\*|import |export \{|[)\]};,]+$)/.test(text)) return;
            out.push(`${path.relative(ROOT, full).split(path.sep).join('/')}:${i + 1}`);
          });
      }
    }
  };
  visit(path.join(ROOT, 'rules'));
  return out;
}

const lines = Number(option('lines', '150'));
const seed = Number(option('seed', '20261207'));
const next = random(seed);
const candidates = candidateLines();
const chosen = new Set<string>();
while (chosen.size < Math.min(lines, candidates.length)) chosen.add(candidates[Math.floor(next() * candidates.length)]);
const mutate = [...chosen].sort().map((at) => {
  const [file, line] = at.split(':');
  return `${file}:${line}-${line}`;
});

const base = JSON.parse(fs.readFileSync(path.join(__dirname, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
const config = path.join(ROOT, 'bench', 'out', 'stryker.sample.config.json');
fs.mkdirSync(path.dirname(config), { recursive: true });
fs.writeFileSync(
  config,
  JSON.stringify(
    {
      ...base,
      mutate,
      concurrency: Number(option('concurrency', '1')),
      jsonReporter: { fileName: 'bench/out/mutation-sample.json' },
      // A run stopped halfway resumes where it was: results of unchanged code and tests are kept.
      incremental: true,
      incrementalFile: 'bench/out/stryker-incremental-sample.json',
    },
    null,
    2,
  ),
);
process.stderr.write(`${mutate.length} of ${candidates.length} rule lines (seed ${seed}); config ${path.relative(ROOT, config)}\n`);
const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'stryker'), ['run', config], { cwd: ROOT, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
