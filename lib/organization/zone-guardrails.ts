import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { PropsProblems } from '../private/validation';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { DEFAULT_BREAK_GLASS_ROLE_NAME, DeploymentPathOptions, guardrailPrincipals } from './deployment-path';
import { GuardrailPolicy, GuardrailPolicyType, GuardrailStatement, MAX_POLICIES_PER_TARGET } from './guardrail-policy';
import {
  auditIntegrityStatements,
  CLOSED_ZONE_ENDPOINT_SERVICES,
  CLOSED_ZONE_SERVICES,
  credentialStatements,
  dataPerimeterStatements,
  exemptionProtectionStatements,
  GuardrailPrincipals,
  regionStatements,
  SanitizerRoleGuardrail,
  sanitizerRoleStatements,
  zoneNetworkStatements,
} from './guardrail-statements';

export type { SanitizerRoleGuardrail } from './guardrail-statements';

/** The organizational units (or accounts) each guardrail is attached to. */
export interface ZoneGuardrailTargets {
  /** OUs (`ou-…-…`) or accounts holding municipalities' My Number zone accounts. */
  readonly myNumber: string[];
  /** OUs or accounts holding LGWAN zone accounts. */
  readonly lgwan: string[];
  /** OUs or accounts holding internet zone accounts. */
  readonly internet: string[];
  /**
   * OUs or accounts of the shared services (the security cloud, the log archive): they get the
   * baseline and audit-integrity guardrails and an organization-wide data perimeter, not the
   * zones' network ones.
   * @default - none
   */
  readonly sharedServices?: string[];
  /**
   * OUs of the deployment (tooling) accounts, home of the pipeline roles that the zone accounts'
   * CDK bootstrap trusts (see `DeploymentBootstrap`). They get the baseline and audit-integrity
   * guardrails and an organization-wide data perimeter, and only their principals (besides the
   * zone's own, the management and identity accounts') may assume the zone accounts' roles.
   * Give them, or the zone accounts can only be deployed from inside themselves.
   * @default - none
   */
  readonly deployment?: string[];
}

/** Policies that others attach directly to the same targets, counted against AWS Organizations' quota. */
export interface OtherAttachedPolicies {
  /** SCPs besides FullAWSAccess and lgsec's (Control Tower's, your own). @default 0 */
  readonly serviceControlPolicies?: number;
  /** RCPs besides RCPFullAWSAccess and lgsec's. @default 0 */
  readonly resourceControlPolicies?: number;
}

export interface ZoneGuardrailsProps {
  /** The organization id (`o-…`): the data perimeters admit its principals and its services' requests. */
  readonly organizationId: string;
  readonly targets: ZoneGuardrailTargets;
  /**
   * The organization's management account, whose principals (the StackSets, the break-glass
   * users) may assume roles in the zone accounts.
   * @default - the stack's account, which must then be literal
   */
  readonly managementAccountId?: string;
  /**
   * Accounts whose roles assume the break-glass roles (an identity account, if not the management account).
   * @default - the management account only
   */
  readonly identityAccountIds?: string[];
  /**
   * Names of the break-glass roles: exempt from every guardrail that does not protect the
   * guardrails themselves, but only when tagged `lgsec:exemption=break-glass`, which only
   * StackSets of the management account can do (`BreakGlassAccess`). Nobody else may create,
   * change, tag or pass a role of these names.
   * @default ['lgsec-break-glass']
   */
  readonly breakGlassRoleNames?: string[];
  /**
   * Roles of the platform that no account administrator may change: created by AWS (the
   * organization's access role, IAM Identity Center's through its service-linked role), changed
   * by StackSets at most.
   * @default ['OrganizationAccountAccessRole', 'aws-reserved/*']
   */
  readonly platformRoleNames?: string[];
  /**
   * The deployment path: its CDK bootstrap qualifier and pipeline roles. Only its CloudFormation
   * execution role (tagged `lgsec:exemption=deployment` by `DeploymentBootstrap`) changes audit,
   * perimeters and IAM, builds the LGWAN account's VPN and passes the sanitizer's role.
   * @default - CDK's default qualifier, pipeline role `lgsec-deployment-pipeline`
   */
  readonly deploymentPath?: DeploymentPathOptions;
  /**
   * Regions where anything may be created (policy 7.8.b: data stays in Japan).
   * @default ['ap-northeast-1', 'ap-northeast-3']
   */
  readonly allowedRegions?: string[];
  /**
   * The log archive's KMS key: only deployments change its policy or grants. (No account's
   * administrator disables or deletes any KMS key: that is break-glass only everywhere.)
   * @default - every KMS key of `logArchiveAccountId`, when that is given; else no key statement
   */
  readonly logArchiveKeyArn?: string;
  /**
   * The log archive's account, for the key statement when `logArchiveKeyArn` is not known yet.
   * @default - no key statement unless `logArchiveKeyArn` is given
   */
  readonly logArchiveAccountId?: string;
  /**
   * Names (or name patterns) of the log archive's buckets: only deployments change their policy,
   * encryption, versioning, Object Lock, lifecycle or replication.
   * @default ['lgsec-log-archive-*']
   */
  readonly logArchiveBucketNames?: string[];
  /**
   * The sanitizer's role: only the deployment roles may pass it, only to Lambda, only to its function.
   * @default - no sanitizer guardrail
   */
  readonly sanitizer?: SanitizerRoleGuardrail;
  /**
   * Roles of the internet zone's accounts that the LGWAN zone's data perimeter admits: the
   * sanitizing transfer's writer roles, admitted only from the internet OUs.
   * @default ['lgsec-transfer-writer-*']
   */
  readonly transferWriterRoleNames?: string[];
  /**
   * The services the closed zones (My Number, LGWAN) may use at all, as IAM action patterns;
   * every other service is denied. Add what your systems use (`rds:*`, `elasticloadbalancing:*`, …).
   * @default CLOSED_ZONE_SERVICES (what lgsec's constructs deploy and use)
   */
  readonly closedZoneServices?: string[];
  /**
   * AWS services the closed zones may have VPC endpoints to, by the last part of their service
   * name (`com.amazonaws.<region>.<name>`): `s3`, `kms`, `monitoring`, …
   * @default CLOSED_ZONE_ENDPOINT_SERVICES
   */
  readonly closedZoneEndpointServices?: string[];
  /**
   * Policies others attach directly to the same targets, counted against the quota of five per target.
   * @default - none
   */
  readonly otherAttachedPolicies?: OtherAttachedPolicies;
  /**
   * Prefix of the policies' names in AWS Organizations.
   * @default 'lgsec'
   */
  readonly namePrefix?: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/**
 * The organization guardrails of the three-layer separation, as SCPs and RCPs attached to the
 * zone OUs. Each target gets at most five of each kind, counting AWS's FullAWSAccess:
 *
 * - `baseline` (SCP, every target): nothing outside Japan (7.8.b); exemptions that cannot be
 *   minted (a tag only StackSets set, valid only on its roles' names, whose roles only StackSets
 *   change); no IAM users, access keys or foreign identity providers (7.5); nobody leaves the organization.
 * - `audit-integrity` (SCP, every target): CloudTrail, AWS Config, flow logs, GuardDuty, DNS Firewall
 *   and query logging, Network Firewall, KMS keys and log groups are turned off by break-glass only;
 *   they, Transit Gateway routing, the alarm plumbing, IAM and the log archive change by deployments only (7.7, 10).
 * - `mynumber-closed-network`, `lgwan-closed-network` (SCP): the closed zones are allowlists of
 *   services and endpoint services; no gateway, peering, Transit Gateway, default VPC, Lattice,
 *   Verified Access, Cloud WAN, Direct Connect or compute outside a VPC; perimeters change by
 *   deployments only; no VPN in My Number, in LGWAN only the deployed one (7.3.a, 7.3.b).
 * - `internet-via-security-cloud` (SCP, internet): no way out of its own (7.3.c).
 * - `sanitizer-role` (SCP, LGWAN, when given): the sanitizer's role goes only to its own function (7.3.b).
 * - `<zone>-data-perimeter` (RCP, per zone): the zone's data answers only the zone's own accounts
 *   (its roles also the deployment pipeline and the management account), services only on the
 *   zone's behalf, TLS only; `data-perimeter` (RCP, shared services and deployment): the organization.
 */
export class ZoneGuardrails extends Construct {
  public readonly policies: GuardrailPolicy[] = [];
  /** Who the guardrails exempt and which roles and policies they protect. */
  public readonly principals: GuardrailPrincipals;

  constructor(scope: Construct, id: string, props: ZoneGuardrailsProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const breakGlassRoleNames = props.breakGlassRoleNames ?? [DEFAULT_BREAK_GLASS_ROLE_NAME];
    const named = guardrailPrincipals(partition, breakGlassRoleNames, props.deploymentPath);
    this.principals = {
      ...named,
      protectedRoleNames: [
        ...named.protectedRoleNames,
        ...(props.platformRoleNames ?? ['OrganizationAccountAccessRole', 'aws-reserved/*']),
      ],
    };
    const regions = props.allowedRegions ?? [...JAPANESE_REGIONS];
    const prefix = props.namePrefix ?? 'lgsec';
    const managementAccountId = props.managementAccountId ?? Stack.of(this).account;
    const { targets } = props;
    this.validateProps(props, { regions, prefix, managementAccountId, breakGlassRoleNames });

    const zoneTargets = [...targets.myNumber, ...targets.lgwan, ...targets.internet];
    const organizationTargets = [...(targets.sharedServices ?? []), ...(targets.deployment ?? [])];
    const allTargets = [...zoneTargets, ...organizationTargets];
    const allZones = [Zone.MY_NUMBER, Zone.LGWAN, Zone.INTERNET, ...(targets.sharedServices?.length ? [Zone.SECURITY_CLOUD] : [])];
    const SCP = GuardrailPolicyType.SERVICE_CONTROL_POLICY;
    const RCP = GuardrailPolicyType.RESOURCE_CONTROL_POLICY;
    const principals = this.principals;

    // Construct ids stay those of the policies they grew from, so that deployed policies update in place.
    this.addGuardrail('JapanRegions', prefix, 'baseline', {
      guardrail: 'japan-regions exemption-protection no-long-lived-credentials',
      type: SCP,
      targetIds: allTargets,
      zones: allZones,
      description:
        'lgsec 7.8.b, 7.5: nothing outside the allowed Japanese regions; exemptions only StackSets grant; no IAM users or access keys',
      statements: [
        ...regionStatements(regions, principals),
        ...exemptionProtectionStatements(principals),
        ...credentialStatements(principals),
      ],
    });
    const archiveKey =
      props.logArchiveKeyArn ?? (props.logArchiveAccountId ? `arn:${partition}:kms:*:${props.logArchiveAccountId}:key/*` : undefined);
    this.addGuardrail('AuditIntegrity', prefix, 'audit-integrity', {
      guardrail: 'audit-integrity',
      type: SCP,
      targetIds: allTargets,
      zones: allZones,
      description:
        'lgsec 7.7/10: audit is turned off by break-glass only; audit, alarms, routing, IAM and the log archive change by deployments only',
      statements: auditIntegrityStatements(principals, {
        keyArns: archiveKey ? [archiveKey] : [],
        bucketNames: props.logArchiveBucketNames ?? ['lgsec-log-archive-*'],
      }),
    });
    const closedZone = {
      allowedServices: props.closedZoneServices ?? [...CLOSED_ZONE_SERVICES],
      endpointServices: props.closedZoneEndpointServices ?? [...CLOSED_ZONE_ENDPOINT_SERVICES],
    };
    this.addGuardrail('MyNumberNetwork', prefix, 'mynumber-closed-network', {
      guardrail: 'mynumber-closed-network',
      type: SCP,
      targetIds: targets.myNumber,
      zones: [Zone.MY_NUMBER],
      description:
        'lgsec 7.3.a: the My Number zone uses only its services and endpoints, and has no way out: no gateway, VPN, peering or ' +
        'Transit Gateway',
      statements: zoneNetworkStatements({ zone: Zone.MY_NUMBER, ...closedZone }, principals),
    });
    this.addGuardrail('LgwanNetwork', prefix, 'lgwan-closed-network', {
      guardrail: 'lgwan-closed-network',
      type: SCP,
      targetIds: targets.lgwan,
      zones: [Zone.LGWAN],
      description:
        'lgsec 7.3.b: the LGWAN zone uses only its services and endpoints, and reaches only LGWAN, through the VPN deployments build',
      statements: zoneNetworkStatements({ zone: Zone.LGWAN, ...closedZone }, principals),
    });
    this.addGuardrail('InternetNetwork', prefix, 'internet-via-security-cloud', {
      guardrail: 'internet-via-security-cloud',
      type: SCP,
      targetIds: targets.internet,
      zones: [Zone.INTERNET],
      description: 'lgsec 7.3.c: the internet zone has no way out of its own; it egresses through the security cloud',
      statements: zoneNetworkStatements({ zone: Zone.INTERNET, allowedServices: [], endpointServices: [] }, principals),
    });
    if (props.sanitizer) {
      this.addGuardrail('SanitizerRole', prefix, 'sanitizer-role', {
        guardrail: 'sanitizer-role',
        type: SCP,
        targetIds: targets.lgwan,
        zones: [Zone.LGWAN],
        description: "lgsec 7.3.b: the sanitizer's role is passed only to the sanitizer function, only by deployments",
        statements: sanitizerRoleStatements(props.sanitizer, principals),
      });
    }

    const perimeter = {
      organizationId: props.organizationId,
      assumeRoleOuIds: targets.deployment ?? [],
      assumeRoleAccountIds: [...new Set([managementAccountId, ...(props.identityAccountIds ?? [])])],
    };
    const zonePerimeters = [
      { id: 'MyNumberDataPerimeter', zone: Zone.MY_NUMBER, ous: targets.myNumber },
      { id: 'LgwanDataPerimeter', zone: Zone.LGWAN, ous: targets.lgwan },
      { id: 'InternetDataPerimeter', zone: Zone.INTERNET, ous: targets.internet },
    ];
    for (const { id: perimeterId, zone, ous } of zonePerimeters) {
      const admittedRoles =
        zone === Zone.LGWAN && targets.internet.length > 0
          ? [{ roleNames: props.transferWriterRoleNames ?? ['lgsec-transfer-writer-*'], ouIds: targets.internet }]
          : [];
      this.addGuardrail(perimeterId, prefix, `${zone}-data-perimeter`, {
        guardrail: `${zone}-data-perimeter`,
        type: RCP,
        targetIds: ous,
        zones: [zone],
        description: `lgsec 7.3/8: the ${zone} zone's data answers only its own accounts, services acting for them, over TLS`,
        statements: dataPerimeterStatements(
          { ...perimeter, zoneOuIds: ous, admittedRoles: admittedRoles.filter((r) => r.roleNames.length > 0) },
          partition,
        ),
      });
    }
    this.addGuardrail('DataPerimeter', prefix, 'data-perimeter', {
      guardrail: 'data-perimeter',
      type: RCP,
      targetIds: organizationTargets,
      zones: targets.sharedServices?.length ? [Zone.SECURITY_CLOUD] : [],
      description: "lgsec 7.3/8: the shared and deployment accounts' data answers only the organization, over TLS",
      statements: dataPerimeterStatements(
        { ...perimeter, zoneOuIds: [], assumeRoleOuIds: [], assumeRoleAccountIds: [], admittedRoles: [] },
        partition,
      ),
    });
    this.checkQuotas(props.otherAttachedPolicies ?? {});
  }

  /** One guardrail policy, named `<prefix>-<name>`; none when it has no target. */
  private addGuardrail(id: string, prefix: string, name: string, guardrail: GuardrailSpec): void {
    if (guardrail.targetIds.length === 0) return;
    this.policies.push(new GuardrailPolicy(this, id, { ...guardrail, policyName: `${prefix}-${name}` }));
  }

  /** AWS Organizations attaches at most five SCPs and five RCPs to one target, its FullAWSAccess policies included. */
  private checkQuotas(others: OtherAttachedPolicies): void {
    const problems = new PropsProblems(this, 'ZoneGuardrails');
    const kinds = [
      { type: GuardrailPolicyType.SERVICE_CONTROL_POLICY, full: 'FullAWSAccess', others: others.serviceControlPolicies ?? 0 },
      { type: GuardrailPolicyType.RESOURCE_CONTROL_POLICY, full: 'RCPFullAWSAccess', others: others.resourceControlPolicies ?? 0 },
    ];
    for (const kind of kinds) {
      const byTarget = new Map<string, string[]>();
      for (const policy of this.policies.filter((p) => p.type === kind.type)) {
        for (const target of policy.targetIds) byTarget.set(target, [...(byTarget.get(target) ?? []), policy.policyName]);
      }
      for (const [target, names] of byTarget) {
        const total = names.length + 1 + kind.others;
        if (total > MAX_POLICIES_PER_TARGET) {
          problems.add(
            `target ${target} would have ${total} ${kind.type === GuardrailPolicyType.SERVICE_CONTROL_POLICY ? 'SCPs' : 'RCPs'} attached ` +
              `(${names.join(', ')}, ${kind.full}${kind.others ? ` and ${kind.others} others` : ''}); AWS Organizations attaches at most ` +
              `${MAX_POLICIES_PER_TARGET} to one root, OU or account: attach the others to a parent OU, or give this target ` +
              `fewer guardrails`,
          );
        }
      }
    }
    problems.throwIfAny();
  }

  /** Every problem with the props (and the defaults they leave), thrown at once. */
  private validateProps(
    props: ZoneGuardrailsProps,
    resolved: { regions: string[]; prefix: string; managementAccountId: string; breakGlassRoleNames: string[] },
  ): void {
    const problems = new PropsProblems(this, 'ZoneGuardrails');
    const { regions, prefix, managementAccountId, breakGlassRoleNames } = resolved;
    if (Token.isUnresolved(props.organizationId) || !ORGANIZATION_ID.test(props.organizationId)) {
      problems.add(`organizationId: '${props.organizationId}' is not an organization id like o-a1b2c3d4e5`);
    }
    if (Token.isUnresolved(managementAccountId) || !ACCOUNT_ID.test(managementAccountId)) {
      problems.add(
        `managementAccountId: '${managementAccountId}' is not a 12-digit account id; give it, or give the stack an explicit env.account`,
      );
    }
    for (const account of props.identityAccountIds ?? []) {
      if (!ACCOUNT_ID.test(account)) problems.add(`identityAccountIds: '${account}' is not a 12-digit account id`);
    }
    if (breakGlassRoleNames.length === 0) {
      problems.add('breakGlassRoleNames: the list is empty; name the break-glass role, or an emergency could not repair a guarded account');
    }
    for (const [prop, names] of [
      ['breakGlassRoleNames', breakGlassRoleNames],
      ['deploymentPath.pipelineRoleNames', props.deploymentPath?.pipelineRoleNames ?? []],
      ['transferWriterRoleNames', props.transferWriterRoleNames ?? []],
      ['platformRoleNames', props.platformRoleNames ?? []],
    ] as const) {
      for (const name of names) {
        if (!(prop === 'platformRoleNames' ? ROLE_PATH_NAME : ROLE_NAME).test(name)) {
          problems.add(
            `${prop}: '${name}' is not a role name (1-64 letters, digits and +=,.@_-, optionally ending in *); give names, not ARNs`,
          );
        }
      }
    }
    if (props.deploymentPath?.qualifier !== undefined && !/^[a-z0-9]{1,10}$/.test(props.deploymentPath.qualifier)) {
      problems.add(
        `deploymentPath.qualifier: '${props.deploymentPath.qualifier}' is not a CDK bootstrap qualifier ` +
          '(1-10 lowercase letters and digits)',
      );
    }
    if (regions.length === 0) problems.add('allowedRegions: the list is empty; list the regions where resources may be created');
    for (const region of regions) {
      if (!REGION.test(region)) problems.add(`allowedRegions: '${region}' is not a region name like ap-northeast-1`);
    }
    if (!NAME_PREFIX.test(prefix)) problems.add(`namePrefix: '${prefix}' must be 1-40 letters, digits and hyphens`);
    if (props.logArchiveAccountId !== undefined && !ACCOUNT_ID.test(props.logArchiveAccountId)) {
      problems.add(`logArchiveAccountId: '${props.logArchiveAccountId}' is not a 12-digit account id`);
    }
    if (props.logArchiveKeyArn !== undefined && !/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/.test(props.logArchiveKeyArn)) {
      const example = 'arn:aws:kms:ap-northeast-1:111111111111:key/…';
      problems.add(`logArchiveKeyArn: '${props.logArchiveKeyArn}' is not a KMS key ARN like ${example}`);
    }
    for (const name of props.logArchiveBucketNames ?? []) {
      if (!/^[a-z0-9*][a-z0-9.*-]{0,62}$/.test(name)) problems.add(`logArchiveBucketNames: '${name}' is not a bucket name (pattern)`);
    }
    if (props.sanitizer) {
      if (!/^[\w+=,.@-]{1,64}$/.test(props.sanitizer.roleName))
        problems.add(`sanitizer.roleName: '${props.sanitizer.roleName}' is not an IAM role name`);
      if (!/^[\w-]{1,64}$/.test(props.sanitizer.functionName))
        problems.add(`sanitizer.functionName: '${props.sanitizer.functionName}' is not a Lambda function name`);
    }
    for (const pattern of props.closedZoneServices ?? []) {
      if (!ACTION_PATTERN.test(pattern)) problems.add(`closedZoneServices: '${pattern}' is not an IAM action pattern like 'rds:*'`);
    }
    if (props.closedZoneServices && !props.closedZoneServices.includes('sts:*')) {
      problems.add("closedZoneServices: 'sts:*' is missing; no role could be assumed in the closed zones, not even to deploy");
    }
    for (const name of props.closedZoneEndpointServices ?? []) {
      if (!/^[a-z0-9][a-z0-9.-]*$/.test(name))
        problems.add(`closedZoneEndpointServices: '${name}' is not the last part of an endpoint service name like 'kms'`);
    }
    const { targets } = props;
    const zoneTargets = [...targets.myNumber, ...targets.lgwan, ...targets.internet];
    if (zoneTargets.length === 0) problems.add('targets: no zone OU given; list the OUs of the My Number, LGWAN and internet accounts');
    const lists: [string, string[]][] = [
      ['myNumber', targets.myNumber],
      ['lgwan', targets.lgwan],
      ['internet', targets.internet],
      ['sharedServices', targets.sharedServices ?? []],
      ['deployment', targets.deployment ?? []],
    ];
    const seen = new Map<string, string>();
    for (const [name, ids] of lists) {
      for (const target of ids) {
        const other = seen.get(target);
        if (other !== undefined)
          problems.add(`targets: '${target}' is listed under both ${other} and ${name}; each OU holds the accounts of one zone`);
        seen.set(target, name);
      }
    }
    problems.throwIfAny();
  }
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}\*?$/;
const ROLE_PATH_NAME = /^[\w+=,.@/-]{1,512}\*?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const NAME_PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

/** A guardrail policy's props but its name, which the prefix gives. */
interface GuardrailSpec {
  /** Kebab-case names of what the policy enforces, space-separated. */
  readonly guardrail: string;
  readonly type: GuardrailPolicyType;
  readonly description: string;
  readonly targetIds: string[];
  readonly zones: Zone[];
  readonly statements: GuardrailStatement[];
}
