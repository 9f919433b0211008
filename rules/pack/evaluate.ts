import { Acknowledgment, metadataAcknowledgments, reasonProblem, refusal } from '../../lib/template/acknowledgments';
import { exceptionProblem } from '../../lib/private/exception-fields';
import { isRecord, TemplateIndex, TemplateResource } from '../../lib/template/template-index';
import type { TemplateModel } from '../../lib/template/template-model';
import { LocalizedDetail, RuleOutcome } from '../outcome';
import { CheckedTemplate, CheckRun, RuleLevel, RuleResultRecord } from '../results';
import { RuleDefinition, ruleInfo } from '../rule-table';

/** Where code acknowledgments are looked for, from a resource's construct (or a template's stack). */
export type AcknowledgmentScope = 'all' | 'below-stack' | 'stack-and-above';

/** Acknowledgments made in code that are not written into the template. */
export interface CodeAcknowledgments {
  /** Those that count (their reasons are still judged). */
  readonly honoured: readonly Acknowledgment[];
  /**
   * Those made where `lgsec check` cannot see them (above the stacks, when the pack cannot write
   * them into the templates): they do not count, and the finding they were meant for stays shown.
   */
  readonly unseen: readonly Acknowledgment[];
}

/**
 * The constructs behind the templates, on the synth path: acknowledgments made in code with
 * `Validations.of(c).acknowledge`, and construct paths. `lgsec check` has none: there, every
 * acknowledgment is written in the templates.
 */
export interface ConstructTree {
  /** The construct path of a resource, or of the template's stack without one; undefined when there is no construct. */
  constructPath(index: TemplateIndex, resource?: TemplateResource): string | undefined;
  /**
   * Code acknowledgments on a resource's construct (or, without one, on the template's stack)
   * and its ancestors, within `scope`, leaving out those written in the template already
   * (`written`: same rule, place and reason).
   */
  acknowledgments(
    index: TemplateIndex,
    resource: TemplateResource | undefined,
    written: readonly Acknowledgment[],
    scope: AcknowledgmentScope,
  ): CodeAcknowledgments;
}

export interface EvaluateOptions {
  /** Warnings fail too. @default false */
  readonly strict?: boolean;
  /** The constructs behind the templates (synth). @default - none: acknowledgments are read from the templates only */
  readonly constructs?: ConstructTree;
  /** The pack's version, recorded in the run. */
  readonly version: string;
  /** The exceptions register's policy: fields required, and the day expiries are judged on. @default - optional fields, today (UTC) */
  readonly exceptions?: ExceptionPolicy;
}

/** How acknowledgments' exception fields are judged. */
export interface ExceptionPolicy {
  /** Approver, approval date, expiry and reference must be given. @default false */
  readonly requireFields?: boolean;
  /** The check date, `YYYY-MM-DD`: an exception whose expiry is before it no longer counts. @default - today (UTC) */
  readonly today?: string;
}

/** A result that fails the check (or would, but for a refused acknowledgment), with what a violation needs. */
export interface Finding {
  readonly result: RuleResultRecord & { readonly status: 'non-compliant'; readonly message: string };
  readonly rule?: RuleDefinition;
  /** An acknowledgment was made for it but refused (placeholder reason, or not visible to `lgsec check`). */
  readonly acknowledgmentRefused: boolean;
}

/** What one evaluation found. */
export interface Evaluation {
  readonly run: CheckRun;
  /** Non-compliant results, in the order found. */
  readonly findings: readonly Finding[];
  /** True when an error-level finding (or, in strict mode, any finding) remains. */
  readonly failed: boolean;
  /** Code acknowledgments that could not be honoured because `lgsec check` cannot see them. */
  readonly unseenAcknowledgments: readonly Acknowledgment[];
}

/**
 * The engine of the pack: applies every rule of the table to every template and resource of the
 * model, records every result (compliant and not-applicable too), and applies acknowledgments
 * (written in the templates, or made in code on the synth path), whose reasons must say why.
 * Synthesis and `lgsec check` both run it, so they list the same findings.
 *
 * Per template: the template rules, then the acknowledgments made on the template; per resource
 * (in template order): the rules for its type, then those for every type, then the
 * acknowledgment rules, which see the acknowledgments the others refused.
 */
export function evaluateRules(model: TemplateModel, rules: readonly RuleDefinition[], options: EvaluateOptions): Evaluation {
  return new Evaluator(model, rules, options).run();
}

class Evaluator {
  private readonly results: RuleResultRecord[] = [];
  private readonly findings: Finding[] = [];
  private readonly unseen: Acknowledgment[] = [];
  private readonly ruleIds: readonly string[];
  private readonly byType = new Map<string, readonly RuleDefinition[]>();
  private failed = false;
  private readonly exceptionPolicy: { readonly today: string; readonly required: boolean };

  constructor(
    private readonly model: TemplateModel,
    private readonly rules: readonly RuleDefinition[],
    private readonly options: EvaluateOptions,
  ) {
    this.ruleIds = rules.map((rule) => rule.id);
    this.exceptionPolicy = {
      today: options.exceptions?.today ?? new Date().toISOString().slice(0, 10),
      required: options.exceptions?.requireFields ?? false,
    };
  }

  /** Why an acknowledgment does not count: its reason, then its exception fields (expired, missing when required). */
  private acknowledgmentProblem(ack: Acknowledgment): LocalizedDetail | undefined {
    return reasonProblem(ack.reason) ?? exceptionProblem(ack.fields, this.exceptionPolicy);
  }

  run(): Evaluation {
    const checked: CheckedTemplate[] = [];
    for (const index of this.model.templates) {
      checked.push({
        name: index.name,
        file: index.input.file,
        region: index.region,
        account: index.account,
        resources: index.resources.size,
      });
      this.checkTemplate(index);
      for (const resource of index.resources.values()) this.checkResource(index, resource);
    }
    const loadErrors = this.model.loadErrors;
    return {
      run: {
        tool: { name: 'lgsec', version: this.options.version },
        rules: this.rules.map(ruleInfo),
        templates: checked,
        results: this.results,
        ...(loadErrors.length > 0 ? { loadErrors } : {}),
      },
      findings: this.findings,
      failed: this.failed,
      unseenAcknowledgments: this.unseen,
    };
  }

  private checkTemplate(index: TemplateIndex): void {
    const written = this.templateAcknowledgments(index);
    for (const rule of this.rules) {
      if (rule.check.kind !== 'template') continue;
      const check = rule.check.check;
      const outcome = guarded(() => check(index), 'template');
      this.record(rule, outcome, index, undefined, written, []);
    }
    for (const rule of this.rules) {
      if (rule.check.kind !== 'acknowledgment' || !rule.check.checkTemplate) continue;
      const acknowledgments = [...written, ...this.code(index, undefined, written, 'stack-and-above').honoured];
      if (acknowledgments.length === 0) continue;
      const outcome = rule.check.checkTemplate({ index, acknowledgments, ruleIds: this.ruleIds });
      if (outcome.status !== 'not-applicable') this.record(rule, outcome, index, undefined, [], []);
    }
  }

  private checkResource(index: TemplateIndex, resource: TemplateResource): void {
    const templateAcks = this.templateAcknowledgments(index);
    const written = [...metadataAcknowledgments(resource.metadata, `${index.name}#${resource.logicalId}`).acknowledgments, ...templateAcks];
    const refused: LocalizedDetail[] = [];
    for (const rule of this.rulesFor(resource.type)) {
      const check = rule.check;
      let outcome: RuleOutcome;
      if (check.kind === 'resource') {
        outcome = guarded(() => check.check(resource, index), 'resource');
      } else if (check.kind === 'acknowledgment') {
        const onResource = metadataAcknowledgments(resource.metadata, resource.logicalId).acknowledgments;
        const unwrittenBelowStack = this.code(index, resource, [...onResource, ...templateAcks], 'below-stack').honoured;
        outcome = guarded(() => check.checkResource({ resource, index, unwrittenBelowStack, refused, ruleIds: this.ruleIds }), 'resource');
      } else {
        continue;
      }
      this.record(rule, outcome, index, resource, written, refused);
    }
  }

  /** The rules for a resource type: its own, those for every type, the acknowledgment rules last. */
  private rulesFor(type: string): readonly RuleDefinition[] {
    let rules = this.byType.get(type);
    if (!rules) {
      const forType = this.rules.filter(
        (rule) => rule.check.kind === 'resource' && !rule.check.types.includes('*') && rule.check.types.includes(type),
      );
      const forAny = this.rules.filter((rule) => rule.check.kind === 'resource' && rule.check.types.includes('*'));
      const acknowledgment = this.rules.filter((rule) => rule.check.kind === 'acknowledgment');
      rules = [...forType, ...forAny, ...acknowledgment];
      this.byType.set(type, rules);
    }
    return rules;
  }

  private templateAcknowledgments(index: TemplateIndex): readonly Acknowledgment[] {
    return this.model.memoize(
      `template-acknowledgments:${index.key}`,
      () => metadataAcknowledgments(index.metadata, `${index.name}#Metadata`).acknowledgments,
    );
  }

  private code(
    index: TemplateIndex,
    resource: TemplateResource | undefined,
    written: readonly Acknowledgment[],
    scope: AcknowledgmentScope,
  ): CodeAcknowledgments {
    const found = this.options.constructs?.acknowledgments(index, resource, written, scope) ?? { honoured: [], unseen: [] };
    for (const ack of found.unseen) {
      if (!this.unseen.some((u) => u.ruleId === ack.ruleId && u.madeAt === ack.madeAt)) this.unseen.push(ack);
    }
    return found;
  }

  /**
   * Records a result. A failing one is acknowledged by the first acknowledgment of its rule with
   * a real reason: written in the template, else made in code; refused ones are noted in
   * `refused` for the resource's acknowledgment rules, and keep the finding shown.
   */
  private record(
    rule: RuleDefinition,
    outcome: RuleOutcome,
    index: TemplateIndex,
    resource: TemplateResource | undefined,
    written: readonly Acknowledgment[],
    refused: LocalizedDetail[],
  ): void {
    const constructPath = this.options.constructs?.constructPath(index, resource) ?? cdkPathOf(resource);
    const base = {
      ruleId: rule.id,
      clauses: rule.clauses,
      template: index.name,
      logicalId: resource?.logicalId ?? '',
      resourceType: resource?.type ?? 'AWS::CloudFormation::Stack',
      ...(constructPath === undefined ? {} : { constructPath }),
    };
    if (outcome.status === 'compliant' || outcome.status === 'not-applicable') {
      this.results.push({ ...base, level: rule.level, status: outcome.status });
      return;
    }
    const level: RuleLevel = outcome.status === 'unverifiable' || outcome.advisory ? 'warning' : rule.level;
    const message =
      outcome.status === 'unverifiable' ? `${rule.cause} Cannot verify: ${outcome.detail}.` : `${rule.cause} ${outcome.detail}.`;
    const detailJa = outcome.detailJa ?? outcome.detail;
    const messageJa = outcome.status === 'unverifiable' ? `${rule.ja.cause}検証できない値：${detailJa}。` : `${rule.ja.cause}${detailJa}。`;
    const forRule = written.filter((ack) => ack.ruleId === rule.id);
    let ack = forRule.find((candidate) => !this.acknowledgmentProblem(candidate));
    let acknowledgmentRefused = false;
    if (!ack) {
      // A written reason that is not a reason is the acknowledgment-reason rule's own finding; the fields are reported here.
      for (const candidate of forRule) {
        const problem =
          reasonProblem(candidate.reason) === undefined ? exceptionProblem(candidate.fields, this.exceptionPolicy) : undefined;
        if (problem) refused.push(refusal(rule.id, candidate.madeAt, problem));
      }
      const code = this.code(index, resource, forRule, 'all');
      acknowledgmentRefused = forRule.length > 0 || code.unseen.some((unseen) => unseen.ruleId === rule.id);
      for (const candidate of code.honoured) {
        if (candidate.ruleId !== rule.id) continue;
        const problem = this.acknowledgmentProblem(candidate);
        if (!problem) {
          ack = candidate;
          break;
        }
        acknowledgmentRefused = true;
        refused.push(refusal(rule.id, candidate.madeAt, problem));
      }
    }
    if (ack) {
      this.results.push({
        ...base,
        level,
        status: 'acknowledged',
        message,
        messageJa,
        acknowledgment: { reason: ack.reason, madeAt: ack.madeAt, ...ack.fields },
      });
      return;
    }
    const result = { ...base, level, status: 'non-compliant' as const, message, messageJa };
    this.results.push(result);
    this.findings.push({ result, rule, acknowledgmentRefused });
    if (level === 'error' || this.options.strict) this.failed = true;
  }
}

/** A rule that throws cannot decide: the resource is reported as unverifiable, and the others are still checked. */
function guarded(check: () => RuleOutcome, what: 'resource' | 'template'): RuleOutcome {
  try {
    return check();
  } catch (error) {
    const message = (error as Error).message;
    return {
      status: 'unverifiable',
      detail: `the rule could not evaluate the ${what}: ${message}`,
      detailJa: `規則が${what === 'resource' ? 'リソース' : 'テンプレート'}を評価できなかった：${message}`,
    };
  }
}

/** The construct path CDK records on a synthesized resource. */
function cdkPathOf(resource: TemplateResource | undefined): string | undefined {
  const cdkPath = isRecord(resource?.metadata) ? resource.metadata['aws:cdk:path'] : undefined;
  return typeof cdkPath === 'string' && cdkPath !== '' ? cdkPath : undefined;
}
