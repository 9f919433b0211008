import { CfnElement, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { LogArchive } from '../../lib/audit/log-archive';
import { Checked, checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack } from './harness';

const policyDoc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const root = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } };
const auditTag = tags({ 'lgsec:purpose': 'audit-log' });

describe('LGSEC-AUDIT-KEY-ADMIN on hand-written keys', () => {
  const key = (statements: unknown[], extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::KMS::Key',
    Properties: { EnableKeyRotation: true, KeyPolicy: policyDoc(statements), ...extra },
  });
  const checked = checkPlain(
    template({
      // The aws-cdk-lib default: kms:* to the account root.
      RootAllKey: key([{ Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' }], { Tags: auditTag }),
      // Administration by wildcard, used by a trail.
      WildcardAdminKey: key([
        { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: ['kms:Put*', 'kms:Disable*', 'kms:Describe*'], Resource: '*' },
      ]),
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: { IsLogging: true, S3BucketName: 'logs', KMSKeyId: getAtt('WildcardAdminKey', 'Arn') },
      },
      // Used by an audit-log bucket.
      BucketKey: key([{ Effect: 'Allow', Principal: root, Action: ['kms:ScheduleKeyDeletion'], Resource: '*' }]),
      AuditBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          Tags: auditTag,
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('BucketKey', 'Arn') } },
            ],
          },
        },
      },
      // Compliant: read-only to the root, administration to a named role, Deny for everyone else.
      HardenedKey: key(
        [
          { Effect: 'Allow', Principal: root, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' },
          {
            Effect: 'Allow',
            Principal: root,
            Action: 'kms:*',
            Resource: '*',
            Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/KeyAdmin' } },
          },
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'],
            Resource: '*',
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/KeyAdmin' } },
          },
        ],
        { Tags: auditTag },
      ),
      // Not an audit key: not this rule's business.
      OtherKey: key([{ Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' }]),
    }),
  );

  test('fails a key of audit logs the account root may disable, delete or re-policy', () => {
    expect(checked.status('LGSEC-AUDIT-KEY-ADMIN', 'RootAllKey')).toBe('error');
    expect(checked.message('LGSEC-AUDIT-KEY-ADMIN', 'RootAllKey')).toMatch(
      /tagged lgsec:purpose=audit-log.*kms:ScheduleKeyDeletion, kms:DisableKey, kms:PutKeyPolicy by a direct call/,
    );
    expect(checked.message('LGSEC-AUDIT-KEY-ADMIN', 'WildcardAdminKey')).toMatch(
      /trail Trail encrypts with it.*kms:DisableKey, kms:PutKeyPolicy/,
    );
    expect(checked.message('LGSEC-AUDIT-KEY-ADMIN', 'BucketKey')).toMatch(
      /audit-log bucket AuditBucket is encrypted with it.*kms:ScheduleKeyDeletion/,
    );
  });

  test('passes a key administered by a named role with a Deny for everyone else; skips other keys', () => {
    expect(checked.status('LGSEC-AUDIT-KEY-ADMIN', 'HardenedKey')).toBe('compliant');
    expect(checked.status('LGSEC-AUDIT-KEY-ADMIN', 'OtherKey')).toBe('not-applicable');
  });
});

describe('LGSEC-ALARM-ACTION on hand-written alarms and topics', () => {
  const alarm = (extra: Record<string, unknown>) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      MetricName: 'm',
      Namespace: 'n',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      ...extra,
    },
  });
  const checked = checkPlain(
    template({
      Silent: alarm({}),
      Disabled: alarm({ ActionsEnabled: false, AlarmActions: [ref('Subscribed')] }),
      ToLonelyTopic: alarm({ AlarmActions: [ref('Lonely')] }),
      Lonely: { Type: 'AWS::SNS::Topic', Properties: {} },
      ToSubscribed: alarm({ AlarmActions: [ref('Subscribed')] }),
      Subscribed: { Type: 'AWS::SNS::Topic', Properties: {} },
      Subscription: {
        Type: 'AWS::SNS::Subscription',
        Properties: { TopicArn: ref('Subscribed'), Protocol: 'email', Endpoint: 'soc@example.jp' },
      },
      Inline: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email', Endpoint: 'soc@example.jp' }] } },
      FindingsRule: {
        Type: 'AWS::Events::Rule',
        Properties: { EventPattern: { source: ['aws.guardduty'] }, Targets: [{ Id: 't', Arn: ref('Findings') }] },
      },
      Findings: { Type: 'AWS::SNS::Topic', Properties: {} },
      Unused: { Type: 'AWS::SNS::Topic', Properties: {} },
      ToImported: alarm({ AlarmActions: ['arn:aws:sns:ap-northeast-1:222222222222:soc'] }),
    }),
  );

  test('fails an alarm without (enabled) actions and a topic nobody subscribed to', () => {
    expect(checked.message('LGSEC-ALARM-ACTION', 'Silent')).toMatch(/AlarmActions is empty/);
    expect(checked.message('LGSEC-ALARM-ACTION', 'Disabled')).toMatch(/ActionsEnabled is false/);
    expect(checked.message('LGSEC-ALARM-ACTION', 'Lonely')).toMatch(/ToLonelyTopic.*no subscription/);
    expect(checked.message('LGSEC-ALARM-ACTION', 'Findings')).toMatch(/FindingsRule.*no subscription/);
  });

  test('passes alarms with actions and subscribed topics; a topic nothing sends to is not applicable', () => {
    for (const id of ['ToLonelyTopic', 'ToSubscribed', 'Subscribed', 'ToImported'])
      expect(checked.status('LGSEC-ALARM-ACTION', id)).toBe('compliant');
    expect(checked.status('LGSEC-ALARM-ACTION', 'Inline')).toBe('not-applicable');
    expect(checked.status('LGSEC-ALARM-ACTION', 'Unused')).toBe('not-applicable');
  });
});

describe('LGSEC-SANITIZER-EGRESS on hand-written functions', () => {
  const purpose = tags({ 'lgsec:purpose': 'sanitizing-transfer' });
  const fn = (subnets: string[], groups: string[], extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::Lambda::Function',
    Properties: {
      Role: 'arn:aws:iam::111111111111:role/sanitizer',
      Code: { ZipFile: 'x' },
      Tags: purpose,
      VpcConfig: { SubnetIds: subnets.map(ref), SecurityGroupIds: groups.map(ref) },
      ...extra,
    },
  });
  const subnet = (table: string, cidr: string) => ({
    [`${table}Subnet`]: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: ref('Vpc'), CidrBlock: cidr, AvailabilityZone: 'ap-northeast-1a' },
    },
    [table]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
    [`${table}Assoc`]: {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: ref(`${table}Subnet`), RouteTableId: ref(table) },
    },
  });
  const s3Only = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-61a54008' }];
  const checked = checkPlain(
    template({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.120.0.0/16', Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
      ...subnet('Isolated', '10.120.0.0/24'),
      ...subnet('Vpn', '10.120.1.0/24'),
      ...subnet('Tgw', '10.120.2.0/24'),
      Vgw: { Type: 'AWS::EC2::VPNGateway', Properties: { Type: 'ipsec.1' } },
      VgwAttach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc'), VpnGatewayId: ref('Vgw') } },
      Propagation: { Type: 'AWS::EC2::VPNGatewayRoutePropagation', Properties: { RouteTableIds: [ref('Vpn')], VpnGatewayId: ref('Vgw') } },
      TgwRoute: {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: ref('Tgw'), DestinationCidrBlock: '172.16.0.0/12', TransitGatewayId: 'tgw-0123456789abcdef0' },
      },
      S3Endpoint: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcId: ref('Vpc'), ServiceName: 'com.amazonaws.ap-northeast-1.s3', RouteTableIds: [ref('Isolated')] },
      },
      OpenSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'open',
          VpcId: ref('Vpc'),
          SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
        },
      },
      DefaultSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'no egress list', VpcId: ref('Vpc') } },
      ClosedSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 's3 only', VpcId: ref('Vpc'), SecurityGroupEgress: s3Only },
      },
      OpenFn: fn(['IsolatedSubnet'], ['OpenSg']),
      DefaultEgressFn: fn(['IsolatedSubnet'], ['DefaultSg']),
      VpnFn: fn(['VpnSubnet'], ['ClosedSg']),
      TgwFn: fn(['TgwSubnet'], ['ClosedSg']),
      NoVpcFn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Role: 'arn:aws:iam::111111111111:role/s', Code: { ZipFile: 'x' }, Tags: purpose },
      },
      ClosedFn: fn(['IsolatedSubnet'], ['ClosedSg']),
      OtherFn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::111111111111:role/s', Code: { ZipFile: 'x' } } },
    }),
  );

  test('fails a sanitizer with world egress, default egress, VPN or Transit Gateway routes, or no VPC', () => {
    expect(checked.message('LGSEC-SANITIZER-EGRESS', 'OpenFn')).toMatch(/OpenSg SecurityGroupEgress allows egress to 0\.0\.0\.0\/0/);
    expect(checked.message('LGSEC-SANITIZER-EGRESS', 'DefaultEgressFn')).toMatch(/DefaultSg lists no egress rules/);
    expect(checked.message('LGSEC-SANITIZER-EGRESS', 'VpnFn')).toMatch(
      /route table Vpn of subnet VpnSubnet receives VPN routes \(Propagation\)/,
    );
    expect(checked.message('LGSEC-SANITIZER-EGRESS', 'TgwFn')).toMatch(
      /route TgwRoute of subnet TgwSubnet sends 172\.16\.0\.0\/12 to a transit-gateway/,
    );
    expect(checked.message('LGSEC-SANITIZER-EGRESS', 'NoVpcFn')).toMatch(/no VpcConfig/);
  });

  test('passes a sanitizer in endpoint-only subnets with S3-only egress; skips other functions', () => {
    expect(checked.status('LGSEC-SANITIZER-EGRESS', 'ClosedFn')).toBe('compliant');
    expect(checked.status('LGSEC-SANITIZER-EGRESS', 'OtherFn')).toBe('not-applicable');
  });
});

describe('LGSEC-FIREWALL-THREAT-SIGNATURES on hand-written policies', () => {
  const policy = (references: unknown[]) => ({
    Type: 'AWS::NetworkFirewall::FirewallPolicy',
    Properties: {
      FirewallPolicyName: 'p',
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
        StatefulDefaultActions: ['aws:drop_established'],
        StatefulRuleGroupReferences: references,
      },
    },
  });
  const checked = checkPlain(
    template({
      AllowlistOnly: policy([
        { ResourceArn: 'arn:aws:network-firewall:ap-northeast-1:111111111111:stateful-rulegroup/allow', Priority: 1 },
      ]),
      DomainsOnly: policy([
        { ResourceArn: 'arn:aws:network-firewall:ap-northeast-1:aws-managed:stateful-rulegroup/MalwareDomainsStrictOrder', Priority: 1 },
      ]),
      WithSignatures: policy([
        {
          ResourceArn: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':network-firewall:ap-northeast-1:aws-managed:stateful-rulegroup/ThreatSignaturesExploitsStrictOrder',
              ],
            ],
          },
          Priority: 1,
        },
      ]),
    }),
  );

  test('fails a policy without an AWS-managed threat-signature group', () => {
    expect(checked.message('LGSEC-FIREWALL-THREAT-SIGNATURES', 'AllowlistOnly')).toMatch(/no AWS-managed threat-signature rule group/);
    expect(checked.status('LGSEC-FIREWALL-THREAT-SIGNATURES', 'DomainsOnly')).toBe('error');
  });

  test('passes a policy with one', () => {
    expect(checked.status('LGSEC-FIREWALL-THREAT-SIGNATURES', 'WithSignatures')).toBe('compliant');
  });
});

describe('LGSEC-SECURITY-CLOUD-THREAT-DETECTION on hand-written templates', () => {
  const cloudVpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '100.64.0.0/16', Tags: tags({ 'lgsec:zone': 'security-cloud' }) } };
  const tgw = (accept: string) => ({
    Type: 'AWS::EC2::TransitGateway',
    Properties: { AutoAcceptSharedAttachments: accept, Tags: tags({ 'lgsec:zone': 'security-cloud' }) },
  });

  test('fails a security cloud without an enabled detector and a hub that auto-accepts attachments', () => {
    const checked = checkPlain(
      template({
        Vpc: cloudVpc,
        Hub: tgw('enable'),
        Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: false } },
      }),
    );
    expect(checked.message('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'Vpc')).toMatch(/Detector is not enabled/);
    expect(checked.message('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'Hub')).toMatch(/AutoAcceptSharedAttachments is enable/);
    expect(checkPlain(template({ Vpc: cloudVpc })).message('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'Vpc')).toMatch(
      /no AWS::GuardDuty::Detector/,
    );
  });

  test('passes with an enabled detector and manual acceptance; other VPCs and gateways are not its business', () => {
    const checked = checkPlain(
      template({
        Vpc: cloudVpc,
        Hub: tgw('disable'),
        Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: true } },
        Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: tags({ 'lgsec:zone': 'lgwan' }) } },
        OtherTgw: { Type: 'AWS::EC2::TransitGateway', Properties: { AutoAcceptSharedAttachments: 'enable' } },
      }),
    );
    expect(checked.status('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'Vpc')).toBe('compliant');
    expect(checked.status('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'Hub')).toBe('compliant');
    expect(checked.status('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'Other')).toBe('not-applicable');
    expect(checked.status('LGSEC-SECURITY-CLOUD-THREAT-DETECTION', 'OtherTgw')).toBe('not-applicable');
  });
});

describe('the four rules on L2 constructs (aws-cdk-lib defaults fail, our constructs pass)', () => {
  let checked: Checked;
  const ids: Record<string, string> = {};
  beforeAll(() => {
    const { app, stack } = tokyoStack();
    const id = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    // A plain kms.Key (kms:* to the account root) on a bucket tagged as an audit-log bucket.
    const plainKey = new kms.Key(stack, 'PlainAuditKey', { enableKeyRotation: true });
    const auditBucket = new s3.Bucket(stack, 'AuditBucket', { encryptionKey: plainKey });
    Tags.of(auditBucket).add('lgsec:purpose', 'audit-log');
    const archive = new LogArchive(stack, 'Archive');
    // An alarm without action, and one to a topic nobody subscribed to.
    const topic = new sns.Topic(stack, 'LonelyTopic');
    const metric = new cloudwatch.Metric({ namespace: 'n', metricName: 'm' });
    const silent = new cloudwatch.Alarm(stack, 'SilentAlarm', { metric, threshold: 1, evaluationPeriods: 1 });
    new cloudwatch.Alarm(stack, 'TopicAlarm', { metric, threshold: 1, evaluationPeriods: 1 }).addAlarmAction(new actions.SnsAction(topic));
    // A sanitizer-tagged function with aws-cdk-lib's defaults: allow-all security group, private subnets with NAT.
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const fn = new lambda.Function(stack, 'OpenSanitizer', {
      vpc,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    Tags.of(fn).add('lgsec:purpose', 'sanitizing-transfer');
    // A firewall policy with only our own rule group.
    const policy = new nfw.CfnFirewallPolicy(stack, 'OwnRulesOnly', {
      firewallPolicyName: 'own',
      firewallPolicy: { statelessDefaultActions: ['aws:forward_to_sfe'], statelessFragmentDefaultActions: ['aws:forward_to_sfe'] },
    });
    Object.assign(ids, {
      plainKey: id(plainKey),
      archiveKey: id(archive.encryptionKey),
      silent: id(silent),
      topic: id(topic),
      fn: id(fn),
      policy: stack.getLogicalId(policy),
    });
    checked = checkApp(app);
  });

  test('fail on the defaults', () => {
    expect(checked.status('LGSEC-AUDIT-KEY-ADMIN', ids.plainKey)).toBe('error');
    expect(checked.status('LGSEC-ALARM-ACTION', ids.silent)).toBe('error');
    expect(checked.message('LGSEC-ALARM-ACTION', ids.topic)).toMatch(/no subscription/);
    expect(checked.message('LGSEC-SANITIZER-EGRESS', ids.fn)).toMatch(/allows egress to 0\.0\.0\.0\/0.*nat-gateway/);
    expect(checked.status('LGSEC-FIREWALL-THREAT-SIGNATURES', ids.policy)).toBe('error');
  });

  test("pass on LogArchive's key", () => {
    expect(checked.status('LGSEC-AUDIT-KEY-ADMIN', ids.archiveKey)).toBe('compliant');
  });
});
