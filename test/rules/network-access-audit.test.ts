import {
  Duration,
  RemovalPolicy,
  aws_cloudtrail as cloudtrail,
  aws_ec2 as ec2,
  aws_efs as efs,
  aws_elasticloadbalancingv2 as elbv2,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_rds as rds,
  aws_s3 as s3,
  Tags,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checked, checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack, zoneVpc } from './harness';

const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const tlsDeny = (bucketId: string) => ({
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Resource: [getAtt(bucketId, 'Arn'), { 'Fn::Join': ['', [getAtt(bucketId, 'Arn'), '/*']] }],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('network, access and audit rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template({
        ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
        ...zoneVpc('CloudVpc', 'security-cloud', '10.100.0.0/16'),
        BareVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.50.0.0/16', Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
        BareSubnet: {
          Type: 'AWS::EC2::Subnet',
          Properties: { VpcId: ref('BareVpc'), CidrBlock: '10.50.0.0/24', AvailabilityZone: 'ap-northeast-1a' },
        },
        RejectLog: {
          Type: 'AWS::EC2::FlowLog',
          Properties: {
            ResourceType: 'VPC',
            ResourceId: ref('BareVpc'),
            TrafficType: 'REJECT',
            LogGroupName: 'x',
            DeliverLogsPermissionArn: 'arn:aws:iam::111111111111:role/x',
          },
        },
        WorldSsh: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'ssh',
            VpcId: ref('NetVpc'),
            SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }],
          },
        },
        WorldHttpsNet: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: ref('PlainSg'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' },
        },
        PlainSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'plain', VpcId: ref('NetVpc') } },
        LbSg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'lb',
            VpcId: ref('CloudVpc'),
            SecurityGroupIngress: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
              { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' },
            ],
          },
        },
        LbSgAllPorts: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'lb', VpcId: ref('CloudVpc'), SecurityGroupIngress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] },
        },
        Lb: {
          Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          Properties: {
            Subnets: [ref('CloudVpcSubnetA'), ref('CloudVpcSubnetC')],
            SecurityGroups: [getAtt('LbSg', 'GroupId'), getAtt('LbSgAllPorts', 'GroupId')],
          },
        },
        // Buckets
        LogBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              BlockPublicPolicy: true,
              IgnorePublicAcls: true,
              RestrictPublicBuckets: true,
            },
          },
        },
        LogBucketPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('LogBucket'),
            PolicyDocument: doc([
              tlsDeny('LogBucket'),
              {
                Effect: 'Allow',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: { 'Fn::Sub': '${LogBucket.Arn}/*' },
              },
            ]),
          },
        },
        DataBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            LoggingConfiguration: { DestinationBucketName: ref('LogBucket') },
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              BlockPublicPolicy: false,
              IgnorePublicAcls: true,
              RestrictPublicBuckets: true,
            },
          },
        },
        DataBucketPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('DataBucket'),
            PolicyDocument: doc([{ ...tlsDeny('DataBucket'), Resource: getAtt('DataBucket', 'Arn') }]),
          },
        },
        NakedBucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        SubBucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        SubBucketPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('SubBucket'),
            PolicyDocument: doc([
              {
                Effect: 'Deny',
                Principal: '*',
                Action: ['s3:*'],
                Condition: { Bool: { 'aws:SecureTransport': false } },
                Resource: [
                  { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${SubBucket}' },
                  { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${SubBucket}/*' },
                ],
              },
            ]),
          },
        },
        ClosedByName: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.60.0.0/16' } },
        Closer: {
          Type: 'Custom::CloseDefaultSecurityGroup',
          Properties: { ServiceToken: 'arn:aws:lambda:ap-northeast-1:111111111111:function:close', VpcId: ref('ClosedByName') },
        },
        // KMS
        RotatingKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        StaticKey: { Type: 'AWS::KMS::Key', Properties: {} },
        SigningKey: { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' } },
        // IAM
        AdminPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyName: 'admin', Roles: ['r'], PolicyDocument: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) },
        },
        ScopedPolicy: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) },
        },
        AdminInline: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: doc([]),
            Policies: [{ PolicyName: 'all', PolicyDocument: doc([{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }]) }],
          },
        },
        AdminManaged: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: doc([]),
            ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':iam::aws:policy/AdministratorAccess']] }],
          },
        },
        AdminManagedSub: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: doc([]),
            ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess' }],
          },
        },
        ReadOnlySub: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: doc([]),
            ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess' }],
          },
        },
        AccessKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'deploy' } },
        // EC2
        LaunchTemplateV2: {
          Type: 'AWS::EC2::LaunchTemplate',
          Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } },
        },
        LaunchTemplateV1: {
          Type: 'AWS::EC2::LaunchTemplate',
          Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'optional' } } },
        },
        InstanceViaTemplate: {
          Type: 'AWS::EC2::Instance',
          Properties: {
            LaunchTemplate: { LaunchTemplateId: ref('LaunchTemplateV2'), Version: getAtt('LaunchTemplateV2', 'LatestVersionNumber') },
          },
        },
        InstanceOwn: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', MetadataOptions: { HttpTokens: 'required' } } },
        InstanceV1: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1' } },
        // Audit
        TrailBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            ObjectLockEnabled: true,
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 5 } } },
            VersioningConfiguration: { Status: 'Enabled' },
          },
        },
        Trail: {
          Type: 'AWS::CloudTrail::Trail',
          Properties: {
            IsLogging: true,
            S3BucketName: ref('TrailBucket'),
            IsMultiRegionTrail: true,
            EnableLogFileValidation: true,
            KMSKeyId: ref('RotatingKey'),
          },
        },
        WeakTrail: {
          Type: 'AWS::CloudTrail::Trail',
          Properties: { IsLogging: true, S3BucketName: ref('WeakTrailBucket'), IncludeGlobalServiceEvents: false },
        },
        WeakTrailBucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } },
        TaggedAuditBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: { Tags: tags({ 'lgsec:purpose': 'audit-log' }), ObjectLockEnabled: true },
        },
        UnversionedAuditBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            Tags: tags({ 'lgsec:purpose': 'audit-log' }),
            ObjectLockEnabled: true,
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1827 } } },
            VersioningConfiguration: { Status: 'Suspended' },
          },
        },
        LogsForever: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: getAtt('RotatingKey', 'Arn') } },
        LogsTenYears: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 3653, KmsKeyId: getAtt('RotatingKey', 'Arn') } },
        LogsMonth: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      }),
    );
  });

  test('LGSEC-VPC-FLOW-LOGS', () => {
    expect(checked.status('LGSEC-VPC-FLOW-LOGS', 'NetVpc')).toBe('compliant');
    expect(checked.message('LGSEC-VPC-FLOW-LOGS', 'BareVpc')).toMatch(/RejectLog captures TrafficType REJECT, not ALL/);
  });

  test('LGSEC-SG-NO-WORLD-INGRESS', () => {
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'WorldSsh')).toMatch(
      /SecurityGroupIngress\[0\] admits the whole internet on tcp 22-22/,
    );
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'WorldHttpsNet')).toBe('error');
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'PlainSg')).toBe('compliant');
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', 'LbSg')).toBe('compliant');
    expect(checked.message('LGSEC-SG-NO-WORLD-INGRESS', 'LbSgAllPorts')).toMatch(/on all 0-65535/);
  });

  test('LGSEC-DEFAULT-SG-CLOSED', () => {
    expect(checked.status('LGSEC-DEFAULT-SG-CLOSED', 'NetVpc')).toBe('compliant');
    expect(checked.message('LGSEC-DEFAULT-SG-CLOSED', 'BareVpc')).toMatch(/nothing closes the default security group/);
    expect(checked.status('LGSEC-DEFAULT-SG-CLOSED', 'ClosedByName')).toBe('compliant');
  });

  test('LGSEC-S3-BLOCK-PUBLIC-ACCESS', () => {
    expect(checked.status('LGSEC-S3-BLOCK-PUBLIC-ACCESS', 'LogBucket')).toBe('compliant');
    expect(checked.message('LGSEC-S3-BLOCK-PUBLIC-ACCESS', 'DataBucket')).toMatch(/BlockPublicPolicy is not true/);
    expect(checked.message('LGSEC-S3-BLOCK-PUBLIC-ACCESS', 'NakedBucket')).toMatch(/PublicAccessBlockConfiguration is not set/);
  });

  test('LGSEC-S3-TLS-ONLY', () => {
    expect(checked.status('LGSEC-S3-TLS-ONLY', 'LogBucket')).toBe('compliant');
    expect(checked.message('LGSEC-S3-TLS-ONLY', 'DataBucket')).toMatch(/does not cover the objects/);
    expect(checked.message('LGSEC-S3-TLS-ONLY', 'NakedBucket')).toMatch(/no AWS::S3::BucketPolicy/);
    expect(checked.status('LGSEC-S3-TLS-ONLY', 'SubBucket')).toBe('compliant');
  });

  test('LGSEC-S3-ACCESS-LOGGING', () => {
    expect(checked.status('LGSEC-S3-ACCESS-LOGGING', 'DataBucket')).toBe('compliant');
    expect(checked.status('LGSEC-S3-ACCESS-LOGGING', 'LogBucket')).toBe('compliant');
    expect(checked.message('LGSEC-S3-ACCESS-LOGGING', 'NakedBucket')).toMatch(/LoggingConfiguration.DestinationBucketName is not set/);
  });

  test('LGSEC-KMS-KEY-ROTATION', () => {
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'RotatingKey')).toBe('compliant');
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'StaticKey')).toBe('error');
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', 'SigningKey')).toBe('not-applicable');
  });

  test('LGSEC-IAM-NO-ADMIN-STATEMENT', () => {
    expect(checked.message('LGSEC-IAM-NO-ADMIN-STATEMENT', 'AdminPolicy')).toMatch(/PolicyDocument statement 0 allows \* on \*/);
    expect(checked.status('LGSEC-IAM-NO-ADMIN-STATEMENT', 'ScopedPolicy')).toBe('compliant');
    expect(checked.status('LGSEC-IAM-NO-ADMIN-STATEMENT', 'AdminInline')).toBe('error');
    expect(checked.message('LGSEC-IAM-NO-ADMIN-STATEMENT', 'AdminManaged')).toMatch(/AdministratorAccess/);
    expect(checked.message('LGSEC-IAM-NO-ADMIN-STATEMENT', 'AdminManagedSub')).toMatch(/AdministratorAccess/);
    expect(checked.status('LGSEC-IAM-NO-ADMIN-STATEMENT', 'ReadOnlySub')).toBe('compliant');
  });

  test('LGSEC-IAM-NO-ACCESS-KEYS', () => {
    expect(checked.status('LGSEC-IAM-NO-ACCESS-KEYS', 'AccessKey')).toBe('error');
  });

  test('LGSEC-EC2-IMDSV2', () => {
    expect(checked.status('LGSEC-EC2-IMDSV2', 'LaunchTemplateV2')).toBe('compliant');
    expect(checked.status('LGSEC-EC2-IMDSV2', 'LaunchTemplateV1')).toBe('error');
    expect(checked.status('LGSEC-EC2-IMDSV2', 'InstanceViaTemplate')).toBe('compliant');
    expect(checked.status('LGSEC-EC2-IMDSV2', 'InstanceOwn')).toBe('compliant');
    expect(checked.message('LGSEC-EC2-IMDSV2', 'InstanceV1')).toMatch(/neither MetadataOptions.HttpTokens nor a launch template/);
  });

  test('LGSEC-CLOUDTRAIL', () => {
    expect(checked.status('LGSEC-CLOUDTRAIL', 'Trail')).toBe('compliant');
    expect(checked.message('LGSEC-CLOUDTRAIL', 'WeakTrail')).toMatch(
      /IsMultiRegionTrail is not true; EnableLogFileValidation is not true; KMSKeyId is not set; IncludeGlobalServiceEvents is false/,
    );
  });

  test('LGSEC-AUDIT-BUCKET-WORM', () => {
    expect(checked.status('LGSEC-AUDIT-BUCKET-WORM', 'TrailBucket')).toBe('compliant');
    expect(checked.message('LGSEC-AUDIT-BUCKET-WORM', 'WeakTrailBucket')).toMatch(
      /trail WeakTrail writes into it, but ObjectLockEnabled is not true/,
    );
    expect(checked.message('LGSEC-AUDIT-BUCKET-WORM', 'TaggedAuditBucket')).toMatch(
      /tagged lgsec:purpose=audit-log, but ObjectLockConfiguration.Rule.DefaultRetention/,
    );
    expect(checked.status('LGSEC-AUDIT-BUCKET-WORM', 'NakedBucket')).toBe('not-applicable');
    // Object Lock with a retention is not enough: a suspended versioning lets new writes replace objects unprotected.
    expect(checked.status('LGSEC-AUDIT-BUCKET-WORM', 'UnversionedAuditBucket')).toBe('error');
    expect(checked.message('LGSEC-AUDIT-BUCKET-WORM', 'UnversionedAuditBucket')).toMatch(
      /tagged lgsec:purpose=audit-log, but VersioningConfiguration.Status is not Enabled\.$/,
    );
  });

  test('LGSEC-LOG-GROUP-RETENTION', () => {
    expect(checked.status('LGSEC-LOG-GROUP-RETENTION', 'LogsForever')).toBe('compliant');
    expect(checked.status('LGSEC-LOG-GROUP-RETENTION', 'LogsTenYears')).toBe('compliant');
    expect(checked.message('LGSEC-LOG-GROUP-RETENTION', 'LogsMonth')).toMatch(
      /RetentionInDays is 30; keep at least 365 days; KmsKeyId is not set/,
    );
  });
});

describe('network, access and audit rules on L2 constructs', () => {
  let checked: Checked;
  let ids: Record<string, string>;
  beforeAll(() => {
    const { app, stack } = tokyoStack();
    const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as ec2.CfnVPC).logicalId) as string;
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      restrictDefaultSecurityGroup: true,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });
    Tags.of(vpc).add('lgsec:zone', 'security-cloud');
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
    lb.addListener('Https', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsPrefix: 'logs/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const group = new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.TWO_YEARS, encryptionKey: key });
    const instance = new ec2.Instance(stack, 'Instance', {
      vpc,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.genericLinux({ 'ap-northeast-1': 'ami-1' }),
      requireImdsv2: true,
    });
    const admin = new iam.Role(stack, 'Admin', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    const trail = new cloudtrail.Trail(stack, 'Trail');
    const user = new iam.User(stack, 'Deployer');
    const accessKey = new iam.AccessKey(stack, 'DeployerKey', { user });
    const classify = (scope: IConstruct, c: number): void => {
      Tags.of(scope).add('lgsec:confidentiality', String(c));
      Tags.of(scope).add('lgsec:integrity', '1');
      Tags.of(scope).add('lgsec:availability', '1');
    };
    const db = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      storageEncryptionKey: key,
      backupRetention: Duration.days(7),
    });
    classify(db, 3);
    const files = new efs.FileSystem(stack, 'Files', { vpc, kmsKey: key });
    classify(files, 3);
    checked = checkApp(app);
    ids = {
      vpc: id(vpc),
      lbSg: id(lb.connections.securityGroups[0]),
      key: id(key),
      bucket: id(bucket),
      group: id(group),
      instance: id(instance),
      admin: id(admin),
      trail: id(trail),
      accessKey: id(accessKey),
      db: id(db),
      files: id(files),
    };
  });

  test('CDK VPC with restrictDefaultSecurityGroup and a flow log, over two AZs', () => {
    for (const rule of ['LGSEC-DEFAULT-SG-CLOSED', 'LGSEC-VPC-FLOW-LOGS', 'LGSEC-VPC-MULTI-AZ', 'LGSEC-VPC-ZONE-TAG']) {
      expect([rule, checked.status(rule, ids.vpc)]).toEqual([rule, 'compliant']);
    }
  });

  test('an internet-facing load balancer of the security cloud may admit the world on 80', () => {
    expect(checked.status('LGSEC-SG-NO-WORLD-INGRESS', ids.lbSg)).toBe('compliant');
  });

  test('BLOCK_ALL, enforceSSL, access logs, rotation, retention, IMDSv2 pass; AdministratorAccess fails', () => {
    expect(checked.status('LGSEC-S3-BLOCK-PUBLIC-ACCESS', ids.bucket)).toBe('compliant');
    expect(checked.status('LGSEC-S3-TLS-ONLY', ids.bucket)).toBe('compliant');
    expect(checked.status('LGSEC-S3-ACCESS-LOGGING', ids.bucket)).toBe('compliant');
    expect(checked.status('LGSEC-KMS-KEY-ROTATION', ids.key)).toBe('compliant');
    expect(checked.status('LGSEC-LOG-GROUP-RETENTION', ids.group)).toBe('compliant');
    expect(checked.status('LGSEC-EC2-IMDSV2', ids.instance)).toBe('compliant');
    expect(checked.status('LGSEC-IAM-NO-ADMIN-STATEMENT', ids.admin)).toBe('error');
  });

  test('a default Trail is not KMS-encrypted; an iam.AccessKey is a long-lived key', () => {
    expect(checked.message('LGSEC-CLOUDTRAIL', ids.trail)).toMatch(/KMSKeyId is not set/);
    expect(checked.status('LGSEC-IAM-NO-ACCESS-KEYS', ids.accessKey)).toBe('error');
  });

  test('confidentiality 3 RDS and EFS outside the My Number zone fail, encrypted with a CMK they pass', () => {
    expect(checked.message('LGSEC-C3-IN-MYNUMBER-ZONE', ids.db)).toMatch(
      /its DB subnet group is in zone 'security-cloud', not the My Number zone/,
    );
    expect(checked.message('LGSEC-C3-IN-MYNUMBER-ZONE', ids.files)).toMatch(/mount target .* is in zone 'security-cloud'/);
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', ids.db)).toBe('compliant');
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', ids.files)).toBe('compliant');
  });
});

describe('a flow log whose TrafficType is a parameter', () => {
  test('the finding names the flow log and its deciding parameter, not the parameters of the VPC', () => {
    const flowLog = (trafficType: unknown) => ({
      Type: 'AWS::EC2::FlowLog',
      Properties: {
        ResourceType: 'VPC',
        ResourceId: ref('Vpc'),
        TrafficType: trafficType,
        LogGroupName: 'x',
        DeliverLogsPermissionArn: 'arn:aws:iam::111111111111:role/x',
      },
    });
    const checked = checkPlain(
      template(
        {
          Vpc: {
            Type: 'AWS::EC2::VPC',
            Properties: { CidrBlock: ref('VpcCidr'), Tags: tags({ 'lgsec:zone': 'internet' }) },
          },
          Log: flowLog(ref('Traffic')),
          OtherVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', Tags: tags({ 'lgsec:zone': 'internet' }) } },
          OtherLog: { ...flowLog(ref('Free')), Properties: { ...flowLog(ref('Free')).Properties, ResourceId: ref('OtherVpc') } },
        },
        {
          Parameters: {
            VpcCidr: { Type: 'String', AllowedValues: ['10.0.0.0/16', '10.2.0.0/16'], Default: '10.0.0.0/16' },
            Traffic: { Type: 'String', AllowedValues: ['ALL', 'REJECT'], Default: 'ALL' },
            Free: { Type: 'String' },
          },
        },
      ),
    );
    const message = checked.message('LGSEC-VPC-FLOW-LOGS', 'Vpc');
    expect(checked.status('LGSEC-VPC-FLOW-LOGS', 'Vpc')).toBe('error');
    expect(message).toMatch(/Log \(when parameter Traffic is "REJECT" \(one of its AllowedValues\)\) captures TrafficType REJECT, not ALL/);
    expect(message).not.toMatch(/VpcCidr|\?/);
    expect(checked.status('LGSEC-VPC-FLOW-LOGS', 'OtherVpc')).toBe('warning');
    expect(checked.message('LGSEC-VPC-FLOW-LOGS', 'OtherVpc')).toMatch(/OtherLog captures the TrafficType given by .*Free/);
  });
});
