import { actionInfo } from './iam-data';
import { IamRequest } from './evaluate';
import { Policy, Text } from './policy';

/**
 * Requests an adversary would make, for rules that judge a policy by what AWS would answer: a
 * caller with everything AWS puts in a request's context, from an account, organization, VPC
 * endpoint or network of the adversary's choosing, on resources named to match the policy's
 * wildcards.
 */

/** An account outside the organization, the adversary's. */
export const FOREIGN_ACCOUNT = '999999999999';
export const FOREIGN_ORGANIZATION = 'o-lgsecforeign0';
export const FOREIGN_VPC_ENDPOINT = 'vpce-0lgsec0foreign0000';
export const FOREIGN_VPC = 'vpc-0lgsec0foreign0000';
/** Another member account of the organization (another zone's, another municipality's). */
export const OTHER_MEMBER_ACCOUNT = '999999999990';
/** A member account an organization policy governs. */
export const MEMBER_ACCOUNT = '999999999991';
/** The organization, when a policy names none. */
export const ORGANIZATION = 'o-lgsecorganization';
/** Fills the wildcards of a pattern an adversary matches with a name of their own. */
export const PROBE_FILLER = 'lgsec-probe';

/** A fixed instant, so that a probe's answer never depends on the clock. */
const NOW = '2026-01-01T00:00:00Z';

/** Who calls, and from where. */
export interface CallerOptions {
  /** The caller's account. */
  readonly account: string;
  /** The role the caller acts as (a session of it), with its path if any (`team/name`). @default 'lgsec-probe-administrator' */
  readonly roleName?: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default - not in an organization (no aws:PrincipalOrgID) */
  readonly organizationId?: string;
  /** aws:PrincipalOrgPaths. @default - none */
  readonly organizationPaths?: readonly string[];
  /** The caller's principal tags. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /** The VPC endpoint the request comes through. @default - none: from the internet */
  readonly sourceVpce?: string;
  /** The VPC of that endpoint. @default - none */
  readonly sourceVpc?: string;
  /** An AWS service that makes the request with the caller's credentials (a forward access session). @default - a direct call */
  readonly viaService?: string;
  /** @default true */
  readonly secureTransport?: boolean;
  /** aws:RequestedRegion. @default 'ap-northeast-1' */
  readonly region?: string;
  /** Extra context keys (they win over the ones above). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A role session as AWS presents it in a request: its ARN and the context keys AWS sets for it. */
export function roleCaller(options: CallerOptions): Pick<IamRequest, 'principal' | 'context'> {
  const partition = options.partition ?? 'aws';
  const role = options.roleName ?? 'lgsec-probe-administrator';
  const context: Record<string, string | readonly string[]> = {
    'aws:PrincipalArn': `arn:${partition}:iam::${options.account}:role/${role}`,
    'aws:PrincipalAccount': options.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': `AROALGSECPROBE:${PROBE_FILLER}`,
    'aws:PrincipalIsAWSService': 'false',
    'aws:SecureTransport': String(options.secureTransport ?? true),
    'aws:ViaAWSService': String(options.viaService !== undefined),
    'aws:RequestedRegion': options.region ?? 'ap-northeast-1',
    'aws:CurrentTime': NOW,
    'aws:EpochTime': String(Date.parse(NOW) / 1000),
    'aws:TokenIssueTime': NOW,
    // An administrator signs in with MFA: conditions on it do not stop them.
    'aws:MultiFactorAuthPresent': 'true',
    'aws:MultiFactorAuthAge': '60',
  };
  if (options.organizationId) context['aws:PrincipalOrgID'] = options.organizationId;
  if (options.organizationPaths) context['aws:PrincipalOrgPaths'] = options.organizationPaths;
  for (const [key, value] of Object.entries(options.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  if (options.sourceVpce) context['aws:SourceVpce'] = options.sourceVpce;
  if (options.sourceVpc) context['aws:SourceVpc'] = options.sourceVpc;
  if (options.viaService) {
    context['aws:CalledVia'] = [options.viaService];
    context['aws:CalledViaFirst'] = options.viaService;
    context['aws:CalledViaLast'] = options.viaService;
  }
  return {
    principal: `arn:${partition}:sts::${options.account}:assumed-role/${role.slice(role.lastIndexOf('/') + 1)}/${PROBE_FILLER}`,
    context: { ...context, ...options.context },
  };
}

/** `Allow * on *`: an administrator's identity policy, or the resource policy of a bucket the adversary owns. */
export function allowEverything(name: string, withPrincipal = false): Policy {
  return {
    name,
    statements: [
      { index: 0, effect: 'Allow', ...(withPrincipal ? { principal: '*' as const } : {}), action: ['*'], resource: ['*'], conditions: [] },
    ],
  };
}

/** The SCP AWS attaches to every root, OU and account, unless it is detached. */
export const FULL_AWS_ACCESS: Policy = allowEverything('FullAWSAccess');
/** The RCP AWS attaches to every root, OU and account. */
export const RCP_FULL_AWS_ACCESS: Policy = allowEverything('RCPFullAWSAccess', true);

/**
 * A name an adversary picks to match a pattern: `*` becomes {@link PROBE_FILLER}, `?` an `x`,
 * and policy variables their literal (`${*}` → `*`) or the filler.
 */
export function instantiate(pattern: string, filler = PROBE_FILLER): string {
  return pattern
    .replace(/\$\{([*?$])\}/g, (_, c: string) => c)
    .replace(/\$\{[^}]*\}/g, filler)
    .replace(/\*/g, filler)
    .replace(/\?/g, 'x');
}

/** True when a text holds a wildcard an adversary can fill. */
export function hasWildcard(text: Text): boolean {
  return typeof text === 'string' && /[*?]/.test(text.replace(/\$\{[*?$]\}/g, ''));
}

/**
 * An ARN of a resource an action acts on, in the given account and region, named `name`: from the
 * action's resource types in the AWS catalogue (the first required one). Undefined for actions
 * that name no resource.
 */
export function resourceArnFor(
  action: string,
  where: { account: string; region: string; partition?: string; name?: string },
): string | undefined {
  const template = actionInfo(action)?.resourceArns[0];
  if (!template) return undefined;
  return template
    .replace(/\$\{Partition\}/g, where.partition ?? 'aws')
    .replace(/\$\{Region\}/g, where.region)
    .replace(/\$\{Account\}/g, where.account)
    .replace(/\$\{[^}]*\}/g, where.name ?? PROBE_FILLER);
}

/** A way a request reaches a service, described for findings. */
export interface NetworkPath {
  readonly where: string;
  readonly context: Readonly<Record<string, string>>;
}

/** Ways in that are not a zone's own: the internet, and an endpoint in another account's VPC. */
export const OUTSIDE_PATHS: readonly NetworkPath[] = [
  { where: 'from the internet (no aws:SourceVpce)', context: { 'aws:SourceIp': '198.51.100.7' } },
  {
    where: `through an endpoint in another account's VPC (${FOREIGN_VPC_ENDPOINT})`,
    context: { 'aws:SourceVpce': FOREIGN_VPC_ENDPOINT, 'aws:SourceVpc': FOREIGN_VPC },
  },
];

/** The ways in a policy names (its aws:SourceVpce and aws:SourceVpc values), besides the outside ones. */
export function pathsThrough(vpces: readonly string[], vpcs: readonly string[]): NetworkPath[] {
  return [
    ...vpces.map((vpce) => ({ where: `through endpoint ${vpce}`, context: { 'aws:SourceVpce': vpce } })),
    ...vpcs.map((vpc) => ({ where: `through VPC ${vpc}`, context: { 'aws:SourceVpc': vpc } })),
  ];
}
