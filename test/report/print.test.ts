/**
 * The report on paper: the reference environment's Japanese report printed to PDF by a real
 * headless Chromium (Debian's /usr/bin/chromium through playwright-core), read back page by page
 * with poppler's pdftotext. .ci/run installs both; a check that cannot run fails.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from '../../bin/reference-environment';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { buildReportDocument, renderReport, ReportDocument } from '../../lib/report';
import { MESSAGES } from '../../lib/report/messages';
import type { CheckRun } from '../../rules/results';
import type { TemplateModel } from '../../lib/template/template-model';

const CHROMIUM = '/usr/bin/chromium';
const PDFTOTEXT = '/usr/bin/pdftotext';
const ARTIFACTS = path.join(__dirname, '..', '.artifacts', 'print');

/**
 * The front part an auditor prints and signs, for the reference environment (15 stacks, 744
 * resources): the cover with the stack list (1 page), the summary and the 28-row clause matrix
 * (2), findings and the 6 acknowledgments with their places (1–2), the manual checklist (1).
 */
const FRONT_PAGES_AT_MOST = 6;

describe('the Japanese report of the reference environment on A4 paper', () => {
  let doc: ReportDocument;
  /** The text of each page, in order. */
  let pages: string[];

  beforeAll(async () => {
    for (const tool of [CHROMIUM, PDFTOTEXT]) {
      if (!fs.existsSync(tool))
        throw new Error(`${tool} is missing; install it (apt-get install -y chromium fonts-noto-cjk poppler-utils)`);
    }
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-print-'));
    try {
      const app = new App({ outdir });
      buildReferenceEnvironment(app);
      let seen: { run: CheckRun; model: TemplateModel } | undefined;
      Validations.of(app).addPlugins(new LgsecChecks(app, { reporter: { report: (run, { model }) => void (seen = { run, model }) } }));
      app.synth();
      doc = buildReportDocument({ ...seen!, gitCommit: 'f'.repeat(40), generatedAt: new Date('2026-04-01T00:00:00Z') }, { lang: 'ja' });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const html = path.join(ARTIFACTS, 'lgsec-report.html');
    const pdf = path.join(ARTIFACTS, 'lgsec-report.pdf');
    fs.writeFileSync(html, renderReport(doc, 'html'));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${html}`, { waitUntil: 'load' });
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    } finally {
      await browser.close();
    }
    pages = execFileSync(PDFTOTEXT, ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      .split('\f')
      .filter((text, index, all) => index < all.length - 1 || text.trim() !== '');
  }, 300_000);

  /** Pages before the one that opens the details part. */
  const frontPages = (): string[] =>
    pages.slice(
      0,
      pages.findIndex((text) => /^\s*詳細\s*$/m.test(text)),
    );

  test(`the front part — summary, clause matrix, findings, acknowledgments, checklist — fits in ${FRONT_PAGES_AT_MOST} pages`, () => {
    const front = frontPages();
    expect(front.length).toBeGreaterThanOrEqual(3);
    expect(front.length).toBeLessThanOrEqual(FRONT_PAGES_AT_MOST);
    expect(pages.length).toBeGreaterThan(front.length);
    const t = MESSAGES.ja;
    const firstPages = pages.slice(0, 3).join('\n');
    expect(firstPages).toContain(t.summary);
    expect(firstPages).toContain(t.matrix);
    const text = front.join('\n');
    for (const heading of [t.findings, t.acknowledgments, t.checklist, t.checkedBy, t.signOff, t.signature])
      expect(text).toContain(heading);
    // Every clause of the matrix, with its verdict, is in the front part.
    for (const clause of doc.clauses) expect(text).toMatch(new RegExp(`^\\s*${clause.id.replace(/\./g, '\\.')}\\s+\\S`, 'm'));
  });

  test('acknowledgments name the template file and the resource', () => {
    const text = frontPages().join('\n');
    const acknowledged = doc.results.filter((result) => result.status === 'acknowledged');
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const result of acknowledged) {
      const file = doc.environment.stacks.find((stack) => stack.name === result.template)?.file;
      expect(text).toContain(file);
      expect(text).toContain(result.logicalId);
    }
  });

  test('rule ids, regions and accounts are never broken inside a word', () => {
    const ruleIds = new Set(doc.rules.map((rule) => rule.id));
    const broken: string[] = [];
    for (const [index, text] of pages.entries()) {
      // A rule id may continue on the next line only after one of its hyphens.
      for (const token of text.match(/LGSEC-[A-Z0-9-]*/g) ?? []) {
        const whole = ruleIds.has(token);
        const atHyphen = token.endsWith('-') && [...ruleIds].some((id) => id.startsWith(token));
        if (!whole && !atHyphen) broken.push(`page ${index + 1}: ${token}`);
      }
      for (const line of text.split('\n')) if (/ap-northeast-(?!\d)/.test(line)) broken.push(`page ${index + 1}: ${line.trim()}`);
    }
    expect(broken).toEqual([]);
    // Each stack of the cover's table on one line: name, file, region and account, none wrapped.
    const cover = pages.slice(0, 2).join('\n');
    for (const stack of doc.environment.stacks) {
      expect(cover).toMatch(
        new RegExp(`^\\s*${stack.name}\\s+${stack.file!.replace(/\./g, '\\.')}\\s+${stack.region}\\s+${stack.account}\\s`, 'm'),
      );
    }
  });
});
