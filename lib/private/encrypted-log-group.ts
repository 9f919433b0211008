import { ArnFormat, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Purpose, TAG_KEYS } from '../policy/tags';
import { createLeastPrivilegeKey, createProtectedKey, keyManagers } from './keys';

/** The retention floor of the policy's log controls (lib/policy/CONTROLS.md, line 38). */
export const MIN_LOG_RETENTION_DAYS = 365;

export interface EncryptedLogGroupProps {
  /** @default RetentionDays.ONE_YEAR */
  readonly retention?: logs.RetentionDays;
  /**
   * @default - a new customer-managed key with rotation that the account's administrators cannot
   * disable or delete, administered only by the stack's deployment role (`createProtectedKey`);
   * under a synthesizer whose deployment role is unknown, one the account administers
   */
  readonly encryptionKey?: kms.IKey;
  /** What the key protects, for its description. */
  readonly purpose: string;
}

/**
 * A key for logs (evidence: flow, DNS query, trail logs) that the account's administrators cannot
 * disable or delete, which would stop delivery and make what was kept unreadable. When the role
 * that deploys the stack is unknown (another synthesizer), nobody could be named to administer
 * it, so the account administers it (never kms:*, never deletion).
 */
function logKey(scope: Construct, purpose: string): kms.Key {
  const keyPurpose = { purpose, viaService: 'logs' };
  if (keyManagers(scope, { keyAdministrators: [] }).length === 0) return createLeastPrivilegeKey(scope, 'Key', keyPurpose);
  const key = createProtectedKey(scope, 'Key', { ...keyPurpose, keyAdministrators: [] });
  Tags.of(key).add(TAG_KEYS.purpose, Purpose.AUDIT_LOG);
  return key;
}

/**
 * A CloudWatch log group that satisfies the policy's log controls: KMS-encrypted with a
 * customer-managed key whose policy lets this region's CloudWatch Logs use it for log groups of
 * this account only, at least a year of retention, and kept when the stack goes.
 */
export class EncryptedLogGroup extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const retention = props.retention ?? logs.RetentionDays.ONE_YEAR;
    if (!Token.isUnresolved(retention) && retention !== logs.RetentionDays.INFINITE && retention < MIN_LOG_RETENTION_DAYS) {
      throw new Error(
        `Invalid log retention at '${this.node.path}': ${retention} days is below the policy's floor of ${MIN_LOG_RETENTION_DAYS} days (7.7); use RetentionDays.ONE_YEAR or longer.`,
      );
    }
    const stack = Stack.of(this);
    this.encryptionKey = props.encryptionKey ?? logKey(this, props.purpose);
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      retention,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The key policy must exist before CloudWatch Logs is asked to use the key.
    if (this.encryptionKey instanceof kms.Key) {
      this.logGroup.node.addDependency(this.encryptionKey);
    }
  }
}
