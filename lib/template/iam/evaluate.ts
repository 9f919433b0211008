import { evaluateCondition } from './conditions';
import { actionMatches, resourceMatches, RequestContext } from './match';
import { isUnknownText, Policy, PrincipalElement, Statement, statementName, Text } from './policy';
import { and, hasSymbol, isUnknown, not, or, Truth, Unknown, unknown, withSymbols } from './truth';

/** One request as AWS authorizes it. */
export interface IamRequest {
  /**
   * The caller: an IAM ARN (`arn:aws:iam::111122223333:role/name`, `…:user/name`, `…:root`), a
   * role session (`arn:aws:sts::111122223333:assumed-role/name/session`), a service principal
   * (`cloudtrail.amazonaws.com`) or `anonymous`.
   */
  readonly principal: string;
  /** A concrete action, `service:Action`. */
  readonly action: string;
  /** The resource's ARN, or `*` for actions that name no resource. */
  readonly resource: string;
  /**
   * The account that owns the resource.
   * @default - the ARN's account field; without one (S3), the caller's account
   */
  readonly resourceAccount?: string;
  /** Condition keys with their values, as AWS would send them (keys without case). Nothing is added. */
  readonly context?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/** Resource policies that must grant access themselves: a KMS key policy, a role's trust policy. */
export type ResourcePolicyKind = 'resource' | 'key' | 'trust';

/** The policies that apply to one request. */
export interface PolicySet {
  /** The caller's identity-based policies (inline and attached). @default - none */
  readonly identity?: readonly Policy[];
  /** The resource's policy (bucket policy, key policy, trust policy, …). @default - none */
  readonly resource?: Policy;
  /** @default 'resource' */
  readonly resourceKind?: ResourcePolicyKind;
  /**
   * SCPs governing the caller's account, one list per level from the root down (root, each OU,
   * the account): every level must allow, so give each level its FullAWSAccess when it has it.
   * @default - not governed (the management account, or an account outside an organization)
   */
  readonly scps?: readonly (readonly Policy[])[];
  /** RCPs governing the resource's account, by level likewise (RCPFullAWSAccess included). @default - none */
  readonly rcps?: readonly (readonly Policy[])[];
  /** @default - none */
  readonly permissionsBoundary?: Policy;
  /** @default - none */
  readonly sessionPolicy?: Policy;
  /** The policy of the VPC endpoint the request goes through. @default - not through an endpoint */
  readonly endpoint?: Policy;
}

export type Layer = 'identity' | 'resource' | 'SCP' | 'RCP' | 'permissions boundary' | 'session policy' | 'endpoint';

export interface MatchedStatement {
  readonly layer: Layer;
  readonly policy: Policy;
  readonly statement: Statement;
  /** True, or unknown when it may apply. */
  readonly applies: Truth;
}

export interface Decision {
  /** True when AWS allows the request, false when it denies it, unknown when a policy value leaves the template. */
  readonly allowed: Truth;
  /** Deny statements that apply (or may). */
  readonly denies: readonly MatchedStatement[];
  /** Allow statements that apply (or may). */
  readonly allows: readonly MatchedStatement[];
  /** Why, in words: the statement that allows or denies, or the layer that allows nothing. */
  readonly reason: string;
}

type CallerKind = 'root' | 'user' | 'role' | 'session' | 'federated' | 'service' | 'anonymous' | 'other';

interface Caller {
  readonly kind: CallerKind;
  readonly arn: string;
  readonly account?: string;
  /** Role name (role and role session). */
  readonly roleName?: string;
}

const callers = new Map<string, Caller>();

/** What a request's principal is, from its ARN or name (read once per principal). */
function parseCaller(principal: string): Caller {
  let caller = callers.get(principal);
  if (!caller) callers.set(principal, (caller = readCaller(principal)));
  return caller;
}

function readCaller(principal: string): Caller {
  if (principal === 'anonymous' || principal === '*') return { kind: 'anonymous', arn: principal };
  let match = /^arn:[^:]*:iam::([^:]*):root$/.exec(principal);
  if (match) return { kind: 'root', arn: principal, account: match[1] };
  match = /^arn:[^:]*:iam::([^:]*):user\/(.*)$/.exec(principal);
  if (match) return { kind: 'user', arn: principal, account: match[1] };
  match = /^arn:[^:]*:iam::([^:]*):role\/(?:.*\/)?([^/]+)$/.exec(principal);
  if (match) return { kind: 'role', arn: principal, account: match[1], roleName: match[2] };
  match = /^arn:[^:]*:sts::([^:]*):assumed-role\/([^/]+)\/.+$/.exec(principal);
  if (match) return { kind: 'session', arn: principal, account: match[1], roleName: match[2] };
  match = /^arn:[^:]*:sts::([^:]*):federated-user\/.+$/.exec(principal);
  if (match) return { kind: 'federated', arn: principal, account: match[1] };
  match = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):/.exec(principal);
  if (match) return { kind: 'other', arn: principal, account: match[1] };
  return { kind: 'service', arn: principal };
}

/**
 * How a principal of a resource policy names the caller: `bypass` (its user or session ARN: in
 * the same account, neither a permissions boundary nor a session policy limits the grant),
 * `anyone` (`*`: a permissions boundary does not limit it, a session policy does), `direct`
 * (its role, its service), `account` (its account: the account's own policies must allow too).
 */
type Naming = 'bypass' | 'anyone' | 'direct' | 'account';

const NAMING_STRENGTH: Readonly<Record<Naming, number>> = { account: 0, direct: 1, anyone: 2, bypass: 3 };

function namingOf(kind: string, value: Text, caller: Caller): Naming | Unknown | undefined {
  if (isUnknownText(value)) return unknown(value.unknownText);
  if (hasSymbol(value)) {
    // A principal that leaves the template names the caller only when it is the caller's own text.
    const named = withSymbols(value === caller.arn, value);
    return named === true ? 'direct' : named === false ? undefined : named;
  }
  if (kind === 'AWS') {
    if (value === '*') return 'anyone';
    if (caller.account === undefined) return undefined;
    const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]*:iam::([^:]*):root$/.exec(value)?.[1];
    if (account !== undefined) return account === caller.account ? 'account' : undefined;
    const role = /^arn:[^:]*:iam::([^:]*):role\/(?:.*\/)?([^/]+)$/.exec(value);
    if (role) {
      if (caller.kind === 'role') return value === caller.arn ? 'direct' : undefined;
      // A role's sessions act as the role (the session ARN carries no path).
      return caller.kind === 'session' && role[1] === caller.account && role[2] === caller.roleName ? 'direct' : undefined;
    }
    if (value !== caller.arn) return undefined;
    return caller.kind === 'user' || caller.kind === 'session' ? 'bypass' : 'direct';
  }
  if (kind === 'Service') return caller.kind === 'service' && value.toLowerCase() === caller.arn.toLowerCase() ? 'direct' : undefined;
  if (kind === 'Federated') return value === caller.arn ? 'direct' : undefined;
  return undefined;
}

/** Whether a Principal element names the caller, and how strongly (the strongest naming that surely holds). */
function principalNames(element: PrincipalElement, caller: Caller): { names: Truth; naming: Naming } {
  if (element === '*') return { names: true, naming: 'anyone' };
  let best: Naming | undefined;
  const open: Truth[] = [];
  for (const [kind, values] of Object.entries(element)) {
    for (const value of values) {
      const naming = namingOf(kind, value, caller);
      if (naming === undefined) continue;
      if (typeof naming === 'object') open.push(naming);
      else if (best === undefined || NAMING_STRENGTH[naming] > NAMING_STRENGTH[best]) best = naming;
    }
  }
  if (best !== undefined) return { names: true, naming: best };
  return { names: or(...open), naming: 'direct' };
}

interface Prepared {
  readonly request: IamRequest;
  readonly caller: Caller;
  readonly context: RequestContext;
}

/** Whether some pattern of a list matches (`matches` gives the answer for one known pattern). */
function anyPattern(patterns: readonly Text[], matches: (pattern: string) => Truth): Truth {
  let open: Truth | undefined;
  for (const pattern of patterns) {
    const answer = isUnknownText(pattern) ? unknown(pattern.unknownText) : matches(pattern);
    if (answer === true) return true;
    if (answer !== false) open = open === undefined ? answer : or(open, answer);
  }
  return open ?? false;
}

const NOT_APPLYING = { applies: false, naming: 'direct' } as const;

/** Whether one statement applies to the request (its Effect aside), and how its principal names the caller. */
function statementApplies(statement: Statement, prepared: Prepared, withPrincipal: boolean): { applies: Truth; naming: Naming } {
  if (statement.opaque !== undefined) return { applies: unknown(statement.opaque), naming: 'direct' };
  const { request, context } = prepared;
  const actionOf = (pattern: string): Truth => actionMatches(pattern, request.action);
  const action = statement.action
    ? anyPattern(statement.action, actionOf)
    : statement.notAction
      ? not(anyPattern(statement.notAction, actionOf))
      : false;
  if (action === false) return NOT_APPLYING;
  const resourceOf = (pattern: string): Truth => resourceMatches(pattern, request.resource, context);
  const resource = statement.resource
    ? anyPattern(statement.resource, resourceOf)
    : statement.notResource
      ? not(anyPattern(statement.notResource, resourceOf))
      : true;
  if (resource === false) return NOT_APPLYING;
  let principal: Truth = true;
  let naming: Naming = 'direct';
  if (withPrincipal && statement.principal !== undefined) {
    const named = principalNames(statement.principal, prepared.caller);
    principal = named.names;
    naming = named.naming;
  } else if (withPrincipal && statement.notPrincipal !== undefined) {
    principal = not(principalNames(statement.notPrincipal, prepared.caller).names);
  }
  if (principal === false) return NOT_APPLYING;
  let conditions: Truth = true;
  for (const condition of statement.conditions) {
    const answer = evaluateCondition(condition, context);
    if (answer === false) return NOT_APPLYING;
    if (answer !== true) conditions = conditions === true ? answer : and(conditions, answer);
  }
  const applies =
    action === true && resource === true && principal === true && conditions === true ? true : and(action, resource, principal, conditions);
  return { applies, naming };
}

interface LayerResult {
  readonly deny: Truth;
  readonly allow: Truth;
  /** Allows by naming (resource policies). */
  readonly allowBy: Readonly<Record<Naming, Truth>>;
}

/** Evaluates one layer's statements, adding those that apply (or may) to `denies` and `allows`. */
function evaluateLayer(
  layer: Layer,
  policies: readonly Policy[],
  prepared: Prepared,
  denies: MatchedStatement[],
  allows: MatchedStatement[],
): LayerResult {
  const withPrincipal = layer === 'resource' || layer === 'endpoint' || layer === 'RCP';
  let deny: Truth = false;
  let allow: Truth = false;
  const allowBy: Record<Naming, Truth> = { bypass: false, anyone: false, direct: false, account: false };
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const { applies, naming } = statementApplies(statement, prepared, withPrincipal);
      if (applies === false) continue;
      const matched = { layer, policy, statement, applies };
      if (statement.effect === 'Deny') {
        denies.push(matched);
        deny = deny === false ? applies : or(deny, applies);
      } else {
        allows.push(matched);
        allow = allow === false ? applies : or(allow, applies);
        allowBy[naming] = allowBy[naming] === false ? applies : or(allowBy[naming], applies);
      }
    }
  }
  return { deny, allow, allowBy };
}

const contexts = new WeakMap<object, RequestContext>();

/** The request's context by lower-cased key (read once per context object: probes share theirs). */
function contextOf(request: IamRequest): RequestContext {
  const raw = request.context ?? {};
  let out = contexts.get(raw);
  if (!out) {
    const map = new Map<string, readonly string[]>();
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      map.set(
        key.toLowerCase(),
        Array.isArray(value) ? (value as readonly unknown[]).map(String) : [typeof value === 'string' ? value : String(value)],
      );
    }
    contexts.set(raw, (out = map));
  }
  return out;
}

/** The account in an ARN's fifth field, when it has one. */
function arnAccount(arn: string): string | undefined {
  const account = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):/.exec(arn)?.[1];
  return account ? account : undefined;
}

/**
 * Decides a request the way AWS does (the policy evaluation logic of the IAM User Guide): an
 * explicit Deny in any policy wins; every SCP level and every RCP level must allow, and so must
 * the permissions boundary, the session policy and the VPC endpoint policy when there is one;
 * then within one account the identity policies or the resource policy allow (a KMS key policy
 * or a trust policy must itself allow, directly or by trusting the account), and across
 * accounts both must.
 */
export function evaluateRequest(request: IamRequest, policies: PolicySet): Decision {
  const caller = parseCaller(request.principal);
  const prepared: Prepared = { request, caller, context: contextOf(request) };
  const iamCaller = caller.kind === 'root' || caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'session';
  const resourceAccount = request.resourceAccount ?? arnAccount(request.resource) ?? caller.account;
  const sameAccount = caller.account !== undefined && caller.account === resourceAccount;
  const denies: MatchedStatement[] = [];
  const allows: MatchedStatement[] = [];
  const run = (layer: Layer, list: readonly Policy[]): LayerResult => evaluateLayer(layer, list, prepared, denies, allows);
  // What must allow, each with how to say it does not.
  const requirements: Truth[] = [];
  const failures: Failure[] = [];
  const require = (truth: Truth, failure: Failure): void => {
    requirements.push(truth);
    failures.push(failure);
  };

  if (policies.scps && (iamCaller || caller.kind === 'federated')) {
    policies.scps.forEach((level, i) => require(run('SCP', level).allow, { layer: 'SCP', level: i }));
  }
  if (policies.rcps) policies.rcps.forEach((level, i) => require(run('RCP', level).allow, { layer: 'RCP', level: i }));
  const resource = policies.resource ? run('resource', [policies.resource]).allowBy : undefined;
  const byBypass = resource ? resource.bypass : false;
  const byAnyone = resource ? resource.anyone : false;
  const byDirect = resource ? resource.direct : false;
  const byAccount = resource ? resource.account : false;
  if (policies.permissionsBoundary && caller.kind !== 'root' && iamCaller) {
    const boundary = run('permissions boundary', [policies.permissionsBoundary]).allow;
    require(sameAccount ? or(boundary, byBypass, byAnyone) : boundary, 'the permissions boundary does not allow it');
  }
  if (policies.sessionPolicy && (caller.kind === 'session' || caller.kind === 'federated')) {
    const session = run('session policy', [policies.sessionPolicy]).allow;
    require(sameAccount ? or(session, byBypass) : session, 'the session policy does not allow it');
  }
  if (policies.endpoint) require(run('endpoint', [policies.endpoint]).allow, 'the VPC endpoint policy does not allow it');

  // Who grants: the identity policies, the resource policy, or both.
  const identityAllow: Truth =
    caller.kind === 'root' ? true : iamCaller || caller.kind === 'federated' ? run('identity', policies.identity ?? []).allow : false;
  const kind = policies.resourceKind ?? 'resource';
  if (!iamCaller && caller.kind !== 'federated') {
    require(or(byBypass, byAnyone, byDirect, byAccount), 'no resource policy statement allows this principal');
  } else if (!sameAccount) {
    require(and(identityAllow, or(byBypass, byAnyone, byDirect, byAccount)), identityAllow === false
      ? "the caller's identity policies do not allow it (another account's resource needs both)"
      : "the resource policy does not allow the caller's account (another account's resource needs both)");
  } else if (kind === 'resource') {
    require(or(identityAllow, byBypass, byAnyone, byDirect), 'neither an identity policy nor the resource policy allows it');
  } else {
    require(or(byBypass, byAnyone, byDirect, and(byAccount, identityAllow)), kind === 'key'
      ? 'the key policy allows neither the caller nor (with an identity policy that allows it) its account'
      : 'the trust policy trusts neither the caller nor (with an identity policy that allows it) its account');
  }

  let explicitDeny: Truth = false;
  for (const d of denies) explicitDeny = explicitDeny === false ? d.applies : or(explicitDeny, d.applies);
  const allowed = and(not(explicitDeny), ...requirements);
  // Most probes never print why: the reason is written when asked for.
  let reason: string | undefined;
  return {
    allowed,
    denies,
    allows,
    get reason(): string {
      return (reason ??= reasonOf(allowed, explicitDeny, denies, allows, requirements, failures));
    },
  };
}

/** Why a requirement fails: a sentence, or an SCP/RCP level (written only when asked). */
type Failure = string | { readonly layer: 'SCP' | 'RCP'; readonly level: number };

function failureText(failure: Failure): string {
  return typeof failure === 'string' ? failure : `no ${failure.layer} at level ${failure.level + 1} (from the root) allows it`;
}

function named(matched: MatchedStatement): string {
  return `${statementName(matched.policy, matched.statement)}${isUnknown(matched.applies) ? ' (if it applies)' : ''}`;
}

function reasonOf(
  allowed: Truth,
  explicitDeny: Truth,
  denies: readonly MatchedStatement[],
  allows: readonly MatchedStatement[],
  requirements: readonly Truth[],
  failures: readonly Failure[],
): string {
  if (allowed === true) {
    const grants = allows.filter((a) => a.layer === 'identity' || a.layer === 'resource' || a.layer === 'endpoint');
    return `allowed by ${(grants.length > 0 ? grants : allows).map(named).join(', ') || 'the account root'}`;
  }
  if (explicitDeny === true)
    return `denied by ${denies
      .filter((d) => d.applies === true)
      .map(named)
      .join(', ')}`;
  const failed = requirements.indexOf(false);
  if (failed >= 0) return failureText(failures[failed]);
  const open = [
    ...(isUnknown(allowed) ? allowed.unknown : []),
    ...denies.filter((d) => isUnknown(d.applies)).map((d) => `${named(d)} may deny it`),
  ];
  return `whether it is allowed depends on values that leave the template: ${[...new Set(open)].join('; ')}`;
}
