import type { TemplateInput } from '../input';
import { isRecord, LANGUAGE_EXTENSIONS, TemplateLoadError, TemplateProblem, transformsOf } from './errors';
import { expandLanguageExtensions } from './language-extensions';
import { expandSam, usesSam } from './sam';
import { linkStackOutputs } from './stack-outputs';
import { assertDepth, validateTemplate } from './validate';

export { TemplateLoadError } from './errors';
export { MAX_TEMPLATE_DEPTH } from './validate';
export { SAM_POLICY_TEMPLATES } from './sam-policy-templates';

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
  'Globals',
]);

/** The templates of a run as the rules read them, and those that could not be loaded. */
export interface PreparedTemplates {
  /** Inputs whose template is expanded (SAM, language extensions) and linked (stack outputs). */
  readonly templates: TemplateInput[];
  readonly errors: TemplateLoadError[];
  /** What was left unexpanded in templates that loaded (an include, a loop over a deploy-time list). */
  readonly warnings: { readonly template: string; readonly message: string }[];
}

/**
 * Turns templates as written into what CloudFormation would deploy, so that rules see every
 * resource: the AWS::LanguageExtensions transform and the SAM transform are expanded,
 * `Fn::GetStackOutput` is linked across the run, and what CloudFormation would reject
 * (unknown functions, dangling references, absurd nesting) is refused for that template only.
 * Inputs are not changed. Parameters, Conditions and `Fn::If` stay as written.
 */
export function prepareTemplates(inputs: readonly TemplateInput[]): PreparedTemplates {
  const templates: TemplateInput[] = [];
  const errors: TemplateLoadError[] = [];
  const warnings: PreparedTemplates['warnings'] = [];
  const declared: { transforms: string[]; sam: boolean }[] = [];
  for (const input of inputs) {
    const pending: string[] = [];
    const warn = (message: string) => pending.push(message);
    try {
      const written = withoutIncludes(input.template, warn);
      const shape = shapeProblem(written);
      if (shape) throw new TemplateProblem(withMacroHint(shape, input.template));
      assertDepth(input.template);
      const transforms = transformsOf(input.template);
      // The expansions build new objects and never change their input; the top level is copied
      // because linking stack outputs replaces sections of it.
      let template: Record<string, unknown> = { ...(written as Record<string, unknown>) };
      if (transforms.includes(LANGUAGE_EXTENSIONS)) template = expandLanguageExtensions(template, warn);
      warnSamUndeclared(template, transforms, warn);
      const sam = usesSam(template);
      if (sam) template = expandSam(template);
      templates.push({ ...input, template });
      declared.push({ transforms, sam });
      for (const message of pending) warnings.push({ template: input.name, message });
    } catch (error) {
      errors.push(asLoadError(input.name, error));
    }
  }
  linkStackOutputs(templates.map((input) => ({ names: stackNames(input), template: input.template })));
  const valid: TemplateInput[] = [];
  templates.forEach((input, i) => {
    try {
      validateTemplate(input.template, declared[i].transforms, declared[i].sam);
      valid.push(input);
    } catch (error) {
      errors.push(asLoadError(input.name, error));
    }
  });
  const order = new Map(inputs.map((input, i) => [input.name, i]));
  errors.sort((a, b) => (order.get(a.template) ?? 0) - (order.get(b.template) ?? 0));
  const refused = new Set(errors.map((error) => error.template));
  return { templates: valid, errors, warnings: warnings.filter((warning) => !refused.has(warning.template)) };
}

/**
 * The template without the `Fn::Transform` (AWS::Include) entries of its Resources section:
 * CloudFormation replaces each with the snippet it fetches from S3, which lgsec cannot read.
 * The rest is checked, and each include is named in a warning.
 */
function withoutIncludes(template: unknown, warn: (message: string) => void): unknown {
  if (!isRecord(template) || !isRecord(template.Resources) || !Object.prototype.hasOwnProperty.call(template.Resources, 'Fn::Transform'))
    return template;
  const { ['Fn::Transform']: include, ...resources } = template.Resources;
  for (const transform of Array.isArray(include) ? include : [include]) {
    const name = isRecord(transform) && typeof transform.Name === 'string' ? transform.Name : 'a transform';
    const location = isRecord(transform) && isRecord(transform.Parameters) ? transform.Parameters.Location : undefined;
    const from = location === undefined ? '' : ` from ${typeof location === 'string' ? location : JSON.stringify(location)}`;
    warn(
      `Resources.Fn::Transform: ${name} adds resources${from} at deployment, which lgsec does not fetch or expand, so they are not checked; check the processed template (aws cloudformation get-template --template-stage Processed)`,
    );
  }
  return { ...template, Resources: resources };
}

/** The names a stack may be referred to by: its template name, that without the file extension, its deployed name. */
function stackNames(input: TemplateInput): string[] {
  const bare = input.name.replace(/(\.template)?\.(json|ya?ml|template)$/i, '');
  return [...new Set([input.name, bare, ...(input.stackName !== undefined ? [input.stackName] : [])])];
}

function asLoadError(name: string, error: unknown): TemplateLoadError {
  if (error instanceof TemplateLoadError) return error;
  if (error instanceof TemplateProblem) return new TemplateLoadError(name, error.message);
  if (error instanceof RangeError) return new TemplateLoadError(name, `it is too large or too deeply nested to process (${error.message})`);
  throw error;
}

/** A template shaped by a macro lgsec cannot run is valid input to CloudFormation; say so. */
function withMacroHint(problem: string, template: unknown): string {
  const macros = isRecord(template)
    ? transformsOf(template).filter((name) => name !== LANGUAGE_EXTENSIONS && name !== 'AWS::Serverless-2016-10-31')
    : [];
  return macros.length === 0
    ? problem
    : `${problem}; it uses the macro ${macros.join(', ')}, which only CloudFormation runs: check the processed template (aws cloudformation get-template --template-stage Processed)`;
}

/**
 * CloudFormation rejects an AWS::Serverless type in a template that does not declare the SAM
 * transform. SAM's own tools and test suites add it implicitly, so such a template is expanded
 * as if it were declared, and a warning says what CloudFormation would do. Another macro may add
 * the transform or replace the resource, so it is left to them.
 */
function warnSamUndeclared(template: Record<string, unknown>, transforms: readonly string[], warn: (message: string) => void): void {
  if (transforms.some((name) => name !== LANGUAGE_EXTENSIONS)) return;
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const sam = Object.entries(resources).find(
    ([, resource]) => isRecord(resource) && typeof resource.Type === 'string' && resource.Type.startsWith('AWS::Serverless::'),
  );
  if (sam === undefined) return;
  warn(
    `Resources.${sam[0]} has the type ${String((sam[1] as Record<string, unknown>).Type)} in a template that does not declare the SAM transform, which CloudFormation rejects; checked as if 'Transform: AWS::Serverless-2016-10-31' were declared: add it`,
  );
}

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
    if (logicalId.startsWith('Fn::ForEach::')) continue;
    if (isRecord(resource) && isRecord(resource.Type)) {
      return `resource ${logicalId} has a mapping (${Object.keys(resource.Type).join(', ')}) for its Type, not a resource type: a tool's directive (such as Rain's Rain::Module); check the template that tool produces`;
    }
    if (!isRecord(resource) || typeof resource.Type !== 'string') return `resource ${logicalId} has no Type`;
    // `Properties: !If [Cond, {…}, {…}]` is an object too, and valid CloudFormation.
    if (resource.Properties !== undefined && !isRecord(resource.Properties))
      return `the Properties of resource ${logicalId} are not an object`;
  }
  return undefined;
}
