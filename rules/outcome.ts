import { whyJa } from '../lib/template/why-ja';

/**
 * What a rule says about one resource (or one template). Rules are pure: they read the resource
 * and the template index and return one of these; the pack turns them into cdk-nag results,
 * check-run records and violations.
 */
export type RuleOutcome =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  /**
   * The resource breaks the rule; `detail` names the property and the bad value. `advisory`
   * findings are shown as warnings whatever the rule's level (a default the author may not
   * have meant, rather than a setting they wrote).
   */
  | { readonly status: 'non-compliant'; readonly detail: string; readonly detailJa?: string; readonly advisory?: boolean }
  /**
   * The rule cannot decide because a value it needs leaves the template (a parameter, an
   * import no checked template exports, a condition). Reported as a warning naming the value,
   * never guessed as a pass or a failure; strict mode makes it fail.
   */
  | { readonly status: 'unverifiable'; readonly detail: string; readonly detailJa?: string };

/** A finding's detail in both report languages. */
export interface LocalizedDetail {
  readonly en: string;
  readonly ja: string;
}

/** One problem a rule names: English only, or English and Japanese. */
export type Problem = string | LocalizedDetail;

/** A detail written in English and Japanese (the report shows the one of its language). */
export function localized(en: string, ja: string): LocalizedDetail {
  return { en, ja };
}

/** `<name> <why>`: a setting whose value the template model cannot read (`setting(...).why` and the like). */
export function notKnown(name: string, why: string): LocalizedDetail {
  return localized(`${name} ${why}`, `${name} は${whyJa(why)}`);
}

/** `detail` in English; `detailJa` only when some problem is localized (the rest stay in English). */
function details(problems: readonly Problem[]): { detail: string; detailJa?: string } {
  const detail = problems.map((p) => (typeof p === 'string' ? p : p.en)).join('; ');
  if (problems.every((p) => typeof p === 'string')) return { detail };
  return { detail, detailJa: problems.map((p) => (typeof p === 'string' ? p : p.ja)).join('、') };
}

const COMPLIANT: RuleOutcome = Object.freeze({ status: 'compliant' });
const NOT_APPLICABLE: RuleOutcome = Object.freeze({ status: 'not-applicable' });

export function compliant(): RuleOutcome {
  return COMPLIANT;
}

export function notApplicable(): RuleOutcome {
  return NOT_APPLICABLE;
}

export function nonCompliant(...problems: Problem[]): RuleOutcome {
  return { status: 'non-compliant', ...details(problems) };
}

/** A finding shown as a warning: the template relies on an AWS default that breaks the rule. */
export function advisory(...problems: Problem[]): RuleOutcome {
  return { status: 'non-compliant', ...details(problems), advisory: true };
}

export function unverifiable(...problems: Problem[]): RuleOutcome {
  return { status: 'unverifiable', ...details(problems) };
}

/**
 * Combines a rule's findings on one resource: any problem makes it non-compliant (all problems
 * listed), otherwise any unresolved value makes it unverifiable, otherwise compliant.
 */
export function outcomeOf(problems: readonly Problem[], unresolved: readonly Problem[] = []): RuleOutcome {
  if (problems.length > 0) return nonCompliant(...problems);
  if (unresolved.length > 0) return unverifiable(...unresolved);
  return COMPLIANT;
}
