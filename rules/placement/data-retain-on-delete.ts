import { classificationOf, DATA_STORE_TYPES, isClusterMember } from '../core/data-store';
import { outcomeOf, notApplicable } from '../core/outcome';
import { resourceRule } from '../core/rule';

/** Types whose data CloudFormation can snapshot on deletion. */
const SNAPSHOT_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::Volume']);

/** Control 5: integrity 2 or availability 2 data stores are not deleted with their stack. */
export const dataRetainOnDelete = resourceRule(DATA_STORE_TYPES, (store, index) => {
  const { classification } = classificationOf(store, index);
  if (!classification || (classification.integrity < 2 && classification.availability < 2)) return notApplicable();
  if (isClusterMember(store)) return notApplicable();
  const allowed = ['Retain', 'RetainExceptOnCreate', ...(SNAPSHOT_TYPES.has(store.type) ? ['Snapshot'] : [])];
  const problems: string[] = [];
  for (const [name, value] of [['DeletionPolicy', store.deletionPolicy], ['UpdateReplacePolicy', store.updateReplacePolicy]] as const) {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      problems.push(`${name} is ${value === undefined ? 'not set (Delete)' : `'${String(value)}'`}; use ${allowed.join(' or ')}`);
    }
  }
  return outcomeOf(problems);
});
