import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { LgsecChecks, StackTemplate } from './lgsec-pack';
import { prepareTemplates } from '../../lib/template/preprocess';
import { CheckRun, TemplateInput } from '../results';

export { TemplateLoadError } from '../../lib/template/preprocess';

export interface CheckOptions {
  /** Region for templates that do not say theirs (`lgsec check --region`). @default - region-agnostic (a warning) */
  readonly region?: string;
  /** Minimum log group retention in days. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Check the templates that load and list those that do not in the run's `loadErrors`,
   * instead of throwing for the first that does not.
   * @default false
   */
  readonly isolate?: boolean;
}

/** A construct id from a template name (ids may not contain '/'). */
function stackId(name: string, i: number): string {
  return `T${i}-${name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 100)}`;
}

/**
 * The engine of `lgsec check`: expands each template as CloudFormation would (SAM, language
 * extensions, stack outputs; rules/preprocess), builds one in-memory app with a stack per
 * template (no cloud assembly is written, nothing touches the network) and runs the same pack as
 * synthesis. The rules read the expanded template; the stack holds one CfnResource per logical
 * id, which is all the pack's nodes carry. (CfnInclude, used before, refused templates
 * CloudFormation accepts: `Properties: !If`, values typed more strictly than CloudFormation
 * types them, required properties a transform fills in.)
 *
 * @throws TemplateLoadError for the first template that cannot be loaded, unless `isolate`
 */
export function checkTemplates(inputs: readonly TemplateInput[], options: CheckOptions = {}): CheckRun {
  const { templates, errors } = prepareTemplates(inputs);
  if (errors.length > 0 && !options.isolate) throw errors[0];
  // No construct metadata: stack traces and paths cost a third of loading time and no one reads them here.
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true } });
  const stacks: StackTemplate[] = templates.map((input, i) => {
    const stack = new Stack(app, stackId(input.name, i));
    const resources = input.template.Resources as Record<string, { Type: string }>;
    Object.entries(resources).forEach(([logicalId, resource], r) => {
      new CfnResource(stack, `R${r}`, { type: resource.Type }).overrideLogicalId(logicalId);
    });
    return {
      stack, name: input.name, template: input.template, file: input.file,
      region: input.region ?? options.region, account: input.account,
    };
  });
  const pack = new LgsecChecks(undefined, { logRetentionDays: options.logRetentionDays });
  const run = pack.checkStacks(stacks).run;
  if (errors.length === 0) return run;
  const files = new Map(inputs.map((input) => [input.name, input.file]));
  return {
    ...run,
    loadErrors: errors.map((error) => ({
      template: error.template,
      ...(files.get(error.template) !== undefined ? { file: files.get(error.template) } : {}),
      message: error.problem,
    })),
  };
}
