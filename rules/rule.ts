import { LocalizedDetail, localized, RuleOutcome, unverifiable } from './outcome';
import { JAPAN_REGIONS } from '../lib/template/backup';
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
  readonly refused: readonly LocalizedDetail[];
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
  const { variants, truncated, skippedFor } = resourceVariants(resource, index);
  if (variants.length === 1 && variants[0].resource === resource && !truncated) return check(resource, index);
  if (variants.length === 0) return { status: 'not-applicable' };
  // Some deployments were left out: note which properties the rule reads, to tell whether they matter to it.
  const read = new Set<string>();
  const watched = (variant: TemplateResource): TemplateResource =>
    truncated ? { ...variant, properties: readTracked(variant, read) } : variant;
  // A finding under every variant does not depend on the choices: name only those all variants share.
  const shared = variants[0].assumptions.filter((a) => variants.every((v) => v.assumptions.includes(a)));
  const outcomes = variants.map((variant) => ({
    outcome: check(watched(variant.resource), index),
    when: whenText(variant.assumptions),
    whenJa: whenTextJa(variant.assumptions),
    abroad: variant.assumedRegion !== undefined && !JAPAN_REGIONS.includes(variant.assumedRegion),
  }));
  const describe = (list: typeof outcomes): { detail: string; detailJa?: string } => {
    // Same finding under several choices: name the first choices that lead to it.
    const byDetail = new Map<string, { ja: string; whens: string[]; whensJa: string[]; count: number }>();
    let localizedAny = false;
    for (const { outcome, when, whenJa } of list) {
      if (outcome.status !== 'non-compliant' && outcome.status !== 'unverifiable') continue;
      if (outcome.detailJa !== undefined) localizedAny = true;
      let entry = byDetail.get(outcome.detail);
      if (!entry) byDetail.set(outcome.detail, (entry = { ja: outcome.detailJa ?? outcome.detail, whens: [], whensJa: [], count: 0 }));
      entry.count++;
      if (when) entry.whens.push(when);
      if (whenJa) entry.whensJa.push(whenJa);
    }
    for (const entry of byDetail.values()) {
      if (entry.count === variants.length && variants.length > 1) {
        entry.whens = shared.length > 0 ? [whenText(shared)] : [];
        entry.whensJa = shared.length > 0 ? [whenTextJa(shared)] : [];
      }
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
    // A finding only where the template is deployed outside Japan (a region it is not run in was
    // assumed) is a warning naming that region: the region rules judge the deployment itself.
    const advisory = failing.every((o) => (o.outcome.status === 'non-compliant' && o.outcome.advisory) || o.abroad);
    return { status: 'non-compliant', ...describe(failing), ...(advisory ? { advisory: true } : {}) };
  }
  const open = outcomes.filter((o) => o.outcome.status === 'unverifiable');
  if (open.length > 0) return { status: 'unverifiable', ...describe(open) };
  const skipped = truncated ? (skippedFor?.(read) ?? ['its parameters']) : [];
  if (skipped.length > 0)
    return unverifiable(
      localized(
        `the values this rule reads depend on parameters (${skipped.join(', ')}) whose combinations are too many to check them all; only some were checked`,
        `このルールが読む値はパラメータ（${skipped.join('、')}）に依存し、その組み合わせが多すぎるため一部だけを検査しました`,
      ),
    );
  return outcomes.some((o) => o.outcome.status === 'compliant') ? { status: 'compliant' } : { status: 'not-applicable' };
}

/** The variant's properties, noting in `read` each top-level property a rule looks at (all of them when it lists them). */
function readTracked(variant: TemplateResource, read: Set<string>): Record<string, unknown> {
  const properties: Record<string, unknown> = variant.properties ?? {};
  return new Proxy(properties, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Object.keys(target)) read.add(key);
      return Reflect.ownKeys(target);
    },
  });
}
