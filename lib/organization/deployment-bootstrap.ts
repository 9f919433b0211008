import { KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from '../private/keys';
import { Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { Zone } from '../policy/zone';
import { designDecisionEntry, DESIGN_DECISIONS } from '../private/exceptions';
import { PropsProblems, ROLE_ARN } from '../private/validation';
import { JAPANESE_REGIONS } from '../storage/private/regions';
import { DEFAULT_BOOTSTRAP_QUALIFIER, DEFAULT_PIPELINE_ROLE_NAME, DEPLOYMENT_POLICY_PREFIX } from './deployment-path';
import { permissionsBoundaryStatements, PROTECTED_IAM_ACTIONS, TAGGING_ACTIONS } from './guardrail-statements';
import { serviceManagedStackSet, StackSetCaller, stackSetProblems } from './private/service-managed-stack-set';
import { EXEMPTION_TAG_KEY, Exemption, GUARDRAIL_TAG_KEYS } from './tags';

/**
 * The services lgsec's constructs deploy (zones, security cloud, storage, audit, sanitizing
 * transfer), and what CloudFormation and CDK's own custom resources need: the execution policy
 * of the deployment role and the ceiling of every role a deployment creates. Not `*`.
 */
export const DEPLOYMENT_SERVICES: readonly string[] = [
  'cloudformation:*',
  'cloudtrail:*',
  'cloudwatch:*',
  'config:*',
  'dynamodb:*',
  'ec2:*',
  'events:*',
  'guardduty:*',
  'iam:*',
  'kms:*',
  'lambda:*',
  'logs:*',
  'network-firewall:*',
  'organizations:Describe*',
  'organizations:List*',
  'ram:*',
  'route53resolver:*',
  's3:*',
  'secretsmanager:*',
  'sns:*',
  'sqs:*',
  'ssm:GetParameter*',
  'sts:AssumeRole',
  'sts:GetCallerIdentity',
];

/**
 * The version of the bootstrap resources the template claims: that of the stock CDK bootstrap
 * template it follows (`npx cdk bootstrap --show-template`), which the CDK CLI reads to decide
 * what the roles can do.
 */
export const BOOTSTRAP_VERSION = 33;

/** Options of `lgsecBootstrapTemplate`. */
export interface BootstrapTemplateOptions {
  /**
   * The only principals the deploy, publishing and lookup roles trust: the pipeline's role ARNs
   * (12-digit account, no wildcard, never an account root).
   */
  readonly trustedRoleArns: string[];
  /** @default 'hnb659fds' (CDK's default) */
  readonly qualifier?: string;
  /**
   * What deployments may do: the execution policy and the ceiling of the roles they create.
   * @default DEPLOYMENT_SERVICES
   */
  readonly deploymentServices?: string[];
  /**
   * An existing permissions boundary (a managed policy name, `${AWS::Region}` allowed) that every
   * role a deployment creates must carry, instead of the template's own workload boundary
   * (`AccountGuardrails.boundaryPolicyName` in the account form).
   * @default - the template creates `lgsec-deployment-workload-boundary-<region>`
   */
  readonly workloadBoundaryName?: string;
  /**
   * Managed policies (names) the execution role carries besides its execution policy: the
   * account form's guardrail policies (`AccountGuardrails.policyNames`), where no SCP binds it.
   * @default - none
   */
  readonly executionGuardrailPolicyNames?: string[];
}

/** Name of the permissions boundary every role a deployment creates carries (`@aws-cdk/core:permissionsBoundary`). */
export const WORKLOAD_BOUNDARY_NAME = `${DEPLOYMENT_POLICY_PREFIX}workload-boundary-\${AWS::Region}`;

const sub = (text: string) => ({ 'Fn::Sub': text });
const policyArn = (name: string) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${name}`);

/**
 * lgsec's CDK bootstrap template: what `cdk bootstrap` creates, made safe for zone accounts.
 *
 * - The deploy, file-publishing and lookup roles trust only the given pipeline roles, never an
 *   account (`--trust <tooling>` makes every administrator of the tooling account one of every zone's).
 * - CloudFormation's execution role has an execution policy of the services lgsec deploys, not
 *   AdministratorAccess, and a permissions boundary that makes every role it creates carry the
 *   workload boundary (the `--custom-permissions-boundary` of `cdk bootstrap`), and lets no
 *   deployment change the bootstrap's own roles and policies or set the exemption tag.
 * - The lookup role reads configuration, never data: no S3 objects, log events, secrets, table
 *   items or KMS decryption.
 * - No container repository (lgsec deploys no container image).
 *
 * CDK apps deployed with it set `@aws-cdk/core:permissionsBoundary` to
 * `{ "name": "lgsec-deployment-workload-boundary-${AWS::Region}" }` (WORKLOAD_BOUNDARY_NAME).
 */
export function lgsecBootstrapTemplate(options: BootstrapTemplateOptions): Record<string, unknown> {
  const q = options.qualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER;
  const services = options.deploymentServices ?? [...DEPLOYMENT_SERVICES];
  const suffix = '${AWS::AccountId}-${AWS::Region}';
  const ownWorkloadBoundary = options.workloadBoundaryName === undefined;
  const workloadBoundary = policyArn(options.workloadBoundaryName ?? WORKLOAD_BOUNDARY_NAME);
  const trust = (extra: Record<string, unknown> = {}) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyThePipeline',
        Effect: 'Allow',
        Principal: { AWS: [...options.trustedRoleArns] },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        ...extra,
      },
    ],
  });
  // The pipeline is not a contractor: it has neither MFA nor an external id to give.
  const pipelineRoleAcknowledgment = {
    lgsec: {
      acknowledgments: [designDecisionEntry('LGSEC-CROSS-ACCOUNT-ROLE', DESIGN_DECISIONS.pipelineRoleTrust)],
    },
  };
  const bootstrapRole = (kind: string, name: string, properties: Record<string, unknown>) => ({
    Type: 'AWS::IAM::Role',
    Metadata: pipelineRoleAcknowledgment,
    Properties: {
      RoleName: sub(`cdk-${q}-${name}-${suffix}`),
      AssumeRolePolicyDocument: trust(),
      MaxSessionDuration: 3600,
      PermissionsBoundary: workloadBoundary,
      ...properties,
      Tags: [{ Key: 'aws-cdk:bootstrap-role', Value: kind }],
    },
  });
  const boundary = (sid: string, requiredBoundary: unknown): object[] => [
    { Sid: sid, Effect: 'Allow', Action: services, Resource: '*' },
    ...permissionsBoundaryStatements(requiredBoundary),
    {
      Sid: 'TheBootstrapIsChangedByStackSetsOnly',
      Effect: 'Deny',
      Action: [...PROTECTED_IAM_ACTIONS],
      Resource: [
        sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/cdk-${q}-*`),
        sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${DEPLOYMENT_POLICY_PREFIX}*`),
      ],
    },
    {
      Sid: 'NoExemptionTag',
      Effect: 'Deny',
      Action: [...TAGGING_ACTIONS],
      Resource: '*',
      Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': EXEMPTION_TAG_KEY } },
    },
  ];

  const resources: Record<string, unknown> = {
    FileAssetsBucketEncryptionKey: {
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: 'lgsec CDK bootstrap: encrypts the deployment assets',
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            // Never kms:* to the root: an administrator of the account must not be able to
            // delete or re-purpose the key of the deployment assets.
            {
              Sid: 'AccountAdministers',
              Effect: 'Allow',
              Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
              Action: [...KEY_ADMIN_ACTIONS],
              Resource: '*',
            },
            {
              Sid: 'AccountUsesThroughS3',
              Effect: 'Allow',
              Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
              Action: [...KEY_USE_ACTIONS],
              Resource: '*',
              Condition: {
                StringEquals: { 'kms:ViaService': sub('s3.${AWS::Region}.amazonaws.com'), 'kms:CallerAccount': { Ref: 'AWS::AccountId' } },
              },
            },
          ],
        },
      },
    },
    FileAssetsBucketEncryptionKeyAlias: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: sub(`alias/cdk-${q}-assets-key`), TargetKeyId: { Ref: 'FileAssetsBucketEncryptionKey' } },
    },
    StagingBucket: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Metadata: {
        lgsec: {
          acknowledgments: [designDecisionEntry('LGSEC-S3-ACCESS-LOGGING', DESIGN_DECISIONS.stagingBucketAccessLogs)],
        },
      },
      Properties: {
        BucketName: sub(`cdk-${q}-assets-${suffix}`),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': ['FileAssetsBucketEncryptionKey', 'Arn'] },
              },
              BucketKeyEnabled: true,
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'CleanupOldVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 365 } },
            { Id: 'AbortIncompleteMultipartUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
          ],
        },
        Tags: [
          { Key: 'lgsec:confidentiality', Value: '2' },
          { Key: 'lgsec:integrity', Value: '2' },
          { Key: 'lgsec:availability', Value: '1' },
        ],
      },
    },
    StagingBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'StagingBucket' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowSSLRequestsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [sub('${StagingBucket.Arn}'), sub('${StagingBucket.Arn}/*')],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    FilePublishingRole: bootstrapRole('file-publishing', 'file-publishing-role', {
      Policies: [
        {
          PolicyName: 'default',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: [
                  's3:GetObject*',
                  's3:GetBucket*',
                  's3:GetEncryptionConfiguration',
                  's3:List*',
                  's3:DeleteObject*',
                  's3:PutObject*',
                  's3:Abort*',
                ],
                Resource: [sub('${StagingBucket.Arn}'), sub('${StagingBucket.Arn}/*')],
              },
              {
                Effect: 'Allow',
                Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
                Resource: { 'Fn::GetAtt': ['FileAssetsBucketEncryptionKey', 'Arn'] },
              },
            ],
          },
        },
      ],
    }),
    LookupRole: bootstrapRole('lookup', 'lookup-role', {
      Policies: [
        {
          PolicyName: 'LookupRolePolicy',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                // What `cdk synth` looks up: networks, AMIs, hosted zones, load balancers, key aliases, stack outputs.
                Sid: 'LookupConfiguration',
                Effect: 'Allow',
                Action: [
                  'cloudformation:DescribeStacks',
                  'cloudformation:ListExports',
                  'ec2:Describe*',
                  'elasticloadbalancing:Describe*',
                  'kms:DescribeKey',
                  'kms:ListAliases',
                  'route53:GetHostedZone',
                  'route53:ListHostedZones',
                  'route53:ListHostedZonesByName',
                  'ssm:GetParameter',
                ],
                Resource: '*',
              },
              { Sid: 'NeverReadData', Effect: 'Deny', Action: LOOKUP_DENIED_DATA_ACTIONS, Resource: '*' },
            ],
          },
        },
      ],
    }),
    DeploymentActionRole: bootstrapRole('deploy', 'deploy-role', {
      ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/AWSCloudFormationReadOnlyAccess')],
      Policies: [
        {
          PolicyName: 'default',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DeployPermissions',
                Effect: 'Allow',
                Action: [
                  'cloudformation:ContinueUpdateRollback',
                  'cloudformation:CreateChangeSet',
                  'cloudformation:CreateStack',
                  'cloudformation:DeleteChangeSet',
                  'cloudformation:DeleteStack',
                  'cloudformation:ExecuteChangeSet',
                  'cloudformation:RollbackStack',
                  'cloudformation:UpdateStack',
                  'cloudformation:UpdateTerminationProtection',
                ],
                Resource: sub('arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*'),
              },
              { Sid: 'PassTheExecutionRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: sub('${CloudFormationExecutionRole.Arn}') },
              { Sid: 'CliPermissions', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' },
              {
                Sid: 'CliStagingBucket',
                Effect: 'Allow',
                Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
                Resource: [sub('${StagingBucket.Arn}'), sub('${StagingBucket.Arn}/*')],
              },
              {
                Sid: 'ReadVersion',
                Effect: 'Allow',
                Action: ['ssm:GetParameter', 'ssm:GetParameters'],
                Resource: sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CdkBootstrapVersion}'),
              },
            ],
          },
        },
      ],
    }),
    CloudFormationExecutionRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: sub(`cdk-${q}-cfn-exec-role-${suffix}`),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: [{ Ref: 'ExecutionPolicy' }, ...(options.executionGuardrailPolicyNames ?? []).map(policyArn)],
        PermissionsBoundary: { Ref: 'DeploymentBoundary' },
        Tags: [
          { Key: 'aws-cdk:bootstrap-role', Value: 'cfn-exec' },
          { Key: EXEMPTION_TAG_KEY, Value: Exemption.DEPLOYMENT },
          { Key: GUARDRAIL_TAG_KEYS.guardrail, Value: 'deployment-path' },
        ],
      },
    },
    ExecutionPolicy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: sub(`${DEPLOYMENT_POLICY_PREFIX}execution-\${AWS::Region}`),
        Description: 'lgsec CDK bootstrap: what deployments may do (the services lgsec deploys)',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'DeployLgsecServices', Effect: 'Allow', Action: services, Resource: '*' }],
        },
      },
    },
    DeploymentBoundary: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: sub(`${DEPLOYMENT_POLICY_PREFIX}boundary-\${AWS::Region}`),
        Description: 'lgsec CDK bootstrap: the execution role creates only roles that carry the workload boundary',
        PolicyDocument: { Version: '2012-10-17', Statement: boundary('DeployLgsecServices', workloadBoundary) },
      },
    },
    CdkBootstrapVersion: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Type: 'String', Name: sub(`/cdk-bootstrap/${q}/version`), Value: String(BOOTSTRAP_VERSION) },
    },
  };
  if (ownWorkloadBoundary) {
    resources.WorkloadBoundary = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: sub(WORKLOAD_BOUNDARY_NAME),
        Description: 'lgsec CDK bootstrap: the ceiling of every role a deployment creates',
        PolicyDocument: { Version: '2012-10-17', Statement: boundary('UseLgsecServices', workloadBoundary) },
      },
    };
    // The roles that carry it need it first.
    for (const role of ['FilePublishingRole', 'LookupRole', 'DeploymentActionRole'])
      (resources[role] as Record<string, unknown>).DependsOn = 'WorkloadBoundary';
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `lgsec CDK bootstrap (qualifier ${q}): deployments only from the pipeline roles, least-privilege execution, bounded roles`,
    Resources: resources,
    Outputs: {
      BucketName: { Description: 'The name of the S3 bucket owned by the CDK toolkit stack', Value: sub('${StagingBucket}') },
      BucketDomainName: {
        Description: 'The domain name of the S3 bucket owned by the CDK toolkit stack',
        Value: sub('${StagingBucket.RegionalDomainName}'),
      },
      BootstrapVersion: {
        Description: 'The version of the bootstrap resources that are currently mastered in this stack',
        Value: String(BOOTSTRAP_VERSION),
      },
    },
  };
}

/** Reading data: what the lookup role is denied whatever else it is given. */
const LOOKUP_DENIED_DATA_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'kms:Decrypt',
  'logs:FilterLogEvents',
  'logs:GetLogEvents',
  'logs:GetQueryResults',
  'logs:StartLiveTail',
  'logs:StartQuery',
  's3:GetObject*',
  'secretsmanager:GetSecretValue',
  'sqs:ReceiveMessage',
];

/** The deployment pipeline's role in the deployment (tooling) accounts, assumed from GitHub Actions. */
export interface DeploymentPipelineProps {
  /** OUs of the deployment (tooling) accounts: `ZoneGuardrails`' `targets.deployment`. */
  readonly ouIds: string[];
  /** The deployment accounts: the zone accounts' bootstrap trusts exactly their pipeline role. */
  readonly accountIds: string[];
  /** The GitHub repository (`owner/name`) whose workflows deploy. */
  readonly githubRepository: string;
  /**
   * The OIDC subjects that may assume the role: which branches or environments deploy.
   * @default ['repo:<githubRepository>:environment:production']
   */
  readonly githubSubjects?: string[];
  /**
   * Create GitHub's OIDC provider in the deployment accounts (only one per account can exist).
   * @default true
   */
  readonly createOidcProvider?: boolean;
}

export interface DeploymentBootstrapProps {
  /** OUs whose accounts are bootstrapped: the zone (and shared services) OUs. */
  readonly targetOuIds: string[];
  /**
   * The roles the zone accounts' bootstrap trusts (12-digit account, no wildcard, no root).
   * @default - the pipeline role of each `pipeline.accountIds`
   */
  readonly trustedRoleArns?: string[];
  /**
   * Also create the pipeline role in the deployment accounts, by a StackSet over their OUs.
   * @default - no pipeline role; give `trustedRoleArns`
   */
  readonly pipeline?: DeploymentPipelineProps;
  /**
   * Regions bootstrapped in every account.
   * @default ['ap-northeast-1', 'ap-northeast-3']
   */
  readonly regions?: string[];
  /**
   * The bootstrap qualifier: the same as `ZoneGuardrails`' `deploymentPath.qualifier`.
   * @default 'hnb659fds'
   */
  readonly qualifier?: string;
  /**
   * The pipeline role's name: one of `ZoneGuardrails`' `deploymentPath.pipelineRoleNames`.
   * @default 'lgsec-deployment-pipeline'
   */
  readonly pipelineRoleName?: string;
  /**
   * What deployments may do.
   * @default DEPLOYMENT_SERVICES
   */
  readonly deploymentServices?: string[];
  /** @default 'SELF' */
  readonly callAs?: StackSetCaller;
  /** @default 'lgsec-cdk-bootstrap' */
  readonly stackSetName?: string;
  /**
   * The zones of `targetOuIds`, for the report.
   * @default - none named
   */
  readonly zones?: Zone[];
}

/**
 * The deployment path of the zone accounts, deployed from the management account by
 * service-managed StackSets: lgsec's CDK bootstrap (`lgsecBootstrapTemplate`) in every account of
 * the target OUs and regions, and optionally the pipeline role in the deployment accounts. Its
 * roles are created and changed only this way; the guardrails exempt only its CloudFormation
 * execution role, by the tag the StackSet gives it.
 */
export class DeploymentBootstrap extends Construct {
  public readonly stackSet: cloudformation.CfnStackSet;
  public readonly pipelineStackSet?: cloudformation.CfnStackSet;
  /** The bootstrap template every target account gets. */
  public readonly template: Record<string, unknown>;
  /** The roles the zone accounts' bootstrap trusts. */
  public readonly trustedRoleArns: string[];

  constructor(scope: Construct, id: string, props: DeploymentBootstrapProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'DeploymentBootstrap');
    const pipelineRoleName = props.pipelineRoleName ?? DEFAULT_PIPELINE_ROLE_NAME;
    const partition = Stack.of(this).partition;
    const literalPartition = Token.isUnresolved(partition) ? 'aws' : partition;
    this.trustedRoleArns =
      props.trustedRoleArns ??
      (props.pipeline?.accountIds ?? []).map((account) => `arn:${literalPartition}:iam::${account}:role/${pipelineRoleName}`);
    if (this.trustedRoleArns.length === 0)
      problems.add('trustedRoleArns: none given and no pipeline; name the pipeline roles the zone accounts trust');
    for (const arn of this.trustedRoleArns) {
      if (!ROLE_ARN.test(arn)) {
        problems.add(
          `trustedRoleArns: '${arn}' is not a role ARN with a 12-digit account; ` +
            "trusting an account root or a wildcard hands every zone to that account's administrators",
        );
      }
    }
    if (props.qualifier !== undefined && !/^[a-z0-9]{1,10}$/.test(props.qualifier)) {
      problems.add(`qualifier: '${props.qualifier}' is not a CDK bootstrap qualifier (1-10 lowercase letters and digits)`);
    }
    if (!/^[\w+=,.@-]{1,64}$/.test(pipelineRoleName)) problems.add(`pipelineRoleName: '${pipelineRoleName}' is not an IAM role name`);
    const regions = props.regions ?? [...JAPANESE_REGIONS];
    this.template = lgsecBootstrapTemplate({
      trustedRoleArns: this.trustedRoleArns,
      qualifier: props.qualifier,
      deploymentServices: props.deploymentServices,
    });
    const bootstrap = {
      stackSetName: props.stackSetName ?? 'lgsec-cdk-bootstrap',
      description: 'lgsec: the CDK bootstrap of the zone accounts, created and changed only by this StackSet of the management account',
      template: this.template,
      organizationalUnitIds: props.targetOuIds,
      regions,
      callAs: props.callAs ?? 'SELF',
      guardrail: 'deployment-path',
      zones: props.zones,
    };
    problems.addAll(stackSetProblems(bootstrap));
    const pipeline = props.pipeline
      ? {
          stackSetName: `${bootstrap.stackSetName}-pipeline`,
          description: 'lgsec: the deployment pipeline role, created and changed only by this StackSet of the management account',
          template: pipelineTemplate(props.pipeline, pipelineRoleName, props.qualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER),
          organizationalUnitIds: props.pipeline.ouIds,
          // IAM is global: one region.
          regions: regions.slice(0, 1),
          callAs: props.callAs ?? 'SELF',
          guardrail: 'deployment-path',
        }
      : undefined;
    if (props.pipeline && pipeline) {
      problems.addAll(stackSetProblems(pipeline, 'pipeline.'));
      if (!/^[\w.-]+\/[\w.-]+$/.test(props.pipeline.githubRepository)) {
        problems.add(`pipeline.githubRepository: '${props.pipeline.githubRepository}' is not a repository like owner/name`);
      }
      for (const subject of props.pipeline.githubSubjects ?? []) {
        if (!subject.startsWith(`repo:${props.pipeline.githubRepository}:`) || subject.includes('*')) {
          problems.add(
            `pipeline.githubSubjects: '${subject}' must name one branch or environment ` +
              `of repo:${props.pipeline.githubRepository}, not a wildcard`,
          );
        }
      }
      for (const account of props.pipeline.accountIds) {
        if (!/^\d{12}$/.test(account)) problems.add(`pipeline.accountIds: '${account}' is not a 12-digit account id`);
      }
    }
    problems.throwIfAny();
    this.stackSet = serviceManagedStackSet(this, 'Resource', bootstrap);
    if (pipeline) this.pipelineStackSet = serviceManagedStackSet(this, 'Pipeline', pipeline);
  }
}

/** The pipeline role of a deployment account: assumed by one repository's deploying workflows, it assumes the zones' bootstrap roles. */
function pipelineTemplate(pipeline: DeploymentPipelineProps, roleName: string, qualifier: string): Record<string, unknown> {
  const provider = 'token.actions.githubusercontent.com';
  const subjects = pipeline.githubSubjects ?? [`repo:${pipeline.githubRepository}:environment:production`];
  const resources: Record<string, unknown> = {
    PipelineRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: roleName,
        Description: 'lgsec deployment pipeline: assumed by the deploying workflows, assumes the zone accounts bootstrap roles',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OnlyTheDeployingWorkflows',
              Effect: 'Allow',
              Principal: { Federated: sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${provider}`) },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { [`${provider}:aud`]: 'sts.amazonaws.com', [`${provider}:sub`]: subjects },
              },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'AssumeZoneBootstrapRoles',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['sts:AssumeRole', 'sts:TagSession'],
                  Resource: ['deploy', 'file-publishing', 'lookup'].map((kind) =>
                    sub(`arn:\${AWS::Partition}:iam::*:role/cdk-${qualifier}-${kind}-role-*`),
                  ),
                },
              ],
            },
          },
        ],
        Tags: [{ Key: GUARDRAIL_TAG_KEYS.guardrail, Value: 'deployment-path' }],
      },
    },
  };
  if (pipeline.createOidcProvider ?? true) {
    resources.GitHubOidcProvider = {
      Type: 'AWS::IAM::OIDCProvider',
      Properties: { Url: `https://${provider}`, ClientIdList: ['sts.amazonaws.com'] },
    };
    (resources.PipelineRole as Record<string, unknown>).DependsOn = 'GitHubOidcProvider';
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'lgsec: the deployment pipeline role (created and changed only by a StackSet of the management account)',
    Resources: resources,
    Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['PipelineRole', 'Arn'] } } },
  };
}
