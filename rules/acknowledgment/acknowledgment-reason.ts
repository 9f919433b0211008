import { metadataAcknowledgments, reasonProblem } from '../../lib/template/acknowledgments';
import { compliant, nonCompliant, notApplicable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * An acknowledgment in `Metadata.lgsec.acknowledgments` must say why (auditors read it): an
 * empty or placeholder reason is a finding of its own, and the acknowledgment does not count.
 * Acknowledgments made in CDK code are judged by the pack with the same test.
 */
export const acknowledgmentReason = resourceRule(['*'], (resource) => {
  const { acknowledgments, malformed } = metadataAcknowledgments(resource.metadata, resource.logicalId);
  if (acknowledgments.length === 0 && malformed.length === 0) return notApplicable();
  const problems = [
    ...malformed,
    ...acknowledgments.flatMap((ack) => {
      const problem = reasonProblem(ack.reason);
      return problem ? [`acknowledgment of ${ack.ruleId} at ${ack.madeAt}: ${problem}`] : [];
    }),
  ];
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
