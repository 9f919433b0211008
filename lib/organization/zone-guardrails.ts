import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { PropsProblems } from '../private/validation';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { GuardrailPolicy, GuardrailPolicyType, GuardrailStatement } from './guardrail-policy';

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
   * region, audit-integrity and data-perimeter guardrails, not the closed-zone network ones.
   * @default - none
   */
  readonly sharedServices?: string[];
}

/** The sanitizer's execution role, which only its own function may be given. */
export interface SanitizerRoleGuardrail {
  /** Name of the sanitizer's IAM role (its path-less name). */
  readonly roleName: string;
  /** Name of the sanitizer's Lambda function. */
  readonly functionName: string;
}

export interface ZoneGuardrailsProps {
  /** The organization id (`o-…`): the data perimeter admits its principals and its services' requests. */
  readonly organizationId: string;
  readonly targets: ZoneGuardrailTargets;
  /**
   * The break-glass roles, exempt from every guardrail: used only in an emergency, with its
   * own alarm. ARN patterns (`*` for the account).
   * @default ['arn:aws:iam::*:role/lgsec-break-glass']
   */
  readonly breakGlassRoleArns?: string[];
  /**
   * The roles that deploy the zones (the CDK bootstrap's CloudFormation execution role, or a
   * pipeline's): they alone may change the audit configuration, build the LGWAN account's VPN
   * to LGWAN, and pass the sanitizer's role to its function.
   * @default ['arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*'] (the default CDK bootstrap qualifier)
   */
  readonly deploymentRoleArns?: string[];
  /**
   * Regions where anything may be created (policy 7.8.b: data stays in Japan).
   * @default ['ap-northeast-1', 'ap-northeast-3']
   */
  readonly allowedRegions?: string[];
  /**
   * The log archive's KMS key: nobody but the break-glass role may disable it or schedule its
   * deletion, and only the deployment roles may change its policy.
   * @default - every KMS key of `logArchiveAccountId`, when that is given; else no key guardrail
   */
  readonly logArchiveKeyArn?: string;
  /**
   * The log archive's account, for the key guardrail when `logArchiveKeyArn` is not known yet.
   * @default - no key guardrail unless `logArchiveKeyArn` is given
   */
  readonly logArchiveAccountId?: string;
  /**
   * The sanitizer's role: only the deployment roles may pass it, only to Lambda, only to its function.
   * @default - no sanitizer guardrail
   */
  readonly sanitizer?: SanitizerRoleGuardrail;
  /**
   * Prefix of the policies' names in AWS Organizations.
   * @default 'lgsec'
   */
  readonly namePrefix?: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/**
 * Global services, and the global read calls of regional services, that answer in us-east-1
 * whatever region the caller works in: exempt from the region guardrail as in AWS's own
 * region-deny example, less KMS and AWS Config (regional services the example exempts too).
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'account:*',
  'acm:*',
  'aws-marketplace:*',
  'aws-marketplace-management:*',
  'aws-portal:*',
  'billing:*',
  'budgets:*',
  'ce:*',
  'cloudfront:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
];

/** Ways out of a closed zone's VPCs: internet, NAT, other VPCs, Transit Gateways. */
const CLOSED_ZONE_EGRESS_ACTIONS = [
  'ec2:CreateInternetGateway',
  'ec2:AttachInternetGateway',
  'ec2:CreateEgressOnlyInternetGateway',
  'ec2:CreateNatGateway',
  'ec2:CreateCarrierGateway',
  'ec2:CreateVpcPeeringConnection',
  'ec2:AcceptVpcPeeringConnection',
  'ec2:CreateTransitGateway',
  'ec2:CreateTransitGatewayVpcAttachment',
  'ec2:AcceptTransitGatewayVpcAttachment',
  'ec2:CreateTransitGatewayPeeringAttachment',
  'ec2:AcceptTransitGatewayPeeringAttachment',
  'ec2:CreateVpcEndpointServiceConfiguration',
  'ec2:CreateLocalGatewayRouteTableVpcAssociation',
];

/**
 * Endpoints that reach the internet without the VPC: a function URL, a CloudFront distribution
 * or accelerator in front of the zone's resources, compute with its own public address.
 */
const PUBLIC_SERVICE_ACTIONS = [
  'lambda:CreateFunctionUrlConfig',
  'lambda:UpdateFunctionUrlConfig',
  'cloudfront:CreateDistribution*',
  'globalaccelerator:Create*',
  'lightsail:Create*',
  'apprunner:CreateService',
  'transfer:CreateServer',
];

/** A VPN: none in the My Number zone; in the LGWAN zone only the one to LGWAN, built by the deployment role. */
const VPN_ACTIONS = [
  'ec2:CreateVpnGateway',
  'ec2:AttachVpnGateway',
  'ec2:CreateCustomerGateway',
  'ec2:CreateVpnConnection',
  'ec2:CreateVpnConnectionRoute',
  'ec2:EnableVgwRoutePropagation',
  'ec2:ModifyVpnConnection*',
  'ec2:ModifyVpnTunnel*',
  'ec2:CreateClientVpnEndpoint',
];

/** Turning audit off: only the break-glass role. */
const AUDIT_OFF_ACTIONS = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'config:StopConfigurationRecorder',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'ec2:DeleteFlowLogs',
  'route53resolver:DisassociateFirewallRuleGroup',
  'route53resolver:DeleteFirewallRuleGroup',
  'route53resolver:DisassociateResolverQueryLogConfig',
  'route53resolver:DeleteResolverQueryLogConfig',
  'network-firewall:DeleteLoggingConfiguration',
  'network-firewall:DeleteFirewall*',
];

/** Changing what audit records: only deployments (and break-glass). */
const AUDIT_CHANGE_ACTIONS = [
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'route53resolver:UpdateFirewallRuleGroupAssociation',
  'route53resolver:UpdateFirewallConfig',
  'route53resolver:UpdateFirewallRule',
  'route53resolver:DeleteFirewallRule',
  'route53resolver:UpdateFirewallDomains',
  'network-firewall:UpdateLoggingConfiguration',
  'network-firewall:UpdateFirewallPolicy',
  'network-firewall:UpdateRuleGroup',
  'network-firewall:DisassociateSubnets',
];

/** The STS calls the AWS data perimeter example confines to the organization's principals. */
const STS_IDENTITY_ACTIONS = [
  'sts:AssumeRole',
  'sts:DecodeAuthorizationMessage',
  'sts:GetAccessKeyInfo',
  'sts:GetFederationToken',
  'sts:GetServiceBearerToken',
  'sts:GetSessionToken',
  'sts:SetContext',
];

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN_PATTERN = /^arn:[a-z-]+:iam::(\d{12}|\*):role\/[\w+=,.@\-/*]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const NAME_PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/**
 * The organization guardrails of the three-layer separation, as SCPs and RCPs attached to the
 * zone OUs. Each is its own policy, so one hitting the size quota does not take the others with
 * it, and each OU gets exactly the ones that apply:
 *
 * - `JapanRegions` (SCP, every target): nothing outside Japan (7.8.b), global services exempt.
 * - `MyNumberNetwork` (SCP, My Number): no internet/NAT gateway, VPN, peering or Transit Gateway,
 *   and no endpoint that reaches the internet outside the VPC (function URLs, CloudFront, …) (7.3.a).
 * - `LgwanNetwork` (SCP, LGWAN): the same, except the VPN to LGWAN, which only the deployment roles build (7.3.b).
 * - `InternetNetwork` (SCP, internet): no internet/NAT gateway or peering of its own; out only through the security cloud (7.3.c).
 * - `AuditIntegrity` (SCP, every target): CloudTrail, Config, flow logs, DNS Firewall and query
 *   log associations, and the log archive key cannot be turned off (7.7, 10).
 * - `SanitizerRole` (SCP, LGWAN): the sanitizer's role goes only to its own function (7.3.b).
 * - `DataPerimeter` (RCP, every target): the accounts' S3, KMS and STS answer only the
 *   organization's principals, and AWS services only on the organization's behalf.
 *
 * Every SCP statement exempts the break-glass roles by `aws:PrincipalARN` (the RCP needs no
 * exemption: the break-glass role is a principal of the organization).
 */
export class ZoneGuardrails extends Construct {
  public readonly policies: GuardrailPolicy[] = [];
  public readonly breakGlassRoleArns: string[];
  public readonly deploymentRoleArns: string[];

  constructor(scope: Construct, id: string, props: ZoneGuardrailsProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    this.breakGlassRoleArns = props.breakGlassRoleArns ?? [`arn:${partition}:iam::*:role/lgsec-break-glass`];
    this.deploymentRoleArns = props.deploymentRoleArns ?? [`arn:${partition}:iam::*:role/cdk-hnb659fds-cfn-exec-role-*`];
    const regions = props.allowedRegions ?? [...JAPANESE_REGIONS];
    const prefix = props.namePrefix ?? 'lgsec';
    const { targets } = props;
    const zoneTargets = [...targets.myNumber, ...targets.lgwan, ...targets.internet];
    this.validateProps(props, { regions, prefix, zoneTargets });

    const roles: GuardrailRoles = {
      breakGlass: this.breakGlassRoleArns,
      deployers: [...this.breakGlassRoleArns, ...this.deploymentRoleArns],
    };
    const allTargets = [...zoneTargets, ...(targets.sharedServices ?? [])];
    const allZones = [Zone.MY_NUMBER, Zone.LGWAN, Zone.INTERNET, ...(targets.sharedServices?.length ? [Zone.SECURITY_CLOUD] : [])];
    const SCP = GuardrailPolicyType.SERVICE_CONTROL_POLICY;

    this.addGuardrail('JapanRegions', prefix, {
      guardrail: 'japan-regions',
      type: SCP,
      targetIds: allTargets,
      zones: allZones,
      description: 'lgsec 7.8.b: nothing is created or run outside the allowed Japanese regions; ' + 'global services exempt',
      statements: japanRegionStatements(regions, roles),
    });
    this.addGuardrail('MyNumberNetwork', prefix, {
      guardrail: 'mynumber-closed-network',
      type: SCP,
      targetIds: targets.myNumber,
      zones: [Zone.MY_NUMBER],
      description: 'lgsec 7.3.a: no internet or NAT gateway, VPN, peering or Transit Gateway in the My Number zone',
      statements: myNumberNetworkStatements(roles),
    });
    this.addGuardrail('LgwanNetwork', prefix, {
      guardrail: 'lgwan-closed-network',
      type: SCP,
      targetIds: targets.lgwan,
      zones: [Zone.LGWAN],
      description: 'lgsec 7.3.b: the LGWAN zone reaches only LGWAN, through the VPN its deployment role builds',
      statements: lgwanNetworkStatements(roles),
    });
    this.addGuardrail('InternetNetwork', prefix, {
      guardrail: 'internet-via-security-cloud',
      type: SCP,
      targetIds: targets.internet,
      zones: [Zone.INTERNET],
      description: 'lgsec 7.3.c: the internet zone has no way out of its own; it egresses through the security cloud',
      statements: internetNetworkStatements(roles),
    });
    const archiveKey =
      props.logArchiveKeyArn ?? (props.logArchiveAccountId ? `arn:${partition}:kms:*:${props.logArchiveAccountId}:key/*` : undefined);
    this.addGuardrail('AuditIntegrity', prefix, {
      guardrail: 'audit-integrity',
      type: SCP,
      targetIds: allTargets,
      zones: allZones,
      description: 'lgsec 7.7/10: CloudTrail, Config, flow logs, DNS Firewall and the log archive key stay on',
      statements: auditIntegrityStatements(archiveKey, roles),
    });
    if (props.sanitizer) {
      this.addGuardrail('SanitizerRole', prefix, {
        guardrail: 'sanitizer-role',
        type: SCP,
        targetIds: targets.lgwan,
        zones: [Zone.LGWAN],
        description: "lgsec 7.3.b: the sanitizer's role is passed only to the sanitizer function, only by deployments",
        statements: sanitizerRoleStatements(props.sanitizer, partition, roles),
      });
    }
    this.addGuardrail('DataPerimeter', prefix, {
      guardrail: 'data-perimeter',
      type: GuardrailPolicyType.RESOURCE_CONTROL_POLICY,
      targetIds: allTargets,
      zones: allZones,
      description: "lgsec 7.3/8: the zone accounts' S3, KMS and STS answer only the organization, over TLS",
      statements: dataPerimeterStatements(props.organizationId),
    });
  }

  /** One guardrail policy, named `<prefix>-<guardrail>`; none when it has no target. */
  private addGuardrail(id: string, prefix: string, guardrail: GuardrailSpec): void {
    if (guardrail.targetIds.length === 0) return;
    this.policies.push(new GuardrailPolicy(this, id, { ...guardrail, policyName: `${prefix}-${guardrail.guardrail}` }));
  }

  /** Every problem with the props (and the defaults they leave), thrown at once. */
  private validateProps(props: ZoneGuardrailsProps, resolved: { regions: string[]; prefix: string; zoneTargets: string[] }): void {
    const problems = new PropsProblems(this, 'ZoneGuardrails');
    const { regions, prefix, zoneTargets } = resolved;
    if (Token.isUnresolved(props.organizationId) || !ORGANIZATION_ID.test(props.organizationId)) {
      problems.add(`organizationId: '${props.organizationId}' is not an organization id like o-a1b2c3d4e5`);
    }
    if (this.breakGlassRoleArns.length === 0) {
      problems.add('breakGlassRoleArns: the list is empty; name the break-glass role, or an emergency could not repair a guarded account');
    }
    for (const [prop, arns] of [
      ['breakGlassRoleArns', this.breakGlassRoleArns],
      ['deploymentRoleArns', this.deploymentRoleArns],
    ] as const) {
      for (const arn of arns) {
        if (!ROLE_ARN_PATTERN.test(arn))
          problems.add(`${prop}: '${arn}' is not a role ARN pattern like arn:aws:iam::*:role/lgsec-break-glass`);
      }
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
      problems.add(`logArchiveKeyArn: '${props.logArchiveKeyArn}' is not a KMS key ARN like arn:aws:kms:ap-northeast-1:111111111111:key/…`);
    }
    if (props.sanitizer) {
      if (!/^[\w+=,.@-]{1,64}$/.test(props.sanitizer.roleName))
        problems.add(`sanitizer.roleName: '${props.sanitizer.roleName}' is not an IAM role name`);
      if (!/^[\w-]{1,64}$/.test(props.sanitizer.functionName))
        problems.add(`sanitizer.functionName: '${props.sanitizer.functionName}' is not a Lambda function name`);
    }
    if (zoneTargets.length === 0) problems.add('targets: no zone OU given; list the OUs of the My Number, LGWAN and internet accounts');
    problems.throwIfAny();
  }
}

/** A guardrail policy's props but its name, which the prefix gives. */
interface GuardrailSpec {
  /** Short kebab-case name, also the end of the policy's name. */
  readonly guardrail: string;
  readonly type: GuardrailPolicyType;
  readonly description: string;
  readonly targetIds: string[];
  readonly zones: Zone[];
  readonly statements: GuardrailStatement[];
}

/** Who the SCP statements exempt: the break-glass roles, and where deployments may act, the deployment roles. */
interface GuardrailRoles {
  readonly breakGlass: string[];
  /** The break-glass and the deployment roles. */
  readonly deployers: string[];
}

/** The condition that exempts `roles` from a statement. */
const except = (roles: string[]) => ({ ArnNotLike: { 'aws:PrincipalARN': roles } });

/** 7.8.b: nothing outside the allowed regions, global services exempt. */
function japanRegionStatements(regions: string[], roles: GuardrailRoles): GuardrailStatement[] {
  return [
    {
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: [...GLOBAL_SERVICE_ACTIONS],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': regions }, ...except(roles.breakGlass) },
    },
  ];
}

/** A closed zone's ways out of its VPCs, and endpoints that reach the internet without them. */
function closedZoneEgressStatement(sid: string, roles: GuardrailRoles): GuardrailStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Action: [...CLOSED_ZONE_EGRESS_ACTIONS, ...PUBLIC_SERVICE_ACTIONS],
    Resource: '*',
    Condition: except(roles.breakGlass),
  };
}

/** 7.3.a: no way out of the My Number zone, not even a VPN. */
function myNumberNetworkStatements(roles: GuardrailRoles): GuardrailStatement[] {
  return [
    closedZoneEgressStatement('DenyWaysOut', roles),
    { Sid: 'DenyVpn', Effect: 'Deny', Action: VPN_ACTIONS, Resource: '*', Condition: except(roles.breakGlass) },
  ];
}

/** 7.3.b: no way out of the LGWAN zone but the VPN to LGWAN, which only deployments build. */
function lgwanNetworkStatements(roles: GuardrailRoles): GuardrailStatement[] {
  return [
    closedZoneEgressStatement('DenyWaysOut', roles),
    {
      Sid: 'OnlyDeploymentsBuildTheLgwanVpn',
      Effect: 'Deny',
      Action: VPN_ACTIONS,
      Resource: '*',
      Condition: except(roles.deployers),
    },
  ];
}

/** 7.3.c: the internet zone has no way out of its own; it egresses through the security cloud. */
function internetNetworkStatements(roles: GuardrailRoles): GuardrailStatement[] {
  return [
    {
      Sid: 'DenyOwnWaysOut',
      Effect: 'Deny',
      Action: [
        'ec2:CreateInternetGateway',
        'ec2:AttachInternetGateway',
        'ec2:CreateEgressOnlyInternetGateway',
        'ec2:CreateNatGateway',
        'ec2:CreateVpcPeeringConnection',
        'ec2:AcceptVpcPeeringConnection',
        'ec2:CreateTransitGateway',
        ...VPN_ACTIONS,
        ...PUBLIC_SERVICE_ACTIONS,
      ],
      Resource: '*',
      Condition: except(roles.breakGlass),
    },
  ];
}

/** 7.7, 10: audit stays on and changes only by deployments; so does the log archive key, when known. */
function auditIntegrityStatements(archiveKey: string | undefined, roles: GuardrailRoles): GuardrailStatement[] {
  const audit: GuardrailStatement[] = [
    {
      Sid: 'DenyTurningAuditOff',
      Effect: 'Deny',
      Action: AUDIT_OFF_ACTIONS,
      Resource: '*',
      Condition: except(roles.breakGlass),
    },
    {
      Sid: 'OnlyDeploymentsChangeAudit',
      Effect: 'Deny',
      Action: AUDIT_CHANGE_ACTIONS,
      Resource: '*',
      Condition: except(roles.deployers),
    },
  ];
  if (archiveKey) {
    audit.push(
      {
        Sid: 'DenyDisablingLogArchiveKey',
        Effect: 'Deny',
        Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation'],
        Resource: archiveKey,
        Condition: except(roles.breakGlass),
      },
      {
        Sid: 'OnlyDeploymentsChangeLogArchiveKeyPolicy',
        Effect: 'Deny',
        Action: 'kms:PutKeyPolicy',
        Resource: archiveKey,
        Condition: except(roles.deployers),
      },
    );
  }
  return audit;
}

/** 7.3.b: the sanitizer's role is passed only by deployments, only to Lambda, only to its function. */
function sanitizerRoleStatements(sanitizer: SanitizerRoleGuardrail, partition: string, roles: GuardrailRoles): GuardrailStatement[] {
  const role = `arn:${partition}:iam::*:role/${sanitizer.roleName}`;
  return [
    {
      Sid: 'OnlyDeploymentsPassSanitizerRole',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: role,
      Condition: except(roles.deployers),
    },
    {
      Sid: 'SanitizerRoleOnlyToLambda',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: role,
      Condition: { StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    {
      // Where the service names the resource the role goes to, it must be the sanitizer.
      Sid: 'SanitizerRoleOnlyToItsFunction',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: role,
      Condition: {
        ArnNotLike: { 'iam:AssociatedResourceArn': `arn:${partition}:lambda:*:*:function:${sanitizer.functionName}` },
        Null: { 'iam:AssociatedResourceArn': 'false' },
      },
    },
  ];
}

/**
 * The data perimeter as in AWS's resource control policy examples: requests from outside the
 * organization are refused, and AWS services act on the accounts' resources only on behalf of
 * the organization (confused-deputy protection by aws:SourceOrgID).
 */
function dataPerimeterStatements(organizationId: string): GuardrailStatement[] {
  return [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*', 'kms:*', ...STS_IDENTITY_ACTIONS],
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
    {
      Sid: 'EnforceConfusedDeputyProtection',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*', 'kms:*', 'sts:*'],
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:SourceOrgID': organizationId },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    },
    {
      Sid: 'EnforceSecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*', 'kms:*', 'sts:*'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    },
  ];
}
