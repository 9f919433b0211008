import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { resourceTypes } from './helpers';

describe('MyNumberZone', () => {
  let stack: Stack;
  let zone: MyNumberZone;
  let template: Template;

  beforeAll(() => {
    stack = new Stack(new App(), 'MyNumber', { env: { region: 'ap-northeast-1' } });
    zone = new MyNumberZone(stack, 'Zone', { cidr: '10.10.0.0/16' });
    zone.addSecurityGroup('App', { description: 'app servers', ingressPorts: [5432] });
    template = Template.fromStack(stack);
  });

  test('has no path out of the VPC: no gateway, NAT, VPN, peering or Transit Gateway of any kind', () => {
    const forbidden = [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::EgressOnlyInternetGateway',
      'AWS::EC2::NatGateway',
      'AWS::EC2::VPNGateway',
      'AWS::EC2::VPCGatewayAttachment',
      'AWS::EC2::VPNConnection',
      'AWS::EC2::CustomerGateway',
      'AWS::EC2::VPCPeeringConnection',
      'AWS::EC2::TransitGatewayAttachment',
      'AWS::EC2::TransitGatewayVpcAttachment',
      'AWS::EC2::EIP',
    ];
    const types = resourceTypes(template);
    expect(forbidden.filter((t) => types.has(t))).toEqual([]);
    template.resourceCountIs('AWS::EC2::Route', 0);
  });

  test('subnets are isolated, spread over two AZs, and never map public IPs', () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    expect(Object.keys(subnets)).toHaveLength(2);
    const azs = Object.values(subnets).map((s) => JSON.stringify(s.Properties.AvailabilityZone));
    expect(new Set(azs).size).toBe(2);
    for (const subnet of Object.values(subnets)) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('the VPC carries lgsec:zone=mynumber', () => {
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.10.0.0/16',
      Tags: Match.arrayWith([{ Key: 'lgsec:zone', Value: 'mynumber' }]),
    });
  });

  test('flow log captures ALL traffic into a KMS-encrypted log group kept a year and retained', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'logs.ap-northeast-1.amazonaws.com' },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
            }),
          ]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the default security group is closed', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('S3 and DynamoDB gateway endpoints deny everything while the zone has no bucket or table of its own', () => {
    for (const service of ['s3', 'dynamodb']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ServiceName: { 'Fn::Join': ['', Match.arrayWith([`.${service}`])] },
        VpcEndpointType: 'Gateway',
        PolicyDocument: {
          Statement: [{ Sid: Match.anyValue(), Effect: 'Deny', Principal: { AWS: '*' }, Action: `${service}:*`, Resource: '*' }],
        },
      });
    }
  });

  test('interface endpoints default to KMS, STS and Logs, each with an explicit policy', () => {
    const endpoints = template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } });
    const names = Object.values(endpoints).map((e) => JSON.stringify(e.Properties.ServiceName));
    expect(names.map((n) => /\.(kms|sts|logs)"/.exec(n)?.[1]).sort()).toEqual(['kms', 'logs', 'sts']);
    for (const endpoint of Object.values(endpoints)) {
      expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
      expect(endpoint.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Sid: 'OnlyThisAccountsPrincipalsAndResources',
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' }, 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      );
    }
    const kms = Object.values(endpoints).find((e) => JSON.stringify(e.Properties.ServiceName).includes('.kms"'))!;
    expect(kms.Properties.PolicyDocument.Statement[0].Action).not.toEqual(expect.arrayContaining(['kms:PutKeyPolicy']));
    expect(kms.Properties.PolicyDocument.Statement[0].Action).toContain('kms:Decrypt');
    expect(zone.vpcEndpointIds).toHaveLength(5);
  });

  test('security groups admit and reach only the VPC CIDR', () => {
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup'));
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      for (const rule of group.Properties.SecurityGroupIngress ?? []) {
        expect(rule.CidrIp).toBe('10.10.0.0/16');
      }
      for (const rule of group.Properties.SecurityGroupEgress) {
        expect(['10.10.0.0/16', '255.255.255.255/32']).toContain(rule.CidrIp);
      }
    }
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'app servers',
      SecurityGroupIngress: [Match.objectLike({ FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' })],
      SecurityGroupEgress: [Match.objectLike({ FromPort: 443, ToPort: 443 })],
    });
  });

  test('perimeter statements deny requests not through the zone endpoints, exempting AWS services and named principals', () => {
    const [statement] = zone.denyOutsidePerimeterStatements(['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], {
      exemptPrincipalArns: ['arn:aws:iam::111122223333:role/replication'],
    });
    const json = stack.resolve(statement.toStatementJson());
    expect(json).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      Condition: {
        Bool: { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' },
        ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/replication'] },
      },
    });
    expect(json.Condition.StringNotEquals['aws:SourceVpce']).toHaveLength(5);
  });
});

describe('MyNumberZone options', () => {
  test('custom interface endpoints and three AZs', () => {
    const stack = new Stack(new App(), 'S', { env: { region: 'ap-northeast-1' } });
    new MyNumberZone(stack, 'Zone', {
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    expect(Object.keys(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))).toHaveLength(1);
  });

  test('a flow log destination passed in replaces the default log group', () => {
    const stack = new Stack(new App(), 'S');
    const group = new logs.LogGroup(stack, 'Central', { retention: logs.RetentionDays.TWO_YEARS });
    new MyNumberZone(stack, 'Zone', { flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(group) });
    const template = Template.fromStack(stack);
    // Only the DNS query log group (and its key) is left.
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.resourceCountIs('AWS::KMS::Key', 1);
  });

  test('fails on a malformed CIDR, naming the value and the fix', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new MyNumberZone(stack, 'Zone', { cidr: '10.0.0.300/16' })).toThrow(/cidr: '10.0.0.300\/16' has an octet above 255/);
    expect(() => new MyNumberZone(stack, 'Zone2', { cidr: '10.0.0.1/16' })).toThrow(/host bits set; the block starts at 10.0.0.0\/16/);
    expect(() => new MyNumberZone(stack, 'Zone3', { cidr: '10.0.0.0/8' })).toThrow(/larger than a \/16/);
    expect(() => new MyNumberZone(stack, 'Zone4', { cidr: 'ten' })).toThrow(/not an IPv4 CIDR block; write it like 10.10.0.0\/16/);
  });

  test('fails with fewer than two AZs, and reports every problem at once', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new MyNumberZone(stack, 'Zone', { maxAzs: 1, cidr: 'x' })).toThrow(
      /cidr: 'x'[\s\S]*maxAzs: 1 is fewer than two Availability Zones/,
    );
    expect(() => new MyNumberZone(stack, 'Zone2', { availabilityZones: ['ap-northeast-1a'] })).toThrow(/fewer than two/);
    expect(() => new MyNumberZone(stack, 'Zone3', { availabilityZones: ['ap-northeast-1a', 'ap-northeast-1a'] })).toThrow(/repeats a zone/);
    expect(() => new MyNumberZone(stack, 'Zone4', { maxAzs: 2, availabilityZones: ['a', 'b'] })).toThrow(/both set/);
  });

  test('fails on short flow log retention and a listed-twice endpoint', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new MyNumberZone(stack, 'Zone', { flowLogRetention: logs.RetentionDays.ONE_MONTH })).toThrow(
      /30 days is below the policy's floor of 365 days/,
    );
    expect(
      () =>
        new MyNumberZone(stack, 'Zone2', {
          interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.KMS, ec2.InterfaceVpcEndpointAwsService.KMS],
        }),
    ).toThrow(/lists 'kms' twice/);
  });

  test('skips tokens instead of rejecting them', () => {
    const stack = new Stack(new App(), 'S');
    const zone = new MyNumberZone(stack, 'Zone', { cidr: stack.resolve('10.0.0.0/16') });
    expect(zone.cidr).toBe('10.0.0.0/16');
  });
});
