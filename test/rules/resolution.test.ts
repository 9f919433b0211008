import { Checked, checkPlain, getAtt, ref, tags, template, zoneVpc } from './harness';

const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const lambdaTrust = doc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
const sub = (text: string) => ({ 'Fn::Sub': text });
const tlsDeny = (bucketArn: unknown, objectsArn: unknown) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [bucketArn, objectsArn],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('a resource named however the template writes it', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template(
        {
          // Named by the same Fn::Sub in the bucket and its policy (AWS samples do this).
          SubNamed: { Type: 'AWS::S3::Bucket', Properties: { BucketName: sub('${AWS::StackName}-data-${AWS::AccountId}') } },
          SubNamedPolicy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: {
              Bucket: sub('${AWS::StackName}-data-${AWS::AccountId}'),
              PolicyDocument: doc([
                tlsDeny(
                  sub('arn:${AWS::Partition}:s3:::${AWS::StackName}-data-${AWS::AccountId}'),
                  sub('arn:${AWS::Partition}:s3:::${AWS::StackName}-data-${AWS::AccountId}/*'),
                ),
              ]),
            },
            DependsOn: 'SubNamed',
          },
          // Named by a literal name and a Join.
          Literal: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'lgsec-literal-bucket' } },
          LiteralPolicy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: {
              Bucket: 'lgsec-literal-bucket',
              PolicyDocument: doc([
                tlsDeny('arn:aws:s3:::lgsec-literal-bucket', {
                  'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':s3:::lgsec-literal-bucket/*']],
                }),
              ]),
            },
          },
          // Named by a parameter in both.
          ParamNamed: { Type: 'AWS::S3::Bucket', Properties: { BucketName: ref('BucketName') } },
          ParamNamedPolicy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: {
              Bucket: ref('BucketName'),
              PolicyDocument: doc([tlsDeny(sub('arn:aws:s3:::${BucketName}'), sub('arn:aws:s3:::${BucketName}/*'))]),
            },
          },
          // Another bucket's name is not this bucket.
          Other: { Type: 'AWS::S3::Bucket', Properties: { BucketName: sub('${AWS::StackName}-other') } },
        },
        { Parameters: { BucketName: { Type: 'String' } } },
      ),
    );
  });

  test('a bucket policy naming its bucket by the same Fn::Sub, literal or parameter counts', () => {
    expect(checked.status('LGSEC-S3-TLS-ONLY', 'SubNamed')).toBe('compliant');
    expect(checked.status('LGSEC-S3-TLS-ONLY', 'Literal')).toBe('compliant');
    expect(checked.status('LGSEC-S3-TLS-ONLY', 'ParamNamed')).toBe('compliant');
    expect(checked.status('LGSEC-S3-TLS-ONLY', 'Other')).toBe('error');
  });
});

describe('LGWAN separation seen through names, parameters and separate resources', () => {
  let checked: Checked;
  beforeAll(() => {
    const lgwan = template(
      {
        ...zoneVpc('LgVpc', 'lgwan', '10.2.0.0/16'),
        LgAttach: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('LgVpc'), SubnetIds: [ref('LgVpcSubnetA')], TransitGatewayId: ref('TransitGatewayId') },
        },
        LgAttachUnknown: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('LgVpc'), SubnetIds: [ref('LgVpcSubnetC')], TransitGatewayId: ref('SharedTgw') },
        },
        LgAttachImport: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('LgVpc'), SubnetIds: [ref('LgVpcSubnetC')], TransitGatewayId: { 'Fn::ImportValue': 'network-tgw' } },
        },
        LgBucket: { Type: 'AWS::S3::Bucket', Properties: { Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
        LgBucketPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('LgBucket'),
            PolicyDocument: doc([
              {
                Effect: 'Allow',
                Principal: { AWS: sub('arn:aws:iam::${AWS::AccountId}:role/${NetWriter}') },
                Action: 's3:PutObject',
                Resource: sub('${LgBucket.Arn}/*'),
              },
              {
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::111111111111:role/internet-uploader' },
                Action: 's3:PutObject',
                Resource: sub('${LgBucket.Arn}/*'),
              },
            ]),
          },
        },
        NetWriter: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: lambdaTrust, Tags: tags({ 'lgsec:zone': 'internet' }) },
        },
        // Ingress added to the VPC's default group by a separate resource reopens it.
        DefaultIngress: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: {
            GroupId: getAtt('LgVpc', 'DefaultSecurityGroup'),
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            CidrIp: '10.2.0.0/16',
          },
        },
      },
      { Parameters: { TransitGatewayId: { Type: 'String', Default: 'tgw-0123456789abcdef0' }, SharedTgw: { Type: 'String' } } },
    );
    const internet = template(
      {
        ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
        NetAttach: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetA')], TransitGatewayId: ref('TransitGatewayId') },
        },
        NetAttachUnknown: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetC')], TransitGatewayId: ref('SharedTgw') },
        },
        NetAttachImport: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetC')], TransitGatewayId: { 'Fn::ImportValue': 'network-tgw' } },
        },
        Uploader: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: 'internet-uploader', AssumeRolePolicyDocument: lambdaTrust, Tags: tags({ 'lgsec:zone': 'internet' }) },
        },
      },
      { Parameters: { TransitGatewayId: { Type: 'String', Default: 'tgw-0123456789abcdef0' }, SharedTgw: { Type: 'String' } } },
    );
    checked = checkPlain([
      { name: 'lgwan', template: lgwan, account: '111111111111' },
      { name: 'internet', template: internet, account: '111111111111' },
    ]);
  });

  test('an LGWAN VPC on a Transit Gateway the internet zone takes from the same parameter value or import is an error', () => {
    expect(checked.status('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgAttach')).toBe('error');
    expect(checked.message('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgAttach')).toMatch(
      /parameter TransitGatewayId is "tgw-0123456789abcdef0" \(its default\).*shared with NetAttach/,
    );
    expect(checked.status('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgAttachImport')).toBe('error');
  });

  test('the same parameter name without a value in both zones is a warning naming both', () => {
    expect(checked.status('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgAttachUnknown')).toBe('warning');
    expect(checked.message('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgAttachUnknown')).toMatch(
      /NetAttachUnknown .* takes its gateway from a parameter of the same name/,
    );
  });

  test('a bucket policy principal written as an ARN naming an internet-zone role is caught', () => {
    const message = checked.message('LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE', 'LgBucket');
    expect(message).toMatch(/internet-zone role NetWriter s3:PutObject/);
    expect(message).toMatch(/internet-zone role Uploader s3:PutObject/);
  });

  test('ingress added to the default security group by a separate resource reopens it', () => {
    expect(checked.status('LGSEC-DEFAULT-SG-CLOSED', 'LgVpc')).toBe('error');
    expect(checked.message('LGSEC-DEFAULT-SG-CLOSED', 'LgVpc')).toMatch(
      /DefaultIngress \(AWS::EC2::SecurityGroupIngress\) adds a rule to the default security group/,
    );
    expect(checked.status('LGSEC-DEFAULT-SG-CLOSED', 'NetVpc')).toBe('compliant');
  });
});
