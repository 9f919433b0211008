import { classificationOf, DATA_STORE_TYPES, isClusterMember } from '../../lib/template/data-store';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/** Control 2: every data store carries a valid confidentiality, integrity and availability. */
export const dataClassificationTag = resourceRule(DATA_STORE_TYPES, (store, index) => {
  const { classification, problems } = classificationOf(store, index);
  if (classification) return compliant();
  // A cluster member is classified through its cluster; the cluster carries the finding.
  if (isClusterMember(store) && index.resourceOf(store.properties.DBClusterIdentifier)) return notApplicable();
  return nonCompliant(...problems);
});
