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
