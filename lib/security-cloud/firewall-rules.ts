/**
 * Network Firewall rule content: default actions, AWS-managed rule groups, and the checks and
 * capacity arithmetic of the rules a prefecture writes. Pure functions, no constructs.
 */
import { Token } from 'aws-cdk-lib';

/**
 * What the stateful engine does with traffic no rule passed. Every choice drops (7.3.c); the
 * matching alert action is always added so each drop is logged.
 */
export enum StatefulDefaultAction {
  /**
   * Drop packets of established connections that no rule passed, once the application-layer
   * protocol is identified. The TCP handshake goes through, and a TLS ClientHello that spans
   * several packets (as browsers' post-quantum key shares make it) is reassembled before the
   * domain allowlist reads its SNI.
   */
  DROP_ESTABLISHED_APP_LAYER = 'aws:drop_established_app_layer',
  /**
   * Drop packets of established connections that no rule passed. The TCP handshake goes
   * through, but a ClientHello split over packets can be dropped before its SNI is matched.
   */
  DROP_ESTABLISHED = 'aws:drop_established',
  /**
   * Drop every packet no rule passed, the handshake included: only for rule sets written with
   * explicit flow-level pass rules.
   */
  DROP_STRICT = 'aws:drop_strict',
}

/**
 * The alert action logged with each drop default, from the same family: Network Firewall rejects
 * a policy that mixes the established and the application-layer defaults.
 */
export const ALERT_FOR_DROP: Readonly<Record<StatefulDefaultAction, string>> = {
  [StatefulDefaultAction.DROP_ESTABLISHED]: 'aws:alert_established',
  [StatefulDefaultAction.DROP_ESTABLISHED_APP_LAYER]: 'aws:alert_established_app_layer',
  [StatefulDefaultAction.DROP_STRICT]: 'aws:alert_strict',
};

/**
 * AWS-managed stateful rule groups, in their strict-order variants (the only ones a
 * STRICT_ORDER policy accepts).
 */
export enum ManagedRuleGroup {
  MALWARE_DOMAINS = 'MalwareDomainsStrictOrder',
  BOTNET_COMMAND_AND_CONTROL_DOMAINS = 'BotNetCommandAndControlDomainsStrictOrder',
  ABUSED_LEGIT_MALWARE_DOMAINS = 'AbusedLegitMalwareDomainsStrictOrder',
  ABUSED_LEGIT_BOTNET_COMMAND_AND_CONTROL_DOMAINS = 'AbusedLegitBotNetCommandAndControlDomainsStrictOrder',
  THREAT_SIGNATURES_BOTNET = 'ThreatSignaturesBotnetStrictOrder',
  THREAT_SIGNATURES_BOTNET_WEB = 'ThreatSignaturesBotnetWebStrictOrder',
  THREAT_SIGNATURES_BOTNET_WINDOWS = 'ThreatSignaturesBotnetWindowsStrictOrder',
  THREAT_SIGNATURES_DOS = 'ThreatSignaturesDoSStrictOrder',
  THREAT_SIGNATURES_EMERGING_EVENTS = 'ThreatSignaturesEmergingEventsStrictOrder',
  THREAT_SIGNATURES_EXPLOITS = 'ThreatSignaturesExploitsStrictOrder',
  THREAT_SIGNATURES_FUP = 'ThreatSignaturesFUPStrictOrder',
  THREAT_SIGNATURES_IOC = 'ThreatSignaturesIOCStrictOrder',
  THREAT_SIGNATURES_MALWARE = 'ThreatSignaturesMalwareStrictOrder',
  THREAT_SIGNATURES_MALWARE_COINMINING = 'ThreatSignaturesMalwareCoinminingStrictOrder',
  THREAT_SIGNATURES_MALWARE_MOBILE = 'ThreatSignaturesMalwareMobileStrictOrder',
  THREAT_SIGNATURES_MALWARE_WEB = 'ThreatSignaturesMalwareWebStrictOrder',
  THREAT_SIGNATURES_PHISHING = 'ThreatSignaturesPhishingStrictOrder',
  THREAT_SIGNATURES_SCANNERS = 'ThreatSignaturesScannersStrictOrder',
  THREAT_SIGNATURES_SUSPECT = 'ThreatSignaturesSuspectStrictOrder',
  THREAT_SIGNATURES_WEB_ATTACKS = 'ThreatSignaturesWebAttacksStrictOrder',
}

/** Sid of the member isolation rule; reserved, so the prefecture's own rules cannot reuse it. */
export const MEMBER_ISOLATION_SID = 9990001;

/**
 * The member isolation rule: every packet from one member to another is dropped (and alerted),
 * the TCP handshake included, which the `established` drop defaults would let through.
 */
export const MEMBER_ISOLATION_RULE = `drop ip $HOME_NET any -> $HOME_NET any (msg:"lgsec: traffic between member municipalities is not allowed"; sid:${MEMBER_ISOLATION_SID}; rev:1;)`;

/** Largest capacity Network Firewall accepts for one rule group. */
export const MAX_RULE_GROUP_CAPACITY = 30000;
/** Number of target types (TLS_SNI and HTTP_HOST) each allowed domain is matched on. */
export const DOMAIN_TARGET_TYPES = ['TLS_SNI', 'HTTP_HOST'] as const;

// A domain, or '.domain' for the domain and all its subdomains (Network Firewall's wildcard).
const DOMAIN = /^\.?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SURICATA_ACTIONS = ['pass', 'drop', 'reject', 'alert', 'rejectsrc', 'rejectdst', 'rejectboth'];

/** Allowed domains, lower-cased and de-duplicated, with the problems of malformed entries. */
export function normalizeDomains(domains: readonly string[], prop: string): { domains: string[]; problems: string[] } {
  const problems: string[] = [];
  const unique = new Set<string>();
  domains.forEach((raw, index) => {
    if (Token.isUnresolved(raw)) {
      unique.add(raw);
      return;
    }
    const domain = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (domain.startsWith('*.')) {
      problems.push(`${prop}[${index}]: '${raw}' uses '*.'; write '${domain.slice(1)}' to match the domain and its subdomains`);
    } else if (domain.length > 253 || !DOMAIN.test(domain)) {
      problems.push(
        `${prop}[${index}]: '${raw}' is not a domain name; write 'www.example.jp', or '.example.jp' for the domain and its subdomains`,
      );
    } else {
      unique.add(domain);
    }
  });
  return { domains: [...unique], problems };
}

/** Capacity the domain allowlist needs: one per domain and target type. */
export function domainListCapacityNeeded(domainCount: number): number {
  return domainCount * DOMAIN_TARGET_TYPES.length;
}

/** The Suricata rules of a rules string: one per line, comments and blank lines dropped. */
export function suricataRuleLines(rules: string): string[] {
  return rules
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/**
 * Problems with a Suricata rules string that Network Firewall would reject only at deploy time:
 * an unknown action, a missing or repeated `sid`.
 */
export function suricataRuleProblems(lines: readonly string[], prop: string): string[] {
  const problems: string[] = [];
  const sids = new Map<string, number>();
  lines.forEach((line, index) => {
    const action = line.split(/\s+/, 1)[0];
    const where = `${prop} rule ${index + 1}`;
    if (!SURICATA_ACTIONS.includes(action)) {
      problems.push(`${where}: '${truncate(line)}' starts with '${action}', not a Suricata action (${SURICATA_ACTIONS.join(', ')})`);
    }
    if (!line.endsWith(')')) {
      problems.push(`${where}: '${truncate(line)}' does not end with ')'; put each rule, with its options, on one line`);
    }
    const sid = /[(;]\s*sid\s*:\s*(\d+)\s*;/.exec(line)?.[1];
    if (sid === undefined) {
      problems.push(`${where}: '${truncate(line)}' has no 'sid:<number>;' option; every rule needs a unique sid`);
    } else if (Number(sid) === MEMBER_ISOLATION_SID) {
      problems.push(`${where}: sid ${sid} is reserved for the member isolation rule; use another sid`);
    } else if (sids.has(sid)) {
      problems.push(`${where}: sid ${sid} is already used by rule ${sids.get(sid)}; give every rule a unique sid`);
    } else {
      sids.set(sid, index + 1);
    }
  });
  return problems;
}

/**
 * The capacity of a rule group: the explicit one when given (checked against what the rules
 * need), otherwise twice what they need, rounded up to a hundred (capacity cannot change
 * without replacing the rule group, so leave room to grow).
 */
export function ruleGroupCapacity(
  needed: number,
  explicit: number | undefined,
  prop: string,
  what: string,
): { capacity: number; problem?: string } {
  if (explicit !== undefined) {
    if (!Number.isInteger(explicit) || explicit < 1 || explicit > MAX_RULE_GROUP_CAPACITY) {
      return { capacity: explicit, problem: `${prop}: ${explicit} is not a capacity from 1 to ${MAX_RULE_GROUP_CAPACITY}` };
    }
    if (explicit < needed) {
      return {
        capacity: explicit,
        problem: `${prop}: ${explicit} is less than the ${needed} that ${what} need; raise it to at least ${needed}`,
      };
    }
    return { capacity: explicit };
  }
  if (needed > MAX_RULE_GROUP_CAPACITY) {
    return {
      capacity: needed,
      problem: `${what} need a capacity of ${needed}, above Network Firewall's ${MAX_RULE_GROUP_CAPACITY} per rule group; split them or shorten the list`,
    };
  }
  const roomy = Math.max(100, Math.ceil((needed * 2) / 100) * 100);
  return { capacity: Math.min(roomy, MAX_RULE_GROUP_CAPACITY) };
}

function truncate(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/**
 * The AWS-managed threat-signature groups a security cloud's firewall uses unless told
 * otherwise: botnets, exploits, malware, indicators of compromise and emerging threats, plus
 * the malware and botnet domain lists. All strict-order variants.
 */
export const DEFAULT_MANAGED_RULE_GROUPS: readonly ManagedRuleGroup[] = Object.freeze([
  ManagedRuleGroup.THREAT_SIGNATURES_BOTNET,
  ManagedRuleGroup.THREAT_SIGNATURES_BOTNET_WEB,
  ManagedRuleGroup.THREAT_SIGNATURES_EXPLOITS,
  ManagedRuleGroup.THREAT_SIGNATURES_MALWARE,
  ManagedRuleGroup.THREAT_SIGNATURES_IOC,
  ManagedRuleGroup.THREAT_SIGNATURES_EMERGING_EVENTS,
  ManagedRuleGroup.MALWARE_DOMAINS,
  ManagedRuleGroup.BOTNET_COMMAND_AND_CONTROL_DOMAINS,
]);
