import { localized, RuleOutcome, unverifiable } from './outcome';
import { Acknowledgment } from '../lib/template/acknowledgments';
import { TemplateIndex, TemplateResource } from '../lib/template/template-index';
import { resourceVariants, whenText } from '../lib/template/values';
import { whenTextJa } from '../lib/template/why-ja';

/** A rule over one resource of the listed types, with the read-only index of its template. */
export interface ResourceRule {
  readonly kind: 'resource';
  readonly types: readonly string[];
  readonly check: (resource: TemplateResource, index: TemplateIndex) => RuleOutcome;
}

/** A rule over a whole template (stack-level properties such as its region). */
export interface TemplateRule {
  readonly kind: 'template';
  readonly check: (index: TemplateIndex) => RuleOutcome;
}

/** What an acknowledgment rule judges on one resource, once every other rule of the resource has run. */
export interface ResourceAcknowledgments {
  readonly resource: TemplateResource;
  readonly index: TemplateIndex;
  /** Acknowledgments made in code between the resource and its stack that are not written into the template. */
  readonly unwrittenBelowStack: readonly Acknowledgment[];
  /** Code acknowledgments the other rules of the resource met and refused, each with why. */
  readonly refused: readonly string[];
  /** Ids of the pack's rules. */
  readonly ruleIds: readonly string[];
}

/** What an acknowledgment rule judges on a template: those made on the template, its stack and above. */
export interface TemplateAcknowledgments {
  readonly index: TemplateIndex;
  readonly acknowledgments: readonly Acknowledgment[];
  readonly ruleIds: readonly string[];
}

/**
 * A rule over the acknowledgments themselves. It runs after every other rule of a resource, so it
 * sees the acknowledgments they refused; its template check runs once per template that carries
 * acknowledgments and is recorded only when it applies.
 */
export interface AcknowledgmentRule {
  readonly kind: 'acknowledgment';
  readonly checkResource: (acknowledgments: ResourceAcknowledgments) => RuleOutcome;
  readonly checkTemplate?: (acknowledgments: TemplateAcknowledgments) => RuleOutcome;
}

export type RuleCheck = ResourceRule | TemplateRule | AcknowledgmentRule;

/**
 * A resource rule. The check sees the resource as each deployment of its template would create
 * it (parameters at their default or each allowed value, each reachable Fn::If branch,
 * AWS::NoValue removed; see `resourceVariants`), and the outcomes are combined: a violation in
 * any reachable variant is a finding naming the choices that lead to it.
 */
export function resourceRule(types: readonly string[], check: ResourceRule['check']): ResourceRule {
  return { kind: 'resource', types, check: (resource, index) => checkVariants(resource, index, check) };
}

export function templateRule(check: TemplateRule['check']): TemplateRule {
  return { kind: 'template', check };
}

/** Runs a check on every variant of a resource and combines the outcomes. */
export function checkVariants(resource: TemplateResource, index: TemplateIndex, check: ResourceRule['check']): RuleOutcome {
  const { variants, truncated } = resourceVariants(resource, index);
  if (variants.length === 1 && variants[0].resource === resource && !truncated) return check(resource, index);
  if (variants.length === 0) return { status: 'not-applicable' };
  const outcomes = variants.map((variant) => ({
    outcome: check(variant.resource, index),
    when: whenText(variant.assumptions),
    whenJa: whenTextJa(variant.assumptions),
  }));
  const describe = (list: typeof outcomes): { detail: string; detailJa?: string } => {
    // Same finding under several choices: name the first choices that lead to it.
    const byDetail = new Map<string, { ja: string; whens: string[]; whensJa: string[] }>();
    let localizedAny = false;
    for (const { outcome, when, whenJa } of list) {
      if (outcome.status !== 'non-compliant' && outcome.status !== 'unverifiable') continue;
      if (outcome.detailJa !== undefined) localizedAny = true;
      let entry = byDetail.get(outcome.detail);
      if (!entry) byDetail.set(outcome.detail, (entry = { ja: outcome.detailJa ?? outcome.detail, whens: [], whensJa: [] }));
      if (when) entry.whens.push(when);
      if (whenJa) entry.whensJa.push(whenJa);
    }
    const entries = [...byDetail];
    const detail = entries
      .map(([en, { whens }]) =>
        whens.length === 0
          ? en
          : `${whens.slice(0, 2).join(', or ')}${whens.length > 2 ? ` (and ${whens.length - 2} more choices)` : ''}: ${en}`,
      )
      .join('; ');
    if (!localizedAny) return { detail };
    const detailJa = entries
      .map(([, { ja, whensJa }]) =>
        whensJa.length === 0
          ? ja
          : `${whensJa.slice(0, 2).join('、又は')}${whensJa.length > 2 ? `（ほか ${whensJa.length - 2} 通り）` : ''}：${ja}`,
      )
      .join('、');
    return { detail, detailJa };
  };
  const failing = outcomes.filter((o) => o.outcome.status === 'non-compliant');
  if (failing.length > 0) {
    const advisory = failing.every((o) => o.outcome.status === 'non-compliant' && o.outcome.advisory);
    return { status: 'non-compliant', ...describe(failing), ...(advisory ? { advisory: true } : {}) };
  }
  const open = outcomes.filter((o) => o.outcome.status === 'unverifiable');
  if (open.length > 0) return { status: 'unverifiable', ...describe(open) };
  if (truncated)
    return unverifiable(
      localized(
        "the template's parameters and conditions allow too many versions of this resource to check them all; only some were checked",
        'テンプレートのパラメーターと条件が許すこのリソースの版が多すぎて、すべては検査できない。一部だけを検査した',
      ),
    );
  return outcomes.some((o) => o.outcome.status === 'compliant') ? { status: 'compliant' } : { status: 'not-applicable' };
}
