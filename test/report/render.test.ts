import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLAUSE_IDS, CLAUSES } from '../../lib/policy/clauses';
import Ajv from 'ajv';
import { buildReportDocument, renderReport, REPORT_JSON_SCHEMA, ReportInput, ReportInputError, writeReports } from '../../lib/report';
import { mdEscape } from '../../lib/report/markdown';
import { displayTime } from '../../lib/report/private/view';
import { buildRun, modelOf, SCRIPT_REASON, shuffled, TEMPLATES } from './fixtures';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/** The fixture plus a template whose names try to inject markup into HTML, SVG and Markdown. */
function input(generatedAt: Date): ReportInput {
  const hostile = {
    Resources: {
      Vpc: {
        Type: 'AWS::EC2::VPC',
        Properties: {
          CidrBlock: '10.99.0.0/16',
          Tags: [
            { Key: 'Name', Value: HOSTILE_NAME },
            { Key: 'lgsec:zone', Value: 'internet' },
          ],
        },
      },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: '</td><script>alert(2)</script>' } },
    },
  };
  return {
    run: buildRun(),
    model: modelOf([...TEMPLATES, { name: 'Hostile|Stack', template: hostile }]),
    gitCommit: 'c'.repeat(40),
    generatedAt,
  };
}

const WHEN = new Date('2026-04-01T09:30:00Z');

describe('HTML report', () => {
  let html: string;
  let en: string;
  beforeAll(() => {
    html = renderReport(buildReportDocument(input(WHEN)), 'html');
    en = renderReport(buildReportDocument(input(WHEN), { lang: 'en' }), 'html');
  });

  test('escapes acknowledgment reasons and template values: markup shows as text', () => {
    for (const page of [html, en]) {
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<img/i);
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | *not* bold');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    }
  });

  test('is self-contained: no scripts, no external assets, and a policy that forbids both', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<link\b|\bsrc=["']|@import|url\(|<iframe|<object|<embed|\bon[a-z]+=["']/i);
    expect(html.match(/<svg\b/g)).toHaveLength(2);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ja">/);
  });

  test('prints on A4: page size, repeated table headers, rows not cut, classification on every page', () => {
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html).toMatch(/@top-right \{ content: "機密性2（公開不可）"/);
    expect(html).toMatch(/thead \{ display: table-header-group; \}/);
    expect(html).toMatch(/tr, \.card, svg, figure \{ break-inside: avoid; page-break-inside: avoid; \}/);
    expect(html).toMatch(/@page wide \{ size: A4 landscape; \}/);
  });

  test('cover: classification mark, policy, generation time, tool version, commit, stacks', () => {
    expect(html).toContain('<div class="mark" id="classification-mark">機密性2（公開不可）</div>');
    expect(html).toContain('塩尻市情報セキュリティ基本方針');
    expect(html).toContain(`<dd class="generated-at">${displayTime(WHEN.toISOString())}</dd>`);
    expect(displayTime(WHEN.toISOString())).toBe('2026-04-01 18:30:00 JST (2026-04-01 09:30:00 UTC)');
    expect(html).toContain('lgsec 0.1.0');
    expect(html).toContain(`<code>${'c'.repeat(40)}</code>`);
    expect(html).toContain(
      '<td class="id">NaganoSecurityCloud</td><td class="id">NaganoSecurityCloud.template.json</td>' +
        '<td class="id">ap-northeast-1</td><td class="id">222222222222</td>',
    );
  });

  test('shows every clause in the matrix and in the details, with Japanese or English titles', () => {
    for (const id of CLAUSE_IDS) {
      expect(html).toContain(`<a href="#clause-${id}">${id}</a>`);
      expect(html).toContain(`id="clause-${id}" data-clause="${id}"`);
      expect(html).toContain(`data-clause="${id}"><text`);
    }
    for (const clause of CLAUSES) {
      expect(html).toContain(clause.titleJa);
      expect(en).toContain(clause.titleEn.replace(/'/g, '&#39;'));
    }
    expect(en).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(en).toContain('Confidentiality 2 — not for publication');
    expect(en).not.toContain('機密性2（公開不可）');
  });

  test('inherited clauses show evidence and are never passed; procedural ones are in the checklist', () => {
    const inherited = html.slice(html.indexOf('<section id="inherited">'), html.indexOf('<section id="inventory">'));
    expect(inherited).toContain('ISMAP');
    expect(inherited).toContain('AWS Artifact');
    expect(inherited).toContain('<span class="verdict v-inherited">継承（クラウド事業者）</span>');
    const matrixRow74 = html.match(/<tr><td><a href="#clause-7\.4">7\.4<\/a><\/td>.*?<\/tr>/)![0];
    expect(matrixRow74).toContain('v-inherited');
    expect(matrixRow74).not.toContain('v-passed');
    const checklist = html.slice(html.indexOf('<section id="checklist">'), html.indexOf('<section id="inherited">'));
    for (const id of ['4', '6.4', '7.1', '7.8.c', '8', '9']) expect(checklist).toContain(`<td>${id}</td>`);
    expect(checklist).not.toContain('<td>7.4</td>');
    // A partial clause: rules checked the technical part; without rules, the whole clause is manual.
    expect(checklist).toMatch(/<td>7\.7<\/td><td>[^<]+<\/td><td>技術的な部分はルールで検査済み（判定: 適合）。/);
    expect(checklist).toMatch(/<td>5\.3<\/td><td>[^<]+<\/td><td>この条項を検査するルールはまだない。/);
  });

  test('findings, the acknowledgment register with reason and place, and per-resource results', () => {
    const findings = html.slice(html.indexOf('<section id="findings">'), html.indexOf('<section id="acknowledgments">'));
    expect(findings.match(/<tr><td>エラー<\/td>/g)).toHaveLength(3);
    const register = html.slice(html.indexOf('<section id="acknowledgments">'), html.indexOf('<section id="clauses">'));
    expect(register).toContain('<code class="path">ShiojiriInternetZone/<wbr>Downloads/<wbr>Resource</code>');
    const clause73c = html.slice(html.indexOf('id="clause-7.3.c"'), html.indexOf('id="clause-7.4"'));
    expect(clause73c).toMatch(/<span class="status s-non-compliant">不適合<\/span>.*<code>Nat<\/code>/);
    expect(clause73c).toMatch(/<span class="status s-compliant">適合<\/span>/);
    expect(clause73c).toMatch(
      /<details><summary>対象外のリソース \d+ 件 — <code class="rule">LGSEC-INTERNET-NO-OWN-EGRESS<\/code><\/summary>/,
    );
  });

  test('inventory and network diagram come from the templates', () => {
    expect(html).toContain('data-zone="mynumber"');
    expect(html).toContain('data-vpc="ShiojiriLgwanZone#Vpc"');
    expect(html).toContain('data-tgw="NaganoSecurityCloud#Tgw"');
    expect(html).toContain('10.20.0.0/16, 10.21.0.0/16');
    expect(html).toContain('<tspan class="bad">NAT×1</tspan>');
    expect(html.match(/<line class="attachment"/g)).toHaveLength(2);
    expect(html.match(/<line class="vpn"/g)).toHaveLength(1);
    expect(html).toContain('data-firewall="NaganoSecurityCloud#Firewall"');
    expect(html.match(/<line class="inspection"/g)).toHaveLength(1);
    expect(html).toMatch(/<line class="egress" /);
    expect(html).toContain('<td>ファイアウォールの HOME_NET</td><td>10.130.0.0/16</td>');
  });
});

describe('same input, same bytes', () => {
  // The report's digest and the file's seal cover the generation time too.
  const normalize = (text: string, when: Date): string =>
    text
      .split(displayTime(when.toISOString()))
      .join('TIME')
      .split(when.toISOString())
      .join('TIME')
      .replace(/lgsec-seal:sha256:[0-9a-f]{64}/g, 'SEAL')
      .replace(/("reportDigest": "|<code>|&quot;reportDigest&quot;:&quot;)[0-9a-f]{64}/g, '$1DIGEST');

  test.each(['html', 'md', 'json'] as const)('%s differs only in the generation time, whatever the input order', (format) => {
    const first = input(WHEN);
    const later = new Date('2026-05-02T01:02:03Z');
    const run = first.run;
    const second: ReportInput = {
      ...first,
      generatedAt: later,
      model: modelOf(shuffled(first.model.templates.map((index) => index.input))),
      run: { ...run, results: shuffled(run.results), rules: shuffled(run.rules), templates: shuffled(run.templates) },
    };
    const a = renderReport(buildReportDocument(first), format);
    const b = renderReport(buildReportDocument(second), format);
    expect(a).not.toBe(b);
    expect(normalize(b, later)).toBe(normalize(a, WHEN));
  });
});

describe('Markdown and JSON reports', () => {
  test('Markdown escapes markup and table syntax, and draws the network in Mermaid', () => {
    const md = renderReport(buildReportDocument(input(WHEN)), 'md');
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).toContain(mdEscape(SCRIPT_REASON));
    expect(mdEscape(SCRIPT_REASON)).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; \\| \\*not\\* bold — the \\`legacy\\` \\| bucket is public by design',
    );
    expect(md).toContain('| Hostile\\|Stack |');
    expect(md).toMatch(/^> \*\*機密性2（公開不可）\*\*/);
    expect(md).toContain('```mermaid\nflowchart LR');
    for (const id of CLAUSE_IDS) expect(md).toContain(`\n| ${id} | `);
  });

  test('the Markdown checklist ends with a sign-off to fill in, as the printed HTML does', () => {
    const md = renderReport(buildReportDocument(input(WHEN)), 'md');
    const checklist = md.slice(md.indexOf('## 手動確認リスト'));
    expect(checklist.slice(0, checklist.indexOf('\n## ', 5))).toMatch(
      /上記の各項目を記録のとおり確認したことを証する。\n\n\| 確認者 \| 署名 \| 日付 \|\n\|[-| ]+\|\n\| {2}\| {2}\| {2}\|/,
    );
  });

  test('Markdown shows apostrophes and quotes as written, not as entities', () => {
    const md = renderReport(buildReportDocument(input(WHEN)), 'md');
    expect(md).toContain("lgsec:integrity='5'");
    expect(md).not.toMatch(/&\\?#39;|&quot;/);
    expect(mdEscape("it's #1 & <b>")).toBe("it's \\#1 &amp; &lt;b&gt;");
  });

  test('JSON is the versioned model, valid against its published JSON Schema', () => {
    const baselineDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-report-schema-'));
    const [baseline] = writeReports(input(WHEN), { outDir: baselineDir, formats: ['json'] });
    const doc = buildReportDocument(input(WHEN), { lang: 'en', baseline });
    fs.rmSync(baselineDir, { recursive: true, force: true });
    const parsed = JSON.parse(renderReport(doc, 'json'));
    const validate = new Ajv({ allErrors: true }).compile(REPORT_JSON_SCHEMA);
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
    expect(parsed.baseline).toBeDefined();
    expect(validate({ ...parsed, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...parsed, results: [{ ...parsed.results[0], status: 'passed' }] })).toBe(false);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(parsed).toMatchObject({ schemaVersion: 1, kind: 'lgsec-report', lang: 'en', classification: { confidentiality: 2 } });
    expect(parsed.clauses.map((clause: { id: string }) => clause.id)).toEqual(CLAUSE_IDS);
  });
});

describe('an empty run', () => {
  test('still lists every clause, and says there is nothing in the inventory', () => {
    const doc = buildReportDocument(
      { run: { tool: { name: 'lgsec', version: '0.1.0' }, rules: [], templates: [], results: [] }, model: modelOf([]) },
      { lang: 'en' },
    );
    expect(doc.clauses.map((clause) => clause.id)).toEqual(CLAUSE_IDS);
    expect(doc.clauses.filter((clause) => clause.verdict === 'passed')).toEqual([]);
    const html = renderReport(doc, 'html');
    expect(html).toContain('The templates define no VPC or Transit Gateway.');
    expect(html).toContain('No findings.');
    expect(html.match(/<svg\b/g)).toHaveLength(1);
    const md = renderReport(doc, 'md');
    expect(md).toContain('The templates define no VPC or Transit Gateway.');
    expect(md).not.toContain('```mermaid');
  });
});

describe('writeReports', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-report-write-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes the three files into a new folder, and nothing else', () => {
    const out = path.join(dir, 'a', 'b');
    const files = writeReports(input(WHEN), { outDir: out });
    expect(files).toEqual(['lgsec-report.html', 'lgsec-report.md', 'lgsec-report.json'].map((name) => path.join(out, name)));
    expect(fs.readdirSync(out).sort()).toEqual(['lgsec-report.html', 'lgsec-report.json', 'lgsec-report.md']);
    expect(fs.readFileSync(files[0], 'utf8')).toContain('<html lang="ja">');
  });

  test('writes only the formats asked for, in the language asked for', () => {
    const out = path.join(dir, 'en');
    expect(writeReports(input(WHEN), { outDir: out, formats: ['md'], lang: 'en' })).toEqual([path.join(out, 'lgsec-report.md')]);
    expect(fs.readFileSync(path.join(out, 'lgsec-report.md'), 'utf8')).toContain('# Information security compliance report');
  });

  test('fails with a clear message when the folder cannot be created', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    expect(() => writeReports(input(WHEN), { outDir: path.join(blocker, 'out') })).toThrow(ReportInputError);
    expect(() => writeReports(input(WHEN), { outDir: path.join(blocker, 'out') })).toThrow(
      /Cannot create the report folder .*a-file\/out: ENOTDIR/,
    );
  });

  test('fails on an unknown format, writing nothing', () => {
    const out = path.join(dir, 'bad');
    expect(() => writeReports(input(WHEN), { outDir: out, formats: ['pdf' as 'md'] })).toThrow(ReportInputError);
    expect(() => writeReports(input(WHEN), { outDir: out, formats: ['pdf' as 'md'] })).toThrow(
      /Unknown report format 'pdf'; use html, md, json/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
