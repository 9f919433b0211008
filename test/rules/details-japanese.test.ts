/**
 * Every finding of these rules carries its detail in Japanese too: the failing cases of their
 * rule tests, checked together, each give a `messageJa` whose detail is Japanese, not the English one.
 */
import { ruleTable } from '../../rules/rule-table';
import type { RuleResultRecord } from '../../rules/results';
import { Checked, checkPlain, getAtt, ref, tags, template, walledGarden } from './harness';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const ZONE_OU = 'ou-a1b2-11111111';
const ORG = 'o-a1b2c3d4e5';
const ROOT = { AWS: 'arn:aws:iam::111111111111:root' };

const RULES = [
  'LGSEC-ACKNOWLEDGMENT-REASON',
  'LGSEC-AUDIT-KEY-ADMIN',
  'LGSEC-CLOSED-ZONE-DNS-FIREWALL',
  'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST',
  'LGSEC-ORG-CLOSED-ZONE-ALLOWLIST',
  'LGSEC-ORG-EXEMPTION-BY-NAME',
  'LGSEC-ORG-EXEMPTION-UNPROTECTED',
  'LGSEC-ORG-POLICY-QUOTA',
  'LGSEC-CLOSED-BUCKET-ENCRYPTION-HEADER',
];

const vpc = (zone: string) => ({ Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', Tags: tags({ 'lgsec:zone': zone }) } });
const s3Endpoint = (vpcId: string, policyDocument?: unknown) => ({
  Type: 'AWS::EC2::VPCEndpoint',
  Properties: {
    VpcId: ref(vpcId),
    ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
    VpcEndpointType: 'Gateway',
    ...(policyDocument ? { PolicyDocument: policyDocument } : {}),
  },
});
const auditKey = (metadata?: unknown) => ({
  Type: 'AWS::KMS::Key',
  Properties: {
    EnableKeyRotation: true,
    KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: '*' }] },
    Tags: tags({ 'lgsec:purpose': 'audit-log' }),
  },
  ...(metadata === undefined ? {} : { Metadata: metadata }),
});
const organizationPolicy = (type: string, targets: string[], statements: unknown[], tagValues: Record<string, string> = {}) => ({
  Type: 'AWS::Organizations::Policy',
  Properties: {
    Type: type,
    Name: 'p',
    TargetIds: targets,
    Content: { Version: '2012-10-17', Statement: statements },
    ...(Object.keys(tagValues).length > 0 ? { Tags: tags(tagValues) } : {}),
  },
});
const scp = (statements: unknown[], tagValues?: Record<string, string>) =>
  organizationPolicy('SERVICE_CONTROL_POLICY', [ZONE_OU], statements, tagValues);

describe('finding details of the closed-zone, organization, audit-key and acknowledgment rules in Japanese', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template({
        // DNS: a closed VPC without a DNS Firewall, and one whose firewall answers everything, fails open and is unprotected.
        OpenMy: vpc('mynumber'),
        Leaky: vpc('lgwan'),
        ...walledGarden('Leaky', { blockAction: 'ALLOW', mutationProtection: 'DISABLED' }),
        LeakyFailOpen: {
          Type: 'AWS::Route53Resolver::FirewallConfig',
          Properties: { ResourceId: ref('Leaky'), FirewallFailOpen: 'ENABLED' },
        },
        LeakyDhcp: { Type: 'AWS::EC2::DHCPOptions', Properties: { DomainNameServers: ['8.8.8.8'] } },
        LeakyDhcpAssociation: {
          Type: 'AWS::EC2::VPCDHCPOptionsAssociation',
          Properties: { VpcId: ref('Leaky'), DhcpOptionsId: ref('LeakyDhcp') },
        },
        // Gateway endpoints of a closed zone: no policy, and a policy allowing every bucket.
        NoPolicy: s3Endpoint('OpenMy'),
        AnyBucket: s3Endpoint('OpenMy', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
        }),
        // A closed-zone bucket without the encryption-header denies.
        BucketKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        ClosedBucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: {
              ServerSideEncryptionConfiguration: [
                { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('BucketKey', 'Arn') } },
              ],
            },
            Tags: tags({ 'lgsec:zone': 'mynumber', 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '1' }),
          },
        },
        // An audit-log key any administrator of the account may delete; one with a placeholder acknowledgment, one expired.
        AuditKey: auditKey(),
        PlaceholderKey: auditKey({ lgsec: { acknowledgments: [{ id: 'LGSEC-AUDIT-KEY-ADMIN', reason: 'n/a' }] } }),
        ExpiredKey: auditKey({
          lgsec: {
            acknowledgments: [
              {
                id: 'LGSEC-AUDIT-KEY-ADMIN',
                reason: 'The key ceremony team alone holds the administrator role of this account',
                approver: 'CISO',
                approvedOn: '1999-04-01',
                expiresOn: '2000-03-31',
                reference: 'SEC-2000-1',
              },
            ],
          },
        }),
        MalformedAcknowledgments: auditKey({ lgsec: { acknowledgments: 'all' } }),
        // Organizations: a closed zone's denylist, a name exemption, an unprotected exemption, an oversized SCP.
        Closed: scp(
          [{ Sid: 'DenyWaysOut', Effect: 'Deny', Action: ['ec2:CreateInternetGateway', 'ec2:CreateNatGateway'], Resource: '*' }],
          { 'lgsec:guardrail': 'mynumber-closed-network', 'lgsec:guardrail-zones': 'mynumber' },
        ),
        Perimeter: organizationPolicy(
          'RESOURCE_CONTROL_POLICY',
          [ZONE_OU],
          [
            {
              Sid: 'EnforceZoneIdentities',
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:*', 'kms:*'],
              Resource: '*',
              Condition: {
                'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*/${ZONE_OU}/*`] },
                BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
                ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/lgsec-transfer-writer-*'] },
              },
            },
          ],
        ),
        Audit: scp([
          {
            Sid: 'DenyTurningAuditOff',
            Effect: 'Deny',
            Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
            Resource: '*',
            Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/BreakGlass' } },
          },
        ]),
        Big: scp([
          {
            Effect: 'Deny',
            Action: Array.from({ length: 225 }, (_, i) => `ec2:DescribeThing${String(i).padStart(3, '0')}`),
            Resource: '*',
          },
        ]),
      }),
    );
  });

  const findings = (): RuleResultRecord[] =>
    checked.run.results.filter((r) => RULES.includes(r.ruleId) && (r.status === 'non-compliant' || r.status === 'acknowledged'));

  test.each(RULES)('%s reports findings here', (ruleId) => {
    expect(findings().filter((r) => r.ruleId === ruleId).length).toBeGreaterThan(0);
  });

  test('every finding gives its detail in Japanese, never the English detail', () => {
    const rules = new Map(ruleTable().map((rule) => [rule.id, rule]));
    const wrong: string[] = [];
    for (const result of findings()) {
      const rule = rules.get(result.ruleId)!;
      const detail = result
        .message!.slice(rule.cause.length)
        .replace(/^ (Cannot verify: )?/, '')
        .replace(/\.$/, '');
      const detailJa = result.messageJa!.slice(rule.ja.cause.length);
      if (!result.messageJa!.startsWith(rule.ja.cause) || !JAPANESE.test(detailJa) || detailJa.includes(detail)) {
        wrong.push(`${result.ruleId} ${result.logicalId}: ${result.messageJa}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test.each([
    ['LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'OpenMy', 'VPC に DNS Firewall のルールグループが関連付けられていない'],
    ['LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'Leaky', 'LeakyFailOpen は FirewallFailOpen を ENABLED にしており'],
    ['LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'Leaky', 'ネームサーバー 8.8.8.8 を与えている'],
    ['LGSEC-CLOSED-ZONE-DNS-FIREWALL', 'Leaky', '関連付け LeakyWalledGardenAssociation が MutationProtection を ENABLED にしておらず'],
    ['LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST', 'NoPolicy', 'PolicyDocument が設定されておらず'],
    ['LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST', 'AnyBucket', 'ゾーンのプリンシパルがエンドポイント経由で'],
    ['LGSEC-CLOSED-BUCKET-ENCRYPTION-HEADER', 'ClosedBucket', 'でないときに s3:PutObject を拒否するステートメントがない'],
    [
      'LGSEC-AUDIT-KEY-ADMIN',
      'AuditKey',
      'lgsec:purpose=audit-log のタグが付いているが、アカウント 111111111111 の管理者が直接の呼び出しで',
    ],
    [
      'LGSEC-ACKNOWLEDGMENT-REASON',
      'PlaceholderKey',
      "PlaceholderKey の LGSEC-AUDIT-KEY-ADMIN の承認：理由 'n/a' は仮の文字列であり、理由ではない",
    ],
    ['LGSEC-ACKNOWLEDGMENT-REASON', 'ExpiredKey', '例外措置の有効期限 2000-03-31 が過ぎている（承認者：CISO、SEC-2000-1）'],
    ['LGSEC-ACKNOWLEDGMENT-REASON', 'MalformedAcknowledgments', 'Metadata.lgsec.acknowledgments が { id, reason } のリストではない'],
    ['LGSEC-ORG-CLOSED-ZONE-ALLOWLIST', 'Closed', `${ZONE_OU} の SCP では、メンバーアカウントの通常の管理者が`],
    ['LGSEC-ORG-EXEMPTION-BY-NAME', 'Perimeter', '組織外のアカウント（'],
    ['LGSEC-ORG-EXEMPTION-UNPROTECTED', 'Audit', 'その後は除外されたプリンシパルとして振る舞える'],
    ['LGSEC-ORG-POLICY-QUOTA', 'Big', 'CloudFormation が送信する詰めた JSON として'],
  ])('%s on %s says: %s', (ruleId, logicalId, ja) => {
    expect(checked.results(ruleId, logicalId).map((r) => r.messageJa)).toEqual([expect.stringContaining(ja)]);
  });
});
