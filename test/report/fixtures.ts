/**
 * A hand-built check run over four realistic templates (My Number, LGWAN, internet zone, the
 * prefecture's security cloud), with every status, an acknowledgment whose reason tries to inject
 * markup, a rule without applicable resources and a rule citing an unknown clause.
 */
import type { CheckRun, RuleInfo, RuleResultRecord, RuleStatus } from '../../rules/results';
import type { TemplateInput } from '../../lib/template/input';
import { TemplateModel } from '../../lib/template/template-model';

const tags = (entries: Record<string, string>): { Key: string; Value: string }[] =>
  Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));

const C3I2A2 = { 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '2' };
const C2I2A1 = { 'lgsec:confidentiality': '2', 'lgsec:integrity': '2', 'lgsec:availability': '1' };

export const MY_NUMBER_TEMPLATE = {
  Resources: {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: { CidrBlock: '10.10.0.0/16', Tags: tags({ Name: 'mynumber-vpc', 'lgsec:zone': 'mynumber' }) },
    },
    SubnetA: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.10.0.0/24', AvailabilityZone: 'ap-northeast-1a' },
    },
    SubnetC: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.10.1.0/24', AvailabilityZone: 'ap-northeast-1c' },
    },
    S3Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.ap-northeast-1.s3' } },
    FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL' } },
    DataKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
    ResidentRecords: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] } } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: 'shiojiri-access-logs' },
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::111111111111:role/replication',
          Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::shiojiri-records-osaka' } }],
        },
        Tags: tags({ ...C3I2A2, 'lgsec:zone': 'mynumber' }),
      },
    },
    DbSubnets: {
      Type: 'AWS::RDS::DBSubnetGroup',
      Properties: { DBSubnetGroupDescription: 'db', SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetC' }] },
    },
    ResidentDb: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        DBInstanceClass: 'db.t4g.medium',
        Engine: 'postgres',
        StorageEncrypted: true,
        KmsKeyId: { Ref: 'DataKey' },
        MultiAZ: true,
        BackupRetentionPeriod: 14,
        DBSubnetGroupName: { Ref: 'DbSubnets' },
        EnableCloudwatchLogsExports: ['postgresql'],
        Tags: tags(C3I2A2),
      },
    },
    CaseTable: {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'DataKey' } },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        Tags: tags(C2I2A1),
      },
    },
  },
};

export const LGWAN_TEMPLATE = {
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.20.0.0/16', Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
    SecondaryCidr: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.21.0.0/16' } },
    SubnetA: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.20.0.0/24', AvailabilityZone: 'ap-northeast-1a' },
    },
    Vgw: { Type: 'AWS::EC2::VPNGateway', Properties: { Type: 'ipsec.1' } },
    VgwAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, VpnGatewayId: { Ref: 'Vgw' } } },
    LgwanRouter: {
      Type: 'AWS::EC2::CustomerGateway',
      Properties: { Type: 'ipsec.1', BgpAsn: 65000, IpAddress: '203.0.113.10', Tags: tags({ Name: 'LGWAN-ASP router' }) },
    },
    LgwanVpn: {
      Type: 'AWS::EC2::VPNConnection',
      Properties: { Type: 'ipsec.1', CustomerGatewayId: { Ref: 'LgwanRouter' }, VpnGatewayId: { Ref: 'Vgw' }, StaticRoutesOnly: true },
    },
    Files: {
      Type: 'AWS::EFS::FileSystem',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { Encrypted: true, BackupPolicy: { Status: 'ENABLED' }, FileSystemTags: tags({ ...C2I2A1, Name: 'lgwan-files' }) },
    },
    FilesMount: {
      Type: 'AWS::EFS::MountTarget',
      Properties: { FileSystemId: { Ref: 'Files' }, SubnetId: { Ref: 'SubnetA' }, SecurityGroups: ['sg-1'] },
    },
    Vault: {
      Type: 'AWS::Backup::BackupVault',
      DeletionPolicy: 'Retain',
      Properties: { BackupVaultName: 'lgwan-vault', LockConfiguration: { MinRetentionDays: 365 }, BackupVaultTags: C2I2A1 },
    },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanName: 'daily',
          BackupPlanRule: [
            {
              RuleName: 'daily',
              TargetBackupVault: 'lgwan-vault',
              CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:ap-northeast-3:111111111111:backup-vault:osaka' }],
            },
          ],
        },
      },
    },
    Selection: {
      Type: 'AWS::Backup::BackupSelection',
      Properties: {
        BackupPlanId: { Ref: 'Plan' },
        BackupSelection: {
          SelectionName: 'a1',
          IamRoleArn: 'arn:aws:iam::111111111111:role/backup',
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'Name', ConditionValue: 'lgwan-files' }],
        },
      },
    },
  },
};

export const INTERNET_TEMPLATE = {
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.30.0.0/16', Tags: tags({ 'lgsec:zone': 'internet' }) } },
    SubnetA: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.30.0.0/24', AvailabilityZone: 'ap-northeast-1a' },
    },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'SubnetA' }, AllocationId: 'eipalloc-1' } },
    CloudAttachment: {
      Type: 'AWS::EC2::TransitGatewayAttachment',
      Properties: { TransitGatewayId: 'tgw-0123456789abcdef0', VpcId: { Ref: 'Vpc' }, SubnetIds: [{ Ref: 'SubnetA' }] },
    },
    Downloads: {
      Type: 'AWS::S3::Bucket',
      Properties: { BucketName: 'shiojiri-downloads' },
    },
    Scratch: {
      Type: 'AWS::EC2::Volume',
      Properties: { AvailabilityZone: 'ap-northeast-1a', Size: 10, Encrypted: false, Tags: tags({ ...C2I2A1, 'lgsec:integrity': '5' }) },
    },
  },
};

export const SECURITY_CLOUD_TEMPLATE = {
  Resources: {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: { CidrBlock: '100.64.0.0/16', Tags: tags({ Name: 'nagano-security-cloud', 'lgsec:zone': 'security-cloud' }) },
    },
    SubnetA: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '100.64.0.0/24', AvailabilityZone: 'ap-northeast-1a' },
    },
    SubnetC: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '100.64.1.0/24', AvailabilityZone: 'ap-northeast-1c' },
    },
    Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
    IgwAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } } },
    NatA: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'SubnetA' }, AllocationId: 'eipalloc-2' } },
    Tgw: {
      Type: 'AWS::EC2::TransitGateway',
      Properties: {
        DefaultRouteTableAssociation: 'disable',
        DefaultRouteTablePropagation: 'disable',
        Tags: tags({ 'lgsec:zone': 'security-cloud' }),
      },
    },
    InspectionAttachment: {
      Type: 'AWS::EC2::TransitGatewayVpcAttachment',
      Properties: { TransitGatewayId: { Ref: 'Tgw' }, VpcId: { Ref: 'Vpc' }, SubnetIds: [{ Ref: 'SubnetA' }] },
    },
    HomeNetGroup: {
      Type: 'AWS::NetworkFirewall::RuleGroup',
      Properties: {
        Capacity: 100,
        Type: 'STATEFUL',
        RuleGroupName: 'members',
        RuleGroup: { RuleVariables: { IPSets: { HOME_NET: { Definition: ['10.130.0.0/16'] } } } },
      },
    },
    Policy: {
      Type: 'AWS::NetworkFirewall::FirewallPolicy',
      Properties: {
        FirewallPolicyName: 'strict',
        FirewallPolicy: {
          StatelessDefaultActions: ['aws:forward_to_sfe'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatefulDefaultActions: ['aws:drop_strict', 'aws:alert_strict'],
          StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
          StatefulRuleGroupReferences: [{ ResourceArn: { Ref: 'HomeNetGroup' }, Priority: 1 }],
          PolicyVariables: { RuleVariables: { HOME_NET: { Definition: ['10.30.0.0/16'] } } },
        },
      },
    },
    Firewall: {
      Type: 'AWS::NetworkFirewall::Firewall',
      Properties: {
        FirewallName: 'nagano-inspection',
        FirewallPolicyArn: { Ref: 'Policy' },
        VpcId: { Ref: 'Vpc' },
        SubnetMappings: [{ SubnetId: { Ref: 'SubnetC' } }],
        DeleteProtection: true,
        SubnetChangeProtection: true,
        FirewallPolicyChangeProtection: true,
      },
    },
    FirewallLogging: {
      Type: 'AWS::NetworkFirewall::LoggingConfiguration',
      Properties: {
        FirewallArn: { Ref: 'Firewall' },
        LoggingConfiguration: {
          LogDestinationConfigs: [
            { LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: 'logs' } },
            { LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: 'logs' } },
          ],
        },
      },
    },
    AuditLogs: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' } },
          ],
        },
        Tags: tags({ ...C2I2A1, 'lgsec:purpose': 'audit-log' }),
      },
    },
  },
};

export const TEMPLATES: TemplateInput[] = [
  {
    name: 'ShiojiriMyNumberZone',
    file: 'ShiojiriMyNumberZone.template.json',
    template: MY_NUMBER_TEMPLATE,
    region: 'ap-northeast-1',
    account: '111111111111',
  },
  {
    name: 'ShiojiriLgwanZone',
    file: 'ShiojiriLgwanZone.template.json',
    template: LGWAN_TEMPLATE,
    region: 'ap-northeast-1',
    account: '111111111111',
  },
  {
    name: 'ShiojiriInternetZone',
    file: 'ShiojiriInternetZone.template.json',
    template: INTERNET_TEMPLATE,
    region: 'ap-northeast-1',
    account: '111111111111',
  },
  {
    name: 'NaganoSecurityCloud',
    file: 'NaganoSecurityCloud.template.json',
    template: SECURITY_CLOUD_TEMPLATE,
    region: 'ap-northeast-1',
    account: '222222222222',
  },
];

const rule = (id: string, level: 'error' | 'warning', clauses: string[], area: string, controls: number[], cause: string): RuleInfo => ({
  id,
  qualifiedId: `LGSEC::${id}`,
  level,
  clauses,
  area,
  cause,
  controls,
  explanation: `Policy ${clauses.join(', ')} requires it.`,
  fix: `Fix ${id.toLowerCase()}.`,
});

export const RULES: RuleInfo[] = [
  rule('LGSEC-VPC-ZONE', 'error', ['5.1'], 'placement', [1], 'The VPC has no valid lgsec:zone tag.'),
  rule('LGSEC-DATA-CLASSIFIED', 'error', ['5.2', '7.2'], 'placement', [2], 'The data store has no valid classification tags.'),
  rule('LGSEC-MYNUMBER-NO-INTERNET-PATH', 'error', ['7.3.a'], 'mynumber', [8], 'A My Number VPC has a path out.'),
  rule('LGSEC-INTERNET-NO-OWN-EGRESS', 'error', ['7.3.c'], 'internet', [19], 'An internet-zone VPC has its own NAT or IGW.'),
  rule('LGSEC-S3-TLS-ONLY', 'error', ['7.6'], 'network', [30], 'The bucket policy does not deny requests without TLS.'),
  rule('LGSEC-AUDIT-OBJECT-LOCK', 'error', ['7.7', '10'], 'audit', [37], 'An audit log bucket has no object lock.'),
  rule('LGSEC-REGION-JAPAN', 'warning', ['7.8.b'], 'outsourcing', [40], 'The stack may deploy outside Japan.'),
  rule('LGSEC-MYNUMBER-TERMINALS', 'error', ['7.3.a', '7.5'], 'mynumber', [14], 'A terminal in the zone allows copy, download or print.'),
  rule('LGSEC-EXPERIMENTAL', 'warning', ['99.9'], 'placement', [], 'A rule citing a clause that does not exist.'),
];

export const SCRIPT_REASON = '<script>alert("x")</script> | *not* bold — the `legacy` | bucket is public by design';

const levelOf = new Map(RULES.map((entry) => [entry.id, entry]));

function result(
  ruleId: string,
  status: RuleStatus,
  template: string,
  logicalId: string,
  resourceType: string,
  extra: Partial<RuleResultRecord> = {},
): RuleResultRecord {
  const info = levelOf.get(ruleId)!;
  return { ruleId, level: info.level, clauses: info.clauses, status, template, logicalId, resourceType, ...extra };
}

/** Every resource of the fixture templates, for not-applicable results. */
function everyResource(): { template: string; logicalId: string; type: string }[] {
  return TEMPLATES.flatMap(({ name, template }) =>
    Object.entries(template.Resources as Record<string, { Type: string }>).map(([logicalId, resource]) => ({
      template: name,
      logicalId,
      type: resource.Type,
    })),
  );
}

export function buildRun(): CheckRun {
  const decided: RuleResultRecord[] = [
    result('LGSEC-VPC-ZONE', 'compliant', 'ShiojiriMyNumberZone', 'Vpc', 'AWS::EC2::VPC'),
    result('LGSEC-VPC-ZONE', 'compliant', 'ShiojiriLgwanZone', 'Vpc', 'AWS::EC2::VPC'),
    result('LGSEC-VPC-ZONE', 'compliant', 'ShiojiriInternetZone', 'Vpc', 'AWS::EC2::VPC'),
    result('LGSEC-VPC-ZONE', 'compliant', 'NaganoSecurityCloud', 'Vpc', 'AWS::EC2::VPC'),
    result('LGSEC-DATA-CLASSIFIED', 'compliant', 'ShiojiriMyNumberZone', 'ResidentRecords', 'AWS::S3::Bucket'),
    result('LGSEC-DATA-CLASSIFIED', 'compliant', 'ShiojiriMyNumberZone', 'ResidentDb', 'AWS::RDS::DBInstance'),
    result('LGSEC-DATA-CLASSIFIED', 'compliant', 'ShiojiriMyNumberZone', 'CaseTable', 'AWS::DynamoDB::Table'),
    result('LGSEC-DATA-CLASSIFIED', 'compliant', 'ShiojiriLgwanZone', 'Files', 'AWS::EFS::FileSystem'),
    result('LGSEC-DATA-CLASSIFIED', 'compliant', 'ShiojiriLgwanZone', 'Vault', 'AWS::Backup::BackupVault'),
    result('LGSEC-DATA-CLASSIFIED', 'non-compliant', 'ShiojiriInternetZone', 'Downloads', 'AWS::S3::Bucket', {
      message: 'missing tag lgsec:confidentiality; missing tag lgsec:integrity; missing tag lgsec:availability',
      constructPath: 'ShiojiriInternetZone/Downloads/Resource',
    }),
    result('LGSEC-DATA-CLASSIFIED', 'non-compliant', 'ShiojiriInternetZone', 'Scratch', 'AWS::EC2::Volume', {
      message: "tag lgsec:integrity='5' is not a level from 1 to 2",
    }),
    result('LGSEC-DATA-CLASSIFIED', 'compliant', 'NaganoSecurityCloud', 'AuditLogs', 'AWS::S3::Bucket'),
    result('LGSEC-MYNUMBER-NO-INTERNET-PATH', 'compliant', 'ShiojiriMyNumberZone', 'Vpc', 'AWS::EC2::VPC'),
    result('LGSEC-INTERNET-NO-OWN-EGRESS', 'non-compliant', 'ShiojiriInternetZone', 'Nat', 'AWS::EC2::NatGateway', {
      message: 'NAT gateway Nat in internet-zone VPC Vpc: internet access must go through the security cloud',
      constructPath: 'ShiojiriInternetZone/Nat',
    }),
    result('LGSEC-INTERNET-NO-OWN-EGRESS', 'compliant', 'ShiojiriInternetZone', 'Vpc', 'AWS::EC2::VPC'),
    result('LGSEC-S3-TLS-ONLY', 'compliant', 'ShiojiriMyNumberZone', 'ResidentRecords', 'AWS::S3::Bucket'),
    result('LGSEC-S3-TLS-ONLY', 'acknowledged', 'ShiojiriInternetZone', 'Downloads', 'AWS::S3::Bucket', {
      message: 'The bucket policy does not deny aws:SecureTransport=false',
      acknowledgment: { reason: SCRIPT_REASON, madeAt: 'ShiojiriInternetZone/Downloads/Resource' },
    }),
    result('LGSEC-S3-TLS-ONLY', 'compliant', 'NaganoSecurityCloud', 'AuditLogs', 'AWS::S3::Bucket'),
    result('LGSEC-AUDIT-OBJECT-LOCK', 'compliant', 'NaganoSecurityCloud', 'AuditLogs', 'AWS::S3::Bucket'),
    ...TEMPLATES.map(({ name }) => result('LGSEC-REGION-JAPAN', 'compliant', name, 'Template', 'AWS::CloudFormation::Stack')),
  ];
  const decidedKeys = new Set(decided.map((entry) => `${entry.template}/${entry.logicalId}/${entry.ruleId}`));
  const notApplicable: RuleResultRecord[] = [];
  for (const resource of everyResource()) {
    for (const info of RULES) {
      if (info.id === 'LGSEC-REGION-JAPAN' || decidedKeys.has(`${resource.template}/${resource.logicalId}/${info.id}`)) continue;
      notApplicable.push(result(info.id, 'not-applicable', resource.template, resource.logicalId, resource.type));
    }
  }
  return {
    tool: { name: 'lgsec', version: '0.1.0' },
    rules: RULES,
    templates: TEMPLATES.map(({ name, template }) => ({
      name,
      file: `${name}.template.json`,
      resources: Object.keys(template.Resources as Record<string, unknown>).length,
    })),
    results: [...decided, ...notApplicable],
  };
}

/** A deterministic shuffle (seeded), to show that input order does not change the output. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The model of templates, as the report reads them. */
export function modelOf(templates: readonly TemplateInput[]): TemplateModel {
  return TemplateModel.load(templates);
}
