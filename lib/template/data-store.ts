import { Classification, parseClassificationTags, TAG_KEYS } from '../policy';
import { TemplateIndex, TemplateResource } from './template-index';

/** Resource types that hold information: they carry a classification (lib/policy/CLAUSES.md, clause 7.2). */
export const DATA_STORE_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::EC2::Volume',
  'AWS::Backup::BackupVault',
];

/** An RDS instance that belongs to a cluster stores nothing of its own: the cluster does. */
export function isClusterMember(resource: TemplateResource): boolean {
  return resource.type === 'AWS::RDS::DBInstance' && resource.properties.DBClusterIdentifier !== undefined;
}

/** The tags of a data store as a plain map of literal strings (non-literal values are left out). */
function literalTags(resource: TemplateResource, index: TemplateIndex): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of [TAG_KEYS.confidentiality, TAG_KEYS.integrity, TAG_KEYS.availability]) {
    out[key] = index.tagValue(resource, key);
  }
  return out;
}

export interface ClassificationResult {
  readonly classification?: Classification;
  readonly problems: readonly string[];
  /** The literal values of the classification tags read (the cluster's, for a member classified through it). */
  readonly tags: Readonly<Record<string, string | undefined>>;
}

/**
 * The classification of a data store from its tags. A cluster member without tags of its own
 * takes its cluster's (CloudFormation does not propagate tags from clusters to instances).
 */
export function classificationOf(resource: TemplateResource, index: TemplateIndex): ClassificationResult {
  const ownTags = literalTags(resource, index);
  const own = { ...parseClassificationTags(ownTags), tags: ownTags };
  if (own.classification || !isClusterMember(resource)) return own;
  const cluster = index.resourceOf(resource.properties.DBClusterIdentifier, 'AWS::RDS::DBCluster');
  if (!cluster) return own;
  const clusterTags = literalTags(cluster.resource, cluster.index);
  return { ...parseClassificationTags(clusterTags), tags: clusterTags };
}
