/**
 * The AWS Config conformance packs of the templates and the managed rules they deploy, each with
 * the lgsec clauses it evidences: what keeps measuring compliance after deployment. Read from the
 * packs' own template bodies, so the report shows what is deployed, not what lgsec would deploy.
 */
import { parse as parseYaml } from 'yaml';
import { CONFIG_RULE_MAPPING } from '../../audit/config-rules';
import { isRecord, TemplateIndex, TemplateResource } from '../../template/template-index';
import { compareText, ConfigRuleEntry, ConformancePackEntry, ContinuousCompliance } from '../model';
import { accountOf } from './accounts';

const PACK_TYPES: Readonly<Record<string, ConformancePackEntry['scope']>> = {
  'AWS::Config::ConformancePack': 'account',
  'AWS::Config::OrganizationConformancePack': 'organization',
};

const MAPPING_BY_IDENTIFIER = new Map(CONFIG_RULE_MAPPING.map((rule) => [rule.identifier, rule]));

interface PackRule {
  readonly name: string;
  readonly identifier: string;
  readonly owner: string;
}

/** The Config rules of a pack's template body, or why they could not be read. */
function rulesOfBody(body: unknown): PackRule[] | string {
  if (typeof body !== 'string') return 'template body is not a literal string';
  let template: unknown;
  try {
    template = parseYaml(body, { uniqueKeys: false, logLevel: 'silent' });
  } catch (error) {
    return `template body is neither JSON nor YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  if (!isRecord(template) || !isRecord(template['Resources'])) return 'template body has no Resources';
  const rules: PackRule[] = [];
  for (const [logicalId, resource] of Object.entries(template['Resources'])) {
    if (!isRecord(resource) || resource['Type'] !== 'AWS::Config::ConfigRule' || !isRecord(resource['Properties'])) continue;
    const properties = resource['Properties'];
    const source = isRecord(properties['Source']) ? properties['Source'] : {};
    rules.push({
      name: typeof properties['ConfigRuleName'] === 'string' ? properties['ConfigRuleName'] : logicalId,
      identifier: typeof source['SourceIdentifier'] === 'string' ? source['SourceIdentifier'] : '',
      owner: typeof source['Owner'] === 'string' ? source['Owner'] : '',
    });
  }
  return rules;
}

function packName(resource: TemplateResource, index: TemplateIndex): string {
  const property = resource.type === 'AWS::Config::OrganizationConformancePack' ? 'OrganizationConformancePackName' : 'ConformancePackName';
  return index.literalString(resource.properties[property]) ?? resource.logicalId;
}

/** Reads every conformance pack of the templates and joins their rules by managed-rule identifier. */
export function readContinuousCompliance(templates: readonly TemplateIndex[]): ContinuousCompliance {
  const packs: ConformancePackEntry[] = [];
  const rules = new Map<string, { name: string; identifier: string; owner: string; packs: Set<string> }>();
  for (const index of templates) {
    for (const resource of index.resources.values()) {
      const scope = PACK_TYPES[resource.type];
      if (scope === undefined) continue;
      const name = packName(resource, index);
      const body = resource.properties['TemplateBody'];
      const read =
        body === undefined && resource.properties['TemplateS3Uri'] !== undefined
          ? 'template body in S3 (TemplateS3Uri), not in these templates'
          : rulesOfBody(index.literalString(body) ?? body);
      const key = `${index.name}/${resource.logicalId}`;
      packs.push({
        template: index.name,
        logicalId: resource.logicalId,
        name,
        scope,
        account: accountOf(index),
        ...(index.region ? { region: index.region } : {}),
        rules: typeof read === 'string' ? [] : read.map((rule) => rule.name).sort(compareText),
        ...(typeof read === 'string' ? { unread: read } : {}),
      });
      if (typeof read === 'string') continue;
      for (const rule of read) {
        const ruleKey = `${rule.owner}:${rule.identifier || rule.name}`;
        const entry = rules.get(ruleKey) ?? { ...rule, packs: new Set<string>() };
        entry.packs.add(key);
        rules.set(ruleKey, entry);
      }
    }
  }
  const configRules: ConfigRuleEntry[] = [...rules.values()].map((rule) => {
    // Only AWS managed rules have a known meaning; a custom rule's identifier is a Lambda ARN.
    const mapping = rule.owner === 'AWS' ? MAPPING_BY_IDENTIFIER.get(rule.identifier) : undefined;
    return {
      name: rule.name,
      identifier: rule.identifier,
      owner: rule.owner,
      clauses: mapping ? [...mapping.clauses] : [],
      ...(mapping ? { reason: { ja: mapping.reasonJa, en: mapping.reason } } : {}),
      packs: [...rule.packs].sort(compareText),
    };
  });
  return {
    conformancePacks: packs.sort((a, b) => compareText(`${a.template}/${a.logicalId}`, `${b.template}/${b.logicalId}`)),
    configRules: configRules.sort((a, b) => compareText(a.name, b.name)),
  };
}
