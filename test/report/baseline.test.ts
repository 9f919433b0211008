import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReportDocument, ReportInputError, writeReports } from '../../lib/report';
import type { CheckRun, RuleResultRecord } from '../../rules/results';
import { buildRun, modelOf, TEMPLATES } from './fixtures';

describe('baseline diff', () => {
  let dir: string;
  let baselineFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-report-baseline-'));
    baselineFile = writeReports(
      { run: buildRun(), model: modelOf(TEMPLATES), gitCommit: 'b'.repeat(40), generatedAt: new Date('2026-03-01T00:00:00Z') },
      { outDir: path.join(dir, 'previous'), formats: ['json'] },
    )[0];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the same run against its own report changes nothing', () => {
    const doc = buildReportDocument({ run: buildRun(), model: modelOf(TEMPLATES) }, { baseline: baselineFile });
    expect(doc.baseline).toEqual({
      file: baselineFile,
      generatedAt: '2026-03-01T00:00:00.000Z',
      gitCommit: 'b'.repeat(40),
      newFindings: [],
      resolvedFindings: [],
      newAcknowledgments: [],
      withdrawnAcknowledgments: [],
      addedResources: [],
      removedResources: [],
    });
  });

  test('reports new and resolved findings, new, changed and withdrawn acknowledgments, added and removed resources', () => {
    const run = buildRun();
    const edit = (result: RuleResultRecord): RuleResultRecord | undefined => {
      const id = `${result.template}/${result.logicalId}/${result.ruleId}`;
      switch (id) {
        // The NAT gateway was removed from the internet zone: its finding is resolved.
        case 'ShiojiriInternetZone/Nat/LGSEC-INTERNET-NO-OWN-EGRESS':
          return undefined;
        // The scratch volume was classified properly.
        case 'ShiojiriInternetZone/Scratch/LGSEC-DATA-CLASSIFIED':
          return { ...result, status: 'compliant', message: undefined };
        // The downloads bucket's TLS exception was withdrawn: it is a finding again.
        case 'ShiojiriInternetZone/Downloads/LGSEC-S3-TLS-ONLY':
          return { ...result, status: 'non-compliant', acknowledgment: undefined };
        // The classification gap of the downloads bucket is now accepted knowingly.
        case 'ShiojiriInternetZone/Downloads/LGSEC-DATA-CLASSIFIED':
          return {
            ...result,
            status: 'acknowledged',
            acknowledgment: {
              reason: 'Public downloads only; classified C1 by the owner, ticket SEC-12',
              madeAt: 'ShiojiriInternetZone/Downloads/Resource',
            },
          };
        default:
          return result;
      }
    };
    const results = run.results
      .map(edit)
      .filter((result): result is RuleResultRecord => result !== undefined)
      .filter((result) => !(result.template === 'ShiojiriInternetZone' && result.logicalId === 'Nat'));
    const newBucket: RuleResultRecord = {
      ruleId: 'LGSEC-S3-TLS-ONLY',
      level: 'error',
      clauses: ['7.6'],
      status: 'non-compliant',
      template: 'ShiojiriInternetZone',
      logicalId: 'Uploads',
      resourceType: 'AWS::S3::Bucket',
      message: 'no TLS-only statement',
    };
    const template = structuredClone(TEMPLATES[2].template) as { Resources: Record<string, unknown> };
    delete template.Resources['Nat'];
    template.Resources['Uploads'] = { Type: 'AWS::S3::Bucket', Properties: {} };
    const templates = TEMPLATES.map((entry, index) => (index === 2 ? { ...entry, template } : entry));
    const changed: CheckRun = { ...run, results: [...results, newBucket] };

    const diff = buildReportDocument({ run: changed, model: modelOf(templates) }, { baseline: baselineFile }).baseline!;
    const ids = (list: readonly { logicalId: string; ruleId?: string }[]) =>
      list.map((entry) => `${entry.logicalId}${entry.ruleId === undefined ? '' : `/${entry.ruleId}`}`);
    expect(ids(diff.newFindings)).toEqual(['Downloads/LGSEC-S3-TLS-ONLY', 'Uploads/LGSEC-S3-TLS-ONLY']);
    expect(diff.newFindings[0]).toMatchObject({ before: 'acknowledged', after: 'non-compliant' });
    expect(diff.newFindings[1]).toMatchObject({ before: 'absent', after: 'non-compliant', message: 'no TLS-only statement' });
    expect(ids(diff.resolvedFindings)).toEqual([
      'Downloads/LGSEC-DATA-CLASSIFIED',
      'Nat/LGSEC-INTERNET-NO-OWN-EGRESS',
      'Scratch/LGSEC-DATA-CLASSIFIED',
    ]);
    expect(diff.resolvedFindings.map((change) => change.after)).toEqual(['acknowledged', 'absent', 'compliant']);
    expect(diff.newAcknowledgments).toEqual([
      expect.objectContaining({
        logicalId: 'Downloads',
        ruleId: 'LGSEC-DATA-CLASSIFIED',
        before: 'non-compliant',
        after: 'acknowledged',
        reason: 'Public downloads only; classified C1 by the owner, ticket SEC-12',
        madeAt: 'ShiojiriInternetZone/Downloads/Resource',
      }),
    ]);
    expect(diff.withdrawnAcknowledgments).toEqual([
      expect.objectContaining({ logicalId: 'Downloads', ruleId: 'LGSEC-S3-TLS-ONLY', before: 'acknowledged', after: 'non-compliant' }),
    ]);
    expect(diff.addedResources).toEqual([
      { template: 'ShiojiriInternetZone', logicalId: 'Uploads', type: 'AWS::S3::Bucket', account: '111111111111' },
    ]);
    expect(diff.removedResources).toEqual([{ template: 'ShiojiriInternetZone', logicalId: 'Nat', type: 'AWS::EC2::NatGateway' }]);
  });

  test('an acknowledgment whose reason changed is shown again', () => {
    const run = buildRun();
    const results = run.results.map((result) =>
      result.status === 'acknowledged'
        ? {
            ...result,
            acknowledgment: { reason: 'Legacy public bucket, retired by 2027-03 (ticket SEC-40)', madeAt: result.acknowledgment!.madeAt },
          }
        : result,
    );
    const diff = buildReportDocument({ run: { ...run, results }, model: modelOf(TEMPLATES) }, { baseline: baselineFile }).baseline!;
    expect(diff.newAcknowledgments).toEqual([
      expect.objectContaining({
        before: 'acknowledged',
        after: 'acknowledged',
        reason: 'Legacy public bucket, retired by 2027-03 (ticket SEC-40)',
      }),
    ]);
    expect(diff.withdrawnAcknowledgments).toEqual([]);
  });

  describe('fails on a baseline that is not an lgsec-report.json', () => {
    const write = (name: string, content: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const build = (file: string) => () => buildReportDocument({ run: buildRun(), model: modelOf(TEMPLATES) }, { baseline: file });

    test('fails on a missing file', () => {
      expect(build(path.join(dir, 'nope.json'))).toThrow(ReportInputError);
      expect(build(path.join(dir, 'nope.json'))).toThrow(/Cannot read the baseline report .*nope\.json: ENOENT/);
    });
    test('fails on invalid JSON', () => {
      expect(build(write('broken.json', '{"kind": "lgsec-report",'))).toThrow(
        /The baseline .*broken\.json is not valid JSON .*pass the lgsec-report\.json of a previous run/,
      );
    });
    test('fails on another kind of JSON file (for example check --format json output)', () => {
      expect(build(write('check.json', JSON.stringify({ tool: { name: 'lgsec' }, findings: [] })))).toThrow(
        /check\.json is not an lgsec-report\.json: "kind" is undefined, expected "lgsec-report"/,
      );
    });
    test('fails on a newer schema version', () => {
      expect(build(write('future.json', JSON.stringify({ kind: 'lgsec-report', schemaVersion: 99, results: [] })))).toThrow(
        /schemaVersion 99, newer than this lgsec reads \(1\); upgrade lgsec/,
      );
    });
    test('fails on malformed results, naming each problem', () => {
      const bad = {
        kind: 'lgsec-report',
        schemaVersion: 1,
        results: [{ template: 'A', logicalId: 'B', ruleId: 'R', status: 'passed' }, 7],
        inventory: { resources: [] },
      };
      expect(build(write('bad.json', JSON.stringify(bad)))).toThrow(
        /results\[0\]\.status is "passed", expected one of compliant, non-compliant, not-applicable, acknowledged; results\[1\] is not an object/,
      );
    });
    test('fails without the resource inventory', () => {
      expect(build(write('noinv.json', JSON.stringify({ kind: 'lgsec-report', schemaVersion: 1, results: [] })))).toThrow(
        /"inventory\.resources" is missing or not a list/,
      );
    });
    test('writes no file when the baseline is bad', () => {
      const out = path.join(dir, 'never');
      expect(() =>
        writeReports({ run: buildRun(), model: modelOf(TEMPLATES) }, { outDir: out, baseline: path.join(dir, 'nope.json') }),
      ).toThrow(ReportInputError);
      expect(fs.existsSync(out)).toBe(false);
    });
  });
});
