import { classificationOf, DATA_STORE_TYPES, isClusterMember } from '../../lib/template/data-store';
import { advisory, localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/** Types whose data CloudFormation can snapshot on deletion. */
const SNAPSHOT_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::Volume']);

/**
 * Control 5: integrity 2 or availability 2 data stores are not deleted with their stack. A
 * missing UpdateReplacePolicy (CloudFormation's default Delete when a change replaces the
 * store) is a warning; a missing or Delete DeletionPolicy, or an explicit Delete, is an error.
 */
export const dataRetainOnDelete = resourceRule(DATA_STORE_TYPES, (store, index) => {
  const { classification } = classificationOf(store, index);
  if (!classification || (classification.integrity < 2 && classification.availability < 2)) return notApplicable();
  if (isClusterMember(store)) return notApplicable();
  const allowed = ['Retain', 'RetainExceptOnCreate', ...(SNAPSHOT_TYPES.has(store.type) ? ['Snapshot'] : [])];
  const problems: Problem[] = [];
  const check = (name: string, value: unknown): void => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      problems.push(
        localized(
          `${name} is ${value === undefined ? 'not set (Delete)' : `'${String(value)}'`}; use ${allowed.join(' or ')}`,
          `${name} が${value === undefined ? '未設定（Delete）' : ` '${String(value)}' `}である。${allowed.join(' 又は ')} を使う`,
        ),
      );
    }
  };
  check('DeletionPolicy', store.deletionPolicy);
  if (store.updateReplacePolicy !== undefined) check('UpdateReplacePolicy', store.updateReplacePolicy);
  if (problems.length === 0 && store.updateReplacePolicy === undefined) {
    return advisory(
      localized(
        `UpdateReplacePolicy is not set, so a change that replaces the store deletes the old one; use ${allowed.join(' or ')}`,
        `UpdateReplacePolicy が設定されていないため、データストアを置き換える変更は古いものを削除する。${allowed.join(' 又は ')} を使う`,
      ),
    );
  }
  return outcomeOf(problems);
});
