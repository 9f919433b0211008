import { CliError } from '../errors';

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
 * Resources mapping whose every entry has a Type. Functions and references are the engine's to
 * check, after it has expanded the template's transforms.
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
    throw new CliError(
      `${notATemplate} (its top level is ${describe(value)}, expected a mapping with a Resources section); pass a template or a cdk.out folder`,
    );
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
    if (logicalId.startsWith('Fn::ForEach::') || logicalId === 'Fn::Transform') {
      // A loop of the AWS::LanguageExtensions transform, which the engine expands, or an include (AWS::Include), which it names in a warning.
      continue;
    }
    const resource = resources[logicalId];
    if (!isPlainObject(resource)) {
      throw new CliError(`${at}: resource '${logicalId}' is ${describe(resource)}, expected a mapping with Type and Properties`);
    }
    if (isPlainObject(resource.Type)) {
      throw new CliError(
        `${at}: resource '${logicalId}' has a mapping (${Object.keys(resource.Type).join(', ')}) for its Type, not a resource type: a tool's directive (such as Rain's Rain::Module); check the template that tool produces`,
      );
    }
    if (typeof resource.Type !== 'string' || resource.Type.trim() === '') {
      throw new CliError(`${at}: resource '${logicalId}' has no Type; every entry under Resources needs one, such as AWS::S3::Bucket`);
    }
  }
  return value;
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
