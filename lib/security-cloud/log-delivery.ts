import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const GRANTED = new WeakSet<s3.IBucket>();

/**
 * Lets AWS log delivery (Network Firewall, VPC flow logs, Route 53 Resolver query logs, all
 * delivered by `delivery.logs.amazonaws.com`) write into an audit log bucket, scoped to the
 * bucket's own account. Written into the bucket policy here because otherwise the service edits
 * the policy itself at deploy time, behind CloudFormation's back, and the next deploy of the
 * bucket's stack removes the grant. Returns false when the bucket's policy cannot be changed
 * from here (an imported bucket): then its owner must grant log delivery.
 */
export function allowLogDelivery(bucket: s3.IBucket): boolean {
  if (GRANTED.has(bucket)) return true;
  const account = Stack.of(bucket).account;
  const principal = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const fromOwnAccount = { StringEquals: { 'aws:SourceAccount': account } };
  const write = bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AwsLogDeliveryWrite',
    principals: [principal],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`*AWSLogs/${account}/*`)],
    conditions: { ...fromOwnAccount, StringEqualsIfExists: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AwsLogDeliveryAclCheck',
    principals: [principal],
    actions: ['s3:GetBucketAcl', 's3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: fromOwnAccount,
  }));
  bucket.encryptionKey?.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AwsLogDeliveryEncrypt',
    principals: [principal],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: fromOwnAccount,
  }));
  GRANTED.add(bucket);
  return write.statementAdded;
}
