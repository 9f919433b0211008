/**
 * The Japanese report is Japanese throughout: every rule's texts and every finding's detail come
 * from the rule table and the rules in Japanese, and no English rule text is left in it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from '../../bin/reference-environment';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { buildReportDocument, renderReport } from '../../lib/report';
import type { CheckRun } from '../../rules/results';
import { ruleTable } from '../../rules/rule-table';
import type { TemplateModel } from '../../lib/template/template-model';
import { sourceJa, whyJa } from '../../lib/template/why-ja';
import { checkPlain, template } from '../rules/harness';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** The reference environment's check run, as the synth path produces it. */
function referenceRun(layout: string): { run: CheckRun; model: TemplateModel } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-japanese-'));
  try {
    const app = new App({ outdir, context: { 'lgsec:layout': layout } });
    buildReferenceEnvironment(app);
    let seen: { run: CheckRun; model: TemplateModel } | undefined;
    Validations.of(app).addPlugins(new LgsecChecks(app, { reporter: { report: (run, { model }) => (seen = { run, model }) } }));
    app.synth();
    return seen!;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The English detail of a message: what follows the rule's cause (and "Cannot verify: "), without the final period. */
function englishDetail(message: string, cause: string): string {
  return message
    .slice(cause.length)
    .replace(/^ (Cannot verify: )?/, '')
    .replace(/\.$/, '');
}

describe('rule table in Japanese', () => {
  test.each(ruleTable().map((rule) => [rule.id, rule] as const))('%s has Japanese cause, explanation and fix', (_id, rule) => {
    for (const text of [rule.ja.cause, rule.ja.explanation, rule.ja.fix]) {
      expect(text.trim()).not.toBe('');
      expect(text).toMatch(JAPANESE);
    }
    expect(rule.ja.cause).not.toBe(rule.cause);
    expect(rule.ja.fix).not.toBe(rule.fix);
  });
});

describe('Japanese of the reasons and explanations the library writes in English', () => {
  test('why a value leaves the template, in Japanese, and English when not known', () => {
    expect(whyJa("comes from parameter 'KeyArn' (its value leaves the template)")).toBe(
      "パラメーター 'KeyArn'（値はテンプレートの外で決まる）から来る",
    );
    expect(whyJa('comes from Key.Arn, whose value is known only at deployment')).toBe('デプロイ時にしか分からない Key.Arn の値である');
    expect(sourceJa("import 'Shared-KeyArn' (exported by a stack that is not checked here; it leaves the template)")).toMatch(
      /^インポート 'Shared-KeyArn'/,
    );
    expect(whyJa('something new')).toBe('something new');
  });
});

describe('finding details in Japanese', () => {
  test('a finding under a parameter names the choice in Japanese, and its detail', () => {
    const checked = checkPlain(
      template(
        { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { Ref: 'Rotate' } } } },
        { Parameters: { Rotate: { Type: 'String', Default: 'false', AllowedValues: ['true', 'false'] } } },
      ),
    );
    const result = checked.result('LGSEC-KMS-KEY-ROTATION', 'Key');
    expect(result.message).toContain('when parameter Rotate is "false" (one of its AllowedValues): EnableKeyRotation is not true');
    expect(result.messageJa).toBe(
      'KMS キーがローテーションされない。パラメーター Rotate が "false"（AllowedValues の一つ）の場合：EnableKeyRotation が true ではない。',
    );
  });

  test('a value that leaves the template is named in Japanese', () => {
    const checked = checkPlain(
      template(
        { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { Ref: 'Rotate' } } } },
        { Parameters: { Rotate: { Type: 'String' } } },
      ),
    );
    expect(checked.result('LGSEC-KMS-KEY-ROTATION', 'Key').messageJa).toBe(
      "KMS キーがローテーションされない。検証できない値：EnableKeyRotation はパラメーター 'Rotate'（値はテンプレートの外で決まる）から来る。",
    );
  });
});

describe('the Japanese report of the reference environment', () => {
  test.each(['multi-account', 'single-account'])('%s: no English rule text, every Japanese text', (layout) => {
    const { run, model } = referenceRun(layout);
    const doc = buildReportDocument({ run, model }, { lang: 'ja' });
    const html = renderReport(doc, 'html');
    const markdown = renderReport(doc, 'md');
    const rules = new Map(ruleTable().map((rule) => [rule.id, rule]));
    const shown = run.results.filter((result) => result.status === 'non-compliant' || result.status === 'acknowledged');
    expect(shown.length).toBeGreaterThan(0);

    const english: string[] = [];
    const japanese: string[] = [];
    const untranslated: string[] = [];
    for (const rule of rules.values()) {
      english.push(rule.cause, rule.explanation, rule.fix);
      japanese.push(rule.ja.cause, rule.ja.explanation, rule.ja.fix);
    }
    for (const result of shown) {
      const rule = rules.get(result.ruleId)!;
      const detail = englishDetail(result.message!, rule.cause);
      if (detail !== '') english.push(detail);
      // A detail without Japanese is a rule whose detail is not localized.
      const detailJa = result.messageJa!.slice(rule.ja.cause.length);
      if (detail !== '' && !JAPANESE.test(detailJa)) untranslated.push(`${result.ruleId}: ${detailJa}`);
      japanese.push(result.messageJa!);
      const ack = result.acknowledgment;
      // lgsec's own design decisions carry their Japanese; the city's reasons are shown as written.
      if (ack?.byDesign) {
        english.push(ack.reason);
        japanese.push(ack.reasonJa!);
      }
    }
    expect(untranslated).toEqual([]);
    // The library's own acknowledgments (the access-log bucket's SSE-S3, for one) carry Japanese reasons.
    expect(shown.filter((result) => result.acknowledgment?.reasonJa !== undefined).length).toBeGreaterThan(0);
    for (const [format, text] of [
      ['html', html],
      ['md', markdown],
    ] as const) {
      const plain = format === 'html' ? unescapeHtml(text) : unescapeMarkdown(text);
      expect({ format, english: english.filter((t) => plain.includes(t)) }).toEqual({ format, english: [] });
      expect({ format, missing: japanese.filter((t) => !plain.includes(t)) }).toEqual({ format, missing: [] });
    }
  });
});

function unescapeHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function unescapeMarkdown(markdown: string): string {
  return markdown
    .replace(/<br>/g, ' ')
    .replace(/\\([\\`*_[\]|#~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
