import { Purpose, TAG_KEYS, Zone } from '../policy';
import { PolicyStatement, statementsOf } from './policy-document';
import { isRecord, Located, TemplateIndex, TemplateResource } from './template-index';
import { TemplateModel } from './template-model';

/** Every identity-policy statement of a role: inline Policies, AWS::IAM::Policy and ManagedPolicy attached to it. */
export function roleStatements(role: Located): { statement: PolicyStatement; where: string }[] {
  const out: { statement: PolicyStatement; where: string }[] = [];
  const inline = role.resource.properties.Policies;
  if (Array.isArray(inline)) {
    for (const policy of inline) {
      if (!isRecord(policy)) continue;
      for (const statement of statementsOf(policy.PolicyDocument))
        out.push({ statement, where: `inline policy ${String(policy.PolicyName ?? '')}` });
    }
  }
  for (const policy of role.index.referrersOf(role.resource, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy')) {
    const roles =
      policy.resource.type === 'AWS::IAM::RolePolicy' ? [policy.resource.properties.RoleName] : policy.resource.properties.Roles;
    if (!Array.isArray(roles) || !roles.some((value) => policy.index.refersTo(value, role))) continue;
    for (const statement of statementsOf(policy.resource.properties.PolicyDocument))
      out.push({ statement, where: `policy ${policy.resource.logicalId}` });
  }
  return out;
}

/** Roles used by Lambda functions, per role logical id, with the functions (built once per run). */
function functionsByRole(run: TemplateModel): Map<TemplateResource, Located[]> {
  return run.memoize('functions-by-role', () => {
    const out = new Map<TemplateResource, Located[]>();
    for (const fn of run.ofType('AWS::Lambda::Function')) {
      const role = fn.index.resourceOf(fn.resource.properties.Role, 'AWS::IAM::Role');
      if (!role) continue;
      let list = out.get(role.resource);
      if (!list) out.set(role.resource, (list = []));
      list.push(fn);
    }
    return out;
  });
}

/** The zone of a role: its own `lgsec:zone` tag, else the zone of the Lambda functions that run as it. */
export function roleZone(role: TemplateResource, index: TemplateIndex): Zone | undefined {
  const tagged = index.tagValue(role, TAG_KEYS.zone);
  if (tagged) return tagged as Zone;
  for (const fn of index.model ? (functionsByRole(index.model).get(role) ?? []) : []) {
    const tag = fn.index.tagValue(fn.resource, TAG_KEYS.zone);
    if (tag) return tag as Zone;
    const zone = fn.index.zoneOf(fn.resource);
    if (zone.known) return zone.zone;
  }
  return undefined;
}

/** True for the sanitizing transfer's own resources (`lgsec:purpose=sanitizing-transfer`). */
export function isSanitizingTransfer(resource: TemplateResource, index: TemplateIndex): boolean {
  return index.tagValue(resource, TAG_KEYS.purpose) === Purpose.SANITIZING_TRANSFER;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
}

const WRITE_ACTIONS = [
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:ReplicateObject',
  's3:PutObjectAcl',
  's3:RestoreObject',
];

/** The write actions an action list allows (wildcards expanded against the S3 object write actions). */
export function s3WriteActions(actions: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const action of actions) {
    if (typeof action !== 'string') continue;
    const pattern = globToRegExp(action);
    for (const write of WRITE_ACTIONS) if (pattern.test(write)) out.add(write);
  }
  return [...out];
}
