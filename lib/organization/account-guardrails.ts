import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { PropsProblems } from '../private/validation';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { lgsecBootstrapTemplate } from './deployment-bootstrap';
import { DEFAULT_BOOTSTRAP_QUALIFIER, DEFAULT_BREAK_GLASS_ROLE_NAME, DeploymentPathOptions, guardrailPrincipals } from './deployment-path';
import { GuardrailStatement, policyDocumentText } from './guardrail-policy';
import {
  asBoundaryStatements,
  auditIntegrityStatements,
  CLOSED_ZONE_ENDPOINT_SERVICES,
  CLOSED_ZONE_SERVICES,
  credentialStatements,
  exemptionProtectionStatements,
  GuardrailPrincipals,
  LogArchiveGuardrail,
  permissionsBoundaryStatements,
  regionStatements,
  SanitizerRoleGuardrail,
  sanitizerRoleStatements,
  WORKLOAD_ACTIONS,
  zoneNetworkStatements,
} from './guardrail-statements';
import { GUARDRAIL_METADATA_KEY, GUARDRAIL_TAG_KEYS, GuardrailEnforcement, GuardrailMechanism } from './tags';

/** IAM's quota on a customer managed policy's document, in characters (whitespace not counted). */
export const MAX_MANAGED_POLICY_CHARACTERS = 6144;

/**
 * Roles of the platform the account lives on, which no administrator of the account may change:
 * AWS Control Tower's (`aws-controltower-*`, `AWSControlTowerExecution`), IAM Identity Center's
 * (`aws-reserved/…`), and the organization's access role.
 */
export const PLATFORM_ROLE_NAMES: readonly string[] = [
  'AWSControlTowerExecution',
  'OrganizationAccountAccessRole',
  'aws-controltower-*',
  'aws-reserved/*',
];

/** The zones an account of its own can hold. */
export type AccountZone = Zone.MY_NUMBER | Zone.LGWAN | Zone.INTERNET;

export interface AccountGuardrailsProps {
  /** The zone this account holds: its network guardrail follows. */
  readonly zone: AccountZone;
  /**
   * Regions where anything may be created (policy 7.8.b). The Government Cloud offers Tokyo and Osaka.
   * @default ['ap-northeast-1', 'ap-northeast-3']
   */
  readonly allowedRegions?: string[];
  /**
   * Names of the break-glass roles: exempt (by their `lgsec:exemption=break-glass` tag), and
   * nobody the guardrails bind may create, change, tag or pass them. Create them, tagged, before
   * the guardrails are attached, with the account's first administrator.
   * @default ['lgsec-break-glass']
   */
  readonly breakGlassRoleNames?: string[];
  /**
   * The deployment path (deploy with `bootstrapTemplate()`).
   * @default - CDK's default qualifier, pipeline role `lgsec-deployment-pipeline`
   */
  readonly deploymentPath?: DeploymentPathOptions;
  /**
   * Roles of the platform that the account's administrators must never change.
   * @default PLATFORM_ROLE_NAMES
   */
  readonly platformRoleNames?: string[];
  /**
   * Roles (names, with their path if any) that get the guardrail policies attached here. In the
   * Government Cloud the administrator role comes from IAM Identity Center: reference the
   * policies by name in its permission set instead (customer managed policies), and set the
   * boundary as its permissions boundary.
   * @default - attached to nothing
   */
  readonly administratorRoleNames?: string[];
  /**
   * Closed zones: the services the account may use at all.
   * @default CLOSED_ZONE_SERVICES
   */
  readonly closedZoneServices?: string[];
  /**
   * Closed zones: the AWS services it may have VPC endpoints to (`com.amazonaws.<region>.<name>`).
   * @default CLOSED_ZONE_ENDPOINT_SERVICES
   */
  readonly closedZoneEndpointServices?: string[];
  /**
   * What the roles deployments create may do at most: the Allow of the permissions boundary.
   * @default WORKLOAD_ACTIONS
   */
  readonly workloadActions?: string[];
  /**
   * LGWAN: the sanitizer's role, passed only by deployments, only to its function.
   * @default - no sanitizer guardrail
   */
  readonly sanitizer?: SanitizerRoleGuardrail;
  /**
   * The log archive's buckets and keys, when they are in this account.
   * @default - no log archive statement
   */
  readonly logArchive?: LogArchiveGuardrail;
  /**
   * Prefix of the policies' names.
   * @default 'lgsec'
   */
  readonly namePrefix?: string;
}

/** One guardrail as the account enforces it, for the report. */
export interface AccountGuardrail {
  /** The guardrail's name, as `ZoneGuardrails` names it. */
  readonly guardrail: string;
  readonly enforcement: GuardrailEnforcement;
  readonly mechanism: GuardrailMechanism;
  /** The managed policy that holds it. */
  readonly policyName: string;
}

/** A guarantee of the organization form that an account cannot give itself, and what stands in for it. */
export interface UnenforcedGuardrail {
  readonly guardrail: string;
  readonly why: string;
}

/**
 * The organization guardrails for one account in an organization that is not ours — the
 * Government Cloud (ガバメントクラウド), whose organization, OUs and SCPs belong to the Digital
 * Agency — as IAM in the account. The statements are those of `ZoneGuardrails`' SCPs, built by
 * the same functions (the two forms cannot drift):
 *
 * - managed policies for the administrator roles the municipality is given (`<prefix>-account-baseline`,
 *   `-audit-integrity`, `-<zone guardrail>`, `-sanitizer-role`): region, exemption protection, no
 *   IAM users, every role carries the boundary; audit; the zone's network; IAM changes by deployments only;
 * - a permissions boundary (`<prefix>-account-boundary`) every other role must carry: what
 *   workloads do, less what the guardrails deny;
 * - the deployment path's CDK bootstrap (`bootstrapTemplate()`), whose CloudFormation execution
 *   role carries the same managed policies and makes every role it creates carry the boundary.
 *
 * What it assumes of the Government Cloud (confirm each with the GCAS documentation of your
 * account): the municipality's administrators reach the account through IAM Identity Center
 * roles (`aws-reserved/sso.amazonaws.com/…`) whose permission set the municipality cannot change
 * itself, and which can reference customer managed policies and a permissions boundary by name;
 * they may create IAM roles and policies in the account; the Digital Agency's SCPs and Control
 * Tower's resources (`aws-controltower-*`) are not theirs to change, and nothing here touches
 * them; Tokyo and Osaka are the regions offered. Data perimeters (RCPs) need the organization's
 * management account: `unenforced` lists them.
 */
export class AccountGuardrails extends Construct {
  /** The managed policies for the administrator roles (and the deployment role). */
  public readonly policies: iam.CfnManagedPolicy[] = [];
  /** The permissions boundary every other role carries. */
  public readonly boundary: iam.CfnManagedPolicy;
  /** Names of `policies`, for a permission set's customer managed policies. */
  public readonly policyNames: string[] = [];
  /** Name of `boundary`, for a permission set's permissions boundary and `@aws-cdk/core:permissionsBoundary`. */
  public readonly boundaryPolicyName: string;
  /** Every guardrail and the policy that holds it. */
  public readonly guardrails: AccountGuardrail[] = [];
  /** What the account cannot enforce on itself. */
  public readonly unenforced: UnenforcedGuardrail[] = [
    {
      guardrail: `data-perimeter`,
      why:
        "resource control policies need the organization's management account; the zone's resource policies " +
        "(AuditedBucket's dataPerimeter, the endpoints' policies) stand in for it",
    },
  ];
  public readonly principals: GuardrailPrincipals;
  private readonly zone: AccountZone;
  private readonly qualifier: string;

  constructor(scope: Construct, id: string, props: AccountGuardrailsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const partition = Token.isUnresolved(stack.partition) ? 'aws' : stack.partition;
    const prefix = props.namePrefix ?? 'lgsec';
    const breakGlassRoleNames = props.breakGlassRoleNames ?? [DEFAULT_BREAK_GLASS_ROLE_NAME];
    const organizationPrincipals = guardrailPrincipals(partition, breakGlassRoleNames, props.deploymentPath);
    this.principals = {
      ...organizationPrincipals,
      protectedRoleNames: [...organizationPrincipals.protectedRoleNames, ...(props.platformRoleNames ?? PLATFORM_ROLE_NAMES)],
    };
    this.zone = props.zone;
    this.qualifier = props.deploymentPath?.qualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER;
    const regions = props.allowedRegions ?? [...JAPANESE_REGIONS];
    this.boundaryPolicyName = `${prefix}-account-boundary`;
    this.validateProps(props, prefix, regions, breakGlassRoleNames);

    const principals = this.principals;
    const boundaryArn = `arn:${partition}:iam::${stack.account}:policy/${this.boundaryPolicyName}`;
    const network = NETWORK_GUARDRAILS[props.zone];
    const groups: { id: string; name: string; guardrail: string; statements: GuardrailStatement[] }[] = [
      {
        id: 'Baseline',
        name: 'baseline',
        guardrail: 'japan-regions exemption-protection no-long-lived-credentials permissions-boundary',
        statements: [
          ...regionStatements(regions, principals),
          ...exemptionProtectionStatements(principals),
          ...credentialStatements(principals),
          ...permissionsBoundaryStatements(boundaryArn, principals),
        ],
      },
      {
        id: 'AuditIntegrity',
        name: 'audit-integrity',
        guardrail: 'audit-integrity',
        statements: auditIntegrityStatements(principals, props.logArchive),
      },
      {
        id: 'Network',
        name: network,
        guardrail: network,
        statements: zoneNetworkStatements(
          {
            zone: props.zone,
            allowedServices: props.closedZoneServices ?? [...CLOSED_ZONE_SERVICES],
            endpointServices: props.closedZoneEndpointServices ?? [...CLOSED_ZONE_ENDPOINT_SERVICES],
          },
          principals,
        ),
      },
      ...(props.sanitizer && props.zone === Zone.LGWAN
        ? [
            {
              id: 'SanitizerRole',
              name: 'sanitizer-role',
              guardrail: 'sanitizer-role',
              statements: sanitizerRoleStatements(props.sanitizer, principals),
            },
          ]
        : []),
    ];
    const problems = new PropsProblems(this, 'AccountGuardrails');
    const roles = (props.administratorRoleNames ?? []).map((name, i) => iam.Role.fromRoleName(this, `Administrator${i}`, name));
    for (const group of groups) {
      const policyName = `${prefix}-account-${group.name}`;
      problems.add(sizeProblem(policyName, group.statements));
      this.policies.push(this.managedPolicy(group.id, policyName, group.guardrail, GuardrailMechanism.IAM_POLICY, group.statements, roles));
      this.policyNames.push(policyName);
      for (const guardrail of group.guardrail.split(' ')) {
        this.guardrails.push({
          guardrail,
          enforcement: GuardrailEnforcement.ACCOUNT,
          mechanism: GuardrailMechanism.IAM_POLICY,
          policyName,
        });
      }
    }
    const boundaryStatements = asBoundaryStatements(
      groups.flatMap((group) => group.statements),
      props.workloadActions ?? [...WORKLOAD_ACTIONS],
    );
    problems.add(sizeProblem(this.boundaryPolicyName, boundaryStatements));
    problems.throwIfAny();
    this.boundary = this.managedPolicy(
      'Boundary',
      this.boundaryPolicyName,
      groups.map((group) => group.guardrail).join(' '),
      GuardrailMechanism.PERMISSIONS_BOUNDARY,
      boundaryStatements,
      [],
    );
    this.guardrails.push({
      guardrail: 'permissions-boundary',
      enforcement: GuardrailEnforcement.ACCOUNT,
      mechanism: GuardrailMechanism.PERMISSIONS_BOUNDARY,
      policyName: this.boundaryPolicyName,
    });
  }

  /**
   * The CDK bootstrap of this account: lgsec's, its execution role carrying these policies, and
   * every role deployments create carrying the boundary. Deploy it once with the account's first
   * administrator (`aws cloudformation deploy --capabilities CAPABILITY_NAMED_IAM`), before the
   * policies are attached to the administrator roles.
   */
  public bootstrapTemplate(trustedRoleArns: string[], qualifier?: string): Record<string, unknown> {
    return lgsecBootstrapTemplate({
      trustedRoleArns,
      qualifier: qualifier ?? this.qualifier,
      workloadBoundaryName: this.boundaryPolicyName,
      executionGuardrailPolicyNames: [...this.policyNames],
    });
  }

  private managedPolicy(
    id: string,
    name: string,
    guardrail: string,
    mechanism: GuardrailMechanism,
    statements: GuardrailStatement[],
    roles: iam.IRole[],
  ): iam.CfnManagedPolicy {
    const policy = new iam.CfnManagedPolicy(this, id, {
      managedPolicyName: name,
      description:
        `lgsec ${mechanism === GuardrailMechanism.PERMISSIONS_BOUNDARY ? 'permissions boundary' : 'account guardrail'}: ${guardrail}`.slice(
          0,
          1000,
        ),
      policyDocument: JSON.parse(policyDocumentText(statements)),
      ...(roles.length > 0 ? { roles: roles.map((role) => role.roleName) } : {}),
    });
    // Managed policies take no tags in CloudFormation: the report reads the same keys from metadata.
    policy.addMetadata(GUARDRAIL_METADATA_KEY, {
      [GUARDRAIL_TAG_KEYS.guardrail]: guardrail,
      [GUARDRAIL_TAG_KEYS.zones]: this.zone,
      [GUARDRAIL_TAG_KEYS.enforcement]: GuardrailEnforcement.ACCOUNT,
      [GUARDRAIL_TAG_KEYS.mechanism]: mechanism,
    });
    const wildcards = new Set<string>();
    for (const statement of statements) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of [statement.Action ?? []].flat()) if (action.includes('*')) wildcards.add(`Action::${action}`);
      for (const resource of [statement.Resource ?? []].flat()) if (resource.includes('*')) wildcards.add(`Resource::${resource}`);
    }
    for (const finding of wildcards) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "A permissions boundary's Allow is the ceiling of what the account's roles may do, by service; " +
          "each role's own policy names its resources.",
      });
    }
    return policy;
  }

  private validateProps(props: AccountGuardrailsProps, prefix: string, regions: string[], breakGlassRoleNames: string[]): void {
    const problems = new PropsProblems(this, 'AccountGuardrails');
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.account))
      problems.add("the stack's account is not literal; give the stack an explicit env.account (the boundary's ARN names it)");
    if (!(props.zone in NETWORK_GUARDRAILS))
      problems.add(`zone: '${props.zone}' is not a zone an account holds (mynumber, lgwan or internet)`);
    if (props.sanitizer && props.zone !== Zone.LGWAN)
      problems.add('sanitizer: the sanitizer runs in the LGWAN zone; give it only for an LGWAN account');
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(prefix)) problems.add(`namePrefix: '${prefix}' must be 1-40 letters, digits and hyphens`);
    if (regions.length === 0) problems.add('allowedRegions: the list is empty; list the regions where resources may be created');
    for (const region of regions)
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) problems.add(`allowedRegions: '${region}' is not a region name like ap-northeast-1`);
    if (breakGlassRoleNames.length === 0)
      problems.add('breakGlassRoleNames: the list is empty; name the break-glass role, or an emergency could not repair the account');
    for (const name of [...breakGlassRoleNames, ...(props.platformRoleNames ?? [])]) {
      if (!/^[\w+=,.@/-]{1,64}\*?$/.test(name))
        problems.add(`role name '${name}' is not a role name (optionally with a path, optionally ending in *)`);
    }
    problems.throwIfAny();
  }
}

/** The network guardrail of each zone, as `ZoneGuardrails` names it. */
const NETWORK_GUARDRAILS: Record<AccountZone, string> = {
  [Zone.MY_NUMBER]: 'mynumber-closed-network',
  [Zone.LGWAN]: 'lgwan-closed-network',
  [Zone.INTERNET]: 'internet-via-security-cloud',
};

function sizeProblem(name: string, statements: readonly GuardrailStatement[]): string | undefined {
  const size = policyDocumentText(statements).replace(/\s+/g, '').length;
  return size > MAX_MANAGED_POLICY_CHARACTERS
    ? `the managed policy '${name}' is ${size} characters, over IAM's limit of ${MAX_MANAGED_POLICY_CHARACTERS}; ` +
        'list fewer roles, regions or services'
    : undefined;
}
