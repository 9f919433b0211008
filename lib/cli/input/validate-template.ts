import { CliError } from '../errors';

/** Intrinsic functions the check engine (CfnInclude) evaluates. */
const SUPPORTED_INTRINSICS: ReadonlySet<string> = new Set([
  'Ref', 'Condition',
  'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue',
  'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::Transform',
  'Fn::And', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Fn::Or',
]);

/** Functions of the AWS::LanguageExtensions transform, which only CloudFormation expands. */
const LANGUAGE_EXTENSIONS: ReadonlySet<string> = new Set(['Fn::Length', 'Fn::ToJsonString', 'Fn::ForEach']);

/** Sections whose values may hold intrinsic functions (Rules have their own, checked by the engine). */
const SECTIONS_WITH_INTRINSICS = ['Resources', 'Outputs', 'Conditions'] as const;

export interface TemplateShapeOptions {
  /**
   * Accept a template with no Resources section (given an empty one): a CDK stack with nothing
   * in it synthesizes without one, and is still a stack of the assembly.
   * @default false
   */
  readonly allowNoResources?: boolean;
}

/**
 * Makes sure a parsed file is a CloudFormation template lgsec can check: a mapping with a
 * Resources mapping whose every entry has a Type, and only intrinsic functions the engine knows.
 *
 * @returns the template
 * @throws CliError naming the file, the line where known, the bad value and the fix
 */
export function assertCloudFormationTemplate(
  value: unknown,
  displayPath: string,
  resourceLines: ReadonlyMap<string, number>,
  options: TemplateShapeOptions = {},
): Record<string, unknown> {
  const notATemplate = `${displayPath}: is not a CloudFormation template`;
  if (!isPlainObject(value)) {
    throw new CliError(`${notATemplate} (its top level is ${describe(value)}, expected a mapping with a Resources section); pass a template or a cdk.out folder`);
  }
  const resources = value.Resources;
  if (resources === undefined && options.allowNoResources) {
    return { ...value, Resources: {} };
  }
  if (resources === undefined) {
    throw new CliError(`${notATemplate} (it has no Resources section); pass a template or a cdk.out folder`);
  }
  if (!isPlainObject(resources)) {
    throw new CliError(`${notATemplate} (Resources is ${describe(resources)}, expected a mapping of logical ids to resources)`);
  }
  const logicalIds = Object.keys(resources);
  if (logicalIds.length === 0 && !options.allowNoResources) {
    throw new CliError(`${notATemplate} (its Resources section is empty; CloudFormation requires at least one resource)`);
  }
  for (const logicalId of logicalIds) {
    const at = resourceLines.has(logicalId) ? `${displayPath}:${resourceLines.get(logicalId)}` : displayPath;
    if (logicalId.startsWith('Fn::ForEach::')) {
      throw languageExtensionError(at, 'Fn::ForEach', `Resources.${logicalId}`);
    }
    const resource = resources[logicalId];
    if (!isPlainObject(resource)) {
      throw new CliError(`${at}: resource '${logicalId}' is ${describe(resource)}, expected a mapping with Type and Properties`);
    }
    if (typeof resource.Type !== 'string' || resource.Type.trim() === '') {
      throw new CliError(`${at}: resource '${logicalId}' has no Type; every entry under Resources needs one, such as AWS::S3::Bucket`);
    }
  }
  for (const section of SECTIONS_WITH_INTRINSICS) {
    findUnsupportedIntrinsic(value[section], section, displayPath, resourceLines);
  }
  return value;
}

function findUnsupportedIntrinsic(
  node: unknown, jsonPath: string, displayPath: string, resourceLines: ReadonlyMap<string, number>,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => findUnsupportedIntrinsic(item, `${jsonPath}[${index}]`, displayPath, resourceLines));
    return;
  }
  if (!isPlainObject(node)) {
    return;
  }
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0].startsWith('Fn::') && !SUPPORTED_INTRINSICS.has(keys[0])) {
    const at = locate(jsonPath, displayPath, resourceLines);
    if (LANGUAGE_EXTENSIONS.has(keys[0])) {
      throw languageExtensionError(at, keys[0], jsonPath);
    }
    throw new CliError(`${at}: unknown intrinsic function '${keys[0]}' at ${jsonPath}; use one of ${[...SUPPORTED_INTRINSICS].join(', ')}`);
  }
  for (const key of keys) {
    findUnsupportedIntrinsic(node[key], `${jsonPath}.${key}`, displayPath, resourceLines);
  }
}

function languageExtensionError(at: string, fn: string, jsonPath: string): CliError {
  return new CliError(`${at}: ${fn} at ${jsonPath} comes from the AWS::LanguageExtensions transform, which only CloudFormation expands; check the processed template instead (aws cloudformation get-template --template-stage Processed)`);
}

/** `file:line` of the resource a path is in, when the parser gave its line. */
function locate(jsonPath: string, displayPath: string, resourceLines: ReadonlyMap<string, number>): string {
  const match = /^Resources\.([^.[]+)/.exec(jsonPath);
  const line = match ? resourceLines.get(match[1]) : undefined;
  return line === undefined ? displayPath : `${displayPath}:${line}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'string') {
    return 'a string';
  }
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}
