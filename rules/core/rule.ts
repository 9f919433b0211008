import { RuleOutcome } from './outcome';
import { TemplateIndex, TemplateResource } from './template-index';

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

export type RuleCheck = ResourceRule | TemplateRule;

export function resourceRule(types: readonly string[], check: ResourceRule['check']): ResourceRule {
  return { kind: 'resource', types, check };
}

export function templateRule(check: TemplateRule['check']): TemplateRule {
  return { kind: 'template', check };
}
