import { metadataAcknowledgments, reasonProblem, refusal } from '../../lib/template/acknowledgments';
import { compliant, localized, nonCompliant, notApplicable, RuleOutcome } from '../outcome';
import { AcknowledgmentRule, checkVariants } from '../rule';

/**
 * An acknowledgment must say why (auditors read it): an empty or placeholder reason is a finding
 * of its own, and the acknowledgment does not count. Those written in `Metadata.lgsec.acknowledgments`
 * are judged here; those made in CDK code are judged by the rules that met them, whose refusals
 * this rule reports on the same resource.
 */
export const acknowledgmentReason: AcknowledgmentRule = {
  kind: 'acknowledgment',
  checkResource: ({ resource, index, refused }) => {
    const written = checkVariants(resource, index, (variant) => writtenReasons(variant.metadata, variant.logicalId));
    if (refused.length === 0) return written;
    const found = written.status === 'non-compliant' ? [localized(written.detail, written.detailJa ?? written.detail)] : [];
    return nonCompliant(...found, ...refused);
  },
};

function writtenReasons(metadata: unknown, madeAt: string): RuleOutcome {
  const { acknowledgments, malformed } = metadataAcknowledgments(metadata, madeAt);
  if (acknowledgments.length === 0 && malformed.length === 0) return notApplicable();
  const problems = [
    ...malformed,
    ...acknowledgments.flatMap((ack) => {
      const problem = reasonProblem(ack.reason);
      return problem ? [refusal(ack.ruleId, ack.madeAt, problem)] : [];
    }),
  ];
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
}
