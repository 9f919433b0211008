// The public API of `lgsec-cdk`: the constructs, the rule pack and the report, which is what a
// CDK app loads. Each name is listed on purpose; helpers the constructs share stay internal. The
// file sanitizer's engine and parsers are in `lgsec-cdk/sanitizer` (lib/sanitizer.ts) and the
// command in `lgsec-cdk/cli`, so that `require('lgsec-cdk')` does not load them.

// The policy: zones, classification, tags, clauses.
export { Zone, ZONES, parseZone, zoneTag } from './policy/zone';
export { TAG_KEYS, Purpose } from './policy/tags';
export { classificationTags, parseClassificationTags, validateClassification } from './policy/classification';
export type { AvailabilityLevel, Classification, ConfidentialityLevel, IntegrityLevel } from './policy/classification';
export { CLAUSES, ClauseKind, POLICY_NAME, clause } from './policy/clauses';
export type { Clause } from './policy/clauses';
export { GUIDELINE_MODEL_PROFILE, PROFILE_IDS, PROFILES, SHIOJIRI_PROFILE, policyProfile, profileProblems } from './policy/profiles';
export type { PolicyProfile, ProfileClause, ProfileText } from './policy/profiles';

// The three zones.
export { ZoneNetwork } from './zones/zone-network';
export type { ClosedZoneNetworkProps, IZoneNetwork, ZoneNetworkProps } from './zones/zone-network';
export { MyNumberZone } from './zones/mynumber-zone';
export type { MyNumberZoneProps, ZoneSecurityGroupOptions } from './zones/mynumber-zone';
export { LgwanConnection, LgwanZone } from './zones/lgwan-zone';
export type { LgwanGatewayOptions, LgwanVpnOptions, LgwanVpnResources, LgwanZoneProps } from './zones/lgwan-zone';
export { InternetZone } from './zones/internet-zone';
export type { InternetZoneProps } from './zones/internet-zone';
export { ZoneDns } from './zones/zone-dns';
export type { ClosedZoneDnsOptions, DnsQueryLogTarget, ZoneDnsProps } from './zones/zone-dns';
export type { DataPerimeterOptions, IDataPerimeter } from './zones/data-perimeter';
export type { ISecurityCloudLink } from './zones/security-cloud-link';

// The prefecture's security cloud.
export { SecurityCloud } from './security-cloud/security-cloud';
export type { ISecurityCloud, SecurityCloudAttributes, SecurityCloudProps } from './security-cloud/security-cloud';
export type { SecurityCloudMember } from './security-cloud/members';
export { DEFAULT_MANAGED_RULE_GROUPS, ManagedRuleGroup, StatefulDefaultAction } from './security-cloud/firewall-rules';
export { InspectionFirewall } from './security-cloud/inspection-firewall';
export type { FirewallLogDestination, InspectionFirewallProps, InspectionFirewallRules } from './security-cloud/inspection-firewall';
export { DnsFirewall } from './security-cloud/dns-firewall';
export type { DnsFirewallOptions, DnsFirewallProps, DnsQueryLogDestination, ManagedDomainListIds } from './security-cloud/dns-firewall';
export { SecurityCloudMonitoring } from './security-cloud/monitoring';
export type { SecurityCloudAlarmOptions, SecurityCloudMonitoringProps } from './security-cloud/monitoring';

// Classified, audited storage.
export { AuditedBucket, AuditedReplicaBucket } from './storage/audited-bucket';
export type { AuditedBucketProps, AuditedReplicaBucketProps, BucketReplicationProps, ObjectLockProps } from './storage/audited-bucket';
export { AccessLogBucket } from './storage/access-log-bucket';
export type { AccessLogBucketProps } from './storage/access-log-bucket';
export type { ArchiveTier, BucketLifecycle } from './storage/lifecycle';

// The My Number zone's terminals: AppStream 2.0 desktops that cannot take data out.
export { MyNumberTerminals, TERMINAL_INBOUND_EXCEPTIONS_METADATA } from './terminals/my-number-terminals';
export type { MyNumberTerminalsProps, SamlMfaEvidence, TerminalInboundException } from './terminals/my-number-terminals';

// The audit trail and the log archive.
export { AuditTrail } from './audit/audit-trail';
export type { AuditTrailProps } from './audit/audit-trail';
export { LogArchive } from './audit/log-archive';
export type { LogArchiveProps } from './audit/log-archive';
export { LogArchiveReference, admitLogWriters, admitMemberAccounts, admitOrganizationTrail } from './audit/cross-account';
export type { LogWritersOptions } from './audit/cross-account';
export type { AdmitMemberAccountsOptions, ILogArchive, LogArchiveAttributes, OrganizationTrailAttributes } from './audit/cross-account';
export { SECURITY_EVENTS } from './audit/security-alarms';
export type { SecurityEventDefinition } from './audit/security-alarms';
export { OrganizationTrail, ORGANIZATION_TRAIL_NAME } from './audit/organization-trail';
export type { OrganizationTrailProps } from './audit/organization-trail';
// Continuous compliance: AWS Config everywhere, a conformance pack mapped to the policy, an aggregator.
export { ConfigRecorder } from './audit/config-recorder';
export type { ConfigRecorderProps } from './audit/config-recorder';
export { LgsecConformancePack, conformancePackTemplate } from './audit/conformance-pack';
export type { LgsecConformancePackProps } from './audit/conformance-pack';
export { ConfigAggregator } from './audit/config-aggregator';
export type { ConfigAggregatorProps } from './audit/config-aggregator';
export { CONFIG_RULE_MAPPING, configRulesForClause } from './audit/config-rules';
export type { ConfigRuleMapping } from './audit/config-rules';
// Alarms on every change that switches audit off or weakens a guardrail, in the security account.
export { GUARDRAIL_EVENTS, GuardrailEventWatch, LGSEC_ALARM_STATE_PATTERN, guardrailEvents } from './audit/guardrail-events';
export type { GuardrailEventDefinition, GuardrailEventsOptions } from './audit/guardrail-events';
export { SecurityEventHub, SECURITY_EVENT_BUS_NAME } from './audit/security-event-hub';
export type { SecurityEventHubProps } from './audit/security-event-hub';
export { SecurityEventForwarder } from './audit/security-event-forwarder';
export type { SecurityEventForwarderProps } from './audit/security-event-forwarder';

// Organization guardrails, and the same guarantees for an account in an organization not ours.
export { ZoneGuardrails } from './organization/zone-guardrails';
export type {
  OtherAttachedPolicies,
  SanitizerRoleGuardrail,
  ZoneGuardrailTargets,
  ZoneGuardrailsProps,
} from './organization/zone-guardrails';
export {
  GuardrailPolicy,
  GuardrailPolicyType,
  MAX_GUARDRAIL_POLICY_CHARACTERS,
  MAX_POLICIES_PER_TARGET,
} from './organization/guardrail-policy';
export type { GuardrailPolicyProps, GuardrailStatement } from './organization/guardrail-policy';
export { BreakGlassAccess } from './organization/break-glass-access';
export type { BreakGlassAccessProps } from './organization/break-glass-access';
export {
  DeploymentBootstrap,
  DEPLOYMENT_SERVICES,
  lgsecBootstrapTemplate,
  WORKLOAD_BOUNDARY_NAME,
} from './organization/deployment-bootstrap';
export type { BootstrapTemplateOptions, DeploymentBootstrapProps, DeploymentPipelineProps } from './organization/deployment-bootstrap';
export type { DeploymentPathOptions } from './organization/deployment-path';
export { DEFAULT_BREAK_GLASS_ROLE_NAME, DEFAULT_BOOTSTRAP_QUALIFIER } from './organization/deployment-path';
export { AccountGuardrails, MAX_MANAGED_POLICY_CHARACTERS, PLATFORM_ROLE_NAMES } from './organization/account-guardrails';
export type { AccountGuardrail, AccountGuardrailsProps, AccountZone, UnenforcedGuardrail } from './organization/account-guardrails';
export { DefaultVpcRemoval } from './organization/default-vpc-removal';
export { CLOSED_ZONE_ENDPOINT_SERVICES, CLOSED_ZONE_SERVICES, WORKLOAD_ACTIONS } from './organization/guardrail-statements';
export type { LogArchiveGuardrail } from './organization/guardrail-statements';
export {
  EXEMPTION_TAG_KEY,
  Exemption,
  GUARDRAIL_METADATA_KEY,
  GUARDRAIL_TAG_KEYS,
  GuardrailEnforcement,
  GuardrailMechanism,
} from './organization/tags';

// The sanitizing transfer from the internet zone into the LGWAN zone.
export { SanitizingTransfer, SanitizingTransferWriter } from './sanitization/transfer/sanitizing-transfer';
export type {
  SanitizingTransferClassifications,
  SanitizingTransferInternetSide,
  SanitizingTransferProps,
  SanitizingTransferWriterProps,
} from './sanitization/transfer/sanitizing-transfer';

// Sanitized mail (メール無害化): internet mail into the LGWAN zone only through the sanitizing transfer.
export { MAIL_LANDING_PREFIX, MAIL_RECEIPT_REGIONS, SanitizingMailGateway } from './sanitization/mail/sanitizing-mail-gateway';
export type { SanitizingMailGatewayProps } from './sanitization/mail/sanitizing-mail-gateway';

// Screen transfer (画面転送) for LGWAN staff: a remote browser in the internet zone.
export { BROWSER_ACCESS_LOG_PREFIX, InternetBrowserIsolation } from './terminals/internet-browser-isolation';
export type {
  BrowserSamlIdentityProvider,
  BrowserTransferReasons,
  InternetBrowserIsolationProps,
} from './terminals/internet-browser-isolation';
export { MIN_TRANSFER_REASON_LENGTH, TRANSFER_REASONS_METADATA } from './policy/remote-browser';

// The rule pack, the engine of `lgsec check`, and the templates they read.
export { LgsecChecks } from './lgsec-checks';
export type { LgsecChecksProps } from './lgsec-checks';
export {
  CombinedReporter,
  LgsecPack,
  ResultsFileReporter,
  checkModel,
  checkTemplates,
  renderRuleCatalog,
  TemplateLoadError,
} from '../rules';
export type { CheckOptions, CheckReportContext, ICheckReporter, LgsecPackProps } from '../rules';
export type { AcknowledgmentRecord, CheckedTemplate, CheckRun, RuleInfo, RuleLevel, RuleResultRecord, RuleStatus } from '../rules/results';
export { TemplateModel } from './template/template-model';
export type { TemplateModelOptions } from './template/template-model';
export type { TemplateInput, TemplateLoadProblem } from './template/input';

// The exceptions register: acknowledgments with approver, dates and reference.
export { acknowledgeException } from './private/exceptions';
export type { ExceptionProps } from './private/exceptions';
export type { ExceptionFields } from './private/exception-fields';

// The auditor report.
export {
  AuditReportReporter,
  buildReportDocument,
  REPORT_FILES,
  REPORT_FORMATS,
  REPORT_JSON_SCHEMA,
  REPORT_SCHEMA_VERSION,
  renderReport,
  ReportInputError,
  workingTreeAt,
  writeReports,
  writeSynthReports,
} from './report';
export type { ReportDocument, ReportFormat, ReportInput, ReportIntegrity, ReportOptions, TemplateDigest, WorkingTreeState } from './report';
