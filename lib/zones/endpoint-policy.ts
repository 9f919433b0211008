import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * The endpoint policy statement of every VPC endpoint a zone gets: only principals of this
 * account, and (for S3 and DynamoDB, which know `aws:ResourceAccount`) only resources of this
 * account, so an endpoint cannot carry data to another account's bucket or table.
 */
export function accountScopedEndpointStatement(
  scope: IConstruct,
  options: { actions: string[]; resourceAccountToo: boolean },
): iam.PolicyStatement {
  const account = Stack.of(scope).account;
  return new iam.PolicyStatement({
    sid: options.resourceAccountToo ? 'OnlyThisAccountsPrincipalsAndResources' : 'OnlyThisAccountsPrincipals',
    principals: [new iam.AnyPrincipal()],
    actions: options.actions,
    resources: ['*'],
    conditions: {
      StringEquals: options.resourceAccountToo
        ? { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account }
        : { 'aws:PrincipalAccount': account },
    },
  });
}

/** Construct id of an interface endpoint under a zone's VPC (`kms` → `KmsEndpoint`), shared so constructs reuse each other's. */
export function interfaceEndpointId(shortName: string): string {
  return `${shortName
    .split(/[^a-zA-Z0-9]/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('')}Endpoint`;
}
