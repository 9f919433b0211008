import * as fs from 'fs';
import * as path from 'path';
import {
  Aspects, CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation, Stack, Stage, Token, Validations,
} from 'aws-cdk-lib';
// cdk-nag's index loads all of its own packs (some 270 modules, a fifth of a second); the pack
// needs only the base class and the result enums.
import { IApplyRule, NagPack, NagPackProps } from 'cdk-nag/lib/nag-pack';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag/lib/nag-rules';
import { IConstruct } from 'constructs';
import { unknownRuleOutcome } from '../acknowledgment/acknowledgment-unknown-rule';
import { WriteAcknowledgmentsToTemplates } from './acknowledgment-writer';
import { Acknowledgment, metadataAcknowledgments, PACK_NAME, reasonProblem, unqualifiedRuleId } from '../../lib/template/acknowledgments';
import { RuleOutcome } from '../outcome';
import { isRecord, RunIndex, TemplateIndex, TemplateResource } from '../../lib/template/template-index';
import { toolPackage } from '../../lib/private/package-info';
import { CheckedTemplate, CheckRun, RuleLevel, RuleResultRecord, RuleStatus } from '../results';
import { RuleDefinition, ruleInfo, ruleTable } from '../rule-table';
import { writeSynthReports } from '../../lib/report';

/** File the default `onComplete` writes into the cloud assembly. */
export const RESULTS_FILE = 'lgsec-results.json';

const ACK_RULE_ID = 'LGSEC-ACKNOWLEDGMENT-REASON';
const UNKNOWN_ACK_RULE_ID = 'LGSEC-ACKNOWLEDGMENT-UNKNOWN-RULE';
/** Rules that judge the acknowledgments met by the other rules: applied last. */
const ACK_RULES = new Set([ACK_RULE_ID, UNKNOWN_ACK_RULE_ID]);

export interface LgsecChecksProps extends NagPackProps {
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
   * Called after every check with the complete run (every rule result, compliant and
   * not-applicable too) and the cloud assembly directory.
   * @default - writes `lgsec-results.json` and the auditor report (`lgsec-report.html`, `.md`,
   * `.json`) into the assembly directory
   */
  readonly onComplete?: (run: CheckRun, assemblyDir: string) => void;
  /**
   * Language of the auditor report written at every synth (when `onComplete` is not replaced).
   * @default - the `lgsec:reportLanguage` context value, else 'ja'
   */
  readonly reportLanguage?: 'ja' | 'en';
  /**
   * Write acknowledgments made with `Validations.of(c).acknowledge` into the synthesized
   * templates (`Metadata.lgsec.acknowledgments`, with the construct path they were made at), so
   * that `lgsec check cdk.out` in CI honours them exactly as synthesis did. Needs the `scope`
   * constructor argument (the app).
   * @default true
   */
  readonly writeAcknowledgmentsToTemplates?: boolean;
}

/** One template to check: the stack it belongs to and its resolved CloudFormation. */
export interface StackTemplate {
  readonly stack: Stack;
  readonly name: string;
  readonly template: Record<string, unknown>;
  readonly file?: string;
  readonly region?: string;
  readonly account?: string;
}

/** What the pack is looking at while cdk-nag's machinery calls back into it. */
interface Current {
  readonly index: TemplateIndex;
  readonly resource: TemplateResource;
  readonly stack: StackTemplate;
  readonly templateAcks: readonly Acknowledgment[];
  readonly badAcks: string[];
  /** Acknowledgments made in code on the resource's constructs and not written into the template. */
  readonly codeAcks: Acknowledgment[];
  outcome?: RuleOutcome;
}

/**
 * The lgsec policy rule pack (cdk-nag 3.x): Shiojiri City's information security policy
 * (three-layer separation) as rules over the synthesized templates.
 *
 * ```ts
 * Validations.of(app).addPlugins(new LgsecChecks(app));
 * ```
 *
 * Error-level findings fail synthesis; warnings are shown and do not (unless `strict`).
 * Acknowledge a finding with `Validations.of(construct).acknowledge({ id: 'LGSEC::<rule id>', reason })`
 * or, in a plain template, `Metadata.lgsec.acknowledgments`; the reason must say why (auditors
 * read it), or the acknowledgment does not count and is a finding of its own. Acknowledgments
 * made in code are written into the templates, so `lgsec check cdk.out` agrees with synthesis.
 * Every rule result, compliant and not-applicable too, is recorded in a {@link CheckRun}
 * handed to `onComplete`.
 */
export class LgsecChecks extends NagPack {
  readonly name = PACK_NAME;
  override readonly version = toolPackage().version;
  override readonly ruleIds: string[];
  /** The rules of this pack instance, in catalogue order. */
  readonly rules: readonly RuleDefinition[];
  /** The run recorded by the last check. */
  lastRun?: CheckRun;
  /** The templates of the last check, as read or resolved once for it. */
  private lastTemplates: readonly StackTemplate[] = [];

  private readonly strict: boolean;
  private readonly onComplete: (run: CheckRun, assemblyDir: string) => void;
  private readonly resourceRules = new Map<string, RuleDefinition[]>();
  private readonly anyTypeRules: RuleDefinition[] = [];
  private readonly rulesByType = new Map<string, RuleDefinition[]>();
  private readonly byId = new Map<string, RuleDefinition>();
  private results: RuleResultRecord[] = [];
  private findings: PolicyViolation[] = [];
  private failed = false;
  private current?: Current;
  private readonly ownAcks = new WeakMap<IConstruct, Acknowledgment[]>();
  /** Whether acknowledgments made in code are written into the templates (the app was given). */
  private readonly writesAcknowledgments: boolean;
  /**
   * During synthesis without the app, acknowledgments made above a stack (on the app or a stage)
   * reach neither the templates nor the assembly's stack metadata, so `lgsec check cdk.out`
   * cannot see them; synthesis then does not honour them either, and says so.
   */
  private honourAcksAboveStacks = true;
  private unseenAcks: Acknowledgment[] = [];

  constructor(scope?: IConstruct, props: LgsecChecksProps = {}) {
    super(scope, props);
    this.packName = PACK_NAME;
    const problems: string[] = [];
    const days = props.logRetentionDays;
    if (days !== undefined && !Token.isUnresolved(days) && (!Number.isInteger(days) || days < 1)) {
      problems.push(`logRetentionDays must be a whole number of days of at least 1, got ${days}`);
    }
    if (problems.length > 0) throw new Error(`Invalid LgsecChecks props:\n  - ${problems.join('\n  - ')}`);
    this.strict = props.strict ?? false;
    this.writesAcknowledgments = scope !== undefined && (props.writeAcknowledgmentsToTemplates ?? true);
    if (this.writesAcknowledgments) Aspects.of(scope!).add(new WriteAcknowledgmentsToTemplates());
    const lang = props.reportLanguage ?? reportLanguageFromContext(scope);
    this.onComplete = props.onComplete ?? ((run, assemblyDir) => {
      writeResultsFile(run, assemblyDir);
      const templates = this.lastTemplates.map(({ name, template, region, account }) => ({
        name, template, ...(region === undefined ? {} : { region }), ...(account === undefined ? {} : { account }),
      }));
      writeSynthReports(run, assemblyDir, { lang, templates });
    });
    this.rules = ruleTable({ logRetentionDays: days });
    this.ruleIds = this.rules.map((rule) => rule.qualifiedId);
    for (const rule of this.rules) {
      this.byId.set(rule.id, rule);
      if (rule.check.kind !== 'resource') continue;
      if (rule.check.types.includes('*')) {
        this.anyTypeRules.push(rule);
        continue;
      }
      for (const type of rule.check.types) {
        let list = this.resourceRules.get(type);
        if (!list) this.resourceRules.set(type, (list = []));
        list.push(rule);
      }
    }
  }

  /**
   * Entry point of CDK's policy validation: reads the templates just synthesized (instead of
   * resolving every resource again), checks them, and hands the run to `onComplete`.
   */
  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = context.appConstruct;
    this.honourAcksAboveStacks = this.writesAcknowledgments;
    this.unseenAcks = [];
    let report: PolicyValidationPluginReport;
    try {
      report = this.checkScope(root, (stack) => readSynthesized(stack));
    } finally {
      this.honourAcksAboveStacks = true;
    }
    warnUnseenAcknowledgments(this.unseenAcks);
    const assemblyDir = Stage.isStage(root) ? root.outdir : path.dirname(context.templatePaths[0] ?? '.');
    this.onComplete(this.lastRun!, assemblyDir);
    return report;
  }

  /**
   * Checks a construct tree directly (CDK versions without `appConstruct` on the validation
   * context). Each stack is resolved once, in memory. Call it after `app.synth()`: tags added
   * with `Tags.of(...)` are applied by an aspect during synthesis, and zones and
   * classifications travel as tags.
   */
  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return this.checkScope(scope, () => undefined);
  }

  /** Checks the given stack templates (the `lgsec check` engine hands CfnInclude stacks here). */
  checkStacks(stacks: readonly StackTemplate[]): { report: PolicyValidationPluginReport; run: CheckRun } {
    const report = this.run(stacks);
    return { report, run: this.lastRun! };
  }

  private checkScope(scope: IConstruct, read: (stack: Stack) => Record<string, unknown> | undefined): PolicyValidationPluginReport {
    const stacks: StackTemplate[] = [];
    const visit = (node: IConstruct): void => {
      if (Stack.isStack(node)) {
        const template = read(node) ?? resolveInMemory(node);
        stacks.push({
          stack: node,
          name: node.nested ? node.node.path : node.artifactId,
          template,
          file: node.templateFile,
          region: Token.isUnresolved(node.region) ? undefined : node.region,
          account: Token.isUnresolved(node.account) ? undefined : node.account,
        });
      }
      for (const child of node.node.children) visit(child);
    };
    visit(scope);
    return this.run(stacks);
  }

  private run(stacks: readonly StackTemplate[]): PolicyValidationPluginReport {
    this.lastTemplates = stacks;
    this.results = [];
    this.findings = [];
    this.failed = false;
    const indexes = stacks.map((s) => new TemplateIndex(s.name, s.template, s.region, s.account));
    new RunIndex(indexes);
    const checked: CheckedTemplate[] = [];
    stacks.forEach((stackTemplate, i) => {
      const index = indexes[i];
      checked.push({ name: stackTemplate.name, file: stackTemplate.file, region: stackTemplate.region, account: stackTemplate.account, resources: index.resources.size });
      this.checkTemplate(stackTemplate, index);
      const nodeOf = cfnResourceFinder(stackTemplate.stack);
      const templateAcks = metadataAcknowledgments(index.metadata, `${stackTemplate.name}#Metadata`).acknowledgments;
      this.checkTemplateAcknowledgments(stackTemplate, templateAcks);
      for (const resource of index.resources.values()) {
        const node = nodeOf(resource);
        if (!node) continue;
        this.current = { index, resource, stack: stackTemplate, templateAcks, badAcks: [], codeAcks: [] };
        this.checkResource(node);
      }
      this.current = undefined;
    });
    this.lastRun = {
      tool: { name: 'lgsec', version: this.version },
      rules: this.rules.map(ruleInfo),
      templates: checked,
      results: this.results,
    };
    return { success: !this.failed, violations: this.findings };
  }

  /** Applies every rule for the resource's type, the acknowledgment-reason rule last. */
  protected checkResource(node: CfnResource): void {
    const current = this.current;
    if (!current) return;
    for (const rule of this.rulesFor(current.resource.type)) {
      if (rule.check.kind !== 'resource') continue;
      const check = rule.check.check;
      this.applyRule({
        ruleSuffixOverride: rule.id.slice(PACK_NAME.length + 1),
        info: rule.cause,
        explanation: rule.explanation,
        level: rule.level === 'error' ? NagMessageLevel.ERROR : NagMessageLevel.WARN,
        node,
        rule: () => {
          let outcome = check(current.resource, current.index);
          if (rule.id === ACK_RULE_ID && current.badAcks.length > 0) {
            const detail = [outcome.status === 'non-compliant' ? outcome.detail : undefined, ...current.badAcks].filter(Boolean).join('; ');
            outcome = { status: 'non-compliant', detail };
          }
          if (rule.id === UNKNOWN_ACK_RULE_ID) {
            // Code acknowledgments not written into the template are judged here like written ones.
            // Those made on the stack or above are judged once for the template (checkTemplateAcknowledgments).
            const written = metadataAcknowledgments(current.resource.metadata, current.resource.logicalId).acknowledgments;
            const below = this.codeAcknowledgments(node, [...written, ...current.templateAcks], 'below-stack');
            outcome = unknownRuleOutcome([...written, ...below], this.rules.map((r) => r.id));
          }
          current.outcome = outcome;
          return toNag(outcome);
        },
      });
    }
  }

  /** The rules for a resource type, the acknowledgment-reason rule last (it reports bad reasons met by the others). */
  private rulesFor(type: string): readonly RuleDefinition[] {
    let rules = this.rulesByType.get(type);
    if (!rules) {
      rules = [...(this.resourceRules.get(type) ?? []), ...this.anyTypeRules];
      rules.sort((a, b) => Number(ACK_RULES.has(a.id)) - Number(ACK_RULES.has(b.id)));
      this.rulesByType.set(type, rules);
    }
    return rules;
  }

  /**
   * Records every result (cdk-nag records only violations), applies acknowledgments (CDK
   * `Validations.of(c).acknowledge` and template `Metadata.lgsec.acknowledgments`, whose
   * reasons must say why), and turns findings into violations with clauses and fix.
   */
  protected override applyRule(params: IApplyRule): void {
    const ruleId = `${PACK_NAME}-${params.ruleSuffixOverride ?? params.rule.name}`;
    const rule = this.byId.get(ruleId);
    const current = this.current;
    let outcome: RuleOutcome;
    try {
      if (current) current.outcome = undefined;
      const result = params.rule(params.node);
      outcome = current?.outcome ?? fromNag(result);
    } catch (error) {
      outcome = { status: 'unverifiable', detail: `the rule could not evaluate the resource: ${(error as Error).message}` };
    }
    const stack = current?.stack ?? { name: Stack.of(params.node).artifactId, stack: Stack.of(params.node), template: {} };
    const logicalId = current?.resource.logicalId ?? (Stack.of(params.node).resolve(params.node.logicalId) as string);
    this.record(rule, ruleId, params, outcome, stack, logicalId, params.node.cfnResourceType, params.node,
      () => (current ? metadataAcknowledgments(current.resource.metadata, `${stack.name}#${logicalId}`).acknowledgments : []));
  }

  private checkTemplate(stackTemplate: StackTemplate, index: TemplateIndex): void {
    for (const rule of this.rules) {
      if (rule.check.kind !== 'template') continue;
      let outcome: RuleOutcome;
      try {
        outcome = rule.check.check(index);
      } catch (error) {
        outcome = { status: 'unverifiable', detail: `the rule could not evaluate the template: ${(error as Error).message}` };
      }
      this.record(rule, rule.id, undefined, outcome, stackTemplate, '', 'AWS::CloudFormation::Stack', stackTemplate.stack,
        () => metadataAcknowledgments(index.metadata, `${stackTemplate.name}#Metadata`).acknowledgments);
    }
  }

  private record(
    rule: RuleDefinition | undefined, ruleId: string, params: IApplyRule | undefined, outcome: RuleOutcome, stack: StackTemplate,
    logicalId: string, resourceType: string, node: IConstruct, metadataAcks: () => readonly Acknowledgment[],
  ): void {
    const clauses = rule?.clauses ?? [];
    const base = { ruleId, clauses, template: stack.name, logicalId, resourceType, constructPath: node.node.path };
    const nominal: RuleLevel = rule?.level ?? (params?.level === NagMessageLevel.ERROR ? 'error' : 'warning');
    if (outcome.status === 'compliant' || outcome.status === 'not-applicable') {
      this.results.push({ ...base, level: nominal, status: outcome.status });
      return;
    }
    const level: RuleLevel = outcome.status === 'unverifiable' || outcome.advisory ? 'warning' : nominal;
    const cause = rule?.cause ?? params?.info ?? '';
    const message = outcome.status === 'unverifiable' ? `${cause} Cannot verify: ${outcome.detail}.` : `${cause} ${outcome.detail}.`;
    const { ack, rejected } = this.findAcknowledgment(ruleId, node, [...metadataAcks(), ...(this.current?.templateAcks ?? [])]);
    if (ack) {
      const status: RuleStatus = 'acknowledged';
      this.results.push({ ...base, level, status, message, acknowledgment: { reason: ack.reason, madeAt: ack.madeAt } });
      return;
    }
    this.results.push({ ...base, level, status: 'non-compliant', message });
    if (level === 'error' || this.strict) this.failed = true;
    this.findings.push({
      ruleName: ruleId,
      // The console shows the description and the plugin name only: the clauses go in front.
      description: clauses.length > 0 ? `[${clauses.join(', ')}] ${message}` : message,
      fix: rule?.fix,
      severity: level,
      ruleMetadata: {
        clauses: clauses.join(', '),
        controls: (rule?.controls ?? []).join(', '),
        area: rule?.area ?? '',
        explanation: rule?.explanation ?? params?.explanation ?? '',
        // CDK hides any violation acknowledged with `Validations.of(c).acknowledge`, whatever the
        // reason; one whose reason the pack rejected must stay visible, as it is in `lgsec check`.
        // CDK leaves error-level violations marked as annotations unsuppressed.
        ...(rejected && level === 'error' ? { 'cdk:annotation': 'true' } : {}),
      },
      violatingResources: [logicalId
        ? { constructPath: node.node.path, resourceLogicalId: logicalId, locations: ['Properties'] }
        : { constructPath: node.node.path, locations: ['Resources'] }],
    });
  }

  /**
   * The acknowledgment of a rule for a construct: CDK acknowledgments on it or an ancestor
   * (written with or without `LGSEC::`), or template metadata ones. One whose reason does not
   * say why is skipped (`rejected`) and reported by LGSEC-ACKNOWLEDGMENT-REASON.
   */
  private findAcknowledgment(
    ruleId: string, node: IConstruct, metadataAcks: readonly Acknowledgment[],
  ): { ack?: Acknowledgment; rejected: boolean } {
    const written = metadataAcks.filter((ack) => ack.ruleId === ruleId);
    for (const ack of written) if (!reasonProblem(ack.reason)) return { ack, rejected: false };
    const unseen: Acknowledgment[] = [];
    const code = this.codeAcknowledgments(node, written, 'all', unseen);
    // Not honoured here, yet CDK would hide the violation for it: keep it shown, like a rejected one.
    let rejected = written.length > 0 || unseen.some((ack) => ack.ruleId === ruleId);
    for (const ack of code) {
      if (ack.ruleId !== ruleId) continue;
      const problem = reasonProblem(ack.reason);
      if (!problem) return { ack, rejected: false };
      rejected = true;
      this.current?.badAcks.push(`acknowledgment of ${ruleId} at ${ack.madeAt}: ${problem}`);
    }
    return { rejected };
  }

  /**
   * Code acknowledgments on a construct and its ancestors that are not already written into the
   * template (validateScope, or writing turned off). During synthesis without the app, those
   * made above the outermost stack are left out (see `honourAcksAboveStacks`).
   */
  private codeAcknowledgments(
    node: IConstruct, written: readonly Acknowledgment[], where: 'all' | 'below-stack' | 'stack-and-above' = 'all', unseen: Acknowledgment[] = [],
  ): Acknowledgment[] {
    const scopes: IConstruct[] = [];
    for (let scope: IConstruct | undefined = node; scope; scope = scope.node.scope) scopes.push(scope);
    const outermostStack = scopes.reduce((found, scope, i) => (Stack.isStack(scope) ? i : found), scopes.length - 1);
    const out: Acknowledgment[] = [];
    scopes.forEach((scope, i) => {
      if ((where === 'below-stack' && i >= outermostStack) || (where === 'stack-and-above' && i < outermostStack)) return;
      for (const ack of this.acknowledgmentsOn(scope)) {
        if (written.some((w) => w.ruleId === ack.ruleId && w.madeAt === ack.madeAt && w.reason === ack.reason)) continue;
        if (i > outermostStack && !this.honourAcksAboveStacks) {
          if (!this.unseenAcks.some((u) => u.ruleId === ack.ruleId && u.madeAt === ack.madeAt)) this.unseenAcks.push(ack);
          unseen.push(ack);
          continue;
        }
        out.push(ack);
      }
    });
    return out;
  }

  /** Unknown rule ids among the acknowledgments written on a template (made on a stack or above): one finding per template. */
  private checkTemplateAcknowledgments(stackTemplate: StackTemplate, templateAcks: readonly Acknowledgment[]): void {
    const rule = this.byId.get(UNKNOWN_ACK_RULE_ID);
    if (!rule) return;
    const acks = [...templateAcks, ...this.codeAcknowledgments(stackTemplate.stack, templateAcks, 'stack-and-above')];
    if (acks.length === 0) return;
    const outcome = unknownRuleOutcome(acks, this.rules.map((r) => r.id));
    if (outcome.status === 'not-applicable') return;
    this.record(rule, rule.id, undefined, outcome, stackTemplate, '', 'AWS::CloudFormation::Stack', stackTemplate.stack, () => []);
  }

  private acknowledgmentsOn(scope: IConstruct): Acknowledgment[] {
    let acks = this.ownAcks.get(scope);
    if (acks) return acks;
    acks = [];
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isRecord(entry.data)) continue;
      for (const [id, reason] of Object.entries(entry.data)) {
        const ruleId = unqualifiedRuleId(id);
        if (ruleId.startsWith(`${PACK_NAME}-`)) acks.push({ ruleId, reason: reason as string, madeAt: scope.node.path || '/' });
      }
    }
    this.ownAcks.set(scope, acks);
    return acks;
  }
}

/** Said once per synthesis, on stderr beside CDK's report: not a finding, since `lgsec check` cannot see these. */
function warnUnseenAcknowledgments(acks: readonly Acknowledgment[]): void {
  if (acks.length === 0) return;
  const list = acks.map((ack) => `${ack.ruleId} at ${ack.madeAt}`).join(', ');
  process.stderr.write(`[lgsec] LgsecChecks was created without the app, so acknowledgments made on the app or a stage (${list}) `
    + 'are not written into the templates: lgsec check cdk.out cannot see them, and so synthesis does not honour them either. '
    + 'Create the pack with the app: Validations.of(app).addPlugins(new LgsecChecks(app)).\n');
}

function toNag(outcome: RuleOutcome): NagRuleResult {
  switch (outcome.status) {
    case 'compliant':
      return NagRuleCompliance.COMPLIANT;
    case 'not-applicable':
      return NagRuleCompliance.NOT_APPLICABLE;
    default:
      return NagRuleCompliance.NON_COMPLIANT;
  }
}

/** For rules applied through the plain cdk-nag API (no lgsec outcome). */
function fromNag(result: NagRuleResult): RuleOutcome {
  if (result === NagRuleCompliance.COMPLIANT) return { status: 'compliant' };
  if (result === NagRuleCompliance.NOT_APPLICABLE) return { status: 'not-applicable' };
  if (Array.isArray(result)) return result.length === 0 ? { status: 'compliant' } : { status: 'non-compliant', detail: result.join('; ') };
  return { status: 'non-compliant', detail: 'the resource does not comply' };
}

/**
 * Finds the L1 construct of a template resource, for cdk-nag's acknowledgment lookup. Synthesized
 * templates name each resource's construct path (`aws:cdk:path`), which is a map lookup; only
 * resources without it (CfnInclude'd templates, path metadata turned off) need the stack to
 * resolve every logical id, once.
 */
function cfnResourceFinder(stack: Stack): (resource: TemplateResource) => CfnResource | undefined {
  const byPath = new Map<string, CfnResource>();
  const collect = (node: IConstruct): void => {
    if (CfnResource.isCfnResource(node)) byPath.set(node.node.path, node);
    for (const child of node.node.children) if (!Stack.isStack(child)) collect(child);
  };
  collect(stack);
  let byLogicalId: Map<string, CfnResource> | undefined;
  return (resource) => {
    const cdkPath = isRecord(resource.metadata) ? resource.metadata['aws:cdk:path'] : undefined;
    const byMetadata = typeof cdkPath === 'string' ? byPath.get(cdkPath) : undefined;
    if (byMetadata) return byMetadata;
    byLogicalId ??= new Map([...byPath.values()].map((node) => [stack.resolve(node.logicalId) as string, node]));
    return byLogicalId.get(resource.logicalId);
  };
}

/** The template CDK just wrote for a stack, or undefined when it is not on disk. */
function readSynthesized(stack: Stack): Record<string, unknown> | undefined {
  const stage = Stage.of(stack);
  if (!stage) return undefined;
  const file = path.join(stage.outdir, stack.templateFile);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Resolves a stack's template in memory, once (what synthesis writes). */
function resolveInMemory(stack: Stack): Record<string, unknown> {
  const internal = stack as unknown as { _toCloudFormation(): Record<string, unknown> };
  return internal._toCloudFormation();
}

function reportLanguageFromContext(scope: IConstruct | undefined): 'ja' | 'en' {
  const value: unknown = scope?.node.tryGetContext('lgsec:reportLanguage');
  if (value === undefined) return 'ja';
  if (value === 'ja' || value === 'en') return value;
  throw new Error(`Context 'lgsec:reportLanguage' must be 'ja' or 'en', got ${JSON.stringify(value)}; set it in cdk.json or with -c lgsec:reportLanguage=en`);
}

/** Part of the default `onComplete`: the run as JSON in the cloud assembly. */
export function writeResultsFile(run: CheckRun, assemblyDir: string): void {
  fs.mkdirSync(assemblyDir, { recursive: true });
  fs.writeFileSync(path.join(assemblyDir, RESULTS_FILE), JSON.stringify(run));
}
