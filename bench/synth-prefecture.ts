/**
 * One benchmark measurement in its own process, so that peak RSS is this synth's alone: builds a
 * prefecture of N municipalities, registers the requested packs, synthesizes, and prints one JSON
 * line: { ms, maxRssBytes, resources, failed }.
 *
 *   node -r esbuild-register bench/synth-prefecture.ts --members 10 --packs lgsec,aws --outdir DIR
 *
 * Packs: `lgsec` (as users run it: rules, results file and auditor report), `lgsec-rules` (the
 * rules only), `aws` (cdk-nag's AwsSolutionsChecks).
 */
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LgsecChecks } from '../lib/lgsec-checks';
import { buildSyntheticPrefecture } from './prefecture';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}

const members = Number(arg('members'));
const packs = arg('packs', '').split(',').filter(Boolean);
const outdir = arg('outdir');

const started = process.hrtime.bigint();
const app = new App({ outdir, context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
buildSyntheticPrefecture(app, members);
if (packs.includes('lgsec')) Validations.of(app).addPlugins(new LgsecChecks(app));
// The rules alone, without the results file and the auditor report, to compare with other packs.
if (packs.includes('lgsec-rules')) Validations.of(app).addPlugins(new LgsecChecks(app, { reporter: { report: () => undefined } }));
if (packs.includes('aws')) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
let failed = false;
try {
  app.synth();
} catch {
  // Error-level findings fail synth; the benchmark measures the work, not the verdict.
  failed = true;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const resources = app.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length;
process.stdout.write(`${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, resources, failed })}\n`);
