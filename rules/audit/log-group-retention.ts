import { compliant, localized, nonCompliant, outcomeOf, Problem, RuleOutcome } from '../outcome';
import { resourceRule, ResourceRule } from '../rule';

/** The default floor of control 38, in days. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/**
 * Control 38: CloudWatch log groups keep logs at least `minimumDays` (no RetentionInDays keeps
 * them forever) and are encrypted with a KMS key.
 */
export function logGroupRetention(minimumDays: number = DEFAULT_LOG_RETENTION_DAYS): ResourceRule {
  return resourceRule(['AWS::Logs::LogGroup'], (group, index): RuleOutcome => {
    const problems: Problem[] = [];
    const unresolved: Problem[] = [];
    const raw = group.properties.RetentionInDays;
    if (raw !== undefined) {
      const days = Number(index.literalString(raw));
      if (!Number.isFinite(days))
        unresolved.push(
          localized(
            `RetentionInDays is not a literal (${JSON.stringify(raw)})`,
            `RetentionInDays がリテラルではない（${JSON.stringify(raw)}）`,
          ),
        );
      else if (days < minimumDays)
        problems.push(
          localized(
            `RetentionInDays is ${days}; keep at least ${minimumDays} days`,
            `RetentionInDays が ${days} である。${minimumDays} 日以上保存する`,
          ),
        );
    }
    if (group.properties.KmsKeyId === undefined) problems.push(localized('KmsKeyId is not set', 'KmsKeyId が設定されていない'));
    return problems.length > 0 ? nonCompliant(...problems) : unresolved.length > 0 ? outcomeOf([], unresolved) : compliant();
  });
}
