/**
 * The clause catalog of Shiojiri City's Information Security Basic Policy
 * (塩尻市情報セキュリティ基本方針), from `policy/CLAUSES.md`.
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
  readonly kind: ClauseKind;
  /** What software can check on AWS (or the evidence, for inherited clauses). */
  readonly onAws?: string;
}

const c = (
  id: string, titleJa: string, titleEn: string, kind: ClauseKind, meaning: string, onAws?: string,
): Clause => ({ id, titleJa, titleEn, kind, meaning, onAws });

/** Every clause, in policy order. */
export const CLAUSES: readonly Clause[] = Object.freeze([
  c('1', '目的', 'Purpose', ClauseKind.CONTEXT,
    "Protect the confidentiality, integrity and availability of the city's information assets."),
  c('2', '定義', 'Definitions', ClauseKind.CONTEXT,
    'Definitions: the city bodies, staff, administrative information, network, information system, media, confidentiality, integrity, availability.',
    'Glossary in the report.'),
  c('3', '対象者の範囲', 'Scope of persons', ClauseKind.CONTEXT,
    'Staff, contractors (委託事業者) and outside bodies using the network.', 'See 7.8.a.'),
  c('4', '対象者の義務', 'Obligations of persons in scope', ClauseKind.PROCEDURAL,
    'Everyone in scope complies with the policy and the law.'),
  c('5.1', '情報資産の範囲 (1)', 'Scope of information assets (1): networks and systems', ClauseKind.AUTOMATED,
    'Networks, information systems, facilities and media are information assets.',
    'Every VPC is placed in a zone (`lgsec:zone` tag).'),
  c('5.2', '情報資産の範囲 (2)', 'Scope of information assets (2): information', ClauseKind.AUTOMATED,
    'The information handled by networks and systems is an asset.',
    'Every data store carries a classification.'),
  c('5.3', '情報資産の範囲 (3)', 'Scope of information assets (3): system documents', ClauseKind.PARTIAL,
    'System documents (specifications, network diagrams) are assets.',
    'Generated reports carry their own classification mark and are not for publication.'),
  c('6.1', '脅威 (1) 非意図的要因', 'Threats (1): unintentional causes', ClauseKind.AUTOMATED,
    'Mistakes: misconfiguration, defects, poor maintenance, weak outsourcing control.',
    'The pack itself: misconfiguration is blocked at synth.'),
  c('6.2', '脅威 (2) 意図的要因', 'Threats (2): intentional causes', ClauseKind.PARTIAL,
    'Attacks: unauthorized access, malware, denial of service, intrusion, insider fraud.',
    'Monitoring and detection controls (see 7.3.c, 7.7).'),
  c('6.3', '脅威 (3) 災害', 'Threats (3): disasters', ClauseKind.AUTOMATED,
    'Earthquake, lightning and fire stopping services.',
    'Availability-2 assets span at least two AZs and have a copy in the other Japanese region or a backup plan.'),
  c('6.4', '脅威 (4) 疾病', 'Threats (4): epidemics', ClauseKind.PROCEDURAL,
    'Staff shortage from large-scale epidemics.'),
  c('6.5', '脅威 (5) インフラ障害', 'Threats (5): infrastructure failures', ClauseKind.PARTIAL,
    'Power, network and water outages.', 'Multi-AZ; redundant closed-network links.'),
  c('7.1', '組織体制', 'Organization', ClauseKind.PROCEDURAL,
    'A city-wide information security organization.'),
  c('7.2', '情報資産の分類と管理', 'Classification and management of information assets', ClauseKind.AUTOMATED,
    'Classify assets by importance; controls follow the class.',
    'Classification tags on data stores; class-driven encryption, versioning, retention, replication.'),
  c('7.3.a', 'マイナンバー利用事務系', 'My Number zone', ClauseKind.AUTOMATED,
    'In principle no communication with other zones; terminals cannot take data out; multi-factor authentication on terminals.',
    'No IGW/NAT/VPN/peering/TGW path; no public IPs; egress closed; VPC endpoints with restrictive policies; data readable only through the zone\'s endpoints; MFA on human roles; terminal copy/download/print disabled.'),
  c('7.3.b', 'LGWAN接続系', 'LGWAN zone', ClauseKind.AUTOMATED,
    'Split the paths of LGWAN-connected systems from internet-connected ones; where they must talk, only sanitized (無害化) communication.',
    'No internet path; a routing domain separate from the internet zone; transfers from the internet zone only through the sanitizing transfer.'),
  c('7.3.c', 'インターネット接続系', 'Internet zone', ClauseKind.AUTOMATED,
    'Stronger monitoring of unauthorized traffic; internet access aggregated into the prefecture-wide security cloud (自治体情報セキュリティクラウド).',
    'No own IGW/NAT; default route to the security cloud; the cloud\'s firewall in strict order with default drop, alert and flow logs, change protections; DNS firewall; flow logs.'),
  c('7.4', '物理的セキュリティ対策', 'Physical security', ClauseKind.INHERITED,
    'Physical protection of facilities against intrusion, damage and theft.',
    'The cloud provider\'s data centers: an ISMAP-listed service in Japanese regions; evidence is the ISMAP registration and the provider\'s compliance reports (AWS Artifact).'),
  c('7.5', '人的セキュリティ対策', 'Human security', ClauseKind.PARTIAL,
    'Roles and responsibilities; training of staff and contractors.',
    'No long-lived IAM user keys; MFA for humans; training is manual.'),
  c('7.6', '技術的セキュリティ対策', 'Technical security', ClauseKind.AUTOMATED,
    'Access restriction, network management and other technical controls.',
    'No public data; no world-open ingress; encryption at rest (KMS) and in transit (TLS); least-privilege IAM; IMDSv2; default security group closed.'),
  c('7.7', '運用におけるセキュリティ対策', 'Operational security', ClauseKind.PARTIAL,
    'System monitoring, policy-compliance checking, outsourcing security, an emergency response plan.',
    'CloudTrail, flow logs, alarms to a security notification topic, log retention; the response plan itself is manual.'),
  c('7.8.a', '業務委託', 'Outsourcing', ClauseKind.PARTIAL,
    'Contracts with security requirements; verify contractors\' controls.',
    'Contractor cross-account roles need ExternalId or MFA, a session limit and a permissions boundary.'),
  c('7.8.b', '外部サービス（クラウドサービス）', 'External (cloud) services', ClauseKind.AUTOMATED,
    'Rules for the use of cloud services.',
    'Data and replicas stay in Japanese regions (ap-northeast-1 Tokyo, ap-northeast-3 Osaka).'),
  c('7.8.c', 'ソーシャルメディア', 'Social media', ClauseKind.PROCEDURAL,
    'Rules for the use of social media services.'),
  c('8', '対策基準の策定', 'Security standards', ClauseKind.PROCEDURAL,
    'Establish the information security standards.',
    'The rule pack is the machine-readable part of the standards.'),
  c('9', '実施手順の策定', 'Implementation procedures', ClauseKind.PROCEDURAL,
    'Establish the (non-public) implementation procedures.', 'Reports and diagrams are marked non-public.'),
  c('10', '情報セキュリティ監査', 'Information security audit', ClauseKind.PARTIAL,
    'Periodic audits verify that the policy is followed.',
    'Audit trail (CloudTrail with validation into WORM storage), access logs, the auditor report.'),
  c('11', '評価及び見直し', 'Evaluation and review', ClauseKind.PARTIAL,
    'Evaluate effectiveness, analyse risk, and review the policy.',
    'Report diff against a previous baseline: new, resolved and acknowledged findings.'),
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
