/**
 * `lgsec check` over collections of public templates, in one run: how many are checked, which
 * cannot be loaded, the exit code, wall time and peak memory. Every folder under the given
 * directories that holds *.json/*.yaml/*.yml/*.template files is passed to one `lgsec check`
 * (lgsec skips files there that are not templates, as for any folder), in a child process so
 * that its peak RSS is the check's alone.
 *
 *   node -r esbuild-register bench/real-world.ts DIR... [--expect-invalid REGEX] [--json FILE]
 *
 * --expect-invalid: load errors whose path or message matches are templates invalid on purpose
 * (SAM's error_* inputs, Rain sources); they are counted apart.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const EXTENSIONS = /\.(json|ya?ml|template)$/i;

interface Outcome {
  code: number;
  maxRssKiB: number;
  report: {
    summary: { templates: number; resources: number; errors: number; warnings: number; notLoaded: number };
    findings: { ruleId: string; template: string; level: string }[];
    loadErrors: { template: string; file?: string; message: string }[];
  };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function foldersWithTemplates(dir: string, out: string[]): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  // A folder lgsec would refuse as holding no template at all is left out, as a user would.
  // A top-level YAML key, or a JSON object whose Resources hold typed resources: `resources:` nested in
  // a Serverless Framework file, an event's `"Resources": []` or an SDK model are not templates.
  const mentionsResources = (name: string) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    if (!/\.json$/i.test(name)) return /^["']?Resources["']?\s*:/m.test(text);
    try {
      const resources = (JSON.parse(text) as { Resources?: unknown }).Resources;
      return typeof resources === 'object' && resources !== null && Object.values(resources).some((r) => typeof r?.Type === 'string');
    } catch {
      return false;
    }
  };
  if (entries.some((entry) => entry.isFile() && EXTENSIONS.test(entry.name) && mentionsResources(entry.name))) out.push(dir);
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      foldersWithTemplates(path.join(dir, entry.name), out);
  }
  return out;
}

function runCheck(folders: string[], cwd: string): { outcome: Outcome; seconds: number } {
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-bench-')), 'out.json');
  const argv = [
    'check',
    ...folders.map((folder) => path.relative(cwd, folder) || '.'),
    '--region',
    'ap-northeast-1',
    '--format',
    'json',
    '--output',
    outFile,
  ];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(__dirname, 'check-child.js'), ...argv], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The child's status line (process warnings may be printed after it); none is a crash, shown as it is.
  const last = result.stderr
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.startsWith('{"code"'));
  if (last === undefined) throw new Error(`lgsec check crashed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
  const status = JSON.parse(last) as { code: number; maxRssKiB: number; fatal?: string };
  if (!fs.existsSync(outFile))
    throw new Error(`lgsec check wrote nothing (exit ${status.code ?? result.status}): ${status.fatal ?? result.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(outFile, 'utf8')) as Outcome['report'];
  fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
  return { outcome: { ...status, report }, seconds };
}

function main(): void {
  const dirs = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
  if (dirs.length === 0) throw new Error('usage: bench/real-world.ts DIR... [--expect-invalid REGEX] [--json FILE]');
  const expectInvalid = option('expect-invalid') ? new RegExp(option('expect-invalid')!) : undefined;
  const cwd = path.resolve(dirs.length === 1 ? dirs[0] : path.dirname(path.resolve(dirs[0])));
  const folders = dirs.flatMap((dir) => foldersWithTemplates(path.resolve(dir), []));
  const { outcome, seconds } = runCheck(folders, cwd);
  const { summary, loadErrors, findings } = outcome.report;
  const isExpected = (error: { file?: string; template: string; message: string }) =>
    expectInvalid?.test(`${error.file ?? error.template} ${error.message}`) ?? false;
  const expected = loadErrors.filter(isExpected);
  const unexpected = loadErrors.filter((error) => !isExpected(error));
  const byRule = new Map<string, number>();
  for (const finding of findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
  const result = {
    folders: folders.length,
    templatesChecked: summary.templates,
    resources: summary.resources,
    notLoaded: summary.notLoaded,
    notLoadedExpected: expected.length,
    notLoadedOther: unexpected.length,
    exitCode: outcome.code,
    seconds: Number(seconds.toFixed(1)),
    peakRssMiB: Math.round(outcome.maxRssKiB / 1024),
    errors: summary.errors,
    warnings: summary.warnings,
    templatesWithFindings: new Set(findings.map((finding) => finding.template)).size,
    findingsByRule: Object.fromEntries([...byRule.entries()].sort((a, b) => b[1] - a[1])),
    notLoadedOtherList: unexpected.map((error) => error.message),
  };
  if (option('json')) fs.writeFileSync(option('json')!, `${JSON.stringify(result, null, 2)}\n`);
  const headline = Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'findingsByRule' && key !== 'notLoadedOtherList'));
  process.stdout.write(`${JSON.stringify(headline)}\n`);
  for (const line of result.notLoadedOtherList) process.stdout.write(`  not loaded: ${line}\n`);
}

main();
