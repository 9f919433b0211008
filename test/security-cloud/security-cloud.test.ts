import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TAG_KEYS } from '../../lib/policy/tags';
import { Zone } from '../../lib/policy/zone';
import { DEFAULT_MANAGED_RULE_GROUPS } from '../../lib/security-cloud/firewall-rules';
import { SecurityCloud } from '../../lib/security-cloud/security-cloud';
import { AZS, awsSolutionsFindings, MANAGED_DOMAIN_LIST_IDS, securityCloudStack, synthesize, withLgsecChecks } from './helpers';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ZONE_TAG = { Key: TAG_KEYS.zone, Value: Zone.SECURITY_CLOUD };

describe('SecurityCloud with default logging (KMS-encrypted CloudWatch log groups)', () => {
  let template: Template;
  let schemaFindings: string[];
  let nagFindings: string[];
  let lgsec: { findings: string[]; recorded: number };
  let cloud: SecurityCloud;

  beforeAll(() => {
    const built = securityCloudStack();
    cloud = built.cloud;
    nagFindings = awsSolutionsFindings(built.stack);
    const lgsecResults = withLgsecChecks(built.app);
    ({ template, schemaFindings } = synthesize(built.app, built.stack));
    lgsec = lgsecResults();
  });

  test('synthesizes without CloudFormation schema findings, AwsSolutions findings or lgsec findings', () => {
    expect(schemaFindings).toEqual([]);
    expect(nagFindings).toEqual([]);
    expect(lgsec.findings).toEqual([]);
    expect(lgsec.recorded).toBeGreaterThan(100);
  });

  describe('Transit Gateway hub', () => {
    test('has default route table association and propagation disabled', () => {
      template.resourceCountIs('AWS::EC2::TransitGateway', 1);
      template.hasResourceProperties('AWS::EC2::TransitGateway', {
        DefaultRouteTableAssociation: 'disable',
        DefaultRouteTablePropagation: 'disable',
        // Even with a cross-account member (matsumoto), attachments are accepted by hand.
        AutoAcceptSharedAttachments: 'disable',
        Tags: Match.arrayWith([ZONE_TAG]),
      });
      template.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
    });

    test('has a spoke and an inspection route table; the spoke table routes everything to inspection', () => {
      template.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 2);
      const attachment = logicalId(template, 'AWS::EC2::TransitGatewayAttachment');
      template.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
        TransitGatewayRouteTableId: { Ref: logicalIdMatching(template, 'AWS::EC2::TransitGatewayRouteTable', 'SpokeRouteTable') },
        DestinationCidrBlock: '0.0.0.0/0',
        TransitGatewayAttachmentId: { 'Fn::GetAtt': [attachment, 'Id'] },
      });
      template.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
        TransitGatewayRouteTableId: { Ref: logicalIdMatching(template, 'AWS::EC2::TransitGatewayRouteTable', 'InspectionRouteTable') },
        TransitGatewayAttachmentId: { 'Fn::GetAtt': [attachment, 'Id'] },
      });
    });

    test('attaches the inspection VPC in appliance mode, on the attachment subnets of every AZ', () => {
      template.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
        Options: { ApplianceModeSupport: 'enable', DnsSupport: 'enable' },
        SubnetIds: Match.arrayWith([
          { Ref: Match.stringLikeRegexp('TransitGatewaySubnet1') },
          { Ref: Match.stringLikeRegexp('TransitGatewaySubnet2') },
        ]),
      });
    });

    test('wires a cross-account member that declared its attachment: spoke association and route back', () => {
      template.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
        TransitGatewayRouteTableId: { Ref: logicalIdMatching(template, 'AWS::EC2::TransitGatewayRouteTable', 'SpokeRouteTable') },
        TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      });
      template.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
        TransitGatewayRouteTableId: { Ref: logicalIdMatching(template, 'AWS::EC2::TransitGatewayRouteTable', 'InspectionRouteTable') },
        DestinationCidrBlock: '10.31.0.0/16',
        TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      });
      // shiojiri (same account, no attachment declared) wires itself through the link ids.
      template.resourcePropertiesCountIs('AWS::EC2::TransitGatewayRoute', { DestinationCidrBlock: '10.30.0.0/16' }, 0);
    });

    test('offers the link ids a same-account InternetZone needs', () => {
      const stack = Stack.of(cloud);
      expect(stack.resolve(cloud.transitGatewayId)).toEqual({ Ref: logicalId(template, 'AWS::EC2::TransitGateway') });
      expect(stack.resolve(cloud.spokeRouteTableId)).toEqual({
        Ref: logicalIdMatching(template, 'AWS::EC2::TransitGatewayRouteTable', 'SpokeRouteTable'),
      });
      expect(stack.resolve(cloud.inspectionRouteTableId)).toEqual({
        Ref: logicalIdMatching(template, 'AWS::EC2::TransitGatewayRouteTable', 'InspectionRouteTable'),
      });
      expect(stack.resolve(cloud.dnsFirewallRuleGroupId)).toEqual({
        'Fn::GetAtt': [logicalId(template, 'AWS::Route53Resolver::FirewallRuleGroup'), 'Id'],
      });
    });
  });

  describe('inspection VPC', () => {
    test('is tagged as the security cloud zone', () => {
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '100.64.0.0/16', Tags: Match.arrayWith([ZONE_TAG]) });
    });

    test('has attachment, firewall and public subnets in each of the two AZs, a NAT gateway per AZ and an internet gateway', () => {
      for (const group of ['Public', 'Firewall', 'TransitGateway']) {
        for (const az of AZS) {
          template.hasResourceProperties('AWS::EC2::Subnet', {
            AvailabilityZone: az,
            MapPublicIpOnLaunch: false,
            Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: group }]),
          });
        }
      }
      template.resourceCountIs('AWS::EC2::Subnet', 6);
      template.resourceCountIs('AWS::EC2::NatGateway', 2);
      template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    });

    test('logs ALL traffic and closes the default security group', () => {
      template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    });

    test('routes back to the members: each member CIDR to the firewall, a prefix list of them to the Transit Gateway', () => {
      template.hasResourceProperties('AWS::EC2::PrefixList', {
        AddressFamily: 'IPv4',
        MaxEntries: 2,
        Entries: [
          { Cidr: '10.30.0.0/16', Description: 'member shiojiri' },
          { Cidr: '10.31.0.0/16', Description: 'member matsumoto' },
        ],
      });
      for (const cidr of ['10.30.0.0/16', '10.31.0.0/16']) {
        template.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: cidr, VpcEndpointId: Match.anyValue() }, AZS.length);
      }
      template.resourcePropertiesCountIs(
        'AWS::EC2::Route',
        {
          DestinationPrefixListId: { 'Fn::GetAtt': [logicalId(template, 'AWS::EC2::PrefixList'), 'PrefixListId'] },
          TransitGatewayId: { Ref: logicalId(template, 'AWS::EC2::TransitGateway') },
        },
        AZS.length,
      );
      // EC2 takes no prefix list as the destination of a route to a firewall endpoint.
      const toEndpoints = Object.values(template.findResources('AWS::EC2::Route')).filter((r: Json) => r.Properties.VpcEndpointId);
      expect(toEndpoints.filter((r: Json) => r.Properties.DestinationPrefixListId)).toEqual([]);
    });
  });

  describe('Network Firewall', () => {
    test('has delete, subnet-change and policy-change protection, with an endpoint subnet per AZ', () => {
      template.hasResourceProperties('AWS::NetworkFirewall::Firewall', {
        DeleteProtection: true,
        SubnetChangeProtection: true,
        FirewallPolicyChangeProtection: true,
        SubnetMappings: [
          { SubnetId: { Ref: Match.stringLikeRegexp('FirewallSubnet1') } },
          { SubnetId: { Ref: Match.stringLikeRegexp('FirewallSubnet2') } },
        ],
      });
    });

    test('policy: strict order, application-layer drop and alert, stream exceptions rejected, stateless forwarded, HOME_NET = members', () => {
      template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
        FirewallPolicy: {
          StatelessDefaultActions: ['aws:forward_to_sfe'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'REJECT' },
          StatefulDefaultActions: ['aws:drop_established_app_layer', 'aws:alert_established_app_layer'],
          PolicyVariables: { RuleVariables: { HOME_NET: { Definition: ['10.30.0.0/16', '10.31.0.0/16'] } } },
          StatefulRuleGroupReferences: [
            { Priority: 10, ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('MemberIsolation'), 'RuleGroupArn'] } },
            // AWS-managed threat signatures by default, before any pass rule.
            ...DEFAULT_MANAGED_RULE_GROUPS.map((group, index) => ({
              Priority: 100 + index,
              ResourceArn: {
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, `:network-firewall:ap-northeast-1:aws-managed:stateful-rulegroup/${group}`],
                ],
              },
            })),
            { Priority: 2000, ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AllowedDomains'), 'RuleGroupArn'] } },
          ],
        },
      });
    });

    test('drops every packet between members first, the TCP handshake included', () => {
      template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
        Type: 'STATEFUL',
        RuleGroupName: Match.stringLikeRegexp('-member-isolation$'),
        RuleGroup: {
          RulesSource: { RulesString: Match.stringLikeRegexp('^drop ip \\$HOME_NET any -> \\$HOME_NET any \\(.*sid:9990001;') },
          StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
        },
      });
    });

    test('allowlists the domains on TLS SNI and HTTP Host, with room to grow', () => {
      template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
        Type: 'STATEFUL',
        // 3 domains x 2 target types = 6, doubled and rounded up to a hundred.
        Capacity: 100,
        RuleGroupName: Match.stringLikeRegexp('-allowed-domains-100$'),
        RuleGroup: {
          RulesSource: {
            RulesSourceList: {
              GeneratedRulesType: 'ALLOWLIST',
              TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
              Targets: ['.lg.jp', 'www.pref.nagano.lg.jp', '.windowsupdate.com'],
            },
          },
          StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
        },
      });
    });

    test('logs ALERT and FLOW to KMS-encrypted log groups kept a year and retained', () => {
      template.hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
        LoggingConfiguration: {
          LogDestinationConfigs: [
            {
              LogType: 'ALERT',
              LogDestinationType: 'CloudWatchLogs',
              LogDestination: { logGroup: { Ref: Match.stringLikeRegexp('FirewallAlertLogs') } },
            },
            {
              LogType: 'FLOW',
              LogDestinationType: 'CloudWatchLogs',
              LogDestination: { logGroup: { Ref: Match.stringLikeRegexp('FirewallFlowLogs') } },
            },
          ],
        },
      });
      const groups = template.findResources('AWS::Logs::LogGroup');
      expect(Object.keys(groups)).toHaveLength(4);
      for (const group of Object.values(groups) as Json[]) {
        expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
        expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key'), 'Arn'] });
        expect(group.DeletionPolicy).toBe('Retain');
        expect(group.UpdateReplacePolicy).toBe('Retain');
      }
    });

    test('lets log delivery (Network Firewall, Resolver) write only to its own log groups', () => {
      const policies = Object.values(template.findResources('AWS::Logs::ResourcePolicy')) as Json[];
      expect(policies).toHaveLength(1);
      const parts = policies[0].Properties.PolicyDocument['Fn::Join'][1] as Json[];
      const text = parts.filter((p) => typeof p === 'string').join('');
      expect(text).toContain('"Principal":{"Service":"delivery.logs.amazonaws.com"}');
      expect(text).toContain('"Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}');
      const groups = parts.filter((p) => typeof p !== 'string').map((p) => p['Fn::GetAtt'][0]);
      expect(groups).toEqual([
        expect.stringMatching(/FirewallAlertLogs/),
        expect.stringMatching(/FirewallFlowLogs/),
        expect.stringMatching(/DnsQueryLogs/),
      ]);
    });

    test('encrypts with a retained customer-managed key that rotates', () => {
      template.hasResource('AWS::KMS::Key', {
        Properties: { EnableKeyRotation: true },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });
  });

  describe('DNS Firewall', () => {
    test('blocks the custom list and the four AWS-managed threat lists with NXDOMAIN', () => {
      const block = { Action: 'BLOCK', BlockResponse: 'NXDOMAIN' };
      template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroup', {
        FirewallRules: [
          { ...block, Priority: 100, FirewallDomainListId: { 'Fn::GetAtt': [Match.stringLikeRegexp('BlockedDomains'), 'Id'] } },
          { ...block, Priority: 200, FirewallDomainListId: MANAGED_DOMAIN_LIST_IDS.malwareDomainList },
          { ...block, Priority: 300, FirewallDomainListId: MANAGED_DOMAIN_LIST_IDS.botnetCommandAndControl },
          { ...block, Priority: 400, FirewallDomainListId: MANAGED_DOMAIN_LIST_IDS.aggregateThreatList },
          { ...block, Priority: 500, FirewallDomainListId: MANAGED_DOMAIN_LIST_IDS.guardDutyThreatList },
        ],
      });
      template.hasResourceProperties('AWS::Route53Resolver::FirewallDomainList', { Domains: ['bad.example.com', '*.evil.example'] });
    });

    test('is associated with the inspection VPC, mutation-protected, and logs queries', () => {
      const vpc = logicalId(template, 'AWS::EC2::VPC');
      template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
        VpcId: { Ref: vpc },
        Priority: 101,
        MutationProtection: 'ENABLED',
      });
      template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
        DestinationArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:')])] },
      });
      template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResourceId: { Ref: vpc } });
    });
  });

  describe('membership', () => {
    test('shares the Transit Gateway and the DNS Firewall rule group with cross-account members only, inside the organization', () => {
      template.hasResourceProperties('AWS::RAM::ResourceShare', {
        AllowExternalPrincipals: false,
        Principals: ['222222222222'],
        ResourceArns: [
          { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':ec2:ap-northeast-1:111111111111:transit-gateway/')])] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('DnsFirewall'), 'Arn'] },
        ],
      });
    });
  });

  describe('monitoring', () => {
    test('notifies on a KMS-encrypted topic that only accepts TLS', () => {
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('EncryptionKey'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          ]),
        },
      });
      // EventBridge publishes GuardDuty findings, on by default.
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })]) },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'soc@pref.nagano.example',
        TopicArn: { Ref: Match.stringLikeRegexp('MonitoringTopic') },
      });
    });

    test('alarms on firewall drops per AZ, Transit Gateway no-route drops and NAT port allocation errors', () => {
      const topicAction = [{ Ref: Match.stringLikeRegexp('MonitoringTopic') }];
      for (const az of AZS) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/NetworkFirewall',
          MetricName: 'DroppedPackets',
          Dimensions: Match.arrayWith([
            { Name: 'AvailabilityZone', Value: az },
            { Name: 'Engine', Value: 'Stateful' },
          ]),
          Threshold: 1000,
          AlarmActions: topicAction,
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/TransitGateway',
        MetricName: 'PacketDropCountNoRoute',
        Threshold: 100,
        AlarmActions: topicAction,
      });
      template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Namespace: 'AWS/NATGateway', MetricName: 'ErrorPortAllocation' }, 2);
      template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    });

    test('turns high-severity threat alerts of the ALERT log into an alarm', () => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: Match.stringLikeRegexp('FirewallAlertLogs') },
        FilterPattern: '{ ($.event.event_type = "alert") && ($.event.alert.severity = 1) }',
        MetricTransformations: [Match.objectLike({ MetricNamespace: 'lgsec/SecurityCloud', MetricName: 'HighSeverityThreatAlerts' })],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'lgsec/SecurityCloud',
        MetricName: 'HighSeverityThreatAlerts',
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('MonitoringTopic') }],
      });
    });
  });
});

function logicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

function logicalIdMatching(template: Template, type: string, fragment: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(fragment));
  if (ids.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${ids.join(', ')}`);
  return ids[0];
}
