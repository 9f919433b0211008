import { RemovalPolicy, Tags, aws_dynamodb as dynamodb, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Checked, checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack, zoneVpc } from './harness';

const cls = (c: number, i: number, a: number, extra: Record<string, string> = {}) =>
  tags({ 'lgsec:confidentiality': String(c), 'lgsec:integrity': String(i), 'lgsec:availability': String(a), ...extra });
const retain = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
const kmsEncryption = (keyId: unknown) => ({
  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId } }],
});
const bucket = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::S3::Bucket',
  Properties: properties,
  ...extra,
});

describe('placement and classification rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template(
        {
          ...zoneVpc('MyVpc', 'mynumber', '10.1.0.0/16'),
          ...zoneVpc('LgVpc', 'lgwan', '10.2.0.0/16'),
          VpcNoTag: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.3.0.0/16' } },
          VpcBadTag: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.4.0.0/16', Tags: tags({ 'lgsec:zone': 'dmz' }) } },
          VpcTokenTag: {
            Type: 'AWS::EC2::VPC',
            Properties: { CidrBlock: '10.5.0.0/16', Tags: [{ Key: 'lgsec:zone', Value: ref('ZoneParam') }] },
          },
          Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
          BucketUnclassified: bucket({}),
          BucketBadClass: bucket({ Tags: cls(4, 1, 1) }),
          BucketC2Sse: bucket({
            Tags: cls(2, 1, 1),
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          }),
          BucketC2Kms: bucket({ Tags: cls(2, 1, 1), BucketEncryption: kmsEncryption(getAtt('Key', 'Arn')) }),
          BucketC2AwsAlias: bucket({ Tags: cls(2, 1, 1), BucketEncryption: kmsEncryption('alias/aws/s3') }),
          BucketC2ParamKey: bucket({ Tags: cls(2, 1, 1), BucketEncryption: kmsEncryption(ref('KeyParam')) }),
          BucketI2NoVersion: bucket({ Tags: cls(1, 2, 1) }, retain),
          BucketI2Ok: bucket({ Tags: cls(1, 2, 1), VersioningConfiguration: { Status: 'Enabled' } }, retain),
          BucketUnversionedNoPolicy: bucket({ Tags: cls(1, 1, 2) }),
          BucketI2NoRetain: bucket({ Tags: cls(1, 2, 1), VersioningConfiguration: { Status: 'Enabled' } }, { DeletionPolicy: 'Retain' }),
          BucketA2SameRegion: bucket(
            {
              Tags: cls(1, 1, 2),
              VersioningConfiguration: { Status: 'Enabled' },
              ReplicationConfiguration: {
                Role: 'arn:aws:iam::111111111111:role/r',
                Rules: [{ Status: 'Enabled', Destination: { Bucket: getAtt('BucketI2Ok', 'Arn') } }],
              },
            },
            retain,
          ),
          BucketA2Elsewhere: bucket(
            {
              Tags: cls(1, 1, 2),
              VersioningConfiguration: { Status: 'Enabled' },
              ReplicationConfiguration: {
                Role: 'arn:aws:iam::111111111111:role/r',
                Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::shiojiri-dr-osaka' } }],
              },
            },
            retain,
          ),
          BucketA2Backup: bucket({ Tags: cls(1, 1, 2, { backup: 'dr' }) }, retain),
          Plan: {
            Type: 'AWS::Backup::BackupPlan',
            Properties: {
              BackupPlan: {
                BackupPlanName: 'dr',
                BackupPlanRule: [
                  {
                    RuleName: 'daily',
                    TargetBackupVault: 'vault',
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
                ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'dr' }],
              },
            },
          },
          TableI2NoPitr: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [], Tags: cls(1, 2, 1) }, ...retain },
          TableC3Ok: {
            Type: 'AWS::DynamoDB::Table',
            Properties: {
              KeySchema: [],
              Tags: cls(3, 2, 1),
              SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: ref('Key') },
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            },
            ...retain,
          },
          MySubnets: {
            Type: 'AWS::RDS::DBSubnetGroup',
            Properties: { DBSubnetGroupDescription: 'my', SubnetIds: [ref('MyVpcSubnetA'), ref('MyVpcSubnetC')] },
          },
          LgSubnets: {
            Type: 'AWS::RDS::DBSubnetGroup',
            Properties: { DBSubnetGroupDescription: 'lg', SubnetIds: [ref('LgVpcSubnetA'), ref('LgVpcSubnetC')] },
          },
          DbC3Default: { Type: 'AWS::RDS::DBInstance', Properties: { Tags: cls(3, 1, 1), StorageEncrypted: true, KmsKeyId: ref('Key') } },
          DbC3InMy: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Tags: cls(3, 1, 1), StorageEncrypted: true, KmsKeyId: ref('Key'), DBSubnetGroupName: ref('MySubnets') },
          },
          DbC3InLgwan: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Tags: cls(3, 1, 1), StorageEncrypted: true, KmsKeyId: ref('Key'), DBSubnetGroupName: ref('LgSubnets') },
          },
          DbI2Backup3: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Tags: cls(1, 2, 1), BackupRetentionPeriod: 3 },
            DeletionPolicy: 'Snapshot',
            UpdateReplacePolicy: 'Snapshot',
          },
          DbA2NoMultiAz: { Type: 'AWS::RDS::DBInstance', Properties: { Tags: cls(1, 1, 2), MultiAZ: false }, ...retain },
          FsC3: {
            Type: 'AWS::EFS::FileSystem',
            Properties: { FileSystemTags: [], Tags: cls(3, 1, 1), Encrypted: true, KmsKeyId: ref('Key') },
          },
          FsC3Mount: {
            Type: 'AWS::EFS::MountTarget',
            Properties: { FileSystemId: ref('FsC3'), SubnetId: ref('LgVpcSubnetA'), SecurityGroups: [] },
          },
          VolumeC3: {
            Type: 'AWS::EC2::Volume',
            Properties: { AvailabilityZone: 'ap-northeast-1a', Size: 10, Encrypted: true, KmsKeyId: ref('Key'), Tags: cls(3, 1, 1) },
          },
          LgInstance: {
            Type: 'AWS::EC2::Instance',
            Properties: { ImageId: 'ami-1', SubnetId: ref('LgVpcSubnetA'), Volumes: [{ Device: '/dev/sdf', VolumeId: ref('VolumeC3') }] },
          },
          VolumeC2NoKey: {
            Type: 'AWS::EC2::Volume',
            Properties: { AvailabilityZone: 'ap-northeast-1a', Size: 10, Encrypted: true, Tags: cls(2, 1, 1) },
          },
          BucketC3NoPolicy: bucket({ Tags: cls(3, 1, 1), BucketEncryption: kmsEncryption(ref('Key')) }),
          BucketC3Perimeter: bucket({ Tags: cls(3, 1, 1), BucketEncryption: kmsEncryption(ref('Key')) }),
          PerimeterPolicy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: {
              Bucket: ref('BucketC3Perimeter'),
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Deny',
                    Principal: '*',
                    Action: 's3:*',
                    Resource: [getAtt('BucketC3Perimeter', 'Arn'), { 'Fn::Sub': '${BucketC3Perimeter.Arn}/*' }],
                    Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
                  },
                ],
              },
            },
          },
        },
        { Parameters: { ZoneParam: { Type: 'String' }, KeyParam: { Type: 'String' } } },
      ),
    );
  });

  test('LGSEC-VPC-ZONE-TAG', () => {
    expect(checked.status('LGSEC-VPC-ZONE-TAG', 'MyVpc')).toBe('compliant');
    expect(checked.message('LGSEC-VPC-ZONE-TAG', 'VpcNoTag')).toMatch(/no lgsec:zone tag/);
    expect(checked.message('LGSEC-VPC-ZONE-TAG', 'VpcBadTag')).toMatch(/lgsec:zone='dmz' is not a zone/);
    expect(checked.status('LGSEC-VPC-ZONE-TAG', 'VpcTokenTag')).toBe('warning');
  });

  test('LGSEC-DATA-CLASSIFICATION-TAG', () => {
    expect(checked.message('LGSEC-DATA-CLASSIFICATION-TAG', 'BucketUnclassified')).toMatch(
      /missing tag lgsec:confidentiality; missing tag lgsec:integrity/i,
    );
    expect(checked.message('LGSEC-DATA-CLASSIFICATION-TAG', 'BucketBadClass')).toMatch(
      /lgsec:confidentiality='4' is not a level from 1 to 3/,
    );
    expect(checked.status('LGSEC-DATA-CLASSIFICATION-TAG', 'BucketC2Kms')).toBe('compliant');
    expect(checked.status('LGSEC-DATA-CLASSIFICATION-TAG', 'TableC3Ok')).toBe('compliant');
  });

  test('LGSEC-DATA-CMK-ENCRYPTION', () => {
    expect(checked.message('LGSEC-DATA-CMK-ENCRYPTION', 'BucketC2Sse')).toMatch(/SSEAlgorithm is 'AES256', not aws:kms/);
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', 'BucketC2Kms')).toBe('compliant');
    expect(checked.message('LGSEC-DATA-CMK-ENCRYPTION', 'BucketC2AwsAlias')).toMatch(/AWS-managed key 'alias\/aws\/s3'/);
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', 'BucketC2ParamKey')).toBe('warning');
    expect(checked.message('LGSEC-DATA-CMK-ENCRYPTION', 'BucketC2ParamKey')).toMatch(/parameter 'KeyParam'/);
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', 'BucketI2Ok')).toBe('not-applicable');
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', 'TableC3Ok')).toBe('compliant');
    expect(checked.message('LGSEC-DATA-CMK-ENCRYPTION', 'VolumeC2NoKey')).toMatch(/KmsKeyId is not set/);
  });

  test('LGSEC-DATA-CMK-ENCRYPTION judges a store without a classification as confidentiality 3, as a warning', () => {
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', 'BucketUnclassified')).toBe('warning');
    expect(checked.message('LGSEC-DATA-CMK-ENCRYPTION', 'BucketUnclassified')).toMatch(
      /no valid lgsec:confidentiality tag, so judged as confidentiality 3 until classified: BucketEncryption is not set/,
    );
    // An unreadable level is not a classification either.
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', 'BucketBadClass')).toBe('warning');
  });

  test('LGSEC-DATA-INTEGRITY-HISTORY', () => {
    expect(checked.message('LGSEC-DATA-INTEGRITY-HISTORY', 'BucketI2NoVersion')).toMatch(/VersioningConfiguration.Status is not set/);
    expect(checked.status('LGSEC-DATA-INTEGRITY-HISTORY', 'BucketI2Ok')).toBe('compliant');
    expect(checked.message('LGSEC-DATA-INTEGRITY-HISTORY', 'TableI2NoPitr')).toMatch(/PointInTimeRecoveryEnabled is not true/);
    expect(checked.message('LGSEC-DATA-INTEGRITY-HISTORY', 'DbI2Backup3')).toMatch(/BackupRetentionPeriod is 3 days; set at least 7/);
    expect(checked.status('LGSEC-DATA-INTEGRITY-HISTORY', 'BucketC2Kms')).toBe('not-applicable');
  });

  test('LGSEC-DATA-RETAIN-ON-DELETE', () => {
    expect(checked.status('LGSEC-DATA-RETAIN-ON-DELETE', 'BucketI2Ok')).toBe('compliant');
    expect(checked.status('LGSEC-DATA-RETAIN-ON-DELETE', 'BucketI2NoRetain')).toBe('warning');
    expect(checked.message('LGSEC-DATA-RETAIN-ON-DELETE', 'BucketI2NoRetain')).toMatch(
      /UpdateReplacePolicy is not set, so a change that replaces the store deletes the old one/,
    );
    expect(checked.message('LGSEC-DATA-RETAIN-ON-DELETE', 'BucketUnversionedNoPolicy')).toMatch(/DeletionPolicy is not set \(Delete\)/);
    expect(checked.status('LGSEC-DATA-RETAIN-ON-DELETE', 'DbI2Backup3')).toBe('compliant');
    expect(checked.status('LGSEC-DATA-RETAIN-ON-DELETE', 'BucketC2Kms')).toBe('not-applicable');
  });

  test('LGSEC-DATA-REGION-COPY', () => {
    expect(checked.message('LGSEC-DATA-REGION-COPY', 'BucketA2SameRegion')).toMatch(
      /replication goes to BucketI2Ok, a bucket in the same stack and region/,
    );
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'BucketA2Elsewhere')).toBe('warning');
    expect(checked.message('LGSEC-DATA-REGION-COPY', 'BucketA2Elsewhere')).toMatch(
      /'shiojiri-dr-osaka', a bucket outside the checked templates/,
    );
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'BucketA2Backup')).toBe('compliant');
    expect(checked.message('LGSEC-DATA-REGION-COPY', 'DbA2NoMultiAz')).toMatch(/MultiAZ is not true/);
  });

  test('LGSEC-C3-IN-MYNUMBER-ZONE', () => {
    expect(checked.message('LGSEC-C3-IN-MYNUMBER-ZONE', 'DbC3Default')).toMatch(/default VPC/);
    expect(checked.status('LGSEC-C3-IN-MYNUMBER-ZONE', 'DbC3InMy')).toBe('compliant');
    expect(checked.message('LGSEC-C3-IN-MYNUMBER-ZONE', 'DbC3InLgwan')).toMatch(/zone 'lgwan', not the My Number zone/);
    expect(checked.message('LGSEC-C3-IN-MYNUMBER-ZONE', 'FsC3')).toMatch(/mount target FsC3Mount is in zone 'lgwan'/);
    expect(checked.message('LGSEC-C3-IN-MYNUMBER-ZONE', 'VolumeC3')).toMatch(/instance LgInstance is in zone 'lgwan'/);
  });

  test('LGSEC-C3-BUCKET-ENDPOINT-ONLY', () => {
    expect(checked.message('LGSEC-C3-BUCKET-ENDPOINT-ONLY', 'BucketC3NoPolicy')).toMatch(/no AWS::S3::BucketPolicy/);
    expect(checked.status('LGSEC-C3-BUCKET-ENDPOINT-ONLY', 'BucketC3Perimeter')).toBe('compliant');
    expect(checked.status('LGSEC-C3-BUCKET-ENDPOINT-ONLY', 'BucketC2Kms')).toBe('not-applicable');
  });
});

describe('placement and classification rules on L2 constructs', () => {
  let checked: Checked;
  let ids: Record<string, string>;
  beforeAll(() => {
    const { app, stack } = tokyoStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const good = new s3.Bucket(stack, 'Good', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(good).add('lgsec:confidentiality', '2');
    Tags.of(good).add('lgsec:integrity', '2');
    Tags.of(good).add('lgsec:availability', '1');
    const managed = new s3.Bucket(stack, 'Managed', { encryption: s3.BucketEncryption.KMS_MANAGED, removalPolicy: RemovalPolicy.DESTROY });
    Tags.of(managed).add('lgsec:confidentiality', '2');
    Tags.of(managed).add('lgsec:integrity', '2');
    Tags.of(managed).add('lgsec:availability', '1');
    const table = new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(table).add('lgsec:confidentiality', '1');
    Tags.of(table).add('lgsec:integrity', '1');
    Tags.of(table).add('lgsec:availability', '1');
    checked = checkApp(app);
    ids = {
      good: stack.resolve((good.node.defaultChild as s3.CfnBucket).logicalId),
      managed: stack.resolve((managed.node.defaultChild as s3.CfnBucket).logicalId),
      table: stack.resolve((table.node.defaultChild as dynamodb.CfnGlobalTable).logicalId),
    };
  });

  test('a classified, CMK-encrypted, versioned, retained bucket passes', () => {
    for (const rule of [
      'LGSEC-DATA-CLASSIFICATION-TAG',
      'LGSEC-DATA-CMK-ENCRYPTION',
      'LGSEC-DATA-INTEGRITY-HISTORY',
      'LGSEC-DATA-RETAIN-ON-DELETE',
    ]) {
      expect(checked.status(rule, ids.good)).toBe('compliant');
    }
  });

  test('S3-managed KMS, no versioning and DESTROY fail', () => {
    expect(checked.message('LGSEC-DATA-CMK-ENCRYPTION', ids.managed)).toMatch(/KMSMasterKeyID is not set/);
    expect(checked.status('LGSEC-DATA-INTEGRITY-HISTORY', ids.managed)).toBe('error');
    expect(checked.message('LGSEC-DATA-RETAIN-ON-DELETE', ids.managed)).toMatch(/DeletionPolicy is 'Delete'/);
  });

  test('a TableV2 (global table) is a data store', () => {
    expect(checked.status('LGSEC-DATA-CLASSIFICATION-TAG', ids.table)).toBe('compliant');
    expect(checked.status('LGSEC-DATA-CMK-ENCRYPTION', ids.table)).toBe('not-applicable');
  });
});

describe('cross-region replication across checked templates', () => {
  test('a destination named with ${AWS::AccountId} is found in the Osaka template', () => {
    const name = { 'Fn::Join': ['', ['shiojiri-replica-', ref('AWS::AccountId')]] };
    const checked = checkPlain([
      {
        name: 'tokyo',
        region: 'ap-northeast-1',
        template: template({
          Source: bucket(
            {
              Tags: cls(1, 1, 2),
              VersioningConfiguration: { Status: 'Enabled' },
              ReplicationConfiguration: {
                Role: 'arn:aws:iam::111111111111:role/r',
                Rules: [
                  {
                    Status: 'Enabled',
                    Destination: {
                      Bucket: { 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':s3:::shiojiri-replica-', ref('AWS::AccountId')]] },
                    },
                  },
                ],
              },
            },
            retain,
          ),
          ToVirginia: bucket(
            {
              Tags: cls(1, 1, 2),
              VersioningConfiguration: { Status: 'Enabled' },
              ReplicationConfiguration: {
                Role: 'arn:aws:iam::111111111111:role/r',
                Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::shiojiri-virginia' } }],
              },
            },
            retain,
          ),
        }),
      },
      { name: 'osaka', region: 'ap-northeast-3', template: template({ Replica: bucket({ BucketName: name }) }) },
      { name: 'virginia', region: 'us-east-1', template: template({ Far: bucket({ BucketName: 'shiojiri-virginia' }) }) },
    ]);
    expect(checked.status('LGSEC-DATA-REGION-COPY', 'Source')).toBe('compliant');
    expect(checked.message('LGSEC-DATA-REGION-COPY', 'ToVirginia')).toMatch(/replication goes to 'shiojiri-virginia' in us-east-1/);
  });
});
