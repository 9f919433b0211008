/**
 * The AWS managed Config rules lgsec's conformance pack deploys, each mapped to the lgsec clause
 * ids it evidences (lib/policy/CLAUSES.md) with a one-line reason, like AWS's "Operational Best
 * Practices" packs map theirs to a framework. Data in one place: the conformance pack is built
 * from it and the report shows it.
 */
export interface ConfigRuleMapping {
  /** The AWS managed rule identifier (`Source.SourceIdentifier`). */
  readonly identifier: string;
  /** The rule's name in the pack (AWS's own name for the managed rule). */
  readonly name: string;
  /** lgsec clause ids the rule evidences. */
  readonly clauses: readonly string[];
  /** Why the rule evidences those clauses, in one line. */
  readonly reason: string;
  /** Resource types the rule evaluates (its `Scope.ComplianceResourceTypes`), for rules triggered by configuration changes. */
  readonly resourceTypes?: readonly string[];
  /** Only resources with this tag (`Scope.TagKey`/`TagValue`). */
  readonly scopeTag?: { readonly key: string; readonly value: string };
  /** Input parameters, as the managed rule documents them (values are strings). */
  readonly parameters?: Readonly<Record<string, string>>;
}

export const CONFIG_RULE_MAPPING: readonly ConfigRuleMapping[] = Object.freeze<ConfigRuleMapping[]>([
  // Audit trail: 7.7, 10
  {
    identifier: 'CLOUD_TRAIL_ENABLED',
    name: 'cloudtrail-enabled',
    clauses: ['7.7', '10'],
    reason: 'A trail records every account, so actions can be audited.',
  },
  {
    identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED',
    name: 'multi-region-cloudtrail-enabled',
    clauses: ['7.7', '10'],
    reason: 'Activity in a region nobody watches is recorded too.',
  },
  {
    identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
    name: 'cloud-trail-log-file-validation-enabled',
    clauses: ['10'],
    reason: 'Digest files prove the audit logs were not altered.',
  },
  {
    identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED',
    name: 'cloud-trail-encryption-enabled',
    clauses: ['10', '7.6'],
    reason: 'Audit logs are encrypted with a customer-managed key.',
  },
  {
    identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
    name: 'cloud-trail-cloud-watch-logs-enabled',
    clauses: ['7.7'],
    reason: 'Trail events reach CloudWatch Logs, where the security alarms watch them.',
  },
  {
    identifier: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED',
    name: 'cloudtrail-s3-dataevents-enabled',
    clauses: ['7.7', '10'],
    reason: 'Object reads and writes of the buckets are recorded, not only configuration changes.',
  },
  {
    identifier: 'CLOUDTRAIL_SECURITY_TRAIL_ENABLED',
    name: 'cloudtrail-security-trail-enabled',
    clauses: ['7.7', '10'],
    reason: 'At least one trail follows the security best practices (multi-region, validated, encrypted, all management events).',
  },
  {
    identifier: 'S3_BUCKET_DEFAULT_LOCK_ENABLED',
    name: 's3-bucket-default-lock-enabled',
    clauses: ['10', '7.7'],
    reason: 'Audit-log buckets are write-once (Object Lock with a default retention).',
    resourceTypes: ['AWS::S3::Bucket'],
    scopeTag: { key: 'lgsec:purpose', value: 'audit-log' },
  },
  {
    identifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK',
    name: 'cw-loggroup-retention-period-check',
    clauses: ['7.7', '10'],
    reason: 'Logs are kept at least a year (the policy floor for audit evidence).',
    parameters: { MinRetentionTime: '365' },
  },
  {
    identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED',
    name: 'cloudwatch-log-group-encrypted',
    clauses: ['7.6', '7.7'],
    reason: 'Log groups are encrypted with a customer-managed key.',
  },
  {
    identifier: 'S3_BUCKET_LOGGING_ENABLED',
    name: 's3-bucket-logging-enabled',
    clauses: ['7.7', '10'],
    reason: 'Buckets record who read and wrote them (server access logs).',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  // Monitoring and threat detection: 7.3.c, 7.7, 6.2
  {
    identifier: 'GUARDDUTY_ENABLED_CENTRALIZED',
    name: 'guardduty-enabled-centralized',
    clauses: ['7.3.c', '7.7', '6.2'],
    reason: 'Threat detection runs in every account and region.',
  },
  {
    identifier: 'VPC_FLOW_LOGS_ENABLED',
    name: 'vpc-flow-logs-enabled',
    clauses: ['7.7', '7.3.c'],
    reason: 'Every VPC records its traffic.',
    parameters: { trafficType: 'ALL' },
  },
  {
    identifier: 'NETFW_LOGGING_ENABLED',
    name: 'netfw-logging-enabled',
    clauses: ['7.3.c', '7.7'],
    reason: "The security cloud's firewall logs what it sees.",
    resourceTypes: ['AWS::NetworkFirewall::LoggingConfiguration'],
  },
  {
    identifier: 'NETFW_DELETION_PROTECTION_ENABLED',
    name: 'netfw-deletion-protection-enabled',
    clauses: ['7.3.c'],
    reason: 'The inspection point of many municipalities cannot be deleted by accident.',
  },
  {
    identifier: 'NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS',
    name: 'netfw-policy-default-action-full-packets',
    clauses: ['7.3.c'],
    reason: 'Stateless traffic is handed to the stateful engine, never passed uninspected.',
    resourceTypes: ['AWS::NetworkFirewall::FirewallPolicy'],
    parameters: { statelessDefaultActions: 'aws:forward_to_sfe' },
  },
  {
    identifier: 'EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED',
    name: 'ec2-transit-gateway-auto-vpc-attach-disabled',
    clauses: ['7.3.c'],
    reason: 'Only attachments the prefecture has checked join the security cloud hub.',
  },
  {
    identifier: 'VPC_VPN_2_TUNNELS_UP',
    name: 'vpc-vpn-2-tunnels-up',
    clauses: ['6.5', '7.3.b'],
    reason: 'Both tunnels of the closed-network link to LGWAN are up.',
    resourceTypes: ['AWS::EC2::VPNConnection'],
  },
  // Network separation: 7.3.a, 7.3.b, 7.3.c, 7.6
  {
    identifier: 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY',
    name: 'internet-gateway-authorized-vpc-only',
    clauses: ['7.3.a', '7.3.b', '7.3.c'],
    reason: 'No internet gateway is attached to a VPC that is not authorized for one (only the security cloud).',
    resourceTypes: ['AWS::EC2::InternetGateway'],
  },
  {
    identifier: 'NO_UNRESTRICTED_ROUTE_TO_IGW',
    name: 'no-unrestricted-route-to-igw',
    clauses: ['7.3.a', '7.3.b', '7.3.c'],
    reason: 'No route table sends 0.0.0.0/0 to an internet gateway outside the inspected path.',
    resourceTypes: ['AWS::EC2::RouteTable'],
  },
  {
    identifier: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED',
    name: 'subnet-auto-assign-public-ip-disabled',
    clauses: ['7.3.a', '7.6'],
    reason: 'No subnet hands out public addresses.',
    resourceTypes: ['AWS::EC2::Subnet'],
  },
  {
    identifier: 'EC2_INSTANCE_NO_PUBLIC_IP',
    name: 'ec2-instance-no-public-ip',
    clauses: ['7.3.a', '7.6'],
    reason: 'No instance has a public address, a door to the internet.',
    resourceTypes: ['AWS::EC2::Instance'],
  },
  {
    identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
    name: 'vpc-default-security-group-closed',
    clauses: ['7.6', '6.1'],
    reason: 'Default security groups allow nothing.',
    resourceTypes: ['AWS::EC2::SecurityGroup'],
  },
  {
    identifier: 'INCOMING_SSH_DISABLED',
    name: 'restricted-ssh',
    clauses: ['7.6', '6.1'],
    reason: 'No security group admits SSH from anywhere.',
    resourceTypes: ['AWS::EC2::SecurityGroup'],
  },
  {
    identifier: 'RESTRICTED_INCOMING_TRAFFIC',
    name: 'restricted-common-ports',
    clauses: ['7.6', '6.1'],
    reason: 'No security group admits the common administration and database ports from anywhere.',
    resourceTypes: ['AWS::EC2::SecurityGroup'],
    parameters: { blockedPort1: '20', blockedPort2: '21', blockedPort3: '3389', blockedPort4: '3306', blockedPort5: '4333' },
  },
  {
    identifier: 'EC2_IMDSV2_CHECK',
    name: 'ec2-imdsv2-check',
    clauses: ['7.6', '6.1'],
    reason: 'Instances require IMDSv2, against credential theft by request forgery.',
    resourceTypes: ['AWS::EC2::Instance'],
  },
  // Data at rest and in transit: 7.2, 7.6
  {
    identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
    name: 's3-bucket-public-read-prohibited',
    clauses: ['7.6', '6.1'],
    reason: 'No bucket is readable by the public.',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  {
    identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
    name: 's3-bucket-public-write-prohibited',
    clauses: ['7.6', '6.1'],
    reason: 'No bucket is writable by the public.',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  {
    identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
    name: 's3-bucket-level-public-access-prohibited',
    clauses: ['7.6', '6.1'],
    reason: 'Every bucket blocks public access.',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  {
    identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
    name: 's3-account-level-public-access-blocks-periodic',
    clauses: ['7.6', '6.1'],
    reason: 'The account blocks public access for any bucket created later.',
  },
  {
    identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY',
    name: 's3-bucket-ssl-requests-only',
    clauses: ['7.6'],
    reason: 'Buckets refuse requests without TLS.',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  {
    identifier: 'S3_DEFAULT_ENCRYPTION_KMS',
    name: 's3-default-encryption-kms',
    clauses: ['7.2', '7.6'],
    reason: 'Buckets encrypt with KMS keys.',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  {
    identifier: 'S3_BUCKET_VERSIONING_ENABLED',
    name: 's3-bucket-versioning-enabled',
    clauses: ['7.2'],
    reason: 'Buckets keep history, so tampering and mistakes can be undone.',
    resourceTypes: ['AWS::S3::Bucket'],
  },
  {
    identifier: 'ENCRYPTED_VOLUMES',
    name: 'encrypted-volumes',
    clauses: ['7.2', '7.6'],
    reason: 'Attached EBS volumes are encrypted.',
    resourceTypes: ['AWS::EC2::Volume'],
  },
  {
    identifier: 'RDS_STORAGE_ENCRYPTED',
    name: 'rds-storage-encrypted',
    clauses: ['7.2', '7.6'],
    reason: 'Database storage is encrypted.',
    resourceTypes: ['AWS::RDS::DBInstance'],
  },
  {
    identifier: 'DB_INSTANCE_BACKUP_ENABLED',
    name: 'db-instance-backup-enabled',
    clauses: ['7.2', '6.3'],
    reason: 'Databases keep backups.',
    resourceTypes: ['AWS::RDS::DBInstance'],
  },
  {
    identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED',
    name: 'cmk-backing-key-rotation-enabled',
    clauses: ['7.6', '6.1'],
    reason: 'Customer-managed keys rotate.',
  },
  {
    identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
    name: 'kms-cmk-not-scheduled-for-deletion',
    clauses: ['10', '7.6'],
    reason: 'No key that encrypts audit logs or data is about to be deleted.',
    resourceTypes: ['AWS::KMS::Key'],
  },
  // People and privileges: 7.5, 7.6
  {
    identifier: 'IAM_ROOT_ACCESS_KEY_CHECK',
    name: 'iam-root-access-key-check',
    clauses: ['7.5'],
    reason: 'The account root has no access keys.',
  },
  {
    identifier: 'ROOT_ACCOUNT_MFA_ENABLED',
    name: 'root-account-mfa-enabled',
    clauses: ['7.5'],
    reason: 'The account root signs in with MFA.',
  },
  {
    identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
    name: 'mfa-enabled-for-iam-console-access',
    clauses: ['7.5', '7.3.a'],
    reason: 'IAM users who sign in to the console use MFA.',
  },
  {
    identifier: 'IAM_USER_MFA_ENABLED',
    name: 'iam-user-mfa-enabled',
    clauses: ['7.5'],
    reason: 'Every IAM user has MFA.',
  },
  {
    identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
    name: 'iam-policy-no-statements-with-admin-access',
    clauses: ['7.6', '6.1'],
    reason: 'No customer-managed policy allows every action on every resource.',
    resourceTypes: ['AWS::IAM::Policy'],
  },
]);

/** The managed rules mapped to a clause id. */
export function configRulesForClause(clauseId: string): ConfigRuleMapping[] {
  return CONFIG_RULE_MAPPING.filter((rule) => rule.clauses.includes(clauseId));
}
