/**
 * The findings and the inventory of one report read the same model: they never disagree on a
 * resource's zone, account or classification.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { buildReferenceEnvironment } from '../../bin/reference-environment';
import { LgsecChecks } from '../../lib/lgsec-checks';
import { buildReportDocument, ReportDocument } from '../../lib/report';
import { classificationOf } from '../../lib/template/data-store';
import { TemplateModel } from '../../lib/template/template-model';
import { resourceZone } from '../../lib/template/zones';
import { checkModel } from '../../rules/pack/check-templates';
import type { CheckRun } from '../../rules/results';
import { ref, tags, template } from '../rules/harness';

const C3 = tags({ 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '2' });

/** Every claim the report makes about a resource's zone, account and classification, against the model and the rules. */
function expectAgreement(doc: ReportDocument, run: CheckRun, model: TemplateModel): void {
  const entries = new Map(doc.inventory.resources.map((entry) => [`${entry.template}#${entry.logicalId}`, entry]));
  const accounts = new Map(run.templates.map((checked) => [checked.name, checked.account ?? 'account-agnostic']));
  for (const index of model.templates) {
    for (const resource of index.resources.values()) {
      const entry = entries.get(`${index.name}#${resource.logicalId}`);
      expect(entry).toBeDefined();
      const zone = resourceZone(resource, index);
      expect({ id: resource.logicalId, zone: entry!.zone }).toEqual({ id: resource.logicalId, zone: zone.known ? zone.zone : undefined });
      expect({ id: resource.logicalId, account: entry!.account }).toEqual({ id: resource.logicalId, account: accounts.get(index.name) });
    }
  }
  for (const result of run.results) {
    if (result.logicalId === '') continue;
    expect(entries.get(`${result.template}#${result.logicalId}`)?.account).toBe(accounts.get(result.template));
  }
  const classified = new Map(
    run.results
      .filter((result) => result.ruleId === 'LGSEC-DATA-CLASSIFICATION-TAG')
      .map((result) => [`${result.template}#${result.logicalId}`, result.status]),
  );
  for (const store of doc.inventory.dataStores) {
    const status = classified.get(`${store.template}#${store.logicalId}`);
    const index = model.template(store.template)!;
    const { classification } = classificationOf(index.resources.get(store.logicalId)!, index);
    expect({ store: store.logicalId, classified: store.classificationProblems.length === 0 }).toEqual({
      store: store.logicalId,
      classified: status === 'compliant' || (status === 'not-applicable' && classification !== undefined),
    });
    if (classification) expect(store.confidentiality).toBe(String(classification.confidentiality));
  }
}

describe('findings and inventory agree', () => {
  test('an Aurora cluster classifies its instance: the rule and the inventory both say so', () => {
    const model = TemplateModel.load([
      {
        name: 'Records',
        region: 'ap-northeast-1',
        account: '444444444444',
        template: template({
          Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', StorageEncrypted: true, Tags: C3 } },
          Instance: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', DBClusterIdentifier: ref('Cluster') },
          },
        }),
      },
    ]);
    const run = checkModel(model);
    const doc = buildReportDocument({ run, model });
    for (const logicalId of ['Cluster', 'Instance']) {
      expect(run.results.find((r) => r.ruleId === 'LGSEC-DATA-CLASSIFICATION-TAG' && r.logicalId === logicalId)!.status).toBe('compliant');
    }
    expect(doc.inventory.dataStores.find((store) => store.logicalId === 'Instance')).toMatchObject({
      confidentiality: '3',
      integrity: '2',
      availability: '2',
      classificationProblems: [],
    });
    expectAgreement(doc, run, model);
  });

  test.each(['multi-account', 'single-account'])('the whole reference environment (%s), resource by resource', (layout) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-agreement-'));
    try {
      const app = new App({ outdir, context: { 'lgsec:layout': layout } });
      buildReferenceEnvironment(app);
      let seen: { run: CheckRun; model: TemplateModel } | undefined;
      Validations.of(app).addPlugins(
        new LgsecChecks(app, {
          reporter: {
            report: (run, { model }) => {
              seen = { run, model };
            },
          },
        }),
      );
      app.synth();
      const { run, model } = seen!;
      const doc = buildReportDocument({ run, model });
      expect(doc.inventory.resources).toHaveLength(model.templates.reduce((sum, index) => sum + index.resources.size, 0));
      expect(doc.inventory.dataStores.length).toBeGreaterThan(10);
      expect(new Set(doc.inventory.resources.map((entry) => entry.zone))).toEqual(
        new Set(['mynumber', 'lgwan', 'internet', 'security-cloud', undefined]),
      );
      expectAgreement(doc, run, model);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
