import type { TemplateInput, TemplateLoadProblem, TemplateLoadWarning } from './input';
import { prepareTemplates } from './preprocess';
import { isRecord, Located, TemplateIndex } from './template-index';

/** How templates are loaded into a model. */
export interface TemplateModelOptions {
  /**
   * Region of templates whose input names none (`lgsec check --region`).
   * @default - such templates stay region-agnostic
   */
  readonly region?: string;
}

/**
 * One model of a check run: every template of one synth, or every template handed to
 * `lgsec check` or `lgsec report`, as CloudFormation would deploy it (SAM and language
 * extensions expanded, `Fn::GetStackOutput` linked), indexed once and linked together:
 * `Fn::ImportValue` resolves against the other templates' exports, and reverse references are
 * built once for the whole run. The rules, the report's inventory and the CLI all read the run
 * through this one model, so they see the same resources, zones, accounts and classifications.
 */
export class TemplateModel {
  /**
   * Loads templates as CloudFormation deploys them: expands SAM and `AWS::LanguageExtensions`,
   * links stack outputs, and leaves out (listing them in `loadErrors`) the templates that
   * CloudFormation would reject. The inputs are not changed.
   */
  static load(inputs: readonly TemplateInput[], options: TemplateModelOptions = {}): TemplateModel {
    const { templates, errors, warnings } = prepareTemplates(inputs);
    const region = options.region;
    const files = new Map(inputs.map((input) => [input.name, input.file]));
    const loadErrors = errors.map((error): TemplateLoadProblem => {
      const file = files.get(error.template);
      return { template: error.template, ...(file === undefined ? {} : { file }), message: error.problem };
    });
    const loadWarnings = warnings.map((warning): TemplateLoadWarning => {
      const file = files.get(warning.template);
      return { template: warning.template, ...(file === undefined ? {} : { file }), message: warning.message };
    });
    return new TemplateModel(
      region === undefined ? templates : templates.map((input) => (input.region === undefined ? { ...input, region } : input)),
      loadErrors,
      loadWarnings,
    );
  }

  /** The templates of the run, in input order. */
  readonly templates: readonly TemplateIndex[];
  private readonly exports = new Map<string, { index: TemplateIndex; value: unknown }>();
  private readonly byName = new Map<string, TemplateIndex>();
  private referrersBuilt = false;
  private readonly memo = new Map<string, unknown>();

  /**
   * Indexes templates that are already expanded (use {@link TemplateModel.load} for templates as
   * written).
   */
  constructor(
    inputs: readonly TemplateInput[],
    /** Templates that could not be loaded, so none of their resources are in the model. */
    readonly loadErrors: readonly TemplateLoadProblem[] = [],
    /** What was left unexpanded in templates that loaded (an include, a loop over a deploy-time list). */
    readonly loadWarnings: readonly TemplateLoadWarning[] = [],
  ) {
    this.templates = inputs.map((input, i) => new TemplateIndex(input, this, `${i}:${input.name}`));
    for (const index of this.templates) {
      if (!this.byName.has(index.name)) this.byName.set(index.name, index);
      const outputs = isRecord(index.template.Outputs) ? index.template.Outputs : {};
      for (const output of Object.values(outputs)) {
        if (!isRecord(output) || !isRecord(output.Export)) continue;
        const name = index.literalString(output.Export.Name);
        if (name !== undefined) this.exports.set(name, { index, value: output.Value });
      }
    }
  }

  private readonly unevaluated = new Map<string, TemplateLoadWarning>();

  /**
   * Records what the rules could not evaluate in full (too many parameter combinations), once
   * per template and resource: a run reports it as a warning of its own.
   */
  noteUnevaluated(index: TemplateIndex, logicalId: string, message: string): void {
    const key = `${index.name}\0${logicalId}`;
    if (this.unevaluated.has(key)) return;
    const file = index.input.file;
    this.unevaluated.set(key, { template: index.name, ...(file === undefined ? {} : { file }), message });
  }

  /** What was recorded by {@link noteUnevaluated}, in the order it was found. */
  get unevaluatedWarnings(): readonly TemplateLoadWarning[] {
    return [...this.unevaluated.values()];
  }

  /** The template of that name (the first, when names repeat). */
  template(name: string): TemplateIndex | undefined {
    return this.byName.get(name);
  }

  /** The value an export of the run stands for, with the template that exports it. */
  exportedValue(name: string): { index: TemplateIndex; value: unknown } | undefined {
    return this.exports.get(name);
  }

  /** Every resource of one type across the run. */
  ofType(type: string): Located[] {
    const out: Located[] = [];
    for (const index of this.templates) for (const resource of index.ofType(type)) out.push({ resource, index });
    return out;
  }

  /** A value computed once per run (reverse lookups shared by rules). */
  memoize<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  /** Builds, once, who refers to each resource: in the same template, and through imports. */
  ensureReferrers(): void {
    if (this.referrersBuilt) return;
    this.referrersBuilt = true;
    for (const index of this.templates) {
      for (const [from, targets] of index.collectReferences()) {
        const source = index.resources.get(from)!;
        for (const target of targets) {
          if (!index.resources.has(target)) continue;
          let list = index.referrers.get(target);
          if (!list) index.referrers.set(target, (list = []));
          list.push({ resource: source, index });
        }
      }
    }
    for (const index of this.templates) {
      for (const { from, name } of index.imports) {
        const exported = this.exports.get(name);
        if (!exported) continue;
        const ref = exported.index.follow(exported.value);
        if (ref.kind !== 'resource') continue;
        let list = ref.index.referrers.get(ref.resource.logicalId);
        if (!list) ref.index.referrers.set(ref.resource.logicalId, (list = []));
        list.push({ resource: from, index });
      }
    }
  }
}
