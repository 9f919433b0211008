import { getAtt, ref, tags, zoneVpc } from './harness';

export const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const cls = (c: number, i: number, a: number, extra: Record<string, string> = {}) =>
  tags({ 'lgsec:confidentiality': String(c), 'lgsec:integrity': String(i), 'lgsec:availability': String(a), ...extra });
const retain = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
const objects = (id: string) => ({ 'Fn::Join': ['', [getAtt(id, 'Arn'), '/*']] });
export const tlsDeny = (id: string) => ({
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Resource: [getAtt(id, 'Arn'), objects(id)],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const blockAll = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
const kmsEncryption = {
  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('Key', 'Arn') } }],
};

/** A three-layer deployment written by hand (not by our constructs) that follows every control. */
export function compliantResources(): Record<string, Record<string, unknown>> {
  return {
    // It encrypts the trail: only a named role may disable it, delete it or change its policy; the root gets no kms:*.
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
            Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/KeyAdmin' } },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'],
            Resource: '*',
            Condition: {
              ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/KeyAdmin' } },
            },
          },
        ]),
      },
      ...retain,
    },
    // My Number zone: isolated, endpoints with policies, C3 database and bucket.
    ...zoneVpc('MyVpc', 'mynumber', '10.1.0.0/16'),
    MyRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('MyVpc') } },
    MyS3Endpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: ref('MyVpc'),
        ServiceName: 'com.amazonaws.ap-northeast-1.s3',
        RouteTableIds: [ref('MyRt')],
        PolicyDocument: doc([{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: objects('MyBucket') }]),
      },
    },
    MySg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'db',
        VpcId: ref('MyVpc'),
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: getAtt('MyVpc', 'CidrBlock') }],
        SecurityGroupEgress: [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32' }],
      },
    },
    MyDbSubnets: {
      Type: 'AWS::RDS::DBSubnetGroup',
      Properties: { DBSubnetGroupDescription: 'db', SubnetIds: [ref('MyVpcSubnetA'), ref('MyVpcSubnetC')] },
    },
    MyDb: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.medium',
        Tags: cls(3, 2, 2),
        StorageEncrypted: true,
        KmsKeyId: ref('Key'),
        BackupRetentionPeriod: 14,
        MultiAZ: true,
        DBSubnetGroupName: ref('MyDbSubnets'),
        VPCSecurityGroups: [getAtt('MySg', 'GroupId')],
      },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    },
    MyBucket: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        Tags: cls(3, 2, 2, { backup: 'osaka' }),
        BucketEncryption: kmsEncryption,
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: blockAll,
        LoggingConfiguration: { DestinationBucketName: ref('AccessLogs') },
      },
      ...retain,
    },
    MyBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('MyBucket'),
        PolicyDocument: doc([
          tlsDeny('MyBucket'),
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [getAtt('MyBucket', 'Arn'), objects('MyBucket')],
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': ref('MyS3Endpoint') },
              BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            },
          },
          {
            // IfExists: uploads must name aws:kms and the bucket's key (SSE-C, which sends neither, is refused too).
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: objects('MyBucket'),
            Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
          },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: objects('MyBucket'),
            Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': getAtt('Key', 'Arn') } },
          },
        ]),
      },
    },
    Vault: {
      Type: 'AWS::Backup::BackupVault',
      Properties: {
        BackupVaultName: 'tokyo',
        EncryptionKeyArn: getAtt('Key', 'Arn'),
        BackupVaultTags: { 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '1' },
      },
      ...retain,
    },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: 'dr',
          BackupPlanRule: [
            {
              RuleName: 'daily',
              TargetBackupVault: ref('Vault'),
              CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:ap-northeast-3:111111111111:backup-vault:osaka' }],
            },
          ],
        },
      },
    },
    Selection: {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: ref('Plan'),
        BackupSelection: {
          SelectionName: 'dr',
          IamRoleArn: 'arn:aws:iam::111111111111:role/backup',
          Resources: [getAtt('MyBucket', 'Arn')],
        },
      },
    },
    Operator: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Tags: tags({ 'lgsec:zone': 'mynumber' }),
        AssumeRolePolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ]),
      },
    },
    // LGWAN zone: its own Transit Gateway.
    ...zoneVpc('LgVpc', 'lgwan', '10.2.0.0/16'),
    LgTgw: {
      Type: 'AWS::EC2::TransitGateway',
      Properties: { DefaultRouteTableAssociation: 'disable', DefaultRouteTablePropagation: 'disable' },
    },
    LgAttach: {
      Type: 'AWS::EC2::TransitGatewayAttachment',
      Properties: { VpcId: ref('LgVpc'), SubnetIds: [ref('LgVpcSubnetA'), ref('LgVpcSubnetC')], TransitGatewayId: ref('LgTgw') },
    },
    LgRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('LgVpc') } },
    LgRoute: {
      Type: 'AWS::EC2::Route',
      Properties: { RouteTableId: ref('LgRt'), DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: ref('LgTgw') },
      DependsOn: 'LgAttach',
    },
    // Internet zone: default route to the security cloud.
    ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
    NetAttach: {
      Type: 'AWS::EC2::TransitGatewayVpcAttachment',
      Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetA'), ref('NetVpcSubnetC')], TransitGatewayId: ref('CloudTgw') },
    },
    NetRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('NetVpc') } },
    NetDefault: {
      Type: 'AWS::EC2::Route',
      Properties: { RouteTableId: ref('NetRt'), DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: ref('CloudTgw') },
      DependsOn: 'NetAttach',
    },
    NetDns: {
      Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
      Properties: { FirewallRuleGroupId: ref('DnsRules'), VpcId: ref('NetVpc'), Priority: 101 },
    },
    // Security cloud: IGW and NAT behind a strict Network Firewall.
    ...zoneVpc('CloudVpc', 'security-cloud', '10.100.0.0/16'),
    CloudTgw: {
      Type: 'AWS::EC2::TransitGateway',
      Properties: {
        DefaultRouteTableAssociation: 'disable',
        DefaultRouteTablePropagation: 'disable',
        Tags: tags({ 'lgsec:zone': 'security-cloud' }),
      },
    },
    Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: true } },
    CloudAttach: {
      Type: 'AWS::EC2::TransitGatewayVpcAttachment',
      Properties: {
        VpcId: ref('CloudVpc'),
        SubnetIds: [ref('CloudVpcSubnetA'), ref('CloudVpcSubnetC')],
        TransitGatewayId: ref('CloudTgw'),
      },
    },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    IgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('CloudVpc'), InternetGatewayId: ref('Igw') } },
    NatEip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('CloudVpcSubnetA'), AllocationId: getAtt('NatEip', 'AllocationId') } },
    CloudRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('CloudVpc') } },
    CloudDefault: {
      Type: 'AWS::EC2::Route',
      Properties: { RouteTableId: ref('CloudRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') },
      DependsOn: 'IgwAttach',
    },
    DnsRules: { Type: 'AWS::Route53Resolver::FirewallRuleGroup', Properties: { FirewallRules: [] } },
    CloudDns: {
      Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
      Properties: { FirewallRuleGroupId: ref('DnsRules'), VpcId: ref('CloudVpc'), Priority: 101 },
    },
    FirewallPolicy: {
      Type: 'AWS::NetworkFirewall::FirewallPolicy',
      Properties: {
        FirewallPolicyName: 'inspect',
        FirewallPolicy: {
          StatelessDefaultActions: ['aws:forward_to_sfe'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
          StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
          StatefulRuleGroupReferences: [
            {
              ResourceArn: 'arn:aws:network-firewall:ap-northeast-1:aws-managed:stateful-rulegroup/ThreatSignaturesMalwareStrictOrder',
              Priority: 1,
            },
          ],
        },
      },
    },
    Firewall: {
      Type: 'AWS::NetworkFirewall::Firewall',
      Properties: {
        FirewallName: 'inspect',
        FirewallPolicyArn: ref('FirewallPolicy'),
        VpcId: ref('CloudVpc'),
        SubnetMappings: [{ SubnetId: ref('CloudVpcSubnetA') }, { SubnetId: ref('CloudVpcSubnetC') }],
        DeleteProtection: true,
        SubnetChangeProtection: true,
        FirewallPolicyChangeProtection: true,
      },
    },
    FirewallLogs: {
      Type: 'AWS::NetworkFirewall::LoggingConfiguration',
      Properties: {
        FirewallArn: ref('Firewall'),
        LoggingConfiguration: {
          LogDestinationConfigs: [
            { LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: ref('AuditBucket') } },
            { LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: ref('AuditBucket') } },
          ],
        },
      },
    },
    LbSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'proxy',
        VpcId: ref('CloudVpc'),
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
      },
    },
    Lb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Subnets: [ref('CloudVpcSubnetA'), ref('CloudVpcSubnetC')], SecurityGroups: [ref('LbSg')] },
    },
    // Audit trail.
    AccessLogs: {
      Type: 'AWS::S3::Bucket',
      Properties: { Tags: cls(1, 2, 1), VersioningConfiguration: { Status: 'Enabled' }, PublicAccessBlockConfiguration: blockAll },
      ...retain,
    },
    AccessLogsPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('AccessLogs'),
        PolicyDocument: doc([
          tlsDeny('AccessLogs'),
          { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: objects('AccessLogs') },
        ]),
      },
    },
    AuditBucket: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        Tags: cls(2, 2, 1, { 'lgsec:purpose': 'audit-log' }),
        BucketEncryption: kmsEncryption,
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: blockAll,
        LoggingConfiguration: { DestinationBucketName: ref('AccessLogs') },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 7 } } },
      },
      ...retain,
    },
    AuditBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('AuditBucket'),
        PolicyDocument: doc([
          tlsDeny('AuditBucket'),
          { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: objects('AuditBucket') },
        ]),
      },
    },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        IsLogging: true,
        S3BucketName: ref('AuditBucket'),
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        IncludeGlobalServiceEvents: true,
        KMSKeyId: ref('Key'),
      },
      DependsOn: 'AuditBucketPolicy',
    },
    AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 731, KmsKeyId: getAtt('Key', 'Arn') }, ...retain },
    // Outsourcing: the contractor's maintenance role.
    Contractor: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::222222222222:root' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'shiojiri-maint' } },
          },
        ]),
        MaxSessionDuration: 3600,
        PermissionsBoundary: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/contractor-boundary' },
        Policies: [{ PolicyName: 'read', PolicyDocument: doc([{ Effect: 'Allow', Action: ['cloudwatch:GetMetricData'], Resource: '*' }]) }],
      },
    },
  };
}
