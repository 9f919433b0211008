import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecurityCloud } from '../../lib/security-cloud/security-cloud';
import { InternetZone } from '../../lib/zones/internet-zone';
import { awsSolutionsFindings, MANAGED_DOMAIN_LIST_IDS, schemaFindings as schemaFindingsOf, withLgsecChecks } from './helpers';

/**
 * The composition the reference app uses: a Nagano prefecture security cloud stack, account-
 * agnostic like the rest of bin/, with Shiojiri's internet zone (same account, its own stack)
 * and Matsumoto (another account, wired by attachment id) as members.
 */
describe('reference composition: Nagano security cloud with Shiojiri and Matsumoto', () => {
  let cloudTemplate: Template;
  let shiojiriTemplate: Template;
  let schemaFindings: string[];
  let lgsec: { findings: string[] };
  let nagFindings: string[];

  beforeAll(() => {
    const app = new App();
    const env = { region: 'ap-northeast-1' };
    const naganoStack = new Stack(app, 'NaganoSecurityCloud', { env });
    const securityCloud = new SecurityCloud(naganoStack, 'SecurityCloud', {
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      members: [
        { name: 'shiojiri', cidr: '10.130.0.0/16' },
        { name: 'matsumoto', cidr: '10.230.0.0/16', accountId: '222222222222', transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0' },
      ],
      dnsFirewall: { managedDomainListIds: MANAGED_DOMAIN_LIST_IDS },
      firewall: { allowedDomains: ['.lg.jp', '.go.jp'] },
      notificationEmails: ['soc@pref.nagano.example'],
    });
    const shiojiriStack = new Stack(app, 'ShiojiriInternetZone', { env });
    new InternetZone(shiojiriStack, 'Zone', { cidr: '10.130.0.0/16', securityCloud });
    nagFindings = [...awsSolutionsFindings(naganoStack), ...awsSolutionsFindings(shiojiriStack)];
    const lgsecResults = withLgsecChecks(app);
    const assembly = app.synth();
    lgsec = lgsecResults();
    cloudTemplate = Template.fromJSON(assembly.getStackArtifact(naganoStack.artifactId).template);
    shiojiriTemplate = Template.fromJSON(assembly.getStackArtifact(shiojiriStack.artifactId).template);
    schemaFindings = schemaFindingsOf(assembly);
  });

  test('synthesizes account-agnostic with no schema, lgsec or AwsSolutions findings', () => {
    expect(schemaFindings).toEqual([]);
    expect(lgsec.findings).toEqual([]);
    expect(nagFindings).toEqual([]);
  });

  test('Shiojiri wires its own attachment into the hub through the stack exports', () => {
    shiojiriTemplate.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', {
      TransitGatewayRouteTableId: { 'Fn::ImportValue': Match.stringLikeRegexp('SpokeRouteTable') },
    });
    shiojiriTemplate.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
      TransitGatewayRouteTableId: { 'Fn::ImportValue': Match.stringLikeRegexp('InspectionRouteTable') },
      DestinationCidrBlock: '10.130.0.0/16',
    });
    shiojiriTemplate.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      FirewallRuleGroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('DnsFirewall') },
    });
  });

  test('the security cloud wires Matsumoto and shares the hub with its account', () => {
    cloudTemplate.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
      DestinationCidrBlock: '10.230.0.0/16',
      TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
    });
    // The stack's account is unknown at synth, so every declared account is shared with.
    cloudTemplate.hasResourceProperties('AWS::RAM::ResourceShare', { Principals: ['222222222222'] });
  });
});
