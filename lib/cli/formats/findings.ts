import type { PolicyProfile } from '../../policy/profiles';
import type { CheckRun, RuleInfo, RuleResultRecord } from '../../../rules/results';

/** Where a template came from, to locate its findings (SARIF, JUnit, text). */
export interface TemplateSource {
  /** Path relative to the working directory, forward slashes. */
  readonly file?: string;
  /** 1-based line of each logical id. */
  readonly resourceLines?: ReadonlyMap<string, number>;
  /** CDK construct path of each logical id, for templates synthesized by CDK. */
  readonly constructPaths?: ReadonlyMap<string, string>;
}

/** What every output format is rendered from, besides the check run. */
export interface RenderContext {
  /** By template name. */
  readonly sources: ReadonlyMap<string, TemplateSource>;
  /** ANSI colours (text format only). */
  readonly color: boolean;
  /** Seconds the check took (JUnit `time`). */
  readonly elapsedSeconds?: number;
  /** Project homepage for SARIF's `informationUri`. */
  readonly informationUri?: string;
  /** Directory that template `file`s are relative to (SARIF source locations). @default process.cwd() */
  readonly cwd?: string;
  /** The policy whose numbering and clause titles the output uses. @default SHIOJIRI_PROFILE */
  readonly profile?: PolicyProfile;
}

export interface RunSummary {
  readonly templates: number;
  readonly resources: number;
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
  /** Templates that could not be loaded (listed in the run's `loadErrors`). */
  readonly notLoaded: number;
}

/**
 * Results in a stable order: templates in the order they were checked, then logical id, then
 * rule id. Output must not depend on the engine's iteration order, or CI diffs churn.
 */
export function sortedResults(run: CheckRun, status: RuleResultRecord['status']): RuleResultRecord[] {
  const templateOrder = new Map(run.templates.map((template, index) => [template.name, index]));
  return run.results
    .filter((result) => result.status === status)
    .sort(
      (a, b) =>
        (templateOrder.get(a.template) ?? Number.MAX_SAFE_INTEGER) - (templateOrder.get(b.template) ?? Number.MAX_SAFE_INTEGER) ||
        compare(a.logicalId, b.logicalId) ||
        compare(a.ruleId, b.ruleId),
    );
}

export function summarize(run: CheckRun): RunSummary {
  let errors = 0;
  let warnings = 0;
  let acknowledged = 0;
  for (const result of run.results) {
    if (result.status === 'non-compliant') {
      if (result.level === 'error') {
        errors++;
      } else {
        warnings++;
      }
    } else if (result.status === 'acknowledged') {
      acknowledged++;
    }
  }
  return {
    templates: run.templates.length,
    resources: run.templates.reduce((sum, template) => sum + template.resources, 0),
    errors,
    warnings,
    acknowledged,
    notLoaded: run.loadErrors?.length ?? 0,
  };
}

export function rulesById(run: CheckRun): ReadonlyMap<string, RuleInfo> {
  return new Map(run.rules.map((rule) => [rule.id, rule]));
}

/** The finding's own message, else the rule's short cause. */
export function messageOf(result: RuleResultRecord, rule: RuleInfo | undefined): string {
  return result.message ?? rule?.cause ?? result.ruleId;
}

/**
 * `Template/LogicalId`, or the template alone for a result about the whole stack (such as its
 * region), which has no logical id.
 */
export function resourceLabel(result: RuleResultRecord): string {
  return result.logicalId === '' ? result.template : `${result.template}/${result.logicalId}`;
}

/** The CDK construct path of the resource a result is about, when the template says. */
export function constructPathOf(result: RuleResultRecord, context: RenderContext): string | undefined {
  return context.sources.get(result.template)?.constructPaths?.get(result.logicalId);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
