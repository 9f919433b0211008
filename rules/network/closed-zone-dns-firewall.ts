import { Zone } from '../../lib/policy';
import { dnsFirewallRulesInOrder } from '../../lib/template/dns';
import { inZone } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/** Second-level suffixes under which anyone registers a domain (JPRS's attribute domains and a few common ones). */
const PUBLIC_SECOND_LEVEL = /^(co|ne|or|ac|ad|ed|go|gr|lg)\.jp$|^(co|org|ac|gov)\.uk$|^com\.(cn|au|tw|br)$/;

/**
 * True for a domain pattern that matches names anyone can register and serve: `*`, or a
 * wildcard over a top-level domain or a public second-level suffix (`*.com`, `*.co.jp`, `*com`).
 * Queries for such names reach the registrant's name servers: data leaves as DNS queries.
 */
export function matchesRegistrableNames(domain: string): boolean {
  const lower = domain.toLowerCase().replace(/\.$/, '');
  if (!lower.startsWith('*')) return false;
  const suffix = lower.replace(/^\*\.?/, '');
  return suffix === '' || !suffix.includes('.') || PUBLIC_SECOND_LEVEL.test(suffix);
}

/**
 * A `mynumber` or `lgwan` VPC resolves no public name: a DNS Firewall rule group associated with
 * it ends in a BLOCK rule for the wildcard `*` (a walled garden), no ALLOW or ALERT rule for `*`
 * or for a wildcard over names anyone can register (`*.com`, `*.co.jp`) comes before it, the
 * association is mutation-protected, and the VPC's firewall does not fail open. Without it
 * Route 53 Resolver answers any name recursively, so data leaves the closed
 * zone as DNS queries (`<chunk>.attacker.example`) with no gateway, route or IAM permission.
 */
export const closedZoneDnsFirewall = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  if (!inZone(index.zoneOf(vpc), Zone.MY_NUMBER, Zone.LGWAN)) return notApplicable();
  const { rules, unresolved } = dnsFirewallRulesInOrder(vpc, index);
  const problems: Problem[] = [];
  for (const config of index.referrersOf(vpc, 'AWS::Route53Resolver::FirewallConfig')) {
    if (String(config.index.literalString(config.resource.properties.FirewallFailOpen) ?? '').toUpperCase() === 'ENABLED') {
      problems.push(
        localized(
          `${config.resource.logicalId} sets FirewallFailOpen ENABLED, ` +
            'so queries are answered unfiltered whenever the firewall is impaired',
          `${config.resource.logicalId} は FirewallFailOpen を ENABLED にしており、ファイアウォールの障害時には問合せがフィルタされずに応答される`,
        ),
      );
    }
  }
  // DHCP options that hand out other name servers send queries around Route 53 Resolver and its firewall.
  for (const association of index.referrersOf(vpc, 'AWS::EC2::VPCDHCPOptionsAssociation')) {
    if (!association.index.refersTo(association.resource.properties.VpcId, { resource: vpc, index })) continue;
    const options = association.index.resourceOf(association.resource.properties.DhcpOptionsId, 'AWS::EC2::DHCPOptions');
    const servers = options?.resource.properties.DomainNameServers;
    const named = (Array.isArray(servers) ? servers : []).map((s) => options!.index.literalString(s));
    const others = named.map((s) => s ?? 'a server that is not a literal').filter((s) => s !== 'AmazonProvidedDNS');
    const othersJa = named.map((s) => s ?? 'リテラルでないサーバー').filter((s) => s !== 'AmazonProvidedDNS');
    if (others.length > 0) {
      problems.push(
        localized(
          `DHCP options ${options!.resource.logicalId} give the VPC name servers ${others.join(', ')}, ` +
            'which answer around the DNS Firewall; use AmazonProvidedDNS and Resolver rules to forward',
          `DHCP オプション ${options!.resource.logicalId} が VPC に DNS Firewall を経由せずに応答するネームサーバー ` +
            `${othersJa.join(', ')} を与えている。AmazonProvidedDNS を使い、転送には Resolver ルールを使うこと`,
        ),
      );
    }
  }
  const first = rules.find((rule) => rule.matchesEverything);
  if (!first) {
    if (unresolved.length > 0 && problems.length === 0)
      return outcomeOf(
        [],
        unresolved.map((u) =>
          localized(
            `${u.en}, so whether it blocks every other name is unknown`,
            `${u.ja}ため、それ以外の名前をすべてブロックするか分からない`,
          ),
        ),
      );
    return nonCompliant(
      ...problems,
      rules.length === 0 && unresolved.length === 0
        ? localized(
            'no DNS Firewall rule group is associated with the VPC: ' +
              'Route 53 Resolver answers every public name, a way out for data as DNS queries',
            'VPC に DNS Firewall のルールグループが関連付けられていない。Route 53 Resolver があらゆる公開名に応答し、DNS 問合せとしてデータが外に出る経路となる',
          )
        : localized(
            'no DNS Firewall rule for the wildcard domain * blocks the names the zone does not use; ' +
              'end the rule group with a BLOCK (NXDOMAIN) rule for a domain list holding *',
            'ゾーンが使わない名前をワイルドカードドメイン * でブロックする DNS Firewall ルールがない。* を含むドメインリストに対する BLOCK（NXDOMAIN）ルールでルールグループを終えること',
          ),
    );
  }
  for (const rule of rules) {
    if (rule === first) break;
    if (rule.action === 'BLOCK') continue;
    const open = rule.domains.filter((d) => d !== '*' && matchesRegistrableNames(d));
    if (open.length > 0) {
      problems.push(
        localized(
          `rule priority ${rule.priority} of ${rule.group.resource.logicalId} answers ${open.join(', ')} (${rule.action}) ` +
            'before the wildcard BLOCK rule: ' +
            'anyone may register a name there and read the queries its name servers receive',
          `${rule.group.resource.logicalId} の優先度 ${rule.priority} のルールがワイルドカードの BLOCK ルールより前に ${open.join(', ')} に応答する（${rule.action}）。` +
            'その配下には誰でも名前を登録でき、そのネームサーバーが受ける問合せを読める',
        ),
      );
    }
  }
  if (first.action !== 'BLOCK') {
    problems.push(
      localized(
        `rule priority ${first.priority} of ${first.group.resource.logicalId} answers every name (${first.action} for *) ` +
          'before any wildcard BLOCK rule',
        `${first.group.resource.logicalId} の優先度 ${first.priority} のルールが、ワイルドカードの BLOCK ルールより前にすべての名前に応答する（* に対する ${first.action}）`,
      ),
    );
  }
  if (
    String(first.association.index.literalString(first.association.resource.properties.MutationProtection) ?? '').toUpperCase() !==
    'ENABLED'
  ) {
    problems.push(
      localized(
        `association ${first.association.resource.logicalId} does not set MutationProtection ENABLED, ` +
          'so it can be removed without first being unprotected',
        `関連付け ${first.association.resource.logicalId} が MutationProtection を ENABLED にしておらず、保護を解除する手順なしに削除できる`,
      ),
    );
  }
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
