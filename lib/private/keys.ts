import { DefaultStackSynthesizer, Duration, Fn, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * Key administration for the account, without cryptographic use and without
 * `kms:ScheduleKeyDeletion`: deleting a key destroys every object it encrypts, so it takes a
 * deliberate key-policy change first (which CloudTrail records and the audit trail alarms on).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:CancelKeyDeletion',
];

export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** Reading a key's metadata: what the account's IAM administrators need to see the key, and nothing more. */
const KEY_READ_ACTIONS = ['kms:Describe*', 'kms:Get*', 'kms:List*'];

/** Actions that make every object a key encrypts unreadable. */
const KEY_DESTROY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'];

export interface LeastPrivilegeKeyProps {
  /** What the key protects, for its description. */
  readonly purpose: string;
  /** Services (as in `s3`, `sns`) through which principals of this account may use the key. */
  readonly viaService: string | readonly string[];
  /**
   * Region of that service endpoint.
   * @default - the key's own region
   */
  readonly region?: string;
  /** @default - no alias */
  readonly aliasName?: string;
}

/**
 * A customer-managed key with rotation, kept when its stack is deleted, whose policy is least
 * privilege: the account administers it (never `kms:*`, never deletion), and principals of the
 * account (given IAM permission) use it only through the listed AWS services of its region.
 * aws-cdk-lib always adds `kms:*` for the account root; that statement is left out of the
 * rendered policy.
 */
export function createLeastPrivilegeKey(scope: Construct, id: string, props: LeastPrivilegeKeyProps): kms.Key {
  const { key, policy } = retainedKeyWithOwnPolicy(scope, id, props.purpose, props.aliasName);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AccountAdministersKey',
      principals: [new iam.AccountRootPrincipal()],
      actions: KEY_ADMIN_ACTIONS,
      resources: ['*'],
    }),
  );
  key.addToResourcePolicy(accountUseStatement(Stack.of(scope), props.viaService, props.region));
  renderWithoutRootFullAccess(key, policy);
  return key;
}

export interface ProtectedKeyProps {
  /** What the key protects, for its description. */
  readonly purpose: string;
  /** Services (as in `s3`, `logs`) through which principals of this account use the key. */
  readonly viaService: string | readonly string[];
  /** Break-glass administrators: the only principals that may disable or schedule the deletion of the key. */
  readonly keyAdministrators: readonly iam.IRole[];
  /**
   * Roles that deploy the key's stack: they may update the key and its policy, never disable or delete it.
   * @default - the CloudFormation execution role of the stack's DefaultStackSynthesizer
   */
  readonly deploymentRoleArns?: readonly string[];
}

/**
 * The CloudFormation execution role of the stack's default synthesizer (the CDK bootstrap's
 * `cdk-<qualifier>-cfn-exec-role-…`), or undefined under another synthesizer.
 */
export function bootstrapDeploymentRoleArn(stack: Stack): string | undefined {
  const synthesizer = stack.synthesizer;
  if (!(synthesizer instanceof DefaultStackSynthesizer)) return undefined;
  const arn = synthesizer.cloudFormationExecutionRoleArn;
  return arn.includes('${') ? Fn.sub(arn) : arn;
}

/** The roles that may manage a protected key: the key administrators, then the deployment roles. */
export function keyManagers(scope: Construct, props: Pick<ProtectedKeyProps, 'keyAdministrators' | 'deploymentRoleArns'>): string[] {
  const deployers = [...(props.deploymentRoleArns ?? [])];
  if (props.deploymentRoleArns === undefined) {
    const bootstrap = bootstrapDeploymentRoleArn(Stack.of(scope));
    if (bootstrap) deployers.push(bootstrap);
  }
  return [...props.keyAdministrators.map((role) => role.roleArn), ...deployers];
}

/**
 * A key its own account's administrators cannot destroy. The account root (IAM delegation:
 * every administrator) only reads the key's metadata and uses it through the listed services;
 * administration is limited by `aws:PrincipalArn` to the named key administrators and the
 * deployment roles; and an explicit Deny keeps everyone but the key administrators from
 * disabling it or scheduling its deletion, and everyone but them and the deployment roles from
 * rewriting its policy.
 *
 * Trade-off: CloudFormation must be able to put the key policy on every update (and KMS refuses
 * a new policy that would lock its caller out), so the deployment role keeps kms:PutKeyPolicy.
 * Whoever can deploy the stack can therefore rewrite the policy and then disable the key; the
 * organization's SCPs and the security alarms (PutKeyPolicy, DisableKey, ScheduleKeyDeletion)
 * cover that path. Callers make sure there is at least one manager (`keyManagers`): without one,
 * KMS refuses the policy.
 */
export function createProtectedKey(scope: Construct, id: string, props: ProtectedKeyProps): kms.Key {
  const stack = Stack.of(scope);
  const { key, policy } = retainedKeyWithOwnPolicy(scope, id, props.purpose);
  const root = new iam.AccountRootPrincipal();
  const admins = props.keyAdministrators.map((role) => role.roleArn);
  const managers = keyManagers(scope, props);

  key.addToResourcePolicy(
    new iam.PolicyStatement({ sid: 'AccountReadsKeyMetadata', principals: [root], actions: KEY_READ_ACTIONS, resources: ['*'] }),
  );
  if (managers.length > 0) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NamedRolesAdministerKey',
        principals: [root],
        actions: [...KEY_ADMIN_ACTIONS, 'kms:ScheduleKeyDeletion'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': managers } },
      }),
    );
  }
  key.addToResourcePolicy(accountUseStatement(stack, props.viaService));
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OnlyKeyAdministratorsDisableOrDelete',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: KEY_DESTROY_ACTIONS,
      resources: ['*'],
      ...(admins.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': admins } } } : {}),
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OnlyKeyAdministratorsAndDeploymentsChangePolicy',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:PutKeyPolicy'],
      resources: ['*'],
      ...(managers.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': managers } } } : {}),
    }),
  );
  renderWithoutRootFullAccess(key, policy);
  return key;
}

/**
 * A rotated key, kept when its stack is deleted, whose rendered policy is `policy` alone (the
 * callers add its statements; see `withoutRootFullAccess`).
 */
export function retainedKeyWithOwnPolicy(
  scope: Construct,
  id: string,
  purpose: string,
  aliasName?: string,
): { key: kms.Key; policy: iam.PolicyDocument } {
  const policy = new iam.PolicyDocument();
  const key = new kms.Key(scope, id, {
    policy,
    description: `lgsec: encrypts ${purpose}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
    alias: aliasName,
  });
  return { key, policy };
}

/** aws-cdk-lib adds an unconditioned `kms:*` for the account root to every key policy; it is left out here. */
export function withoutRootFullAccess(policy: iam.PolicyDocument): unknown {
  const rendered = policy.toJSON() as { Statement: Array<Record<string, unknown>> };
  return {
    ...rendered,
    Statement: rendered.Statement.filter(
      (s) => !(s.Effect === 'Allow' && s.Action === 'kms:*' && s.Resource === '*' && s.Condition === undefined),
    ),
  };
}

function renderWithoutRootFullAccess(key: kms.Key, policy: iam.PolicyDocument): void {
  const cfnKey = key.node.defaultChild as kms.CfnKey;
  cfnKey.keyPolicy = Lazy.any({ produce: () => withoutRootFullAccess(policy) });
}

/** Principals of this account (given IAM permission) use the key only through these services of its region. */
function accountUseStatement(stack: Stack, viaService: string | readonly string[], region?: string): iam.PolicyStatement {
  const services = typeof viaService === 'string' ? [viaService] : [...viaService];
  const endpoints = services.map((service) => `${service}.${region ?? stack.region}.amazonaws.com`);
  return new iam.PolicyStatement({
    sid: `AccountUsesKeyVia${services.map((s) => s.toUpperCase()).join('And')}`,
    principals: [new iam.AccountRootPrincipal()],
    actions: KEY_USE_ACTIONS,
    resources: ['*'],
    conditions: {
      StringEquals: {
        'kms:ViaService': endpoints.length === 1 ? endpoints[0] : endpoints,
        'kms:CallerAccount': stack.account,
      },
    },
  });
}
