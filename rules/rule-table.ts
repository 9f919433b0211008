import { MIN_TRANSFER_REASON_LENGTH, TAG_KEYS, TRANSFER_REASONS_METADATA } from '../lib/policy';
import { acknowledgmentReason } from './acknowledgment/acknowledgment-reason';
import { acknowledgmentUnknownRule } from './acknowledgment/acknowledgment-unknown-rule';
import { MIN_REASON_LENGTH, PACK_NAME } from '../lib/template/acknowledgments';
import { DATA_STORE_TYPES } from '../lib/template/data-store';
import { RuleCheck } from './rule';
import { s3BlockPublicAccess } from './access/s3-block-public-access';
import { s3TlsOnly } from './access/s3-tls-only';
import { kmsKeyRotation } from './access/kms-key-rotation';
import { iamNoAdminStatement } from './access/iam-no-admin-statement';
import { iamNoAccessKeys } from './access/iam-no-access-keys';
import { ec2Imdsv2 } from './access/ec2-imdsv2';
import { auditBucketWorm } from './audit/audit-bucket-worm';
import { cloudTrailConfiguration } from './audit/cloudtrail';
import { DEFAULT_LOG_RETENTION_DAYS, logGroupRetention } from './audit/log-group-retention';
import { s3AccessLogging } from './audit/s3-access-logging';
import { vpcMultiAz } from './availability/vpc-multi-az';
import { dnsFirewallAssociated } from './internet/dns-firewall';
import { internetEgressViaSecurityCloud } from './internet/egress-via-security-cloud';
import { internetBrowserIpRestricted } from './internet/browser-ip-restricted';
import { internetBrowserNoTransfer } from './internet/browser-no-transfer';
import { browserPortalInVpc } from './internet/browser-portal-in-vpc';
import { mailReceiptInJapan } from './internet/mail-receipt-in-japan';
import { mailReceiptScan } from './internet/mail-receipt-scan';
import { mailReceiptTls } from './internet/mail-receipt-tls';
import { mailReceiptSanitized } from './lgwan/mail-receipt-sanitized';
import { firewallLogging } from './internet/firewall-logging';
import { firewallPolicyStrict } from './internet/firewall-policy-strict';
import { firewallProtection } from './internet/firewall-protection';
import { securityCloudInspection } from './internet/security-cloud-inspection';
import { transitGatewayNoDefaultRouteTable } from './internet/tgw-no-default-route-table';
import { lgwanBucketNoInternetWrite } from './lgwan/bucket-no-internet-write';
import { lgwanNoInternetIngress } from './lgwan/no-internet-ingress';
import { lgwanNoInternetPath } from './lgwan/no-internet-path';
import { lgwanSeparateRouting } from './lgwan/separate-routing';
import { myNumberEndpointPolicy } from './mynumber/endpoint-policy';
import { myNumberInterfaceEndpointResourceScope } from './mynumber/interface-endpoint-resource-scope';
import { myNumberHumanRoleMfa } from './mynumber/human-role-mfa';
import { myNumberLambdaInVpc } from './mynumber/lambda-in-vpc';
import { myNumberNoNetworkPath } from './mynumber/no-network-path';
import { myNumberNoPublicIp } from './mynumber/no-public-ip';
import { myNumberSecurityGroupClosed } from './mynumber/security-group-closed';
import { myNumberTerminalNoExport } from './mynumber/terminal-no-export';
import { myNumberTerminalFleetClosed } from './mynumber/terminal-fleet-closed';
import { myNumberTerminalPrivateStreaming } from './mynumber/terminal-private-streaming';
import { defaultSecurityGroupClosed } from './network/default-sg-closed';
import { securityGroupNoWorldIngress } from './network/sg-no-world-ingress';
import { vpcFlowLogs } from './network/vpc-flow-logs';
import { crossAccountRoleGuards } from './outsourcing/cross-account-role';
import { explicitRegionJapan } from './outsourcing/explicit-region';
import { stackRegionJapan } from './outsourcing/stack-region';
import { c3BucketEndpointOnly } from './placement/c3-bucket-endpoint-only';
import { c3InMyNumberZone } from './placement/c3-in-mynumber-zone';
import { dataClassificationTag } from './placement/data-classification-tag';
import { dataCmkEncryption } from './placement/data-cmk-encryption';
import { dataIntegrityHistory } from './placement/data-integrity-history';
import { dataRegionCopy } from './placement/data-region-copy';
import { dataRetainOnDelete } from './placement/data-retain-on-delete';
import { vpcZoneTag } from './placement/vpc-zone-tag';
import { closedZoneDnsFirewall } from './network/closed-zone-dns-firewall';
import { closedZoneComputeInVpc } from './network/closed-zone-compute-in-vpc';
import { closedZoneEndpointAllowlist } from './network/closed-zone-endpoint-allowlist';
import { dnsQueryLogging } from './network/dns-query-logging';
import { c3PerimeterNoServiceExemption } from './placement/c3-perimeter-no-service-exemption';
import { closedBucketEncryptionHeader } from './placement/closed-bucket-encryption-header';
import { alarmAction } from './audit/alarm-action';
import { auditKeyAdmin } from './audit/audit-key-admin';
import { firewallThreatSignatures } from './internet/firewall-threat-signatures';
import { securityCloudThreatDetection } from './internet/security-cloud-threat-detection';
import { sanitizerEgress } from './lgwan/sanitizer-egress';
import { bootstrapExecutionPolicy } from './deployment/bootstrap-execution-policy';
import { bootstrapTrust } from './deployment/bootstrap-trust';
import { bootstrapPermissionsBoundary } from './deployment/bootstrap-permissions-boundary';
import { bootstrapLookupNoData } from './deployment/bootstrap-lookup-no-data';
import { lgwanBucketPerimeter } from './lgwan/bucket-perimeter';
import { lgwanInterfaceEndpointResourceScope } from './lgwan/interface-endpoint-resource-scope';
import { vpnTunnelMonitoring } from './network/vpn-tunnel-monitoring';
import { kmsKeyPolicyNoRootFullAccess } from './audit/key-policy-no-root-full-access';
import { auditReplicationDestination } from './audit/audit-replication-destination';
import { organizationExemptionByName } from './organization/exemption-by-name';
import { organizationExemptionUnprotected } from './organization/exemption-unprotected';
import { organizationClosedZoneAllowlist } from './organization/closed-zone-allowlist';
import { organizationPolicyQuota } from './organization/policy-quota';
import { RuleInfo, RuleTexts } from './results';

/** A rule of the pack: its catalogue entry and its check. */
export interface RuleDefinition extends RuleInfo {
  readonly check: RuleCheck;
  /** Required in the table, so a rule without Japanese texts does not compile. */
  readonly ja: RuleTexts;
}

/** Options that change what rules check (the pack props pass them). */
export interface RuleTableOptions {
  /** Minimum CloudWatch log retention in days (control 38). @default 365 */
  readonly logRetentionDays?: number;
}

type Entry = Omit<RuleDefinition, 'qualifiedId'>;

/**
 * THE rule table: every rule's id, level, clauses, lib/policy/CONTROLS.md lines, texts and check, in one
 * place. RULES.md, `lgsec rules`, violations and the report are all generated from it.
 */
export function ruleTable(options: RuleTableOptions = {}): readonly RuleDefinition[] {
  const retention = options.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  const entries: Entry[] = [
    // Placement and classification: 5.1, 5.2, 7.2
    {
      id: 'LGSEC-VPC-ZONE-TAG',
      level: 'error',
      clauses: ['5.1'],
      area: 'placement',
      controls: [1],
      check: vpcZoneTag,
      cause: `The VPC has no valid ${TAG_KEYS.zone} tag.`,
      explanation:
        'Every network is an information asset placed in one zone of the three-layer separation; every zone rule depends on knowing it.',
      fix: `Tag the VPC with ${TAG_KEYS.zone} = mynumber, lgwan, internet or security-cloud (our zone constructs do it).`,
      ja: {
        cause: `VPC に有効な ${TAG_KEYS.zone} タグがない。`,
        explanation:
          'ネットワークはそれぞれ三層の対策のいずれかの領域に置かれる情報資産であり、領域ごとの規則はすべてその領域が分かることを前提とする。',
        fix: `VPC に ${TAG_KEYS.zone} = mynumber、lgwan、internet 又は security-cloud のタグを付ける（lgsec の領域コンストラクトが付ける）。`,
      },
    },
    {
      id: 'LGSEC-DATA-CLASSIFICATION-TAG',
      level: 'error',
      clauses: ['5.2', '7.2'],
      area: 'placement',
      controls: [2],
      check: dataClassificationTag,
      cause: 'The data store carries no valid classification.',
      explanation: `Information is classified for confidentiality (1-3), integrity (1-2) and availability (1-2), and controls follow the class. Data stores are ${DATA_STORE_TYPES.join(', ')}.`,
      fix: `Set ${TAG_KEYS.confidentiality}, ${TAG_KEYS.integrity} and ${TAG_KEYS.availability} (our constructs take a typed \`classification\` prop).`,
      ja: {
        cause: 'データストアに有効な情報資産の分類がない。',
        explanation: `情報資産は機密性（1〜3）、完全性（1〜2）、可用性（1〜2）で分類し、分類に応じた対策を行う。対象のデータストアは ${DATA_STORE_TYPES.join('、')}。`,
        fix:
          `${TAG_KEYS.confidentiality}、${TAG_KEYS.integrity}、${TAG_KEYS.availability} を設定する` +
          '（lgsec のコンストラクトは型付きの `classification` プロパティで受け取る）。',
      },
    },
    {
      id: 'LGSEC-DATA-CMK-ENCRYPTION',
      level: 'error',
      clauses: ['7.2', '7.6'],
      area: 'placement',
      controls: [3],
      check: dataCmkEncryption,
      cause: 'A confidentiality 2 or 3 data store is not encrypted with a customer-managed KMS key.',
      explanation:
        'Non-public information is encrypted with a key the city controls (key policy, rotation, audit), not the AWS-managed default. A store without a valid classification is judged as confidentiality 3 (a warning until it is classified).',
      fix: 'Encrypt with a kms.Key of your own: S3 aws:kms with KMSMasterKeyID, DynamoDB SSESpecification with KMSMasterKeyId, RDS/EFS/EBS with KmsKeyId.',
      ja: {
        cause: '機密性2又は3のデータストアが、カスタマー管理の KMS キーで暗号化されていない。',
        explanation: '公開しない情報は、AWS 管理の既定のキーではなく、市が管理する（キーポリシー、ローテーション、監査）キーで暗号化する。',
        fix: '自ら作成した kms.Key で暗号化する：S3 は aws:kms と KMSMasterKeyID、DynamoDB は SSESpecification の KMSMasterKeyId、RDS/EFS/EBS は KmsKeyId。',
      },
    },
    {
      id: 'LGSEC-DATA-INTEGRITY-HISTORY',
      level: 'error',
      clauses: ['7.2'],
      area: 'placement',
      controls: [4],
      check: dataIntegrityHistory,
      cause: 'An integrity 2 data store keeps no history.',
      explanation: "Tampering or mistakes must be recoverable for information whose errors harm residents' rights.",
      fix: 'Enable S3 versioning, DynamoDB point-in-time recovery, or RDS BackupRetentionPeriod of at least 7 days.',
      ja: {
        cause: '完全性2のデータストアに履歴が残らない。',
        explanation: '誤りが住民の権利を害する情報は、改ざんや誤操作から復旧できなければならない。',
        fix: 'S3 のバージョニング、DynamoDB のポイントインタイムリカバリ、又は 7 日以上の RDS BackupRetentionPeriod を有効にする。',
      },
    },
    {
      id: 'LGSEC-DATA-RETAIN-ON-DELETE',
      level: 'error',
      clauses: ['7.2'],
      area: 'placement',
      controls: [5],
      check: dataRetainOnDelete,
      cause: 'An integrity 2 or availability 2 data store is deleted with its stack.',
      explanation: 'Deleting or replacing a stack must not lose important information.',
      fix: 'Set DeletionPolicy and UpdateReplacePolicy to Retain (RemovalPolicy.RETAIN), or Snapshot where the type supports it.',
      ja: {
        cause: '完全性2又は可用性2のデータストアが、スタックとともに削除される。',
        explanation: 'スタックの削除や置換で重要な情報を失ってはならない。',
        fix: 'DeletionPolicy と UpdateReplacePolicy を Retain（RemovalPolicy.RETAIN）にする。対応する種類では Snapshot でもよい。',
      },
    },
    {
      id: 'LGSEC-DATA-REGION-COPY',
      level: 'error',
      clauses: ['6.3', '7.2'],
      area: 'placement',
      controls: [6],
      check: dataRegionCopy,
      cause: 'An availability 2 data store does not survive the loss of a region.',
      explanation:
        'Earthquakes and other disasters can stop a whole region; information whose loss harms residents needs a copy in the other Japanese region.',
      fix: 'Replicate the bucket to a bucket in the other Japanese region, add the store to an AWS Backup plan with a copy action there, or set RDS MultiAZ.',
      ja: {
        cause: '可用性2のデータストアが、リージョンの喪失に耐えない。',
        explanation: '地震等の災害はリージョン全体を停止させうる。失うと住民に害が及ぶ情報は、もう一方の国内リージョンに複製を持つ。',
        fix: 'バケットをもう一方の国内リージョンのバケットに複製する、データストアをそのリージョンへのコピーアクションを持つ AWS Backup プランに加える、又は RDS の MultiAZ を設定する。',
      },
    },
    {
      id: 'LGSEC-C3-IN-MYNUMBER-ZONE',
      level: 'error',
      clauses: ['7.3.a', '7.2'],
      area: 'placement',
      controls: [7],
      check: c3InMyNumberZone,
      cause: 'A confidentiality 3 data store is attached to a VPC outside the My Number zone.',
      explanation: 'My Number (specific personal) information lives only in the closed My Number zone.',
      fix: 'Place its DB subnet group, mount targets or instance in subnets of a mynumber VPC (MyNumberZone).',
      ja: {
        cause: '機密性3のデータストアが、マイナンバー利用事務系以外の VPC に接続されている。',
        explanation: 'マイナンバー（特定個人情報）は、閉じたマイナンバー利用事務系の中にだけ置く。',
        fix: 'DB サブネットグループ、マウントターゲット又はインスタンスを mynumber VPC（MyNumberZone）のサブネットに置く。',
      },
    },
    {
      id: 'LGSEC-C3-BUCKET-ENDPOINT-ONLY',
      level: 'error',
      clauses: ['7.3.a', '7.2'],
      area: 'placement',
      controls: [7],
      check: c3BucketEndpointOnly,
      cause: "A confidentiality 3 bucket accepts requests that do not come through the My Number zone's VPC endpoint.",
      explanation: 'My Number data may only be read from inside the zone; the bucket policy is the perimeter.',
      fix: "Add a bucket policy statement that denies s3:* to every principal when aws:SourceVpce (or aws:SourceVpc) is not the zone's (AuditedBucket with a data perimeter does it).",
      ja: {
        cause: '機密性3のバケットが、マイナンバー利用事務系の VPC エンドポイントを経由しない要求を受け付ける。',
        explanation: 'マイナンバーのデータは領域の中からしか読めない。バケットポリシーがその境界となる。',
        fix: 'aws:SourceVpce（又は aws:SourceVpc）が領域のものでないとき、すべてのプリンシパルに s3:* を拒否するバケットポリシーのステートメントを加える（データ境界付きの AuditedBucket が行う）。',
      },
    },
    {
      id: 'LGSEC-C3-PERIMETER-NO-SERVICE-EXEMPTION',
      level: 'error',
      clauses: ['7.3.a', '7.2'],
      area: 'placement',
      controls: [7],
      check: c3PerimeterNoServiceExemption,
      cause: 'The perimeter of a confidentiality 3 bucket lets AWS services read its objects for a caller from any network.',
      explanation:
        'A perimeter that exempts aws:ViaAWSService (or aws:CalledVia) on object reads lets Athena, Glue and other services using forward access sessions read My Number records for a caller outside the zone.',
      fix: "Deny object actions outside the zone's endpoints without the aws:ViaAWSService exemption; keep it, if needed, only on bucket-level actions for CloudFormation (AuditedBucket with a data perimeter does it).",
      ja: {
        cause: '機密性3のバケットの境界が、どのネットワークからの呼出し元にも AWS サービス経由でのオブジェクト読取りを許している。',
        explanation:
          'オブジェクトの読取りについて aws:ViaAWSService（又は aws:CalledVia）を除外する境界では、Athena、Glue 等の転送アクセスセッションを使うサービスが、領域外の呼出し元のためにマイナンバーの記録を読める。',
        fix: '領域のエンドポイント以外からのオブジェクト操作は aws:ViaAWSService の除外なしで拒否する。除外が必要なら CloudFormation のためのバケット単位の操作だけに残す（データ境界付きの AuditedBucket が行う）。',
      },
    },
    {
      id: 'LGSEC-CLOSED-BUCKET-ENCRYPTION-HEADER',
      level: 'error',
      clauses: ['7.2', '7.6', '7.3.a', '7.3.b'],
      area: 'placement',
      controls: [3],
      check: closedBucketEncryptionHeader,
      cause: 'A confidentiality 3 or closed-zone bucket accepts uploads that ask for another encryption.',
      explanation:
        "A writer that sends SSE-S3, SSE-C or another KMS key (one it controls, perhaps in another account) stores data outside the bucket key's policy and audit trail; default encryption only applies when no header is sent.",
      fix: "Deny s3:PutObject when s3:x-amz-server-side-encryption is present and not aws:kms, when s3:x-amz-server-side-encryption-aws-kms-key-id is present and not the bucket key's ARN, and when s3:x-amz-server-side-encryption-customer-algorithm is present (AuditedBucket does it).",
      ja: {
        cause: '機密性3又は閉じた領域のバケットが、別の暗号化を指定するアップロードを受け付ける。',
        explanation:
          'SSE-S3、SSE-C 又は別の KMS キー（書込み側が管理する、他アカウントのものかもしれないキー）を指定する書込みは、バケットのキーのポリシーと監査証跡の外にデータを保存する。既定の暗号化はヘッダーが送られないときにしか適用されない。',
        fix:
          's3:x-amz-server-side-encryption があって aws:kms でないとき、' +
          's3:x-amz-server-side-encryption-aws-kms-key-id があってバケットのキーの ARN でないとき、' +
          '及び s3:x-amz-server-side-encryption-customer-algorithm があるときに s3:PutObject を拒否する（AuditedBucket が行う）。',
      },
    },
    // My Number zone: 7.3.a
    {
      id: 'LGSEC-MYNUMBER-NO-NETWORK-PATH',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [8],
      check: myNumberNoNetworkPath,
      cause: 'A path connects the My Number zone to another network.',
      explanation:
        'The My Number zone in principle does not communicate with other zones: no Internet Gateway, egress-only IGW, NAT, VPN, customer gateway, peering or Transit Gateway, and no route to one.',
      fix: 'Remove the gateway, attachment, peering or route; reach AWS services through VPC endpoints.',
      ja: {
        cause: 'マイナンバー利用事務系を他のネットワークにつなぐ経路がある。',
        explanation:
          'マイナンバー利用事務系は原則として他の領域と通信しない：インターネットゲートウェイ、Egress-only IGW、NAT、VPN、カスタマーゲートウェイ、ピアリング、Transit Gateway を持たず、それらへの経路もない。',
        fix: 'ゲートウェイ、アタッチメント、ピアリング又は経路を削除する。AWS のサービスには VPC エンドポイントで接続する。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-NO-PUBLIC-IP',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [9],
      check: myNumberNoPublicIp,
      cause: 'Something in the My Number zone gets a public IP address.',
      explanation: 'A public IP is a door to the internet; the zone has none.',
      fix: 'Set MapPublicIpOnLaunch and AssociatePublicIpAddress to false and remove Elastic IPs.',
      ja: {
        cause: 'マイナンバー利用事務系の中にパブリック IP アドレスを持つものがある。',
        explanation: 'パブリック IP はインターネットへの入口であり、この領域には置かない。',
        fix: 'MapPublicIpOnLaunch と AssociatePublicIpAddress を false にし、Elastic IP を削除する。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-SG-CLOSED',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [10],
      check: myNumberSecurityGroupClosed,
      cause: 'A security group in the My Number zone allows egress to the world or ingress from outside the VPC.',
      explanation: "Egress is closed and ingress only comes from inside the zone's own network.",
      fix: "Use allowAllOutbound: false, allow egress only to the VPC CIDR or endpoint prefix lists, and admit only the VPC's own CIDR or security groups.",
      ja: {
        cause: 'マイナンバー利用事務系のセキュリティグループが、外部への送信又は VPC 外からの受信を許している。',
        explanation: '送信は閉じ、受信は領域自身のネットワークからだけ受け付ける。',
        fix: 'allowAllOutbound: false とし、送信は VPC の CIDR 又はエンドポイントのプレフィックスリストにだけ許可し、受信は VPC 自身の CIDR 又はセキュリティグループだけを許可する。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-ENDPOINT-POLICY',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [11],
      check: myNumberEndpointPolicy,
      cause: 'A VPC endpoint in the My Number zone has no policy or the default allow-all.',
      explanation:
        "Endpoints are the only way out of the zone; their policies restrict what can be reached (for example only the city's buckets).",
      fix: "Set PolicyDocument with statements limited to the zone's principals and resources.",
      ja: {
        cause: 'マイナンバー利用事務系の VPC エンドポイントに、ポリシーがないか既定のすべて許可のポリシーがある。',
        explanation: 'エンドポイントは領域の唯一の出口であり、そのポリシーで到達先を制限する（例えば市のバケットだけ）。',
        fix: '領域のプリンシパルとリソースに限ったステートメントの PolicyDocument を設定する。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-ENDPOINT-RESOURCE-SCOPE',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [11],
      check: myNumberInterfaceEndpointResourceScope,
      cause: "An interface endpoint of the My Number zone allows calls to other accounts' resources.",
      explanation:
        "Through a KMS, STS or CloudWatch Logs endpoint that admits any resource, a workload encrypts data under another account's key, assumes a role there or writes logs there: the data leaves the zone with no network path.",
      fix: 'Add aws:ResourceAccount (or aws:ResourceOrgID) to the Allow statements of the endpoint policy, or list the resources (MyNumberZone does it).',
      ja: {
        cause: 'マイナンバー利用事務系のインターフェイスエンドポイントが、他アカウントのリソースへの呼出しを許している。',
        explanation:
          'どのリソースも許す KMS、STS 又は CloudWatch Logs のエンドポイントを通じて、ワークロードは他アカウントのキーでデータを暗号化し、そこのロールを引き受け、そこにログを書ける：ネットワーク経路なしにデータが領域の外に出る。',
        fix: 'エンドポイントポリシーの Allow ステートメントに aws:ResourceAccount（又は aws:ResourceOrgID）を加えるか、リソースを列挙する（MyNumberZone が行う）。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-LAMBDA-IN-VPC',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [12],
      check: myNumberLambdaInVpc,
      cause: 'A Lambda function of the My Number zone does not run in a mynumber VPC.',
      explanation: 'A Lambda function outside a VPC reaches the internet.',
      fix: 'Set vpc and vpcSubnets to subnets of the MyNumberZone VPC.',
      ja: {
        cause: 'マイナンバー利用事務系の Lambda 関数が mynumber VPC の中で動いていない。',
        explanation: 'VPC の外の Lambda 関数はインターネットに到達できる。',
        fix: 'vpc と vpcSubnets を MyNumberZone の VPC のサブネットにする。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-HUMAN-ROLE-MFA',
      level: 'error',
      clauses: ['7.3.a', '7.5'],
      area: 'mynumber',
      controls: [13],
      check: myNumberHumanRoleMfa,
      cause: 'People can assume a role of the My Number zone without MFA.',
      explanation: 'The policy requires multi-factor authentication for My Number work.',
      fix: "Add Condition Bool aws:MultiFactorAuthPresent true to the trust statement (iam.Role with a principal .withConditions(...)); for SAML federation, which never sets that key, require the identity provider's MFA evidence in the assertion (e.g. StringEquals saml:edupersonassurance https://refeds.org/profile/mfa), which the identity provider must send only after MFA.",
      ja: {
        cause: 'マイナンバー利用事務系のロールを、人が多要素認証なしで引き受けられる。',
        explanation: 'ポリシーはマイナンバー利用事務に多要素認証を求める。',
        fix:
          '信頼ステートメントに Condition Bool aws:MultiFactorAuthPresent true を加える（iam.Role のプリンシパルに .withConditions(...)）' +
          '。このキーを設定しない SAML フェデレーションでは、アサーションに ID プロバイダーの MFA の証跡を求める（例：' +
          'StringEquals saml:edupersonassurance https://refeds.org/profile/mfa）。' +
          'ID プロバイダーは MFA の後にだけそれを送らなければならない。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-TERMINAL-NO-EXPORT',
      level: 'error',
      clauses: ['7.3.a'],
      area: 'mynumber',
      controls: [14],
      check: myNumberTerminalNoExport,
      cause: 'A terminal of the My Number zone lets data out to the local device.',
      explanation: 'Terminals cannot take data out: no clipboard copy to the local device, no file download, no local printing.',
      fix: 'Set CLIPBOARD_COPY_TO_LOCAL_DEVICE, FILE_DOWNLOAD and PRINTING_TO_LOCAL_DEVICE to DISABLED in UserSettings (Secure Browser: CopyAllowed, DownloadAllowed, PrintAllowed Disabled).',
      ja: {
        cause: 'マイナンバー利用事務系の端末から、手元の端末装置にデータを持ち出せる。',
        explanation:
          '端末からの情報持ち出しはできない：手元の端末装置へのクリップボードのコピー、ファイルのダウンロード、手元での印刷はすべて不可とする。',
        fix:
          'UserSettings の CLIPBOARD_COPY_TO_LOCAL_DEVICE、FILE_DOWNLOAD、' +
          'PRINTING_TO_LOCAL_DEVICE を DISABLED にする（Secure Browser では CopyAllowed、DownloadAllowed、' +
          'PrintAllowed を Disabled）。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-TERMINAL-FLEET-CLOSED',
      level: 'error',
      clauses: ['7.3.a', '7.6'],
      area: 'mynumber',
      controls: [14],
      check: myNumberTerminalFleetClosed,
      cause: 'Streaming instances of the My Number zone run outside its VPC or have default internet access.',
      explanation:
        'An AppStream 2.0 fleet or image builder without VpcConfig runs on a network AppStream manages, and EnableDefaultInternetAccess gives every instance a path to the internet; either bypasses the closed zone.',
      fix: 'Set VpcConfig.SubnetIds to isolated subnets of the My Number zone and EnableDefaultInternetAccess to false (MyNumberTerminals does both).',
      ja: {
        cause: 'マイナンバー利用事務系のストリーミングインスタンスが、領域の VPC の外で動くか、既定のインターネットアクセスを持つ。',
        explanation:
          'VpcConfig のない AppStream 2.0 のフリート又はイメージビルダーは AppStream が管理するネットワークで動き、' +
          'EnableDefaultInternetAccess はすべてのインスタンスにインターネットへの経路を与える。いずれも閉じた領域を迂回する。',
        fix: 'VpcConfig.SubnetIds をマイナンバー利用事務系の分離されたサブネットにし、EnableDefaultInternetAccess を false にする（MyNumberTerminals が両方行う）。',
      },
    },
    {
      id: 'LGSEC-MYNUMBER-TERMINAL-PRIVATE-STREAMING',
      level: 'error',
      clauses: ['7.3.a', '7.6'],
      area: 'mynumber',
      controls: [14],
      check: myNumberTerminalPrivateStreaming,
      cause: 'A My Number AppStream 2.0 stack can be streamed without going through the zone.',
      explanation:
        'Without a STREAMING access endpoint in the zone, anyone with a streaming URL can reach the desktops over the internet from any device.',
      fix: 'Add AccessEndpoints [{ EndpointType: STREAMING, VpceId: <a com.amazonaws.<region>.appstream.streaming interface endpoint in the zone> }] (MyNumberTerminals creates one).',
      ja: {
        cause: 'マイナンバー利用事務系の AppStream 2.0 スタックに、領域を経由せずにストリーミング接続できる。',
        explanation:
          '領域内に STREAMING のアクセスエンドポイントがなければ、ストリーミング URL を持つ者はだれでも、どの端末からでもインターネット経由でデスクトップに到達できる。',
        fix:
          'AccessEndpoints [{ EndpointType: STREAMING, VpceId: <領域内の com.amazonaws.<region>.appstream.streaming ' +
          'インターフェイスエンドポイント> }] を加える（MyNumberTerminals が作成する）。',
      },
    },
    // LGWAN zone: 7.3.b
    {
      id: 'LGSEC-LGWAN-NO-INTERNET-PATH',
      level: 'error',
      clauses: ['7.3.b'],
      area: 'lgwan',
      controls: [15],
      check: lgwanNoInternetPath,
      cause: 'The LGWAN zone has a path to the internet.',
      explanation:
        'LGWAN-connected systems are split from the internet: no Internet Gateway, egress-only IGW or NAT gateway, and no route to one.',
      fix: 'Remove the gateway or route; internet data reaches the zone only through the sanitizing transfer.',
      ja: {
        cause: 'LGWAN接続系にインターネットへの経路がある。',
        explanation:
          'LGWAN に接続する業務用システムはインターネットから分割する：インターネットゲートウェイ、Egress-only IGW、NAT ゲートウェイを持たず、それらへの経路もない。',
        fix: 'ゲートウェイ又は経路を削除する。インターネットからのデータは無害化転送を通じてだけ領域に入る。',
      },
    },
    {
      id: 'LGSEC-LGWAN-SEPARATE-ROUTING',
      level: 'error',
      clauses: ['7.3.b'],
      area: 'lgwan',
      controls: [16],
      check: lgwanSeparateRouting,
      cause: 'The LGWAN zone shares a routing domain with the internet side.',
      explanation: 'An LGWAN VPC does not share a Transit Gateway with, or peer with, an internet or security-cloud VPC.',
      fix: 'Attach LGWAN VPCs to their own Transit Gateway and remove the peering.',
      ja: {
        cause: 'LGWAN接続系が、インターネット側とルーティングドメインを共有している。',
        explanation:
          'LGWAN の VPC は、インターネット接続系又はセキュリティクラウドの VPC と Transit Gateway を共有せず、ピアリングもしない。',
        fix: 'LGWAN の VPC は専用の Transit Gateway にアタッチし、ピアリングを削除する。',
      },
    },
    {
      id: 'LGSEC-LGWAN-NO-INTERNET-INGRESS',
      level: 'error',
      clauses: ['7.3.b'],
      area: 'lgwan',
      controls: [17],
      check: lgwanNoInternetIngress,
      cause: 'A security group of the LGWAN zone admits traffic from the internet zone.',
      explanation: 'Only sanitized data crosses from the internet zone; no network path is opened for it.',
      fix: "Remove ingress rules whose source is an internet VPC's CIDR or security group.",
      ja: {
        cause: 'LGWAN接続系のセキュリティグループが、インターネット接続系からの通信を受け付ける。',
        explanation: 'インターネット接続系からは無害化したデータだけが渡り、そのためのネットワーク経路は開けない。',
        fix: '送信元がインターネット接続系の VPC の CIDR 又はセキュリティグループである受信ルールを削除する。',
      },
    },
    {
      id: 'LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE',
      level: 'error',
      clauses: ['7.3.b'],
      area: 'lgwan',
      controls: [18],
      check: lgwanBucketNoInternetWrite,
      cause: 'An internet-zone principal can write into an LGWAN-zone bucket.',
      explanation: 'Data from the internet zone enters the LGWAN zone only through the sanitizing transfer (無害化).',
      fix: 'Remove the write grant; let the SanitizingTransfer (lgsec:purpose=sanitizing-transfer) deliver the files.',
      ja: {
        cause: 'インターネット接続系のプリンシパルが、LGWAN接続系のバケットに書き込める。',
        explanation: 'インターネット接続系のデータは、無害化転送を通じてだけ LGWAN接続系に入る。',
        fix: '書込みの許可を削除し、ファイルは SanitizingTransfer（lgsec:purpose=sanitizing-transfer）に届けさせる。',
      },
    },
    {
      id: 'LGSEC-LGWAN-BUCKET-PERIMETER',
      level: 'error',
      clauses: ['7.3.b', '7.2'],
      area: 'lgwan',
      controls: [],
      check: lgwanBucketPerimeter,
      cause: "A confidentiality 2 or 3 bucket of the LGWAN zone answers requests that do not come through the zone's VPC endpoints.",
      explanation:
        "LGWAN-connected data is split from the internet side: without a perimeter, any administrator or stolen credential reads the zone's buckets from any network, and AWS services acting for a caller (aws:ViaAWSService) read them for anyone.",
      fix: "Deny s3:* on the bucket's objects to every principal when aws:SourceVpce is not one of the zone's endpoints, without the aws:ViaAWSService exemption on objects (AuditedBucket in an LgwanZone does it).",
      ja: {
        cause: 'LGWAN接続系の機密性2又は3のバケットが、領域の VPC エンドポイントを経由しない要求に応答する。',
        explanation:
          'LGWAN接続系のデータはインターネット側から分割する：境界がなければ、管理者や盗まれた認証情報でどのネットワークからでも領域のバケットを読め、呼出し元のために動く AWS サービス（aws:ViaAWSService）はだれのためにでも読める。',
        fix:
          'aws:SourceVpce が領域のエンドポイントのいずれでもないとき、バケットのオブジェクトへの s3:* をすべてのプリンシパルに拒否し、' +
          'オブジェクトについては aws:ViaAWSService を除外しない（LgwanZone 内の AuditedBucket が行う）。',
      },
    },
    {
      id: 'LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE',
      level: 'error',
      clauses: ['7.3.b'],
      area: 'lgwan',
      controls: [],
      check: lgwanInterfaceEndpointResourceScope,
      cause: "An interface endpoint of the LGWAN zone has no policy or allows calls to other accounts' resources.",
      explanation:
        "Through an SQS, KMS, STS or CloudWatch Logs endpoint that admits any resource, a workload of the closed zone sends data to another account's queue, key or log group: the data leaves the zone with no network path.",
      fix: 'Set the endpoint policy to Allow statements limited by aws:ResourceAccount (or aws:ResourceOrgID), or listing the resources (LgwanZone interfaceEndpoints and the SanitizingTransfer do it).',
      ja: {
        cause: 'LGWAN接続系のインターフェイスエンドポイントに、ポリシーがないか他アカウントのリソースへの呼出しを許すポリシーがある。',
        explanation:
          'どのリソースも許す SQS、KMS、STS 又は CloudWatch Logs のエンドポイントを通じて、閉じた領域のワークロードは他アカウントのキュー、キー又はロググループにデータを送れる：ネットワーク経路なしにデータが領域の外に出る。',
        fix:
          'エンドポイントポリシーを、aws:ResourceAccount（又は aws:ResourceOrgID）' +
          'で限定するかリソースを列挙する Allow ステートメントにする（LgwanZone の interfaceEndpoints と SanitizingTransfer が行う）。',
      },
    },
    {
      id: 'LGSEC-VPN-TUNNEL-MONITORING',
      level: 'error',
      clauses: ['7.7', '6.5', '7.3.b'],
      area: 'network',
      controls: [],
      check: vpnTunnelMonitoring,
      cause: 'A Site-to-Site VPN does not configure and log both tunnels, or no alarm watches its tunnel state.',
      explanation:
        'The closed-network link to LGWAN is evidence and a single point of failure: each tunnel logs its negotiations and dead-peer detection, and a tunnel that goes down (or a link rebuilt elsewhere) must reach someone.',
      fix: 'Configure both VpnTunnelOptionsSpecifications with LogOptions.CloudwatchLogOptions (LogEnabled, LogGroupArn) and add a CloudWatch alarm on AWS/VPN TunnelState for the VpnId (LgwanConnection.siteToSiteVpn does it).',
      ja: {
        cause: 'サイト間 VPN が両方のトンネルを設定してログを取っていないか、トンネルの状態を監視するアラームがない。',
        explanation:
          'LGWAN への閉域接続は証跡であり、単一障害点でもある：各トンネルはネゴシエーションとデッドピア検出をログに残し、トンネルの停止（又は別の場所での接続の再構築）はだれかに通知されなければならない。',
        fix:
          '両方の VpnTunnelOptionsSpecifications に LogOptions.CloudwatchLogOptions（LogEnabled、LogGroupArn）を設定し、' +
          'VpnId の AWS/VPN TunnelState に CloudWatch アラームを加える（LgwanConnection.siteToSiteVpn が行う）。',
      },
    },
    // Internet zone and security cloud: 7.3.c
    {
      id: 'LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [19],
      check: internetEgressViaSecurityCloud,
      cause: 'The internet zone reaches the internet by itself, not through the security cloud.',
      explanation:
        "Internet access is aggregated into the prefecture's security cloud: no own Internet Gateway or NAT gateway; the default route goes to its Transit Gateway.",
      fix: "Remove the Internet/NAT gateway and route 0.0.0.0/0 to the security cloud's Transit Gateway (InternetZone with a SecurityCloud link).",
      ja: {
        cause: 'インターネット接続系が、自治体情報セキュリティクラウドを経由せず独自にインターネットに接続している。',
        explanation:
          'インターネットへの接続口は都道府県の自治体情報セキュリティクラウドに集約する：自前のインターネットゲートウェイや NAT ゲートウェイを持たず、既定経路はその Transit Gateway に向ける。',
        fix: 'インターネットゲートウェイ又は NAT ゲートウェイを削除し、0.0.0.0/0 をセキュリティクラウドの Transit Gateway に向ける（SecurityCloud に接続した InternetZone）。',
      },
    },
    {
      id: 'LGSEC-INTERNET-BROWSER-NO-TRANSFER',
      level: 'error',
      clauses: ['7.3.b', '7.3.c'],
      area: 'internet',
      controls: [42],
      check: internetBrowserNoTransfer,
      cause: 'A remote browser of the internet zone lets data cross to or from the terminal without a recorded reason.',
      explanation:
        'LGWAN staff reach the internet only as a screen (画面転送): pixels and keystrokes cross, nothing else. ' +
        'Files from the internet reach LGWAN only through the sanitizing transfer, so clipboard copy and paste, download, ' +
        'upload and printing stay disabled unless someone records why one is needed.',
      fix:
        'Set CopyAllowed, PasteAllowed, DownloadAllowed, UploadAllowed and PrintAllowed to Disabled (AppStream: ' +
        'CLIPBOARD_COPY_TO_LOCAL_DEVICE, CLIPBOARD_COPY_FROM_LOCAL_DEVICE, FILE_DOWNLOAD, FILE_UPLOAD, ' +
        'PRINTING_TO_LOCAL_DEVICE DISABLED), ' +
        `or record the reason (at least ${MIN_TRANSFER_REASON_LENGTH} characters) in the resource's ${TRANSFER_REASONS_METADATA} ` +
        "metadata under the setting's name (InternetBrowserIsolation allowTransfers does it).",
      ja: {
        cause: 'インターネット接続系のリモートブラウザで、記録された理由なしに端末との間でデータを受け渡せる。',
        explanation:
          'LGWAN接続系の職員は画面転送でだけインターネットを利用する：渡るのは画面とキー入力だけである。' +
          'インターネットのファイルは無害化転送を通じてだけ LGWAN接続系に入るため、クリップボードのコピー・貼付け、ダウンロード、' +
          'アップロード、印刷は、必要な理由をだれかが記録しない限り無効のままとする。',
        fix:
          'CopyAllowed、PasteAllowed、DownloadAllowed、UploadAllowed、PrintAllowed を Disabled にする（AppStream では ' +
          'CLIPBOARD_COPY_TO_LOCAL_DEVICE、CLIPBOARD_COPY_FROM_LOCAL_DEVICE、FILE_DOWNLOAD、FILE_UPLOAD、' +
          'PRINTING_TO_LOCAL_DEVICE を DISABLED）。' +
          `又は、リソースの ${TRANSFER_REASONS_METADATA} メタデータに設定名ごとに理由（${MIN_TRANSFER_REASON_LENGTH} 文字以上）を記録する` +
          '（InternetBrowserIsolation の allowTransfers が行う）。',
      },
    },
    {
      id: 'LGSEC-INTERNET-BROWSER-IP-RESTRICTED',
      level: 'error',
      clauses: ['7.3.b', '7.6'],
      area: 'internet',
      controls: [43],
      check: internetBrowserIpRestricted,
      cause: 'A remote browser portal of the internet zone admits sign-in from any address.',
      explanation:
        "The screen-transfer portal is reached over the internet: only the LGWAN side's egress addresses may reach it, " +
        'so a stolen credential is not enough from anywhere else, and no network path is opened between the zones.',
      fix:
        "Associate IP access settings (IpAccessSettingsArn) whose IpRules list only the LGWAN side's egress CIDR blocks, " +
        'none shorter than a /8 (InternetBrowserIsolation allowedSourceCidrs).',
      ja: {
        cause: 'インターネット接続系のリモートブラウザのポータルが、どのアドレスからのサインインも受け付ける。',
        explanation:
          '画面転送のポータルにはインターネット経由で接続する：LGWAN側の送信元アドレスだけが到達できるようにし、' +
          '他の場所からは盗まれた認証情報だけでは足りないようにする。領域間のネットワーク経路は開けない。',
        fix:
          'IpRules に LGWAN側の送信元 CIDR ブロックだけを列挙し、/8 より短いものを含まない IP アクセス設定（IpAccessSettingsArn）を関連付ける' +
          '（InternetBrowserIsolation の allowedSourceCidrs）。',
      },
    },
    {
      id: 'LGSEC-BROWSER-PORTAL-IN-VPC',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [44],
      check: browserPortalInVpc,
      cause: 'A WorkSpaces Secure Browser portal runs its browsers outside any VPC.',
      explanation:
        "Without network settings the browsers reach the internet from addresses AWS manages, not through the prefecture's " +
        'security cloud, and the portal belongs to no zone, so nothing else about it can be checked.',
      fix: "Associate network settings (NetworkSettingsArn) with the internet zone's workload subnets (InternetBrowserIsolation does it).",
      ja: {
        cause: 'WorkSpaces Secure Browser のポータルが、ブラウザをどの VPC の外でも動かしている。',
        explanation:
          'ネットワーク設定がなければ、ブラウザは都道府県の自治体情報セキュリティクラウドを経由せず、AWS が管理するアドレスからインターネットに接続する。' +
          'ポータルはどの領域にも属さないため、それ以外の点も確認できない。',
        fix: 'インターネット接続系のワークロード用サブネットを指定したネットワーク設定（NetworkSettingsArn）を関連付ける（InternetBrowserIsolation が行う）。',
      },
    },
    {
      id: 'LGSEC-MAIL-RECEIPT-TLS',
      level: 'error',
      clauses: ['7.3.c', '7.6'],
      area: 'internet',
      controls: [45],
      check: mailReceiptTls,
      cause: 'An SES receipt rule accepts mail without TLS.',
      explanation:
        "Mail for the municipality is received in the internet zone; with TlsPolicy Optional (the default) a sender's server " +
        'may deliver it in clear text, readable and alterable on the way.',
      fix: "Set the receipt rule's TlsPolicy to Require (SanitizingMailGateway does it).",
      ja: {
        cause: 'SES の受信ルールが TLS なしのメールを受け付けている。',
        explanation:
          '自治体宛てのメールはインターネット接続系で受信する。TlsPolicy が Optional（既定値）だと、送信元サーバーは平文で配送でき、' +
          '途中で読まれたり改ざんされたりしうる。',
        fix: '受信ルールの TlsPolicy を Require にする（SanitizingMailGateway は設定済み）。',
      },
    },
    {
      id: 'LGSEC-MAIL-RECEIPT-SCAN',
      level: 'error',
      clauses: ['7.3.b', '7.3.c'],
      area: 'internet',
      controls: [46],
      check: mailReceiptScan,
      cause: 'An SES receipt rule does not scan messages for spam and viruses.',
      explanation:
        'Scanning gives every message a spam and a virus verdict before anything else handles it; without it a known virus ' +
        'is forwarded toward the sanitizer like any other message, and nothing records the verdict.',
      fix:
        "Set the receipt rule's ScanEnabled to true " +
        '(SanitizingMailGateway does it, and holds messages whose virus verdict is not PASS).',
      ja: {
        cause: 'SES の受信ルールがスパム・ウイルス検査を行っていない。',
        explanation:
          '検査により、すべてのメールに他の処理より先にスパム判定とウイルス判定が付く。検査がないと既知のウイルスも他のメールと同様に' +
          '無害化処理へ送られ、判定も記録されない。',
        fix: '受信ルールの ScanEnabled を true にする（SanitizingMailGateway は設定済みで、ウイルス判定が PASS でないメールを保留する）。',
      },
    },
    {
      id: 'LGSEC-MAIL-RECEIPT-IN-JAPAN',
      level: 'error',
      clauses: ['7.8.b'],
      area: 'internet',
      controls: [47],
      check: mailReceiptInJapan,
      cause: 'Mail is received, or handed on, outside Japan.',
      explanation:
        "Mail for the municipality carries residents' information: it is received and processed in Japanese regions only, " +
        'like every other data store (SES receipt rules and Mail Manager resources act in the region of their stack).',
      fix:
        'Deploy the receipt rule set (or Mail Manager ingress point and rule set) to ap-northeast-1, and hand mail only to ' +
        'functions, topics and keys in ap-northeast-1 or ap-northeast-3.',
      ja: {
        cause: 'メールを国外で受信している、または国外のリソースに渡している。',
        explanation:
          '自治体宛てのメールには住民の情報が含まれるため、他のデータと同じく国内リージョンでのみ受信・処理する' +
          '（SES の受信ルールや Mail Manager のリソースはスタックのリージョンで動作する）。',
        fix:
          '受信ルールセット（または Mail Manager の受信エンドポイントとルールセット）を ap-northeast-1 に配置し、' +
          'メールを渡す関数・トピック・鍵も ap-northeast-1 か ap-northeast-3 のものに限る。',
      },
    },
    {
      id: 'LGSEC-MAIL-RECEIPT-SANITIZED',
      level: 'error',
      clauses: ['7.3.a', '7.3.b'],
      area: 'lgwan',
      controls: [48],
      check: mailReceiptSanitized,
      cause: 'Internet mail is written into the LGWAN or My Number zone without passing the sanitizer.',
      explanation:
        'Mail from the internet reaches LGWAN mailboxes only sanitized (メール無害化: HTML rendered to text, attachments ' +
        'disarmed or removed). A receipt rule that stores raw messages in an LGWAN bucket hands them past the sanitizer; ' +
        'the My Number zone receives no internet mail at all.',
      fix:
        'Store received messages in an internet-zone bucket and pass them to the sanitizing transfer (SanitizingMailGateway ' +
        "does both), or write them only to the transfer's own inbox (lgsec:purpose=sanitizing-transfer).",
      ja: {
        cause: 'インターネットからのメールを無害化せずに LGWAN 接続系またはマイナンバー利用事務系に書き込んでいる。',
        explanation:
          'インターネットからのメールは無害化（HTML をテキスト化し、添付ファイルを無害化または削除）してから LGWAN のメールボックスに届ける。' +
          '受信ルールが LGWAN のバケットに受信メールをそのまま保存すると無害化を経ずに渡ってしまう。マイナンバー利用事務系はインターネットのメールを一切受け取らない。',
        fix:
          '受信メールはインターネット接続系のバケットに保存して無害化転送に渡す（SanitizingMailGateway は両方を行う）か、' +
          '無害化転送の受信用バケット（lgsec:purpose=sanitizing-transfer）にのみ書き込む。',
      },
    },
    {
      id: 'LGSEC-FIREWALL-POLICY-STRICT',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [20],
      check: firewallPolicyStrict,
      cause: 'The Network Firewall policy does not default to drop in strict order.',
      explanation: 'The security cloud inspects everything and drops what no rule allows.',
      fix: 'Set StatefulEngineOptions.RuleOrder STRICT_ORDER, StatefulDefaultActions [aws:drop_strict] (or aws:drop_established), and stateless default actions aws:forward_to_sfe.',
      ja: {
        cause: 'Network Firewall のポリシーが、厳格順序で既定ドロップになっていない。',
        explanation: 'セキュリティクラウドはすべての通信を検査し、どのルールも許可しない通信はドロップする。',
        fix:
          'StatefulEngineOptions.RuleOrder を STRICT_ORDER、' +
          'StatefulDefaultActions を [aws:drop_strict]（又は aws:drop_established）、' +
          'ステートレスの既定アクションを aws:forward_to_sfe にする。',
      },
    },
    {
      id: 'LGSEC-FIREWALL-LOGGING',
      level: 'error',
      clauses: ['7.3.c', '7.7'],
      area: 'internet',
      controls: [21],
      check: firewallLogging,
      cause: 'The Network Firewall does not log both alerts and flows.',
      explanation: 'Stronger monitoring of unauthorized traffic needs alert and flow logs.',
      fix: 'Add an AWS::NetworkFirewall::LoggingConfiguration with ALERT and FLOW destinations.',
      ja: {
        cause: 'Network Firewall が、アラートとフローの両方のログを取っていない。',
        explanation: '不正通信の監視の強化には、アラートログとフローログが要る。',
        fix: 'ALERT と FLOW の出力先を持つ AWS::NetworkFirewall::LoggingConfiguration を加える。',
      },
    },
    {
      id: 'LGSEC-FIREWALL-PROTECTION',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [22],
      check: firewallProtection,
      cause: 'The Network Firewall can be deleted or changed without first lifting a protection.',
      explanation: 'The inspection point of many municipalities is protected against accidental deletion and change.',
      fix: 'Set DeleteProtection, SubnetChangeProtection and FirewallPolicyChangeProtection to true.',
      ja: {
        cause: 'Network Firewall を、保護を解除せずに削除又は変更できる。',
        explanation: '多くの市区町村の検査点は、誤った削除と変更から保護する。',
        fix: 'DeleteProtection、SubnetChangeProtection、FirewallPolicyChangeProtection を true にする。',
      },
    },
    {
      id: 'LGSEC-DNS-FIREWALL',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [23],
      check: dnsFirewallAssociated,
      cause: 'An internet or security-cloud VPC has no DNS Firewall.',
      explanation: 'DNS is filtered against known-bad domains in the internet-facing zones.',
      fix: 'Associate a Route 53 Resolver DNS Firewall rule group with the VPC (AWS::Route53Resolver::FirewallRuleGroupAssociation).',
      ja: {
        cause: 'インターネット接続系又はセキュリティクラウドの VPC に DNS ファイアウォールがない。',
        explanation: 'インターネットに面した領域では、既知の悪性ドメインに対して DNS をフィルタリングする。',
        fix: 'Route 53 Resolver DNS ファイアウォールのルールグループを VPC に関連付ける（AWS::Route53Resolver::FirewallRuleGroupAssociation）。',
      },
    },
    {
      id: 'LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [24],
      check: transitGatewayNoDefaultRouteTable,
      cause: "The security cloud's Transit Gateway associates or propagates into its default route table.",
      explanation: 'With default association and propagation every member could reach every other member around the inspection.',
      fix: 'Set DefaultRouteTableAssociation and DefaultRouteTablePropagation to disable and use explicit route tables.',
      ja: {
        cause: 'セキュリティクラウドの Transit Gateway が、既定のルートテーブルに関連付け又は伝播をする。',
        explanation: '既定の関連付けと伝播があると、すべての構成団体が検査を迂回して他のすべての構成団体に到達できる。',
        fix: 'DefaultRouteTableAssociation と DefaultRouteTablePropagation を disable にし、明示的なルートテーブルを使う。',
      },
    },
    {
      id: 'LGSEC-SECURITY-CLOUD-INSPECTION',
      level: 'error',
      clauses: ['7.3.c'],
      area: 'internet',
      controls: [25],
      check: securityCloudInspection,
      cause: 'The security cloud VPC holds no Network Firewall.',
      explanation: 'Traffic is inspected before it reaches the internet.',
      fix: 'Place an AWS::NetworkFirewall::Firewall in the security cloud VPC (SecurityCloud does it).',
      ja: {
        cause: 'セキュリティクラウドの VPC に Network Firewall がない。',
        explanation: '通信はインターネットに出る前に検査する。',
        fix: 'セキュリティクラウドの VPC に AWS::NetworkFirewall::Firewall を置く（SecurityCloud が行う）。',
      },
    },
    // Network, access, encryption: 7.6, 7.7
    {
      id: 'LGSEC-VPC-FLOW-LOGS',
      level: 'error',
      clauses: ['7.7', '7.6'],
      area: 'network',
      controls: [26],
      check: vpcFlowLogs,
      cause: 'The VPC has no flow log capturing ALL traffic.',
      explanation: 'Monitoring and audits need a record of accepted and rejected traffic.',
      fix: 'Add an AWS::EC2::FlowLog with ResourceType VPC, ResourceId the VPC and TrafficType ALL (vpc.addFlowLog).',
      ja: {
        cause: 'VPC に、すべての通信（ALL）を記録するフローログがない。',
        explanation: '監視と監査には、許可された通信と拒否された通信の記録が要る。',
        fix: 'ResourceType VPC、ResourceId にその VPC、TrafficType ALL の AWS::EC2::FlowLog を加える（vpc.addFlowLog）。',
      },
    },
    {
      id: 'LGSEC-CLOSED-ZONE-DNS-FIREWALL',
      level: 'error',
      clauses: ['7.3.a', '7.3.b'],
      area: 'network',
      controls: [8, 15],
      check: closedZoneDnsFirewall,
      cause: 'A My Number or LGWAN VPC resolves names it does not use.',
      explanation:
        'Route 53 Resolver answers any public name recursively, without an internet gateway: malware leaks data as <chunk>.attacker.example lookups, with no route and no IAM permission. A walled-garden DNS Firewall answers only the names the zone uses.',
      fix: "Associate (MutationProtection ENABLED) a DNS Firewall rule group that allows the zone's AWS endpoint and private names and ends with BLOCK (NXDOMAIN) for a domain list holding *; do not set FirewallFailOpen ENABLED, and keep AmazonProvidedDNS as the VPC's name server (MyNumberZone and LgwanZone do it).",
      ja: {
        cause: 'マイナンバー利用事務系又は LGWAN接続系の VPC が、使わない名前を名前解決する。',
        explanation:
          'Route 53 Resolver は、インターネットゲートウェイがなくてもどの公開名も再帰的に解決する：' +
          'マルウェアは経路も IAM の権限もなしに <chunk>.attacker.example の問合せでデータを漏らせる。' +
          '許可リスト型の DNS ファイアウォールは、領域が使う名前にだけ応答する。',
        fix:
          '領域の AWS エンドポイント名とプライベート名を許可し、* を含むドメインリストに BLOCK（NXDOMAIN）' +
          'で終わる DNS ファイアウォールのルールグループを関連付ける（MutationProtection ENABLED）。FirewallFailOpen を ENABLED にせず、' +
          'VPC のネームサーバーは AmazonProvidedDNS のままにする（MyNumberZone と LgwanZone が行う）。',
      },
    },
    {
      id: 'LGSEC-CLOSED-ZONE-COMPUTE-IN-VPC',
      level: 'error',
      clauses: ['7.3.a', '7.3.b'],
      area: 'network',
      controls: [12, 15],
      check: closedZoneComputeInVpc,
      cause:
        'Compute of the My Number or LGWAN zone (a Lambda function, CodeBuild project or SageMaker notebook instance) does not run in a VPC of its zone.',
      explanation:
        "Without subnets these run on AWS's network with internet access: the closed zone has a path to the internet that no gateway, route or security group shows. A resource belongs to the zone by its lgsec:zone tag, or by its template when every VPC of the template is the zone's.",
      fix: "Place it in subnets of the zone's VPC (Lambda vpc and vpcSubnets, CodeBuild vpc and subnetSelection, SageMaker SubnetId), or move it to a stack of another zone.",
      ja: {
        cause:
          'マイナンバー利用事務系または LGWAN 接続系の計算資源（Lambda 関数、CodeBuild プロジェクト、SageMaker ノートブックインスタンス）が、その系の VPC 内で動いていません。',
        explanation:
          'サブネットを指定しないと AWS のネットワーク上で動き、インターネットに出られます。ゲートウェイ・経路・セキュリティグループのどれにも現れない、閉じた系からインターネットへの経路になります。資源の系は lgsec:zone タグで、タグがなければテンプレートの VPC がすべて同じ系であればその系で判定します。',
        fix: '系の VPC のサブネットに配置してください（Lambda は vpc と vpcSubnets、CodeBuild は vpc と subnetSelection、SageMaker は SubnetId）。または別の系のスタックに移してください。',
      },
    },
    {
      id: 'LGSEC-DNS-QUERY-LOGGING',
      level: 'error',
      clauses: ['7.7', '7.3.a', '7.3.b', '7.3.c'],
      area: 'network',
      controls: [],
      check: dnsQueryLogging,
      cause: 'The DNS queries of a zone VPC are not logged.',
      explanation: 'DNS is a way out that flow logs do not show; query logs show which names a workload looked up and when.',
      fix: 'Associate an AWS::Route53Resolver::ResolverQueryLoggingConfig with the VPC (our zone constructs do it).',
      ja: {
        cause: '領域の VPC の DNS 問合せがログに記録されていない。',
        explanation: 'DNS はフローログに現れない出口である：クエリログは、ワークロードがいつどの名前を引いたかを示す。',
        fix: 'AWS::Route53Resolver::ResolverQueryLoggingConfig を VPC に関連付ける（lgsec の領域コンストラクトが行う）。',
      },
    },
    {
      id: 'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST',
      level: 'error',
      clauses: ['7.3.a', '7.3.b'],
      area: 'network',
      controls: [11],
      check: closedZoneEndpointAllowlist,
      cause: 'An S3 or DynamoDB gateway endpoint of a My Number or LGWAN VPC allows every bucket or table of an account.',
      explanation:
        "aws:ResourceAccount does not name the zone's resources: any bucket of the account that another zone writes or reads becomes a way in or out of the closed zone, around the sanitizing transfer and the perimeter.",
      fix: "List the zone's own buckets and tables as the Allow statements' Resource (zone.allowBucket / allowTable; AuditedBucket in the zone registers itself).",
      ja: {
        cause:
          'マイナンバー利用事務系又は LGWAN接続系の VPC の S3 又は DynamoDB ゲートウェイエンドポイントが、あるアカウントのすべてのバケット又はテーブルを許している。',
        explanation:
          'aws:ResourceAccount は領域のリソースを特定しない：他の領域が読み書きするそのアカウントのバケットはどれも、無害化転送と境界を迂回する、閉じた領域への出入口になる。',
        fix: '領域自身のバケットとテーブルを Allow ステートメントの Resource に列挙する（zone.allowBucket / allowTable。領域内の AuditedBucket は自ら登録する）。',
      },
    },
    {
      // 6.1 (unintentional causes: 操作・設定ミス) is cited by the rules that catch the classic
      // misconfigurations: world-open ingress, an open default group, public or plain-HTTP buckets,
      // unrotated keys, admin wildcards, IMDSv1.
      id: 'LGSEC-SG-NO-WORLD-INGRESS',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'network',
      controls: [27],
      check: securityGroupNoWorldIngress,
      cause: 'A security group admits the whole internet.',
      explanation: "No service is open to 0.0.0.0/0 or ::/0, except HTTP/HTTPS on the security cloud's load balancers.",
      fix: 'Admit specific CIDRs or security groups only.',
      ja: {
        cause: 'セキュリティグループがインターネット全体からの受信を許している。',
        explanation: 'セキュリティクラウドのロードバランサーの HTTP/HTTPS を除き、どのサービスも 0.0.0.0/0 や ::/0 に公開しない。',
        fix: '特定の CIDR 又はセキュリティグループだけを許可する。',
      },
    },
    {
      id: 'LGSEC-DEFAULT-SG-CLOSED',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'network',
      controls: [28],
      check: defaultSecurityGroupClosed,
      cause: 'The default security group of the VPC is not closed.',
      explanation:
        'The default group allows all traffic between its members and all egress; anything launched without a group would get it.',
      fix: "Keep ec2.Vpc restrictDefaultSecurityGroup (on by default), or add a custom resource that removes the default group's rules.",
      ja: {
        cause: 'VPC の既定のセキュリティグループが閉じていない。',
        explanation: '既定のグループはメンバー間のすべての通信とすべての送信を許す。グループを指定せずに起動したものはこれを使う。',
        fix: 'ec2.Vpc の restrictDefaultSecurityGroup（既定で有効）を保つか、既定のグループのルールを削除するカスタムリソースを加える。',
      },
    },
    {
      id: 'LGSEC-S3-BLOCK-PUBLIC-ACCESS',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'access',
      controls: [29],
      check: s3BlockPublicAccess,
      cause: 'The bucket does not block all public access.',
      explanation: 'No administrative information is public by accident.',
      fix: 'Set all four PublicAccessBlockConfiguration flags to true (BlockPublicAccess.BLOCK_ALL).',
      ja: {
        cause: 'バケットがすべてのパブリックアクセスをブロックしていない。',
        explanation: '行政情報を誤って公開しない。',
        fix: 'PublicAccessBlockConfiguration の 4 つのフラグをすべて true にする（BlockPublicAccess.BLOCK_ALL）。',
      },
    },
    {
      id: 'LGSEC-S3-TLS-ONLY',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'access',
      controls: [30],
      check: s3TlsOnly,
      cause: 'The bucket policy does not deny requests without TLS.',
      explanation: 'Information is encrypted in transit.',
      fix: 'Add a bucket policy Deny for s3:* when aws:SecureTransport is false, on the bucket and its objects (enforceSSL: true).',
      ja: {
        cause: 'バケットポリシーが TLS を使わない要求を拒否していない。',
        explanation: '情報は通信経路上で暗号化する。',
        fix: 'aws:SecureTransport が false のとき、バケットとそのオブジェクトへの s3:* を拒否するバケットポリシーを加える（enforceSSL: true）。',
      },
    },
    {
      id: 'LGSEC-S3-ACCESS-LOGGING',
      level: 'error',
      clauses: ['7.7', '10'],
      area: 'audit',
      controls: [31],
      check: s3AccessLogging,
      cause: 'The bucket has no server access logging.',
      explanation: 'Audits need a record of who read and wrote information.',
      fix: 'Set LoggingConfiguration.DestinationBucketName (serverAccessLogsBucket); an access-log bucket itself is exempt.',
      ja: {
        cause: 'バケットにサーバーアクセスログがない。',
        explanation: '監査には、だれが情報を読み書きしたかの記録が要る。',
        fix: 'LoggingConfiguration.DestinationBucketName（serverAccessLogsBucket）を設定する。アクセスログのバケット自身は対象外。',
      },
    },
    {
      id: 'LGSEC-KMS-KEY-ROTATION',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'access',
      controls: [32],
      check: kmsKeyRotation,
      cause: 'The KMS key does not rotate.',
      explanation: 'Keys are rotated to limit what one key protects.',
      fix: 'Set EnableKeyRotation: true (enableKeyRotation).',
      ja: {
        cause: 'KMS キーがローテーションされない。',
        explanation: '一つのキーが保護する範囲を限るため、キーはローテーションする。',
        fix: 'EnableKeyRotation: true（enableKeyRotation）を設定する。',
      },
    },
    {
      id: 'LGSEC-KMS-NO-ROOT-FULL-ACCESS',
      // A warning: aws-cdk-lib's own kms.Key grants kms:* to the root, and the organization
      // guardrails already keep member administrators from disabling or deleting keys.
      level: 'warning',
      clauses: ['7.6', '10'],
      area: 'access',
      controls: [],
      check: kmsKeyPolicyNoRootFullAccess,
      cause: 'A key policy grants every KMS action (kms:*) to an account root or to anyone.',
      explanation:
        'kms:* for the account root lets any of its administrators (through IAM) disable or delete the key, rewrite its policy and decrypt with it directly: what the key protects, audit logs included, is only as safe as the least careful administrator.',
      fix: "Grant the account only the actions it needs (metadata, use through one service with kms:ViaService) and key administration only to named roles by aws:PrincipalArn (lgsec's constructs do it; aws-cdk-lib's kms.Key adds kms:* for the root unless given its own policy).",
      ja: {
        cause: 'キーポリシーが、アカウントのルート又はすべての者にすべての KMS 操作（kms:*）を許している。',
        explanation:
          'アカウントのルートへの kms:* は、その管理者のだれにでも（IAM を通じて）キーの無効化・削除、ポリシーの書換え、直接の復号を許す：監査ログを含め、キーが保護するものは最も不注意な管理者と同じ程度にしか安全でない。',
        fix:
          'アカウントには必要な操作（メタデータ、kms:ViaService による一つのサービス経由の利用）だけを許し、' +
          'キーの管理は aws:PrincipalArn で指定したロールだけに許す（lgsec のコンストラクトが行う。' +
          'aws-cdk-lib の kms.Key は独自のポリシーを与えない限りルートに kms:* を加える）。',
      },
    },
    {
      id: 'LGSEC-IAM-NO-ADMIN-STATEMENT',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'access',
      controls: [33],
      check: iamNoAdminStatement,
      cause: 'An IAM policy allows every action on every resource.',
      explanation: 'Access follows least privilege.',
      fix: 'List the actions and resources the principal needs.',
      ja: {
        cause: 'IAM ポリシーが、すべてのリソースへのすべての操作を許している。',
        explanation: 'アクセス権は最小権限とする。',
        fix: 'プリンシパルが必要とする操作とリソースを列挙する。',
      },
    },
    {
      id: 'LGSEC-IAM-NO-ACCESS-KEYS',
      level: 'error',
      clauses: ['7.5'],
      area: 'access',
      controls: [34],
      check: iamNoAccessKeys,
      cause: 'The template creates a long-lived IAM user access key.',
      explanation: 'Long-lived keys leak and outlive their owners; people use federation with MFA, workloads use roles.',
      fix: 'Remove the AWS::IAM::AccessKey; use roles or IAM Identity Center.',
      ja: {
        cause: 'テンプレートが長期の IAM ユーザーアクセスキーを作成する。',
        explanation: '長期のキーは漏えいし、持ち主より長く残る：人は MFA 付きのフェデレーション、ワークロードはロールを使う。',
        fix: 'AWS::IAM::AccessKey を削除し、ロール又は IAM Identity Center を使う。',
      },
    },
    {
      id: 'LGSEC-EC2-IMDSV2',
      level: 'error',
      clauses: ['7.6', '6.1'],
      area: 'access',
      controls: [35],
      check: ec2Imdsv2,
      cause: 'The instance does not require IMDSv2.',
      explanation: 'IMDSv1 lets server-side request forgery steal instance credentials.',
      fix: 'Set MetadataOptions HttpTokens required (requireImdsv2: true, or a launch template that requires it).',
      ja: {
        cause: 'インスタンスが IMDSv2 を必須にしていない。',
        explanation: 'IMDSv1 では、サーバーサイドリクエストフォージェリでインスタンスの認証情報を盗まれる。',
        fix: 'MetadataOptions の HttpTokens を required にする（requireImdsv2: true、又はそれを必須にする起動テンプレート）。',
      },
    },
    // Audit trail and monitoring: 7.7, 10
    {
      id: 'LGSEC-CLOUDTRAIL',
      level: 'error',
      clauses: ['7.7', '10'],
      area: 'audit',
      controls: [36],
      check: cloudTrailConfiguration,
      cause: 'The CloudTrail trail is incomplete or tamperable.',
      explanation: 'The audit trail covers every region and global services, is encrypted, and proves its own integrity.',
      fix: 'Set IsMultiRegionTrail, EnableLogFileValidation, IncludeGlobalServiceEvents to true and KMSKeyId to a key of yours.',
      ja: {
        cause: 'CloudTrail の証跡が不完全か、改ざんできる。',
        explanation: '監査証跡はすべてのリージョンとグローバルサービスを対象とし、暗号化し、自らの完全性を証明する。',
        fix: 'IsMultiRegionTrail、EnableLogFileValidation、IncludeGlobalServiceEvents を true にし、KMSKeyId に自らのキーを設定する。',
      },
    },
    {
      id: 'LGSEC-AUDIT-BUCKET-WORM',
      level: 'error',
      clauses: ['10', '7.7'],
      area: 'audit',
      controls: [37],
      check: auditBucketWorm,
      cause: 'A bucket receiving audit logs can be rewritten.',
      explanation: 'Audit logs are kept write-once: Object Lock with a default retention, and versioning.',
      fix: 'Create the bucket with ObjectLockEnabled, an ObjectLockConfiguration default retention, and versioning.',
      ja: {
        cause: '監査ログを受け取るバケットを書き換えられる。',
        explanation: '監査ログは追記のみ（WORM）で保管する：既定の保持期間付きの Object Lock とバージョニング。',
        fix: 'ObjectLockEnabled、既定の保持期間を持つ ObjectLockConfiguration、バージョニングを有効にしてバケットを作成する。',
      },
    },
    {
      id: 'LGSEC-AUDIT-REPLICATION-DESTINATION',
      level: 'error',
      clauses: ['10', '7.7'],
      area: 'audit',
      controls: [37],
      check: auditReplicationDestination,
      cause: 'A bucket holding audit records replicates them somewhere that is not a write-once audit-log bucket of the checked templates.',
      explanation:
        "Server access logs and AWS Config history reach the write-once archive only by replication; a destination that is not that archive (or a name no template creates, free for anyone to register) means they are never locked, or land in a stranger's bucket.",
      fix: "Replicate to the archive bucket itself, by its ARN or its literal name (LogArchive's bucketName prop), and keep it tagged lgsec:purpose=audit-log with Object Lock and versioning.",
      ja: {
        cause: '監査記録を持つバケットが、検査したテンプレートの追記のみの監査ログバケットではない場所に複製している。',
        explanation:
          'サーバーアクセスログと AWS Config の履歴は、複製によってだけ追記のみの保管庫に届く：複製先がその保管庫でなければ（又はどのテンプレートも作成せず、だれでも登録できる名前なら）、ログはロックされないか、他人のバケットに届く。',
        fix: '保管庫のバケットそのものに、その ARN 又はリテラルの名前（LogArchive の bucketName プロパティ）で複製し、lgsec:purpose=audit-log のタグ、Object Lock、バージョニングを保つ。',
      },
    },
    {
      id: 'LGSEC-LOG-GROUP-RETENTION',
      level: 'error',
      clauses: ['7.7', '10'],
      area: 'audit',
      controls: [38],
      check: logGroupRetention(retention),
      cause: `The log group keeps logs less than ${retention} days or is not KMS-encrypted.`,
      explanation: 'Logs are evidence for audits and incident response; they are kept long enough and protected.',
      fix: `Set RetentionInDays to at least ${retention} (or leave it unset to keep logs forever) and KmsKeyId to a key of yours.`,
      ja: {
        cause: `ロググループのログの保存期間が ${retention} 日未満か、KMS で暗号化されていない。`,
        explanation: 'ログは監査とインシデント対応の証跡であり、十分な期間保存し、保護する。',
        fix: `RetentionInDays を ${retention} 以上にし（又は設定せず無期限に保存し）、KmsKeyId に自らのキーを設定する。`,
      },
    },
    // Outsourcing and cloud services: 7.8.a, 7.8.b
    {
      id: 'LGSEC-CROSS-ACCOUNT-ROLE',
      level: 'error',
      clauses: ['7.8.a'],
      area: 'outsourcing',
      controls: [39],
      check: crossAccountRoleGuards,
      cause: 'A role another AWS account can assume lacks guards.',
      explanation: "Contractors' access is controlled: ExternalId or MFA, sessions of at most one hour, and a permissions boundary.",
      fix: 'Add a sts:ExternalId (or MFA) condition, set MaxSessionDuration ≤ 3600 and a PermissionsBoundary.',
      ja: {
        cause: '他の AWS アカウントが引き受けられるロールに、必要な制限がない。',
        explanation: '外部委託事業者のアクセスは管理する：ExternalId 又は MFA、1 時間以内のセッション、アクセス許可の境界。',
        fix: 'sts:ExternalId（又は MFA）の条件を加え、MaxSessionDuration を 3600 以下にし、PermissionsBoundary を設定する。',
      },
    },
    {
      id: 'LGSEC-STACK-REGION-JAPAN',
      level: 'error',
      clauses: ['7.8.b'],
      area: 'outsourcing',
      controls: [40],
      check: stackRegionJapan,
      cause: 'The stack does not deploy to a Japanese region (a region-agnostic stack is a warning).',
      explanation: 'Data stays in Japan: ap-northeast-1 (Tokyo) or ap-northeast-3 (Osaka).',
      fix: 'Set env.region to ap-northeast-1 or ap-northeast-3 (lgsec check --region for a plain template).',
      ja: {
        cause: 'スタックが国内リージョンにデプロイされない（リージョンを指定しないスタックは警告）。',
        explanation: 'データは国内に置く：ap-northeast-1（東京）又は ap-northeast-3（大阪）。',
        fix: 'env.region を ap-northeast-1 又は ap-northeast-3 にする（テンプレート単体では lgsec check --region）。',
      },
    },
    {
      id: 'LGSEC-EXPLICIT-REGION-JAPAN',
      level: 'error',
      clauses: ['7.8.b'],
      area: 'outsourcing',
      controls: [40],
      check: explicitRegionJapan,
      cause: 'The resource names a region outside Japan.',
      explanation: 'Replicas, copies and referenced resources stay in Japanese regions too.',
      fix: 'Use ap-northeast-1 or ap-northeast-3 in ARNs, replication and copy destinations.',
      ja: {
        cause: 'リソースが国外のリージョンを指定している。',
        explanation: '複製、コピー、参照するリソースも国内リージョンに置く。',
        fix: 'ARN、複製先、コピー先には ap-northeast-1 又は ap-northeast-3 を使う。',
      },
    },
    // Availability: 6.3, 6.5
    {
      id: 'LGSEC-VPC-MULTI-AZ',
      level: 'error',
      clauses: ['6.3', '6.5'],
      area: 'availability',
      controls: [41],
      check: vpcMultiAz,
      cause: "The VPC's subnets are in fewer than two Availability Zones.",
      explanation: 'Power, network or building failures stop one Availability Zone; services span at least two.',
      fix: 'Create subnets in at least two Availability Zones (maxAzs ≥ 2).',
      ja: {
        cause: 'VPC のサブネットが 2 つ未満のアベイラビリティーゾーンにしかない。',
        explanation: '電源、ネットワーク、建物の障害は一つのアベイラビリティーゾーンを停止させる：サービスは 2 つ以上にまたがる。',
        fix: '2 つ以上のアベイラビリティーゾーンにサブネットを作成する（maxAzs ≥ 2）。',
      },
    },
    // Audit logs that survive their account's administrator; alarms that reach someone; the
    // sanitizer's blast radius; threat signatures in the security cloud: 7.7, 10, 7.3.b, 7.3.c
    {
      id: 'LGSEC-AUDIT-KEY-ADMIN',
      level: 'error',
      clauses: ['10', '7.7'],
      area: 'audit',
      controls: [37],
      check: auditKeyAdmin,
      cause:
        'The account (any of its administrators) may disable, schedule the deletion of, or rewrite the policy of a key that encrypts audit logs.',
      explanation:
        "Object Lock keeps the log objects, but a disabled or deleted key makes every one of them unreadable: the key must resist the same account's administrator as the bucket does.",
      fix: 'Grant kms:ScheduleKeyDeletion, kms:DisableKey and kms:PutKeyPolicy only to named roles (a condition on aws:PrincipalArn), and Deny them to everyone else (LogArchive does it; keyAdministrators names the break-glass role).',
      ja: {
        cause: 'アカウント（そのどの管理者も）が、監査ログを暗号化するキーの無効化、削除の予約、又はポリシーの書換えをできる。',
        explanation:
          'Object Lock はログのオブジェクトを守るが、無効化又は削除されたキーはそのすべてを読めなくする：キーは、バケットと同じく同じアカウントの管理者に対して守られなければならない。',
        fix:
          'kms:ScheduleKeyDeletion、kms:DisableKey、kms:PutKeyPolicy は指定したロールだけに（aws:PrincipalArn の条件で）許可し、' +
          'それ以外のすべての者には拒否する（LogArchive が行う。keyAdministrators で緊急用ロールを指定する）。',
      },
    },
    {
      id: 'LGSEC-ALARM-ACTION',
      level: 'error',
      clauses: ['7.7'],
      area: 'audit',
      controls: [],
      check: alarmAction,
      cause: 'An alarm notifies nobody: it has no (enabled) action, or its topic has no subscription.',
      explanation:
        "Monitoring only works when someone is told: each alarm sends to a topic, and each topic has a subscriber (the security team's address or an incident system).",
      fix: 'Give the alarm an action, and subscribe the topic (notificationEmails / alarmEmails of our constructs, or an AWS::SNS::Subscription).',
      ja: {
        cause: 'アラームがだれにも通知しない：（有効な）アクションがないか、そのトピックにサブスクリプションがない。',
        explanation:
          '監視は、だれかに伝わって初めて機能する：各アラームはトピックに送り、各トピックには受信者（情報セキュリティ担当の宛先又はインシデント管理システム）がいる。',
        fix: 'アラームにアクションを与え、トピックをサブスクライブする（lgsec のコンストラクトの notificationEmails / alarmEmails、又は AWS::SNS::Subscription）。',
      },
    },
    {
      id: 'LGSEC-SANITIZER-EGRESS',
      level: 'error',
      clauses: ['7.3.b'],
      area: 'lgwan',
      controls: [15, 18],
      check: sanitizerEgress,
      cause: 'The function that parses files from the internet zone can reach networks beyond its VPC endpoints.',
      explanation:
        'A hostile file that takes over the sanitizer must find no way out: no world egress in its security groups, no route to an Internet, NAT, VPN or Transit Gateway in its subnets.',
      fix: 'Run it in subnets of its own whose route tables hold only VPC endpoint routes (no VPN propagation), with egress only to the S3 prefix list (SanitizingTransfer with s3PrefixListId).',
      ja: {
        cause: 'インターネット接続系からのファイルを解析する関数が、VPC エンドポイント以外のネットワークに到達できる。',
        explanation:
          '無害化処理を乗っ取った悪意あるファイルに出口を与えない：セキュリティグループに外部への送信がなく、サブネットにインターネット、NAT、VPN、Transit Gateway への経路がない。',
        fix: 'ルートテーブルが VPC エンドポイントの経路だけを持つ（VPN の伝播なし）専用のサブネットで動かし、送信は S3 のプレフィックスリストにだけ許可する（s3PrefixListId を指定した SanitizingTransfer）。',
      },
    },
    {
      id: 'LGSEC-FIREWALL-THREAT-SIGNATURES',
      level: 'error',
      clauses: ['7.3.c', '6.2'],
      area: 'internet',
      controls: [20],
      check: firewallThreatSignatures,
      cause: 'The Network Firewall policy uses no AWS-managed threat-signature rule group.',
      explanation:
        'The security cloud strengthens the monitoring of unauthorized traffic: known exploits, malware and command-and-control traffic inside allowed destinations are detected by signatures.',
      fix: 'Reference AWS-managed ThreatSignatures…StrictOrder rule groups (SecurityCloud does by default), or acknowledge with the reason for opting out.',
      ja: {
        cause: 'Network Firewall のポリシーが、AWS マネージドの脅威シグネチャのルールグループを使っていない。',
        explanation:
          '自治体情報セキュリティクラウドは不正通信の監視を強化する：許可された宛先の中の既知の攻撃、マルウェア、C2 通信をシグネチャで検知する。',
        fix: 'AWS マネージドの ThreatSignatures…StrictOrder ルールグループを参照する（SecurityCloud が既定で行う）か、使わない理由を付けて承認（acknowledge）する。',
      },
    },
    {
      id: 'LGSEC-SECURITY-CLOUD-THREAT-DETECTION',
      level: 'error',
      clauses: ['7.3.c', '7.7'],
      area: 'internet',
      controls: [24, 25],
      check: securityCloudThreatDetection,
      cause: 'The security cloud has no enabled GuardDuty detector, or its Transit Gateway accepts shared attachments automatically.',
      explanation:
        'The security cloud strengthens monitoring for every member: threat detection runs where their traffic leaves, and only attachments the prefecture has checked join the hub.',
      fix: 'Add an enabled AWS::GuardDuty::Detector beside the security cloud (SecurityCloud does by default) or acknowledge naming the delegated administrator; set AutoAcceptSharedAttachments to disable and accept attachments by hand.',
      ja: {
        cause: 'セキュリティクラウドに有効な GuardDuty ディテクターがないか、その Transit Gateway が共有アタッチメントを自動で受け入れる。',
        explanation:
          '自治体情報セキュリティクラウドはすべての構成団体の監視を強化する：通信が出ていく場所で脅威検知を動かし、都道府県が確認したアタッチメントだけがハブに加わる。',
        fix:
          'セキュリティクラウドと並べて有効な AWS::GuardDuty::Detector を加える（SecurityCloud が既定で行う）か、委任管理者を明記して承認する。' +
          'AutoAcceptSharedAttachments を disable にし、アタッチメントは手で受け入れる。',
      },
    },
    // The deployment path: a CDK bootstrap template (or a StackSet deploying one) that no account
    // administrator can use to walk around the guardrails: 6.1, 6.2, 7.6, 7.8.a
    {
      id: 'LGSEC-BOOTSTRAP-EXECUTION-POLICY',
      level: 'error',
      clauses: ['7.6', '6.1', '6.2'],
      area: 'deployment',
      controls: [33],
      check: bootstrapExecutionPolicy,
      cause: "The CDK bootstrap's CloudFormation execution role may do everything (AdministratorAccess, * or *:*).",
      explanation:
        'Every deployment acts as the execution role, the one role the guardrails let change audit, perimeters and IAM: ' +
        "with administrator rights any template, or anyone who can start a deployment, can do anything in the zone's account.",
      fix:
        'Give the execution role a policy of the services you deploy (cdk bootstrap --cloudformation-execution-policies, ' +
        "or lgsec's DeploymentBootstrap / lgsecBootstrapTemplate), never AdministratorAccess.",
      ja: {
        cause: 'CDK ブートストラップの CloudFormation 実行ロールが、すべての操作をできる（AdministratorAccess、* 又は *:*）。',
        explanation:
          'すべてのデプロイは実行ロールとして動き、ガードレールが監査、境界、IAM の変更を許す唯一のロールである：' +
          '管理者権限があれば、どのテンプレートも、デプロイを開始できるだれでも、領域のアカウントで何でもできる。',
        fix:
          '実行ロールにはデプロイするサービスのポリシーを与え（cdk bootstrap --cloudformation-execution-policies、' +
          '又は lgsec の DeploymentBootstrap / lgsecBootstrapTemplate）、AdministratorAccess は与えない。',
      },
    },
    {
      id: 'LGSEC-BOOTSTRAP-TRUST',
      level: 'error',
      clauses: ['7.8.a', '6.2', '7.6'],
      area: 'deployment',
      controls: [39],
      check: bootstrapTrust,
      cause: "A CDK bootstrap role that deploys, publishes or looks up trusts an AWS account (its root) instead of the pipeline's role.",
      explanation:
        "Trusting an account (cdk bootstrap --trust, or the account's own root) lets every principal its administrators allow " +
        "assume the deploy role and so deploy anything as the execution role: the tooling account's administrator becomes " +
        'administrator of every zone.',
      fix:
        "Trust the pipeline's role ARN only (lgsec's DeploymentBootstrap trustedRoleArns / pipeline), and let only StackSets " +
        'of the management account change that role.',
      ja: {
        cause:
          'デプロイ、発行又は参照を行う CDK ブートストラップのロールが、パイプラインのロールではなく AWS アカウント（そのルート）を信頼している。',
        explanation:
          'アカウントを信頼すると（cdk bootstrap --trust、又はアカウント自身のルート）、その管理者が許すすべてのプリンシパルがデプロイロールを引き受け、' +
          '実行ロールとして何でもデプロイできる：ツール用アカウントの管理者が' +
          'すべての領域の管理者になる。',
        fix:
          'パイプラインのロール ARN だけを信頼し（lgsec の DeploymentBootstrap の trustedRoleArns / pipeline）、そのロールを変更できるのは' +
          '管理アカウントの StackSets だけにする。',
      },
    },
    {
      id: 'LGSEC-BOOTSTRAP-PERMISSIONS-BOUNDARY',
      level: 'error',
      clauses: ['7.6', '7.8.a'],
      area: 'deployment',
      controls: [39],
      check: bootstrapPermissionsBoundary,
      cause: "The CDK bootstrap's CloudFormation execution role has no permissions boundary that every role it creates must carry.",
      explanation:
        'Without a boundary that propagates, a deployment creates roles bounded by nothing, and whoever can run code as one ' +
        'of them holds more than the deployment path was given.',
      fix:
        'Bootstrap with --custom-permissions-boundary (a boundary that denies iam:CreateRole without iam:PermissionsBoundary), ' +
        'or use lgsecBootstrapTemplate; set @aws-cdk/core:permissionsBoundary in the app.',
      ja: {
        cause: 'CDK ブートストラップの CloudFormation 実行ロールに、作成するすべてのロールに付けさせるアクセス許可の境界がない。',
        explanation:
          '引き継がれる境界がなければ、デプロイは何にも制限されないロールを作成し、そのロールとしてコードを動かせる者は' +
          'デプロイの経路に与えられた以上の権限を持つ。',
        fix:
          '--custom-permissions-boundary（iam:PermissionsBoundary なしの iam:CreateRole を拒否する境界）でブートストラップするか、' +
          'lgsecBootstrapTemplate を使う。アプリで @aws-cdk/core:permissionsBoundary を設定する。',
      },
    },
    {
      id: 'LGSEC-BOOTSTRAP-LOOKUP-NO-DATA',
      level: 'error',
      clauses: ['7.6', '7.3.a'],
      area: 'deployment',
      controls: [33],
      check: bootstrapLookupNoData,
      cause: "The CDK bootstrap's lookup role can read data (objects, log events, secrets, items), not only configuration.",
      explanation:
        'The stock lookup role has ReadOnlyAccess: whoever may synthesize against the account reads every unencrypted object ' +
        'and log event in it, My Number zone access logs included.',
      fix:
        'Allow the lookup role only the lookups CDK makes (ec2:Describe*, ssm:GetParameter, route53:ListHostedZonesByName, …) ' +
        'and deny s3:GetObject, logs reads, secrets, items and kms:Decrypt (lgsecBootstrapTemplate does).',
      ja: {
        cause: 'CDK ブートストラップの参照ロールが、設定だけでなくデータ（オブジェクト、ログイベント、シークレット、項目）を読める。',
        explanation:
          '標準の参照ロールは ReadOnlyAccess を持つ：そのアカウントに対して合成（synth）できる者は、暗号化されていないすべてのオブジェクトと' +
          'ログイベントを読める。マイナンバー利用事務系のアクセスログも含む。',
        fix:
          '参照ロールには CDK が行う参照（ec2:Describe*、ssm:GetParameter、route53:ListHostedZonesByName 等）だけを許し、' +
          's3:GetObject、ログの読取り、シークレット、項目、kms:Decrypt を拒否する（lgsecBootstrapTemplate が行う）。',
      },
    },
    // Organization guardrails (SCPs and RCPs) that hold against a zone's own administrator: 7.3, 7.6
    {
      id: 'LGSEC-ORG-EXEMPTION-BY-NAME',
      level: 'error',
      clauses: ['7.6', '6.2', '7.3.a', '7.3.b'],
      area: 'organization',
      controls: [],
      check: organizationExemptionByName,
      cause: 'An RCP statement exempts principals by a role name in any account, and a role so named outside its OU escapes it.',
      explanation:
        "An RCP judges every caller of the zone's resources, from any AWS account: anyone may create a role of the exempted " +
        'name in an account of their own, or a compromised municipality in its account, and pass the data perimeter as if it were ' +
        "the zone's own role.",
      fix:
        'Pin the exempted name to where it lives: a statement that denies callers so named outside aws:PrincipalOrgPaths of its OU ' +
        '(or aws:PrincipalAccount), or exempt by a principal tag only StackSets of the management account can set (ZoneGuardrails does).',
      ja: {
        cause:
          'RCP のステートメントが、どのアカウントのものでもよいロール名でプリンシパルを除外しており、その OU の外にある同名のロールが制限を逃れる。',
        explanation:
          'RCP は、どの AWS アカウントからであれ、領域のリソースのすべての呼出し元を判定する：だれでも自分のアカウントに除外された名前の' +
          'ロールを作成でき、侵害された市区町村もそのアカウントで同じことができ、領域自身のロールであるかのように' +
          'データ境界を通過する。',
        fix:
          '除外する名前を所在に結び付ける：その OU の aws:PrincipalOrgPaths（又は aws:PrincipalAccount）の外にいる同名の呼出し元を拒否するステートメントを加えるか、' +
          '管理アカウントの StackSets だけが設定できるプリンシパルタグで除外する（ZoneGuardrails が行う）。',
      },
    },
    {
      id: 'LGSEC-ORG-EXEMPTION-UNPROTECTED',
      level: 'error',
      clauses: ['7.6', '6.2', '7.7'],
      area: 'organization',
      controls: [],
      check: organizationExemptionUnprotected,
      cause:
        "A member account's own administrator can create, re-trust, re-policy, tag, untag or pass a role the guardrails exempt, " +
        'or set the exemption tag.',
      explanation:
        'An exemption is only as strong as the protection of what it names: an administrator who can create a role of the exempted ' +
        "name, change the real one's trust or rights, pass it to a function or tag their own role with the exemption tag acts as the " +
        'exempted principal, and every guardrail that exempts it stops binding them.',
      fix:
        'In an SCP of the same targets, deny iam:Create*, Update*, Put*, Attach*, Delete*, Detach*, Tag*, Untag* and iam:PassRole on ' +
        'the exempted role names, and setting the exemption tag (aws:TagKeys, any case) on roles, users and sessions, to everyone ' +
        "but the StackSets role of the management account (ZoneGuardrails' baseline does).",
      ja: {
        cause:
          'メンバーアカウント自身の管理者が、ガードレールが除外するロールの作成、信頼の変更、ポリシーの変更、タグ付け、タグ削除又は受渡し（PassRole）をできるか、' +
          '除外用のタグを設定できる。',
        explanation:
          '除外は、除外するものの保護と同じ強さしかない：除外された名前のロールを作成し、本物のロールの信頼や権限を変え、' +
          '関数に渡し、又は自分のロールに除外用のタグを付けられる管理者は、除外されたプリンシパルとして振る舞い、' +
          'それを除外するすべてのガードレールがその管理者を縛らなくなる。',
        fix:
          '同じ対象の SCP で、除外されたロール名への iam:Create*、Update*、Put*、Attach*、Delete*、Detach*、Tag*、Untag* と iam:PassRole、' +
          '及びロール、ユーザー、セッションへの除外用タグの設定（aws:TagKeys、大文字小文字を問わない）を、' +
          '管理アカウントの StackSets のロール以外のすべての者に拒否する（ZoneGuardrails のベースラインが行う）。',
      },
    },
    {
      id: 'LGSEC-ORG-CLOSED-ZONE-ALLOWLIST',
      level: 'error',
      clauses: ['7.3.a', '7.3.b'],
      area: 'organization',
      controls: [],
      check: organizationClosedZoneAllowlist,
      cause: "The SCPs of a closed zone (My Number, LGWAN) let the zone's administrator use a service or way out the zone does not list.",
      explanation:
        'A closed zone talks to nothing but what it needs: a denylist of known ways out (internet gateways, function URLs) misses ' +
        'every service it does not name (API Gateway, VPC Lattice, Verified Access, SageMaker notebooks) and every service AWS adds ' +
        "later, each a path out of the zone that the zone's own administrator opens.",
      fix:
        "Deny every service outside the zone's allowlist (Deny with NotAction of the services the zone runs, ZoneGuardrails' " +
        'closed-network SCP), and within them each way out (ec2:CreateInternetGateway, lambda:CreateFunctionUrlConfig, …).',
      ja: {
        cause:
          '閉じた領域（マイナンバー利用事務系、LGWAN接続系）の SCP が、領域の管理者に、領域が列挙していないサービス又は出口の利用を許している。',
        explanation:
          '閉じた領域は必要なもの以外と通信しない：既知の出口（インターネットゲートウェイ、関数 URL）を拒否するリストは、' +
          '名前を挙げていないすべてのサービス（API Gateway、VPC Lattice、Verified Access、SageMaker ノートブック）と AWS が今後加える' +
          'すべてのサービスを見逃し、そのそれぞれが領域自身の管理者が開ける領域の出口となる。',
        fix:
          '領域の許可リストにないすべてのサービスを拒否し（領域が動かすサービスを NotAction にした Deny、ZoneGuardrails の' +
          '閉域ネットワーク SCP）、その中でも各出口（ec2:CreateInternetGateway、lambda:CreateFunctionUrlConfig 等）を拒否する。',
      },
    },
    {
      id: 'LGSEC-ORG-POLICY-QUOTA',
      level: 'error',
      clauses: ['6.1', '7.7'],
      area: 'organization',
      controls: [],
      check: organizationPolicyQuota,
      cause: 'An SCP or RCP is longer than 5,120 characters, or a target would hold more than 5 policies of its type.',
      explanation:
        'AWS Organizations refuses such a policy or attachment only when CloudFormation deploys it: the stack fails or rolls ' +
        'back, and the guardrail it carried is not there.',
      fix:
        'Keep each document within 5,120 characters as CloudFormation submits it (compact JSON for an object Content), and at ' +
        'most 4 policies of a type per target besides FullAWSAccess (RCPFullAWSAccess): merge statements, or attach to the OU above.',
      ja: {
        cause: 'SCP 又は RCP が 5,120 文字を超えるか、対象に同じ種類のポリシーが 5 つを超えて付く。',
        explanation:
          'AWS Organizations はそのようなポリシーやアタッチを CloudFormation がデプロイする時点で初めて拒否する：スタックは失敗するか' +
          'ロールバックし、それが運ぶガードレールは存在しない。',
        fix:
          '各ドキュメントを CloudFormation が送信する形で 5,120 文字以内に収め（オブジェクトの Content は空白なしの JSON）、' +
          '対象ごとの同じ種類のポリシーは FullAWSAccess（RCPFullAWSAccess）のほかに 4 つまでとする：ステートメントを統合するか、上位の OU にアタッチする。',
      },
    },
    // The pack's own rule: acknowledgments must say why.
    {
      id: 'LGSEC-ACKNOWLEDGMENT-REASON',
      level: 'error',
      clauses: ['11', '10'],
      area: 'acknowledgment',
      controls: [],
      check: acknowledgmentReason,
      cause:
        'An acknowledgment does not count: it does not say why the finding is accepted, its exception has expired, ' +
        'or it lacks the fields the exceptions register requires.',
      explanation:
        'Auditors read acknowledgments as decisions; an empty or placeholder reason is not one, so it does not acknowledge anything.',
      fix: `Write a reason of at least ${MIN_REASON_LENGTH} characters that a stranger would accept (what compensates, who decided, until when).`,
      ja: {
        cause:
          '承認（acknowledgment）が効力を持たない：指摘を受け入れる理由を述べていないか、例外措置の有効期限が過ぎているか、' +
          '例外措置台帳が求める項目を欠いている。',
        explanation: '監査人は承認を判断の記録として読む：空の理由や仮の理由は判断ではないため、何も承認しない。',
        fix: `第三者が納得できる ${MIN_REASON_LENGTH} 文字以上の理由（何で補うか、だれが決めたか、いつまでか）を書く。`,
      },
    },
    {
      id: 'LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE',
      level: 'warning',
      clauses: ['11', '10'],
      area: 'acknowledgment',
      controls: [],
      check: acknowledgmentUnknownRule,
      cause: 'An acknowledgment names a rule the pack does not have.',
      explanation:
        'A mistyped rule id acknowledges nothing: the finding it was meant for still fails, and the decision it records is lost.',
      fix: 'Use the rule id as `lgsec rules` and RULES.md list it (the message names the closest one).',
      ja: {
        cause: '承認が、パックにない規則を指定している。',
        explanation: '誤った規則 ID は何も承認しない：対象の指摘は失敗のままで、記録した判断は失われる。',
        fix: '`lgsec rules` と RULES.md に載っている規則 ID を使う（メッセージが最も近いものを示す）。',
      },
    },
  ];
  return entries.map((entry) => ({ ...entry, qualifiedId: `${PACK_NAME}::${entry.id}` }));
}

/** CloudFormation resource types a rule reads (`*` for every type); undefined for stack-level rules. */
export function ruleResourceTypes(rule: RuleDefinition): readonly string[] | undefined {
  switch (rule.check.kind) {
    case 'resource':
      return rule.check.types;
    case 'acknowledgment':
      return ['*'];
    default:
      return undefined;
  }
}

/** The catalogue entry of a rule (plain data, without the check). */
export function ruleInfo(rule: RuleDefinition): RuleInfo {
  return {
    id: rule.id,
    qualifiedId: rule.qualifiedId,
    level: rule.level,
    clauses: rule.clauses,
    area: rule.area,
    cause: rule.cause,
    explanation: rule.explanation,
    fix: rule.fix,
    controls: rule.controls,
    ja: rule.ja,
  };
}
