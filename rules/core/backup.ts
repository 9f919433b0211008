import { isRecord, Located, RunIndex, TemplateIndex, TemplateResource } from './template-index';

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

interface Selection {
  readonly selection: Located;
  /** Copy action destinations of the plan the selection belongs to. */
  readonly copyDestinations: readonly unknown[];
}

function selections(run: RunIndex): Selection[] {
  return run.memoize('backup-selections', () => run.ofType('AWS::Backup::BackupSelection').map((selection) => {
    const plan = selection.index.resourceOf(selection.resource.properties.BackupPlanId, 'AWS::Backup::BackupPlan');
    const rules = plan && isRecord(plan.resource.properties.BackupPlan) ? plan.resource.properties.BackupPlan.BackupPlanRule : undefined;
    const copyDestinations: unknown[] = [];
    if (Array.isArray(rules)) {
      for (const rule of rules) {
        const copies = isRecord(rule) ? rule.CopyActions : undefined;
        if (Array.isArray(copies)) for (const copy of copies) if (isRecord(copy)) copyDestinations.push(copy.DestinationBackupVaultArn);
      }
    }
    return { selection, copyDestinations };
  }));
}

function selects(selection: Located, store: TemplateResource, index: TemplateIndex): boolean {
  const spec = selection.resource.properties.BackupSelection;
  if (!isRecord(spec)) return false;
  const resources = Array.isArray(spec.Resources) ? spec.Resources : [];
  if (selection.index === index && resources.some((value) => mentions(value, store.logicalId))) return true;
  if (resources.some((value) => value === '*')) return true;
  const tagMatches = (key: unknown, value: unknown): boolean => {
    const tagKey = selection.index.literalString(key)?.replace(/^aws:ResourceTag\//, '');
    return tagKey !== undefined && index.tagValue(store, tagKey) !== undefined && index.tagValue(store, tagKey) === selection.index.literalString(value);
  };
  const listOfTags = Array.isArray(spec.ListOfTags) ? spec.ListOfTags : [];
  if (listOfTags.some((tag) => isRecord(tag) && tag.ConditionType === 'STRINGEQUALS' && tagMatches(tag.ConditionKey, tag.ConditionValue))) return true;
  const equals = isRecord(spec.Conditions) && Array.isArray(spec.Conditions.StringEquals) ? spec.Conditions.StringEquals : [];
  return equals.some((condition) => isRecord(condition) && tagMatches(condition.ConditionKey, condition.ConditionValue));
}

/**
 * Whether a data store is in an AWS Backup plan that copies to another region. Returns the
 * problems found (empty when covered) and the values that could not be followed.
 */
export function backupCopyToOtherRegion(store: TemplateResource, index: TemplateIndex): { covered: boolean; inPlan: boolean; unresolved: string[] } {
  const unresolved: string[] = [];
  let inPlan = false;
  for (const { selection, copyDestinations } of index.run ? selections(index.run) : []) {
    if (!selects(selection, store, index)) continue;
    inPlan = true;
    for (const destination of copyDestinations) {
      const ref = selection.index.follow(destination);
      if (ref.kind === 'literal') {
        const region = arnRegion(String(ref.value));
        if (region && region !== index.region && JAPAN_REGIONS.includes(region)) return { covered: true, inPlan, unresolved };
      } else if (ref.kind === 'resource') {
        if (ref.index.region && ref.index.region !== index.region) return { covered: true, inPlan, unresolved };
      } else if (ref.kind === 'external') {
        unresolved.push(`the copy destination of backup plan selection ${selection.resource.logicalId} comes from ${ref.why}`);
      }
    }
  }
  return { covered: false, inPlan, unresolved };
}
