import { TemplateIndex } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';
import { getAtt, ref, tags, template } from '../rules/harness';

const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', Tags: tags({ 'lgsec:zone': 'mynumber' }) } };

function indexOf(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): TemplateIndex {
  return new TemplateModel([{ name: 't', template: template(resources, extra), region: 'ap-northeast-1' }]).templates[0];
}

describe('zone resolution', () => {
  const index = indexOf(
    {
      Vpc: vpc,
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: '10.1.0.0/24' } },
      RouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
      Route: {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: ref('RouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' },
      },
      Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: ref('Vpc') } },
      Ingress: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: getAtt('Group', 'GroupId'), IpProtocol: '-1', CidrIp: '10.1.0.0/16' },
      },
      Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('Vpc'), ServiceName: 's3' } },
      TgwAttachment: {
        Type: 'AWS::EC2::TransitGatewayAttachment',
        Properties: { VpcId: ref('Vpc'), SubnetIds: [ref('Subnet')], TransitGatewayId: 'tgw-1' },
      },
      GatewayAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc'), VpnGatewayId: 'vgw-1' } },
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('Subnet') } },
      MountTarget: { Type: 'AWS::EFS::MountTarget', Properties: { FileSystemId: 'fs-1', SubnetId: ref('Subnet'), SecurityGroups: [] } },
      DbSubnets: { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: 'd', SubnetIds: [ref('Subnet')] } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBSubnetGroupName: ref('DbSubnets') } },
      CacheSubnets: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: 'c', SubnetIds: [ref('Subnet')] } },
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { ReplicationGroupDescription: 'c', CacheSubnetGroupName: ref('CacheSubnets') },
      },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { VpcConfig: { SubnetIds: [ref('Subnet')], SecurityGroupIds: [ref('Group')] } } },
      Instance: { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: ref('Subnet') }] } },
      Eni: { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: { 'Fn::Sub': '${Subnet}' } } },
      FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceType: 'VPC', ResourceId: ref('Vpc'), TrafficType: 'ALL' } },
      ImportedGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'g', VpcId: { 'Fn::ImportValue': 'Shared-VpcId' } },
      },
      ParamGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: ref('VpcId') } },
      LiteralGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: 'vpc-0123' } },
      UntaggedVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.2.0.0/16' } },
      UntaggedGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: ref('UntaggedVpc') } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    },
    { Parameters: { VpcId: { Type: 'AWS::EC2::VPC::Id' } } },
  );
  const zone = (id: string) => index.zoneOf(index.resources.get(id)!);

  test.each([
    'Subnet',
    'RouteTable',
    'Route',
    'Group',
    'Ingress',
    'Endpoint',
    'TgwAttachment',
    'GatewayAttachment',
    'Nat',
    'MountTarget',
    'DbSubnets',
    'Db',
    'Cache',
    'Fn',
    'Instance',
    'Eni',
    'FlowLog',
  ])('%s is followed to the mynumber VPC', (id) => {
    expect(zone(id)).toEqual(expect.objectContaining({ known: true, zone: 'mynumber' }));
  });

  test('a reference that leaves the template says how', () => {
    expect(zone('ImportedGroup')).toEqual({
      known: false,
      unresolved: true,
      why: "its VPC comes from import 'Shared-VpcId' (exported by a stack that is not checked here; it leaves the template)",
    });
    expect(zone('ParamGroup')).toEqual({
      known: false,
      unresolved: true,
      why: "its VPC comes from parameter 'VpcId' (its value leaves the template)",
    });
    expect(zone('LiteralGroup')).toEqual({ known: false, unresolved: true, why: 'its VPC vpc-0123 is not in the checked templates' });
  });

  test('an untagged VPC and a resource outside any VPC are known to have no zone', () => {
    expect(zone('UntaggedGroup')).toEqual(
      expect.objectContaining({ known: false, unresolved: false, why: 'VPC UntaggedVpc has no valid lgsec:zone tag' }),
    );
    expect(zone('Topic')).toEqual({ known: false, unresolved: false, why: 'it is not in a VPC' });
  });

  test('reverse references are built once and found by type', () => {
    const found = index.referrersOf(index.resources.get('Vpc')!, 'AWS::EC2::FlowLog');
    expect(found.map((f) => f.resource.logicalId)).toEqual(['FlowLog']);
  });
});

describe('references', () => {
  test('a reference cycle in a malformed template does not loop', () => {
    const index = indexOf({
      A: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: ref('B') } },
      B: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: ref('A') } },
    });
    expect(index.zoneOf(index.resources.get('A')!).known).toBe(false);
  });

  test('literal strings are joined, and pseudo parameters use the known region', () => {
    const index = indexOf({});
    expect(index.literalString({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] })).toBe('a-ap-northeast-1');
    expect(index.follow({ Ref: 'AWS::StackName' })).toEqual({ kind: 'external', why: 'the pseudo parameter AWS::StackName' });
    expect(index.follow({ 'Fn::If': ['IsProd', 'a', 'b'] })).toEqual({ kind: 'external', why: "a value chosen by condition 'IsProd'" });
  });
});
