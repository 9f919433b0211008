/**
 * The texts of rules and results in the report's language. Japanese falls back to English only
 * where the input has none (a report or check run written before Japanese texts existed).
 */
import type { RuleInfo, RuleTexts } from '../../rules/results';
import type { ReportLanguage, ReportResult, ResultChange } from './model';

/** A rule's cause, explanation and fix. */
export function ruleTexts(rule: RuleInfo, lang: ReportLanguage): RuleTexts {
  if (lang === 'ja' && rule.ja) return rule.ja;
  return { cause: rule.cause, explanation: rule.explanation, fix: rule.fix };
}

/** A result's or a baseline change's message. */
export function resultMessage(result: Pick<ReportResult, 'message' | 'messageJa'>, lang: ReportLanguage): string | undefined {
  return lang === 'ja' ? (result.messageJa ?? result.message) : result.message;
}

/** An acknowledged result's reason. */
export function acknowledgmentReason(result: Pick<ReportResult, 'acknowledgment'>, lang: ReportLanguage): string | undefined {
  const ack = result.acknowledgment;
  if (!ack) return undefined;
  return lang === 'ja' ? (ack.reasonJa ?? ack.reason) : ack.reason;
}

/** A baseline change's reason. */
export function changeReason(change: ResultChange, lang: ReportLanguage): string | undefined {
  return lang === 'ja' ? (change.reasonJa ?? change.reason) : change.reason;
}
