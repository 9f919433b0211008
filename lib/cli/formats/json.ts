import type { AcknowledgmentRecord, CheckRun } from '../../../rules/results';
import { messageOf, rulesById, RunSummary, sortedResults, summarize } from './findings';

/** `lgsec check --format json`: exactly the shape of DESIGN.md "The lgsec command". */
export interface CheckJsonReport {
  readonly tool: { readonly name: 'lgsec'; readonly version: string };
  readonly findings: readonly {
    readonly ruleId: string;
    readonly level: 'error' | 'warning';
    readonly clauses: readonly string[];
    readonly template: string;
    readonly logicalId: string;
    readonly resourceType: string;
    readonly message: string;
  }[];
  readonly acknowledged: readonly {
    readonly ruleId: string;
    readonly template: string;
    readonly logicalId: string;
    readonly reason: string;
    /** The exceptions register's fields, when the acknowledgment gives them. */
    readonly approver?: string;
    readonly approvedOn?: string;
    readonly expiresOn?: string;
    readonly reference?: string;
    /** Made by lgsec for its own construct (a design decision). */
    readonly byDesign?: boolean;
  }[];
  /** Templates that could not be loaded: none of their resources were checked. */
  readonly loadErrors: readonly { readonly template: string; readonly file?: string; readonly message: string }[];
  /** What was read on an assumption or left unevaluated in templates that were checked. */
  readonly loadWarnings: readonly { readonly template: string; readonly file?: string; readonly message: string }[];
  readonly summary: RunSummary;
}

export function toCheckJson(run: CheckRun): CheckJsonReport {
  const rules = rulesById(run);
  return {
    tool: { name: run.tool.name, version: run.tool.version },
    findings: sortedResults(run, 'non-compliant').map((result) => ({
      ruleId: result.ruleId,
      level: result.level,
      clauses: [...result.clauses],
      template: result.template,
      logicalId: result.logicalId,
      resourceType: result.resourceType,
      message: messageOf(result, rules.get(result.ruleId)),
    })),
    acknowledged: sortedResults(run, 'acknowledged').map((result) => ({
      ruleId: result.ruleId,
      template: result.template,
      logicalId: result.logicalId,
      reason: result.acknowledgment?.reason ?? '',
      ...exceptionFieldsOf(result.acknowledgment),
    })),
    loadErrors: (run.loadErrors ?? []).map((problem) => ({
      template: problem.template,
      ...(problem.file !== undefined ? { file: problem.file } : {}),
      message: problem.message,
    })),
    loadWarnings: (run.loadWarnings ?? []).map((warning) => ({
      template: warning.template,
      ...(warning.file !== undefined ? { file: warning.file } : {}),
      message: warning.message,
    })),
    summary: summarize(run),
  };
}

function exceptionFieldsOf(
  ack: AcknowledgmentRecord | undefined,
): Pick<CheckJsonReport['acknowledged'][number], 'approver' | 'approvedOn' | 'expiresOn' | 'reference' | 'byDesign'> {
  if (ack === undefined) return {};
  const { approver, approvedOn, expiresOn, reference, byDesign } = ack;
  return {
    ...(approver === undefined ? {} : { approver }),
    ...(approvedOn === undefined ? {} : { approvedOn }),
    ...(expiresOn === undefined ? {} : { expiresOn }),
    ...(reference === undefined ? {} : { reference }),
    ...(byDesign === true ? { byDesign } : {}),
  };
}

export function renderJson(run: CheckRun): string {
  return `${JSON.stringify(toCheckJson(run), null, 2)}\n`;
}
