/**
 * The security events the audit trail watches for (policy 7.7), as CloudWatch Logs filter
 * patterns over CloudTrail events. Patterns follow the CIS AWS Foundations Benchmark
 * monitoring controls, so a reviewer can compare them line by line.
 */
export interface SecurityEventDefinition {
  /** Construct id and metric name. */
  readonly id: string;
  /** What the alarm means, for its description and the notification. */
  readonly description: string;
  readonly filterPattern: string;
}

export const SECURITY_EVENTS: readonly SecurityEventDefinition[] = Object.freeze([
  {
    id: 'RootAccountUsage',
    description: 'The account root user was used (CIS 4.3).',
    filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'IamPolicyChanges',
    description: 'An IAM policy was created, changed, attached or detached (CIS 4.4).',
    filterPattern:
      '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ' +
      '($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ' +
      '($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ' +
      '($.eventName = DeletePolicyVersion) || ($.eventName = SetDefaultPolicyVersion) || ' +
      '($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ' +
      '($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
  },
  {
    id: 'CloudTrailChanges',
    description: 'A CloudTrail trail was created, changed, stopped or deleted (CIS 4.5).',
    filterPattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ' +
      '($.eventName = StartLogging) || ($.eventName = StopLogging) || ($.eventName = PutEventSelectors) }',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    description: 'An IAM user signed in to the console without MFA (CIS 4.2).',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ' +
      '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'KmsKeyDisabledOrScheduledForDeletion',
    description:
      'A KMS key was disabled, scheduled for deletion or given a new key policy: the data it encrypts may become unreadable (CIS 4.7).',
    filterPattern:
      '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || ($.eventName = PutKeyPolicy)) }',
  },
  {
    id: 'SecurityGroupChanges',
    description: 'A security group was created, changed or deleted (CIS 4.10).',
    filterPattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ' +
      '($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ' +
      '($.eventName = ModifySecurityGroupRules) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    id: 'NetworkAclChanges',
    description: 'A network ACL was created, changed or deleted (CIS 4.11).',
    filterPattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ' +
      '($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    id: 'NetworkGatewayChanges',
    description:
      'An internet, NAT, VPN, customer or transit gateway was created, attached, detached or deleted (CIS 4.12): a possible path out of a zone.',
    filterPattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ' +
      '($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ' +
      '($.eventName = DetachInternetGateway) || ($.eventName = CreateEgressOnlyInternetGateway) || ' +
      '($.eventName = CreateNatGateway) || ($.eventName = DeleteNatGateway) || ($.eventName = CreateVpnGateway) || ' +
      '($.eventName = AttachVpnGateway) || ($.eventName = CreateTransitGatewayVpcAttachment) || ($.eventName = CreateTransitGateway) }',
  },
  {
    id: 'RouteTableChanges',
    description: 'A route or route table was created, changed or deleted (CIS 4.13).',
    filterPattern:
      '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ' +
      '($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ' +
      '($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
  },
  {
    id: 'VpcChanges',
    description: 'A VPC or its peering was created, changed or deleted (CIS 4.14).',
    filterPattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ' +
      '($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ' +
      '($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ' +
      '($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ' +
      '($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    id: 'ConfigChanges',
    description: 'AWS Config recording or delivery was stopped or changed (CIS 4.9).',
    filterPattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ' +
      '($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
  },
]);
