import { Tags } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { Purpose, TAG_KEYS } from '../../policy';
import { createProtectedKey, ProtectedKeyProps } from '../../private/keys';

export type AuditKeyProps = ProtectedKeyProps;

/**
 * A key for audit logs that its own account's administrators cannot destroy (`createProtectedKey`),
 * tagged `lgsec:purpose=audit-log` so the rule pack checks it as one (LGSEC-AUDIT-KEY-ADMIN).
 */
export function createAuditKey(scope: Construct, id: string, props: AuditKeyProps): kms.Key {
  const key = createProtectedKey(scope, id, props);
  Tags.of(key).add(TAG_KEYS.purpose, Purpose.AUDIT_LOG);
  return key;
}
