/**
 * The data stores of the inventory, with their classification, zone and the controls applied to
 * them. Type list, classification (a cluster member classified through its cluster), zone and
 * backup membership are the model's, as the rules read them.
 */
import { TAG_KEYS } from '../../policy/tags';
import { backupPlansOf } from '../../template/backup';
import { classificationOf, DATA_STORE_TYPES } from '../../template/data-store';
import { isTrue } from '../../template/policy-document';
import { isRecord, TemplateIndex, TemplateResource } from '../../template/template-index';
import { resourceZone } from '../../template/zones';
import { compareText, ControlState, DataStoreEntry } from '../model';
import { dig, list, literal, renderedTags, renderValue } from '../private/render';

const on = (detail?: string): ControlState => (detail === undefined ? { state: 'on' } : { state: 'on', detail });
const off = (detail?: string): ControlState => (detail === undefined ? { state: 'off' } : { state: 'off', detail });
const NA: ControlState = { state: 'na' };

const DATA_STORE_TYPE_SET = new Set(DATA_STORE_TYPES);

/** The data stores of one template. */
export function readDataStores(index: TemplateIndex): DataStoreEntry[] {
  const stores = [...index.resources.values()].filter((resource) => DATA_STORE_TYPE_SET.has(resource.type));
  return stores.map((store) => {
    const tags = renderedTags(store, index);
    const { tags: classificationTags, problems } = classificationOf(store, index);
    const zone = resourceZone(store, index);
    const confidentiality = classificationTags[TAG_KEYS.confidentiality];
    const integrity = classificationTags[TAG_KEYS.integrity];
    const availability = classificationTags[TAG_KEYS.availability];
    const name = literal(
      store.properties['BucketName'] ??
        store.properties['TableName'] ??
        store.properties['DBInstanceIdentifier'] ??
        store.properties['DBClusterIdentifier'] ??
        store.properties['BackupVaultName'] ??
        tags['Name'],
    );
    return {
      template: index.name,
      logicalId: store.logicalId,
      type: store.type,
      ...(name === undefined ? {} : { name }),
      ...(zone.known ? { zone: zone.zone } : {}),
      ...(confidentiality === undefined ? {} : { confidentiality }),
      ...(integrity === undefined ? {} : { integrity }),
      ...(availability === undefined ? {} : { availability }),
      classificationProblems: [...problems],
      ...(tags[TAG_KEYS.purpose] === undefined ? {} : { purpose: tags[TAG_KEYS.purpose] }),
      controls: { ...storeControls(store, index), backup: backupControl(store, index), retain: retainControl(store) },
    };
  });
}

/** Membership in AWS Backup plans, as AWS Backup selects resources; `(copy)` when the plan copies elsewhere. */
function backupControl(store: TemplateResource, index: TemplateIndex): ControlState {
  const plans = backupPlansOf(store, index).map(
    ({ selection, plan, copies }) =>
      `${plan?.resource.logicalId ?? renderValue(selection.resource.properties['BackupPlanId'])}${copies.length > 0 ? ' (copy)' : ''}`,
  );
  return plans.length === 0 ? off() : on([...new Set(plans)].sort(compareText).join(', '));
}

/** The customer-managed-key control from a key property: a key of the templates, or an AWS-managed alias. */
function keyControl(value: unknown, index: TemplateIndex): ControlState {
  if (value === undefined) return off();
  const key = index.resourceOf(value, 'AWS::KMS::Key');
  if (key) return on(key.resource.logicalId);
  const text = renderValue(value);
  return /alias\/aws\//.test(text) ? off(text) : on(text);
}

type StoreControls = Omit<DataStoreEntry['controls'], 'backup' | 'retain'>;

function storeControls(store: TemplateResource, index: TemplateIndex): StoreControls {
  switch (store.type) {
    case 'AWS::S3::Bucket':
      return bucketControls(store, index);
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return tableControls(store, index);
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster':
      return databaseControls(store, index);
    case 'AWS::EFS::FileSystem':
      return fileSystemControls(store, index);
    case 'AWS::EC2::Volume':
      return {
        encryption: isTrue(store.properties['Encrypted']) ? on() : off(),
        customerManagedKey: keyControl(store.properties['KmsKeyId'], index),
        versioning: NA,
        replication: NA,
        objectLock: NA,
        publicAccessBlock: NA,
        logging: NA,
      };
    default:
      return vaultControls(store, index);
  }
}

function bucketControls(store: TemplateResource, index: TemplateIndex): StoreControls {
  const props = store.properties;
  const byDefault = dig(props, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault');
  const algorithm = literal(dig(byDefault, 'SSEAlgorithm'));
  const kms = algorithm !== undefined && algorithm.startsWith('aws:kms');
  const versioning = literal(dig(props, 'VersioningConfiguration', 'Status'));
  const destinations = list(dig(props, 'ReplicationConfiguration', 'Rules')).map((rule) => renderValue(dig(rule, 'Destination', 'Bucket')));
  const retention = dig(props, 'ObjectLockConfiguration', 'Rule', 'DefaultRetention');
  const retentionText =
    retention === undefined
      ? undefined
      : [
          renderValue(dig(retention, 'Mode')),
          dig(retention, 'Days') !== undefined ? `${renderValue(dig(retention, 'Days'))} days` : undefined,
          dig(retention, 'Years') !== undefined ? `${renderValue(dig(retention, 'Years'))} years` : undefined,
        ]
          .filter((part) => part !== undefined)
          .join(' ');
  const block = dig(props, 'PublicAccessBlockConfiguration');
  const blockKeys = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
  const unblocked = blockKeys.filter((blockKey) => !isTrue(dig(block, blockKey)));
  const logTarget = dig(props, 'LoggingConfiguration', 'DestinationBucketName');
  return {
    encryption: on(algorithm === undefined ? 'SSE-S3 (default)' : kms ? `SSE-KMS (${algorithm})` : `SSE-S3 (${algorithm})`),
    customerManagedKey: kms ? keyControl(dig(byDefault, 'KMSMasterKeyID') ?? 'alias/aws/s3', index) : off(),
    versioning: versioning === 'Enabled' ? on() : off(versioning),
    replication: destinations.length > 0 ? on(destinations.sort(compareText).join(', ')) : off(),
    objectLock: isTrue(props['ObjectLockEnabled']) ? on(retentionText) : off(),
    publicAccessBlock: unblocked.length === 0 ? on() : off(block === undefined ? undefined : `not ${unblocked.join(', ')}`),
    logging: isRecord(props['LoggingConfiguration']) ? on(logTarget === undefined ? undefined : renderValue(logTarget)) : off(),
  };
}

function tableControls(store: TemplateResource, index: TemplateIndex): StoreControls {
  const props = store.properties;
  const global = store.type === 'AWS::DynamoDB::GlobalTable';
  const replicas = global ? list(props['Replicas']) : [];
  const keyValue =
    dig(props, 'SSESpecification', 'KMSMasterKeyId') ??
    replicas.map((replica) => dig(replica, 'SSESpecification', 'KMSMasterKeyId')).find((found) => found !== undefined);
  const kms = isTrue(dig(props, 'SSESpecification', 'SSEEnabled'));
  const pitr = global
    ? replicas.length > 0 &&
      replicas.every((replica) => isTrue(dig(replica, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')))
    : isTrue(dig(props, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'));
  const regions = replicas.map((replica) => renderValue(dig(replica, 'Region'))).sort(compareText);
  return {
    encryption: on(kms ? 'KMS' : 'AWS owned key'),
    customerManagedKey: kms ? keyControl(keyValue ?? 'alias/aws/dynamodb', index) : off(),
    versioning: pitr ? on('PITR') : off('PITR'),
    replication: regions.length > 1 ? on(regions.join(', ')) : off(),
    objectLock: NA,
    publicAccessBlock: NA,
    logging: NA,
  };
}

function databaseControls(store: TemplateResource, index: TemplateIndex): StoreControls {
  const props = store.properties;
  const retentionDays = props['BackupRetentionPeriod'] === undefined ? '1' : renderValue(props['BackupRetentionPeriod']);
  const exports = list(props['EnableCloudwatchLogsExports']).map(renderValue).sort(compareText);
  const inCluster = store.type === 'AWS::RDS::DBInstance' && props['DBClusterIdentifier'] !== undefined;
  return {
    encryption: inCluster ? NA : isTrue(props['StorageEncrypted']) ? on() : off(),
    customerManagedKey: inCluster ? NA : keyControl(props['KmsKeyId'], index),
    versioning: inCluster ? NA : retentionDays === '0' ? off('backup retention 0 days') : on(`backup retention ${retentionDays} days`),
    replication: isTrue(props['MultiAZ']) ? on('Multi-AZ') : off(),
    objectLock: NA,
    publicAccessBlock: isTrue(props['PubliclyAccessible']) ? off('PubliclyAccessible') : on(),
    logging: exports.length > 0 ? on(exports.join(', ')) : off(),
  };
}

function fileSystemControls(store: TemplateResource, index: TemplateIndex): StoreControls {
  const props = store.properties;
  const regions = list(dig(props, 'ReplicationConfiguration', 'Destinations')).map((destination) =>
    renderValue(dig(destination, 'Region')),
  );
  return {
    encryption: isTrue(props['Encrypted']) ? on() : off(),
    customerManagedKey: keyControl(props['KmsKeyId'], index),
    versioning: literal(dig(props, 'BackupPolicy', 'Status')) === 'ENABLED' ? on('automatic backups') : off(),
    replication: regions.length > 0 ? on(regions.sort(compareText).join(', ')) : off(),
    objectLock: NA,
    publicAccessBlock: NA,
    logging: NA,
  };
}

/** AWS::Backup::BackupVault: always encrypted; a vault lock is its WORM control. */
function vaultControls(store: TemplateResource, index: TemplateIndex): StoreControls {
  const lock = store.properties['LockConfiguration'];
  const minDays = dig(lock, 'MinRetentionDays');
  return {
    encryption: on(),
    customerManagedKey: keyControl(store.properties['EncryptionKeyArn'], index),
    versioning: NA,
    replication: NA,
    objectLock: lock === undefined ? off() : on(minDays === undefined ? 'vault lock' : `vault lock, min ${renderValue(minDays)} days`),
    publicAccessBlock: NA,
    logging: NA,
  };
}

/** Deletion and replacement policies; CloudFormation's own default when absent. */
function retainControl(store: TemplateResource): ControlState {
  const snapshotByDefault =
    store.type === 'AWS::RDS::DBCluster' ||
    (store.type === 'AWS::RDS::DBInstance' && store.properties['DBClusterIdentifier'] === undefined);
  const fallback = snapshotByDefault ? 'Snapshot' : 'Delete';
  const deletion = literal(store.deletionPolicy) ?? fallback;
  const replace = literal(store.updateReplacePolicy) ?? 'Delete';
  const kept = (policy: string): boolean => policy === 'Retain' || policy === 'Snapshot' || policy === 'RetainExceptOnCreate';
  const detail = `DeletionPolicy ${deletion}${store.deletionPolicy === undefined ? ' (default)' : ''}, UpdateReplacePolicy ${replace}`;
  return kept(deletion) && kept(replace) ? on(detail) : off(detail);
}
