/**
 * The record of one check run: every rule result (compliant and not-applicable too), the rule
 * catalogue and the templates checked. The synth path (LgsecChecks as a cdk-nag v3 plugin) and
 * `lgsec check` both produce it; the auditor report and the CLI formats are built from it.
 * It is serialized as JSON (`lgsec-results.json`), so keep it plain data.
 */
import type { TemplateLoadProblem, TemplateLoadWarning } from '../lib/template/input';
import type { ExceptionFields } from '../lib/private/exception-fields';

export type { TemplateInput, TemplateLoadProblem, TemplateLoadWarning } from '../lib/template/input';

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
  /** Clause ids of lib/policy/CLAUSES.md this rule checks. */
  readonly clauses: readonly string[];
  /** Folder under rules/: `placement`, `mynumber`, `lgwan`, `internet`, `network`, `audit`, `outsourcing`, … */
  readonly area: string;
  /** Short cause shown with a finding. */
  readonly cause: string;
  /** Why the policy requires it. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Line numbers of lib/policy/CONTROLS.md this rule covers. */
  readonly controls: readonly number[];
  /** cause, explanation and fix in Japanese (the report's `ja` language). */
  readonly ja?: RuleTexts;
}

/** A rule's texts in one language. */
export interface RuleTexts {
  readonly cause: string;
  readonly explanation: string;
  readonly fix: string;
}

/** Where an acknowledgment was made and why, with the exceptions register's fields when given. */
export interface AcknowledgmentRecord extends ExceptionFields {
  readonly reason: string;
  /** The reason in Japanese, when known (the library's own acknowledgments, or one written in Japanese). */
  readonly reasonJa?: string;
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
  /** `message` in Japanese: the rule's Japanese cause and the rule's Japanese detail (English where it has none). */
  readonly messageJa?: string;
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

export interface CheckRun {
  readonly tool: { readonly name: 'lgsec'; readonly version: string };
  readonly rules: readonly RuleInfo[];
  readonly templates: readonly CheckedTemplate[];
  readonly results: readonly RuleResultRecord[];
  /** Templates that could not be loaded (`lgsec check` goes on with the others and exits 2). */
  readonly loadErrors?: readonly TemplateLoadProblem[];
  /** What was read on an assumption or left unevaluated in templates that were checked. */
  readonly loadWarnings?: readonly TemplateLoadWarning[];
}
