/**
 * Data flows one way: templates → the model (lib/template) → rules → results → report and CLI.
 * This reads every relative import of bin/, lib/ and rules/ and holds the folders to that order.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The area a source file belongs to: `rules`, `bin`, `lib/<folder>`, or a file directly in lib/. */
function areaOf(file: string): string {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] === 'rules' || parts[0] === 'bin') return parts[0];
  return parts.length > 2 ? `lib/${parts[1]}` : `lib/${path.basename(file, '.ts')}`;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** area → the areas it imports from. */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of ['bin', 'lib', 'rules'].flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import\(|require\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), match[1]);
      const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => fs.existsSync(candidate));
      if (!resolved) continue;
      const [from, to] = [areaOf(file), areaOf(resolved)];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

const graph = importGraph();
const importsOf = (area: string): string[] => [...(graph.get(area) ?? [])].sort();

/** The folders of constructs: what a CDK app builds with. */
const CONSTRUCTS = ['lib/zones', 'lib/security-cloud', 'lib/storage', 'lib/audit', 'lib/organization', 'lib/terminals'];

test('the model reads templates and knows nothing of rules, report or CLI', () => {
  expect(importsOf('lib/template').filter((area) => !['lib/policy', 'lib/private'].includes(area))).toEqual([]);
});

test('rules/ reads the model and the policy only: no report, no CLI, no constructs', () => {
  expect(importsOf('rules').filter((area) => !['lib/policy', 'lib/private', 'lib/template'].includes(area))).toEqual([]);
});

test('the report reads results and the model, never the CLI or the pack wiring', () => {
  expect(importsOf('lib/report')).not.toEqual(expect.arrayContaining(['lib/cli']));
  expect(importsOf('lib/report')).not.toContain('lib/lgsec-checks');
});

test('constructs do not depend on the checking side', () => {
  for (const area of CONSTRUCTS) {
    expect({
      area,
      imports: importsOf(area).filter((imported) =>
        ['rules', 'lib/report', 'lib/cli', 'lib/template', 'lib/lgsec-checks'].includes(imported),
      ),
    }).toEqual({ area, imports: [] });
  }
});

test('no two areas import each other, directly or through others', () => {
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (area: string, trail: string[]): void => {
    if (trail.includes(area)) {
      cycles.push([...trail.slice(trail.indexOf(area)), area].join(' → '));
      return;
    }
    if (done.has(area)) return;
    for (const next of graph.get(area) ?? []) visit(next, [...trail, area]);
    done.add(area);
  };
  for (const area of graph.keys()) visit(area, []);
  expect(cycles).toEqual([]);
  expect(graph.size).toBeGreaterThan(10);
});
