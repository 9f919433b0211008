import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What AWSLambdaVPCAccessExecutionRole grants, as a statement of a function's own role: the
 * managed policy would also grant writing to every log group, where ours write only to their own.
 * These EC2 actions take no resource scope.
 */
export function lambdaVpcAccessStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AttachToVpc',
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    resources: ['*'],
  });
}
