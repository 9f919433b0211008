/**
 * Honest scope: a clause whose subject the templates only reference (another organization's
 * resources) is that organization's to evidence, never `passed` on the strength of the member
 * side alone.
 */
import { parseZone, ZONE_NAMES } from '../policy/zone';
import type { ClauseResponsibility, Inventory, ReportResult, ResponsibleParty } from './model';
import { compareText } from './model';

/** The zone clauses of the three-layer separation (7.3.a, 7.3.b, 7.3.c): one per zone. */
const ZONE_CLAUSES: ReadonlySet<string> = new Set(Object.values(ZONE_NAMES).map((names) => names.clause));

/**
 * The clauses a result speaks for. A rule citing several zone clauses checks each zone against its
 * own clause, so a result counts under the clause of its resource's zone only: a report on the My
 * Number zone's stacks never passes the internet zone's clause. A resource whose zone is unknown
 * keeps every clause the rule cites (it may be in any of them). A resource in a zone the rule does
 * not cite claims none of them, except a finding: a failure or an exception stays under every zone
 * clause cited, so narrowing never hides one. Other clauses are kept as cited.
 */
export function clausesInScope(clauses: readonly string[], status: ReportResult['status'], zone: string | undefined): readonly string[] {
  const zoneClauses = clauses.filter((id) => ZONE_CLAUSES.has(id));
  const known = parseZone(zone);
  if (zoneClauses.length < 2 || known === undefined) return clauses;
  const own = ZONE_NAMES[known].clause;
  if (!zoneClauses.includes(own) && (status === 'non-compliant' || status === 'acknowledged')) return clauses;
  return clauses.filter((id) => !ZONE_CLAUSES.has(id) || id === own);
}

/** A subject that may live in another organization: the clauses it is the subject of and the rules that check it there. */
interface DelegableSubject {
  readonly party: ResponsibleParty;
  readonly clauses: readonly string[];
  /** Rules that apply only to the subject's own resources. */
  readonly rules: readonly string[];
  /** How the templates reference it when it is not in them. */
  readonly references: (inventory: Inventory) => string[];
}

const SUBJECTS: readonly DelegableSubject[] = [
  {
    // The prefecture's security cloud: a member city's internet zone attaches to its Transit Gateway by id.
    party: 'security-cloud',
    clauses: ['7.3.c'],
    rules: [
      'LGSEC-FIREWALL-POLICY-STRICT',
      'LGSEC-FIREWALL-LOGGING',
      'LGSEC-FIREWALL-PROTECTION',
      'LGSEC-FIREWALL-THREAT-SIGNATURES',
      'LGSEC-TGW-NO-DEFAULT-ROUTE-TABLE',
      'LGSEC-SECURITY-CLOUD-INSPECTION',
      'LGSEC-SECURITY-CLOUD-THREAT-DETECTION',
    ],
    references: (inventory) =>
      inventory.securityCloud.transitGateways
        .filter((tgw) => tgw.template === undefined && tgw.reference !== undefined)
        .map((tgw) => tgw.reference!),
  },
];

/**
 * Per clause id, the other organization answering for it: when none of the subject's rules found
 * a resource to judge (its resources are not in the templates) and the templates reference it.
 */
export function responsibilities(results: readonly ReportResult[], inventory: Inventory): Map<string, ClauseResponsibility> {
  const out = new Map<string, ClauseResponsibility>();
  for (const subject of SUBJECTS) {
    const rules = new Set(subject.rules);
    const judged = results.some((result) => rules.has(result.ruleId) && result.status !== 'not-applicable');
    if (judged) continue;
    const references = [...new Set(subject.references(inventory))].sort(compareText);
    if (references.length === 0) continue;
    for (const clause of subject.clauses) out.set(clause, { party: subject.party, references });
  }
  return out;
}
