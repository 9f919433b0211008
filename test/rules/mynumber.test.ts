import { Tags, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Checked, checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack, zoneVpc } from './harness';

const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const trust = (principal: unknown, condition?: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});
const myTag = tags({ 'lgsec:zone': 'mynumber' });
const appStreamSettings = (permission: string) =>
  ['CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'FILE_DOWNLOAD', 'PRINTING_TO_LOCAL_DEVICE'].map((Action) => ({ Action, Permission: permission }));

describe('My Number zone rules on a plain template', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template(
        {
          ...zoneVpc('MyVpc', 'mynumber', '10.1.0.0/16'),
          ...zoneVpc('NetVpc', 'internet', '10.9.0.0/16'),
          MyRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('MyVpc') } },
          NetRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('NetVpc') } },
          Igw: { Type: 'AWS::EC2::InternetGateway' },
          MyIgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('MyVpc'), InternetGatewayId: ref('Igw') } },
          NetIgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('NetVpc'), InternetGatewayId: ref('Igw') } },
          MyIgwRoute: {
            Type: 'AWS::EC2::Route',
            Properties: { RouteTableId: ref('MyRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') },
          },
          MyLiteralRoute: {
            Type: 'AWS::EC2::Route',
            Properties: { RouteTableId: ref('MyRt'), DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'vgw-0abc' },
          },
          MyTgwRoute: {
            Type: 'AWS::EC2::Route',
            Properties: { RouteTableId: ref('MyRt'), DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-0abc' },
          },
          MyPeerRoute: {
            Type: 'AWS::EC2::Route',
            Properties: { RouteTableId: ref('MyRt'), DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: ref('Peering') },
          },
          NetNatRoute: {
            Type: 'AWS::EC2::Route',
            Properties: { RouteTableId: ref('NetRt'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('MyNat') },
          },
          MyNat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('MyVpcSubnetA'), ConnectivityType: 'private' } },
          MyEigw: { Type: 'AWS::EC2::EgressOnlyInternetGateway', Properties: { VpcId: ref('MyVpc') } },
          Peering: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: ref('NetVpc'), PeerVpcId: ref('MyVpc') } },
          MyTgwAttach: {
            Type: 'AWS::EC2::TransitGatewayVpcAttachment',
            Properties: { VpcId: ref('MyVpc'), SubnetIds: [ref('MyVpcSubnetA')], TransitGatewayId: 'tgw-0abc' },
          },
          Vgw: { Type: 'AWS::EC2::VPNGateway', Properties: { Type: 'ipsec.1' } },
          VgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('MyVpc'), VpnGatewayId: ref('Vgw') } },
          Cgw: { Type: 'AWS::EC2::CustomerGateway', Properties: { Type: 'ipsec.1', IpAddress: '203.0.113.1', BgpAsn: 65000 } },
          Vpn: {
            Type: 'AWS::EC2::VPNConnection',
            Properties: { Type: 'ipsec.1', CustomerGatewayId: ref('Cgw'), VpnGatewayId: ref('Vgw') },
          },
          ParamAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('VpcParam'), InternetGatewayId: ref('Igw') } },
          // Public IPs
          MyPublicSubnet: {
            Type: 'AWS::EC2::Subnet',
            Properties: { VpcId: ref('MyVpc'), CidrBlock: '10.1.9.0/24', AvailabilityZone: 'ap-northeast-1a', MapPublicIpOnLaunch: true },
          },
          NetPublicSubnet: {
            Type: 'AWS::EC2::Subnet',
            Properties: { VpcId: ref('NetVpc'), CidrBlock: '10.9.9.0/24', AvailabilityZone: 'ap-northeast-1a', MapPublicIpOnLaunch: true },
          },
          MyInstance: {
            Type: 'AWS::EC2::Instance',
            Properties: {
              ImageId: 'ami-1',
              NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: ref('MyVpcSubnetA'), AssociatePublicIpAddress: true }],
            },
          },
          MyQuietInstance: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', SubnetId: ref('MyVpcSubnetA') } },
          MyLaunchConfig: {
            Type: 'AWS::AutoScaling::LaunchConfiguration',
            Properties: { ImageId: 'ami-1', InstanceType: 't3.micro', AssociatePublicIpAddress: true, SecurityGroups: [ref('MySg')] },
          },
          MyQuietLaunchConfig: {
            Type: 'AWS::AutoScaling::LaunchConfiguration',
            Properties: { ImageId: 'ami-1', InstanceType: 't3.micro', AssociatePublicIpAddress: false, SecurityGroups: [ref('MySg')] },
          },
          NetLaunchConfig: {
            Type: 'AWS::AutoScaling::LaunchConfiguration',
            Properties: {
              ImageId: 'ami-1',
              InstanceType: 't3.micro',
              AssociatePublicIpAddress: true,
              SecurityGroups: [ref('NetLaunchSg')],
            },
          },
          NetLaunchSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'net', VpcId: ref('NetVpc') } },
          MyLaunchTemplate: {
            Type: 'AWS::EC2::LaunchTemplate',
            Properties: {
              LaunchTemplateData: {
                NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true, Groups: [ref('MySg')] }],
                SecurityGroupIds: [ref('MySg')],
              },
            },
          },
          MyEip: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: ref('MyQuietInstance') } },
          // Security groups
          MySg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'my',
              VpcId: ref('MyVpc'),
              SecurityGroupIngress: [
                { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: getAtt('MyVpc', 'CidrBlock') },
                { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.1.2.0/24' },
              ],
              SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '255.255.255.255/32' }],
            },
          },
          MyOpenSg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: { GroupDescription: 'open', VpcId: ref('MyVpc'), SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] },
          },
          MyNoEgressSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'implicit egress', VpcId: ref('MyVpc') } },
          MySeparateEgressSg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: { GroupDescription: 'egress as a resource', VpcId: ref('MyVpc') },
          },
          MySeparateEgress: {
            Type: 'AWS::EC2::SecurityGroupEgress',
            Properties: {
              GroupId: getAtt('MySeparateEgressSg', 'GroupId'),
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              DestinationPrefixListId: 'pl-1',
            },
          },
          MyIngressFromOutside: {
            Type: 'AWS::EC2::SecurityGroupIngress',
            Properties: { GroupId: ref('MySg'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '172.16.0.0/12' },
          },
          MyEgressIpv6World: {
            Type: 'AWS::EC2::SecurityGroupEgress',
            Properties: { GroupId: getAtt('MySg', 'GroupId'), IpProtocol: '-1', CidrIpv6: '::/0' },
          },
          NetOpenSg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: { GroupDescription: 'net', VpcId: ref('NetVpc'), SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] },
          },
          ParamOpenSg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'param',
              VpcId: ref('VpcParam'),
              SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
            },
          },
          // Endpoints
          MyEndpointDefault: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: { VpcId: ref('MyVpc'), ServiceName: 'com.amazonaws.ap-northeast-1.s3', RouteTableIds: [ref('MyRt')] },
          },
          MyEndpointAllowAll: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: {
              VpcId: ref('MyVpc'),
              ServiceName: 'com.amazonaws.ap-northeast-1.s3',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
            },
          },
          MyEndpointScoped: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: {
              VpcId: ref('MyVpc'),
              ServiceName: 'com.amazonaws.ap-northeast-1.s3',
              PolicyDocument: {
                Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::city-data/*' }],
              },
            },
          },
          NetEndpointDefault: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: { VpcId: ref('NetVpc'), ServiceName: 'com.amazonaws.ap-northeast-1.s3' },
          },
          // Lambda
          FnOutside: {
            Type: 'AWS::Lambda::Function',
            Properties: { Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' }, Tags: myTag },
          },
          FnInMy: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Role: 'arn:aws:iam::111111111111:role/r',
              Code: { ZipFile: 'x' },
              Tags: myTag,
              VpcConfig: { SubnetIds: [ref('MyVpcSubnetA')], SecurityGroupIds: [ref('MySg')] },
            },
          },
          FnInNet: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Role: 'arn:aws:iam::111111111111:role/r',
              Code: { ZipFile: 'x' },
              Tags: myTag,
              VpcConfig: { SubnetIds: [ref('NetVpcSubnetA')], SecurityGroupIds: [] },
            },
          },
          FnUntagged: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' } } },
          // Roles
          RoleRootNoMfa: {
            Type: 'AWS::IAM::Role',
            Properties: {
              Tags: myTag,
              AssumeRolePolicyDocument: trust({
                AWS: { 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':iam::', ref('AWS::AccountId'), ':root']] },
              }),
            },
          },
          RoleRootMfa: {
            Type: 'AWS::IAM::Role',
            Properties: { Tags: myTag, AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::111111111111:root' }, mfa) },
          },
          RoleSamlNoMfa: {
            Type: 'AWS::IAM::Role',
            Properties: { Tags: myTag, AssumeRolePolicyDocument: trust({ Federated: 'arn:aws:iam::111111111111:saml-provider/idp' }) },
          },
          // SAML sign-in never sets aws:MultiFactorAuthPresent: the assertion's MFA evidence counts, its audience does not.
          RoleSamlMfaEvidence: {
            Type: 'AWS::IAM::Role',
            Properties: {
              Tags: myTag,
              AssumeRolePolicyDocument: trust(
                { Federated: 'arn:aws:iam::111111111111:saml-provider/idp' },
                {
                  StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
                  'ForAnyValue:StringEquals': { 'saml:edupersonassurance': 'https://refeds.org/profile/mfa' },
                },
              ),
            },
          },
          RoleSamlAudienceOnly: {
            Type: 'AWS::IAM::Role',
            Properties: {
              Tags: myTag,
              AssumeRolePolicyDocument: trust(
                { Federated: 'arn:aws:iam::111111111111:saml-provider/idp' },
                { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub': 'someone' } },
              ),
            },
          },
          RoleRootSamlKey: {
            Type: 'AWS::IAM::Role',
            Properties: {
              Tags: myTag,
              AssumeRolePolicyDocument: trust(
                { AWS: 'arn:aws:iam::111111111111:root' },
                { 'ForAnyValue:StringEquals': { 'saml:edupersonassurance': 'https://refeds.org/profile/mfa' } },
              ),
            },
          },
          RoleService: {
            Type: 'AWS::IAM::Role',
            Properties: { Tags: myTag, AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) },
          },
          RoleUntagged: {
            Type: 'AWS::IAM::Role',
            Properties: { AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::111111111111:root' }) },
          },
          // Terminals
          Fleet: {
            Type: 'AWS::AppStream::Fleet',
            Properties: { InstanceType: 'stream.standard.small', Name: 'f', VpcConfig: { SubnetIds: [ref('MyVpcSubnetA')] } },
          },
          StackOpen: {
            Type: 'AWS::AppStream::Stack',
            Properties: { Name: 'open', UserSettings: [{ Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'ENABLED' }] },
          },
          StackOpenLink: {
            Type: 'AWS::AppStream::StackFleetAssociation',
            Properties: { FleetName: ref('Fleet'), StackName: ref('StackOpen') },
          },
          StackClosed: {
            Type: 'AWS::AppStream::Stack',
            Properties: { Name: 'closed', Tags: myTag, UserSettings: appStreamSettings('DISABLED') },
          },
          StackElsewhere: { Type: 'AWS::AppStream::Stack', Properties: { Name: 'other' } },
          Directory: {
            Type: 'AWS::WorkSpaces::Directory',
            Properties: {
              SubnetIds: [ref('MyVpcSubnetA'), ref('MyVpcSubnetC')],
              StreamingProperties: { UserSettings: appStreamSettings('DISABLED') },
              WorkspaceCreationProperties: { EnableInternetAccess: true },
            },
          },
          BareDirectory: { Type: 'AWS::WorkSpaces::Directory', Properties: { SubnetIds: [ref('MyVpcSubnetA'), ref('MyVpcSubnetC')] } },
          BrowserSettings: {
            Type: 'AWS::WorkSpacesWeb::UserSettings',
            Properties: {
              Tags: myTag,
              CopyAllowed: 'Disabled',
              DownloadAllowed: 'Enabled',
              PasteAllowed: 'Enabled',
              PrintAllowed: 'Disabled',
              UploadAllowed: 'Enabled',
            },
          },
        },
        { Parameters: { VpcParam: { Type: 'AWS::EC2::VPC::Id' } } },
      ),
    );
  });

  test('LGSEC-MYNUMBER-NO-NETWORK-PATH', () => {
    const errors = [
      'MyIgwAttach',
      'MyIgwRoute',
      'MyLiteralRoute',
      'MyTgwRoute',
      'MyPeerRoute',
      'MyNat',
      'MyEigw',
      'Peering',
      'MyTgwAttach',
      'VgwAttach',
      'Vpn',
    ];
    for (const id of errors) expect([id, checked.status('LGSEC-MYNUMBER-NO-NETWORK-PATH', id)]).toEqual([id, 'error']);
    expect(checked.message('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'MyIgwRoute')).toMatch(
      /route to 0.0.0.0\/0 goes to an Internet Gateway in the My Number zone/,
    );
    expect(checked.message('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'Peering')).toMatch(/peering connection ends in the My Number zone/);
    for (const id of ['NetIgwAttach', 'NetNatRoute']) expect(checked.status('LGSEC-MYNUMBER-NO-NETWORK-PATH', id)).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'ParamAttach')).toBe('warning');
    expect(checked.message('LGSEC-MYNUMBER-NO-NETWORK-PATH', 'ParamAttach')).toMatch(
      /parameter 'VpcParam' \(its value leaves the template\)/,
    );
  });

  test('LGSEC-MYNUMBER-NO-PUBLIC-IP', () => {
    expect(checked.message('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyPublicSubnet')).toMatch(/MapPublicIpOnLaunch is true in the My Number zone/);
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'NetPublicSubnet')).toBe('compliant');
    expect(checked.message('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyInstance')).toMatch(/NetworkInterfaces\[0\].AssociatePublicIpAddress is true/);
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyQuietInstance')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyLaunchTemplate')).toBe('error');
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyEip')).toBe('error');
    // A launch configuration is in the zone of its security groups' VPC.
    expect(checked.message('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyLaunchConfig')).toMatch(
      /AssociatePublicIpAddress is true in the My Number zone/,
    );
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'MyQuietLaunchConfig')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', 'NetLaunchConfig')).toBe('compliant');
  });

  test('LGSEC-MYNUMBER-SG-CLOSED', () => {
    expect(checked.status('LGSEC-MYNUMBER-SG-CLOSED', 'MySg')).toBe('compliant');
    expect(checked.message('LGSEC-MYNUMBER-SG-CLOSED', 'MyOpenSg')).toMatch(/SecurityGroupEgress\[0\] allows egress to 0.0.0.0\/0/);
    expect(checked.message('LGSEC-MYNUMBER-SG-CLOSED', 'MyIngressFromOutside')).toMatch(
      /admits 172.16.0.0\/12, outside the VPC's own CIDR/,
    );
    expect(checked.message('LGSEC-MYNUMBER-SG-CLOSED', 'MyEgressIpv6World')).toMatch(/allows egress to ::\/0/);
    // Control 10 forbids exactly the allow-all egress AWS gives a group that declares none.
    expect(checked.status('LGSEC-MYNUMBER-SG-CLOSED', 'MyNoEgressSg')).toBe('error');
    expect(checked.message('LGSEC-MYNUMBER-SG-CLOSED', 'MyNoEgressSg')).toMatch(
      /declares no egress rule .* AWS keeps its default rule allowing all egress to 0.0.0.0\/0/,
    );
    expect(checked.status('LGSEC-MYNUMBER-SG-CLOSED', 'MySeparateEgressSg')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-SG-CLOSED', 'NetOpenSg')).toBe('not-applicable');
    expect(checked.status('LGSEC-MYNUMBER-SG-CLOSED', 'ParamOpenSg')).toBe('warning');
  });

  test('LGSEC-MYNUMBER-ENDPOINT-POLICY', () => {
    expect(checked.message('LGSEC-MYNUMBER-ENDPOINT-POLICY', 'MyEndpointDefault')).toMatch(/PolicyDocument is not set/);
    expect(checked.message('LGSEC-MYNUMBER-ENDPOINT-POLICY', 'MyEndpointAllowAll')).toMatch(/default allow-all/);
    expect(checked.status('LGSEC-MYNUMBER-ENDPOINT-POLICY', 'MyEndpointScoped')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-ENDPOINT-POLICY', 'NetEndpointDefault')).toBe('not-applicable');
  });

  test('LGSEC-MYNUMBER-LAMBDA-IN-VPC', () => {
    expect(checked.message('LGSEC-MYNUMBER-LAMBDA-IN-VPC', 'FnOutside')).toMatch(/runs outside any VPC/);
    expect(checked.status('LGSEC-MYNUMBER-LAMBDA-IN-VPC', 'FnInMy')).toBe('compliant');
    expect(checked.message('LGSEC-MYNUMBER-LAMBDA-IN-VPC', 'FnInNet')).toMatch(/subnet in zone 'internet'/);
    expect(checked.status('LGSEC-MYNUMBER-LAMBDA-IN-VPC', 'FnUntagged')).toBe('not-applicable');
  });

  test('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', () => {
    expect(checked.message('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleRootNoMfa')).toMatch(/without aws:MultiFactorAuthPresent/);
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleRootMfa')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleSamlNoMfa')).toBe('error');
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleSamlMfaEvidence')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleSamlAudienceOnly')).toBe('error');
    // A SAML attribute is no evidence for a role that accounts assume.
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleRootSamlKey')).toBe('error');
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleService')).toBe('not-applicable');
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', 'RoleUntagged')).toBe('not-applicable');
  });

  test('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', () => {
    const open = checked.message('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', 'StackOpen');
    expect(open).toMatch(/sets CLIPBOARD_COPY_TO_LOCAL_DEVICE to ENABLED/);
    expect(open).toMatch(/does not disable FILE_DOWNLOAD \(enabled by default\)/);
    expect(checked.status('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', 'StackClosed')).toBe('compliant');
    expect(checked.status('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', 'StackElsewhere')).toBe('not-applicable');
    expect(checked.message('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', 'Directory')).toMatch(/EnableInternetAccess is true/);
    expect(checked.status('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', 'BareDirectory')).toBe('warning');
    expect(checked.message('LGSEC-MYNUMBER-TERMINAL-NO-EXPORT', 'BrowserSettings')).toMatch(/DownloadAllowed is Enabled, not Disabled/);
  });
});

describe('My Number zone rules on L2 constructs', () => {
  let checked: Checked;
  let id: (c: { node: { defaultChild?: unknown } }) => string;
  let vpc: ec2.Vpc;
  let closed: ec2.SecurityGroup;
  let open: ec2.SecurityGroup;
  let fn: lambda.Function;
  let role: iam.Role;
  beforeAll(() => {
    const { app, stack } = tokyoStack();
    vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    Tags.of(vpc).add('lgsec:zone', 'mynumber');
    closed = new ec2.SecurityGroup(stack, 'Closed', { vpc, allowAllOutbound: false });
    closed.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443));
    open = new ec2.SecurityGroup(stack, 'Open', { vpc });
    fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler=()=>1'),
    });
    Tags.of(fn).add('lgsec:zone', 'mynumber');
    role = new iam.Role(stack, 'Operator', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    });
    Tags.of(role).add('lgsec:zone', 'mynumber');
    checked = checkApp(app);
    id = (c) => stack.resolve((c.node.defaultChild as ec2.CfnSecurityGroup).logicalId) as string;
  });

  test('an isolated VPC has no path and no public IP', () => {
    const subnet = id(vpc.isolatedSubnets[0]);
    expect(checked.status('LGSEC-MYNUMBER-NO-PUBLIC-IP', subnet)).toBe('compliant');
    expect(checked.run.results.filter((r) => r.ruleId === 'LGSEC-MYNUMBER-NO-NETWORK-PATH' && r.status !== 'compliant')).toEqual([]);
  });

  test('allowAllOutbound: false is closed; the default is not', () => {
    expect(checked.status('LGSEC-MYNUMBER-SG-CLOSED', id(closed))).toBe('compliant');
    expect(checked.message('LGSEC-MYNUMBER-SG-CLOSED', id(open))).toMatch(/allows egress to 0.0.0.0\/0/);
  });

  test('a zone-tagged function without a VPC fails; an MFA operator role passes', () => {
    expect(checked.status('LGSEC-MYNUMBER-LAMBDA-IN-VPC', id(fn))).toBe('error');
    expect(checked.status('LGSEC-MYNUMBER-HUMAN-ROLE-MFA', id(role))).toBe('compliant');
  });
});

describe('templates that never mention the My Number zone', () => {
  // A group, an EIP and an endpoint whose VPC is a parameter: the VPC may be any zone's.
  const resources = {
    Open: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'web',
        VpcId: ref('VpcId'),
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
      },
    },
    Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('VpcId'), ServiceName: 'com.amazonaws.ap-northeast-1.s3' } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('SubnetId'), AllocationId: 'eipalloc-1' } },
  };
  const parameters = { VpcId: { Type: 'AWS::EC2::VPC::Id' }, SubnetId: { Type: 'AWS::EC2::Subnet::Id' } };
  const rules: [string, string][] = [
    ['LGSEC-MYNUMBER-SG-CLOSED', 'Open'],
    ['LGSEC-MYNUMBER-ENDPOINT-POLICY', 'Endpoint'],
    ['LGSEC-MYNUMBER-NO-NETWORK-PATH', 'Nat'],
  ];

  test('do not get My Number warnings for resources whose VPC leaves the template', () => {
    const checked = checkPlain(template(resources, { Parameters: parameters }));
    for (const [rule, logicalId] of rules) expect([rule, checked.status(rule, logicalId)]).not.toEqual([rule, 'warning']);
  });

  test('do, once a checked resource is tagged for the My Number zone', () => {
    const checked = checkPlain(template({ ...resources, ...zoneVpc('NumberVpc', 'mynumber', '10.1.0.0/16') }, { Parameters: parameters }));
    for (const [rule, logicalId] of rules) expect([rule, checked.status(rule, logicalId)]).toEqual([rule, 'warning']);
  });
});
