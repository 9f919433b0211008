import { intrinsicName, isRecord, Located, TemplateIndex, TemplateResource } from '../template-index';
import { possibleValues } from '../values';
import { parsePolicy, Policy, Text, TextReader, UnknownText } from './policy';
import { symbol } from './truth';

/**
 * Policies of a template as concrete text: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`,
 * `Fn::Select` and `Fn::ImportValue` (of a checked stack) are followed to strings. What
 * CloudFormation names at deployment (a bucket without BucketName, a key id, an endpoint id) is
 * an opaque name, `<Template.LogicalId>`, the same wherever the run refers to that resource:
 * it equals only itself, and a wildcard covers it. A parameter without a default, an import from
 * a stack that is not checked, or a condition the template leaves open is an unknown text with
 * the reason, never a guess.
 */

/** The account of a template when the run does not know it: every such template is in the same (deploying) account. */
export const UNKNOWN_ACCOUNT = '<deploying account>';
/** The region of a template when the run does not know it. */
export const UNKNOWN_REGION = '<deploying region>';

function sanitize(text: string): string {
  return text.replace(/[:/\s]/g, '.');
}

/** The opaque name of something CloudFormation names at deployment. */
export function opaqueName(index: TemplateIndex, logicalId: string, attribute?: string): string {
  return `<${sanitize(index.name)}.${logicalId}${attribute ? `.${attribute}` : ''}>`;
}

export function accountOf(index: TemplateIndex): string {
  return index.account ?? UNKNOWN_ACCOUNT;
}

export function regionOf(index: TemplateIndex): string {
  return index.region ?? UNKNOWN_REGION;
}

export function partitionOf(index: TemplateIndex): string {
  const region = index.region ?? '';
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function unknownText(why: string): UnknownText {
  return { unknownText: why };
}

/** The name a resource has: its name property when the template says it, else its opaque name. */
function nameOf(located: Located, property: string): string {
  const raw = located.resource.properties[property];
  if (raw !== undefined) {
    const text = readText(located.index, raw);
    if (typeof text === 'string') return text;
  }
  return opaqueName(located.index, located.resource.logicalId);
}

const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
};

function iamPath(located: Located): string {
  const raw = located.resource.properties.Path;
  const text = raw === undefined ? '/' : readText(located.index, raw);
  return typeof text === 'string' ? text : '/';
}

/** A resource's ARN as `Fn::GetAtt X.Arn` gives it (opaque where CloudFormation chooses). */
export function arnOf(located: Located): string {
  const { index, resource } = located;
  const p = partitionOf(index);
  const region = regionOf(index);
  const account = accountOf(index);
  const name = (): string => nameOf(located, NAME_PROPERTY[resource.type] ?? '');
  switch (resource.type) {
    case 'AWS::S3::Bucket':
      return `arn:${p}:s3:::${name()}`;
    case 'AWS::IAM::Role':
      return `arn:${p}:iam::${account}:role${iamPath(located)}${name()}`;
    case 'AWS::IAM::User':
      return `arn:${p}:iam::${account}:user${iamPath(located)}${name()}`;
    case 'AWS::IAM::Group':
      return `arn:${p}:iam::${account}:group${iamPath(located)}${name()}`;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:${p}:iam::${account}:policy${iamPath(located)}${name()}`;
    case 'AWS::KMS::Key':
      return `arn:${p}:kms:${region}:${account}:key/${opaqueName(index, resource.logicalId)}`;
    case 'AWS::KMS::Alias':
      return `arn:${p}:kms:${region}:${account}:${nameOf(located, 'AliasName')}`;
    case 'AWS::Lambda::Function':
      return `arn:${p}:lambda:${region}:${account}:function:${name()}`;
    case 'AWS::DynamoDB::Table':
      return `arn:${p}:dynamodb:${region}:${account}:table/${name()}`;
    case 'AWS::SQS::Queue':
      return `arn:${p}:sqs:${region}:${account}:${name()}`;
    case 'AWS::SNS::Topic':
      return `arn:${p}:sns:${region}:${account}:${name()}`;
    case 'AWS::Logs::LogGroup':
      return `arn:${p}:logs:${region}:${account}:log-group:${name()}:*`;
    default:
      return opaqueName(index, resource.logicalId, 'Arn');
  }
}

/** What `Ref` of a resource gives (a name, an id, an ARN, a URL), opaque where CloudFormation chooses. */
export function refOf(located: Located): string {
  const { resource } = located;
  switch (resource.type) {
    case 'AWS::SNS::Topic':
    case 'AWS::IAM::ManagedPolicy':
      return arnOf(located);
    case 'AWS::SQS::Queue':
      return `https://sqs.${regionOf(located.index)}.amazonaws.com/${accountOf(located.index)}/${nameOf(located, 'QueueName')}`;
    default: {
      const property = NAME_PROPERTY[resource.type];
      return property ? nameOf(located, property) : opaqueName(located.index, resource.logicalId);
    }
  }
}

function attributeOf(located: Located, attribute: string): string {
  if (attribute === 'Arn' || (located.resource.type === 'AWS::SNS::Topic' && attribute === 'TopicArn')) return arnOf(located);
  if (located.resource.type === 'AWS::KMS::Key' && attribute === 'KeyId') return opaqueName(located.index, located.resource.logicalId);
  if (located.resource.type === 'AWS::SQS::Queue' && attribute === 'QueueName') return nameOf(located, 'QueueName');
  return opaqueName(located.index, located.resource.logicalId, attribute);
}

function pseudo(index: TemplateIndex, name: string): Text | undefined {
  switch (name) {
    case 'AWS::Partition':
      return partitionOf(index);
    case 'AWS::Region':
      return regionOf(index);
    case 'AWS::AccountId':
      return accountOf(index);
    case 'AWS::URLSuffix':
      return partitionOf(index) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::StackName':
      return index.input.stackName ?? index.name;
    case 'AWS::StackId':
      return `arn:${partitionOf(index)}:cloudformation:${regionOf(index)}:${accountOf(index)}:stack/${index.input.stackName ?? index.name}/<stack id>`;
    case 'AWS::NoValue':
      return unknownText('AWS::NoValue where a value was expected');
    case 'AWS::NotificationARNs':
      return symbol('the pseudo parameter AWS::NotificationARNs (its value leaves the template)');
  }
  return undefined;
}

/**
 * A parameter's value when the template fixes it to one (its only default or allowed value);
 * otherwise a symbol: one value per deployment, unknown here.
 */
function parameterValue(index: TemplateIndex, name: string): Text {
  const values = possibleValues(index, { Ref: name }).map((p) => p.value);
  if (values.length === 1 && (typeof values[0] === 'string' || typeof values[0] === 'number')) return String(values[0]);
  return symbol(
    values.length > 1
      ? `parameter '${name}' of ${index.name} (each deployment may choose another of its ${values.length} values)`
      : `parameter '${name}' of ${index.name} (its value leaves the template)`,
  );
}

function refText(index: TemplateIndex, target: string): Text {
  const known = pseudo(index, target);
  if (known !== undefined) return known;
  const resource = index.resources.get(target);
  if (resource) return refOf({ resource, index });
  if (index.parameters.has(target)) return parameterValue(index, target);
  return unknownText(`Ref to '${target}', which is not in the template`);
}

function getAttText(index: TemplateIndex, target: string, attribute: string | undefined): Text {
  const resource = index.resources.get(target);
  if (!resource) return unknownText(`Fn::GetAtt of '${target}', which is not in the template`);
  return attributeOf({ resource, index }, attribute ?? '');
}

function subText(index: TemplateIndex, arg: unknown): Text {
  const text = Array.isArray(arg) ? arg[0] : arg;
  const vars = Array.isArray(arg) && isRecord(arg[1]) ? arg[1] : {};
  if (typeof text !== 'string') return unknownText('a malformed Fn::Sub');
  const open: string[] = [];
  const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    // `${!Literal}` is written out as `${Literal}` (IAM policy variables are written so).
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    let value: Text;
    if (inner in vars) value = readText(index, vars[inner]);
    else if (inner.includes('.') && !inner.startsWith('AWS::')) {
      const at = inner.indexOf('.');
      value = getAttText(index, inner.slice(0, at), inner.slice(at + 1));
    } else value = refText(index, inner);
    if (typeof value === 'string') return value;
    open.push(value.unknownText);
    return whole;
  });
  return open.length > 0 ? unknownText(open.join('; ')) : out;
}

/** One value of a template as text, following references (see the module comment). */
export function readText(index: TemplateIndex, raw: unknown): Text {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  const fn = intrinsicName(raw);
  if (fn === undefined)
    return unknownText(Array.isArray(raw) ? 'a list where one value was expected' : 'an object where a value was expected');
  const arg = (raw as Record<string, unknown>)[fn];
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? refText(index, arg) : unknownText('a malformed Ref');
    case 'Fn::GetAtt': {
      const [target, attribute] = Array.isArray(arg)
        ? [arg[0], arg[1]]
        : typeof arg === 'string'
          ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)]
          : [];
      return typeof target === 'string'
        ? getAttText(index, target, typeof attribute === 'string' ? attribute : undefined)
        : unknownText('a malformed Fn::GetAtt');
    }
    case 'Fn::Sub':
      return subText(index, arg);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string') return unknownText('a malformed Fn::Join');
      if (!Array.isArray(arg[1])) return symbol(`a value of ${index.name} joined from a list that leaves the template`);
      const parts = arg[1].map((part) => readText(index, part));
      const open = parts.filter((part): part is UnknownText => typeof part !== 'string');
      return open.length > 0 ? unknownText(open.map((part) => part.unknownText).join('; ')) : parts.join(arg[0]);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg)) return unknownText('a malformed Fn::Select');
      if (!Array.isArray(arg[1])) return symbol(`a value of ${index.name} selected from a list that leaves the template`);
      const at = readText(index, arg[0]);
      return typeof at === 'string' && arg[1][Number(at)] !== undefined
        ? readText(index, arg[1][Number(at)])
        : unknownText('Fn::Select out of its list');
    }
    case 'Fn::ImportValue': {
      const name = readText(index, arg);
      if (typeof name !== 'string') return unknownText(`an import whose name is not known (${name.unknownText})`);
      const exported = index.model?.exportedValue(name);
      return exported
        ? readText(exported.index, exported.value)
        : symbol(`import '${name}' (exported by a stack that is not checked here; it leaves the template)`);
    }
    case 'Fn::If':
      return symbol(`a value of ${index.name} chosen by condition '${Array.isArray(arg) ? String(arg[0]) : '?'}'`);
    default:
      return symbol(`a value of ${index.name} computed by ${fn}`);
  }
}

const policyCache = new WeakMap<TemplateIndex, WeakMap<object, Map<string, Policy>>>();

/**
 * A policy document of a template (a property value), with every value read as text. Read once
 * per document and name: several rules judge the same bucket or endpoint policy.
 */
export function templatePolicy(index: TemplateIndex, document: unknown, name: string): Policy {
  const read: TextReader = (raw) => readText(index, raw);
  if (typeof document !== 'object' || document === null) return parsePolicy(document, name, read);
  let byDocument = policyCache.get(index);
  if (!byDocument) policyCache.set(index, (byDocument = new WeakMap()));
  let byName = byDocument.get(document);
  if (!byName) byDocument.set(document, (byName = new Map()));
  let policy = byName.get(name);
  if (!policy) byName.set(name, (policy = parsePolicy(document, name, read)));
  return policy;
}

/** A resource of a template as located, for callers holding the resource and its index. */
export function located(resource: TemplateResource, index: TemplateIndex): Located {
  return { resource, index };
}
