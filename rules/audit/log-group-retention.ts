import { compliant, nonCompliant, outcomeOf, RuleOutcome } from '../outcome';
import { resourceRule, ResourceRule } from '../rule';

/** The default floor of control 38, in days. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/**
 * Control 38: CloudWatch log groups keep logs at least `minimumDays` (no RetentionInDays keeps
 * them forever) and are encrypted with a KMS key.
 */
export function logGroupRetention(minimumDays: number = DEFAULT_LOG_RETENTION_DAYS): ResourceRule {
  return resourceRule(['AWS::Logs::LogGroup'], (group, index): RuleOutcome => {
    const problems: string[] = [];
    const unresolved: string[] = [];
    const raw = group.properties.RetentionInDays;
    if (raw !== undefined) {
      const days = Number(index.literalString(raw));
      if (!Number.isFinite(days)) unresolved.push(`RetentionInDays is not a literal (${JSON.stringify(raw)})`);
      else if (days < minimumDays) problems.push(`RetentionInDays is ${days}; keep at least ${minimumDays} days`);
    }
    if (group.properties.KmsKeyId === undefined) problems.push('KmsKeyId is not set');
    return problems.length > 0 ? nonCompliant(...problems) : unresolved.length > 0 ? outcomeOf([], unresolved) : compliant();
  });
}
