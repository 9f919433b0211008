import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  GuardrailPolicy,
  GuardrailPolicyType,
  GuardrailStatement,
  MAX_GUARDRAIL_POLICY_CHARACTERS,
  MAX_POLICIES_PER_TARGET,
  ZoneGuardrails,
  ZoneGuardrailsProps,
} from '../../lib/organization';
import { deniedBy, Request } from './policy-simulator';

const ORG = 'o-a1b2c3d4e5';
const OU = {
  myNumber: 'ou-ab12-11111111',
  lgwan: 'ou-ab12-22222222',
  internet: 'ou-ab12-33333333',
  shared: 'ou-ab12-44444444',
  deployment: 'ou-ab12-55555555',
};
const path = (ou: string) => `${ORG}/r-ab12/${ou}/`;

let defaults: { guardrails: ZoneGuardrails; template: Template } | undefined;

/** The guardrails with these overrides; the default build is made once and shared. */
function build(overrides: Partial<ZoneGuardrailsProps> = {}): { guardrails: ZoneGuardrails; template: Template } {
  const isDefault = Object.keys(overrides).length === 0;
  if (isDefault && defaults) return defaults;
  const stack = new Stack(new App(), 'Organization', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const guardrails = new ZoneGuardrails(stack, 'Guardrails', {
    organizationId: ORG,
    targets: {
      myNumber: [OU.myNumber],
      lgwan: [OU.lgwan],
      internet: [OU.internet],
      sharedServices: [OU.shared],
      deployment: [OU.deployment],
    },
    logArchiveAccountId: '222222222222',
    sanitizer: { roleName: 'lgsec-sanitizer', functionName: 'lgsec-sanitizer' },
    ...overrides,
  });
  const built = { guardrails, template: Template.fromStack(stack) };
  if (isDefault) defaults = built;
  return built;
}

type Statement = GuardrailStatement & { Condition?: Record<string, Record<string, unknown>> };
function statements(template: Template, name: string): Statement[] {
  const found = Object.values(template.findResources('AWS::Organizations::Policy', { Properties: { Name: name } }));
  expect(found).toHaveLength(1);
  return (found[0] as { Properties: { Content: { Statement: Statement[] } } }).Properties.Content.Statement;
}

/** Every statement of the policies of one type attached to a target. */
function attached(target: string, type = GuardrailPolicyType.SERVICE_CONTROL_POLICY): GuardrailStatement[] {
  return build()
    .guardrails.policies.filter((p) => p.type === type && p.targetIds.includes(target))
    .flatMap((p) => p.document.Statement);
}

/** The message of what `build` throws. */
function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const denied = (target: string, request: Request) => deniedBy(attached(target), request);
const perimeterDenies = (target: string, request: Request) =>
  deniedBy(attached(target, GuardrailPolicyType.RESOURCE_CONTROL_POLICY), request);

const ACCOUNT = '444444444444';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ADMIN = role('aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef');
const admin = (action: string, more: Partial<Request> = {}): Request => ({ action, principal: ADMIN, ...more });
const breakGlass = (action: string, more: Partial<Request> = {}): Request => ({
  action,
  principal: role('lgsec-break-glass'),
  tags: { 'lgsec:exemption': 'break-glass' },
  ...more,
});
const DEPLOYER = role(`cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-ap-northeast-1`);
const deployer = (action: string, more: Partial<Request> = {}): Request => ({
  action,
  principal: DEPLOYER,
  tags: { 'lgsec:exemption': 'deployment' },
  ...more,
});
const stackSets = (action: string, more: Partial<Request> = {}): Request => ({
  action,
  principal: role('stacksets-exec-0123abcd'),
  ...more,
});

describe('ZoneGuardrails', () => {
  test('emits SCPs and RCPs, each attached to the OUs it guards and tagged for the report', () => {
    const { template, guardrails } = build();
    template.resourceCountIs('AWS::Organizations::Policy', 10);
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lgsec-baseline',
      Type: 'SERVICE_CONTROL_POLICY',
      TargetIds: Object.values(OU).sort(),
      Tags: Match.arrayWith([
        { Key: 'lgsec:guardrail', Value: 'japan-regions exemption-protection no-long-lived-credentials' },
        { Key: 'lgsec:guardrail-enforcement', Value: 'organization' },
        { Key: 'lgsec:guardrail-mechanism', Value: 'scp' },
        { Key: 'lgsec:guardrail-zones', Value: 'internet lgwan mynumber security-cloud' },
      ]),
    });
    template.hasResourceProperties('AWS::Organizations::Policy', { Name: 'lgsec-mynumber-closed-network', TargetIds: [OU.myNumber] });
    template.hasResourceProperties('AWS::Organizations::Policy', { Name: 'lgsec-lgwan-closed-network', TargetIds: [OU.lgwan] });
    template.hasResourceProperties('AWS::Organizations::Policy', { Name: 'lgsec-sanitizer-role', TargetIds: [OU.lgwan] });
    for (const [zone, ou] of [
      ['mynumber', OU.myNumber],
      ['lgwan', OU.lgwan],
      ['internet', OU.internet],
    ]) {
      template.hasResourceProperties('AWS::Organizations::Policy', {
        Name: `lgsec-${zone}-data-perimeter`,
        Type: 'RESOURCE_CONTROL_POLICY',
        TargetIds: [ou],
        Tags: Match.arrayWith([{ Key: 'lgsec:guardrail-mechanism', Value: 'rcp' }]),
      });
    }
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lgsec-data-perimeter',
      Type: 'RESOURCE_CONTROL_POLICY',
      TargetIds: [OU.shared, OU.deployment],
    });
    for (const policy of guardrails.policies) expect(policy.size).toBeLessThanOrEqual(MAX_GUARDRAIL_POLICY_CHARACTERS);
  });

  test('no target gets more than five SCPs or five RCPs, AWS full-access policies counted', () => {
    const { guardrails } = build();
    for (const target of Object.values(OU)) {
      for (const type of [GuardrailPolicyType.SERVICE_CONTROL_POLICY, GuardrailPolicyType.RESOURCE_CONTROL_POLICY]) {
        const withFullAccess = guardrails.policies.filter((p) => p.type === type && p.targetIds.includes(target)).length + 1;
        expect(withFullAccess).toBeLessThanOrEqual(MAX_POLICIES_PER_TARGET);
      }
    }
  });

  test('fails at synth when a target would get more than five SCPs, naming the target and the policies', () => {
    expect(() => build({ otherAttachedPolicies: { serviceControlPolicies: 1 } })).toThrow(
      new RegExp(
        `target ${OU.lgwan} would have 6 SCPs attached \\(lgsec-baseline, lgsec-audit-integrity, lgsec-lgwan-closed-network, ` +
          `lgsec-sanitizer-role, FullAWSAccess and 1 others\\); AWS Organizations attaches at most 5`,
      ),
    );
  });

  describe('exemptions cannot be minted by an account administrator', () => {
    test('no exemption is a role name alone: every exempted or trusted name is protected for everyone but StackSets', () => {
      const all = attached(OU.myNumber);
      const protectedFor = (name: string) =>
        all.filter(
          (s) =>
            s.Effect === 'Deny' &&
            [s.Resource].flat().every((r) => r !== '*') &&
            ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:TagRole'].every(
              (action) => deniedBy([s], { action, resource: name.replace('*', 'x'), principal: ADMIN }).length > 0,
            ),
        );
      const exemptedNames = new Set<string>();
      for (const statement of all) {
        for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
          if (operator !== 'ArnNotLike') continue;
          for (const value of [block['aws:PrincipalARN'] ?? []].flat() as string[]) exemptedNames.add(value);
        }
      }
      // Names in conditions: the StackSets' role and the deploy role as exceptions, the exempt roles to bind their tags.
      expect([...exemptedNames].sort()).toEqual([
        'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*',
        'arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*',
        'arn:aws:iam::*:role/lgsec-break-glass',
        'arn:aws:iam::*:role/stacksets-exec-*',
      ]);
      for (const name of exemptedNames) expect({ name, protected: protectedFor(name).length > 0 }).toEqual({ name, protected: true });
      // The StackSets' own role: protected with no exception at all.
      expect(all.find((s) => s.Sid === 'NobodyChangesTheStackSetsRole')!.Condition).toBeUndefined();
    });

    test('an administrator cannot create, change or pass a role of an exempt or trusted name', () => {
      for (const name of [
        'lgsec-break-glass',
        `cdk-hnb659fds-cfn-exec-role-x`,
        'cdk-hnb659fds-deploy-role-x',
        'lgsec-deployment-pipeline',
        'stacksets-exec-x',
      ]) {
        for (const action of [
          'iam:CreateRole',
          'iam:UpdateAssumeRolePolicy',
          'iam:AttachRolePolicy',
          'iam:PutRolePolicy',
          'iam:TagRole',
          'iam:DeleteRole',
        ]) {
          expect({ name, action, denied: denied(OU.myNumber, admin(action, { resource: role(name) })).length > 0 }).toEqual({
            name,
            action,
            denied: true,
          });
        }
      }
      expect(denied(OU.myNumber, admin('iam:PassRole', { resource: role('lgsec-break-glass') }))).toContain(
        'OnlyTheDeployRolePassesTrustedRoles',
      );
      // Nor can the break-glass or the deployment role: only StackSets of the management account.
      expect(denied(OU.myNumber, breakGlass('iam:UpdateAssumeRolePolicy', { resource: role('lgsec-break-glass') }))).not.toEqual([]);
      expect(denied(OU.myNumber, deployer('iam:UpdateAssumeRolePolicy', { resource: role('lgsec-break-glass') }))).not.toEqual([]);
      expect(denied(OU.myNumber, stackSets('iam:UpdateAssumeRolePolicy', { resource: role('lgsec-break-glass') }))).toEqual([]);
      expect(denied(OU.myNumber, stackSets('iam:UpdateAssumeRolePolicy', { resource: role('stacksets-exec-x') }))).toEqual([
        'NobodyChangesTheStackSetsRole',
      ]);
    });

    test('only StackSets set the exemption tag, in any case, on roles, users or sessions', () => {
      for (const action of ['iam:TagRole', 'iam:CreateRole', 'iam:TagUser', 'sts:TagSession', 'iam:UntagRole']) {
        for (const key of ['lgsec:exemption', 'LGSEC:Exemption']) {
          expect(denied(OU.myNumber, admin(action, { resource: role('mine'), context: { 'aws:TagKeys': [key, 'team'] } }))).toContain(
            'OnlyStackSetsSetTheExemptionTag',
          );
        }
      }
      expect(
        denied(OU.myNumber, stackSets('iam:CreateRole', { resource: role('other'), context: { 'aws:TagKeys': ['lgsec:exemption'] } })),
      ).toEqual([]);
    });

    test('an exemption tag on any other role takes everything away; the name without the tag exempts nothing', () => {
      const forged = { ...admin('cloudtrail:StopLogging'), tags: { 'lgsec:exemption': 'break-glass' } };
      expect(denied(OU.myNumber, forged)).toContain('BreakGlassTagOnlyOnBreakGlassRoles');
      expect(denied(OU.myNumber, { ...forged, action: 's3:GetObject' })).toContain('BreakGlassTagOnlyOnBreakGlassRoles');
      const forgedDeployer = { ...admin('route53resolver:ImportFirewallDomains'), tags: { 'lgsec:exemption': 'deployment' } };
      expect(denied(OU.myNumber, forgedDeployer)).toContain('DeploymentTagOnlyOnDeploymentRoles');
      // A role of the break-glass name that the StackSet did not tag is no one special.
      expect(denied(OU.myNumber, { action: 'cloudtrail:StopLogging', principal: role('lgsec-break-glass') })).toContain(
        'DenyTurningAuditOff',
      );
      expect(denied(OU.myNumber, breakGlass('cloudtrail:StopLogging'))).toEqual([]);
    });

    test('the deployment role is passed only by the deploy role, only to CloudFormation', () => {
      const execution = role('cdk-hnb659fds-cfn-exec-role-x');
      const deployRole = role('cdk-hnb659fds-deploy-role-x');
      const pass = (principal: string, service: string) =>
        denied(OU.myNumber, { action: 'iam:PassRole', resource: execution, principal, context: { 'iam:PassedToService': service } });
      expect(pass(deployRole, 'cloudformation.amazonaws.com')).toEqual([]);
      expect(pass(ADMIN, 'cloudformation.amazonaws.com')).toEqual(['OnlyTheDeployRolePassesTrustedRoles']);
      expect(pass(deployRole, 'lambda.amazonaws.com')).toEqual(['DeploymentRoleOnlyToCloudFormation']);
    });

    test("only the deployment path deploys: no stack update as its exempt execution role, no function's code swapped", () => {
      for (const target of Object.values(OU)) {
        for (const action of [
          'cloudformation:UpdateStack',
          'cloudformation:CreateChangeSet',
          'cloudformation:ExecuteChangeSet',
          'lambda:UpdateFunctionCode',
        ]) {
          expect(denied(target, admin(action))).toContain('OnlyTheDeploymentPathDeploys');
          expect(denied(target, breakGlass(action))).toEqual([]);
        }
        expect(denied(target, { action: 'cloudformation:ExecuteChangeSet', principal: role('cdk-hnb659fds-deploy-role-x') })).toEqual([]);
        expect(denied(target, deployer('lambda:UpdateFunctionCode'))).toEqual([]);
        expect(denied(target, stackSets('cloudformation:CreateStack'))).toEqual([]);
      }
    });

    test('nobody leaves the organization or creates IAM users, keys or identity providers', () => {
      expect(denied(OU.myNumber, breakGlass('organizations:LeaveOrganization'))).toEqual(['NobodyLeavesTheOrganization']);
      for (const action of ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateSAMLProvider', 'iam:CreateOpenIDConnectProvider']) {
        expect(denied(OU.myNumber, admin(action))).toContain('NoLongLivedCredentials');
        expect(denied(OU.myNumber, deployer(action))).toContain('NoLongLivedCredentials');
      }
      expect(denied(OU.deployment, stackSets('iam:CreateOpenIDConnectProvider'))).toEqual([]);
    });
  });

  describe('the closed zones are allowlists', () => {
    test('services outside the zone are denied to everyone but break-glass; the list is a prop', () => {
      for (const target of [OU.myNumber, OU.lgwan]) {
        expect(denied(target, deployer('rds:CreateDBInstance'))).toContain('DenyServicesOutsideZone');
        expect(denied(target, admin('cloudshell:CreateEnvironment'))).toContain('DenyServicesOutsideZone');
        expect(denied(target, breakGlass('rds:CreateDBInstance'))).toEqual([]);
      }
      const withRds = build({ closedZoneServices: ['rds:*', 'sts:*', 's3:*'] }).guardrails.policies.find(
        (p) => p.policyName === 'lgsec-mynumber-closed-network',
      )!;
      expect(deniedBy(withRds.document.Statement, deployer('rds:CreateDBInstance'))).toEqual([]);
    });

    test('no default VPC, Lattice, Verified Access, Cloud WAN, Direct Connect or API Gateway VPC link, not even by deployments', () => {
      for (const target of [OU.myNumber, OU.lgwan, OU.internet]) {
        for (const action of [
          'ec2:CreateDefaultVpc',
          'ec2:CreateDefaultSubnet',
          'vpc-lattice:CreateServiceNetworkVpcAssociation',
          'ec2:CreateVerifiedAccessEndpoint',
          'networkmanager:CreateCoreNetwork',
          'directconnect:CreateConnection',
        ]) {
          expect({ target, action, denied: denied(target, deployer(action)).length > 0 }).toEqual({ target, action, denied: true });
        }
        expect(denied(target, deployer('apigateway:POST', { resource: 'arn:aws:apigateway:ap-northeast-1::/vpclinks' }))).toContain(
          'DenyApiGatewayVpcLinks',
        );
      }
    });

    test('VPC endpoints only to listed AWS services: no other account, no Gateway Load Balancer of theirs', () => {
      const endpoint = (owner: string, name: string) =>
        deployer('ec2:CreateVpcEndpoint', {
          resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:vpc-endpoint/*`,
          context: { 'ec2:VpceServiceOwner': owner, 'ec2:VpceServiceName': name },
        });
      for (const target of [OU.myNumber, OU.lgwan]) {
        expect(denied(target, endpoint('amazon', 'com.amazonaws.ap-northeast-1.kms'))).toEqual([]);
        expect(denied(target, endpoint('999999999999', 'com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0'))).toEqual(
          expect.arrayContaining(['DenyEndpointsToOtherAccounts', 'OnlyListedEndpointServices']),
        );
        expect(denied(target, endpoint('amazon', 'com.amazonaws.ap-northeast-1.execute-api'))).toEqual(['OnlyListedEndpointServices']);
        expect(denied(target, { ...endpoint('amazon', 'com.amazonaws.ap-northeast-1.kms'), principal: ADMIN, tags: {} })).toContain(
          'OnlyDeploymentsChangePerimeters',
        );
      }
      expect(denied(OU.internet, endpoint('999999999999', 'com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0'))).toEqual([
        'DenyEndpointsToOtherAccounts',
      ]);
    });

    test('compute outside a VPC only by deployments (CloudFormation custom resources)', () => {
      for (const target of [OU.myNumber, OU.lgwan, OU.internet]) {
        expect(denied(target, admin('lambda:CreateFunction'))).toContain('DenyComputeOutsideVpc');
        expect(denied(target, admin('lambda:CreateFunction', { context: { 'lambda:VpcIds': 'vpc-0123' } }))).not.toContain(
          'DenyComputeOutsideVpc',
        );
        expect(denied(target, deployer('lambda:CreateFunction'))).toEqual([]);
      }
    });

    test("the zone's perimeter and code change only by deployments", () => {
      for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 'ec2:ModifyVpcEndpoint', 'kms:PutKeyPolicy']) {
        expect(denied(OU.myNumber, admin(action))).toContain('OnlyDeploymentsChangePerimeters');
        expect(denied(OU.myNumber, deployer(action))).toEqual([]);
      }
    });

    test('no VPN in the My Number zone; in the LGWAN zone only the one deployments build', () => {
      expect(denied(OU.myNumber, deployer('ec2:CreateVpnConnection'))).toContain('DenyWaysOut');
      expect(denied(OU.lgwan, deployer('ec2:CreateVpnConnection'))).toEqual([]);
      expect(denied(OU.lgwan, admin('ec2:CreateVpnConnection'))).toContain('OnlyDeploymentsBuildTheLgwanVpn');
      for (const action of [
        'ec2:CreateInternetGateway',
        'ec2:CreateNatGateway',
        'ec2:CreateVpcPeeringConnection',
        'ec2:CreateTransitGatewayVpcAttachment',
      ]) {
        expect(denied(OU.lgwan, deployer(action))).toContain('DenyWaysOut');
      }
    });

    test('the internet zone has no way out of its own; its Transit Gateway attachment is deployed', () => {
      expect(denied(OU.internet, deployer('ec2:CreateInternetGateway'))).toContain('DenyOwnWaysOut');
      expect(denied(OU.internet, deployer('lambda:CreateFunctionUrlConfig'))).toContain('DenyOwnWaysOut');
      expect(denied(OU.internet, admin('ec2:CreateTransitGatewayVpcAttachment'))).toContain('OnlyDeploymentsAttachTransitGateways');
      expect(denied(OU.internet, deployer('ec2:CreateTransitGatewayVpcAttachment'))).toEqual([]);
    });
  });

  describe('audit cannot be switched off around the guardrail', () => {
    const everyTarget = Object.values(OU);

    test('DNS Firewall, query logging and Network Firewall change only by deployments', () => {
      for (const target of everyTarget) {
        for (const action of [
          'route53resolver:ImportFirewallDomains',
          'route53resolver:CreateFirewallRule',
          'route53resolver:UpdateFirewallDomains',
          'route53resolver:UpdateFirewallRule',
          'network-firewall:UpdateFirewallPolicy',
          'network-firewall:AssociateFirewallPolicy',
        ]) {
          expect({ target, action, denied: denied(target, admin(action)) }).toEqual({
            target,
            action,
            denied: expect.arrayContaining(['OnlyDeploymentsChangeAudit']),
          });
          expect(denied(target, deployer(action))).not.toContain('OnlyDeploymentsChangeAudit');
        }
      }
    });

    test('turning audit off is break-glass only, whoever deploys', () => {
      for (const action of [
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'config:StopConfigurationRecorder',
        'config:DeleteDeliveryChannel',
        'guardduty:DeleteDetector',
        'guardduty:DeletePublishingDestination',
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
        'logs:DeleteLogGroup',
        'route53resolver:DisassociateFirewallRuleGroup',
        'network-firewall:DeleteFirewallPolicy',
      ]) {
        expect(denied(OU.myNumber, deployer(action))).toContain('DenyTurningAuditOff');
        expect(denied(OU.myNumber, breakGlass(action))).toEqual([]);
      }
    });

    test('the trail, Config and the alarm plumbing are not blinded through their roles, log groups, topics or rules', () => {
      for (const action of [
        'iam:PutRolePolicy',
        'iam:DetachRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:CreatePolicyVersion',
        'logs:PutRetentionPolicy',
        'logs:DeleteMetricFilter',
        'logs:DisassociateKmsKey',
        'sns:DeleteTopic',
        'sns:Unsubscribe',
        'sns:SetTopicAttributes',
        'events:DeleteRule',
        'events:DisableRule',
        'events:RemoveTargets',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DisableAlarmActions',
        'guardduty:CreateFilter',
        'cloudtrail:PutEventSelectors',
        'config:PutConfigurationRecorder',
      ]) {
        expect({ action, denied: denied(OU.shared, admin(action, { resource: role('trail-logs') })).length > 0 }).toEqual({
          action,
          denied: true,
        });
        expect(denied(OU.shared, deployer(action, { resource: role('trail-logs') }))).toEqual([]);
      }
      // Applications keep publishing events and metrics.
      expect(denied(OU.shared, admin('events:PutEvents'))).toEqual([]);
      expect(denied(OU.shared, admin('cloudwatch:PutMetricData'))).toEqual([]);
    });

    test("the log archive's bucket policy and key, the security cloud's routes and firewall change only by deployments", () => {
      const bucket = 'arn:aws:s3:::lgsec-log-archive-222222222222-ap-northeast-1';
      expect(denied(OU.shared, admin('s3:PutBucketPolicy', { resource: bucket }))).toContain('OnlyDeploymentsChangeLogArchive');
      expect(denied(OU.shared, admin('s3:PutBucketPolicy', { resource: 'arn:aws:s3:::other' }))).toEqual([]);
      expect(denied(OU.shared, admin('kms:PutKeyPolicy', { resource: 'arn:aws:kms:ap-northeast-1:222222222222:key/abc' }))).toContain(
        'OnlyDeploymentsChangeLogArchive',
      );
      expect(denied(OU.shared, deployer('s3:PutBucketPolicy', { resource: bucket }))).toEqual([]);
      for (const action of [
        'ec2:CreateTransitGatewayRoute',
        'ec2:ReplaceTransitGatewayRoute',
        'ec2:DisableTransitGatewayRouteTablePropagation',
        'ec2:AcceptTransitGatewayVpcAttachment',
      ]) {
        expect(denied(OU.shared, admin(action))).toContain('OnlyDeploymentsChangeAudit');
      }
    });

    test('nothing outside Japan but global services, break-glass exempt', () => {
      expect(denied(OU.internet, admin('ec2:RunInstances', { context: { 'aws:RequestedRegion': 'us-east-1' } }))).toContain(
        'DenyOutsideAllowedRegions',
      );
      expect(denied(OU.internet, admin('ec2:RunInstances', { context: { 'aws:RequestedRegion': 'ap-northeast-3' } }))).toEqual([]);
      expect(denied(OU.internet, admin('iam:GetRole', { context: { 'aws:RequestedRegion': 'us-east-1' } }))).toEqual([]);
      expect(denied(OU.internet, breakGlass('ec2:RunInstances', { context: { 'aws:RequestedRegion': 'us-east-1' } }))).toEqual([]);
    });
  });

  describe('the data perimeters admit only the zone', () => {
    const principalIn = (ou: string, name = 'app', account = ACCOUNT): Request => ({
      action: 's3:GetObject',
      principal: `arn:aws:iam::${account}:role/${name}`,
      context: {
        'aws:PrincipalOrgPaths': [path(ou)],
        'aws:PrincipalOrgID': ORG,
        'aws:PrincipalAccount': account,
        'aws:PrincipalIsAWSService': 'false',
      },
    });

    test("a zone's data answers its own accounts only: not another zone's, not another municipality's elsewhere, not anonymous", () => {
      expect(perimeterDenies(OU.myNumber, principalIn(OU.myNumber))).toEqual([]);
      expect(perimeterDenies(OU.myNumber, principalIn(OU.lgwan))).toContain('EnforceZoneIdentities');
      expect(perimeterDenies(OU.myNumber, principalIn(OU.shared))).toContain('EnforceZoneIdentities');
      expect(perimeterDenies(OU.myNumber, { action: 's3:GetObject', principal: 'anonymous' })).toContain('EnforceZoneIdentities');
      for (const action of [
        'sqs:ReceiveMessage',
        'logs:GetLogEvents',
        'dynamodb:GetItem',
        'secretsmanager:GetSecretValue',
        'kms:Decrypt',
      ]) {
        expect(perimeterDenies(OU.myNumber, { ...principalIn(OU.internet), action })).toContain('EnforceZoneIdentities');
      }
    });

    test("a zone's roles are assumed by the zone, the deployment pipeline and the management account only", () => {
      const assume = (request: Request) => perimeterDenies(OU.myNumber, { ...request, action: 'sts:AssumeRole' });
      expect(assume(principalIn(OU.myNumber))).toEqual([]);
      expect(assume(principalIn(OU.deployment, 'lgsec-deployment-pipeline', '888888888888'))).toEqual([]);
      expect(
        assume({
          action: 'sts:AssumeRole',
          principal: 'arn:aws:iam::111111111111:user/operator',
          context: {
            'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/`],
            'aws:PrincipalAccount': '111111111111',
            'aws:PrincipalIsAWSService': 'false',
          },
        }),
      ).toEqual([]);
      expect(assume(principalIn(OU.internet))).toContain('EnforceZoneRoleTrust');
    });

    test("the LGWAN zone admits the sanitizing transfer's writer, only from the internet OU", () => {
      const writer = principalIn(OU.internet, 'lgsec-transfer-writer-main', '666666666666');
      expect(perimeterDenies(OU.lgwan, { ...writer, action: 's3:PutObject' })).toEqual([]);
      expect(perimeterDenies(OU.lgwan, { ...principalIn(OU.myNumber, 'lgsec-transfer-writer-main'), action: 's3:PutObject' })).toContain(
        'AdmittedRole1OnlyFromItsOus',
      );
      expect(perimeterDenies(OU.lgwan, { ...principalIn(OU.internet, 'other-role', '666666666666'), action: 's3:PutObject' })).toContain(
        'EnforceZoneIdentities',
      );
      expect(perimeterDenies(OU.myNumber, { ...writer, action: 's3:PutObject' })).toContain('EnforceZoneIdentities');
    });

    test('AWS services act only on behalf of the zone; TLS only', () => {
      const service = (ou: string): Request => ({
        action: 's3:PutObject',
        principal: 'cloudtrail.amazonaws.com',
        context: {
          'aws:PrincipalIsAWSService': 'true',
          'aws:SourceAccount': ACCOUNT,
          'aws:SourceOrgID': ORG,
          'aws:SourceOrgPaths': [path(ou)],
        },
      });
      expect(perimeterDenies(OU.myNumber, service(OU.myNumber))).toEqual([]);
      expect(perimeterDenies(OU.myNumber, service(OU.lgwan))).toEqual(['ServicesOnlyForTheZone']);
      expect(
        perimeterDenies(OU.myNumber, {
          ...principalIn(OU.myNumber),
          context: { ...principalIn(OU.myNumber).context, 'aws:SecureTransport': 'false' },
        }),
      ).toEqual(['EnforceSecureTransport']);
    });

    test('the RCPs are valid RCPs: Principal *, Deny only, no NotAction, no bare *', () => {
      for (const policy of build().guardrails.policies.filter((p) => p.type === GuardrailPolicyType.RESOURCE_CONTROL_POLICY)) {
        for (const statement of policy.document.Statement) {
          expect(statement).toEqual(expect.objectContaining({ Principal: '*', Effect: 'Deny' }));
          expect(statement.NotAction).toBeUndefined();
          expect([statement.Action].flat()).not.toContain('*');
        }
      }
    });
  });

  test('the sanitizer role is passed only by deployments, only to Lambda, only to its function', () => {
    const sanitizer = statements(build().template, 'lgsec-sanitizer-role');
    expect(sanitizer.every((s) => s.Action === 'iam:PassRole' && s.Resource === 'arn:aws:iam::*:role/lgsec-sanitizer')).toBe(true);
    const pass = (principal: Request, associated: string) =>
      deniedBy(sanitizer, {
        ...principal,
        resource: role('lgsec-sanitizer'),
        context: { 'iam:PassedToService': 'lambda.amazonaws.com', 'iam:AssociatedResourceArn': associated },
      });
    const own = 'arn:aws:lambda:ap-northeast-1:555555555555:function:lgsec-sanitizer';
    expect(pass(deployer('iam:PassRole'), own)).toEqual([]);
    expect(pass(admin('iam:PassRole'), own)).toEqual(['OnlyDeploymentsPassSanitizerRole']);
    expect(pass(deployer('iam:PassRole'), 'arn:aws:lambda:ap-northeast-1:555555555555:function:other')).toEqual([
      'SanitizerRoleOnlyToItsFunction',
    ]);
  });

  test('fails on a policy over the 5,120-character quota, naming it and its size', () => {
    const many = Array.from({ length: 40 }, (_, i) => `emergency-access-role-number-${i}`);
    expect(() => build({ breakGlassRoleNames: many })).toThrow(
      /service control policy 'lgsec-baseline' is \d{4,} characters of compact JSON, over AWS Organizations' limit of 5120/,
    );
  });

  test('fails on bad ids, names and overlapping targets, all at once', () => {
    const message = messageOf(() =>
      build({
        organizationId: 'org-1',
        targets: { myNumber: [OU.myNumber], lgwan: [OU.myNumber], internet: [] },
        breakGlassRoleNames: ['arn:aws:iam::*:role/lgsec-break-glass'],
        allowedRegions: ['tokyo'],
        closedZoneServices: ['rds'],
      }),
    );
    expect(message).toMatch(/organizationId: 'org-1'/);
    expect(message).toMatch(/breakGlassRoleNames: 'arn:aws:iam::\*:role\/lgsec-break-glass' is not a role name.*give names, not ARNs/);
    expect(message).toMatch(/allowedRegions: 'tokyo'/);
    expect(message).toMatch(/closedZoneServices: 'rds'/);
    expect(message).toMatch(/'sts:\*' is missing/);
    expect(message).toMatch(/'ou-ab12-11111111' is listed under both myNumber and lgwan/);
    expect(() => build({ targets: { myNumber: ['ou-bad'], lgwan: [], internet: [] } })).toThrow(
      /targetIds: 'ou-bad' is not a literal root/,
    );
  });

  test('needs a literal management account', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(
      () => new ZoneGuardrails(stack, 'Guardrails', { organizationId: ORG, targets: { myNumber: [OU.myNumber], lgwan: [], internet: [] } }),
    ).toThrow(
      /managementAccountId: '\$\{Token\[AWS\.AccountId\.\d+\]\}' is not a 12-digit account id; give it, or give the stack .*env\.account/,
    );
  });
});

describe('GuardrailPolicy', () => {
  const policy = (type: GuardrailPolicyType, statement: GuardrailStatement, id = 'P') =>
    new GuardrailPolicy(new Stack(), id, { type, policyName: 'x', guardrail: 'x', statements: [statement] });

  test('refuses what AWS Organizations refuses: RCPs without Principal *, with NotAction or a bare *; SCPs with a Principal', () => {
    const RCP = GuardrailPolicyType.RESOURCE_CONTROL_POLICY;
    expect(() => policy(RCP, { Sid: 'A', Effect: 'Deny', Action: 's3:*', Resource: '*' })).toThrow(
      /statement 'A': a resource control policy statement needs Principal '\*'/,
    );
    expect(() => policy(RCP, { Sid: 'A', Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*' })).toThrow(
      /do not support NotAction/,
    );
    expect(() => policy(RCP, { Sid: 'A', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' })).toThrow(/cannot deny '\*'/);
    expect(() =>
      policy(GuardrailPolicyType.SERVICE_CONTROL_POLICY, { Sid: 'B', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
    ).toThrow(/statement 'B': a service control policy statement takes no Principal/);
  });

  test('counts the size as compact JSON, exactly at the limit still accepted', () => {
    const stack = new Stack();
    const base = { Sid: 'A', Effect: 'Deny' as const, Action: 's3:GetObject', Resource: '' };
    const empty = JSON.stringify({ Version: '2012-10-17', Statement: [base] }).length;
    const resource = 'r'.repeat(MAX_GUARDRAIL_POLICY_CHARACTERS - empty);
    const atLimit = new GuardrailPolicy(stack, 'AtLimit', {
      type: GuardrailPolicyType.SERVICE_CONTROL_POLICY,
      policyName: 'at-limit',
      guardrail: 'x',
      statements: [{ ...base, Resource: resource }],
    });
    expect(atLimit.size).toBe(MAX_GUARDRAIL_POLICY_CHARACTERS);
    expect(
      () =>
        new GuardrailPolicy(stack, 'Over', {
          type: GuardrailPolicyType.SERVICE_CONTROL_POLICY,
          policyName: 'over',
          guardrail: 'x',
          statements: [{ ...base, Resource: `${resource}r` }],
        }),
    ).toThrow(/is 5121 characters of compact JSON/);
  });
});
