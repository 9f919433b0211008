/**
 * Builds the report model from a check run, the templates and the clause catalog. Every clause
 * of the catalog gets an entry, checked or not. Results are grouped once with Maps: linear in
 * the number of results.
 */
import { ClauseKind, CLAUSES, clause as catalogClause } from '../policy/clauses';
import { PolicyProfile, SHIOJIRI_PROFILE } from '../policy/profiles';
import type { CheckRun, RuleResultRecord } from '../../rules/results';
import type { TemplateModel } from '../template/template-model';
import { Baseline, diffBaseline } from './baseline';
import { buildInventory } from './inventory';
import { entryKey } from './inventory/network';
import {
  AcknowledgmentEntry,
  CLAUSE_VERDICTS,
  ClauseEntry,
  ClauseVerdict,
  compareText,
  DataNote,
  NotEvaluated,
  REPORT_KIND,
  REPORT_SCHEMA_VERSION,
  ReportDocument,
  ReportLanguage,
  ReportResult,
  StackEntry,
  StatusCounts,
  WorkingTreeState,
} from './model';
import { clausesInScope, responsibilities } from './scope';
import { ruleTableHash, templateDigests, withReportDigest } from './integrity';
import { toolPackage } from '../private/package-info';

/** What the model is built from (the public `ReportInput`, with the baseline already read). */
export interface ModelInput {
  readonly run: CheckRun;
  /** The templates the run checked, as the rules read them: the stacks, the inventory and accounts come from here. */
  readonly model: TemplateModel;
  readonly gitCommit?: string;
  readonly generatedAt?: Date;
  readonly lang: ReportLanguage;
  readonly baseline?: Baseline;
  /** The policy the report speaks of: its title, numbering and clause titles. @default SHIOJIRI_PROFILE */
  readonly profile?: PolicyProfile;
  /** Folder the templates' `file` paths are relative to, to hash their bytes. @default - hash their content */
  readonly templateDir?: string;
  /** @default 'unknown' */
  readonly workingTree?: { readonly state: WorkingTreeState; readonly changedFiles?: number };
}

interface MutableCounts {
  compliant: number;
  nonCompliant: number;
  acknowledged: number;
  notApplicable: number;
}

const emptyCounts = (): MutableCounts => ({ compliant: 0, nonCompliant: 0, acknowledged: 0, notApplicable: 0 });

function count(counts: MutableCounts, result: RuleResultRecord): void {
  switch (result.status) {
    case 'compliant':
      counts.compliant += 1;
      break;
    case 'non-compliant':
      counts.nonCompliant += 1;
      break;
    case 'acknowledged':
      counts.acknowledged += 1;
      break;
    default:
      counts.notApplicable += 1;
  }
}

function verdictOf(kind: ClauseKind, rules: number, counts: StatusCounts): ClauseVerdict {
  if (kind === ClauseKind.CONTEXT) return 'context';
  if (kind === ClauseKind.INHERITED) return 'inherited';
  if (kind === ClauseKind.PROCEDURAL || rules === 0) return 'manual';
  if (counts.nonCompliant > 0) return 'failed';
  if (counts.acknowledged > 0) return 'acknowledged';
  if (counts.compliant > 0) return 'passed';
  return 'not-applicable';
}

const compareResults = (a: ReportResult, b: ReportResult): number =>
  compareText(a.template, b.template) ||
  compareText(a.logicalId, b.logicalId) ||
  compareText(a.ruleId, b.ruleId) ||
  compareText(a.status, b.status) ||
  compareText(a.message ?? '', b.message ?? '');

/** The result as the report keeps it; `zone` is its resource's zone in the inventory, which narrows the zone clauses. */
function toReportResult(record: RuleResultRecord, zone: string | undefined): ReportResult {
  return {
    ruleId: record.ruleId,
    level: record.level,
    status: record.status,
    clauses: [...clausesInScope(record.clauses, record.status, zone)].sort(compareText),
    template: record.template,
    logicalId: record.logicalId,
    resourceType: record.resourceType,
    ...(record.constructPath === undefined ? {} : { constructPath: record.constructPath }),
    ...(record.message === undefined ? {} : { message: record.message }),
    ...(record.messageJa === undefined ? {} : { messageJa: record.messageJa }),
    ...(record.acknowledgment === undefined ? {} : { acknowledgment: acknowledgmentEntry(record.acknowledgment) }),
  };
}

/** The record's acknowledgment with only the fields the report keeps (a results file may carry more). */
function acknowledgmentEntry(ack: NonNullable<RuleResultRecord['acknowledgment']>): AcknowledgmentEntry {
  const { reason, madeAt, approver, approvedOn, expiresOn, reference, byDesign, reasonJa } = ack;
  return {
    reason,
    madeAt,
    ...(approver === undefined ? {} : { approver }),
    ...(approvedOn === undefined ? {} : { approvedOn }),
    ...(expiresOn === undefined ? {} : { expiresOn }),
    ...(reference === undefined ? {} : { reference }),
    ...(byDesign === true ? { byDesign } : {}),
    ...(reasonJa === undefined ? {} : { reasonJa }),
  };
}

export function buildReport(input: ModelInput): ReportDocument {
  const { run } = input;
  const inventory = buildInventory(input.model);
  // The zone each result counts under is the zone the inventory shows for its resource.
  const zones = new Map(inventory.resources.map((resource) => [entryKey(resource.template, resource.logicalId), resource.zone]));
  const results = run.results
    .map((record) => toReportResult(record, zones.get(entryKey(record.template, record.logicalId))))
    .sort(compareResults);
  const rules = [...run.rules].sort((a, b) => compareText(a.id, b.id));
  const notes: DataNote[] = [];
  const noted = new Set<string>();
  const note = (code: DataNote['code'], subject: string): void => {
    if (noted.has(`${code}\u0000${subject}`)) return;
    noted.add(`${code}\u0000${subject}`);
    notes.push({ code, subject });
  };

  const clauseRules = new Map<string, Set<string>>(CLAUSES.map((entry) => [entry.id, new Set<string>()]));
  const clauseCounts = new Map<string, MutableCounts>(CLAUSES.map((entry) => [entry.id, emptyCounts()]));
  const ruleIds = new Set(rules.map((rule) => rule.id));
  for (const rule of rules) {
    for (const id of rule.clauses) {
      const set = clauseRules.get(id);
      if (set) set.add(rule.id);
      else note('unknown-clause', `${id} (${rule.id})`);
    }
  }
  const totals = emptyCounts();
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    count(totals, result);
    if (result.status === 'non-compliant') {
      if (result.level === 'error') errors += 1;
      else warnings += 1;
    }
    if (!ruleIds.has(result.ruleId)) note('unknown-rule', result.ruleId);
    for (const id of result.clauses) {
      const counts = clauseCounts.get(id);
      if (!counts) {
        note('unknown-clause', `${id} (${result.ruleId})`);
        continue;
      }
      count(counts, result);
      clauseRules.get(id)!.add(result.ruleId);
    }
  }

  const profile = input.profile ?? SHIOJIRI_PROFILE;
  const delegated = responsibilities(results, inventory);
  // The profile's order, numbers and titles; meaning and what is checked are the catalog's.
  const clauses: ClauseEntry[] = profile.clauses.map((numbered) => {
    const entry = catalogClause(numbered.key);
    const counts = clauseCounts.get(entry.id)!;
    const ruleSet = clauseRules.get(entry.id)!;
    const responsibility = delegated.get(entry.id);
    const judged = verdictOf(entry.kind, ruleSet.size, counts);
    // A failure on the city's side stays a failure; otherwise the other organization's evidence decides.
    const verdict = responsibility !== undefined && judged !== 'failed' ? 'other-organization' : judged;
    return {
      id: entry.id,
      ...(numbered.number === entry.id ? {} : { number: numbered.number }),
      titleJa: numbered.titleJa,
      titleEn: numbered.titleEn,
      guideline: numbered.guideline,
      kind: entry.kind,
      meaning: input.lang === 'ja' ? entry.meaningJa : entry.meaning,
      ...(entry.onAws === undefined ? {} : { onAws: input.lang === 'ja' ? (entry.onAwsJa ?? entry.onAws) : entry.onAws }),
      verdict,
      rules: [...ruleSet].sort(compareText),
      counts: { ...counts },
      manualCheck:
        entry.kind === ClauseKind.PROCEDURAL ||
        entry.kind === ClauseKind.PARTIAL ||
        (entry.kind === ClauseKind.AUTOMATED && ruleSet.size === 0) ||
        verdict === 'other-organization',
      ...(verdict === 'other-organization' ? { responsibility } : {}),
    };
  });
  const clauseSummary = Object.fromEntries(CLAUSE_VERDICTS.map((verdict) => [verdict, 0])) as Record<ClauseVerdict, number>;
  for (const entry of clauses) clauseSummary[entry.verdict] += 1;

  // Stacks, their region and account: the model's, as the rules read them.
  const stackList: StackEntry[] = [...input.model.templates]
    .sort((a, b) => compareText(a.name, b.name))
    .map((index) => ({
      name: index.name,
      ...(index.input.file === undefined ? {} : { file: index.input.file }),
      ...(index.region === undefined ? {} : { region: index.region }),
      ...(index.account === undefined ? {} : { account: index.account }),
      resources: index.resources.size,
    }));
  const stacks = new Set(stackList.map((stack) => stack.name));
  const templatesWithResults = new Set(results.map((result) => result.template));
  for (const stack of stackList) if (!templatesWithResults.has(stack.name)) note('template-without-results', stack.name);
  for (const name of templatesWithResults) if (!stacks.has(name)) note('results-without-template', name);

  const defined = (values: (string | undefined)[]): string[] =>
    [...new Set(values.filter((value): value is string => value !== undefined))].sort(compareText);

  const workingTree = input.workingTree ?? { state: 'unknown' as const };
  return withReportDigest({
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: REPORT_KIND,
    lang: input.lang,
    classification: { confidentiality: 2, publication: 'not-for-publication' },
    policy: { ja: profile.policy.ja, en: profile.policy.en },
    profile: { id: profile.id, municipality: { ja: profile.municipality.ja, en: profile.municipality.en } },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    tool: { name: 'lgsec', version: toolPackage().version, checkedWith: run.tool.version },
    ...(input.gitCommit === undefined ? {} : { gitCommit: input.gitCommit }),
    environment: {
      stacks: stackList,
      regions: defined(stackList.map((stack) => stack.region)),
      accounts: defined(stackList.map((stack) => stack.account)),
    },
    summary: {
      templates: stackList.length,
      resources: stackList.reduce((sum, stack) => sum + (stack.resources ?? 0), 0),
      results: { ...totals },
      errors,
      warnings,
      clauses: clauseSummary,
    },
    clauses,
    results,
    inventory,
    rules,
    ...(input.baseline === undefined ? {} : { baseline: diffBaseline(input.baseline, results, inventory.resources) }),
    notes: notes.sort((a, b) => compareText(a.code, b.code) || compareText(a.subject, b.subject)),
    ...notEvaluatedOf(run),
    integrity: {
      algorithm: 'sha256',
      templates: templateDigests(input.model, input.templateDir),
      workingTree: workingTree.state,
      ...(workingTree.changedFiles === undefined ? {} : { changedFiles: workingTree.changedFiles }),
      ruleTable: ruleTableHash(rules),
      // Filled in by withReportDigest over everything else.
      reportDigest: '',
    },
  });
}

/** The run's load warnings, as the report lists them: nothing the check did not evaluate passes unsaid. */
function notEvaluatedOf(run: ModelInput['run']): { notEvaluated?: NotEvaluated[] } {
  const warnings = run.loadWarnings ?? [];
  if (warnings.length === 0) return {};
  return {
    notEvaluated: warnings.map((w) => ({ template: w.template, ...(w.file === undefined ? {} : { file: w.file }), message: w.message })),
  };
}
