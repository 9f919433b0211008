/**
 * What the HTML and Markdown renderings share: grouping of results by clause, time display, and
 * the orderings that make both deterministic.
 */
import type { RuleStatus } from '../../../rules/results';
import { parseZone, ZONE_NAMES, ZONES } from '../../policy/zone';
import { citeClause, PROFILES, SHIOJIRI_PROFILE } from '../../policy/profiles';
import { acknowledgmentReason, resultMessage } from '../localize';
import { format, Messages, messagesWithCitations } from '../messages';
import { ClauseEntry, ControlState, ReportDocument, ReportLanguage, ReportResult } from '../model';

/** Results of one clause: the applicable ones (failures first) and the not-applicable ones per rule. */
export interface ClauseResults {
  readonly applicable: ReportResult[];
  readonly notApplicable: Map<string, ReportResult[]>;
}

const SEVERITY: Record<RuleStatus, number> = { 'non-compliant': 0, acknowledged: 1, compliant: 2, 'not-applicable': 3 };

/** Groups the (sorted) results by clause id in one pass. */
export function resultsByClause(doc: ReportDocument): Map<string, ClauseResults> {
  const groups = new Map<string, ClauseResults>(doc.clauses.map((clause) => [clause.id, { applicable: [], notApplicable: new Map() }]));
  for (const result of doc.results) {
    for (const id of result.clauses) {
      const group = groups.get(id);
      if (!group) continue;
      if (result.status === 'not-applicable') {
        const list = group.notApplicable.get(result.ruleId);
        if (list) list.push(result);
        else group.notApplicable.set(result.ruleId, [result]);
      } else {
        group.applicable.push(result);
      }
    }
  }
  // Stable sort: failures first, then the document's template / resource / rule order.
  for (const group of groups.values()) group.applicable.sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
  return groups;
}

const pad = (value: number): string => String(value).padStart(2, '0');

function stamp(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** A time in Japan Standard Time and UTC, computed without the host's time zone or locale data. */
export function displayTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${stamp(new Date(date.getTime() + 9 * 3600 * 1000))} JST (${stamp(date)} UTC)`;
}

/** The clause's number in the report's policy profile. */
export function clauseNumber(clause: Pick<ClauseEntry, 'id' | 'number'>): string {
  return clause.number ?? clause.id;
}

/** Writes clause keys (as results and rules cite them) in the numbering of the report's profile. */
export function clauseNumbering(doc: ReportDocument): (keys: readonly string[]) => string {
  const numbers = new Map(doc.clauses.map((clause) => [clause.id, clauseNumber(clause)]));
  return (keys) => keys.map((key) => numbers.get(key) ?? key).join(', ');
}

/**
 * The report's messages, clause citations in its profile's style. A report written before
 * profiles is Shiojiri's; a profile that is not built in cites by the clause numbers.
 */
export function reportMessages(doc: ReportDocument): Messages {
  const profile = doc.profile === undefined ? SHIOJIRI_PROFILE : PROFILES.find((entry) => entry.id === doc.profile!.id);
  const numbers = new Map(doc.clauses.map((clause) => [clause.id, clauseNumber(clause)]));
  return messagesWithCitations(doc.lang, (key) => (profile ? citeClause(profile, key, doc.lang) : (numbers.get(key) ?? key)));
}

export function clauseTitle(clause: Pick<ClauseEntry, 'titleJa' | 'titleEn'>, lang: ReportLanguage): string {
  return lang === 'ja' ? clause.titleJa : clause.titleEn;
}

export function zoneName(zone: string | undefined, t: Messages, lang: ReportLanguage): string {
  if (zone === undefined) return '—';
  const known = parseZone(zone);
  return known ? `${ZONE_NAMES[known][lang]} (${zone})` : zone === 'unzoned' ? t['zone.unzoned'] : `${zone} (?)`;
}

/** A control state as a mark and its detail. */
export function controlText(control: ControlState): string {
  const mark = control.state === 'on' ? '✓' : control.state === 'off' ? '✗' : '—';
  return control.detail === undefined ? mark : `${mark} ${control.detail}`;
}

/** The detail of a result for a table cell: message, and for an acknowledgment the reason and where. */
export function resultDetail(result: ReportResult, t: Messages, lang: ReportLanguage): string[] {
  const lines: string[] = [];
  const message = resultMessage(result, lang);
  if (message !== undefined) lines.push(message);
  if (result.acknowledgment) {
    lines.push(`${t.reason}: ${acknowledgmentReason(result, lang) ?? ''}`);
    lines.push(`${t.madeAt}: ${result.acknowledgment.madeAt}`);
  }
  return lines;
}

/** The checklist instruction of a clause that needs a person. */
export function checklistText(clause: ClauseEntry, t: Messages): string {
  if (clause.kind === 'partial' && clause.rules.length > 0) {
    return format(t.checklistPartial, { verdict: t[`verdict.${clause.verdict}`], meaning: clause.meaning });
  }
  if (clause.kind === 'automated' || clause.kind === 'partial') return format(t.checklistUnchecked, { meaning: clause.meaning });
  return format(t.checklistProcedural, { meaning: clause.meaning });
}

export function yesNo(value: boolean, t: Messages): string {
  return value ? t.yes : t.no;
}

/** The resource a result is about; template-level rules have no logical id. */
export function resourceLabel(logicalId: string, t: Messages): string {
  return logicalId === '' ? t.wholeTemplate : logicalId;
}

/** The glossary of classification levels and zones (policy 7.2, 7.3), as [term, meaning] rows. */
export function glossaryRows(t: Messages, lang: ReportLanguage): { classification: [string, string][]; zones: [string, string][] } {
  return {
    classification: (['c3', 'c2', 'c1', 'i2', 'i1', 'a2', 'a1'] as const).map((level) => {
      const [term, ...rest] = t[`class.${level}`].split(/[:：] /);
      return [term, rest.join(': ')];
    }),
    zones: ZONES.map((zone) => [`${ZONE_NAMES[zone][lang]} (${zone})`, t[`zoneDesc.${zone}`]]),
  };
}

/** One row of the continuous-compliance table, as plain text: the rule, its clauses, why, and where it is deployed. */
export interface ConfigRuleRow {
  readonly rule: string;
  readonly identifier: string;
  readonly clauses: string;
  readonly why: string;
  readonly deployedBy: readonly string[];
}

/** The conformance packs' rules in clause order (unmapped rules last), with where each pack measures. */
export function configRuleRows(doc: ReportDocument, t: Messages): ConfigRuleRow[] {
  const compliance = doc.inventory.continuousCompliance;
  if (!compliance) return [];
  const packs = new Map(compliance.conformancePacks.map((pack) => [`${pack.template}/${pack.logicalId}`, pack]));
  const clauseOrder = new Map(doc.clauses.map((clause, index) => [clause.id, index]));
  const firstClause = (clauses: readonly string[]): number =>
    Math.min(Number.MAX_SAFE_INTEGER, ...clauses.map((id) => clauseOrder.get(id) ?? Number.MAX_SAFE_INTEGER));
  return [...compliance.configRules]
    .sort((a, b) => firstClause(a.clauses) - firstClause(b.clauses))
    .map((rule) => ({
      rule: rule.name,
      identifier: rule.owner === 'AWS' ? rule.identifier : `${rule.owner} ${rule.identifier}`.trim(),
      clauses: rule.clauses.length === 0 ? t.unmappedRule : clauseNumbering(doc)(rule.clauses),
      why: rule.reason?.[doc.lang] ?? '—',
      deployedBy: rule.packs.map((key) => {
        const pack = packs.get(key);
        if (!pack) return key;
        const where = [pack.account, pack.region].filter((part) => part !== undefined).join(' ');
        return `${pack.name} (${where}; ${t[`packScope.${pack.scope}`]})`;
      }),
    }));
}

/** One row of the terminals and remote browsers table, as plain text. */
export interface RemoteSessionRow {
  readonly name: string;
  readonly kind: string;
  readonly zone: string;
  readonly openPaths: string;
  readonly reasons: readonly string[];
  readonly access: readonly string[];
  readonly template: string;
}

export function remoteSessionRows(doc: ReportDocument, t: Messages): RemoteSessionRow[] {
  return (doc.inventory.remoteSessions ?? []).map((session) => ({
    name: session.name,
    kind: t[`sessionKind.${session.kind}`],
    zone: zoneName(session.zone, t, doc.lang),
    openPaths: session.openPaths.length === 0 ? t.allPathsClosed : session.openPaths.map((path) => t[`sessionPath.${path}`]).join(', '),
    reasons: Object.entries(session.reasons).map(([setting, reason]) => `${setting}: ${reason}`),
    access: session.access,
    template: session.template,
  }));
}

export interface MailReceiptRow {
  readonly kind: string;
  readonly recipients: string;
  readonly region: string;
  readonly tls: string;
  readonly scanning: string;
  readonly deliversTo: readonly string[];
  readonly template: string;
}

/** The mail path's receipts, with their settings in the report's language. */
export function mailReceiptRows(doc: ReportDocument, t: Messages): MailReceiptRow[] {
  return (doc.inventory.mailReceipts ?? []).map((receipt) => ({
    kind: t[`mailKind.${receipt.kind}`],
    recipients: receipt.recipients.join(', ') || '—',
    region: receipt.region ?? '—',
    tls: t[`mailTls.${receipt.tls}`],
    scanning: t[`mailScan.${receipt.scanning}`],
    deliversTo: receipt.deliversTo,
    template: `${receipt.template}/${receipt.logicalId}`,
  }));
}
