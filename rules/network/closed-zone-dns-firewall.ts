import { Zone } from '../../lib/policy';
import { dnsFirewallRulesInOrder } from '../../lib/template/dns';
import { inZone } from '../../lib/template/network';
import { compliant, nonCompliant, notApplicable, outcomeOf } from '../outcome';
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
  const problems: string[] = [];
  for (const config of index.referrersOf(vpc, 'AWS::Route53Resolver::FirewallConfig')) {
    if (String(config.index.literalString(config.resource.properties.FirewallFailOpen) ?? '').toUpperCase() === 'ENABLED') {
      problems.push(
        `${config.resource.logicalId} sets FirewallFailOpen ENABLED, so queries are answered unfiltered whenever the firewall is impaired`,
      );
    }
  }
  // DHCP options that hand out other name servers send queries around Route 53 Resolver and its firewall.
  for (const association of index.referrersOf(vpc, 'AWS::EC2::VPCDHCPOptionsAssociation')) {
    if (!association.index.refersTo(association.resource.properties.VpcId, { resource: vpc, index })) continue;
    const options = association.index.resourceOf(association.resource.properties.DhcpOptionsId, 'AWS::EC2::DHCPOptions');
    const servers = options?.resource.properties.DomainNameServers;
    const others = (Array.isArray(servers) ? servers : [])
      .map((s) => options!.index.literalString(s) ?? 'a server that is not a literal')
      .filter((s) => s !== 'AmazonProvidedDNS');
    if (others.length > 0) {
      problems.push(
        `DHCP options ${options!.resource.logicalId} give the VPC name servers ${others.join(', ')}, which answer around the DNS Firewall; use AmazonProvidedDNS and Resolver rules to forward`,
      );
    }
  }
  const first = rules.find((rule) => rule.matchesEverything);
  if (!first) {
    if (unresolved.length > 0 && problems.length === 0)
      return outcomeOf(
        [],
        unresolved.map((u) => `${u}, so whether it blocks every other name is unknown`),
      );
    return nonCompliant(
      ...problems,
      rules.length === 0 && unresolved.length === 0
        ? 'no DNS Firewall rule group is associated with the VPC: Route 53 Resolver answers every public name, a way out for data as DNS queries'
        : 'no DNS Firewall rule for the wildcard domain * blocks the names the zone does not use; end the rule group with a BLOCK (NXDOMAIN) rule for a domain list holding *',
    );
  }
  for (const rule of rules) {
    if (rule === first) break;
    if (rule.action === 'BLOCK') continue;
    const open = rule.domains.filter((d) => d !== '*' && matchesRegistrableNames(d));
    if (open.length > 0) {
      problems.push(
        `rule priority ${rule.priority} of ${rule.group.resource.logicalId} answers ${open.join(', ')} (${rule.action}) ` +
          'before the wildcard BLOCK rule: ' +
          'anyone may register a name there and read the queries its name servers receive',
      );
    }
  }
  if (first.action !== 'BLOCK') {
    problems.push(
      `rule priority ${first.priority} of ${first.group.resource.logicalId} answers every name (${first.action} for *) before any wildcard BLOCK rule`,
    );
  }
  if (
    String(first.association.index.literalString(first.association.resource.properties.MutationProtection) ?? '').toUpperCase() !==
    'ENABLED'
  ) {
    problems.push(
      `association ${first.association.resource.logicalId} does not set MutationProtection ENABLED, so it can be removed without first being unprotected`,
    );
  }
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
