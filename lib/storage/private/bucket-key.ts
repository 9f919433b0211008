import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
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

export interface LeastPrivilegeKeyProps {
  /** What the key protects, for its description. */
  readonly purpose: string;
  /** Service (as in `s3`, `sns`) through which principals of this account may use the key. */
  readonly viaService: string;
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
 * privilege: the account administers it, and principals of the account (given IAM permission)
 * use it only through one AWS service of its region. aws-cdk-lib always adds `kms:*` for the
 * account root; that statement is left out of the rendered policy.
 */
export function createLeastPrivilegeKey(scope: Construct, id: string, props: LeastPrivilegeKeyProps): kms.Key {
  const stack = Stack.of(scope);
  const { key, policy } = retainedKeyWithOwnPolicy(scope, id, props.purpose, props.aliasName);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AccountAdministersKey',
      principals: [new iam.AccountRootPrincipal()],
      actions: KEY_ADMIN_ACTIONS,
      resources: ['*'],
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `AccountUsesKeyVia${props.viaService.toUpperCase()}`,
      principals: [new iam.AccountRootPrincipal()],
      actions: KEY_USE_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:ViaService': `${props.viaService}.${props.region ?? stack.region}.amazonaws.com`,
          'kms:CallerAccount': stack.account,
        },
      },
    }),
  );
  const cfnKey = key.node.defaultChild as kms.CfnKey;
  cfnKey.keyPolicy = Lazy.any({ produce: () => withoutRootFullAccess(policy) });
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
