// The constructs, the rule pack and the report: what a CDK app loads. The file sanitizer's engine
// and parsers are in `lgsec-cdk/sanitizer` (lib/sanitizer.ts) and the command in `lgsec-cdk/cli`,
// so that `require('lgsec-cdk')` does not load them.
export * from './policy';
export * from './zones';
export * from './security-cloud';
export * from './storage';
export * from './audit';
export * from './organization';
export * from './sanitization/transfer/sanitizing-transfer';
export * from './report';
export { LgsecChecks } from './lgsec-checks';
export type { LgsecChecksProps } from './lgsec-checks';
export { LgsecPack, checkTemplates, renderRuleCatalog, TemplateLoadError } from '../rules';
export type { LgsecPackProps, CheckOptions, ICheckReporter, CheckReportContext } from '../rules';
export { TemplateModel } from './template/template-model';
export type { TemplateInput } from './template/input';
export type * from '../rules/results';
