import { intrinsicName, isRecord, Located, TemplateIndex, TemplateResource } from '../template-index';
import { expandActions } from './iam-data';
import { globTest } from './match';
import { isUnknownText, Policy, Statement } from './policy';
import { Decision, evaluateRequest, IamRequest } from './evaluate';
import { allowEverything, FULL_AWS_ACCESS, ORGANIZATION, RCP_FULL_AWS_ACCESS } from './probes';
import { readText, templatePolicy } from './template-policy';
import { hasSymbol } from './truth';

/**
 * AWS Organizations policies of a run (`AWS::Organizations::Policy`): their type, targets,
 * guardrail tags, size, and the SCP or RCP levels that govern each target, with the
 * FullAWSAccess (RCPFullAWSAccess) policy AWS attaches to every root, OU and account.
 */

export const SERVICE_CONTROL_POLICY = 'SERVICE_CONTROL_POLICY';
export const RESOURCE_CONTROL_POLICY = 'RESOURCE_CONTROL_POLICY';

/** AWS Organizations' quotas for SCPs and RCPs. */
export const ORGANIZATION_POLICY_QUOTAS = {
  /** Characters of the policy document. */
  characters: 5120,
  /** Policies of one type attached to one root, OU or account, the AWS-managed full-access one included. */
  attachedPerTarget: 5,
} as const;

export interface OrganizationPolicy {
  readonly located: Located;
  /** SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, or another type (tag, backup, … policies). */
  readonly type: string;
  readonly policy: Policy;
  /** Targets as text: `r-…`, `ou-…`, account ids, or the opaque id of an OU or account of the run. */
  readonly targets: readonly string[];
  /** Targets whose value leaves the template, with why. */
  readonly unresolvedTargets: readonly string[];
  /** The `lgsec:guardrail` tag. */
  readonly guardrail?: string;
  /** The zones of the `lgsec:guardrail-zones` tag. */
  readonly zones: readonly string[];
}

/** The policy's name as findings give it: its Name, else its logical id. */
export function organizationPolicyName(resource: TemplateResource, index: TemplateIndex): string {
  const name = index.literalString(resource.properties.Name);
  return name ? `${resource.type === 'AWS::Organizations::Policy' ? 'policy' : 'resource'} ${name}` : resource.logicalId;
}

function readPolicy(resource: TemplateResource, index: TemplateIndex): OrganizationPolicy {
  const type = String(index.literalString(resource.properties.Type) ?? '');
  const kind = type === SERVICE_CONTROL_POLICY ? 'SCP' : type === RESOURCE_CONTROL_POLICY ? 'RCP' : type;
  const name = index.literalString(resource.properties.Name) ?? resource.logicalId;
  const targets: string[] = [];
  const unresolvedTargets: string[] = [];
  const raw = resource.properties.TargetIds;
  for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    const text = readText(index, value);
    if (typeof text === 'string' && !hasSymbol(text)) targets.push(text);
    else unresolvedTargets.push(typeof text === 'string' ? 'a target id that leaves the template' : text.unknownText);
  }
  const zones = index.tagValue(resource, 'lgsec:guardrail-zones');
  return {
    located: { resource, index },
    type,
    policy: templatePolicy(index, resource.properties.Content, `${kind} ${name}`),
    targets,
    unresolvedTargets,
    guardrail: index.tagValue(resource, 'lgsec:guardrail'),
    zones: zones ? zones.split(/\s+/).filter(Boolean) : [],
  };
}

/** Every Organizations policy of the run (read once per run). */
export function organizationPolicies(index: TemplateIndex): readonly OrganizationPolicy[] {
  const compute = (): OrganizationPolicy[] =>
    (index.model
      ? index.model.ofType('AWS::Organizations::Policy')
      : index.ofType('AWS::Organizations::Policy').map((resource) => ({ resource, index }))
    ).map((p) => readPolicy(p.resource, p.index));
  return index.model ? index.model.memoize('organization-policies', compute) : compute();
}

/** The run's reading of one policy resource. */
export function organizationPolicyOf(resource: TemplateResource, index: TemplateIndex): OrganizationPolicy {
  return (
    organizationPolicies(index).find((p) => p.located.resource.logicalId === resource.logicalId && p.located.index === index) ??
    // A variant of the resource (its parameters chosen): read it as it is.
    readPolicy(resource, index)
  );
}

/** True for a root id (`r-…`). */
export function isRoot(target: string): boolean {
  return /^r-[0-9a-z]{4,32}$/.test(target);
}

/**
 * The levels that govern a target, from the root down, for policies of `type`: the root's
 * (FullAWSAccess and every policy of the run attached to a root), the OUs between the root and
 * the target when the run holds them (AWS::Organizations::OrganizationalUnit with ParentId), and
 * the target's own. Each level holds FullAWSAccess (RCPFullAWSAccess), which AWS attaches
 * unless someone detaches it; the templates cannot show a detachment.
 */
export function levelsOf(target: string, type: string, index: TemplateIndex, extra?: OrganizationPolicy): Policy[][] {
  const full = type === RESOURCE_CONTROL_POLICY ? RCP_FULL_AWS_ACCESS : FULL_AWS_ACCESS;
  const policies = organizationPolicies(index).filter((p) => p.type === type);
  if (extra && !policies.includes(extra)) policies.push(extra);
  const attachedTo = (id: string): Policy[] => [full, ...policies.filter((p) => p.targets.includes(id)).map((p) => p.policy)];
  const root = [full, ...policies.filter((p) => p.targets.some(isRoot)).map((p) => p.policy)];
  if (isRoot(target)) return [root];
  const chain = parentsOf(target, index);
  return [root, ...chain.map(attachedTo), attachedTo(target)];
}

/** The OUs above a target that the run holds, from the top down (the root left out). */
function parentsOf(target: string, index: TemplateIndex): string[] {
  const units = index.model
    ? index.model.ofType('AWS::Organizations::OrganizationalUnit')
    : index.ofType('AWS::Organizations::OrganizationalUnit').map((resource) => ({ resource, index }));
  const parentOf = new Map<string, string>();
  for (const unit of units) {
    const id = readText(unit.index, { Ref: unit.resource.logicalId });
    const parent = readText(unit.index, unit.resource.properties.ParentId);
    if (typeof id === 'string' && typeof parent === 'string') parentOf.set(id, parent);
  }
  const accounts = index.model
    ? index.model.ofType('AWS::Organizations::Account')
    : index.ofType('AWS::Organizations::Account').map((resource) => ({ resource, index }));
  for (const account of accounts) {
    const id = readText(account.index, { Ref: account.resource.logicalId });
    const parents = account.resource.properties.ParentIds;
    const parent = Array.isArray(parents) && parents.length === 1 ? readText(account.index, parents[0]) : undefined;
    if (typeof id === 'string' && typeof parent === 'string') parentOf.set(id, parent);
  }
  const out: string[] = [];
  const seen = new Set<string>([target]);
  for (let parent = parentOf.get(target); parent !== undefined && !isRoot(parent) && !seen.has(parent); parent = parentOf.get(parent)) {
    seen.add(parent);
    out.unshift(parent);
  }
  return out;
}

/** The policies of `type` attached to a target (the full-access one not counted). */
export function attachedTo(target: string, type: string, index: TemplateIndex): OrganizationPolicy[] {
  return organizationPolicies(index).filter((p) => p.type === type && p.targets.includes(target));
}

/**
 * The document's size as AWS Organizations counts it: a string Content as written (its
 * whitespace counts), an object as the compact JSON CloudFormation sends; undefined when a value
 * in it leaves the template.
 */
export function contentLength(resource: TemplateResource, index: TemplateIndex): number | undefined {
  const content = resource.properties.Content;
  const resolved = resolveDeep(index, content);
  if (resolved === undefined) return undefined;
  return typeof resolved === 'string' ? resolved.length : JSON.stringify(resolved).length;
}

/** A value with every intrinsic read to text; undefined when one leaves the template. */
function resolveDeep(index: TemplateIndex, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => resolveDeep(index, item));
    return items.includes(undefined) ? undefined : items;
  }
  if (isRecord(value)) {
    if (intrinsicName(value) !== undefined) {
      const text = readText(index, value);
      return typeof text === 'string' && !hasSymbol(text) ? text : undefined;
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveDeep(index, item);
      if (resolved === undefined) return undefined;
      out[key] = resolved;
    }
    return out;
  }
  return value;
}

/** Operators that exempt the principals they list from a Deny (the Deny applies when the key does not match). */
const EXEMPTING = /^(ArnNotLike|ArnNotEquals|StringNotLike|StringNotEquals)(IfExists)?$/i;

/**
 * The principal ARN patterns a Deny statement exempts: values of `aws:PrincipalArn` under a
 * negated operator, and NotPrincipal's AWS principals.
 */
export function exemptedPrincipals(statement: Statement): string[] {
  if (statement.effect !== 'Deny') return [];
  const out = new Set<string>();
  for (const condition of statement.conditions) {
    if (condition.key.toLowerCase() !== 'aws:principalarn' || condition.set || !EXEMPTING.test(condition.operator)) continue;
    for (const value of condition.values) if (!isUnknownText(value)) out.add(value);
  }
  if (statement.notPrincipal && statement.notPrincipal !== '*') {
    for (const value of statement.notPrincipal.AWS ?? []) if (!isUnknownText(value)) out.add(value);
  }
  return [...out];
}

/** A role ARN pattern as its account field and its name (with path), or undefined for other principals. */
export function roleOfPattern(pattern: string): { account: string; name: string } | undefined {
  const match = /^arn:[^:]*:(?:iam|sts)::([^:]*):(role|assumed-role)\/(.+)$/.exec(pattern);
  if (!match) return undefined;
  return { account: match[1], name: match[2] === 'role' ? match[3] : match[3].split('/')[0] };
}

/** Actions to try a statement with: some it names, or for a NotAction some of other services. */
const BEYOND_LISTS = [
  'lgsecprobe:AnyFutureAction',
  'ec2:RunInstances',
  's3:GetObject',
  'kms:Decrypt',
  'iam:CreateRole',
  'cloudtrail:StopLogging',
];

/** Concrete actions a statement covers (at most `limit`), to probe it with. */
export function actionsOf(statement: Statement, limit = 3): string[] {
  if (statement.notAction) {
    const listed = statement.notAction.filter((a): a is string => !isUnknownText(a));
    return BEYOND_LISTS.filter((action) => !listed.some((pattern) => globTest(pattern, action, true))).slice(0, limit);
  }
  const named = (statement.action ?? []).filter((a): a is string => !isUnknownText(a));
  const out = new Set<string>();
  for (const pattern of named) {
    if (out.size >= limit) break;
    if (!/[*?]/.test(pattern)) out.add(pattern);
    else for (const action of expandActions([pattern]).slice(0, limit - out.size)) out.add(action);
  }
  return [...out];
}

/**
 * How AWS answers a request under organization policy levels alone: the caller's identity
 * policy and the resource's policy allow everything, so only the SCPs (or RCPs) decide.
 */
export function decideUnder(type: string, levels: Policy[][], request: IamRequest): Decision {
  const action = request.action;
  return evaluateRequest(request, {
    identity: [allowEverything('an administrator policy')],
    resource: allowEverything("the resource's own policy", true),
    resourceKind: action.startsWith('kms:') ? 'key' : action === 'sts:AssumeRole' ? 'trust' : 'resource',
    ...(type === RESOURCE_CONTROL_POLICY ? { rcps: levels } : { scps: levels }),
  });
}

/** The organization a policy names (aws:PrincipalOrgID), or a made-up one. */
export function organizationNamed(policy: Policy): string {
  for (const statement of policy.statements) {
    for (const condition of statement.conditions) {
      if (condition.key.toLowerCase() !== 'aws:principalorgid') continue;
      const value = condition.values.find((v): v is string => !isUnknownText(v) && !/[*?]/.test(v));
      if (value) return value;
    }
  }
  return ORGANIZATION;
}

/** The levels a policy is judged under: those of each of its targets, or the policy alone under a root when it has none. */
export function levelsForPolicy(organization: OrganizationPolicy, index: TemplateIndex): { target: string; levels: Policy[][] }[] {
  const full = organization.type === RESOURCE_CONTROL_POLICY ? RCP_FULL_AWS_ACCESS : FULL_AWS_ACCESS;
  if (organization.targets.length === 0)
    return [{ target: 'an OU it would be attached to', levels: [[full], [full, organization.policy]] }];
  return organization.targets.map((target) => ({ target, levels: levelsOf(target, organization.type, index, organization) }));
}

/** A principal tag a Deny statement exempts by (`aws:PrincipalTag/<key>` under a negated operator), with the values it exempts. */
export interface ExemptionTag {
  readonly key: string;
  readonly values: readonly string[];
}

/** The principal tags a policy's Deny statements exempt by: the tags whoever sets them escapes the statement with. */
export function exemptionTags(policy: Policy): ExemptionTag[] {
  const byKey = new Map<string, { key: string; values: Set<string> }>();
  for (const statement of policy.statements) {
    if (statement.effect !== 'Deny') continue;
    for (const condition of statement.conditions) {
      if (!/^aws:principaltag\//i.test(condition.key) || !EXEMPTING.test(condition.operator.replace(/^For(Any|All)Values:/i, ''))) continue;
      const key = condition.key.slice('aws:PrincipalTag/'.length);
      const entry = byKey.get(key.toLowerCase()) ?? { key, values: new Set<string>() };
      for (const value of condition.values) if (!isUnknownText(value)) entry.values.add(value);
      byKey.set(key.toLowerCase(), entry);
    }
  }
  return [...byKey.values()].map(({ key, values }) => ({ key, values: [...values] }));
}

/**
 * The OUs a policy admits a role name from: the OU ids of `aws:PrincipalOrgPaths` in statements
 * that single the name out (`ArnLike aws:PrincipalArn`). An RCP that exempts a name elsewhere
 * pins it to those OUs, whose SCPs must then protect the name.
 */
export function ousPinningRole(policy: Policy, rolePattern: string): string[] {
  const out = new Set<string>();
  for (const statement of policy.statements) {
    const names = statement.conditions.some(
      (c) =>
        c.key.toLowerCase() === 'aws:principalarn' &&
        /^(ArnLike|ArnEquals|StringLike|StringEquals)$/i.test(c.base ?? '') &&
        c.values.includes(rolePattern),
    );
    if (!names) continue;
    for (const condition of statement.conditions) {
      if (condition.key.toLowerCase() !== 'aws:principalorgpaths') continue;
      for (const value of condition.values) {
        if (isUnknownText(value)) continue;
        const ou = /(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})\/(\*\/?)?$/.exec(value);
        if (ou) out.add(ou[1]);
      }
    }
  }
  return [...out];
}

/** The run's IAM roles, each located. */
function runRoles(index: TemplateIndex): Located[] {
  return index.model ? [...index.model.ofType('AWS::IAM::Role')] : index.ofType('AWS::IAM::Role').map((resource) => ({ resource, index }));
}

/**
 * The services that may assume the run's roles named by a role name pattern (with path), from
 * their trust policies; undefined when the run holds no role so named (it lives elsewhere) or a
 * name leaves the template.
 */
export function servicesTrustedByRolesNamed(namePattern: string, index: TemplateIndex): string[] | undefined {
  const services = new Set<string>();
  let found = false;
  for (const role of runRoles(index)) {
    const name = readText(role.index, role.resource.properties.RoleName);
    if (typeof name !== 'string' || hasSymbol(name)) continue;
    const path = readText(role.index, role.resource.properties.Path);
    const full = `${typeof path === 'string' && path !== '/' ? path.replace(/^\//, '') : ''}${name}`;
    if (!globTest(namePattern, full) && !globTest(namePattern, name)) continue;
    found = true;
    const trust = templatePolicy(
      role.index,
      role.resource.properties.AssumeRolePolicyDocument,
      `trust policy of ${role.resource.logicalId}`,
    );
    for (const statement of trust.statements) {
      if (statement.effect !== 'Allow') continue;
      const principal = statement.principal;
      if (principal === '*') return undefined;
      for (const service of principal?.Service ?? []) {
        if (isUnknownText(service)) return undefined;
        services.add(service);
      }
    }
  }
  return found ? [...services] : undefined;
}
