import { Acknowledgment, metadataAcknowledgments } from '../../lib/template/acknowledgments';
import { advisory, localized, LocalizedDetail, notApplicable, RuleOutcome } from '../outcome';
import { AcknowledgmentRule } from '../rule';

/**
 * An acknowledgment must name a rule of the pack. One with a mistyped id acknowledges nothing,
 * and the finding it was meant for still fails; this says which id was written and which was
 * probably meant, so the fix is one edit. A warning: the finding itself already fails the build.
 */
export const acknowledgmentUnknownRule: AcknowledgmentRule = {
  kind: 'acknowledgment',
  // Written on the resource, and made in code below its stack; those on the stack and above are judged once per template.
  checkResource: ({ resource, unwrittenBelowStack, ruleIds }) =>
    unknownRuleOutcome(
      [...metadataAcknowledgments(resource.metadata, resource.logicalId).acknowledgments, ...unwrittenBelowStack],
      ruleIds,
    ),
  checkTemplate: ({ acknowledgments, ruleIds }) => unknownRuleOutcome(acknowledgments, ruleIds),
};

/** The outcome for a set of acknowledgments: a finding naming each unknown id and its nearest known id. */
function unknownRuleOutcome(acknowledgments: readonly Acknowledgment[], knownIds: readonly string[]): RuleOutcome {
  const known = new Set(knownIds);
  const described = acknowledgments.filter((ack) => !known.has(ack.ruleId)).map((ack) => describeUnknown(ack, knownIds));
  const problems = [...new Map(described.map((problem) => [problem.en, problem])).values()];
  return problems.length > 0 ? advisory(...problems) : notApplicable();
}

function describeUnknown(ack: Acknowledgment, knownIds: readonly string[]): LocalizedDetail {
  const closest = closestId(ack.ruleId, knownIds);
  return localized(
    `the acknowledgment at ${ack.madeAt} names ${ack.ruleId}, which is not a rule of the pack${closest ? `; did you mean ${closest}` : ''}`,
    `${ack.madeAt} の承認が、パックにない規則 ${ack.ruleId} を指定している${closest ? `（${closest} の誤りか）` : ''}`,
  );
}

/** The known id nearest by edit distance, when it is near enough to be a typo (or a prefix slip). */
export function closestId(id: string, knownIds: readonly string[]): string | undefined {
  const wanted = id.toUpperCase();
  // An id written without the pack prefix (`S3-ACCESS-LOGGING`) is compared as if it had it.
  const prefixed = wanted.startsWith('LGSEC-') ? wanted : `LGSEC-${wanted}`;
  let best: { id: string; distance: number } | undefined;
  for (const candidate of knownIds) {
    const distance = Math.min(editDistance(wanted, candidate), editDistance(prefixed, candidate));
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(3, Math.floor(best.id.length / 4)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
