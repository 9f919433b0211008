import { Checked, checkPlain, ref, template } from './harness';

const trust = (principal: unknown, condition?: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});
const guarded = { PermissionsBoundary: 'arn:aws:iam::111111111111:policy/boundary', MaxSessionDuration: 3600 };

describe('outsourcing, residency and availability rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain([
      {
        name: 'test',
        account: '111111111111',
        template: template(
          {
            ContractorOk: {
              Type: 'AWS::IAM::Role',
              Properties: {
                ...guarded,
                AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::222222222222:root' }, { StringEquals: { 'sts:ExternalId': 'x' } }),
              },
            },
            ContractorMfa: {
              Type: 'AWS::IAM::Role',
              Properties: {
                ...guarded,
                AssumeRolePolicyDocument: trust({ AWS: '222222222222' }, { Bool: { 'aws:MultiFactorAuthPresent': true } }),
              },
            },
            ContractorBare: {
              Type: 'AWS::IAM::Role',
              Properties: { MaxSessionDuration: 43200, AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::222222222222:role/ops' }) },
            },
            SameAccount: {
              Type: 'AWS::IAM::Role',
              Properties: { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::111111111111:root' }) },
            },
            ServiceRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) } },
            ParamAccount: {
              Type: 'AWS::IAM::Role',
              Properties: { AssumeRolePolicyDocument: trust({ AWS: { 'Fn::Sub': 'arn:aws:iam::${Partner}:root' } }) },
            },
            Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'arn:aws:kms:ap-northeast-1:111111111111:key/abc' } },
            ForeignQueue: {
              Type: 'AWS::SQS::Queue',
              Properties: { RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-west-2:111111111111:dlq' } },
            },
            SubReplicaBucket: {
              Type: 'AWS::S3::Bucket',
              Properties: {
                ReplicationConfiguration: {
                  Role: 'arn:aws:iam::111111111111:role/replication',
                  Rules: [
                    {
                      Status: 'Enabled',
                      Destination: {
                        Bucket: 'arn:aws:s3:::replica',
                        EncryptionConfiguration: {
                          ReplicaKmsKeyID: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:us-west-2:${AWS::AccountId}:key/replica' },
                        },
                      },
                    },
                  ],
                },
              },
            },
            SubJapanTopic: {
              Type: 'AWS::SNS::Topic',
              Properties: { KmsMasterKeyId: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:ap-northeast-3:${AWS::AccountId}:key/k' } },
            },
            GlobalTable: {
              Type: 'AWS::DynamoDB::GlobalTable',
              Properties: { KeySchema: [], AttributeDefinitions: [], Replicas: [{ Region: 'ap-northeast-1' }, { Region: 'eu-west-1' }] },
            },
            Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
            VirginiaVolume: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'us-east-1a', Size: 1 } },
            SubnetA: {
              Type: 'AWS::EC2::Subnet',
              Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } },
            },
            SubnetB: {
              Type: 'AWS::EC2::Subnet',
              Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.1.0/24', AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } },
            },
            OneAzVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
            OneAzA: {
              Type: 'AWS::EC2::Subnet',
              Properties: { VpcId: ref('OneAzVpc'), CidrBlock: '10.1.0.0/24', AvailabilityZoneId: 'apne1-az1' },
            },
            OneAzB: {
              Type: 'AWS::EC2::Subnet',
              Properties: { VpcId: ref('OneAzVpc'), CidrBlock: '10.1.1.0/24', AvailabilityZoneId: 'apne1-az1' },
            },
            ParamAzVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.2.0.0/16' } },
            ParamAzA: {
              Type: 'AWS::EC2::Subnet',
              Properties: { VpcId: ref('ParamAzVpc'), CidrBlock: '10.2.0.0/24', AvailabilityZone: ref('Az') },
            },
            NoSubnetVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.3.0.0/16' } },
          },
          { Parameters: { Partner: { Type: 'String' }, Az: { Type: 'AWS::EC2::AvailabilityZone::Name' } } },
        ),
      },
    ]);
  });

  test('LGSEC-CROSS-ACCOUNT-ROLE', () => {
    expect(checked.status('LGSEC-CROSS-ACCOUNT-ROLE', 'ContractorOk')).toBe('compliant');
    expect(checked.status('LGSEC-CROSS-ACCOUNT-ROLE', 'ContractorMfa')).toBe('compliant');
    const message = checked.message('LGSEC-CROSS-ACCOUNT-ROLE', 'ContractorBare');
    expect(message).toMatch(/lets arn:aws:iam::222222222222:role\/ops assume the role without sts:ExternalId or MFA/);
    expect(message).toMatch(/MaxSessionDuration is 43200 seconds; at most 3600/);
    expect(message).toMatch(/PermissionsBoundary is not set/);
    expect(checked.status('LGSEC-CROSS-ACCOUNT-ROLE', 'SameAccount')).toBe('not-applicable');
    expect(checked.status('LGSEC-CROSS-ACCOUNT-ROLE', 'ServiceRole')).toBe('not-applicable');
    expect(checked.status('LGSEC-CROSS-ACCOUNT-ROLE', 'ParamAccount')).toBe('warning');
  });

  test('LGSEC-EXPLICIT-REGION-JAPAN', () => {
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'Topic')).toBe('compliant');
    expect(checked.message('LGSEC-EXPLICIT-REGION-JAPAN', 'ForeignQueue')).toMatch(
      /RedrivePolicy.deadLetterTargetArn names us-west-2, outside Japan/,
    );
    expect(checked.message('LGSEC-EXPLICIT-REGION-JAPAN', 'GlobalTable')).toMatch(/Replicas.Region names eu-west-1/);
    expect(checked.message('LGSEC-EXPLICIT-REGION-JAPAN', 'VirginiaVolume')).toMatch(/AvailabilityZone names us-east-1, outside Japan/);
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'SubnetA')).toBe('compliant');
    // `${AWS::Partition}` holds colons of its own: the region after it is still read.
    expect(checked.message('LGSEC-EXPLICIT-REGION-JAPAN', 'SubReplicaBucket')).toMatch(
      /ReplicationConfiguration\.Rules\.Destination\.EncryptionConfiguration\.ReplicaKmsKeyID names us-west-2, outside Japan/,
    );
    expect(checked.status('LGSEC-EXPLICIT-REGION-JAPAN', 'SubJapanTopic')).toBe('compliant');
  });

  test('LGSEC-STACK-REGION-JAPAN', () => {
    expect(checked.status('LGSEC-STACK-REGION-JAPAN', '')).toBe('compliant');
  });

  test('LGSEC-VPC-MULTI-AZ', () => {
    expect(checked.status('LGSEC-VPC-MULTI-AZ', 'Vpc')).toBe('compliant');
    expect(checked.message('LGSEC-VPC-MULTI-AZ', 'OneAzVpc')).toMatch(/all 2 subnets are in one Availability Zone \(apne1-az1\)/);
    expect(checked.status('LGSEC-VPC-MULTI-AZ', 'ParamAzVpc')).toBe('warning');
    expect(checked.message('LGSEC-VPC-MULTI-AZ', 'NoSubnetVpc')).toMatch(/no subnets/);
  });
});
