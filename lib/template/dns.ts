import { isRecord, Located, TemplateIndex, TemplateResource } from './template-index';

/** One rule of a DNS Firewall rule group as evaluated for a VPC: its association's and its own priority. */
export interface DnsFirewallRuleInOrder {
  readonly associationPriority: number;
  readonly priority: number;
  readonly action: string;
  /** True when the rule's domain list (in a checked template) holds the wildcard `*`. */
  readonly matchesEverything: boolean;
  /** The literal domains of the rule's domain list (in a checked template). */
  readonly domains: readonly string[];
  readonly association: Located;
  readonly group: Located;
}

/** The DNS Firewall rule group associations of a VPC (in any checked template). */
export function dnsFirewallAssociationsOf(vpc: TemplateResource, index: TemplateIndex): Located[] {
  const self = { resource: vpc, index };
  return index
    .referrersOf(vpc, 'AWS::Route53Resolver::FirewallRuleGroupAssociation')
    .filter((association) => association.index.refersTo(association.resource.properties.VpcId, self));
}

/**
 * Every rule that applies to a VPC's queries, in the order Route 53 Resolver evaluates them
 * (association priority, then rule priority), and the associations whose rule group is not in
 * a checked template.
 */
export function dnsFirewallRulesInOrder(
  vpc: TemplateResource,
  index: TemplateIndex,
): { rules: DnsFirewallRuleInOrder[]; unresolved: { readonly en: string; readonly ja: string }[] } {
  const rules: DnsFirewallRuleInOrder[] = [];
  const unresolved: { readonly en: string; readonly ja: string }[] = [];
  for (const association of dnsFirewallAssociationsOf(vpc, index)) {
    const props = association.resource.properties;
    const group = association.index.resourceOf(props.FirewallRuleGroupId, 'AWS::Route53Resolver::FirewallRuleGroup');
    if (!group) {
      unresolved.push({
        en: `the rule group of association ${association.resource.logicalId} is not in a checked template`,
        ja: `関連付け ${association.resource.logicalId} のルールグループが検査したテンプレートにない`,
      });
      continue;
    }
    const associationPriority = Number(association.index.literalString(props.Priority) ?? Number.MAX_SAFE_INTEGER);
    const list = group.resource.properties.FirewallRules;
    for (const rule of Array.isArray(list) ? list : []) {
      if (!isRecord(rule)) continue;
      const domainList = group.index.resourceOf(rule.FirewallDomainListId, 'AWS::Route53Resolver::FirewallDomainList');
      const domains = domainList?.resource.properties.Domains;
      const literal = (Array.isArray(domains) ? domains : []).map((d) => domainList!.index.literalString(d)).filter((d) => d !== undefined);
      rules.push({
        associationPriority,
        priority: Number(group.index.literalString(rule.Priority) ?? Number.MAX_SAFE_INTEGER),
        action: String(group.index.literalString(rule.Action) ?? '').toUpperCase(),
        matchesEverything: literal.includes('*'),
        domains: literal,
        association,
        group,
      });
    }
  }
  rules.sort((a, b) => a.associationPriority - b.associationPriority || a.priority - b.priority);
  return { rules, unresolved };
}
