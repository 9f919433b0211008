import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { isRecord } from './core/template-index';
import { LgsecChecks, StackTemplate } from './pack';
import { CheckRun, TemplateInput } from './results';

/** A template the engine cannot load: malformed, not a CloudFormation template, or using what CloudFormation would reject. */
export class TemplateLoadError extends Error {
  constructor(
    /** Name of the template (file or stack artifact). */
    readonly template: string,
    /** What is wrong, in one line. */
    readonly problem: string,
  ) {
    super(`Cannot load template ${template}: ${problem}`);
    this.name = 'TemplateLoadError';
  }
}

export interface CheckOptions {
  /** Region for templates that do not say theirs (`lgsec check --region`). @default - region-agnostic (a warning) */
  readonly region?: string;
  /** Minimum log group retention in days. @default 365 */
  readonly logRetentionDays?: number;
}

const SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks', 'Globals']);

/** Problems that make an object not a CloudFormation template, named precisely. */
function shapeProblem(template: unknown): string | undefined {
  if (!isRecord(template)) return `it is not a JSON/YAML object but ${Array.isArray(template) ? 'a list' : typeof template}`;
  const unknown = Object.keys(template).filter((key) => !SECTIONS.has(key));
  if (!isRecord(template.Resources)) {
    return unknown.length > 0
      ? `it has no Resources section (top-level keys ${unknown.slice(0, 5).join(', ')} are not CloudFormation sections)`
      : 'it has no Resources section';
  }
  if (unknown.length > 0) return `unknown top-level section ${unknown.slice(0, 5).join(', ')}`;
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') return `resource ${logicalId} has no Type`;
    if (resource.Properties !== undefined && !isRecord(resource.Properties)) return `the Properties of resource ${logicalId} are not an object`;
  }
  return undefined;
}

/** A construct id from a template name (ids may not contain '/'). */
function stackId(name: string, i: number): string {
  return `T${i}-${name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 100)}`;
}

/**
 * The engine of `lgsec check`: loads each template with CfnInclude into one in-memory app (no
 * cloud assembly is written, nothing touches the network) and runs the same pack as synthesis.
 * Templates that CfnInclude cannot load throw {@link TemplateLoadError}.
 */
export function checkTemplates(inputs: readonly TemplateInput[], options: CheckOptions = {}): CheckRun {
  // No construct metadata: stack traces and paths cost a third of loading time and no one reads them here.
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true } });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgsec-check-'));
  const stacks: StackTemplate[] = [];
  try {
    inputs.forEach((input, i) => {
      const problem = shapeProblem(input.template);
      if (problem) throw new TemplateLoadError(input.name, problem);
      const stack = new Stack(app, stackId(input.name, i));
      // CfnInclude reads a file; JSON is YAML, so the parsed template round-trips losslessly.
      const file = path.join(workDir, `${i}.json`);
      fs.writeFileSync(file, JSON.stringify(input.template));
      try {
        new CfnInclude(stack, 'Template', { templateFile: file, allowCyclicalReferences: true });
      } catch (error) {
        throw new TemplateLoadError(input.name, firstLine((error as Error).message));
      } finally {
        fs.rmSync(file, { force: true });
      }
      stacks.push({
        stack, name: input.name, template: input.template, file: input.file,
        region: input.region ?? options.region, account: input.account,
      });
    });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const pack = new LgsecChecks(undefined, { logRetentionDays: options.logRetentionDays });
  return pack.checkStacks(stacks).run;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
