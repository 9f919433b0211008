import { intrinsicOf, isRecord, LANGUAGE_EXTENSIONS, PSEUDO_PARAMETERS, SAM_TRANSFORM, TemplateProblem, transformsOf } from './errors';

/** Intrinsic functions CloudFormation evaluates in Resources, Outputs and Conditions. */
const INTRINSICS: ReadonlySet<string> = new Set([
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::Transform',
  'Fn::And',
  'Fn::Equals',
  'Fn::If',
  'Fn::Not',
  'Fn::Or',
]);

/** Functions of AWS::LanguageExtensions left in place when their value is known only at deploy time. */
const DEPLOY_TIME_EXTENSIONS: ReadonlySet<string> = new Set(['Fn::Length', 'Fn::ToJsonString']);

/**
 * How deep a template may nest. CloudFormation templates nest a few dozen levels (a Step
 * Functions definition inline, a policy inside a condition); far deeper is a generated or
 * hostile file, and refusing it keeps every walk over the template bounded.
 */
export const MAX_TEMPLATE_DEPTH = 512;

/**
 * What CloudFormation would reject before creating anything, found in the prepared (expanded)
 * template: nesting beyond {@link MAX_TEMPLATE_DEPTH}, unknown intrinsic functions, language
 * extensions without their transform, and references to resources, parameters or conditions that
 * do not exist. References are not checked when another macro (a transform lgsec does not
 * expand), a module or SAM (whose connectors, GraphQL APIs, generated queues and the like lgsec
 * does not all model) may create what they name.
 *
 * @param declaredTransforms the transforms of the template as written (before expansion)
 * @param usedSam whether the template was written for the SAM transform
 * @throws TemplateProblem naming the place, the bad value and the fix
 */
export function validateTemplate(template: Record<string, unknown>, declaredTransforms: readonly string[], usedSam = false): void {
  assertDepth(template);
  const extensions = declaredTransforms.includes(LANGUAGE_EXTENSIONS);
  for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
    findUnknownIntrinsic(template[section], section, extensions);
  }
  assertNoCircularConditions(template.Conditions);
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const macros = transformsOf(template).filter((name) => name !== SAM_TRANSFORM && name !== LANGUAGE_EXTENSIONS);
  const modules = Object.values(resources).some(
    (resource) => isRecord(resource) && typeof resource.Type === 'string' && resource.Type.endsWith('::MODULE'),
  );
  if (macros.length === 0 && !modules && !usedSam) new ReferenceCheck(template).run();
}

/** Nesting depth, measured without recursion so that a hostile file cannot overflow the stack. */
export function assertDepth(value: unknown, limit = MAX_TEMPLATE_DEPTH): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit)
      throw new TemplateProblem(
        `it nests deeper than ${limit} levels (lgsec's limit; CloudFormation templates nest a few dozen); check how the file was generated`,
      );
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}

function findUnknownIntrinsic(node: unknown, where: string, extensions: boolean): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => findUnknownIntrinsic(item, `${where}[${index}]`, extensions));
    return;
  }
  if (!isRecord(node)) return;
  const keys = Object.keys(node);
  for (const key of keys) {
    if (key.startsWith('Fn::ForEach::') || (keys.length === 1 && (key === 'Fn::Length' || key === 'Fn::ToJsonString') && !extensions)) {
      throw new TemplateProblem(
        `${key} at ${where} needs 'Transform: AWS::LanguageExtensions' in the template; add it, as CloudFormation requires`,
      );
    }
  }
  if (keys.length === 1 && keys[0].startsWith('Fn::') && !INTRINSICS.has(keys[0]) && !(extensions && DEPLOY_TIME_EXTENSIONS.has(keys[0]))) {
    throw new TemplateProblem(
      `unknown intrinsic function '${keys[0]}' at ${where}; use one of ${[...INTRINSICS].join(', ')}, Fn::GetStackOutput, or the AWS::LanguageExtensions functions`,
    );
  }
  for (const key of keys) findUnknownIntrinsic(node[key], `${where}.${key}`, extensions);
}

class ReferenceCheck {
  private readonly resources: Record<string, unknown>;
  private readonly parameters: Record<string, unknown>;
  private readonly conditions: Record<string, unknown>;

  constructor(private readonly template: Record<string, unknown>) {
    this.resources = isRecord(template.Resources) ? template.Resources : {};
    this.parameters = isRecord(template.Parameters) ? template.Parameters : {};
    this.conditions = isRecord(template.Conditions) ? template.Conditions : {};
  }

  run(): void {
    for (const [id, resource] of Object.entries(this.resources)) {
      if (!isRecord(resource)) continue;
      const where = `Resources.${id}`;
      if (resource.Condition !== undefined) this.condition(resource.Condition, `${where}.Condition`);
      const dependsOn = Array.isArray(resource.DependsOn)
        ? resource.DependsOn
        : resource.DependsOn === undefined
          ? []
          : [resource.DependsOn];
      for (const target of dependsOn) {
        if (typeof target === 'string' && !(target in this.resources)) {
          throw new TemplateProblem(`${where}.DependsOn: '${target}' not found; no resource has that logical id`);
        }
      }
      for (const key of ['Properties', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy'] as const) {
        if (key !== 'Metadata') this.walk(resource[key], `${where}.${key}`);
      }
    }
    this.walk(this.template.Outputs, 'Outputs');
    for (const [name, value] of Object.entries(this.conditions)) this.walk(value, `Conditions.${name}`);
  }

  private walk(node: unknown, where: string): void {
    if (Array.isArray(node)) {
      node.forEach((item, index) => this.walk(item, `${where}[${index}]`));
      return;
    }
    if (!isRecord(node)) return;
    const fn = intrinsicOf(node);
    if (fn === 'Ref' && typeof node.Ref === 'string') {
      this.ref(node.Ref, where);
    } else if (fn === 'Fn::GetAtt') {
      const arg = node['Fn::GetAtt'];
      const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      if (typeof target === 'string' && !(target in this.resources)) {
        throw new TemplateProblem(`Fn::GetAtt of '${target}' not found at ${where}; no resource has that logical id`);
      }
    } else if (fn === 'Fn::Sub') {
      const arg = node['Fn::Sub'];
      const text = Array.isArray(arg) ? arg[0] : arg;
      const vars = Array.isArray(arg) && isRecord(arg[1]) ? arg[1] : {};
      if (typeof text === 'string') {
        for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
          const name = match[1].trim();
          if (name.startsWith('!') || name in vars) continue;
          const dot = name.indexOf('.');
          if (dot > 0 && !name.startsWith('AWS::')) {
            if (!(name.slice(0, dot) in this.resources))
              throw new TemplateProblem(`'\${${name}}' in Fn::Sub not found at ${where}; no resource is named '${name.slice(0, dot)}'`);
          } else {
            this.ref(name, where, 'Fn::Sub variable');
          }
        }
      }
    } else if (fn === 'Fn::If') {
      const arg = node['Fn::If'];
      if (Array.isArray(arg)) this.condition(arg[0], where);
    } else if (fn === 'Condition' && where.startsWith('Conditions.')) {
      this.condition(node.Condition, where);
    }
    for (const [key, value] of Object.entries(node)) this.walk(value, `${where}.${key}`);
  }

  private ref(name: string, where: string, what = 'Ref'): void {
    if (name in this.resources || name in this.parameters || PSEUDO_PARAMETERS.has(name)) return;
    throw new TemplateProblem(`${what} '${name}' not found at ${where}; no resource or parameter has that name`);
  }

  private condition(name: unknown, where: string): void {
    if (typeof name === 'string' && !(name in this.conditions)) {
      throw new TemplateProblem(`condition '${name}' not found at ${where}; declare it under Conditions`);
    }
  }
}

/** CloudFormation rejects a condition that depends on itself, through any chain of `Condition`. */
function assertNoCircularConditions(conditions: unknown): void {
  if (!isRecord(conditions)) return;
  const uses = new Map<string, string[]>();
  for (const [name, expression] of Object.entries(conditions)) uses.set(name, conditionsNamed(expression, []));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name) || !uses.has(name)) return;
    const at = path.indexOf(name);
    if (at !== -1) {
      throw new TemplateProblem(
        `condition ${name} depends on itself (${[...path.slice(at), name].join(' → ')}); CloudFormation rejects circular conditions: break the cycle`,
      );
    }
    for (const next of uses.get(name)!) visit(next, [...path, name]);
    done.add(name);
  };
  for (const name of uses.keys()) visit(name, []);
}

function conditionsNamed(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) for (const item of value) conditionsNamed(item, out);
  else if (isRecord(value)) {
    if (typeof value.Condition === 'string' && Object.keys(value).length === 1) out.push(value.Condition);
    else for (const item of Object.values(value)) conditionsNamed(item, out);
  }
  return out;
}
