import { classificationOf, isClusterMember } from '../../lib/template/data-store';
import { compliant, localized, nonCompliant, notApplicable, notKnown, unverifiable } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { valueAt } from '../../lib/template/template-index';

const MIN_BACKUP_DAYS = 7;

/** Control 4: integrity 2 data stores keep history (S3 versioning, DynamoDB PITR, RDS backups ≥ 7 days). */
export const dataIntegrityHistory = resourceRule(
  ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  (store, index) => {
    const { classification } = classificationOf(store, index);
    if (!classification || classification.integrity < 2) return notApplicable();
    const props = store.properties;
    switch (store.type) {
      case 'AWS::S3::Bucket': {
        const read = setting(index, valueAt(props, 'VersioningConfiguration.Status'));
        if (!read.known) return unverifiable(notKnown('VersioningConfiguration.Status', read.why));
        const status = read.text;
        return status === 'Enabled'
          ? compliant()
          : nonCompliant(
              localized(
                `VersioningConfiguration.Status is ${status ? `'${status}'` : 'not set'}, not Enabled`,
                `VersioningConfiguration.Status が Enabled ではなく${status ? ` '${status}' ` : '未設定'}である`,
              ),
            );
      }
      case 'AWS::DynamoDB::Table': {
        const pitr = setting(index, valueAt(props, 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled'));
        if (!pitr.known) return unverifiable(notKnown('PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', pitr.why));
        return pitr.text === 'true'
          ? compliant()
          : nonCompliant(
              localized(
                'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is not true',
                'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled が true ではない',
              ),
            );
      }
      case 'AWS::DynamoDB::GlobalTable': {
        const replicas = Array.isArray(props.Replicas) ? props.Replicas : [];
        const off = replicas.filter((replica) => valueAt(replica, 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled') !== true);
        return replicas.length > 0 && off.length === 0
          ? compliant()
          : nonCompliant(
              localized(
                'a replica does not enable PointInTimeRecoverySpecification',
                'PointInTimeRecoverySpecification を有効にしていないレプリカがある',
              ),
            );
      }
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBCluster': {
        if (isClusterMember(store)) return notApplicable();
        const raw = props.BackupRetentionPeriod;
        if (raw === undefined)
          return nonCompliant(
            localized(
              `BackupRetentionPeriod is not set (default 1 day); set at least ${MIN_BACKUP_DAYS}`,
              `BackupRetentionPeriod が設定されていない（既定は 1 日）。${MIN_BACKUP_DAYS} 以上にする`,
            ),
          );
        const days = Number(index.literalString(raw));
        if (!Number.isFinite(days))
          return unverifiable(
            localized(
              `BackupRetentionPeriod is not a literal (${JSON.stringify(raw)})`,
              `BackupRetentionPeriod がリテラルではない（${JSON.stringify(raw)}）`,
            ),
          );
        return days >= MIN_BACKUP_DAYS
          ? compliant()
          : nonCompliant(
              localized(
                `BackupRetentionPeriod is ${days} days; set at least ${MIN_BACKUP_DAYS}`,
                `BackupRetentionPeriod が ${days} 日である。${MIN_BACKUP_DAYS} 以上にする`,
              ),
            );
      }
    }
    return notApplicable();
  },
);
