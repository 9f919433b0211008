/**
 * Accounts of the inventory: the stacks of each account, the zones its VPCs build, the shared
 * services it holds and the organization guardrails guarding its zones; and whether accounts
 * separate the three layers.
 */
import { GUARDRAIL_TAG_KEYS } from '../../organization/tags';
import { TAG_KEYS } from '../../policy/tags';
import { parseZone, Zone } from '../../policy/zone';
import { isRecord, TemplateIndex } from '../../template/template-index';
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
    for (const resource of index.ofType('AWS::Organizations::Policy')) {
      entry.services.add('organization-guardrails');
      guardrails.push(guardrailEntry(index, resource.logicalId));
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

/** An AWS Organizations policy with the guardrail and zones its tags name, and its size when it is literal. */
function guardrailEntry(index: TemplateIndex, logicalId: string): GuardrailEntry {
  const resource = index.resources.get(logicalId)!;
  const props = resource.properties;
  const tags = renderedTags(resource, index);
  const content = props['Content'];
  const json = isRecord(content) ? JSON.stringify(content) : undefined;
  const size =
    typeof content === 'string'
      ? content.length
      : json !== undefined && !json.includes('"Fn::') && !json.includes('"Ref"')
        ? json.length
        : undefined;
  return {
    template: index.name,
    logicalId,
    name: renderValue(props['Name'] ?? logicalId),
    type: renderValue(props['Type'] ?? '?'),
    ...(tags[GUARDRAIL_TAG_KEYS.guardrail] === undefined ? {} : { guardrail: tags[GUARDRAIL_TAG_KEYS.guardrail] }),
    zones: (tags[GUARDRAIL_TAG_KEYS.zones] ?? '').split(/\s+/).filter(Boolean).sort(compareText),
    targets: list(props['TargetIds']).map(renderValue).sort(compareText),
    ...(size === undefined ? {} : { size }),
  };
}
