/**
 * Texts of the evidence parts of the report (scope, responsibility, integrity), shared by the
 * HTML and Markdown renderings.
 */
import { format, Messages } from '../messages';
import type { ClauseEntry, ReportDocument } from '../model';

/** Who answers for an `other-organization` clause and what evidence to ask them for. */
export function responsibilityText(clause: ClauseEntry, t: Messages): { who: string; evidence: string } | undefined {
  const responsibility = clause.responsibility;
  if (responsibility === undefined) return undefined;
  return {
    who: format(t[`responsibility.${responsibility.party}`], { references: responsibility.references.join(', ') }),
    evidence: t[`evidence.${responsibility.party}`],
  };
}

export function workingTreeText(doc: ReportDocument, t: Messages): string {
  const integrity = doc.integrity;
  if (integrity === undefined) return t.notAvailable;
  return format(t[`workingTree.${integrity.workingTree}`], { count: integrity.changedFiles ?? 0 });
}

/** The integrity record as label/value rows (values are hashes: shown as code). */
export function integrityRows(doc: ReportDocument, t: Messages): { label: string; value: string; code: boolean }[] {
  const integrity = doc.integrity;
  if (integrity === undefined) return [];
  return [
    { label: t.toolVersion, value: `lgsec ${doc.tool.version}`, code: false },
    { label: t.gitCommit, value: doc.gitCommit ?? t.notAvailable, code: doc.gitCommit !== undefined },
    { label: t.workingTree, value: workingTreeText(doc, t), code: false },
    { label: t.ruleTableHash, value: integrity.ruleTable, code: true },
    { label: t.reportDigest, value: integrity.reportDigest, code: true },
  ];
}

/** The integrity record as the HTML `<meta>` carries it for `lgsec verify-report`: the digests, not the rest of the model. */
export function integrityMetaContent(doc: ReportDocument): string | undefined {
  return doc.integrity === undefined ? undefined : JSON.stringify(doc.integrity);
}

/** One row of the exceptions register, as plain text. */
export interface ExceptionRow {
  readonly ruleId: string;
  readonly resource: string;
  readonly reason: string;
  readonly approver: string;
  readonly approvedOn: string;
  readonly expiresOn: string;
  readonly reference: string;
  readonly madeAt: string;
}

/**
 * The exceptions register (例外措置台帳): the city's acknowledgments with their fields, and apart
 * from them the design decisions lgsec's own constructs made, with their Japanese reason.
 */
export function exceptionsRegister(doc: ReportDocument, t: Messages): { exceptions: ExceptionRow[]; designDecisions: ExceptionRow[] } {
  const exceptions: ExceptionRow[] = [];
  const designDecisions: ExceptionRow[] = [];
  for (const result of doc.results) {
    const ack = result.acknowledgment;
    if (result.status !== 'acknowledged' || ack === undefined) continue;
    const row: ExceptionRow = {
      ruleId: result.ruleId,
      resource: `${result.template}/${result.logicalId === '' ? t.wholeTemplate : result.logicalId}`,
      reason: doc.lang === 'ja' && ack.reasonJa !== undefined ? ack.reasonJa : ack.reason,
      approver: ack.approver ?? t.notRecorded,
      approvedOn: ack.approvedOn ?? t.notRecorded,
      expiresOn: ack.expiresOn ?? (ack.byDesign ? '—' : t.noExpiry),
      reference: ack.reference ?? t.notRecorded,
      madeAt: ack.madeAt,
    };
    (ack.byDesign ? designDecisions : exceptions).push(row);
  }
  return { exceptions, designDecisions };
}
