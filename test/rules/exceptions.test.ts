/**
 * The exceptions register (例外措置台帳): acknowledgments with approver, approval date, expiry and
 * reference, in template metadata and in code; an expired one is a finding again; the pack can
 * require the fields; lgsec's own acknowledgments are design decisions with Japanese text.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { acknowledgeException } from '../../lib';
import { AccessLogBucket } from '../../lib/storage';
import { buildReportDocument, renderReport } from '../../lib/report';
import { TemplateModel } from '../../lib/template/template-model';
import { checkTemplates } from '../../rules/pack/check-templates';
import { LgsecChecks, LgsecChecksProps } from '../../lib/lgsec-checks';
import type { CheckRun } from '../../rules/results';
import { Checked, template } from './harness';

/** Synthesizes the app with the pack and keeps the run and the model of the templates it checked. */
function synthesize(app: App, props: LgsecChecksProps = {}): { run: CheckRun; model: TemplateModel } {
  let seen: { run: CheckRun; model: TemplateModel } | undefined;
  Validations.of(app).addPlugins(
    new LgsecChecks(app, {
      ...props,
      reporter: {
        report: (run, { model }) => {
          seen = { run, model };
        },
      },
    }),
  );
  try {
    app.synth();
  } catch {
    // Error-level findings fail synthesis after the run was reported.
  }
  return seen!;
}

const ROTATION = 'LGSEC-KMS-KEY-ROTATION';
const REASON_RULE = 'LGSEC-ACKNOWLEDGMENT-REASON';
const REASON = 'The key wraps imported key material, which AWS cannot rotate; the key ceremony rotates it every year.';

/** A key without rotation, acknowledged in its metadata with these exception fields. */
function keyTemplate(fields: Record<string, string> = {}): Record<string, unknown> {
  return template({
    Key: {
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: false },
      Metadata: { lgsec: { acknowledgments: [{ id: ROTATION, reason: REASON, ...fields }] } },
    },
  });
}

const FIELDS = { approver: 'CISO 山田', approvedOn: '2026-04-01', expiresOn: '2027-03-31', reference: 'SEC-2026-014' };

function check(tpl: Record<string, unknown>, options: { checkDate?: string; requireExceptionFields?: boolean } = {}): Checked {
  return new Checked(checkTemplates([{ name: 'test', template: tpl }], { region: 'ap-northeast-1', ...options }));
}

describe('exceptions in template metadata', () => {
  test('an exception within its dates counts, and the result carries its fields', () => {
    const checked = check(keyTemplate(FIELDS), { checkDate: '2027-03-31' });
    expect(checked.status(ROTATION, 'Key')).toBe('acknowledged');
    expect(checked.result(ROTATION, 'Key').acknowledgment).toEqual({ reason: REASON, madeAt: 'test#Key', ...FIELDS });
    expect(checked.status(REASON_RULE, 'Key')).toBe('compliant');
  });

  test('an expired exception is a finding again, naming the approver and the expiry', () => {
    const checked = check(keyTemplate(FIELDS), { checkDate: '2027-04-01' });
    expect(checked.status(ROTATION, 'Key')).toBe('error');
    expect(checked.status(REASON_RULE, 'Key')).toBe('error');
    expect(checked.message(REASON_RULE, 'Key')).toContain(
      'acknowledgment of LGSEC-KMS-KEY-ROTATION at test#Key: the exception expired on 2027-03-31 (approved by CISO 山田, SEC-2026-014)',
    );
  });

  test('a malformed date does not count', () => {
    const checked = check(keyTemplate({ ...FIELDS, expiresOn: '31/03/2027' }), { checkDate: '2026-05-01' });
    expect(checked.status(ROTATION, 'Key')).toBe('error');
    expect(checked.message(REASON_RULE, 'Key')).toContain("expiresOn '31/03/2027' is not a date written YYYY-MM-DD");
  });

  test('fields are optional by default, and required when the pack says so', () => {
    expect(check(keyTemplate()).status(ROTATION, 'Key')).toBe('acknowledged');
    const required = check(keyTemplate({ approver: 'CISO 山田' }), { requireExceptionFields: true });
    expect(required.status(ROTATION, 'Key')).toBe('error');
    expect(required.message(REASON_RULE, 'Key')).toContain(
      'the exceptions register requires approvedOn, expiresOn, reference; add them to the acknowledgment',
    );
    expect(check(keyTemplate(FIELDS), { requireExceptionFields: true, checkDate: '2026-05-01' }).status(ROTATION, 'Key')).toBe(
      'acknowledged',
    );
  });
});

describe('exceptions in code', () => {
  function app(props: { expiresOn: string }): App {
    const created = new App();
    const stack = new Stack(created, 'Keys', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: false });
    acknowledgeException(key, { ruleId: `LGSEC::${ROTATION}`, reason: REASON, ...FIELDS, expiresOn: props.expiresOn });
    return created;
  }

  test('acknowledgeException records the fields: synthesis honours them and writes them into the template for lgsec check', () => {
    const created = app({ expiresOn: '2099-03-31' });
    const { run, model } = synthesize(created, { requireExceptionFields: true });
    const result = run.results.find((r) => r.ruleId === ROTATION)!;
    expect(result.status).toBe('acknowledged');
    expect(result.acknowledgment).toMatchObject({ ...FIELDS, expiresOn: '2099-03-31', madeAt: 'Keys/Key' });
    const written = model.template('Keys')!.input.template as { Resources: Record<string, { Metadata?: { lgsec?: unknown } }> };
    const entries = Object.values(written.Resources).flatMap((resource) => {
      const lgsec = resource.Metadata?.lgsec as { acknowledgments?: unknown[] } | undefined;
      return lgsec?.acknowledgments ?? [];
    });
    expect(entries).toEqual([{ id: ROTATION, reason: REASON, madeAt: 'Keys/Key', ...FIELDS, expiresOn: '2099-03-31' }]);
  });

  test('past its expiry, the finding fails synthesis again', () => {
    const checked = synthesize(app({ expiresOn: '2020-01-01' }), { checkDate: new Date('2026-06-01T00:00:00Z') });
    expect(checked.run.results.find((r) => r.ruleId === ROTATION)!.status).toBe('non-compliant');
    expect(checked.run.results.find((r) => r.ruleId === REASON_RULE && r.status === 'non-compliant')!.message).toContain(
      'the exception expired on 2020-01-01 (approved by CISO 山田, SEC-2026-014)',
    );
  });

  test('a malformed date or rule id is refused where the exception is made', () => {
    const stack = new Stack(new App(), 'Keys');
    const key = new kms.Key(stack, 'Key');
    expect(() => acknowledgeException(key, { ruleId: 'AwsSolutions-KMS5', reason: REASON, expiresOn: '2027/03/31' })).toThrow(
      /Invalid exception at 'Keys\/Key':\n {2}- expiresOn: '2027\/03\/31' is not a date; write it YYYY-MM-DD.*\n {2}- ruleId: 'AwsSolutions-KMS5' is not an lgsec rule id/,
    );
  });
});

describe('the register in the report', () => {
  test("lgsec's own acknowledgments are design decisions, shown apart with Japanese text; the city's exceptions with their fields", () => {
    const created = new App();
    const stack = new Stack(created, 'Logs', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    new AccessLogBucket(stack, 'AccessLogs');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: false });
    acknowledgeException(key, { ruleId: ROTATION, reason: REASON, ...FIELDS, expiresOn: '2099-03-31' });
    // Design decisions need no approver, even where the pack requires one.
    const checked = synthesize(created, { requireExceptionFields: true });
    const design = checked.run.results.find((r) => r.ruleId === 'LGSEC-DATA-CMK-ENCRYPTION' && r.status === 'acknowledged')!;
    expect(design.acknowledgment).toMatchObject({ byDesign: true, reasonJa: expect.stringContaining('SSE-S3') });

    const { model } = checked;
    const ja = renderReport(buildReportDocument({ run: checked.run, model }, { lang: 'ja' }), 'html');
    const register = ja.slice(ja.indexOf('<section id="exceptions">'), ja.indexOf('</section>', ja.indexOf('<section id="exceptions">')));
    expect(register).toContain('<h2>例外措置台帳</h2>');
    expect(register).toMatch(
      /<code>LGSEC-KMS-KEY-ROTATION<\/code>.*<td>CISO 山田<\/td><td>2026-04-01<\/td><td>2099-03-31<\/td><td>SEC-2026-014<\/td>/s,
    );
    const decisions = register.slice(register.indexOf('設計上の判断'));
    expect(decisions).toContain('S3 はサーバーアクセスログを SSE-S3 で暗号化したバケットにしか配信できない');
    expect(decisions).not.toContain('LGSEC-KMS-KEY-ROTATION');
    expect(register.slice(0, register.indexOf('設計上の判断'))).not.toContain('LGSEC-DATA-CMK-ENCRYPTION');
    const en = renderReport(buildReportDocument({ run: checked.run, model }, { lang: 'en' }), 'md');
    expect(en).toContain("### Design decisions of lgsec's constructs");
    expect(en).toContain('S3 delivers server access logs only to buckets encrypted with SSE-S3');
  });
});
