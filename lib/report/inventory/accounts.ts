/**
 * Accounts of the inventory: the stacks of each account, the zones its VPCs build, the shared
 * services it holds and the organization guardrails guarding its zones; and whether accounts
 * separate the three layers.
 */
import { GUARDRAIL_METADATA_KEY, GUARDRAIL_TAG_KEYS } from '../../organization/tags';
import { TAG_KEYS } from '../../policy/tags';
import { parseZone, Zone } from '../../policy/zone';
import { isRecord, TemplateIndex, TemplateResource } from '../../template/template-index';
import { AccountEntry, compareText, GuardrailEntry, VpcEntry, ZoneSeparation } from '../model';
import { list, renderedTags, renderValue } from '../private/render';
import { entryKey } from './network';

/** The account group of stacks without an account. */
export const ACCOUNT_AGNOSTIC = 'account-agnostic';

/** Zones that must not share an account: the three layers of the separation. */
const SEPARATED_ZONES: readonly string[] = [Zone.MY_NUMBER, Zone.LGWAN, Zone.INTERNET];

/** The account a template deploys to, as the inventory groups it. */
export function accountOf(index: TemplateIndex): string {
  return index.account ?? ACCOUNT_AGNOSTIC;
}

export function readAccounts(
  templates: readonly TemplateIndex[],
  vpcs: readonly VpcEntry[],
): {
  accounts: AccountEntry[];
  separation: ZoneSeparation;
  guardrails: GuardrailEntry[];
} {
  const guardrails: GuardrailEntry[] = [];
  const byAccount = new Map<string, { stacks: Set<string>; zones: Set<string>; services: Set<string> }>();
  const accountOfTemplate = new Map<string, string>();
  for (const index of templates) {
    const id = accountOf(index);
    accountOfTemplate.set(index.name, id);
    let entry = byAccount.get(id);
    if (!entry) byAccount.set(id, (entry = { stacks: new Set(), zones: new Set(), services: new Set() }));
    entry.stacks.add(index.name);
    for (const resource of index.resources.values()) {
      const guardrail = guardrailEntry(index, resource);
      if (!guardrail) continue;
      guardrails.push(guardrail);
      if (guardrail.enforcedBy === 'organization') entry.services.add('organization-guardrails');
    }
    if (index.ofType('AWS::S3::Bucket').some((bucket) => renderedTags(bucket, index)[TAG_KEYS.purpose] === 'audit-log'))
      entry.services.add('log-archive');
  }
  for (const vpc of vpcs) {
    const zone = parseZone(vpc.zoneTag);
    if (zone) byAccount.get(accountOfTemplate.get(vpc.template) ?? ACCOUNT_AGNOSTIC)?.zones.add(zone);
  }
  guardrails.sort(
    (a, b) => compareText(a.name, b.name) || compareText(entryKey(a.template, a.logicalId), entryKey(b.template, b.logicalId)),
  );
  const accounts: AccountEntry[] = [...byAccount.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([account, entry]) => ({
      account,
      stacks: [...entry.stacks].sort(compareText),
      zones: [...entry.zones].sort(compareText),
      services: [...entry.services].sort(compareText),
      guardrails: [...new Set(guardrails.filter((g) => g.zones.some((zone) => entry.zones.has(zone))).map((g) => g.name))].sort(
        compareText,
      ),
    }));
  const shared = accounts
    .map((entry) => ({ account: entry.account, zones: entry.zones.filter((zone) => SEPARATED_ZONES.includes(zone)) }))
    .filter((entry) => entry.zones.length > 1)
    .map((entry) => `${entry.account}: ${entry.zones.join(', ')}`);
  const anyZone = accounts.some((entry) => entry.zones.some((zone) => SEPARATED_ZONES.includes(zone)));
  const separation: ZoneSeparation = shared.length > 0 ? { kind: 'iam-only', shared } : { kind: anyZone ? 'accounts' : 'na' };
  return { accounts, separation, guardrails };
}

/**
 * A guardrail: every AWS Organizations policy, and any other resource carrying the guardrail tags
 * (in its tags, or for a resource CloudFormation cannot tag, in its `Metadata`): StackSets of the
 * management account, and the IAM policies and boundaries that guard an account of its own.
 */
function guardrailEntry(index: TemplateIndex, resource: TemplateResource): GuardrailEntry | undefined {
  const props = resource.properties;
  const tags = { ...metadataTags(resource), ...renderedTags(resource, index) };
  const organizationPolicy = resource.type === 'AWS::Organizations::Policy';
  if (!organizationPolicy && tags[GUARDRAIL_TAG_KEYS.guardrail] === undefined) return undefined;
  const document = organizationPolicy ? props['Content'] : props['PolicyDocument'];
  const json = isRecord(document) ? JSON.stringify(document) : undefined;
  const size =
    typeof document === 'string'
      ? document.length
      : json !== undefined && !json.includes('"Fn::') && !json.includes('"Ref"')
        ? json.length
        : undefined;
  const tagged = tags[GUARDRAIL_TAG_KEYS.enforcement];
  // Untagged: what AWS Organizations applies is the organization's; anything else, the account's.
  const enforcedBy: GuardrailEntry['enforcedBy'] =
    tagged === 'account' || tagged === 'organization'
      ? tagged
      : organizationPolicy || resource.type === 'AWS::CloudFormation::StackSet'
        ? 'organization'
        : 'account';
  const mechanism = tags[GUARDRAIL_TAG_KEYS.mechanism] ?? (organizationPolicy ? mechanismOf(props['Type']) : undefined);
  return {
    template: index.name,
    logicalId: resource.logicalId,
    name: renderValue(props['Name'] ?? props['ManagedPolicyName'] ?? props['StackSetName'] ?? resource.logicalId),
    type: organizationPolicy ? renderValue(props['Type'] ?? '?') : resource.type,
    enforcedBy,
    ...(mechanism === undefined ? {} : { mechanism }),
    ...(tags[GUARDRAIL_TAG_KEYS.guardrail] === undefined ? {} : { guardrail: tags[GUARDRAIL_TAG_KEYS.guardrail] }),
    zones: (tags[GUARDRAIL_TAG_KEYS.zones] ?? '').split(/\s+/).filter(Boolean).sort(compareText),
    targets: targetsOf(resource).sort(compareText),
    ...(size === undefined ? {} : { size }),
  };
}

/** The guardrail tags of a resource that cannot be tagged, from its `Metadata`. */
function metadataTags(resource: TemplateResource): Record<string, string> {
  const held = resource.metadata?.[GUARDRAIL_METADATA_KEY];
  if (!isRecord(held)) return {};
  return Object.fromEntries(Object.entries(held).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function mechanismOf(type: unknown): string | undefined {
  if (type === 'SERVICE_CONTROL_POLICY') return 'scp';
  if (type === 'RESOURCE_CONTROL_POLICY') return 'rcp';
  return undefined;
}

/** What a guardrail is attached to: an organization policy's targets, a StackSet's OUs and accounts, an IAM policy's roles. */
function targetsOf(resource: TemplateResource): string[] {
  const props = resource.properties;
  switch (resource.type) {
    case 'AWS::Organizations::Policy':
      return list(props['TargetIds']).map(renderValue);
    case 'AWS::CloudFormation::StackSet':
      return list(props['StackInstancesGroup']).flatMap((group) => {
        const targets = isRecord(group) ? group['DeploymentTargets'] : undefined;
        return isRecord(targets) ? [...list(targets['OrganizationalUnitIds']), ...list(targets['Accounts'])].map(renderValue) : [];
      });
    default:
      return [...list(props['Roles']), ...list(props['Users']), ...list(props['Groups'])].map(renderValue);
  }
}
