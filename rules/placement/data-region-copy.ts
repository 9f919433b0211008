import { arnRegion, backupCopyToOtherRegion, JAPAN_REGIONS } from '../../lib/template/backup';
import { classificationOf, DATA_STORE_TYPES, isClusterMember } from '../../lib/template/data-store';
import { compliant, localized, nonCompliant, notApplicable, notKnown, Problem, RuleOutcome, unverifiable } from '../outcome';
import { sourceJa, whyJa } from '../../lib/template/why-ja';
import { flatten } from '../../lib/template/principal';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { isRecord, Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';

const OTHER_REGION_TEXT = 'the other Japanese region (ap-northeast-1 ⇄ ap-northeast-3)';
const OTHER_REGION_JA = 'もう一方の国内リージョン（ap-northeast-1 ⇄ ap-northeast-3）';

function otherJapaneseRegion(index: TemplateIndex, region: string | undefined): boolean {
  return region !== undefined && JAPAN_REGIONS.includes(region) && region !== index.region;
}

/** Buckets of the run by their literal BucketName (built once per run). */
function bucketsByName(run: TemplateModel): Map<string, Located> {
  return run.memoize('buckets-by-name', () => {
    const out = new Map<string, Located>();
    for (const bucket of run.ofType('AWS::S3::Bucket')) {
      if (bucket.resource.properties.BucketName !== undefined)
        out.set(nameText(bucket.index, bucket.resource.properties.BucketName), bucket);
    }
    return out;
  });
}

/**
 * A bucket name as text, pseudo parameters written `${AWS::AccountId}`: account-agnostic CDK
 * apps name replica buckets `prefix-${AWS::AccountId}`, the same text in both stacks.
 */
function nameText(index: TemplateIndex, value: unknown): string {
  return flatten(index, value)
    .replace(/\$\{AWS::Partition\}/g, 'aws')
    .replace(/^arn:aws[a-z-]*:s3:::/, '');
}

/** Where the enabled replication rules of a bucket send objects. */
function bucketReplication(
  bucket: TemplateResource,
  index: TemplateIndex,
): { covered: boolean; problems: Problem[]; unresolved: Problem[] } {
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  const rules = valueAt(bucket.properties, 'ReplicationConfiguration.Rules');
  if (!Array.isArray(rules)) return { covered: false, problems, unresolved };
  for (const rule of rules) {
    if (!isRecord(rule) || index.literalString(rule.Status) === 'Disabled') continue;
    const destination = valueAt(rule, 'Destination.Bucket');
    const ref = index.follow(destination);
    if (ref.kind === 'resource') {
      if (ref.index === index)
        problems.push(
          localized(
            `replication goes to ${ref.resource.logicalId}, a bucket in the same stack and region`,
            `複製先 ${ref.resource.logicalId} は同じスタック・同じリージョンのバケットである`,
          ),
        );
      else if (otherJapaneseRegion(index, ref.index.region)) return { covered: true, problems, unresolved };
      else if (ref.index.region === undefined)
        unresolved.push(
          localized(
            `the region of replication destination ${ref.resource.logicalId} (stack ${ref.index.name}) is not known`,
            `複製先 ${ref.resource.logicalId}（スタック ${ref.index.name}）のリージョンが分からない`,
          ),
        );
      else
        problems.push(
          localized(
            `replication goes to ${ref.resource.logicalId} in ${ref.index.region}, not ${OTHER_REGION_TEXT}`,
            `複製先 ${ref.resource.logicalId} は ${ref.index.region} にあり、${OTHER_REGION_JA}ではない`,
          ),
        );
    } else if (ref.kind === 'literal' || isNameText(nameText(index, destination))) {
      const name = nameText(index, destination);
      const found = index.model ? bucketsByName(index.model).get(name) : undefined;
      if (found && otherJapaneseRegion(index, found.index.region)) return { covered: true, problems, unresolved };
      if (found && found.index.region !== undefined)
        problems.push(
          localized(
            `replication goes to '${name}' in ${found.index.region}, not ${OTHER_REGION_TEXT}`,
            `複製先 '${name}' は ${found.index.region} にあり、${OTHER_REGION_JA}ではない`,
          ),
        );
      else
        unresolved.push(
          localized(
            `replication goes to '${name}', a bucket outside the checked templates whose region cannot be verified`,
            `複製先 '${name}' は検査したテンプレートの外のバケットで、リージョンを確認できない`,
          ),
        );
    } else if (ref.kind === 'external') {
      unresolved.push(localized(`the replication destination comes from ${ref.why}`, `複製先が${sourceJa(ref.why)}から来る`));
    }
  }
  return { covered: false, problems, unresolved };
}

/** True when a flattened name has only pseudo-parameter references (no resource or parameter). */
function isNameText(text: string): boolean {
  return !text.includes('?') && [...text.matchAll(/\$\{([^}]+)\}/g)].every((m) => m[1].startsWith('AWS::'));
}

function decide(covered: boolean, problems: Problem[], unresolved: Problem[], missing: Problem): RuleOutcome {
  if (covered) return compliant();
  if (unresolved.length > 0 && problems.length === 0) return unverifiable(...unresolved);
  return nonCompliant(...problems, missing);
}

/** Control 6: availability 2 data stores survive the loss of a region. */
export const dataRegionCopy = resourceRule(
  DATA_STORE_TYPES.filter((type) => type !== 'AWS::Backup::BackupVault'),
  (store, index) => {
    const { classification } = classificationOf(store, index);
    if (!classification || classification.availability < 2) return notApplicable();
    const props = store.properties;
    if (store.type === 'AWS::RDS::DBInstance') {
      if (isClusterMember(store)) return notApplicable();
      const multiAz = setting(index, props.MultiAZ);
      if (!multiAz.known) return unverifiable(notKnown('MultiAZ', multiAz.why));
      return multiAz.text === 'true' ? compliant() : nonCompliant(localized('MultiAZ is not true', 'MultiAZ が true ではない'));
    }
    // A DB cluster keeps its storage in several Availability Zones by construction.
    if (store.type === 'AWS::RDS::DBCluster') return compliant();
    const backup = backupCopyToOtherRegion(store, index);
    const problems: Problem[] = [];
    const unresolved: Problem[] = backup.unresolved.map((why) => localized(why, whyJa(why)));
    if (backup.inPlan && !backup.covered)
      problems.push(
        localized(
          `it is in an AWS Backup plan without a copy action to ${OTHER_REGION_TEXT}`,
          `${OTHER_REGION_JA}へのコピーアクションのない AWS Backup プランに含まれている`,
        ),
      );
    if (store.type === 'AWS::S3::Bucket') {
      const replication = bucketReplication(store, index);
      return decide(
        backup.covered || replication.covered,
        [...problems, ...replication.problems],
        [...unresolved, ...replication.unresolved],
        localized(
          `no replication to a bucket in ${OTHER_REGION_TEXT} and no AWS Backup plan with a copy action there`,
          `${OTHER_REGION_JA}のバケットへの複製も、そこへのコピーアクションを持つ AWS Backup プランもない`,
        ),
      );
    }
    if (store.type === 'AWS::DynamoDB::GlobalTable') {
      const replicas = Array.isArray(props.Replicas) ? props.Replicas : [];
      const regions = replicas.map((replica) => index.literalString(valueAt(replica, 'Region')));
      const covered = regions.some((region) => otherJapaneseRegion(index, region));
      return decide(
        covered || backup.covered,
        problems,
        unresolved,
        localized(`no replica in ${OTHER_REGION_TEXT}`, `${OTHER_REGION_JA}にレプリカがない`),
      );
    }
    if (store.type === 'AWS::EFS::FileSystem') {
      const destinations = valueAt(props, 'ReplicationConfiguration.Destinations');
      const regions = Array.isArray(destinations)
        ? destinations.map(
            (d) => index.literalString(valueAt(d, 'Region')) ?? arnRegion(String(index.literalString(valueAt(d, 'FileSystemId')) ?? '')),
          )
        : [];
      const covered = regions.some((region) => otherJapaneseRegion(index, region));
      return decide(
        covered || backup.covered,
        problems,
        unresolved,
        localized(
          `no ReplicationConfiguration to ${OTHER_REGION_TEXT} and no AWS Backup plan with a copy action there`,
          `${OTHER_REGION_JA}への ReplicationConfiguration も、そこへのコピーアクションを持つ AWS Backup プランもない`,
        ),
      );
    }
    return decide(
      backup.covered,
      problems,
      unresolved,
      localized(
        `not in an AWS Backup plan with a copy action to ${OTHER_REGION_TEXT}`,
        `${OTHER_REGION_JA}へのコピーアクションを持つ AWS Backup プランに含まれていない`,
      ),
    );
  },
);
