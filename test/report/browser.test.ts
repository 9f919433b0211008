/**
 * Opens the HTML report in a real headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; no browser is downloaded) and checks what an auditor sees.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { CLAUSE_IDS, CLAUSES } from '../../lib/policy/clauses';
import { writeReports } from '../../lib/report';
import { buildRun, modelOf, SCRIPT_REASON, TEMPLATES } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '.artifacts', 'report');

describe('HTML report in headless Chromium', () => {
  let browser: Browser;
  const files: Record<'ja' | 'en', string> = { ja: '', en: '' };

  beforeAll(async () => {
    // A check that cannot run fails, it does not pass: .ci/run installs the browser.
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing; install Debian's chromium and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk)`);
    for (const lang of ['ja', 'en'] as const) {
      [files[lang]] = writeReports(
        { run: buildRun(), model: modelOf(TEMPLATES), gitCommit: 'd'.repeat(40), generatedAt: new Date('2026-04-01T00:00:00Z') },
        { outDir: path.join(ARTIFACTS, lang), formats: ['html'], lang },
      );
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(lang: 'ja' | 'en'): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${files[lang]}`, { waitUntil: 'load' });
    return { page, requests };
  }

  test('renders the Japanese report: summary, every clause, the chart, escaped reasons', async () => {
    const { page, requests } = await open('ja');
    try {
      // Self-contained: the page itself is the only request.
      expect(requests).toEqual([`file://${files.ja}`]);
      expect(await page.title()).toContain('機密性2（公開不可）');
      await expect(page.locator('#classification-mark').isVisible()).resolves.toBe(true);

      const cards = await page.locator('#status-counts .card .value').allTextContents();
      expect(cards.map(Number)).toEqual([4, 41, 19, 3, 1, 309, 3, 0]);

      const matrixIds = await page.locator('table.matrix tbody tr td:first-child').allTextContents();
      expect(matrixIds).toEqual(CLAUSE_IDS);
      for (const clause of CLAUSES) {
        await expect(page.locator(`#clause-${clause.id.replace(/\./g, '\\.')} h3`).textContent()).resolves.toContain(clause.titleJa);
      }

      const chart = page.locator('#clause-chart');
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(400);
      expect(box!.height).toBeGreaterThan(CLAUSE_IDS.length * 20);
      expect(await page.locator('#clause-chart g.clause-bar').count()).toBe(CLAUSE_IDS.length);
      const failedBar = page.locator('#clause-chart g.clause-bar[data-clause="7.3.c"] rect[fill="#c62828"]');
      expect((await failedBar.boundingBox())!.width).toBeGreaterThan(10);

      const diagram = page.locator('#network-diagram');
      await diagram.scrollIntoViewIfNeeded();
      expect((await diagram.boundingBox())!.height).toBeGreaterThan(200);
      expect(await page.locator('#network-diagram g.zone').count()).toBe(4);

      // The reason with markup shows as text, and no script element exists.
      const register = await page.locator('#acknowledgments').textContent();
      expect(register).toContain(SCRIPT_REASON);
      expect(await page.locator('script').count()).toBe(0);

      await page.screenshot({ path: path.join(ARTIFACTS, 'report-ja.png'), fullPage: true });
      await page.locator('#summary').screenshot({ path: path.join(ARTIFACTS, 'report-ja-summary.png') });
      await diagram.screenshot({ path: path.join(ARTIFACTS, 'report-ja-network.png') });
    } finally {
      await page.close();
    }
  });

  test('prints to A4 pages', async () => {
    const { page } = await open('ja');
    try {
      const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(ARTIFACTS, 'report-ja.pdf') });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThan(5);
      // A4 portrait is 595 x 842 points; the inventory's wide pages are landscape.
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595(\.\d+)? 841(\.\d+)?\]|\/MediaBox \[0 0 595(\.\d+)? 842(\.\d+)?\]/);
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 84[12](\.\d+)? 595(\.\d+)?\]/);
    } finally {
      await page.close();
    }
  });

  test('renders the English report with English clause titles', async () => {
    const { page } = await open('en');
    try {
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect(page.locator('#classification-mark').textContent()).resolves.toBe('Confidentiality 2 — not for publication');
      const titles = await page.locator('table.matrix tbody tr td:nth-child(2)').allTextContents();
      expect(titles).toEqual(CLAUSES.map((clause) => clause.titleEn));
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-en.png') });
    } finally {
      await page.close();
    }
  });
});
