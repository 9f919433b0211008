/**
 * The clause catalog of Shiojiri City's Information Security Basic Policy
 * (塩尻市情報セキュリティ基本方針), from `lib/policy/CLAUSES.md`.
 *
 * The ids are a public contract: rules cite them, findings and the auditor report carry them.
 */

/** How far software can check a clause on AWS. */
export enum ClauseKind {
  /** Definitions and purpose: nothing to check, shown for context. */
  CONTEXT = 'context',
  /** A rule in the pack checks it on the synthesized template. */
  AUTOMATED = 'automated',
  /** Rules check the technical part; the rest is a procedure listed for a human. */
  PARTIAL = 'partial',
  /** The cloud provider carries it (shared responsibility); the report names the evidence. */
  INHERITED = 'inherited',
  /** No template can show it: a manual item, never "passed". */
  PROCEDURAL = 'procedural',
}

export interface Clause {
  /** Stable ASCII id, e.g. `7.3.a` for 7(3)ア. */
  readonly id: string;
  /** 見出し as in the policy. */
  readonly titleJa: string;
  readonly titleEn: string;
  /** What the clause means, in English. */
  readonly meaning: string;
  /** What the clause means, in Japanese (after the policy's own wording). */
  readonly meaningJa: string;
  readonly kind: ClauseKind;
  /** What software can check on AWS (or the evidence, for inherited clauses). */
  readonly onAws?: string;
  /** `onAws` in Japanese. */
  readonly onAwsJa?: string;
}

/** Japanese meaning and what is checked on AWS, per clause id. */
const JAPANESE: Record<string, readonly [string, string | undefined]> = {
  '1': ['市民の個人情報をはじめとする本市の情報資産の機密性、完全性及び可用性を維持する。', undefined],
  '2': ['市等、職員等、行政情報、ネットワーク、情報システム、記録媒体、機密性、完全性、可用性等の定義。', '報告書の用語集。'],
  '3': ['職員等、委託事業者、及びネットワーク等を利用して市の情報資産を利用する外部の組織の者。', '7.8.a を参照。'],
  '4': ['対象者は情報セキュリティポリシー及び関係法令等を遵守する。', undefined],
  '5.1': [
    'ネットワーク、情報システム及びこれらに関する設備、電磁的記録媒体は情報資産である。',
    'すべてのVPCが領域に配置されている（lgsec:zone タグ）。',
  ],
  '5.2': ['ネットワーク及び情報システムで取り扱う情報は情報資産である。', 'すべてのデータストアが分類を持つ。'],
  '5.3': [
    '情報システムの仕様書及びネットワーク図等のシステム関連文書は情報資産である。',
    '生成される報告書は自らの分類（機密性2）を表示し、公開しない。',
  ],
  '6.1': [
    '規律違反、設計・開発の不備、操作・設定ミス、メンテナンス不備、委託管理の不備等の非意図的要因。',
    'ルールパック自体：設定ミスを合成（synth）時に阻止する。',
  ],
  '6.2': [
    '不正アクセス、ウイルス攻撃、サービス不能攻撃、部外者の侵入、内部不正等の意図的要因。',
    '監視及び検知の対策（7.3.c、7.7 を参照）。',
  ],
  '6.3': [
    '地震、落雷、火災等の災害によるサービス及び業務の停止。',
    '可用性2の資産は2つ以上のアベイラビリティゾーンにまたがり、もう一方の国内リージョンに複製又はバックアップを持つ。',
  ],
  '6.4': ['大規模・広範囲にわたる疾病による要員不足。', undefined],
  '6.5': ['電力、通信、水道供給の途絶等のインフラの障害。', 'マルチAZ、閉域網接続の冗長化。'],
  '7.1': ['全庁的な情報セキュリティの組織体制を確立する。', undefined],
  '7.2': [
    '情報資産を重要度に応じて分類し、分類に応じた対策を行う。',
    'データストアの分類タグと、分類に応じた暗号化・バージョニング・保持・複製。',
  ],
  '7.3.a': [
    '原則として他の領域との通信をできないようにし、端末からの情報持ち出し不可設定や多要素認証の導入等により住民情報の流出を防ぐ。',
    'IGW/NAT/VPN/ピアリング/TGW の経路なし、パブリックIPなし、外向き通信の遮断、制限的なポリシーのVPCエンドポイント、領域のエンドポイント経由でのみデータを読める、人が使うロールのMFA、端末のコピー・ダウンロード・印刷の無効化。',
  ],
  '7.3.b': [
    'LGWANに接続する業務用システムとインターネット接続系の情報システムとの通信経路を分割し、両システム間の通信は無害化通信とする。',
    'インターネットへの経路なし、インターネット接続系と分離したルーティング、インターネット接続系からの転送は無害化転送のみ。',
  ],
  '7.3.c': [
    '不正通信の監視機能を強化し、都道府県と市区町村のインターネット接続口を集約した自治体情報セキュリティクラウドを導入する。',
    '自前のIGW/NATなし、既定経路はセキュリティクラウドへ、ファイアウォールは厳格順序・既定ドロップ・アラート及びフローログ・変更保護、DNSファイアウォール、フローログ。',
  ],
  '7.4': [
    '情報システムを設置する施設への不正な立入り、情報資産の破損・盗難等を防止する物理的対策。',
    'クラウド事業者のデータセンター：国内リージョンのISMAP登録サービス。根拠はISMAP登録と事業者の第三者認証報告書（AWS Artifact）。',
  ],
  '7.5': ['権限と責任を定め、職員等及び委託事業者に教育・啓発を行う。', 'IAMユーザーの長期アクセスキーなし、人のMFA。教育は手動確認。'],
  '7.6': [
    '情報資産へのアクセス制限、ネットワーク管理等の技術的対策。',
    '公開データなし、全世界からの受信なし、保存時（KMS）及び通信時（TLS）の暗号化、最小権限のIAM、IMDSv2、既定セキュリティグループの閉鎖。',
  ],
  '7.7': [
    '情報システム監視、ポリシー遵守状況の確認、業務委託時のセキュリティ確保、緊急時対応計画。',
    'CloudTrail、フローログ、セキュリティ通知トピックへのアラーム、ログ保持。緊急時対応計画自体は手動確認。',
  ],
  '7.8.a': [
    '情報セキュリティ要件を明記した契約を締結し、委託事業者の対策を確認する。',
    '委託事業者のクロスアカウントロールに ExternalId 又は MFA、セッション上限、アクセス許可の境界を求める。',
  ],
  '7.8.b': [
    '外部サービス（クラウドサービス）の利用にかかる規定を整備し対策を講じる。',
    'データ及び複製は国内リージョン（ap-northeast-1 東京、ap-northeast-3 大阪）にとどまる。',
  ],
  '7.8.c': ['ソーシャルメディアサービスの運用手順、発信できる情報、責任者を定める。', undefined],
  '8': ['情報セキュリティ対策基準を策定する。', 'ルールパックは対策基準の機械可読な部分である。'],
  '9': ['情報セキュリティ実施手順（非公開）を策定する。', '報告書及び構成図は非公開と表示する。'],
  '10': [
    '定期的に情報セキュリティ監査を実施し、運用改善を行う。',
    '監査証跡（検証付きCloudTrail をWORMストレージへ）、アクセスログ、本報告書。',
  ],
  '11': [
    '監査結果等により対策の有効性を評価し、リスクを分析してポリシーを見直す。',
    '前回のベースラインとの差分：新規・解消・例外承認された指摘。',
  ],
};

const c = (id: string, titleJa: string, titleEn: string, kind: ClauseKind, meaning: string, onAws?: string): Clause => {
  const [meaningJa, onAwsJa] = JAPANESE[id];
  return { id, titleJa, titleEn, kind, meaning, meaningJa, ...(onAws === undefined ? {} : { onAws, onAwsJa: onAwsJa ?? onAws }) };
};

/** Every clause, in policy order. */
export const CLAUSES: readonly Clause[] = Object.freeze([
  c(
    '1',
    '目的',
    'Purpose',
    ClauseKind.CONTEXT,
    "Protect the confidentiality, integrity and availability of the city's information assets.",
  ),
  c(
    '2',
    '定義',
    'Definitions',
    ClauseKind.CONTEXT,
    'Definitions: the city bodies, staff, administrative information, network, information system, media, confidentiality, integrity, availability.',
    'Glossary in the report.',
  ),
  c(
    '3',
    '対象者の範囲',
    'Scope of persons',
    ClauseKind.CONTEXT,
    'Staff, contractors (委託事業者) and outside bodies using the network.',
    'See 7.8.a.',
  ),
  c(
    '4',
    '対象者の義務',
    'Obligations of persons in scope',
    ClauseKind.PROCEDURAL,
    'Everyone in scope complies with the policy and the law.',
  ),
  c(
    '5.1',
    '情報資産の範囲 (1)',
    'Scope of information assets (1): networks and systems',
    ClauseKind.AUTOMATED,
    'Networks, information systems, facilities and media are information assets.',
    'Every VPC is placed in a zone (`lgsec:zone` tag).',
  ),
  c(
    '5.2',
    '情報資産の範囲 (2)',
    'Scope of information assets (2): information',
    ClauseKind.AUTOMATED,
    'The information handled by networks and systems is an asset.',
    'Every data store carries a classification.',
  ),
  c(
    '5.3',
    '情報資産の範囲 (3)',
    'Scope of information assets (3): system documents',
    ClauseKind.PARTIAL,
    'System documents (specifications, network diagrams) are assets.',
    'Generated reports carry their own classification mark and are not for publication.',
  ),
  c(
    '6.1',
    '脅威 (1) 非意図的要因',
    'Threats (1): unintentional causes',
    ClauseKind.AUTOMATED,
    'Mistakes: misconfiguration, defects, poor maintenance, weak outsourcing control.',
    'The pack itself: misconfiguration is blocked at synth.',
  ),
  c(
    '6.2',
    '脅威 (2) 意図的要因',
    'Threats (2): intentional causes',
    ClauseKind.PARTIAL,
    'Attacks: unauthorized access, malware, denial of service, intrusion, insider fraud.',
    'Monitoring and detection controls (see 7.3.c, 7.7).',
  ),
  c(
    '6.3',
    '脅威 (3) 災害',
    'Threats (3): disasters',
    ClauseKind.AUTOMATED,
    'Earthquake, lightning and fire stopping services.',
    'Availability-2 assets span at least two AZs and have a copy in the other Japanese region or a backup plan.',
  ),
  c('6.4', '脅威 (4) 疾病', 'Threats (4): epidemics', ClauseKind.PROCEDURAL, 'Staff shortage from large-scale epidemics.'),
  c(
    '6.5',
    '脅威 (5) インフラ障害',
    'Threats (5): infrastructure failures',
    ClauseKind.PARTIAL,
    'Power, network and water outages.',
    'Multi-AZ; redundant closed-network links.',
  ),
  c('7.1', '組織体制', 'Organization', ClauseKind.PROCEDURAL, 'A city-wide information security organization.'),
  c(
    '7.2',
    '情報資産の分類と管理',
    'Classification and management of information assets',
    ClauseKind.AUTOMATED,
    'Classify assets by importance; controls follow the class.',
    'Classification tags on data stores; class-driven encryption, versioning, retention, replication.',
  ),
  c(
    '7.3.a',
    'マイナンバー利用事務系',
    'My Number zone',
    ClauseKind.AUTOMATED,
    'In principle no communication with other zones; terminals cannot take data out; multi-factor authentication on terminals.',
    "No IGW/NAT/VPN/peering/TGW path; no public IPs; egress closed; VPC endpoints with restrictive policies; data readable only through the zone's endpoints; MFA on human roles; terminal copy/download/print disabled.",
  ),
  c(
    '7.3.b',
    'LGWAN接続系',
    'LGWAN zone',
    ClauseKind.AUTOMATED,
    'Split the paths of LGWAN-connected systems from internet-connected ones; where they must talk, only sanitized (無害化) communication.',
    'No internet path; a routing domain separate from the internet zone; transfers from the internet zone only through the sanitizing transfer.',
  ),
  c(
    '7.3.c',
    'インターネット接続系',
    'Internet zone',
    ClauseKind.AUTOMATED,
    'Stronger monitoring of unauthorized traffic; internet access aggregated into the prefecture-wide security cloud (自治体情報セキュリティクラウド).',
    "No own IGW/NAT; default route to the security cloud; the cloud's firewall in strict order with default drop, alert and flow logs, change protections; DNS firewall; flow logs.",
  ),
  c(
    '7.4',
    '物理的セキュリティ対策',
    'Physical security',
    ClauseKind.INHERITED,
    'Physical protection of facilities against intrusion, damage and theft.',
    "The cloud provider's data centers: an ISMAP-listed service in Japanese regions; evidence is the ISMAP registration and the provider's compliance reports (AWS Artifact).",
  ),
  c(
    '7.5',
    '人的セキュリティ対策',
    'Human security',
    ClauseKind.PARTIAL,
    'Roles and responsibilities; training of staff and contractors.',
    'No long-lived IAM user keys; MFA for humans; training is manual.',
  ),
  c(
    '7.6',
    '技術的セキュリティ対策',
    'Technical security',
    ClauseKind.AUTOMATED,
    'Access restriction, network management and other technical controls.',
    'No public data; no world-open ingress; encryption at rest (KMS) and in transit (TLS); least-privilege IAM; IMDSv2; default security group closed.',
  ),
  c(
    '7.7',
    '運用におけるセキュリティ対策',
    'Operational security',
    ClauseKind.PARTIAL,
    'System monitoring, policy-compliance checking, outsourcing security, an emergency response plan.',
    'CloudTrail, flow logs, alarms to a security notification topic, log retention; the response plan itself is manual.',
  ),
  c(
    '7.8.a',
    '業務委託',
    'Outsourcing',
    ClauseKind.PARTIAL,
    "Contracts with security requirements; verify contractors' controls.",
    'Contractor cross-account roles need ExternalId or MFA, a session limit and a permissions boundary.',
  ),
  c(
    '7.8.b',
    '外部サービス（クラウドサービス）',
    'External (cloud) services',
    ClauseKind.AUTOMATED,
    'Rules for the use of cloud services.',
    'Data and replicas stay in Japanese regions (ap-northeast-1 Tokyo, ap-northeast-3 Osaka).',
  ),
  c('7.8.c', 'ソーシャルメディア', 'Social media', ClauseKind.PROCEDURAL, 'Rules for the use of social media services.'),
  c(
    '8',
    '対策基準の策定',
    'Security standards',
    ClauseKind.PROCEDURAL,
    'Establish the information security standards.',
    'The rule pack is the machine-readable part of the standards.',
  ),
  c(
    '9',
    '実施手順の策定',
    'Implementation procedures',
    ClauseKind.PROCEDURAL,
    'Establish the (non-public) implementation procedures.',
    'Reports and diagrams are marked non-public.',
  ),
  c(
    '10',
    '情報セキュリティ監査',
    'Information security audit',
    ClauseKind.PARTIAL,
    'Periodic audits verify that the policy is followed.',
    'Audit trail (CloudTrail with validation into WORM storage), access logs, the auditor report.',
  ),
  c(
    '11',
    '評価及び見直し',
    'Evaluation and review',
    ClauseKind.PARTIAL,
    'Evaluate effectiveness, analyse risk, and review the policy.',
    'Report diff against a previous baseline: new, resolved and acknowledged findings.',
  ),
]);

const BY_ID = new Map(CLAUSES.map((clause) => [clause.id, clause]));

/** Every clause id, in policy order. */
export const CLAUSE_IDS: readonly string[] = CLAUSES.map((clause) => clause.id);

/** True when `id` is a clause of the catalog. */
export function isClauseId(id: string): boolean {
  return BY_ID.has(id);
}

/** The clause with this id; throws with the list of valid ids when there is none. */
export function clause(id: string): Clause {
  const found = BY_ID.get(id);
  if (!found) {
    throw new Error(`Unknown policy clause id '${id}'. Use one of: ${CLAUSE_IDS.join(', ')}.`);
  }
  return found;
}

/** The name of the policy the catalog comes from. */
export const POLICY_NAME = { ja: '塩尻市情報セキュリティ基本方針', en: 'Shiojiri City Information Security Basic Policy' } as const;
