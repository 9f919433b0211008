import { classificationOf, DATA_STORE_TYPES, isClusterMember } from '../../lib/template/data-store';
import { compliant, localized, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** Control 2: every data store carries a valid confidentiality, integrity and availability. */
export const dataClassificationTag = resourceRule(DATA_STORE_TYPES, (store, index) => {
  const { classification, problems } = classificationOf(store, index);
  if (classification) return compliant();
  // A cluster member is classified through its cluster; the cluster carries the finding.
  if (isClusterMember(store) && index.resourceOf(store.properties.DBClusterIdentifier)) return notApplicable();
  return nonCompliant(...problems.map((problem) => localized(problem, tagProblemJa(problem))));
});

/** Japanese of a classification tag problem (lib/policy/classification.ts words them in English). */
function tagProblemJa(problem: string): string {
  const missing = /^missing tag (\S+)$/.exec(problem);
  if (missing) return `タグ ${missing[1]} がない`;
  const level = /^tag (\S+)='(.*)' is not a level from 1 to (\d)$/s.exec(problem);
  if (level) return `タグ ${level[1]}='${level[2]}' は 1〜${level[3]} の分類ではない`;
  return problem;
}
