import { Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Makes a gateway endpoint's policy an allowlist: this account's principals may act on the
 * resources `resources()` returns at synthesis (the zone's buckets or tables, with their
 * objects or indexes), nothing else. With none registered the endpoint denies everything.
 * Statements added later with `addToPolicy` are kept after the allowlist.
 */
export function allowlistEndpointPolicy(endpoint: ec2.GatewayVpcEndpoint, service: 's3' | 'dynamodb', resources: () => string[]): void {
  const account = Stack.of(endpoint).account;
  const cfn = endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
  const added = (): iam.PolicyDocument | undefined => (endpoint as unknown as { policyDocument?: iam.PolicyDocument }).policyDocument;
  cfn.policyDocument = Lazy.any({
    produce: () => {
      const arns = [...new Set(resources())].flatMap((arn) => [arn, `${arn}/*`]);
      const extra = added();
      const extraStatements = extra && !extra.isEmpty ? (extra.toJSON() as { Statement: unknown[] }).Statement : [];
      const own =
        arns.length > 0
          ? [
              {
                Sid: service === 's3' ? 'OnlyThisZonesBuckets' : 'OnlyThisZonesTables',
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: `${service}:*`,
                Resource: arns,
                Condition: { StringEquals: { 'aws:PrincipalAccount': account } },
              },
            ]
          : extraStatements.length > 0
            ? []
            : [
                {
                  Sid: service === 's3' ? 'NoBucketInThisZone' : 'NoTableInThisZone',
                  Effect: 'Deny',
                  Principal: { AWS: '*' },
                  Action: `${service}:*`,
                  Resource: '*',
                },
              ];
      return { Version: '2012-10-17', Statement: [...own, ...extraStatements] };
    },
  });
}

/** Actions the zone's workloads need of an interface endpoint's service; `*` for services not listed. */
const INTERFACE_ACTIONS: Readonly<Record<string, string[]>> = {
  kms: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'],
  logs: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
  sts: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
};

/**
 * Statements of an interface endpoint in a closed zone: this account's principals, acting on
 * this account's resources (aws:ResourceAccount), with the data-plane actions of the service
 * only (no key administration through the KMS endpoint, no reading logs back out).
 */
export function interfaceEndpointStatements(scope: ec2.InterfaceVpcEndpoint, shortName: string): iam.PolicyStatement[] {
  const account = Stack.of(scope).account;
  const statements = [
    new iam.PolicyStatement({
      sid: 'OnlyThisAccountsPrincipalsAndResources',
      principals: [new iam.AnyPrincipal()],
      actions: INTERFACE_ACTIONS[shortName] ?? ['*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } },
    }),
  ];
  if (shortName === 'sts') {
    // GetCallerIdentity has no resource, so no aws:ResourceAccount; it reveals only the caller.
    statements.push(
      new iam.PolicyStatement({
        sid: 'CallerIdentityOfThisAccount',
        principals: [new iam.AnyPrincipal()],
        actions: ['sts:GetCallerIdentity'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
      }),
    );
  }
  return statements;
}
