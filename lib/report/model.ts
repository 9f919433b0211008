/**
 * The auditor report's model, and the schema of `lgsec-report.json`.
 *
 * The HTML and Markdown renderings are views of this model; the JSON file is this model as is.
 * The JSON file is also the input of the next run's baseline diff (policy 11), so it is a public,
 * versioned contract:
 * - `schemaVersion` is an integer. Adding an optional field keeps the version; renaming,
 *   removing or changing the meaning of a field bumps it.
 * - A reader accepts every version up to its own and refuses newer ones with a clear message.
 * - Values are language-neutral codes (statuses, kinds, zones); `lang` only records which
 *   language the HTML and Markdown of the same run were written in.
 * - Every list is sorted, so the same input gives the same bytes apart from `generatedAt`.
 */
import { ClauseKind } from '../policy/clauses';
import type { RuleInfo, RuleLevel, RuleStatus } from '../../rules/results';
import type { ExceptionFields } from '../private/exception-fields';

/** Version of the `lgsec-report.json` schema this code writes and the newest it reads. */
export const REPORT_SCHEMA_VERSION = 1;
/** The `kind` marker of an `lgsec-report.json` file. */
export const REPORT_KIND = 'lgsec-report';

export type ReportLanguage = 'ja' | 'en';

/**
 * The verdict on one clause.
 * - `passed`: rules checked it and every applicable result is compliant;
 * - `failed`: at least one non-compliant result;
 * - `acknowledged`: no failure, but at least one knowingly accepted deviation;
 * - `not-applicable`: rules exist, but no resource in these templates is subject to them;
 * - `other-organization`: the clause's subject is only referenced by these templates (another
 *   organization's resources, e.g. the prefecture's security cloud): its evidence is theirs, never `passed`;
 * - `manual`: no rule checks it (procedural, or no rule yet): a person verifies it;
 * - `inherited`: the cloud provider carries it; evidence is named, never `passed`;
 * - `context`: definitions and purpose, nothing to check.
 */
export type ClauseVerdict =
  'passed' | 'failed' | 'acknowledged' | 'not-applicable' | 'other-organization' | 'manual' | 'inherited' | 'context';

/** Whose resources a clause's subject is, when the templates only reference them. */
export type ResponsibleParty = 'security-cloud';

/** For an `other-organization` clause: who answers for it, and the references that show it. */
export interface ClauseResponsibility {
  readonly party: ResponsibleParty;
  /** How the templates name the other organization's resources (ids or expressions), sorted. */
  readonly references: readonly string[];
}

/** Counts of rule results by status. */
export interface StatusCounts {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
  readonly notApplicable: number;
}

/** One rule result as the report keeps it (the check run's record, sorted, with its id). */
export interface ReportResult {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly status: RuleStatus;
  /**
   * The clauses the result counts towards: the rule's; of a rule citing several zone clauses
   * (7.3.a–c), only the clause of the resource's zone when the zone is known (scope.ts `clausesInScope`).
   */
  readonly clauses: readonly string[];
  readonly template: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly constructPath?: string;
  readonly message?: string;
  /** `message` in Japanese (absent from reports written before it existed). */
  readonly messageJa?: string;
  readonly acknowledgment?: AcknowledgmentEntry;
}

/** An acknowledgment as the report keeps it: the reason, where it was made, and the exceptions register's fields. */
export interface AcknowledgmentEntry extends ExceptionFields {
  readonly reason: string;
  readonly madeAt: string;
}

export interface ClauseEntry {
  /** The stable clause key rules cite (`CLAUSES.md`). */
  readonly id: string;
  /** The clause's number in the report's policy profile, when it differs from `id`. */
  readonly number?: string;
  /** Where the national guideline's model policy has the clause, e.g. `対策基準 4(1)`. */
  readonly guideline?: string;
  readonly titleJa: string;
  readonly titleEn: string;
  readonly kind: ClauseKind;
  readonly meaning: string;
  readonly onAws?: string;
  readonly verdict: ClauseVerdict;
  /** Ids of the rules citing this clause, sorted. */
  readonly rules: readonly string[];
  readonly counts: StatusCounts;
  /** True when a person must still verify part of the clause (procedural, partial, or unchecked). */
  readonly manualCheck: boolean;
  /** Present when the verdict is `other-organization`. */
  readonly responsibility?: ClauseResponsibility;
}

export interface StackEntry {
  readonly name: string;
  readonly file?: string;
  readonly region?: string;
  readonly account?: string;
  /** Number of resources, when known. */
  readonly resources?: number;
}

/** A value read from a template: the literal, or a short rendering of an unresolved expression. */
export type TemplateValue = string;

export interface VpcEntry {
  /** `template#logicalId`. */
  readonly key: string;
  readonly template: string;
  readonly logicalId: string;
  readonly name?: string;
  /** The `lgsec:zone` tag's value as written (may be invalid or missing). */
  readonly zoneTag?: string;
  readonly cidrs: readonly TemplateValue[];
  readonly subnets: number;
  readonly availabilityZones: number;
  readonly internetGateway: boolean;
  readonly egressOnlyInternetGateway: boolean;
  readonly natGateways: number;
  readonly vpnGateway: boolean;
  readonly endpoints: number;
  readonly flowLog: boolean;
  readonly networkFirewalls: readonly string[];
  /** Keys of the Transit Gateways this VPC is attached to. */
  readonly transitGateways: readonly string[];
  /** Keys of the VPCs peered with this one (or the peer's rendered id when outside the templates). */
  readonly peerings: readonly string[];
}

export interface ZoneEntry {
  /** `mynumber`, `lgwan`, `internet`, `security-cloud`, or `unzoned` for a missing or invalid tag. */
  readonly zone: string;
  readonly vpcs: readonly string[];
}

export interface TransitGatewayEntry {
  /** `template#logicalId`, or `external:<id>` for one referenced but not defined in the templates. */
  readonly key: string;
  readonly template?: string;
  readonly logicalId?: string;
  /** For an external Transit Gateway: the id or expression that referenced it. */
  readonly reference?: string;
  readonly name?: string;
  readonly zoneTag?: string;
  readonly defaultRouteTableAssociation?: TemplateValue;
  readonly defaultRouteTablePropagation?: TemplateValue;
  readonly vpcAttachments: readonly { readonly logicalId: string; readonly template: string; readonly vpc: string }[];
}

export interface ClosedNetworkLink {
  readonly template: string;
  readonly logicalId: string;
  readonly type: string;
  /** Key of the VPC (through its VPN gateway) or Transit Gateway the link ends on. */
  readonly from?: string;
  /** The other end: customer gateway name and address. */
  readonly to: string;
}

export interface FirewallEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly name?: string;
  readonly vpc?: string;
  readonly policy?: string;
  readonly ruleOrder?: TemplateValue;
  readonly statefulDefaultActions: readonly TemplateValue[];
  readonly statelessDefaultActions: readonly TemplateValue[];
  readonly logTypes: readonly TemplateValue[];
  readonly deleteProtection: boolean;
  readonly subnetChangeProtection: boolean;
  readonly firewallPolicyChangeProtection: boolean;
  /** CIDRs of HOME_NET in the firewall's policy and rule groups: the security cloud's members. */
  readonly homeNet: readonly TemplateValue[];
}

export interface SecurityCloudEntry {
  readonly vpcs: readonly string[];
  readonly transitGateways: readonly TransitGatewayEntry[];
  readonly firewalls: readonly FirewallEntry[];
  /** Members: every VPC attached to a Transit Gateway, and every HOME_NET CIDR. */
  readonly members: readonly SecurityCloudMember[];
}

export interface SecurityCloudMember {
  /** `attachment` (a VPC attached to a Transit Gateway) or `home-net` (a CIDR of the firewall's HOME_NET). */
  readonly via: 'attachment' | 'home-net';
  readonly cidr?: TemplateValue;
  /** Key of the VPC, when it is in the templates. */
  readonly vpc?: string;
  readonly zoneTag?: string;
  /** The Transit Gateway or firewall it belongs to. */
  readonly through: string;
}

/** State of one control on a data store. `na` when the control does not exist for its type. */
export interface ControlState {
  readonly state: 'on' | 'off' | 'na';
  /** Technical detail, language-neutral (AWS terms): key, mode, days, target. */
  readonly detail?: string;
}

export interface DataStoreEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly type: string;
  readonly name?: string;
  /** Zone by the resource's own `lgsec:zone` tag or the VPC it is placed in. */
  readonly zone?: string;
  readonly confidentiality?: string;
  readonly integrity?: string;
  readonly availability?: string;
  /** Problems with the classification tags (missing, invalid). */
  readonly classificationProblems: readonly string[];
  readonly purpose?: string;
  readonly controls: {
    readonly encryption: ControlState;
    readonly customerManagedKey: ControlState;
    readonly versioning: ControlState;
    readonly replication: ControlState;
    readonly objectLock: ControlState;
    readonly publicAccessBlock: ControlState;
    readonly logging: ControlState;
    /** Membership in an AWS Backup plan (by resource or by tag), with or without a copy action. */
    readonly backup: ControlState;
    readonly retain: ControlState;
  };
}

export interface ResourceEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly type: string;
  /** The zone the resource is in (its own `lgsec:zone` tag, else its VPC's), when known. */
  readonly zone?: string;
  /** The account its stack deploys to, or `account-agnostic`. */
  readonly account?: string;
}

/** The stacks of one AWS account, the zones they build and the guardrails guarding those zones. */
export interface AccountEntry {
  /** The account id, or `account-agnostic` for stacks without one (deployed wherever the credentials point). */
  readonly account: string;
  readonly stacks: readonly string[];
  /** `lgsec:zone` values of the account's VPCs. */
  readonly zones: readonly string[];
  /** Shared services the account holds: `log-archive` (an audit-log bucket), `organization-guardrails`. */
  readonly services: readonly string[];
  /** Names of the organization guardrails (in these templates) attached to the OUs of the account's zones. */
  readonly guardrails: readonly string[];
}

/** An AWS Organizations policy (SCP, RCP, …) defined in the templates. */
export interface GuardrailEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly name: string;
  /** `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`, or the CloudFormation type of another guardrail (`AWS::IAM::ManagedPolicy`, …). */
  readonly type: string;
  /**
   * Who enforces it: `organization` (AWS Organizations: SCPs, RCPs, StackSets from the management
   * account; no account administrator can lift it) or `account` (IAM in the account itself: what
   * remains where the organization is not ours, as in the Government Cloud).
   */
  readonly enforcedBy: 'organization' | 'account';
  /** How (`lgsec:guardrail-mechanism` tag): `scp`, `rcp`, `stack-set`, `iam-policy`, `permissions-boundary`. */
  readonly mechanism?: string;
  /** What it enforces (`lgsec:guardrail` tag). */
  readonly guardrail?: string;
  /** Zones whose OUs (or account) it guards (`lgsec:guardrail-zones` tag). */
  readonly zones: readonly string[];
  /** Roots, OUs or accounts it is attached to; for an IAM policy, the roles. */
  readonly targets: readonly string[];
  /** Characters of the compact policy document, when it is literal. */
  readonly size?: number;
}

/** A path between a remote session and the user's device. */
export type SessionPath = 'copy-to-device' | 'paste-from-device' | 'download' | 'upload' | 'print';

/** A remote desktop (AppStream 2.0 stack) or remote browser (WorkSpaces Secure Browser portal) of the templates. */
export interface RemoteSessionEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly kind: 'appstream-stack' | 'workspaces-web-portal';
  readonly name: string;
  /** The zone its sessions run in, when the templates show it. */
  readonly zone?: string;
  readonly account: string;
  /** The paths left open (the service's default counts: an AppStream action not listed is enabled). */
  readonly openPaths: readonly SessionPath[];
  /** The reasons recorded for open paths (setting → reason), as the constructs record them. */
  readonly reasons: Readonly<Record<string, string>>;
  /** How users reach it: streaming endpoints, or the source addresses a portal admits. */
  readonly access: readonly string[];
}

/** Where internet mail is received (SES receipt rule or Mail Manager ingress point) and where it goes next. */
export interface MailReceiptEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly kind: 'ses-receipt-rule' | 'mail-manager-ingress-point';
  /** The addresses and domains it receives for (empty: what the ingress point's policy admits). */
  readonly recipients: readonly string[];
  readonly region?: string;
  readonly account: string;
  /** TLS from the sending server: required, optional, or not shown by the templates. */
  readonly tls: 'required' | 'optional' | 'unknown';
  /** Spam and virus scanning. */
  readonly scanning: 'on' | 'off' | 'unknown';
  /** Where each message is written or handed next (buckets with their zone, functions). */
  readonly deliversTo: readonly string[];
}

/** An AWS Config conformance pack of the templates: what keeps measuring compliance after deployment. */
export interface ConformancePackEntry {
  readonly template: string;
  readonly logicalId: string;
  readonly name: string;
  /** `organization` (an organization conformance pack: every member account) or `account` (its stack's account). */
  readonly scope: 'organization' | 'account';
  /** The account of its stack, or `account-agnostic`. */
  readonly account: string;
  /** The region of its stack, when known: a pack, like the Config recorder, measures one region. */
  readonly region?: string;
  /** Names of the Config rules of its template body. */
  readonly rules: readonly string[];
  /** Why its rules could not be read (a body in S3, not literal, or not a template). */
  readonly unread?: string;
}

/** A Config rule deployed by the conformance packs, with the lgsec clauses it evidences. */
export interface ConfigRuleEntry {
  readonly name: string;
  /** `Source.SourceIdentifier`: the managed rule's identifier, or a custom rule's function. */
  readonly identifier: string;
  /** `Source.Owner`: `AWS` for a managed rule. */
  readonly owner: string;
  /** lgsec clause ids the rule evidences (lgsec's mapping of AWS managed rules); empty when unmapped. */
  readonly clauses: readonly string[];
  /** Why it evidences them. */
  readonly reason?: { readonly ja: string; readonly en: string };
  /** The packs that deploy it, as `template/logicalId`. */
  readonly packs: readonly string[];
}

/** Continuous compliance: the conformance packs and the clause mapping of their rules. */
export interface ContinuousCompliance {
  readonly conformancePacks: readonly ConformancePackEntry[];
  readonly configRules: readonly ConfigRuleEntry[];
}

/**
 * Whether accounts separate the zones: `accounts` when each account holds at most one of the My
 * Number, LGWAN and internet zones; `iam-only` when an account (or the account-agnostic stacks)
 * holds two or more, so only IAM separates them; `na` without zone VPCs.
 */
export interface ZoneSeparation {
  readonly kind: 'accounts' | 'iam-only' | 'na';
  /** For `iam-only`: each shared account and its zones, e.g. `123456789012: lgwan, mynumber`. */
  readonly shared?: readonly string[];
}

export interface Inventory {
  /** AWS accounts of the stacks, by account id. */
  readonly accounts: readonly AccountEntry[];
  readonly separation: ZoneSeparation;
  /** Organization guardrails (SCPs and RCPs) defined in the templates. */
  readonly guardrails: readonly GuardrailEntry[];
  readonly zones: readonly ZoneEntry[];
  readonly vpcs: readonly VpcEntry[];
  readonly securityCloud: SecurityCloudEntry;
  readonly closedNetworkLinks: readonly ClosedNetworkLink[];
  readonly dataStores: readonly DataStoreEntry[];
  /** Every resource of every template (the resource set the baseline diff compares). */
  readonly resources: readonly ResourceEntry[];
  /** AWS Config conformance packs and what their rules evidence (absent from reports written before it existed). */
  readonly continuousCompliance?: ContinuousCompliance;
  /** Remote desktops and browsers with their open paths (absent from reports written before it existed). */
  readonly remoteSessions?: readonly RemoteSessionEntry[];
  /** Where internet mail is received and where it goes (absent from reports written before it existed). */
  readonly mailReceipts?: readonly MailReceiptEntry[];
}

/** A change of one result between the baseline and this run. */
export interface ResultChange {
  readonly template: string;
  readonly logicalId: string;
  readonly ruleId: string;
  /** Status in the baseline (`absent` when the result was not there). */
  readonly before: RuleStatus | 'absent';
  /** Status now (`absent` when the result is gone, e.g. the resource was removed). */
  readonly after: RuleStatus | 'absent';
  readonly message?: string;
  readonly messageJa?: string;
  readonly reason?: string;
  readonly reasonJa?: string;
  readonly madeAt?: string;
}

export interface BaselineDiff {
  /** Where the baseline came from, as given (file name) and when it was generated. */
  readonly file: string;
  readonly generatedAt?: string;
  readonly gitCommit?: string;
  readonly newFindings: readonly ResultChange[];
  readonly resolvedFindings: readonly ResultChange[];
  readonly newAcknowledgments: readonly ResultChange[];
  readonly withdrawnAcknowledgments: readonly ResultChange[];
  readonly addedResources: readonly ResourceEntry[];
  readonly removedResources: readonly ResourceEntry[];
}

/** State of the working tree the templates were synthesized from: `unknown` outside a git work tree. */
export type WorkingTreeState = 'clean' | 'dirty' | 'unknown';

/** The SHA-256 of one checked template. */
export interface TemplateDigest {
  /** The template's name, as results cite it. */
  readonly name: string;
  readonly file?: string;
  readonly sha256: string;
  /** `file`: of the file's bytes (what `sha256sum` shows); `json`: of its canonical JSON (a template given in memory). */
  readonly of: 'file' | 'json';
}

/** What ties the report to what was checked (`lgsec verify-report` recomputes it). */
export interface ReportIntegrity {
  readonly algorithm: 'sha256';
  /** Every checked template, by name. */
  readonly templates: readonly TemplateDigest[];
  /** `git status --porcelain` where the report was written: a dirty tree is not its commit. */
  readonly workingTree: WorkingTreeState;
  /** Number of changed paths, for a dirty tree. */
  readonly changedFiles?: number;
  /** SHA-256 of the rule table as run (ids, levels, clauses, controls, texts). */
  readonly ruleTable: string;
  /** SHA-256 of this document's canonical JSON (sorted keys, no whitespace) without this field. */
  readonly reportDigest: string;
}

/** Problems in the input that the report shows rather than hides. */
export interface DataNote {
  readonly code: 'unknown-clause' | 'unknown-rule' | 'template-without-results' | 'results-without-template';
  readonly subject: string;
}

/** The whole report: the content of `lgsec-report.json`. */
export interface ReportDocument {
  readonly schemaVersion: number;
  readonly kind: typeof REPORT_KIND;
  readonly lang: ReportLanguage;
  /** The report's own classification (policy 5.3, 9): confidentiality 2, not for publication. */
  readonly classification: { readonly confidentiality: 2; readonly publication: 'not-for-publication' };
  readonly policy: { readonly ja: string; readonly en: string };
  /** The policy profile the clauses are numbered and named after (absent in reports written before profiles). */
  readonly profile?: { readonly id: string; readonly municipality: { readonly ja: string; readonly en: string } };
  readonly generatedAt: string;
  readonly tool: { readonly name: 'lgsec'; readonly version: string; readonly checkedWith: string };
  readonly gitCommit?: string;
  readonly environment: {
    readonly stacks: readonly StackEntry[];
    readonly regions: readonly string[];
    readonly accounts: readonly string[];
  };
  readonly summary: {
    readonly templates: number;
    readonly resources: number;
    readonly results: StatusCounts;
    /** Non-compliant results by level. */
    readonly errors: number;
    readonly warnings: number;
    /** Number of clauses per verdict; every verdict is present. */
    readonly clauses: Readonly<Record<ClauseVerdict, number>>;
  };
  readonly clauses: readonly ClauseEntry[];
  /** Every rule result, sorted by template, logical id, rule id. */
  readonly results: readonly ReportResult[];
  readonly inventory: Inventory;
  /** The rule catalogue, sorted by rule id. */
  readonly rules: readonly RuleInfo[];
  readonly baseline?: BaselineDiff;
  readonly notes: readonly DataNote[];
  /** What the check read on an assumption or did not evaluate in full (the run's load warnings); absent when nothing. */
  readonly notEvaluated?: readonly NotEvaluated[];
  /** Template digests, working tree, rule table hash and the report's digest (absent from reports written before it existed). */
  readonly integrity?: ReportIntegrity;
}

/** One load warning of the run: a template (and its file) and what was not evaluated. */
export interface NotEvaluated {
  readonly template: string;
  readonly file?: string;
  readonly message: string;
}

export const CLAUSE_VERDICTS: readonly ClauseVerdict[] = [
  'passed',
  'failed',
  'acknowledged',
  'not-applicable',
  'other-organization',
  'manual',
  'inherited',
  'context',
];

/** Deterministic, locale-independent order of strings. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
