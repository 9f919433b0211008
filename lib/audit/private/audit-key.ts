import { DefaultStackSynthesizer, Fn, Lazy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Purpose, TAG_KEYS } from '../../policy';
import { retainedKeyWithOwnPolicy, withoutRootFullAccess } from '../../storage/private/bucket-key';

/** What a key administrator does, deletion and disabling included (the Deny below narrows who). */
const ADMIN_ACTIONS = [
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
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];
const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
/** Actions that make every log the key encrypts unreadable. */
const DESTROY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'];

export interface AuditKeyProps {
  readonly purpose: string;
  /** Break-glass administrators: the only principals that may disable or schedule the deletion of the key. */
  readonly keyAdministrators: readonly iam.IRole[];
  /** Roles that deploy the key's stack: they may update the key and its policy, never disable or delete it. */
  readonly deploymentRoleArns?: readonly string[];
  /** Service (as in `s3`) through which principals of the account use the key. */
  readonly viaService: string;
}

/**
 * The CloudFormation execution role of the stack's default synthesizer (the CDK bootstrap's
 * `cdk-<qualifier>-cfn-exec-role-…`), or undefined under another synthesizer.
 */
function bootstrapDeploymentRoleArn(stack: Stack): string | undefined {
  const synthesizer = stack.synthesizer;
  if (!(synthesizer instanceof DefaultStackSynthesizer)) return undefined;
  const arn = synthesizer.cloudFormationExecutionRoleArn;
  return arn.includes('${') ? Fn.sub(arn) : arn;
}

/**
 * A key for audit logs that its own account's administrators cannot destroy. The account root
 * (IAM delegation: every administrator) only reads the key's metadata and uses it through one
 * service; administration is limited by `aws:PrincipalArn` to the named key administrators and
 * the deployment roles; and an explicit Deny keeps everyone but the key administrators from
 * disabling it or scheduling its deletion, and everyone but them and the deployment roles from
 * rewriting its policy.
 *
 * Trade-off: CloudFormation must be able to put the key policy on every update (and KMS refuses
 * a new policy that would lock its caller out), so the deployment role keeps kms:PutKeyPolicy.
 * Whoever can deploy this stack can therefore rewrite the policy and then disable the key; the
 * organization's SCPs (deny kms:PutKeyPolicy/DisableKey/ScheduleKeyDeletion outside the
 * pipeline) and the audit trail's KMS alarm (PutKeyPolicy, DisableKey, ScheduleKeyDeletion)
 * cover that path.
 */
export function createAuditKey(scope: Construct, id: string, props: AuditKeyProps): kms.Key {
  const stack = Stack.of(scope);
  const { key, policy } = retainedKeyWithOwnPolicy(scope, id, props.purpose);
  Tags.of(key).add(TAG_KEYS.purpose, Purpose.AUDIT_LOG);
  const root = new iam.AccountRootPrincipal();
  const admins = props.keyAdministrators.map((role) => role.roleArn);
  const deployers = [...(props.deploymentRoleArns ?? [])];
  if (props.deploymentRoleArns === undefined) {
    const bootstrap = bootstrapDeploymentRoleArn(stack);
    if (bootstrap) deployers.push(bootstrap);
  }
  const managers = [...admins, ...deployers];

  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AccountReadsKeyMetadata',
      principals: [root],
      actions: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
      resources: ['*'],
    }),
  );
  if (managers.length > 0) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NamedRolesAdministerKey',
        principals: [root],
        actions: ADMIN_ACTIONS,
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': managers } },
      }),
    );
  }
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `AccountUsesKeyVia${props.viaService.toUpperCase()}`,
      principals: [root],
      actions: USE_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': `${props.viaService}.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OnlyKeyAdministratorsDisableOrDelete',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: DESTROY_ACTIONS,
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
  const cfnKey = key.node.defaultChild as kms.CfnKey;
  cfnKey.keyPolicy = Lazy.any({ produce: () => withoutRootFullAccess(policy) });
  return key;
}
