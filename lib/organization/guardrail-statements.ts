import { Zone } from '../policy/zone';
import type { GuardrailStatement } from './guardrail-policy';
import { EXEMPTION_TAG_KEY, Exemption } from './tags';

/**
 * The guardrails' statements, built once for both forms: the organization's SCPs (ZoneGuardrails)
 * and the account's IAM policies and permissions boundary (AccountGuardrails). A statement is the
 * same text in both, so the two cannot drift: SCPs and identity policies read the same condition
 * keys, and a principal exempt in one is exempt in the other.
 */

type Condition = Record<string, Record<string, string | string[]>>;

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

/**
 * The services a closed zone (My Number, LGWAN) uses: what lgsec's zone, storage, audit and
 * sanitizing-transfer constructs deploy and call, what CloudFormation deployments and Session
 * Manager need, and the read-only services of operations. Every other service is denied.
 */
export const CLOSED_ZONE_SERVICES: readonly string[] = [
  'access-analyzer:*',
  'cloudformation:*',
  'cloudtrail:*',
  'cloudwatch:*',
  'config:*',
  'dynamodb:*',
  'ec2:*',
  'ec2messages:*',
  'events:*',
  'guardduty:*',
  'health:*',
  'iam:*',
  'kms:*',
  'lambda:*',
  'logs:*',
  'organizations:Describe*',
  'organizations:List*',
  'route53resolver:*',
  's3:*',
  'secretsmanager:*',
  'securityhub:*',
  'sns:*',
  'sqs:*',
  'ssm:*',
  'ssmmessages:*',
  'sts:*',
  'support:*',
  'tag:*',
];

/**
 * The AWS services a closed zone may reach through VPC endpoints (`com.amazonaws.<region>.<name>`):
 * those of CLOSED_ZONE_SERVICES that have one.
 */
export const CLOSED_ZONE_ENDPOINT_SERVICES: readonly string[] = [
  'dynamodb',
  'ec2',
  'ec2messages',
  'events',
  'kms',
  'lambda',
  'logs',
  'monitoring',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'ssm',
  'ssmmessages',
  'sts',
];

/** Ways out of a closed zone's VPCs: internet, NAT, other VPCs and networks, published services. */
const CLOSED_ZONE_EGRESS_ACTIONS = [
  'ec2:AcceptTransitGatewayPeeringAttachment',
  'ec2:AcceptTransitGatewayVpcAttachment',
  'ec2:AcceptVpcPeeringConnection',
  'ec2:AttachInternetGateway',
  'ec2:CreateCarrierGateway',
  'ec2:CreateEgressOnlyInternetGateway',
  'ec2:CreateInternetGateway',
  'ec2:CreateLocalGatewayRouteTableVpcAssociation',
  'ec2:CreateNatGateway',
  'ec2:CreateTransitGateway',
  'ec2:CreateTransitGatewayPeeringAttachment',
  'ec2:CreateTransitGatewayVpcAttachment',
  'ec2:CreateVpcEndpointServiceConfiguration',
  'ec2:CreateVpcPeeringConnection',
];

/**
 * Ways around any VPC, in every zone: a default VPC (it comes with an internet gateway), a
 * function URL or distribution in front of the zone, VPC Lattice, Verified Access, Cloud WAN,
 * Direct Connect, and services that run compute with their own network.
 */
const AROUND_THE_VPC_ACTIONS = [
  'apprunner:CreateService',
  'cloudfront:CreateDistribution*',
  'directconnect:*',
  'ec2:CreateDefaultSubnet',
  'ec2:CreateDefaultVpc',
  'ec2:CreateVerifiedAccess*',
  'globalaccelerator:Create*',
  'lambda:CreateFunctionUrlConfig',
  'lambda:UpdateFunctionUrlConfig',
  'lightsail:Create*',
  'networkmanager:*',
  'transfer:CreateServer',
  'vpc-lattice:*',
];

/** A VPN: none in the My Number zone; in the LGWAN zone only the one to LGWAN, built by deployments. */
const VPN_ACTIONS = [
  'ec2:AttachVpnGateway',
  'ec2:CreateClientVpnEndpoint',
  'ec2:CreateCustomerGateway',
  'ec2:CreateVpnConnection',
  'ec2:CreateVpnConnectionRoute',
  'ec2:CreateVpnGateway',
  'ec2:EnableVgwRoutePropagation',
  'ec2:ModifyVpnConnection*',
  'ec2:ModifyVpnTunnel*',
];

/** Resource policies, endpoint policies and ACLs: a closed zone's perimeter, changed only by deployments. */
const PERIMETER_ACTIONS = [
  'dynamodb:PutResourcePolicy',
  'ec2:CreateVpcEndpoint',
  'ec2:ModifyVpcEndpoint',
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  'lambda:AddPermission',
  'logs:PutResourcePolicy',
  's3:CreateAccessPoint*',
  's3:DeleteBucketPolicy',
  's3:PutAccessPointPolicy*',
  's3:PutBucketAcl',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  'secretsmanager:PutResourcePolicy',
  'sns:AddPermission',
  'sns:SetTopicAttributes',
  'sqs:AddPermission',
  'sqs:SetQueueAttributes',
];

/** Turning audit off: only break-glass. */
const AUDIT_OFF_ACTIONS = [
  'cloudtrail:DeleteEventDataStore',
  'cloudtrail:DeleteTrail',
  'cloudtrail:StopEventDataStoreIngestion',
  'cloudtrail:StopLogging',
  'config:Delete*',
  'config:Stop*',
  'ec2:DeleteFlowLogs',
  'guardduty:Delete*',
  'guardduty:Disassociate*',
  'guardduty:StopMonitoringMembers',
  'kms:DeleteImportedKeyMaterial',
  'kms:DisableKey*',
  'kms:ScheduleKeyDeletion',
  'logs:DeleteLogGroup',
  'network-firewall:DeleteFirewall*',
  'network-firewall:DeleteLoggingConfiguration',
  'network-firewall:DeleteRuleGroup',
  'route53resolver:DeleteFirewallRuleGroup',
  'route53resolver:DeleteResolverQueryLogConfig',
  'route53resolver:DisassociateFirewallRuleGroup',
  'route53resolver:DisassociateResolverQueryLogConfig',
  'securityhub:Disable*',
  'securityhub:Disassociate*',
];

/**
 * Changing what audit records or who hears of it: only deployments. CloudTrail, AWS Config, DNS
 * Firewall and query logging, Network Firewall, Transit Gateway routing, and the alarm plumbing
 * (log groups and their metric filters, alarms, EventBridge rules, SNS topics, GuardDuty).
 */
const AUDIT_CHANGE_ACTIONS = [
  'cloudtrail:Create*',
  'cloudtrail:Put*',
  'cloudtrail:Update*',
  'cloudwatch:DeleteAlarms',
  'cloudwatch:Disable*',
  'cloudwatch:Put*Alarm',
  'config:Put*',
  'ec2:AcceptTransitGateway*',
  'ec2:AssociateTransitGateway*',
  'ec2:CreateTransitGateway*',
  'ec2:DeleteTransitGateway*',
  'ec2:DisableTransitGateway*',
  'ec2:DisassociateTransitGateway*',
  'ec2:EnableTransitGateway*',
  'ec2:ModifyTransitGateway*',
  'ec2:RejectTransitGateway*',
  'ec2:ReplaceTransitGateway*',
  'events:Delete*',
  'events:Disable*',
  'events:PutPermission',
  'events:PutRule',
  'events:PutTargets',
  'events:Remove*',
  'guardduty:Create*',
  'guardduty:Update*',
  'logs:AssociateKmsKey',
  'logs:Delete*Policy',
  'logs:DeleteMetricFilter',
  'logs:DeleteSubscriptionFilter',
  'logs:DisassociateKmsKey',
  'logs:Put*Policy',
  'logs:PutMetricFilter',
  'logs:PutSubscriptionFilter',
  'network-firewall:Associate*',
  'network-firewall:Create*',
  'network-firewall:Delete*',
  'network-firewall:Disassociate*',
  'network-firewall:Put*',
  'network-firewall:Update*',
  'route53resolver:Associate*',
  'route53resolver:Create*',
  'route53resolver:Delete*',
  'route53resolver:Disassociate*',
  'route53resolver:Import*',
  'route53resolver:Put*',
  'route53resolver:Update*',
  'sns:DeleteTopic',
  'sns:RemovePermission',
  'sns:Set*Attributes',
  'sns:Unsubscribe',
];

/**
 * IAM changes, which could blind the trail and AWS Config through their roles or hand out a
 * zone's access: only deployments (and StackSets from the management account).
 */
const IAM_CHANGE_ACTIONS = [
  'iam:AddRoleToInstanceProfile',
  'iam:Attach*',
  'iam:CreatePolicy*',
  'iam:CreateRole',
  'iam:Delete*',
  'iam:Detach*',
  'iam:Put*',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:SetDefaultPolicyVersion',
  'iam:Update*',
];

/** Long-lived credentials and foreign identity providers: people come in through federation with MFA (7.5). */
const CREDENTIAL_ACTIONS = [
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateOpenIDConnectProvider',
  'iam:CreateSAMLProvider',
  'iam:CreateServiceSpecificCredential',
  'iam:CreateUser',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:UpdateSAMLProvider',
  'iam:UploadSSHPublicKey',
  'iam:UploadSigningCertificate',
];

/**
 * Every change to a protected role or policy. On a role or policy ARN these wildcards match only
 * the actions on that resource type; reading and assuming it stay possible.
 */
export const PROTECTED_IAM_ACTIONS: readonly string[] = [
  'iam:AddRoleToInstanceProfile',
  'iam:Attach*',
  'iam:Create*',
  'iam:Delete*',
  'iam:Detach*',
  'iam:Put*',
  'iam:SetDefaultPolicyVersion',
  'iam:Tag*',
  'iam:Untag*',
  'iam:Update*',
];

/**
 * Deploying: CloudFormation runs an existing stack's update with the role it was deployed with
 * (the exempt execution role) without asking for `iam:PassRole`, and new code runs with its
 * function's role. Only the deployment path does either.
 */
const DEPLOYING_ACTIONS = [
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:CreateChangeSet',
  'cloudformation:CreateStack*',
  'cloudformation:DeleteStack*',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:RollbackStack',
  'cloudformation:SetStackPolicy',
  'cloudformation:UpdateStack*',
  'cloudformation:UpdateTerminationProtection',
  'lambda:UpdateFunctionCode',
];

/** Setting the exemption tag on a role, a user or a session. */
export const TAGGING_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:TagRole',
  'iam:TagUser',
  'iam:UntagRole',
  'iam:UntagUser',
  'sts:TagSession',
];

/** The STS calls AWS's data perimeter examples confine to known principals. */
const STS_IDENTITY_ACTIONS = [
  'sts:AssumeRole',
  'sts:DecodeAuthorizationMessage',
  'sts:GetAccessKeyInfo',
  'sts:GetFederationToken',
  'sts:GetServiceBearerToken',
  'sts:GetSessionToken',
  'sts:SetContext',
  'sts:SetSourceIdentity',
  'sts:TagSession',
];

/** Services with resource control policies whose resources the zones keep data in. */
export const PERIMETER_SERVICES: readonly string[] = ['dynamodb:*', 'kms:*', 'logs:*', 's3:*', 'secretsmanager:*', 'sqs:*'];

/** The role that service-managed StackSets of the management account deploy with in every member account. */
export const STACK_SETS_EXECUTION_ROLE_NAME = 'stacksets-exec-*';

/** Who the guardrails exempt and which roles and policies they keep out of every account administrator's reach. */
export interface GuardrailPrincipals {
  readonly partition: string;
  /** Names of the break-glass roles (created only by StackSets, tagged `lgsec:exemption=break-glass`). */
  readonly breakGlassRoleNames: readonly string[];
  /** Names of the deployment roles (CloudFormation's execution role, tagged `lgsec:exemption=deployment`). */
  readonly deploymentRoleNames: readonly string[];
  /** Names of the roles that may pass the deployment roles to CloudFormation (the bootstrap's deploy role). */
  readonly deploymentPasserRoleNames: readonly string[];
  /** Other roles whose trust decides who deploys (lookup, publishing, pipeline): changed only by StackSets. */
  readonly protectedRoleNames: readonly string[];
  /** Managed policies of the deployment path (execution policy, permissions boundaries): changed only by StackSets. */
  readonly protectedPolicyNames: readonly string[];
}

const list = (values: readonly string[]): string | string[] => (values.length === 1 ? values[0] : [...values]);

const roleArns = (principals: GuardrailPrincipals, names: readonly string[]): string[] =>
  names.map((name) => `arn:${principals.partition}:iam::*:role/${name}`);

const policyArns = (principals: GuardrailPrincipals, names: readonly string[]): string[] =>
  names.map((name) => `arn:${principals.partition}:iam::*:policy/${name}`);

const stackSetsRole = (principals: GuardrailPrincipals): string => roleArns(principals, [STACK_SETS_EXECUTION_ROLE_NAME])[0];

/** Conditions of a statement merged operator by operator; a key set twice is a bug. */
export function mergeConditions(...conditions: Condition[]): Condition {
  const out: Condition = {};
  for (const condition of conditions) {
    for (const [operator, block] of Object.entries(condition)) {
      const merged = (out[operator] ??= {});
      for (const [key, value] of Object.entries(block)) {
        if (key in merged) throw new Error(`condition key ${key} set twice under ${operator}`);
        merged[key] = value;
      }
    }
  }
  return out;
}

/**
 * The condition under which a Deny applies to everyone but the principals tagged with one of
 * `kinds` (and, with `stackSets`, the management account's StackSets).
 */
export function exceptFor(kinds: readonly Exemption[], principals: GuardrailPrincipals, stackSets = false): Condition {
  return {
    StringNotEquals: { [`aws:PrincipalTag/${EXEMPTION_TAG_KEY}`]: list(kinds) },
    ...(stackSets ? { ArnNotLike: { 'aws:PrincipalARN': stackSetsRole(principals) } } : {}),
  };
}

const BREAK_GLASS = [Exemption.BREAK_GLASS];
const DEPLOYERS = [Exemption.BREAK_GLASS, Exemption.DEPLOYMENT];

/** 7.8.b: nothing outside the allowed regions, global services exempt. */
export function regionStatements(regions: readonly string[], principals: GuardrailPrincipals): GuardrailStatement[] {
  return [
    {
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: [...GLOBAL_SERVICE_ACTIONS],
      Resource: '*',
      Condition: mergeConditions({ StringNotEquals: { 'aws:RequestedRegion': [...regions] } }, exceptFor(BREAK_GLASS, principals)),
    },
  ];
}

/**
 * The guardrails' own protection: an exemption is a tag only StackSets of the management account
 * set, valid only on the role names it belongs to; those roles, the StackSets' own role and the
 * deployment path's policies change only through StackSets; nobody leaves the organization.
 */
export function exemptionProtectionStatements(principals: GuardrailPrincipals): GuardrailStatement[] {
  const tag = `aws:PrincipalTag/${EXEMPTION_TAG_KEY}`;
  const stackSets = { ArnNotLike: { 'aws:PrincipalARN': stackSetsRole(principals) } };
  const deployRoles = roleArns(principals, principals.deploymentPasserRoleNames);
  // Every role whose trust decides who is exempt or who deploys, and the platform's.
  const trusted = withoutCovered([
    ...principals.breakGlassRoleNames,
    ...principals.deploymentRoleNames,
    ...principals.deploymentPasserRoleNames,
    ...principals.protectedRoleNames,
  ]);
  return [
    {
      // A break-glass tag on any other role (a session tag, a forged tag) takes everything away.
      Sid: 'BreakGlassTagOnlyOnBreakGlassRoles',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        StringEquals: { [tag]: Exemption.BREAK_GLASS },
        ArnNotLike: { 'aws:PrincipalARN': roleArns(principals, principals.breakGlassRoleNames) },
      },
    },
    {
      Sid: 'DeploymentTagOnlyOnDeploymentRoles',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        StringEquals: { [tag]: Exemption.DEPLOYMENT },
        ArnNotLike: { 'aws:PrincipalARN': roleArns(principals, principals.deploymentRoleNames) },
      },
    },
    {
      Sid: 'OnlyStackSetsSetTheExemptionTag',
      Effect: 'Deny',
      Action: [...TAGGING_ACTIONS],
      Resource: '*',
      Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': EXEMPTION_TAG_KEY }, ...stackSets },
    },
    {
      Sid: 'OnlyStackSetsChangeExemptRoles',
      Effect: 'Deny',
      Action: [...PROTECTED_IAM_ACTIONS],
      Resource: [...roleArns(principals, trusted), ...policyArns(principals, principals.protectedPolicyNames)],
      Condition: stackSets,
    },
    {
      // Created by the StackSets service-linked role, which SCPs do not govern: nobody else may touch it.
      Sid: 'NobodyChangesTheStackSetsRole',
      Effect: 'Deny',
      Action: [...PROTECTED_IAM_ACTIONS, 'iam:PassRole'],
      Resource: stackSetsRole(principals),
    },
    {
      // Passed to a service, such a role would hand its rights to whoever runs there.
      Sid: 'OnlyTheDeployRolePassesTrustedRoles',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: roleArns(principals, trusted),
      Condition: { ArnNotLike: { 'aws:PrincipalARN': deployRoles } },
    },
    {
      Sid: 'DeploymentRoleOnlyToCloudFormation',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: roleArns(principals, principals.deploymentRoleNames),
      Condition: { StringNotEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
    },
    {
      Sid: 'OnlyTheDeploymentPathDeploys',
      Effect: 'Deny',
      Action: DEPLOYING_ACTIONS,
      Resource: '*',
      Condition: {
        StringNotEquals: { [tag]: [...DEPLOYERS] },
        ArnNotLike: { 'aws:PrincipalARN': [...deployRoles, stackSetsRole(principals)] },
      },
    },
    { Sid: 'NobodyLeavesTheOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
  ];
}

/** Names (patterns) less those another pattern of the list already matches, in their order. */
function withoutCovered(names: readonly string[]): string[] {
  const unique = [...new Set(names)];
  return unique.filter((name) => !unique.some((other) => other !== name && other.includes('*') && globRegExp(other).test(name)));
}

/** 7.5: no IAM users, access keys or foreign identity providers; people come in through federation with MFA. */
export function credentialStatements(principals: GuardrailPrincipals): GuardrailStatement[] {
  return [
    {
      Sid: 'NoLongLivedCredentials',
      Effect: 'Deny',
      Action: CREDENTIAL_ACTIONS,
      Resource: '*',
      Condition: exceptFor(BREAK_GLASS, principals, true),
    },
  ];
}

/** Where the log archive is, for the statements that keep it out of its own account's reach. */
export interface LogArchiveGuardrail {
  /** The log archive's KMS keys (ARN patterns). */
  readonly keyArns: readonly string[];
  /** The log archive's buckets (name patterns). */
  readonly bucketNames: readonly string[];
}

/**
 * 7.7, 10: audit stays on (only break-glass turns it off) and changes only by deployments: the
 * trail, AWS Config, flow logs, DNS Firewall and query logging, Network Firewall, Transit Gateway
 * routing, the alarm plumbing, the roles that deliver logs, and the log archive's bucket and key.
 */
export function auditIntegrityStatements(principals: GuardrailPrincipals, archive?: LogArchiveGuardrail): GuardrailStatement[] {
  const statements: GuardrailStatement[] = [
    { Sid: 'DenyTurningAuditOff', Effect: 'Deny', Action: AUDIT_OFF_ACTIONS, Resource: '*', Condition: exceptFor(BREAK_GLASS, principals) },
    {
      Sid: 'OnlyDeploymentsChangeAudit',
      Effect: 'Deny',
      Action: AUDIT_CHANGE_ACTIONS,
      Resource: '*',
      Condition: exceptFor(DEPLOYERS, principals),
    },
    {
      Sid: 'OnlyDeploymentsChangeIam',
      Effect: 'Deny',
      Action: IAM_CHANGE_ACTIONS,
      Resource: '*',
      Condition: exceptFor(DEPLOYERS, principals, true),
    },
  ];
  if (archive && (archive.bucketNames.length > 0 || archive.keyArns.length > 0)) {
    statements.push({
      // Replacing the archive's bucket policy would stop every account's delivery without a sound.
      Sid: 'OnlyDeploymentsChangeLogArchive',
      Effect: 'Deny',
      Action: [
        'kms:CreateGrant',
        'kms:PutKeyPolicy',
        's3:DeleteBucket*',
        's3:PutBucket*',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycle*',
        's3:PutReplication*',
      ],
      Resource: [...archive.bucketNames.map((name) => `arn:${principals.partition}:s3:::${name}`), ...archive.keyArns],
      Condition: exceptFor(DEPLOYERS, principals),
    });
  }
  return statements;
}

/** The network guardrails of one zone's accounts. */
export interface ZoneNetworkGuardrail {
  readonly zone: Zone.MY_NUMBER | Zone.LGWAN | Zone.INTERNET;
  /** Closed zones: the services (IAM action patterns) the zone may use at all. */
  readonly allowedServices: readonly string[];
  /** Names of the AWS services (`com.amazonaws.<region>.<name>`) a closed zone may have VPC endpoints to. */
  readonly endpointServices: readonly string[];
}

/**
 * 7.3: a zone's accounts have no way out of their VPCs but the ones the policy allows. Closed
 * zones (My Number 7.3.a, LGWAN 7.3.b) are allowlists: only the zone's services, only endpoints to
 * the listed AWS services, no compute outside a VPC, no gateway, peering or Transit Gateway; the
 * LGWAN zone's VPN to LGWAN is built by deployments only, the My Number zone has none. The
 * internet zone (7.3.c) has no way out of its own: it egresses through the security cloud.
 */
export function zoneNetworkStatements(guardrail: ZoneNetworkGuardrail, principals: GuardrailPrincipals): GuardrailStatement[] {
  const breakGlass = exceptFor(BREAK_GLASS, principals);
  const deployers = exceptFor(DEPLOYERS, principals);
  const endpoint = `arn:${principals.partition}:ec2:*:*:vpc-endpoint/*`;
  const common: GuardrailStatement[] = [
    {
      Sid: 'DenyApiGatewayVpcLinks',
      Effect: 'Deny',
      Action: ['apigateway:PATCH', 'apigateway:POST', 'apigateway:PUT'],
      Resource: `arn:${principals.partition}:apigateway:*::/vpclinks*`,
      Condition: breakGlass,
    },
    {
      // Gateway Load Balancer and PrivateLink services of other accounts are ways out.
      Sid: 'DenyEndpointsToOtherAccounts',
      Effect: 'Deny',
      Action: ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
      Resource: endpoint,
      Condition: mergeConditions({ StringNotEquals: { 'ec2:VpceServiceOwner': 'amazon' } }, breakGlass),
    },
    {
      // CloudFormation's custom resources run outside any VPC; only deployments create them.
      Sid: 'DenyComputeOutsideVpc',
      Effect: 'Deny',
      Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration'],
      Resource: '*',
      Condition: mergeConditions({ Null: { 'lambda:VpcIds': 'true' } }, deployers),
    },
  ];
  if (guardrail.zone === Zone.INTERNET) {
    return [
      {
        Sid: 'DenyOwnWaysOut',
        Effect: 'Deny',
        Action: [
          'ec2:AcceptVpcPeeringConnection',
          'ec2:AttachInternetGateway',
          'ec2:CreateCarrierGateway',
          'ec2:CreateEgressOnlyInternetGateway',
          'ec2:CreateInternetGateway',
          'ec2:CreateNatGateway',
          'ec2:CreateTransitGateway',
          'ec2:CreateVpcPeeringConnection',
          ...VPN_ACTIONS,
          ...AROUND_THE_VPC_ACTIONS,
        ],
        Resource: '*',
        Condition: breakGlass,
      },
      {
        // The one attachment, to the security cloud's Transit Gateway, is deployed.
        Sid: 'OnlyDeploymentsAttachTransitGateways',
        Effect: 'Deny',
        Action: ['ec2:CreateTransitGatewayVpcAttachment', 'ec2:ModifyTransitGatewayVpcAttachment'],
        Resource: '*',
        Condition: deployers,
      },
      ...common,
    ];
  }
  const lgwan = guardrail.zone === Zone.LGWAN;
  return [
    {
      Sid: 'DenyServicesOutsideZone',
      Effect: 'Deny',
      NotAction: [...guardrail.allowedServices],
      Resource: '*',
      Condition: breakGlass,
    },
    {
      Sid: 'DenyWaysOut',
      Effect: 'Deny',
      Action: [...CLOSED_ZONE_EGRESS_ACTIONS, ...AROUND_THE_VPC_ACTIONS, ...(lgwan ? [] : VPN_ACTIONS)],
      Resource: '*',
      Condition: breakGlass,
    },
    ...(lgwan
      ? [{ Sid: 'OnlyDeploymentsBuildTheLgwanVpn', Effect: 'Deny' as const, Action: VPN_ACTIONS, Resource: '*', Condition: deployers }]
      : []),
    {
      Sid: 'OnlyListedEndpointServices',
      Effect: 'Deny',
      Action: ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
      Resource: endpoint,
      Condition: mergeConditions(
        { StringNotLike: { 'ec2:VpceServiceName': guardrail.endpointServices.map((name) => `com.amazonaws.*.${name}`) } },
        breakGlass,
      ),
    },
    { Sid: 'OnlyDeploymentsChangePerimeters', Effect: 'Deny', Action: PERIMETER_ACTIONS, Resource: '*', Condition: deployers },
    ...common,
  ];
}

/** The sanitizer's execution role, which only its own function may be given. */
export interface SanitizerRoleGuardrail {
  /** Name of the sanitizer's IAM role (its path-less name). */
  readonly roleName: string;
  /** Name of the sanitizer's Lambda function. */
  readonly functionName: string;
}

/** 7.3.b: the sanitizer's role is passed only by deployments, only to Lambda, only to its function. */
export function sanitizerRoleStatements(sanitizer: SanitizerRoleGuardrail, principals: GuardrailPrincipals): GuardrailStatement[] {
  const role = roleArns(principals, [sanitizer.roleName])[0];
  return [
    {
      Sid: 'OnlyDeploymentsPassSanitizerRole',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: role,
      Condition: exceptFor(DEPLOYERS, principals),
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
        ArnNotLike: { 'iam:AssociatedResourceArn': `arn:${principals.partition}:lambda:*:*:function:${sanitizer.functionName}` },
        Null: { 'iam:AssociatedResourceArn': 'false' },
      },
    },
  ];
}

/** Who may reach a zone's data, for its data perimeter. */
export interface DataPerimeterGuardrail {
  readonly organizationId: string;
  /**
   * The zone's OUs: principals (and services acting for accounts) under them are admitted.
   * Empty for an organization-wide perimeter (shared services, deployment).
   */
  readonly zoneOuIds: readonly string[];
  /** OUs whose principals may also assume the zone's roles (the deployment pipeline). */
  readonly assumeRoleOuIds: readonly string[];
  /** Accounts whose principals may also assume the zone's roles (the management and identity accounts). */
  readonly assumeRoleAccountIds: readonly string[];
  /** Roles of other OUs admitted to the zone's data, each pinned to its OUs (the sanitizing transfer's writer). */
  readonly admittedRoles: readonly { readonly roleNames: readonly string[]; readonly ouIds: readonly string[] }[];
}

const orgPaths = (organizationId: string, ouIds: readonly string[]): string[] => ouIds.map((ou) => `${organizationId}/*/${ou}/*`);

/**
 * The data perimeter as in AWS's resource control policy examples, per zone: the zone accounts'
 * S3, KMS, SQS, CloudWatch Logs, DynamoDB and Secrets Manager answer only principals of the
 * zone's own OUs (its roles only them, the deployment pipeline and the management account), AWS
 * services only on the zone's behalf, and only over TLS. Without zone OUs, the organization.
 */
export function dataPerimeterStatements(perimeter: DataPerimeterGuardrail, partition: string): GuardrailStatement[] {
  const { organizationId } = perimeter;
  const zoneWide = perimeter.zoneOuIds.length > 0;
  const notService = { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } };
  const notAmongZone = (ouIds: readonly string[]): Condition =>
    zoneWide
      ? { 'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': orgPaths(organizationId, ouIds) } }
      : { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId } };
  const admittedNames = perimeter.admittedRoles.flatMap((admitted) => admitted.roleNames);
  const admittedArns = admittedNames.map((name) => `arn:${partition}:iam::*:role/${name}`);
  const statements: GuardrailStatement[] = [
    {
      Sid: 'EnforceZoneIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: [...PERIMETER_SERVICES],
      Resource: '*',
      Condition: mergeConditions(
        notAmongZone(perimeter.zoneOuIds),
        notService,
        admittedArns.length > 0 ? { ArnNotLike: { 'aws:PrincipalARN': admittedArns } } : {},
      ),
    },
  ];
  // An admitted role name is admitted only from its own OUs: the name alone admits nobody.
  perimeter.admittedRoles.forEach((admitted, i) => {
    statements.push({
      Sid: `AdmittedRole${i + 1}OnlyFromItsOus`,
      Effect: 'Deny',
      Principal: '*',
      Action: [...PERIMETER_SERVICES],
      Resource: '*',
      Condition: {
        ArnLike: { 'aws:PrincipalARN': admitted.roleNames.map((name) => `arn:${partition}:iam::*:role/${name}`) },
        'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': orgPaths(organizationId, admitted.ouIds) },
      },
    });
  });
  statements.push({
    Sid: 'EnforceZoneRoleTrust',
    Effect: 'Deny',
    Principal: '*',
    Action: STS_IDENTITY_ACTIONS,
    Resource: '*',
    Condition: mergeConditions(
      notAmongZone([...perimeter.zoneOuIds, ...perimeter.assumeRoleOuIds]),
      zoneWide && perimeter.assumeRoleAccountIds.length > 0
        ? { StringNotEqualsIfExists: { 'aws:PrincipalAccount': [...perimeter.assumeRoleAccountIds] } }
        : {},
      notService,
    ),
  });
  statements.push({
    Sid: 'EnforceConfusedDeputyProtection',
    Effect: 'Deny',
    Principal: '*',
    Action: [...PERIMETER_SERVICES, 'sts:*'],
    Resource: '*',
    Condition: {
      StringNotEqualsIfExists: { 'aws:SourceOrgID': organizationId },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    },
  });
  if (zoneWide) {
    statements.push({
      Sid: 'ServicesOnlyForTheZone',
      Effect: 'Deny',
      Principal: '*',
      Action: [...PERIMETER_SERVICES, 'sts:*'],
      Resource: '*',
      Condition: {
        'ForAnyValue:StringNotLike': { 'aws:SourceOrgPaths': orgPaths(organizationId, perimeter.zoneOuIds) },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    });
  }
  statements.push({
    Sid: 'EnforceSecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: [...PERIMETER_SERVICES, 'sts:*'],
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  });
  return statements;
}

/**
 * Every role and user carries `boundaryArn` as its permissions boundary, and nobody removes it,
 * so a role cannot do more than the one that created it. With `principals`, break-glass is exempt
 * (the account form's policies); without, nobody is (a boundary's own statements).
 */
export function permissionsBoundaryStatements(boundaryArn: unknown, principals?: GuardrailPrincipals): GuardrailStatement[] {
  const exempt = principals ? exceptFor(BREAK_GLASS, principals) : {};
  return [
    {
      Sid: 'EveryRoleCarriesTheBoundary',
      Effect: 'Deny',
      Action: [
        'iam:AttachRolePolicy',
        'iam:AttachUserPolicy',
        'iam:CreateRole',
        'iam:CreateUser',
        'iam:DetachRolePolicy',
        'iam:DetachUserPolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:PutUserPermissionsBoundary',
        'iam:PutUserPolicy',
      ],
      Resource: '*',
      Condition: mergeConditions({ StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn as string } }, exempt),
    },
    {
      Sid: 'NobodyRemovesTheBoundary',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
      Resource: '*',
      ...(principals ? { Condition: exempt } : {}),
    },
  ];
}

/**
 * What the roles deployments create (functions, instances, CloudFormation's custom resources) do
 * in a zone account: the data plane of the zone's services, the network interfaces of functions
 * in a VPC, Session Manager's agent, and reading configuration. The ceiling of the account form's
 * permissions boundary; never a gateway, a role or an audit setting.
 */
export const WORKLOAD_ACTIONS: readonly string[] = [
  'cloudwatch:Describe*',
  'cloudwatch:Get*',
  'cloudwatch:List*',
  'cloudwatch:PutMetricData',
  'dynamodb:*Item',
  'dynamodb:Describe*',
  'dynamodb:Query',
  'dynamodb:Scan',
  'ec2:*NetworkInterface*',
  'ec2:*PrivateIpAddresses',
  'ec2:*SecurityGroup*',
  'ec2:DeleteInternetGateway',
  'ec2:DeleteSubnet',
  'ec2:DeleteVpc',
  'ec2:Describe*',
  'ec2:DetachInternetGateway',
  'ec2messages:*',
  'events:PutEvents',
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
  'lambda:GetFunction*',
  'lambda:InvokeFunction',
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:Describe*',
  'logs:PutLogEvents',
  's3:*Object*',
  's3:*MultipartUpload*',
  's3:GetBucketLocation',
  's3:List*',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'sns:Publish',
  'sqs:*Message*',
  'sqs:GetQueue*',
  'ssm:Describe*',
  'ssm:Get*',
  'ssm:List*',
  'ssm:PutComplianceItems',
  'ssm:PutInventory',
  'ssm:UpdateAssociationStatus',
  'ssm:UpdateInstance*',
  'ssmmessages:*',
  'sts:AssumeRole',
  'sts:GetCallerIdentity',
];

const globRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

/** True when some action matches both patterns (`service:Name*`; `*` and `?` anywhere). */
export function actionsMayOverlap(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  const [serviceA, nameA = ''] = a.toLowerCase().split(':');
  const [serviceB, nameB = ''] = b.toLowerCase().split(':');
  if (serviceA !== serviceB) return false;
  // Do two globs share a string? Walk both; a star may take any part of the other (`?` counts as a star: errs towards yes).
  const x = nameA.replace(/\?/g, '*');
  const y = nameB.replace(/\?/g, '*');
  const seen = new Map<string, boolean>();
  const meet = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = seen.get(key);
    if (known !== undefined) return known;
    seen.set(key, false);
    let result = false;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i] === '*') result = meet(i + 1, j) || (j < y.length && meet(i, j + 1));
    else if (j < y.length && y[j] === '*') result = meet(i, j + 1) || (i < x.length && meet(i + 1, j));
    else if (i < x.length && j < y.length && x[i] === y[j]) result = meet(i + 1, j + 1);
    seen.set(key, result);
    return result;
  };
  return meet(0, 0);
}

/** True when every action `pattern` matches, `covering` matches too (its wildcards read as text in `pattern`). */
function actionCovers(covering: string, pattern: string): boolean {
  return covering === '*' || globRegExp(covering).test(pattern);
}

/**
 * The same statements as a permissions boundary for roles that carry no exemption tag (or, with
 * `exemption`, that one): the statements that exempt such roles go; exemption conditions, the
 * binding of tags to names and the StackSets' exception go (a bounded role is none of those);
 * denied actions that `allowed` does not allow anyway go; the denials left without a condition
 * merge into one; and the Allow of `allowed` comes first, which makes a Deny of every other
 * service unnecessary.
 */
export function asBoundaryStatements(
  statements: readonly GuardrailStatement[],
  allowed: readonly string[],
  exemption?: Exemption,
): GuardrailStatement[] {
  const tagKey = `aws:PrincipalTag/${EXEMPTION_TAG_KEY}`;
  const isAllowed = (action: string) => allowed.some((pattern) => actionsMayOverlap(action, pattern));
  const kept: GuardrailStatement[] = [];
  const merged = new Set<string>();
  for (const statement of statements) {
    if (statement.Effect !== 'Deny') continue;
    const condition: Condition = {};
    let drop = false;
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) {
        if (key === tagKey) {
          if (operator === 'StringEquals') drop = true;
          else if (exemption && (Array.isArray(value) ? value : [value]).includes(exemption)) drop = true;
          continue;
        }
        if (key === 'aws:PrincipalARN' && operator === 'ArnNotLike' && String(value).endsWith(`:role/${STACK_SETS_EXECUTION_ROLE_NAME}`))
          continue;
        (condition[operator] ??= {})[key] = value;
      }
    }
    if (drop) continue;
    const hasCondition = Object.keys(condition).length > 0;
    if (statement.NotAction !== undefined) {
      const notAction = typeof statement.NotAction === 'string' ? [statement.NotAction] : statement.NotAction;
      // A Deny of every service but these cannot touch what `allowed` allows when they cover it.
      if (!hasCondition && statement.Resource === '*' && allowed.every((a) => notAction.some((n) => actionCovers(n, a)))) continue;
      kept.push(hasCondition ? { ...withoutCondition(statement), Condition: condition } : withoutCondition(statement));
      continue;
    }
    const actions = (typeof statement.Action === 'string' ? [statement.Action] : (statement.Action ?? [])).filter(isAllowed);
    if (actions.length === 0) continue;
    if (!hasCondition && statement.Resource === '*') {
      actions.forEach((action) => merged.add(action));
      continue;
    }
    kept.push({ ...withoutCondition(statement), Action: actions, ...(hasCondition ? { Condition: condition } : {}) });
  }
  // An action a wildcard of the same list already denies says nothing more.
  const denied = [...merged].filter((action) => ![...merged].some((other) => other !== action && actionCovers(other, action)));
  return [
    { Sid: 'AllowTheZoneServices', Effect: 'Allow', Action: [...allowed], Resource: '*' },
    ...(denied.length > 0 ? [{ Sid: 'DenyWhatTheGuardrailsDeny', Effect: 'Deny' as const, Action: denied.sort(), Resource: '*' }] : []),
    ...kept,
  ];
}

function withoutCondition(statement: GuardrailStatement): GuardrailStatement {
  const copy: { -readonly [K in keyof GuardrailStatement]: GuardrailStatement[K] } = { ...statement };
  delete copy.Condition;
  return copy;
}
