import type { TemplateInput } from '../../lib/template/input';
import { TemplateLoadError } from '../../lib/template/preprocess';
import { TemplateModel } from '../../lib/template/template-model';
import { toolPackage } from '../../lib/private/package-info';
import { CheckRun } from '../results';
import { ruleTable } from '../rule-table';
import { evaluateRules } from './evaluate';

export { TemplateLoadError } from '../../lib/template/preprocess';

export interface CheckOptions {
  /** Region for templates that do not say theirs (`lgsec check --region`). @default - region-agnostic (a warning) */
  readonly region?: string;
  /** Minimum log group retention in days. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Check the templates that load and list those that do not in the run's `loadErrors`,
   * instead of throwing for the first that does not.
   * @default false
   */
  readonly isolate?: boolean;
  /** Require the exceptions register's fields on every acknowledgment (`--require-exception-fields`). @default false */
  readonly requireExceptionFields?: boolean;
  /** The day exception expiries are judged on, `YYYY-MM-DD`. @default - today (UTC) */
  readonly checkDate?: string;
}

/**
 * The engine of `lgsec check`: loads the templates into one model as CloudFormation would deploy
 * them (SAM, language extensions, stack outputs) and applies the same rules, with the same
 * engine, as the pack at synthesis. Nothing touches the network.
 *
 * @throws TemplateLoadError for the first template that cannot be loaded, unless `isolate`
 */
export function checkTemplates(inputs: readonly TemplateInput[], options: CheckOptions = {}): CheckRun {
  const model = TemplateModel.load(inputs, { region: options.region });
  const first = model.loadErrors[0];
  if (first && !options.isolate) throw new TemplateLoadError(first.template, first.message);
  return checkModel(model, options);
}

/** Applies the rule table to a loaded model (the templates `lgsec report` also builds its inventory from). */
export function checkModel(
  model: TemplateModel,
  options: Pick<CheckOptions, 'logRetentionDays' | 'requireExceptionFields' | 'checkDate'> = {},
): CheckRun {
  const { run } = evaluateRules(model, ruleTable({ logRetentionDays: options.logRetentionDays }), {
    version: toolPackage().version,
    exceptions: {
      requireFields: options.requireExceptionFields ?? false,
      ...(options.checkDate === undefined ? {} : { today: options.checkDate }),
    },
  });
  // What was left unexpanded at load, then what the rules could not evaluate in full.
  const loadWarnings = [...model.loadWarnings, ...model.unevaluatedWarnings];
  return loadWarnings.length > 0 ? { ...run, loadWarnings } : run;
}
