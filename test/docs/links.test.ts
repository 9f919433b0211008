import * as fs from 'fs';
import * as path from 'path';

/**
 * Every link in the documents a reader gets (the repository's Markdown and the package's) points
 * at a file of the repository, and every `#anchor` at a heading that exists, so the docs never
 * send a reader to our workshop or to a section that was renamed.
 */
const REPO = path.join(__dirname, '..', '..');
const DOCUMENTS = [
  'README.md',
  'RULES.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  'BENCHMARKS.md',
  'lib/sanitization/README.md',
  ...fs
    .readdirSync(path.join(REPO, 'lib', 'policy'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `lib/policy/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Links outside code: inline `[text](target)` and reference definitions `[id]: target`. */
function linksOf(markdown: string): string[] {
  const withoutCode = markdown.replace(/(```|~~~)[\s\S]*?\1/g, '').replace(/`[^`\n]*`/g, '');
  const inline = [...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const references = [...withoutCode.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]);
  return [...inline, ...references];
}

describe.each(DOCUMENTS)('links of %s', (document) => {
  const file = path.join(REPO, document);
  const markdown = fs.readFileSync(file, 'utf-8');

  test('point at files of the repository and headings that exist', () => {
    const broken: string[] = [];
    for (const link of linksOf(markdown)) {
      if (/^(https?|mailto):/.test(link)) continue;
      const [target, anchor] = link.split('#', 2);
      const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
      if (!resolved.startsWith(REPO + path.sep) && resolved !== REPO) {
        broken.push(`${link}: outside the repository`);
        continue;
      }
      if (!fs.existsSync(resolved)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md')) {
        const anchors = anchorsOf(fs.readFileSync(resolved, 'utf-8'));
        if (!anchors.has(decodeURIComponent(anchor))) broken.push(`${link}: no heading with this anchor`);
      }
    }
    expect(broken).toEqual([]);
  });
});

test('the anchors are GitHub’s', () => {
  const anchors = anchorsOf('# A `code` title (ja: 題名)\n## Same\n## Same\n```\n# not a heading\n```\n');
  expect([...anchors]).toEqual(['a-code-title-ja-題名', 'same', 'same-1']);
});
