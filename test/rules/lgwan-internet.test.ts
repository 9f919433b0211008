import { CfnElement, Tags, aws_ec2 as ec2, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Checked, checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack, zoneVpc } from './harness';

const policyDoc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const lambdaTrust = policyDoc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);

describe('LGWAN zone rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template({
        ...zoneVpc('LgVpc', 'lgwan', '10.2.0.0/16'),
        ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
        ...zoneVpc('MyVpc', 'mynumber', '10.1.0.0/16'),
        LgRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('LgVpc') } },
        Igw: { Type: 'AWS::EC2::InternetGateway' },
        LgIgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('LgVpc'), InternetGatewayId: ref('Igw') } },
        LgNat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('LgVpcSubnetA') } },
        LgNatRoute: {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ref('LgRt'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('LgNat') },
        },
        LgEigwRoute: {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ref('LgRt'), DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0abc' },
        },
        LgTgwRoute: {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ref('LgRt'), DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: ref('LgTgw') },
        },
        LgTgw: { Type: 'AWS::EC2::TransitGateway', Properties: {} },
        SharedTgw: { Type: 'AWS::EC2::TransitGateway', Properties: {} },
        LgOwnAttach: {
          Type: 'AWS::EC2::TransitGatewayAttachment',
          Properties: { VpcId: ref('LgVpc'), SubnetIds: [ref('LgVpcSubnetA')], TransitGatewayId: ref('LgTgw') },
        },
        MyOwnAttach: {
          Type: 'AWS::EC2::TransitGatewayAttachment',
          Properties: { VpcId: ref('MyVpc'), SubnetIds: [ref('MyVpcSubnetA')], TransitGatewayId: ref('LgTgw') },
        },
        LgSharedAttach: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('LgVpc'), SubnetIds: [ref('LgVpcSubnetC')], TransitGatewayId: ref('SharedTgw') },
        },
        NetSharedAttach: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetA')], TransitGatewayId: ref('SharedTgw') },
        },
        LgNetPeering: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: ref('LgVpc'), PeerVpcId: ref('NetVpc') } },
        LgMyPeering: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: ref('LgVpc'), PeerVpcId: ref('MyVpc') } },
        LgSg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'lg',
            VpcId: ref('LgVpc'),
            SecurityGroupIngress: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.9.4.0/24' },
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.2.0.0/16' },
            ],
          },
        },
        LgSgOk: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'ok',
            VpcId: ref('LgVpc'),
            SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.1.0.0/16' }],
          },
        },
        NetSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'net', VpcId: ref('NetVpc') } },
        LgFromNetSg: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: ref('LgSgOk'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: ref('NetSg') },
        },
        LgFromNetCidr: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: ref('LgSgOk'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: getAtt('NetVpc', 'CidrBlock') },
        },
        // Buckets and the internet zone's writers
        LgBucket: { Type: 'AWS::S3::Bucket', Properties: { Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
        LgBucketOk: { Type: 'AWS::S3::Bucket', Properties: { Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
        NetWriter: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: lambdaTrust, Tags: tags({ 'lgsec:zone': 'internet' }) },
        },
        Sanitizer: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: lambdaTrust,
            Tags: tags({ 'lgsec:zone': 'internet', 'lgsec:purpose': 'sanitizing-transfer' }),
          },
        },
        NetFnRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: lambdaTrust } },
        NetFn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Role: getAtt('NetFnRole', 'Arn'),
            Code: { ZipFile: 'x' },
            VpcConfig: { SubnetIds: [ref('NetVpcSubnetA')], SecurityGroupIds: [ref('NetSg')] },
          },
        },
        LgBucketPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('LgBucket'),
            PolicyDocument: policyDoc([
              {
                Effect: 'Allow',
                Principal: { AWS: getAtt('NetWriter', 'Arn') },
                Action: 's3:Put*',
                Resource: { 'Fn::Join': ['', [getAtt('LgBucket', 'Arn'), '/*']] },
              },
            ]),
          },
        },
        LgBucketOkPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('LgBucketOk'),
            PolicyDocument: policyDoc([
              {
                Effect: 'Allow',
                Principal: { AWS: getAtt('Sanitizer', 'Arn') },
                Action: 's3:PutObject',
                Resource: { 'Fn::Sub': '${LgBucketOk.Arn}/*' },
              },
              {
                Effect: 'Allow',
                Principal: { AWS: getAtt('NetWriter', 'Arn') },
                Action: 's3:GetObject',
                Resource: { 'Fn::Sub': '${LgBucketOk.Arn}/*' },
              },
            ]),
          },
        },
        NetFnPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'p',
            Roles: [ref('NetFnRole')],
            PolicyDocument: policyDoc([
              { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: { 'Fn::Join': ['', [getAtt('LgBucket', 'Arn'), '/*']] } },
            ]),
          },
        },
      }),
    );
  });

  test('LGSEC-LGWAN-NO-INTERNET-PATH', () => {
    for (const id of ['LgIgwAttach', 'LgNat', 'LgNatRoute', 'LgEigwRoute'])
      expect([id, checked.status('LGSEC-LGWAN-NO-INTERNET-PATH', id)]).toEqual([id, 'error']);
    expect(checked.status('LGSEC-LGWAN-NO-INTERNET-PATH', 'LgTgwRoute')).toBe('compliant');
    expect(checked.message('LGSEC-LGWAN-NO-INTERNET-PATH', 'LgNatRoute')).toMatch(/goes to a NAT gateway in the LGWAN zone/);
  });

  test('LGSEC-LGWAN-SEPARATE-ROUTING', () => {
    expect(checked.status('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgOwnAttach')).toBe('compliant');
    expect(checked.message('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgSharedAttach')).toMatch(/shared with NetSharedAttach \(zone 'internet'\)/);
    expect(checked.status('LGSEC-LGWAN-SEPARATE-ROUTING', 'NetSharedAttach')).toBe('not-applicable');
    expect(checked.message('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgNetPeering')).toMatch(/connects the LGWAN zone with zone 'internet'/);
    expect(checked.status('LGSEC-LGWAN-SEPARATE-ROUTING', 'LgMyPeering')).toBe('compliant');
  });

  test('LGSEC-LGWAN-NO-INTERNET-INGRESS', () => {
    expect(checked.message('LGSEC-LGWAN-NO-INTERNET-INGRESS', 'LgSg')).toMatch(
      /admits 10.9.4.0\/24, which overlaps internet-zone VPC NetVpc/,
    );
    expect(checked.status('LGSEC-LGWAN-NO-INTERNET-INGRESS', 'LgSgOk')).toBe('compliant');
    expect(checked.message('LGSEC-LGWAN-NO-INTERNET-INGRESS', 'LgFromNetSg')).toMatch(/admits security group NetSg of the internet zone/);
    expect(checked.message('LGSEC-LGWAN-NO-INTERNET-INGRESS', 'LgFromNetCidr')).toMatch(/admits the CIDR of internet-zone VPC NetVpc/);
    expect(checked.status('LGSEC-LGWAN-NO-INTERNET-INGRESS', 'NetSg')).toBe('not-applicable');
  });

  test('LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE', () => {
    const message = checked.message('LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE', 'LgBucket');
    expect(message).toMatch(/the bucket policy lets internet-zone role NetWriter s3:PutObject/);
    expect(message).toMatch(/policy NetFnPolicy of internet-zone role NetFnRole allows s3:DeleteObject on the bucket/);
    expect(checked.status('LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE', 'LgBucketOk')).toBe('compliant');
  });
});

const firewallPolicy = (body: Record<string, unknown>) => ({
  Type: 'AWS::NetworkFirewall::FirewallPolicy',
  Properties: { FirewallPolicyName: 'p', FirewallPolicy: body },
});
const strictBody = {
  StatelessDefaultActions: ['aws:forward_to_sfe'],
  StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
  StatefulDefaultActions: ['aws:drop_strict', 'aws:alert_strict'],
  StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
};

describe('internet zone and security cloud rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template({
        ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
        ...zoneVpc('BadNetVpc', 'internet', '10.8.0.0/16'),
        ...zoneVpc('CloudVpc', 'security-cloud', '10.100.0.0/16'),
        ...zoneVpc('EmptyCloudVpc', 'security-cloud', '10.101.0.0/16'),
        NetRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('NetVpc') } },
        NetDefault: {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ref('NetRt'), DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: ref('CloudTgw') },
          DependsOn: 'NetAttach',
        },
        NetAttach: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('NetVpc'), SubnetIds: [ref('NetVpcSubnetA'), ref('NetVpcSubnetC')], TransitGatewayId: ref('CloudTgw') },
        },
        NetDns: {
          Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
          Properties: { FirewallRuleGroupId: ref('RuleGroup'), VpcId: ref('NetVpc'), Priority: 101 },
        },
        CloudDns: {
          Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
          Properties: { FirewallRuleGroupId: ref('RuleGroup'), VpcId: ref('CloudVpc'), Priority: 101 },
        },
        RuleGroup: { Type: 'AWS::Route53Resolver::FirewallRuleGroup', Properties: { FirewallRules: [] } },
        BadRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('BadNetVpc') } },
        Igw: { Type: 'AWS::EC2::InternetGateway' },
        BadIgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('BadNetVpc'), InternetGatewayId: ref('Igw') } },
        BadNat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('BadNetVpcSubnetA'), AllocationId: 'eipalloc-1' } },
        BadDefault: {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ref('BadRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') },
        },
        CloudTgw: {
          Type: 'AWS::EC2::TransitGateway',
          Properties: {
            DefaultRouteTableAssociation: 'disable',
            DefaultRouteTablePropagation: 'disable',
            Tags: tags({ 'lgsec:zone': 'security-cloud' }),
          },
        },
        CloudTgwLoose: { Type: 'AWS::EC2::TransitGateway', Properties: { DefaultRouteTablePropagation: 'disable' } },
        CloudLooseAttach: {
          Type: 'AWS::EC2::TransitGatewayVpcAttachment',
          Properties: { VpcId: ref('CloudVpc'), SubnetIds: [ref('CloudVpcSubnetA')], TransitGatewayId: ref('CloudTgwLoose') },
        },
        OtherTgw: { Type: 'AWS::EC2::TransitGateway', Properties: {} },
        StrictPolicy: firewallPolicy(strictBody),
        LoosePolicy: firewallPolicy({
          StatelessDefaultActions: ['aws:pass'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatefulDefaultActions: ['aws:alert_strict'],
        }),
        AppLayerPolicy: firewallPolicy({ ...strictBody, StatefulDefaultActions: ['aws:drop_established_app_layer'] }),
        Firewall: {
          Type: 'AWS::NetworkFirewall::Firewall',
          Properties: {
            FirewallName: 'fw',
            FirewallPolicyArn: ref('StrictPolicy'),
            VpcId: ref('CloudVpc'),
            SubnetMappings: [{ SubnetId: ref('CloudVpcSubnetA') }],
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
                { LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: 'alerts' } },
                { LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: 'flows' } },
              ],
            },
          },
        },
        FirewallBare: {
          Type: 'AWS::NetworkFirewall::Firewall',
          Properties: {
            FirewallName: 'bare',
            FirewallPolicyArn: ref('StrictPolicy'),
            VpcId: ref('CloudVpc'),
            SubnetMappings: [],
            DeleteProtection: true,
          },
        },
        FirewallAlertOnly: {
          Type: 'AWS::NetworkFirewall::Firewall',
          Properties: { FirewallName: 'alert', FirewallPolicyArn: ref('StrictPolicy'), VpcId: ref('CloudVpc'), SubnetMappings: [] },
        },
        AlertOnlyLogs: {
          Type: 'AWS::NetworkFirewall::LoggingConfiguration',
          Properties: {
            FirewallArn: getAtt('FirewallAlertOnly', 'FirewallArn'),
            LoggingConfiguration: {
              LogDestinationConfigs: [{ LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: 'x' } }],
            },
          },
        },
      }),
    );
  });

  test('LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD', () => {
    expect(checked.status('LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD', 'NetVpc')).toBe('compliant');
    const message = checked.message('LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD', 'BadNetVpc');
    expect(message).toMatch(/Internet Gateway attachment BadIgwAttach/);
    expect(message).toMatch(/NAT gateway BadNat is in subnet BadNetVpcSubnetA/);
    expect(message).toMatch(/default route BadDefault goes to internet-gateway, not a Transit Gateway/);
    expect(checked.status('LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD', 'CloudVpc')).toBe('not-applicable');
  });

  test('LGSEC-FIREWALL-POLICY-STRICT', () => {
    expect(checked.status('LGSEC-FIREWALL-POLICY-STRICT', 'StrictPolicy')).toBe('compliant');
    expect(checked.status('LGSEC-FIREWALL-POLICY-STRICT', 'AppLayerPolicy')).toBe('compliant');
    const message = checked.message('LGSEC-FIREWALL-POLICY-STRICT', 'LoosePolicy');
    expect(message).toMatch(/RuleOrder is not set \(DEFAULT_ACTION_ORDER\), not STRICT_ORDER/);
    expect(message).toMatch(/no drop default/);
    expect(message).toMatch(/StatelessDefaultActions \(\["aws:pass"\]\) does not forward/);
  });

  test('LGSEC-FIREWALL-LOGGING', () => {
    expect(checked.status('LGSEC-FIREWALL-LOGGING', 'Firewall')).toBe('compliant');
    expect(checked.message('LGSEC-FIREWALL-LOGGING', 'FirewallBare')).toMatch(
      /no AWS::NetworkFirewall::LoggingConfiguration refers to the firewall/,
    );
    expect(checked.message('LGSEC-FIREWALL-LOGGING', 'FirewallAlertOnly')).toMatch(/no FLOW log destination/);
  });

  test('LGSEC-FIREWALL-PROTECTION', () => {
    expect(checked.status('LGSEC-FIREWALL-PROTECTION', 'Firewall')).toBe('compliant');
    expect(checked.message('LGSEC-FIREWALL-PROTECTION', 'FirewallBare')).toMatch(
      /SubnetChangeProtection is not true; FirewallPolicyChangeProtection is not true/,
    );
  });

  test('LGSEC-DNS-FIREWALL', () => {
    expect(checked.status('LGSEC-DNS-FIREWALL', 'NetVpc')).toBe('compliant');
    expect(checked.status('LGSEC-DNS-FIREWALL', 'CloudVpc')).toBe('compliant');
    expect(checked.message('LGSEC-DNS-FIREWALL', 'BadNetVpc')).toMatch(/no AWS::Route53Resolver::FirewallRuleGroupAssociation/);
  });

  test('LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE', () => {
    expect(checked.status('LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE', 'CloudTgw')).toBe('compliant');
    expect(checked.message('LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE', 'CloudTgwLoose')).toMatch(
      /DefaultRouteTableAssociation is not set \(enable\), not disable/,
    );
    expect(checked.status('LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE', 'OtherTgw')).toBe('not-applicable');
  });

  test('LGSEC-SECURITY-CLOUD-INSPECTION', () => {
    expect(checked.status('LGSEC-SECURITY-CLOUD-INSPECTION', 'CloudVpc')).toBe('compliant');
    expect(checked.message('LGSEC-SECURITY-CLOUD-INSPECTION', 'EmptyCloudVpc')).toMatch(
      /no AWS::NetworkFirewall::Firewall is placed in the VPC/,
    );
    expect(checked.status('LGSEC-SECURITY-CLOUD-INSPECTION', 'NetVpc')).toBe('not-applicable');
  });
});

describe('zone rules on L2 constructs', () => {
  let checked: Checked;
  let ids: Record<string, string>;
  beforeAll(() => {
    const { app, stack } = tokyoStack();
    const id = (c: IConstruct) => stack.resolve((c.node.defaultChild as CfnElement).logicalId) as string;
    // An internet zone that breaks out by itself: public subnets with an IGW and a NAT gateway.
    const internet = new ec2.Vpc(stack, 'Internet', { maxAzs: 2, natGateways: 1 });
    Tags.of(internet).add('lgsec:zone', 'internet');
    // An LGWAN zone built with isolated subnets only.
    const lgwan = new ec2.Vpc(stack, 'Lgwan', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    Tags.of(lgwan).add('lgsec:zone', 'lgwan');
    const fromInternet = new ec2.SecurityGroup(stack, 'FromInternet', { vpc: lgwan, allowAllOutbound: false });
    fromInternet.addIngressRule(ec2.Peer.ipv4(internet.vpcCidrBlock), ec2.Port.tcp(443));
    const bucket = new s3.Bucket(stack, 'Inbox');
    Tags.of(bucket).add('lgsec:zone', 'lgwan');
    const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    Tags.of(writer).add('lgsec:zone', 'internet');
    bucket.grantPut(writer);
    checked = checkApp(app);
    ids = { internet: id(internet), lgwan: id(lgwan), fromInternet: id(fromInternet), bucket: id(bucket) };
  });

  test('an ec2.Vpc with NAT gateways is not an internet zone', () => {
    expect(checked.message('LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD', ids.internet)).toMatch(
      /Internet Gateway attachment .* attaches an Internet Gateway; NAT gateway/,
    );
    expect(checked.status('LGSEC-DNS-FIREWALL', ids.internet)).toBe('error');
  });

  test('an isolated ec2.Vpc is a valid LGWAN zone, but its group may not admit the internet VPC', () => {
    expect(
      checked.run.results.filter(
        (r) => r.ruleId === 'LGSEC-LGWAN-NO-INTERNET-PATH' && r.status !== 'compliant' && r.status !== 'not-applicable',
      ),
    ).toEqual([]);
    expect(checked.message('LGSEC-LGWAN-NO-INTERNET-INGRESS', ids.fromInternet)).toMatch(/admits the CIDR of internet-zone VPC/);
  });

  test('grantPut to an internet-zone role is caught on the LGWAN bucket', () => {
    expect(checked.message('LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE', ids.bucket)).toMatch(
      /of internet-zone role Writer[0-9A-F]* allows s3:PutObject/,
    );
  });
});
