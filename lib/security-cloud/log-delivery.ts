import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const LOG_DELIVERY = 'delivery.logs.amazonaws.com';

/**
 * Lets AWS log delivery (Network Firewall, VPC flow logs, Route 53 Resolver query logs, all
 * delivered by `delivery.logs.amazonaws.com`) write into an audit log bucket, for the bucket's
 * own account only. Written into the bucket policy here because otherwise the service edits the
 * policy itself at deploy time, behind CloudFormation's back, and the next deploy of the
 * bucket's stack removes the grant.
 *
 * Nothing is added when the bucket policy already lets log delivery write (the audit log
 * archive, `LogArchive`, grants it with its own scoping). An imported bucket's policy cannot be
 * changed from here: its owner must grant log delivery.
 */
export function allowLogDelivery(bucket: s3.IBucket): void {
  if (grantsLogDelivery(bucket)) return;
  const stack = Stack.of(bucket);
  const account = stack.account;
  const principal = new iam.ServicePrincipal(LOG_DELIVERY);
  const fromOwnAccount = {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:*:${account}:*` },
  };
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AwsLogDeliveryWrite',
      principals: [principal],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`*AWSLogs/${account}/*`)],
      conditions: { ...fromOwnAccount, StringEqualsIfExists: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AwsLogDeliveryAclCheck',
      principals: [principal],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: fromOwnAccount,
    }),
  );
  bucket.encryptionKey?.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AwsLogDeliveryEncrypt',
      principals: [principal],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: fromOwnAccount,
    }),
  );
}

/** True when the bucket's policy (built in this app) already lets log delivery put objects. */
function grantsLogDelivery(bucket: s3.IBucket): boolean {
  const document = bucket.policy?.document;
  if (!document) return false;
  const statements = (Stack.of(bucket).resolve(document.toJSON())?.Statement ?? []) as Array<Record<string, unknown>>;
  return statements.some((statement) => {
    const text = JSON.stringify(statement);
    return statement.Effect === 'Allow' && text.includes(`"${LOG_DELIVERY}"`) && text.includes('"s3:PutObject"');
  });
}
