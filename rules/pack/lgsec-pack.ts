import * as path from 'path';
import {
  Aspects,
  CfnResource,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
  Stage,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { Acknowledgment, PACK_NAME, unqualifiedRuleId } from '../../lib/template/acknowledgments';
import type { TemplateInput } from '../../lib/template/input';
import { isRecord, TemplateIndex, TemplateResource } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';
import { toolPackage } from '../../lib/private/package-info';
import { codeExceptionFields } from '../../lib/private/exception-fields';
import { CheckRun } from '../results';
import { RuleDefinition, ruleTable } from '../rule-table';
import { WriteAcknowledgmentsToTemplates } from './acknowledgment-writer';
import { AcknowledgmentScope, CodeAcknowledgments, ConstructTree, Evaluation, evaluateRules, ExceptionPolicy, Finding } from './evaluate';
import { ICheckReporter, ResultsFileReporter } from './reporter';
import { synthesizedTemplate } from './synthesized-template';

export interface LgsecPackProps extends NagPackProps {
  /**
   * Minimum retention of CloudWatch log groups, in days (control 38).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Fail synthesis on warnings too (region-agnostic stacks, values that cannot be verified).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Receives every run at synthesis (every rule result, compliant and not-applicable too) with
   * the templates it checked and the cloud assembly folder.
   * @default - writes `lgsec-results.json` into the cloud assembly
   */
  readonly reporter?: ICheckReporter;
  /**
   * Write acknowledgments made with `Validations.of(c).acknowledge` into the synthesized
   * templates (`Metadata.lgsec.acknowledgments`, with the construct path they were made at), so
   * that `lgsec check cdk.out` in CI honours them exactly as synthesis did. Needs the `scope`
   * constructor argument (the app).
   * @default true
   */
  readonly writeAcknowledgmentsToTemplates?: boolean;
  /**
   * Require every acknowledgment to carry the exceptions register's fields (approver, approval
   * date, expiry, reference; see `acknowledgeException`): one without them does not count and is
   * a finding of LGSEC-ACKNOWLEDGMENT-REASON. Design decisions of lgsec's own constructs are exempt.
   * @default false
   */
  readonly requireExceptionFields?: boolean;
  /**
   * The day exception expiries are judged on (an exception expiring before it no longer counts).
   * @default - today (UTC)
   */
  readonly checkDate?: Date;
}

/**
 * The lgsec policy rule pack as a cdk-nag 3 plugin: Shiojiri City's information security policy
 * (three-layer separation) as rules over the synthesized templates. It reports to the
 * {@link ICheckReporter} it is given; `LgsecChecks` (the package's main entry) is this pack with
 * the auditor report as its reporter.
 *
 * cdk-nag's base class walks the construct tree and hands every `CfnResource` to
 * `checkResource`; the pack keeps those to find the constructs behind the templates. The rules
 * themselves run over the synthesized templates (read once into a {@link TemplateModel}) with
 * the same engine as `lgsec check`, so that synthesis and `lgsec check cdk.out` list the same
 * findings: a resource no construct made (an included template, a transform) is checked too.
 * cdk-nag's `applyRule` is not used: it records only violations, while the auditor report needs
 * every result, and it honours any acknowledgment, while the policy refuses one without a reason.
 *
 * Error-level findings fail synthesis; warnings are shown and do not (unless `strict`).
 */
export class LgsecPack extends NagPack {
  readonly name = PACK_NAME;
  override readonly version = toolPackage().version;
  override readonly ruleIds: string[];
  /** The rules of this pack instance, in catalogue order. */
  readonly rules: readonly RuleDefinition[];
  /** The run recorded by the last check. */
  lastRun?: CheckRun;

  private readonly strict: boolean;
  private readonly exceptions: ExceptionPolicy;
  private readonly reporter: ICheckReporter;
  /** Whether acknowledgments made in code are written into the templates (the app was given). */
  private readonly writesAcknowledgments: boolean;
  /** The constructs cdk-nag's walk hands to `checkResource`, during one check. */
  private walked?: CfnResource[];

  constructor(scope?: IConstruct, props: LgsecPackProps = {}) {
    super(scope, props);
    this.packName = PACK_NAME;
    const days = props.logRetentionDays;
    if (days !== undefined && !Token.isUnresolved(days) && (!Number.isInteger(days) || days < 1)) {
      throw new Error(
        `Invalid ${this.constructor.name} props:\n  - logRetentionDays must be a whole number of days of at least 1, got ${days}`,
      );
    }
    this.strict = props.strict ?? false;
    this.exceptions = {
      requireFields: props.requireExceptionFields ?? false,
      ...(props.checkDate === undefined ? {} : { today: props.checkDate.toISOString().slice(0, 10) }),
    };
    this.reporter = props.reporter ?? new ResultsFileReporter();
    this.writesAcknowledgments = scope !== undefined && (props.writeAcknowledgmentsToTemplates ?? true);
    if (this.writesAcknowledgments) Aspects.of(scope!).add(new WriteAcknowledgmentsToTemplates());
    this.rules = ruleTable({ logRetentionDays: days });
    this.ruleIds = this.rules.map((rule) => rule.qualifiedId);
  }

  /**
   * Not an aspect: cdk-nag 3 packs are policy validation plugins. Present so that the cdk-nag 2
   * habit `Aspects.of(app).add(new LgsecChecks(app))` fails at synthesis with the fix, rather than
   * with a type error about `visit` or no check at all.
   */
  visit(_node: IConstruct): void {
    const name = this.constructor.name;
    throw new Error(
      `${name} is a policy validation plugin (cdk-nag 3), not an aspect: replace Aspects.of(app).add(new ${name}(app)) ` +
        `with Validations.of(app).addPlugins(new ${name}(app))`,
    );
  }

  /**
   * Entry point of CDK's policy validation: checks the app's templates as synthesis has just
   * written them, and hands the run to the reporter.
   */
  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The base class refuses, with its own message, a context without the construct tree.
    if (!context.appConstruct) return super.validate(context);
    const root = context.appConstruct;
    const { report, evaluation, model } = this.check(root, { acknowledgmentsAboveStacks: this.writesAcknowledgments });
    warnUnseenAcknowledgments(this.constructor.name, evaluation.unseenAcknowledgments);
    const assemblyDir = Stage.isStage(root) ? root.outdir : path.dirname(context.templatePaths[0] ?? '.');
    this.reporter.report(evaluation.run, { model, assemblyDir });
    return report;
  }

  /**
   * Checks a construct tree directly (tests; CDK versions without `appConstruct` on the
   * validation context). Call it after `app.synth()`: tags added with `Tags.of(...)` are applied
   * by an aspect during synthesis, and zones and classifications travel as tags. Nothing is
   * reported; the run is in `lastRun`.
   */
  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return this.check(scope, { acknowledgmentsAboveStacks: true }).report;
  }

  /** cdk-nag's walk hands every `CfnResource` here; the pack keeps it for acknowledgments and construct paths. */
  protected checkResource(node: CfnResource): void {
    this.walked?.push(node);
  }

  private check(
    scope: IConstruct,
    options: { acknowledgmentsAboveStacks: boolean },
  ): {
    report: PolicyValidationPluginReport;
    evaluation: Evaluation;
    model: TemplateModel;
  } {
    const stacks = stacksUnder(scope);
    const model = TemplateModel.load(stacks.map(templateInputOf));
    this.walked = [];
    let nodes: CfnResource[];
    try {
      super.validateScope(scope);
      nodes = this.walked;
    } finally {
      this.walked = undefined;
    }
    const constructs = new SynthesizedConstructs(model, stacks, nodes, options.acknowledgmentsAboveStacks);
    const evaluated = evaluateRules(model, this.rules, {
      strict: this.strict,
      constructs,
      version: this.version,
      exceptions: this.exceptions,
    });
    // What was read on an assumption or not evaluated in full (too many parameter combinations),
    // as `lgsec check` lists it: in the run, and as warnings beside the findings.
    const loadWarnings = [...model.loadWarnings, ...model.unevaluatedWarnings];
    const evaluation = loadWarnings.length > 0 ? { ...evaluated, run: { ...evaluated.run, loadWarnings } } : evaluated;
    this.lastRun = evaluation.run;
    const violations = evaluation.findings.map(toViolation);
    for (const problem of model.loadErrors) violations.push(loadViolation(problem.template, problem.message, stacks));
    for (const warning of loadWarnings) violations.push(notEvaluatedViolation(warning.template, warning.message, stacks));
    return {
      report: { success: !evaluation.failed && model.loadErrors.length === 0, violations },
      evaluation,
      model,
    };
  }
}

/** Every stack at or below a construct (nested stacks too), in tree order. */
function stacksUnder(scope: IConstruct): Stack[] {
  const stacks: Stack[] = [];
  const visit = (node: IConstruct): void => {
    if (Stack.isStack(node)) stacks.push(node);
    for (const child of node.node.children) visit(child);
  };
  visit(scope);
  return stacks;
}

/** The stack's template file relative to the app's cloud assembly (a stage's stacks are in its nested assembly). */
function assemblyPathOf(stack: Stack): string {
  const stage = Stage.of(stack);
  const root = stack.node.root;
  if (!stage || !Stage.isStage(root) || stage === root) return stack.templateFile;
  return path.relative(root.outdir, path.join(stage.outdir, stack.templateFile)).split(path.sep).join('/');
}

/** Nested stacks are named by construct path (their artifact id is not unique), others by artifact id. */
function templateNameOf(stack: Stack): string {
  return stack.nested ? stack.node.path : stack.artifactId;
}

function templateInputOf(stack: Stack): TemplateInput {
  return {
    name: templateNameOf(stack),
    template: synthesizedTemplate(stack),
    file: assemblyPathOf(stack),
    ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }),
    ...(Token.isUnresolved(stack.account) ? {} : { account: stack.account }),
  };
}

/**
 * The constructs behind the model's templates: each resource's `CfnResource` (found by its
 * `aws:cdk:path`, or by logical id where path metadata is off), each template's stack, and the
 * acknowledgments made on them and their ancestors.
 */
class SynthesizedConstructs implements ConstructTree {
  private readonly stackOf = new Map<TemplateIndex, Stack>();
  private readonly byPath = new Map<string, CfnResource>();
  private readonly byLogicalId = new Map<Stack, Map<string, CfnResource>>();
  private readonly nodesOf = new Map<Stack, CfnResource[]>();
  private readonly own = new Map<IConstruct, Acknowledgment[]>();

  constructor(
    model: TemplateModel,
    stacks: readonly Stack[],
    nodes: readonly CfnResource[],
    private readonly aboveStacks: boolean,
  ) {
    model.templates.forEach((index) => {
      const stack = stacks.find((candidate) => templateNameOf(candidate) === index.name);
      if (stack) this.stackOf.set(index, stack);
    });
    for (const node of nodes) {
      this.byPath.set(node.node.path, node);
      const stack = Stack.of(node);
      let list = this.nodesOf.get(stack);
      if (!list) this.nodesOf.set(stack, (list = []));
      list.push(node);
    }
  }

  constructPath(index: TemplateIndex, resource?: TemplateResource): string | undefined {
    const node = resource ? this.nodeOf(index, resource) : this.stackOf.get(index);
    return node?.node.path;
  }

  /**
   * Code acknowledgments on the construct and its ancestors that are not already written into
   * the template (validateScope, or writing turned off). Without the app, those made above the
   * outermost stack reach neither the templates nor the assembly's stack metadata, so
   * `lgsec check cdk.out` cannot see them: synthesis then does not honour them either.
   */
  acknowledgments(
    index: TemplateIndex,
    resource: TemplateResource | undefined,
    written: readonly Acknowledgment[],
    where: AcknowledgmentScope,
  ): CodeAcknowledgments {
    const node: IConstruct | undefined = resource ? this.nodeOf(index, resource) : this.stackOf.get(index);
    if (!node) return { honoured: [], unseen: [] };
    const scopes: IConstruct[] = [];
    for (let scope: IConstruct | undefined = node; scope; scope = scope.node.scope) scopes.push(scope);
    const outermostStack = scopes.reduce((found, scope, i) => (Stack.isStack(scope) ? i : found), scopes.length - 1);
    const honoured: Acknowledgment[] = [];
    const unseen: Acknowledgment[] = [];
    scopes.forEach((scope, i) => {
      if ((where === 'below-stack' && i >= outermostStack) || (where === 'stack-and-above' && i < outermostStack)) return;
      for (const ack of this.acknowledgmentsOn(scope)) {
        if (written.some((w) => w.ruleId === ack.ruleId && w.madeAt === ack.madeAt && w.reason === ack.reason)) continue;
        if (i > outermostStack && !this.aboveStacks) unseen.push(ack);
        else honoured.push(ack);
      }
    });
    return { honoured, unseen };
  }

  private nodeOf(index: TemplateIndex, resource: TemplateResource): CfnResource | undefined {
    const cdkPath = isRecord(resource.metadata) ? resource.metadata['aws:cdk:path'] : undefined;
    const byMetadata = typeof cdkPath === 'string' ? this.byPath.get(cdkPath) : undefined;
    if (byMetadata) return byMetadata;
    const stack = this.stackOf.get(index);
    if (!stack) return undefined;
    let byId = this.byLogicalId.get(stack);
    if (!byId) {
      // Only templates without path metadata get here: resolve each logical id once.
      byId = new Map((this.nodesOf.get(stack) ?? []).map((node) => [stack.resolve(node.logicalId) as string, node]));
      this.byLogicalId.set(stack, byId);
    }
    return byId.get(resource.logicalId);
  }

  private acknowledgmentsOn(scope: IConstruct): Acknowledgment[] {
    let acks = this.own.get(scope);
    if (acks) return acks;
    acks = [];
    const fields = codeExceptionFields(scope);
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isRecord(entry.data)) continue;
      for (const [id, reason] of Object.entries(entry.data)) {
        const ruleId = unqualifiedRuleId(id);
        const own = fields.get(ruleId);
        if (ruleId.startsWith(`${PACK_NAME}-`))
          acks.push({ ruleId, reason: reason as string, madeAt: scope.node.path || '/', ...(own === undefined ? {} : { fields: own }) });
      }
    }
    this.own.set(scope, acks);
    return acks;
  }
}

/** A finding as CDK's validation report shows it: clauses first, with the fix and the rule's metadata. */
function toViolation({ result, rule, acknowledgmentRefused }: Finding): PolicyViolation {
  const { clauses, message, level, logicalId } = result;
  const constructPath = result.constructPath;
  return {
    ruleName: result.ruleId,
    // The console shows the description and the plugin name only: the clauses go in front.
    description: clauses.length > 0 ? `[${clauses.join(', ')}] ${message}` : message,
    fix: rule?.fix,
    severity: level,
    ruleMetadata: {
      clauses: clauses.join(', '),
      controls: (rule?.controls ?? []).join(', '),
      area: rule?.area ?? '',
      explanation: rule?.explanation ?? '',
      // CDK hides any violation acknowledged with `Validations.of(c).acknowledge`, whatever the
      // reason; one whose reason the pack refused must stay visible, as it is in `lgsec check`.
      // CDK leaves error-level violations marked as annotations unsuppressed.
      ...(acknowledgmentRefused && level === 'error' ? { 'cdk:annotation': 'true' } : {}),
    },
    violatingResources: [
      logicalId
        ? { ...(constructPath === undefined ? {} : { constructPath }), resourceLogicalId: logicalId, locations: ['Properties'] }
        : { ...(constructPath === undefined ? {} : { constructPath }), locations: ['Resources'] },
    ],
  };
}

/** A template synthesis wrote that the engine cannot read (never expected of CDK's own output). */
function loadViolation(template: string, message: string, stacks: readonly Stack[]): PolicyViolation {
  const stack = stacks.find((candidate) => templateNameOf(candidate) === template);
  return {
    ruleName: `${PACK_NAME}-TEMPLATE-NOT-LOADED`,
    description: `The template ${template} could not be checked: ${message}.`,
    fix: 'Fix what the message names; a template CloudFormation would reject cannot be deployed either.',
    severity: 'error',
    violatingResources: [{ ...(stack ? { constructPath: stack.node.path } : {}), locations: ['Resources'] }],
  };
}

/** Something synthesis wrote that the engine read on an assumption or did not evaluate in full: a warning, never silent. */
function notEvaluatedViolation(template: string, message: string, stacks: readonly Stack[]): PolicyViolation {
  const stack = stacks.find((candidate) => templateNameOf(candidate) === template);
  const logicalId = /^Resources\.([A-Za-z0-9]+)[.:]/.exec(message)?.[1];
  return {
    ruleName: `${PACK_NAME}-NOT-EVALUATED`,
    description: `The template ${template} was not checked in full: ${message}.`,
    fix: 'Read what the message names; give fewer parameter values, or check the template with the parameters it is deployed with.',
    severity: 'warning',
    violatingResources: [
      {
        ...(stack ? { constructPath: stack.node.path } : {}),
        ...(logicalId ? { resourceLogicalId: logicalId } : {}),
        locations: [logicalId ? 'Properties' : 'Resources'],
      },
    ],
  };
}

/** Said once per synthesis, on stderr beside CDK's report: not a finding, since `lgsec check` cannot see these. */
function warnUnseenAcknowledgments(pack: string, acks: readonly Acknowledgment[]): void {
  if (acks.length === 0) return;
  const list = acks.map((ack) => `${ack.ruleId} at ${ack.madeAt}`).join(', ');
  process.stderr.write(
    `[lgsec] ${pack} was created without the app, so acknowledgments made on the app or a stage (${list}) ` +
      'are not written into the templates: lgsec check cdk.out cannot see them, and so synthesis does not honour them either. ' +
      'Create the pack with the app: Validations.of(app).addPlugins(new LgsecChecks(app)).\n',
  );
}
