// The rule pack: the rules, their table and catalogue, the cdk-nag plugin and the engine of
// `lgsec check`. The auditor report is not here: `LgsecChecks` (lgsec-cdk) adds it as a reporter.
export type * from './results';
export { LgsecPack } from './pack/lgsec-pack';
export type { LgsecPackProps } from './pack/lgsec-pack';
export { CombinedReporter, RESULTS_FILE, ResultsFileReporter, writeResultsFile } from './pack/reporter';
export type { CheckReportContext, ICheckReporter } from './pack/reporter';
export { checkModel, checkTemplates, TemplateLoadError } from './pack/check-templates';
export type { CheckOptions } from './pack/check-templates';
export { renderRuleCatalog } from './catalog';
export { ruleTable } from './rule-table';
export type { RuleDefinition, RuleTableOptions } from './rule-table';
export type { RuleOutcome } from './outcome';
