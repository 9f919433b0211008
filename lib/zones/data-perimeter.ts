import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A data perimeter: requests to a resource must arrive through these VPC endpoints. A
 * `MyNumberZone` is one; `AuditedBucket` of confidentiality 3 applies it to its bucket policy.
 */
export interface IDataPerimeter {
  /** Ids of the VPC endpoints that requests must arrive through (`aws:SourceVpce`). */
  readonly vpcEndpointIds: string[];
  /**
   * Statements for a resource-based policy that deny every request not arriving through the
   * perimeter's endpoints. Requests made by AWS services on the resource's behalf (replication,
   * CloudTrail, log delivery) are exempt through `aws:PrincipalIsAWSService`/`aws:ViaAWSService`.
   */
  denyOutsidePerimeterStatements(resourceArns: string[], options?: DataPerimeterOptions): iam.PolicyStatement[];
}

export interface DataPerimeterOptions {
  /**
   * Principals (role ARNs) exempt from the perimeter, for example a replication role.
   * @default - none
   */
  readonly exemptPrincipalArns?: string[];

  /**
   * Actions the deny covers; use the service's wildcard of the resource policy it goes into.
   * @default ['s3:*']
   */
  readonly actions?: string[];
}
