import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LgsecChecks } from '../../lib/lgsec-checks';

function synthWith(context: Record<string, unknown>, props: ConstructorParameters<typeof LgsecChecks>[1] = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pack-report-'));
  const app = new App({ outdir, context });
  new sqs.Queue(new Stack(app, 'Small', { env: { region: 'ap-northeast-1' } }), 'Queue', { enforceSSL: true });
  Validations.of(app).addPlugins(new LgsecChecks(app, props));
  app.synth();
  return outdir;
}

describe('the auditor report at every synth', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('is written in Japanese by default, beside the results', () => {
    const dir = synthWith({});
    dirs.push(dir);
    for (const file of ['lgsec-results.json', 'lgsec-report.html', 'lgsec-report.md', 'lgsec-report.json']) {
      expect(fs.existsSync(path.join(dir, file))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'lgsec-report.md'), 'utf8')).toContain('情報セキュリティ');
  });

  test('follows reportLanguage, or the lgsec:reportLanguage context', () => {
    const fromProps = synthWith({}, { reportLanguage: 'en' });
    const fromContext = synthWith({ 'lgsec:reportLanguage': 'en' });
    dirs.push(fromProps, fromContext);
    for (const dir of [fromProps, fromContext]) {
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'lgsec-report.json'), 'utf8')).lang).toBe('en');
    }
  });

  test('rejects an unknown language in context, naming the value and the fix', () => {
    expect(() => new LgsecChecks(new App({ context: { 'lgsec:reportLanguage': 'fr' } }))).toThrow(
      /'lgsec:reportLanguage' must be 'ja' or 'en', got "fr"/,
    );
  });
});
