import { flatten } from './principal';
import { Located, TemplateIndex } from './template-index';
import { possibleValues } from './values';

/**
 * Naming the same resource however a template writes it: `Ref`, `Fn::GetAtt … Arn`, `Fn::Sub`
 * or `Fn::Join` of its name or ARN, or a literal name/ARN equal to the resource's literal name.
 */

/** How a resource type is named: the property holding its name and the ARN prefixes before that name. */
const NAMING: Readonly<Record<string, { readonly nameProperty: string; readonly arn: RegExp }>> = {
  'AWS::IAM::Role': { nameProperty: 'RoleName', arn: /^arn:aws:(?:iam|sts)::(\$\{[^}]*\}|[^:]*):(?:role|assumed-role)\/(?:.*\/)?/ },
  'AWS::IAM::User': { nameProperty: 'UserName', arn: /^arn:aws:iam::(\$\{[^}]*\}|[^:]*):user\/(?:.*\/)?/ },
  'AWS::S3::Bucket': { nameProperty: 'BucketName', arn: /^arn:aws:s3:::()/ },
};

/** The texts a value can be written as, references as `${…}` and the partition as `aws`, over its possible values. */
export function textForms(index: TemplateIndex, value: unknown): string[] {
  const out = new Set<string>();
  for (const candidate of [value, ...possibleValues(index, value).map((p) => p.value)]) {
    if (candidate === undefined) continue;
    const text = index.literalString(candidate) ?? flatten(index, candidate);
    if (!text.includes('?')) out.add(text.replace(/\$\{AWS::Partition\}/g, 'aws'));
  }
  return [...out];
}

/**
 * The names of a resource as text (`${LogicalId}` for its Ref, and its name property however
 * written). Names with references only mean something inside the resource's own template.
 */
export function nameForms(target: Located, from: TemplateIndex): string[] {
  const naming = NAMING[target.resource.type];
  const raw = target.index.resources.get(target.resource.logicalId) ?? target.resource;
  const out = new Set<string>();
  if (from === target.index) out.add(`\${${target.resource.logicalId}}`);
  for (const resource of [raw, target.resource]) {
    const name = naming ? resource.properties[naming.nameProperty] : undefined;
    if (name === undefined) continue;
    for (const text of textForms(target.index, name)) if (from === target.index || !text.includes('${')) out.add(text);
  }
  return [...out];
}

/** True when a text is the resource's name or ARN (`${Id.Arn}`, `arn:…:role/<path>/<name>`, …). */
export function textNames(text: string, target: Located, from: TemplateIndex): boolean {
  if (from === target.index && text === `\${${target.resource.logicalId}.Arn}`) return true;
  const names = nameForms(target, from);
  if (names.includes(text)) return true;
  const naming = NAMING[target.resource.type];
  const match = naming?.arn.exec(text);
  if (!match) return false;
  const account = match[1];
  const accounts = [target.index.account, from.account].filter((a): a is string => a !== undefined);
  if (/^\d{12}$/.test(account) && accounts.length > 0 && !accounts.includes(account)) return false;
  return names.includes(text.slice(match[0].length));
}

/** True when a value (in template `from`) names the resource, however written. */
export function valueNames(from: TemplateIndex, value: unknown, target: Located): boolean {
  if (from.refersTo(value, target)) return true;
  return textForms(from, value).some((text) => textNames(text, target, from));
}

/** The resource of one of `types` that a value names (by reference, name or ARN), in the value's template or another of the run. */
export function resourceNamedBy(index: TemplateIndex, value: unknown, ...types: string[]): Located | undefined {
  const direct = index.resourceOf(value, ...types);
  if (direct) return direct;
  const texts = textForms(index, value);
  if (texts.length === 0) return undefined;
  const candidates = index.model
    ? types.flatMap((type) => index.model.ofType(type))
    : types.flatMap((type) => index.ofType(type).map((resource) => ({ resource, index })));
  return candidates.find((candidate) => texts.some((text) => textNames(text, candidate, index)));
}
