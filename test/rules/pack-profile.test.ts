import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { GUIDELINE_MODEL_PROFILE } from '../../lib/policy';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function reportOf(
  context: Record<string, unknown>,
  props: ConstructorParameters<typeof LgsecChecks>[1] = {},
): { id: string; policy: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-pack-profile-'));
  dirs.push(outdir);
  const app = new App({ outdir, context });
  new sqs.Queue(new Stack(app, 'Small', { env: { region: 'ap-northeast-1' } }), 'Queue', { enforceSSL: true });
  Validations.of(app).addPlugins(new LgsecChecks(app, props));
  app.synth();
  const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'lgsec-report.json'), 'utf8'));
  return { id: doc.profile.id, policy: doc.policy.ja };
}

describe('the policy profile of the report at synth', () => {
  test("is Shiojiri's by default; the profile prop or the lgsec:profile context selects another", () => {
    expect(reportOf({})).toEqual({ id: 'shiojiri', policy: '塩尻市情報セキュリティ基本方針' });
    const expected = { id: 'guideline-model', policy: GUIDELINE_MODEL_PROFILE.policy.ja };
    expect(reportOf({}, { profile: GUIDELINE_MODEL_PROFILE })).toEqual(expected);
    expect(reportOf({ 'lgsec:profile': 'guideline-model' })).toEqual(expected);
  });

  test('an unknown lgsec:profile is refused, naming the known ids and how to set one', () => {
    expect(() => new LgsecChecks(new App({ context: { 'lgsec:profile': 'matsumoto' } }))).toThrow(
      `Context 'lgsec:profile': unknown policy profile "matsumoto"; use one of shiojiri, guideline-model ` +
        '(set it in cdk.json or with -c lgsec:profile=guideline-model)',
    );
  });
});
