import type { GuardrailPrincipals } from './guardrail-statements';

/** The CDK bootstrap qualifier CDK apps use unless they choose another. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The break-glass role's name unless another is given. */
export const DEFAULT_BREAK_GLASS_ROLE_NAME = 'lgsec-break-glass';

/** The pipeline role of the deployment (tooling) accounts unless another is given. */
export const DEFAULT_PIPELINE_ROLE_NAME = 'lgsec-deployment-pipeline';

/**
 * Prefix of the deployment path's managed policies (execution policy, permissions boundaries)
 * in every guarded account; the guardrails let only StackSets change them.
 */
export const DEPLOYMENT_POLICY_PREFIX = 'lgsec-deployment-';

/** How the deployment path is named: the bootstrap qualifier and the pipeline's roles. */
export interface DeploymentPathOptions {
  /**
   * The CDK bootstrap qualifier (`cdk bootstrap --qualifier`, the synthesizer's `qualifier`).
   * @default 'hnb659fds' (CDK's default)
   */
  readonly qualifier?: string;
  /**
   * Names of the pipeline roles in the deployment (tooling) accounts: the only principals the zone
   * accounts' deploy, publishing and lookup roles trust. Changed only by StackSets.
   * @default ['lgsec-deployment-pipeline']
   */
  readonly pipelineRoleNames?: string[];
}

/** The roles of a CDK bootstrap with this qualifier, by what they do (names as ARN patterns, account and region `*`). */
export function bootstrapRoleNames(qualifier: string): {
  readonly execution: string;
  readonly deploy: string;
  readonly lookup: string;
  readonly filePublishing: string;
  readonly imagePublishing: string;
  /** Every role of the bootstrap. */
  readonly all: string;
} {
  return {
    all: `cdk-${qualifier}-*`,
    execution: `cdk-${qualifier}-cfn-exec-role-*`,
    deploy: `cdk-${qualifier}-deploy-role-*`,
    lookup: `cdk-${qualifier}-lookup-role-*`,
    filePublishing: `cdk-${qualifier}-file-publishing-role-*`,
    imagePublishing: `cdk-${qualifier}-image-publishing-role-*`,
  };
}

/** The principals the guardrails exempt and protect, for break-glass roles and a deployment path. */
export function guardrailPrincipals(
  partition: string,
  breakGlassRoleNames: readonly string[],
  path: DeploymentPathOptions = {},
): GuardrailPrincipals {
  const roles = bootstrapRoleNames(path.qualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER);
  return {
    partition,
    breakGlassRoleNames,
    deploymentRoleNames: [roles.execution],
    deploymentPasserRoleNames: [roles.deploy],
    // Every role of the bootstrap (lookup and publishing roles, the two above too) and the pipeline's.
    protectedRoleNames: [roles.all, ...(path.pipelineRoleNames ?? [DEFAULT_PIPELINE_ROLE_NAME])],
    protectedPolicyNames: [`${DEPLOYMENT_POLICY_PREFIX}*`],
  };
}
