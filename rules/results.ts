/**
 * The record of one check run: every rule result (compliant and not-applicable too), the rule
 * catalogue and the templates checked. The synth path (LgsecChecks as a cdk-nag v3 plugin) and
 * `lgsec check` both produce it; the auditor report and the CLI formats are built from it.
 * It is serialized as JSON (`lgsec-results.json`), so keep it plain data.
 */

/** error fails synth and `lgsec check`; warning is shown and does not fail. */
export type RuleLevel = 'error' | 'warning';

/** What one rule said about one resource. */
export type RuleStatus = 'compliant' | 'non-compliant' | 'not-applicable' | 'acknowledged';

/** A rule of the pack, as the catalogue (RULES.md, `lgsec rules`, the report appendix) shows it. */
export interface RuleInfo {
  /** Rule id without the pack prefix, e.g. `LGSEC-MYNUMBER-NO-INTERNET-PATH`. */
  readonly id: string;
  /** Id as cdk-nag reports and acknowledges it: `LGSEC::<id>`. */
  readonly qualifiedId: string;
  readonly level: RuleLevel;
  /** Clause ids of policy/CLAUSES.md this rule checks. */
  readonly clauses: readonly string[];
  /** Folder under rules/: `placement`, `mynumber`, `lgwan`, `internet`, `network`, `audit`, `outsourcing`, … */
  readonly area: string;
  /** Short cause shown with a finding. */
  readonly cause: string;
  /** Why the policy requires it. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** CONTROLS.md line numbers this rule covers. */
  readonly controls: readonly number[];
}

/** Where an acknowledgment was made and why. */
export interface AcknowledgmentRecord {
  readonly reason: string;
  /** Construct path (synth) or `template#logicalId` (plain template) where it was made. */
  readonly madeAt: string;
}

export interface RuleResultRecord {
  /** Rule id without the pack prefix. */
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly clauses: readonly string[];
  readonly status: RuleStatus;
  /** Template (stack artifact) name, e.g. `ShiojiriMyNumberZone`. */
  readonly template: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Construct path when known (synth). */
  readonly constructPath?: string;
  /** For non-compliant and acknowledged results: what is wrong, with the detail the rule found. */
  readonly message?: string;
  /** Present when status is `acknowledged`. */
  readonly acknowledgment?: AcknowledgmentRecord;
}

/** A template that was checked. */
export interface CheckedTemplate {
  /** Stack artifact name or file name. */
  readonly name: string;
  /** Path of the template file, relative to the working directory or the assembly. */
  readonly file?: string;
  /** Region and account when known (stack environment or `--region`). */
  readonly region?: string;
  readonly account?: string;
  readonly resources: number;
}

/** A template that could not be loaded, so none of its resources were checked. */
export interface TemplateLoadProblem {
  /** Template name (or the file as given, when it could not be read). */
  readonly template: string;
  /** Path of the file, relative to the working directory, when known. */
  readonly file?: string;
  /** What is wrong and how to fix it, in one line. */
  readonly message: string;
}

export interface CheckRun {
  readonly tool: { readonly name: 'lgsec'; readonly version: string };
  readonly rules: readonly RuleInfo[];
  readonly templates: readonly CheckedTemplate[];
  readonly results: readonly RuleResultRecord[];
  /** Templates that could not be loaded (`lgsec check` goes on with the others and exits 2). */
  readonly loadErrors?: readonly TemplateLoadProblem[];
}

/** One template handed to the engine (`checkTemplates` in rules/engine.ts). */
export interface TemplateInput {
  /** Stack artifact name or file name; findings cite it. */
  readonly name: string;
  /** The parsed CloudFormation template. */
  readonly template: Record<string, unknown>;
  /** Path of the file it came from, for locations in SARIF and the report. */
  readonly file?: string;
  /** The deployed stack's name when it differs from `name` (`Fn::GetStackOutput` names stacks so). */
  readonly stackName?: string;
  /** Region and account when known; `--region` fills in the region of a region-agnostic template. */
  readonly region?: string;
  readonly account?: string;
}
