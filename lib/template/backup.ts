import { nameForms, textForms } from './names';
import { isRecord, Located, TemplateIndex, TemplateResource } from './template-index';
import { TemplateModel } from './template-model';
import { possibleValues } from './values';

export const JAPAN_REGIONS: readonly string[] = ['ap-northeast-1', 'ap-northeast-3'];

/** The region in an ARN, or undefined when the ARN has none (S3, IAM) or is not literal. */
export function arnRegion(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[3] !== '' ? parts[3] : undefined;
}

/** True when the value mentions the resource through Ref, Fn::GetAtt or Fn::Sub anywhere inside it. */
export function mentions(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => mentions(item, logicalId));
  if (!isRecord(value)) return false;
  if (value.Ref === logicalId) return true;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) ? getAtt[0] === logicalId : typeof getAtt === 'string' && getAtt.split('.')[0] === logicalId) return true;
  const sub = value['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  if (typeof text === 'string' && (text.includes(`\${${logicalId}}`) || text.includes(`\${${logicalId}.`))) return true;
  return Object.values(value).some((child) => mentions(child, logicalId));
}

/** Where one copy action of a backup plan sends recovery points. */
export interface CopyDestination {
  /** The destination vault's region; undefined when it cannot be known (`why` says why). */
  readonly region?: string;
  readonly why?: string;
  /** The plan and rule, for messages. */
  readonly where: string;
}

interface Selection {
  readonly selection: Located;
  readonly plan?: Located;
  /** Copy action destinations of the plan the selection belongs to. */
  readonly copies: readonly CopyDestination[];
}

/** The region of a copy destination vault ARN (or vault resource), over its possible values. */
function destinationRegions(index: TemplateIndex, value: unknown, where: string): CopyDestination[] {
  const out: CopyDestination[] = [];
  for (const candidate of possibleValues(index, value)) {
    const ref = index.follow(candidate.value);
    if (ref.kind === 'resource') {
      out.push(
        ref.index.region
          ? { region: ref.index.region, where }
          : { why: `the region of vault ${ref.resource.logicalId} (stack ${ref.index.name}) is not known`, where },
      );
      continue;
    }
    // ARNs written with Fn::Sub or Fn::Join: the region part is often literal even when the rest is not.
    const regions = textForms(index, candidate.value)
      .map((text) => text.replace(/\$\{AWS::Region\}/g, index.region ?? '${AWS::Region}'))
      .map((text) => /^arn:[^:]*:backup:([a-z]{2}(?:-gov)?-[a-z]+-\d):/.exec(text)?.[1]);
    const region = regions.find((r) => r !== undefined);
    out.push(
      region
        ? { region, where }
        : { why: `the copy destination of ${where} comes from ${ref.kind === 'external' ? ref.why : 'a value that is not an ARN'}`, where },
    );
  }
  return out;
}

function selections(run: TemplateModel): Selection[] {
  return run.memoize('backup-selections', () =>
    run.ofType('AWS::Backup::BackupSelection').map((selection) => {
      const plan = selection.index.resourceOf(selection.resource.properties.BackupPlanId, 'AWS::Backup::BackupPlan');
      const copies: CopyDestination[] = [];
      const rules = plan && isRecord(plan.resource.properties.BackupPlan) ? plan.resource.properties.BackupPlan.BackupPlanRule : undefined;
      if (plan && Array.isArray(rules)) {
        for (const rule of rules) {
          const actions = isRecord(rule) ? rule.CopyActions : undefined;
          const where = `backup plan ${plan.resource.logicalId}${isRecord(rule) && typeof rule.RuleName === 'string' ? ` rule ${rule.RuleName}` : ''}`;
          if (Array.isArray(actions))
            for (const copy of actions)
              if (isRecord(copy)) copies.push(...destinationRegions(plan.index, copy.DestinationBackupVaultArn, where));
        }
      }
      return { selection, plan, copies };
    }),
  );
}

/** ARN service and resource part per data store type, with the property naming it (`${Id}` when unnamed). */
const ARN_SHAPE: Readonly<Record<string, { service: string; resource: string; name?: string }>> = {
  'AWS::S3::Bucket': { service: 's3', resource: '', name: 'BucketName' },
  'AWS::DynamoDB::Table': { service: 'dynamodb', resource: 'table/', name: 'TableName' },
  'AWS::DynamoDB::GlobalTable': { service: 'dynamodb', resource: 'table/', name: 'TableName' },
  'AWS::RDS::DBInstance': { service: 'rds', resource: 'db:', name: 'DBInstanceIdentifier' },
  'AWS::RDS::DBCluster': { service: 'rds', resource: 'cluster:', name: 'DBClusterIdentifier' },
  'AWS::EFS::FileSystem': { service: 'elasticfilesystem', resource: 'file-system/' },
  'AWS::EC2::Volume': { service: 'ec2', resource: 'volume/' },
  'AWS::Backup::BackupVault': { service: 'backup', resource: 'backup-vault:', name: 'BackupVaultName' },
};

/** The ARNs of a store as texts (pseudo parameters replaced where the run knows them). */
function storeArns(store: TemplateResource, index: TemplateIndex): string[] {
  const shape = ARN_SHAPE[store.type];
  if (!shape) return [];
  const names = new Set([`\${${store.logicalId}}`]);
  if (shape.name && store.properties[shape.name] !== undefined) {
    for (const text of textForms(index, store.properties[shape.name])) names.add(text);
  }
  if (store.type === 'AWS::S3::Bucket') for (const name of nameForms({ resource: store, index }, index)) names.add(name);
  const region = shape.service === 's3' ? '' : (index.region ?? '${AWS::Region}');
  const account = shape.service === 's3' ? '' : (index.account ?? '${AWS::AccountId}');
  return [...names].map((name) => `arn:aws:${shape.service}:${region}:${account}:${shape.resource}${name}`);
}

/** A text with pseudo parameters the run knows replaced, for comparing ARNs. */
function normalize(text: string, index: TemplateIndex): string {
  return text
    .replace(/\$\{AWS::Region\}/g, index.region ?? '${AWS::Region}')
    .replace(/\$\{AWS::AccountId\}/g, index.account ?? '${AWS::AccountId}');
}

/** AWS Backup's and IAM's wildcards: `*` any run of characters, `?` one. */
function glob(pattern: string, text: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(text);
}

/** True when one of the selection's ARN values (Resources or NotResources) is the store. */
function arnListSelects(values: readonly unknown[], selection: Located, store: TemplateResource, index: TemplateIndex): boolean {
  const arns = storeArns(store, index);
  return values.some((value) => {
    if (selection.index === index && mentions(value, store.logicalId)) return true;
    return textForms(selection.index, value).some((text) => {
      if (text.includes('${') && selection.index !== index && !/^[^$]*(\$\{AWS::[A-Za-z]+\}[^$]*)*$/.test(text)) return false;
      const pattern = normalize(text, selection.index);
      return arns.some((arn) => glob(pattern, arn));
    });
  });
}

/** True when the store's tag `key` (`aws:ResourceTag/` prefix allowed) satisfies the comparison. */
function tagSatisfies(
  selection: Located,
  store: TemplateResource,
  index: TemplateIndex,
  key: unknown,
  value: unknown,
  like: boolean,
): boolean {
  const tagKey = selection.index.literalString(key)?.replace(/^aws:ResourceTag\//, '');
  const expected = selection.index.literalString(value);
  if (tagKey === undefined || expected === undefined) return false;
  const actual = index.tagValue(store, tagKey);
  if (actual === undefined) return false;
  return like ? glob(expected, actual) : actual === expected;
}

function conditionList(conditions: unknown, operator: string): Record<string, unknown>[] {
  const list = isRecord(conditions) ? conditions[operator] : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/**
 * Whether a backup selection assigns a store to its plan, as AWS Backup does: the store matches
 * Resources (ARNs, `*` wildcards, references) or one of ListOfTags (both absent: every
 * resource), and every Conditions entry (StringEquals, StringLike, StringNotEquals,
 * StringNotLike over `aws:ResourceTag/…`), and none of NotResources.
 */
export function selects(selection: Located, store: TemplateResource, index: TemplateIndex): boolean {
  const spec = selection.resource.properties.BackupSelection;
  if (!isRecord(spec)) return false;
  const resources = Array.isArray(spec.Resources) ? spec.Resources : [];
  const listOfTags = Array.isArray(spec.ListOfTags) ? spec.ListOfTags.filter(isRecord) : [];
  const included =
    (resources.length === 0 && listOfTags.length === 0) ||
    arnListSelects(resources, selection, store, index) ||
    listOfTags.some(
      (tag) =>
        String(tag.ConditionType ?? 'STRINGEQUALS').toUpperCase() === 'STRINGEQUALS' &&
        tagSatisfies(selection, store, index, tag.ConditionKey, tag.ConditionValue, false),
    );
  if (!included) return false;
  const conditions = spec.Conditions;
  const all = (operator: string, like: boolean, negate: boolean): boolean =>
    conditionList(conditions, operator).every(
      (c) => tagSatisfies(selection, store, index, c.ConditionKey, c.ConditionValue, like) !== negate,
    );
  if (
    !all('StringEquals', false, false) ||
    !all('StringLike', true, false) ||
    !all('StringNotEquals', false, true) ||
    !all('StringNotLike', true, true)
  )
    return false;
  const excluded = Array.isArray(spec.NotResources) ? spec.NotResources : [];
  return !arnListSelects(excluded, selection, store, index);
}

/** The AWS Backup plans that back up a store, with where each copies to. */
export function backupPlansOf(store: TemplateResource, index: TemplateIndex): Selection[] {
  return index.model ? selections(index.model).filter(({ selection }) => selects(selection, store, index)) : [];
}

/**
 * Whether a data store is in an AWS Backup plan that copies to another region. Returns whether
 * it is covered (a copy to the other Japanese region), whether it is in a plan at all, the
 * values that could not be followed, and copies that leave Japan.
 */
export function backupCopyToOtherRegion(
  store: TemplateResource,
  index: TemplateIndex,
): { covered: boolean; inPlan: boolean; unresolved: string[]; outsideJapan: string[] } {
  const unresolved: string[] = [];
  const outsideJapan: string[] = [];
  let covered = false;
  const plans = backupPlansOf(store, index);
  for (const { copies } of plans) {
    for (const copy of copies) {
      if (copy.region === undefined) unresolved.push(copy.why ?? `the copy destination of ${copy.where} is not known`);
      else if (!JAPAN_REGIONS.includes(copy.region))
        outsideJapan.push(`${copy.where} copies its recovery points to ${copy.region}, outside Japan`);
      else if (copy.region !== index.region) covered = true;
    }
  }
  return { covered, inPlan: plans.length > 0, unresolved: covered ? [] : unresolved, outsideJapan };
}
