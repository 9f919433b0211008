/**
 * Reading facts out of a synthesized or hand-written CloudFormation template, for the report's
 * inventory. Values may be unresolved intrinsics; they are rendered, never evaluated.
 */

export type Json = unknown;

export interface CfnResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, Json>;
  readonly deletionPolicy?: Json;
  readonly updateReplacePolicy?: Json;
}

export function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resources of a template, sorted by logical id. Malformed entries are skipped. */
export function templateResources(template: Record<string, unknown>): CfnResource[] {
  const resources = template['Resources'];
  if (!isRecord(resources)) return [];
  const out: CfnResource[] = [];
  for (const logicalId of Object.keys(resources).sort()) {
    const resource = resources[logicalId];
    if (!isRecord(resource) || typeof resource['Type'] !== 'string') continue;
    out.push({
      logicalId,
      type: resource['Type'],
      properties: isRecord(resource['Properties']) ? resource['Properties'] : {},
      deletionPolicy: resource['DeletionPolicy'],
      updateReplacePolicy: resource['UpdateReplacePolicy'],
    });
  }
  return out;
}

/** The logical id a `Ref` or `Fn::GetAtt` points to, or undefined (literal, pseudo parameter, other). */
export function referencedLogicalId(value: Json): string | undefined {
  if (!isRecord(value)) return undefined;
  const ref = value['Ref'];
  if (typeof ref === 'string') return ref.startsWith('AWS::') ? undefined : ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere inside a value (Ref, GetAtt, and `${X}` in Fn::Sub). */
export function referencedLogicalIds(value: Json, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedLogicalIds(item, into);
  } else if (isRecord(value)) {
    const direct = referencedLogicalId(value);
    if (direct !== undefined) into.add(direct);
    const sub = value['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText !== undefined) {
      for (const match of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9]+)?\}/g)) into.add(match[1]);
    }
    for (const key of Object.keys(value)) referencedLogicalIds(value[key], into);
  }
  return into;
}

const MAX_RENDERED = 80;

/** A short, deterministic rendering of a template value: the literal, or the intrinsic it is. */
export function renderValue(value: Json): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = isRecord(value) ? value['Ref'] : undefined;
  if (typeof ref === 'string') return `{Ref ${ref}}`;
  const getAtt = isRecord(value) ? value['Fn::GetAtt'] : undefined;
  if (Array.isArray(getAtt)) return `{GetAtt ${getAtt.map((part) => renderValue(part)).join('.')}}`;
  if (typeof getAtt === 'string') return `{GetAtt ${getAtt}}`;
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > MAX_RENDERED ? `${json.slice(0, MAX_RENDERED - 1)}…` : json;
}

/** A literal string value, or undefined when the value is absent or an unresolved expression. */
export function literal(value: Json): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** True for `true` and `"true"` (CloudFormation accepts both). */
export function isTrue(value: Json): boolean {
  return value === true || value === 'true';
}

/**
 * The tags of a resource as a key → rendered value map. Reads the list form (`[{Key, Value}]`)
 * and the map form, under `Tags` and the type-specific names (EFS `FileSystemTags`, Backup
 * `BackupVaultTags`).
 */
export function resourceTags(resource: CfnResource): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const property of ['Tags', 'FileSystemTags', 'BackupVaultTags']) {
    const value = resource.properties[property];
    if (Array.isArray(value)) {
      for (const tag of value) {
        if (isRecord(tag) && typeof tag['Key'] === 'string') tags[tag['Key']] = renderValue(tag['Value']);
      }
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) tags[key] = renderValue(value[key]);
    }
  }
  return tags;
}

/** An array property, or an empty array. */
export function list(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}

/** A nested property by path, or undefined. */
export function dig(value: Json, ...path: (string | number)[]): Json {
  let current: Json = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}
