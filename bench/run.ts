/**
 * `npm run bench`: synth and check cost at prefecture scale, and sanitizer throughput.
 * Every synth runs in its own process so peak RSS is that synth's alone. Prints the tables and
 * writes BENCHMARKS.md. Absolute times depend on the machine; the ratios measured in the same run
 * are the headline.
 *
 *   npm run bench [-- --sizes 1,10,77 --runs 3 --no-sanitizer]
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatMiB, formatSeconds, Summary, summarize } from './stats';
import { formatSanitizerBench, runSanitizerBench } from './sanitizer';
import { formatRequireCost, measureRequireCost } from './require-cost';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const PACK_SETS: { label: string; packs: string }[] = [
  { label: 'no pack', packs: '' },
  { label: 'LgsecChecks', packs: 'lgsec' },
  { label: 'LgsecChecks, rules only', packs: 'lgsec-rules' },
  { label: 'AwsSolutionsChecks', packs: 'aws' },
  { label: 'both', packs: 'lgsec,aws' },
];

interface SynthSample {
  ms: number;
  wallMs: number;
  maxRssBytes: number;
  resources: number;
  failed: boolean;
}
interface SynthResult {
  members: number;
  label: string;
  resources: number;
  inProcess: Summary;
  wall: Summary;
  peakRss: number;
  failed: boolean;
}
interface CheckResult {
  members: number;
  templates: number;
  resources: number;
  wall: Summary;
  resourcesPerSecond: number;
  exitCode: number;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function synthOnce(members: number, packs: string, outdir: string): SynthSample {
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      'esbuild-register',
      path.join(__dirname, 'synth-prefecture.ts'),
      '--members',
      String(members),
      '--packs',
      packs,
      '--outdir',
      outdir,
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const wallMs = Date.now() - started;
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`synth of ${members} members with [${packs}] failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return { ...JSON.parse(line), wallMs };
}

/**
 * Every pack set of one size, with the runs interleaved (run 1 of each set, then run 2, …) so
 * that drift in the machine's load spreads over all sets instead of biasing the last ones.
 */
function measureSynthSets(members: number, runs: number): SynthResult[] {
  const samples = new Map<string, SynthSample[]>(PACK_SETS.map((set) => [set.label, []]));
  for (let r = 0; r < runs; r++) {
    for (const set of PACK_SETS) {
      samples.get(set.label)!.push(synthOnce(members, set.packs, path.join(OUT, `synth-${members}-${set.packs || 'none'}`)));
      process.stderr.write('.');
    }
  }
  return PACK_SETS.map((set) => {
    const list = samples.get(set.label)!;
    return {
      members,
      label: set.label,
      resources: list[0].resources,
      inProcess: summarize(list.map((s) => s.ms)),
      wall: summarize(list.map((s) => s.wallMs)),
      peakRss: Math.max(...list.map((s) => s.maxRssBytes)),
      failed: list.some((s) => s.failed),
    };
  });
}

function measureCheck(members: number, assembly: string, runs: number): CheckResult {
  const report = path.join(OUT, `check-${members}.json`);
  const times: number[] = [];
  let exitCode = 0;
  for (let r = 0; r < runs; r++) {
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'lgsec.js'), 'check', assembly, '--format', 'json', '--output', report],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    times.push(Date.now() - started);
    exitCode = result.status ?? -1;
    if (exitCode === 2) throw new Error(`lgsec check failed: ${result.stderr}`);
    process.stderr.write('.');
  }
  const summary = JSON.parse(fs.readFileSync(report, 'utf8')).summary as { templates: number; resources: number };
  const wall = summarize(times);
  return {
    members,
    templates: summary.templates,
    resources: summary.resources,
    wall,
    resourcesPerSecond: summary.resources / (wall.median / 1000),
    exitCode,
  };
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function version(pkg: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }), 'utf8')) as { version: string }).version;
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const sizes = option('sizes', '1,10,77').split(',').map(Number);
  const runs = Number(option('runs', '3'));
  const withSanitizer = !process.argv.includes('--no-sanitizer');
  fs.mkdirSync(OUT, { recursive: true });

  const synth: SynthResult[] = [];
  const check: CheckResult[] = [];
  for (const members of sizes) {
    // One discarded run warms the disk cache and esbuild, which the first process otherwise pays alone.
    synthOnce(members, '', path.join(OUT, 'warm-up'));
    process.stderr.write(`synth ${members} members, ${PACK_SETS.length} pack sets × ${runs} runs `);
    synth.push(...measureSynthSets(members, runs));
    process.stderr.write('\n');
    process.stderr.write(`lgsec check ${members} members `);
    check.push(measureCheck(members, path.join(OUT, `synth-${members}-none`), runs));
    process.stderr.write('\n');
  }
  const sanitizer = withSanitizer ? await runSanitizerBench() : [];

  const find = (members: number, label: string) => synth.find((s) => s.members === members && s.label === label)!;
  const headline: string[] = [];
  for (const members of sizes) {
    const none = find(members, 'no pack').inProcess.median;
    const lgsec = find(members, 'LgsecChecks').inProcess.median;
    const rulesOnly = find(members, 'LgsecChecks, rules only').inProcess.median;
    const aws = find(members, 'AwsSolutionsChecks').inProcess.median;
    const resources = find(members, 'no pack').resources;
    const perResource = (ms: number) => `${(((ms - none) / resources) * 1000).toFixed(0)} µs`;
    headline.push(
      `| ${members} | ${resources} | ${pct(lgsec / none - 1)} | ${pct(aws / none - 1)} | ${perResource(lgsec)} | ${perResource(rulesOnly)} | ${perResource(aws)} |`,
    );
  }
  const big = Math.max(...sizes);
  const mid = sizes.includes(10) ? 10 : undefined;
  const targets: string[] = [];
  if (sizes.includes(77)) {
    const none = find(77, 'no pack').inProcess.median;
    const lgsec = find(77, 'LgsecChecks');
    const aws = find(77, 'AwsSolutionsChecks').inProcess.median;
    const rulesOnly = find(77, 'LgsecChecks, rules only').inProcess.median;
    const res = find(77, 'no pack').resources;
    const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
    targets.push(
      `| LgsecChecks adds ≤ 15 % to synth | ${pct(lgsec.inProcess.median / none - 1)} | ${verdict(lgsec.inProcess.median / none - 1 <= 0.15)} |`,
    );
    targets.push(
      `| LgsecChecks' rules cost no more per resource than AwsSolutionsChecks | ${(((rulesOnly - none) / res) * 1000).toFixed(0)} µs vs ${(((aws - none) / res) * 1000).toFixed(0)} µs | ${verdict(rulesOnly - none <= aws - none)} |`,
    );
    targets.push(
      `| … with the results file and the auditor report (not in AwsSolutionsChecks) | ${(((lgsec.inProcess.median - none) / res) * 1000).toFixed(0)} µs vs ${(((aws - none) / res) * 1000).toFixed(0)} µs | ${verdict(lgsec.inProcess.median - none <= aws - none)} |`,
    );
    targets.push(
      `| synth with the pack < 60 s (process wall time) | ${formatSeconds(lgsec.wall)} | ${verdict(lgsec.wall.median < 60000)} |`,
    );
    targets.push(`| synth with the pack < 2 GB peak RSS | ${formatMiB(lgsec.peakRss)} | ${verdict(lgsec.peakRss < 2e9)} |`);
    if (mid) {
      const ratio = lgsec.inProcess.median / find(mid, 'LgsecChecks').inProcess.median;
      targets.push(
        `| time(77) / time(10) ≤ 8.5 (synth with the pack) | ${ratio.toFixed(2)} (resources: ×${(res / find(mid, 'no pack').resources).toFixed(2)}) | ${verdict(ratio <= 8.5)} |`,
      );
    }
    const c77 = check.find((c) => c.members === 77)!;
    targets.push(`| lgsec check of the 77-member templates < 30 s | ${formatSeconds(c77.wall)} | ${verdict(c77.wall.median < 30000)} |`);
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${formatMiB(os.totalmem())} memory, ${os.type()} ${os.release()}`;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Outside a git checkout the commit is simply not known.
  }
  // What an app pays to import the package: the compiled entry points, as installed.
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const requireCost = measureRequireCost(path.join(ROOT, 'dist'), Math.max(runs, 5));
  const md = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). Absolute times depend on the machine and its load;',
    'the ratios between runs measured together are the headline.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine}`,
    `- Versions: Node.js ${process.version}, aws-cdk-lib ${version('aws-cdk-lib')}, cdk-nag ${version('cdk-nag')}, lgsec ${version('.')} (commit ${commit})`,
    `- Method: a synthetic prefecture of N member municipalities (three zones and a sanitizing transfer each, attached to one security cloud) plus the log archive and audit trail (bench/prefecture.ts); each synth in its own process, ${runs} runs per pack set interleaved across the sets, median (min–max). "synth" is app construction + \`app.synth()\` inside the process (validation and, with LgsecChecks, the auditor report included); "wall" adds process start-up.`,
    '',
    '## Headline: what the packs add to synth',
    '',
    '| members | resources | LgsecChecks | AwsSolutionsChecks | LgsecChecks per resource (with report) | LgsecChecks per resource (rules only) | AwsSolutionsChecks per resource |',
    '|---|---|---|---|---|---|---|',
    ...headline,
    '',
    ...(targets.length ? ['## Targets at prefecture scale (N = 77)', '', '| target | measured | |', '|---|---|---|', ...targets, ''] : []),
    '## Synth',
    '',
    table(
      ['members', 'packs', 'resources', 'synth', 'wall', 'peak RSS', 'error findings'],
      synth.map((s) => [
        String(s.members),
        s.label,
        String(s.resources),
        formatSeconds(s.inProcess),
        formatSeconds(s.wall),
        formatMiB(s.peakRss),
        s.failed ? 'yes' : 'none',
      ]),
    ),
    '',
    '## lgsec check on the synthesized templates',
    '',
    table(
      ['members', 'templates', 'resources', 'wall', 'resources/s', 'exit'],
      check.map((c) => [
        String(c.members),
        String(c.templates),
        String(c.resources),
        formatSeconds(c.wall),
        c.resourcesPerSecond.toFixed(0),
        String(c.exitCode),
      ]),
    ),
    '',
    ...(sanitizer.length ? ['## Sanitizer', '', formatSanitizerBench(sanitizer), ''] : []),
    '## Import cost',
    '',
    'Each entry point of the compiled package required in a fresh Node.js process (cold module cache, warm file cache); bench/require-cost.ts.',
    '',
    formatRequireCost(requireCost),
    '',
    // What was profiled and fixed is written by hand, beside the harness.
    fs.readFileSync(path.join(__dirname, 'NOTES.md'), 'utf8').trimEnd(),
    // bench/real-world.ts needs the public collections fetched; its figures are kept by hand.
    '',
    fs.readFileSync(path.join(__dirname, 'REAL-WORLD.md'), 'utf8').trimEnd(),
  ].join('\n');
  process.stdout.write(`${md}\n`);
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), `${md}\n`);
  process.stderr.write(`wrote BENCHMARKS.md (largest prefecture: ${big} members)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
