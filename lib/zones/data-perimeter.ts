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
   * perimeter's endpoints. Requests of AWS service principals (CloudTrail, log delivery) are
   * exempt through `aws:PrincipalIsAWSService`. Requests AWS services make with a caller's
   * credentials (forward access sessions, `aws:ViaAWSService`) are exempt on `resourceArns`
   * only, so CloudFormation can manage the resource; on `dataResourceArns` and `dataActions`
   * they are denied too, so no service (Athena, Glue, …) reads the data for a caller outside.
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

  /**
   * Resources that hold the data (a bucket's objects): every action on them is denied outside
   * the perimeter, forward access sessions included.
   * @default - none
   */
  readonly dataResourceArns?: string[];

  /**
   * Actions on `resourceArns` that reveal data (listing a bucket's keys), denied outside the
   * perimeter, forward access sessions included.
   * @default - none
   */
  readonly dataActions?: string[];
}

/**
 * The statements of a zone's data perimeter, as props (a caller may render them only under a
 * condition): `s3:*` (or `options.actions`) on `resourceArns` denied outside the endpoints, with
 * forward access sessions exempt there only, so CloudFormation can manage the resource; on
 * `dataResourceArns` and for `dataActions`, denied to forward access sessions too.
 * @internal
 */
export function perimeterStatementProps(
  zoneLabel: string,
  vpcEndpointIds: string[],
  resourceArns: string[],
  options: DataPerimeterOptions = {},
): iam.PolicyStatementProps[] {
  const conditions = (exemptForwardAccess: boolean): Record<string, Record<string, unknown>> => ({
    StringNotEquals: { 'aws:SourceVpce': vpcEndpointIds },
    Bool: exemptForwardAccess
      ? { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' }
      : { 'aws:PrincipalIsAWSService': 'false' },
    ...(options.exemptPrincipalArns && options.exemptPrincipalArns.length > 0
      ? { ArnNotLike: { 'aws:PrincipalArn': options.exemptPrincipalArns } }
      : {}),
  });
  const deny = (sid: string, actions: string[], resources: string[], exemptForwardAccess: boolean): iam.PolicyStatementProps => ({
    sid,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions,
    resources,
    conditions: conditions(exemptForwardAccess),
  });
  const actions = options.actions ?? ['s3:*'];
  const statements = [deny(`DenyOutside${zoneLabel}`, actions, resourceArns, true)];
  if (options.dataResourceArns && options.dataResourceArns.length > 0) {
    statements.push(deny(`DenyDataOutside${zoneLabel}`, actions, options.dataResourceArns, false));
  }
  if (options.dataActions && options.dataActions.length > 0) {
    statements.push(deny(`DenyListingOutside${zoneLabel}`, options.dataActions, resourceArns, false));
  }
  return statements;
}
