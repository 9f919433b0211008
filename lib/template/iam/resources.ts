import { bucketPolicyStatements } from '../s3';
import { TemplateIndex, TemplateResource } from '../template-index';
import { Decision, evaluateRequest, IamRequest, PolicySet } from './evaluate';
import { Condition, isUnknownText, Policy, Statement, Text } from './policy';
import { instantiate } from './probes';
import { accountOf, partitionOf, readText, templatePolicy } from './template-policy';
import { displayText, isUnknown } from './truth';

/**
 * The policies of the resources rules judge, read through the model, and what a policy names
 * (endpoints, networks, principals) that an adversary's requests should try.
 */

/** Several documents as one policy (a bucket with more than one AWS::S3::BucketPolicy). */
export function mergePolicies(name: string, policies: readonly Policy[]): Policy {
  if (policies.length === 1) return policies[0];
  return { name, statements: policies.flatMap((policy) => policy.statements) };
}

const bucketPolicies = new WeakMap<TemplateResource, Policy | null>();

/** The bucket's policy (every AWS::S3::BucketPolicy of the run attached to it), or undefined when it has none. */
export function bucketPolicyOf(bucket: TemplateResource, index: TemplateIndex): Policy | undefined {
  // Several rules judge every bucket: find and read its policy once.
  let policy = bucketPolicies.get(bucket);
  if (policy === undefined) bucketPolicies.set(bucket, (policy = findBucketPolicy(bucket, index) ?? null));
  return policy ?? undefined;
}

function findBucketPolicy(bucket: TemplateResource, index: TemplateIndex): Policy | undefined {
  const { policies } = bucketPolicyStatements(bucket, index);
  if (policies.length === 0) return undefined;
  return mergePolicies(
    `the bucket policy of ${bucket.logicalId}`,
    policies.map((p) => templatePolicy(p.index, p.resource.properties.PolicyDocument, `bucket policy ${p.resource.logicalId}`)),
  );
}

/**
 * A KMS key's policy; without KeyPolicy, the default AWS KMS applies: the account root (so every
 * principal of the account whose identity policy allows it) may do everything.
 */
export function keyPolicyOf(key: TemplateResource, index: TemplateIndex): Policy {
  const name = `the key policy of ${key.logicalId}`;
  if (key.properties.KeyPolicy !== undefined) return templatePolicy(index, key.properties.KeyPolicy, name);
  const root = `arn:${partitionOf(index)}:iam::${accountOf(index)}:root`;
  return {
    name: `${name} (the default, as KeyPolicy is not set)`,
    statements: [{ index: 0, effect: 'Allow', principal: { AWS: [root] }, action: ['kms:*'], resource: ['*'], conditions: [] }],
  };
}

/** A VPC endpoint's policy, or undefined when it sets none (AWS's default allows everything). */
export function endpointPolicyOf(endpoint: TemplateResource, index: TemplateIndex): Policy | undefined {
  const document = endpoint.properties.PolicyDocument;
  return document === undefined ? undefined : templatePolicy(index, document, `the policy of endpoint ${endpoint.logicalId}`);
}

/** Endpoint service names whose IAM service prefix is not their last label. */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  'ecr.api': 'ecr',
  'ecr.dkr': 'ecr',
  'git-codecommit': 'codecommit',
  'email-smtp': 'ses',
  'execute-api': 'execute-api',
};

/** The IAM service prefix of an endpoint (`kms` for `com.amazonaws.ap-northeast-1.kms`), or why it is not known. */
export function endpointService(endpoint: TemplateResource, index: TemplateIndex): { service: string } | { why: string } {
  const name = readText(index, endpoint.properties.ServiceName);
  if (isUnknownText(name)) return { why: `its ServiceName is not known (${name.unknownText})` };
  const match = /^(?:com|cn|aws)\.amazonaws\.[^.]+\.(.+)$/.exec(name);
  if (!match) return { why: `its ServiceName '${displayText(name)}' is not an AWS service endpoint` };
  return { service: SERVICE_PREFIX[match[1]] ?? match[1].split('.')[0] };
}

/** Every condition of a policy on a key matching `key` (a RegExp over the lower-cased key). */
export function conditionsOn(policy: Policy, key: RegExp): { statement: Statement; condition: Condition }[] {
  const out: { statement: Statement; condition: Condition }[] = [];
  for (const statement of policy.statements) {
    for (const condition of statement.conditions) if (key.test(condition.key.toLowerCase())) out.push({ statement, condition });
  }
  return out;
}

/** The known values a policy compares a key with, wildcards filled as an adversary would. */
export function valuesNamed(policy: Policy, key: RegExp): string[] {
  const out = new Set<string>();
  for (const { condition } of conditionsOn(policy, key)) {
    for (const value of condition.values) if (!isUnknownText(value)) out.add(instantiate(value));
  }
  return [...out];
}

const paths = new WeakMap<Policy, { vpces: string[]; vpcs: string[] }>();

/** The VPC endpoints and VPCs a policy names in aws:SourceVpce and aws:SourceVpc: the paths a request may come by. */
export function networkPathsNamed(policy: Policy): { vpces: string[]; vpcs: string[] } {
  let named = paths.get(policy);
  if (!named) paths.set(policy, (named = { vpces: valuesNamed(policy, /^aws:sourcevpce$/), vpcs: valuesNamed(policy, /^aws:sourcevpc$/) }));
  return named;
}

/** Role and user ARN patterns a policy names: AWS principals and aws:PrincipalArn condition values. */
export function principalArnsNamed(policy: Policy): string[] {
  const out = new Set<string>();
  const add = (value: Text): void => {
    if (!isUnknownText(value) && /^arn:[^:]*:(iam|sts)::[^:]*:(role|user|assumed-role)\//.test(value)) out.add(value);
  };
  for (const statement of policy.statements) {
    for (const element of [statement.principal, statement.notPrincipal]) {
      if (element && element !== '*') for (const value of element.AWS ?? []) add(value);
    }
    for (const condition of statement.conditions) if (condition.key.toLowerCase() === 'aws:principalarn') condition.values.forEach(add);
  }
  return [...out];
}

/**
 * The roles of `account` a policy names (by ARN, or by a pattern whose account field is a
 * wildcard), as names with their path, wildcards filled: the roles an adversary of that account
 * would create or take over to be named.
 */
export function rolesNamedIn(policy: Policy, account: string): string[] {
  const out = new Set<string>();
  for (const arn of principalArnsNamed(policy)) {
    const match = /^arn:[^:]*:(?:iam|sts)::([^:]*):(role|assumed-role)\/(.+)$/.exec(arn);
    if (!match || (match[1] !== account && !/[*?]/.test(match[1]))) continue;
    // A session ARN names the role by its name only (assumed-role/<name>/<session>).
    out.add(instantiate(match[2] === 'role' ? match[3] : match[3].split('/')[0]));
  }
  return [...out];
}

/** 12-digit accounts a policy trusts as principals (`123456789012`, `arn:aws:iam::123456789012:root`). */
export function principalAccountsNamed(policy: Policy): string[] {
  const out = new Set<string>();
  for (const statement of policy.statements) {
    if (!statement.principal || statement.principal === '*') continue;
    for (const value of statement.principal.AWS ?? []) {
      if (isUnknownText(value)) continue;
      const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]*:iam::([^:]+):root$/.exec(value)?.[1];
      if (account) out.add(account);
    }
  }
  return [...out];
}

/**
 * The accounts a principal of a template's zone may be in: the template's account; when the run
 * does not know it, also each account the policy names by aws:PrincipalAccount or
 * aws:ResourceAccount (one of them is likely the template's).
 */
export function callerAccounts(index: TemplateIndex, policy: Policy | undefined): string[] {
  if (index.account !== undefined || !policy) return [accountOf(index)];
  const named = valuesNamed(policy, /^(aws:principalaccount|aws:resourceaccount|s3:resourceaccount)$/).filter((a) => /^\d{12}$/.test(a));
  return [...new Set([accountOf(index), ...named])];
}

/**
 * Condition keys whose values the owner of a resource chooses (its tags, an object's tags): an
 * adversary owning the resource sets them to whatever the policy asks for.
 */
const OWNER_CHOSEN = /^(aws:resourcetag\/|s3:existingobjecttag\/)/;

/** The context an adversary's own resource brings: each owner-chosen key set to a value the policy accepts. */
export function ownerChosenContext(policy: Policy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { condition } of conditionsOn(policy, OWNER_CHOSEN)) {
    const value = condition.values.find((v): v is string => !isUnknownText(v));
    if (value !== undefined && !(condition.key in out)) out[condition.key] = instantiate(value);
  }
  return out;
}

/** How a statement is named in endpoint and bucket findings: `Statement[0]`, as the document writes it. */
export function statementLabel(statement: Statement): string {
  return `Statement[${statement.index}]${statement.sid ? ` (${statement.sid})` : ''}`;
}

/** A statement's Resource as quoted texts, for findings. */
export function resourcesText(statement: Statement): string {
  const list = statement.resource ?? statement.notResource ?? [];
  return list.map((r) => (isUnknownText(r) ? `<${r.unknownText}>` : `'${displayText(r)}'`)).join(', ');
}

/** One request an adversary would make, described for a finding. */
export interface Probe {
  /** What the request is, in words (`s3:GetObject on its objects from the internet`). */
  readonly what: string;
  readonly request: IamRequest;
  readonly policies: PolicySet;
}

/** The probes AWS would allow, and those whose answer depends on values that leave the template. */
export function runProbes(probes: readonly Probe[]): {
  allowed: { probe: Probe; decision: Decision }[];
  open: { probe: Probe; decision: Decision }[];
} {
  const allowed: { probe: Probe; decision: Decision }[] = [];
  const open: { probe: Probe; decision: Decision }[] = [];
  for (const probe of probes) {
    const decision = evaluateRequest(probe.request, probe.policies);
    if (decision.allowed === true) allowed.push({ probe, decision });
    else if (isUnknown(decision.allowed)) open.push({ probe, decision });
  }
  return { allowed, open };
}
