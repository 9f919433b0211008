import { ExceptionFields, exceptionFieldsOf, LocalizedProblem } from '../private/exception-fields';
import { isRecord } from './template-index';

/** The pack prefix of qualified rule ids (`LGSEC::LGSEC-…`). */
export const PACK_NAME = 'LGSEC';

/** A reason shorter than this (after trimming) does not say why. */
export const MIN_REASON_LENGTH = 20;

const PLACEHOLDERS = new Set([
  'na',
  'n/a',
  'none',
  'todo',
  'tbd',
  'fixme',
  'ok',
  'okay',
  'yes',
  'no',
  'x',
  'test',
  'wip',
  'ignore',
  'ignored',
  'suppress',
  'suppressed',
  'acknowledged',
  'ack',
  'reason',
  'because',
  'temp',
  'temporary',
  'later',
  'false positive',
  'not applicable',
  'not needed',
]);

/** An acknowledgment as written: the rule it names, the reason and where it was made. */
export interface Acknowledgment {
  readonly ruleId: string;
  readonly reason: string;
  readonly madeAt: string;
  /** Approver, dates and reference of the exception; `byDesign` for lgsec's own constructs. */
  readonly fields?: ExceptionFields;
}

/** The rule id without the `LGSEC::` prefix (acknowledgments may be written either way). */
export function unqualifiedRuleId(id: string): string {
  return id.replace(/^(LGSEC|annotation)::/i, '');
}

/** Why a reason does not say why, or undefined when it is a real reason. */
export function reasonProblem(reason: unknown): LocalizedProblem | undefined {
  if (reason === undefined) return { en: 'the reason is missing', ja: '理由が書かれていない' };
  if (typeof reason !== 'string')
    return { en: `the reason is not text (${JSON.stringify(reason)})`, ja: `理由が文字列ではない（${JSON.stringify(reason)}）` };
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text === '') return { en: 'the reason is empty', ja: '理由が空である' };
  const bare = text
    .toLowerCase()
    .replace(/[.!。、,\s-]+$/g, '')
    .replace(/^[\s-]+/, '');
  if (PLACEHOLDERS.has(bare) || /^[^\p{L}\p{N}]*$/u.test(text))
    return { en: `the reason '${text}' is a placeholder, not a reason`, ja: `理由 '${text}' は仮の文字列であり、理由ではない` };
  // Japanese reasons have no spaces; count characters of Japanese script instead of words.
  const japanese = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length;
  if (japanese >= 8) return undefined;
  if (text.length < MIN_REASON_LENGTH)
    return {
      en: `the reason '${text}' is shorter than ${MIN_REASON_LENGTH} characters; say why the finding is accepted`,
      ja: `理由 '${text}' が ${MIN_REASON_LENGTH} 文字に満たない。検出事項を受け入れる理由を書くこと`,
    };
  const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  if (words.size < 3)
    return {
      en: `the reason '${text}' does not say why (fewer than three different words)`,
      ja: `理由 '${text}' は理由を述べていない（異なる語が 3 つ未満）`,
    };
  return undefined;
}

/** Why the acknowledgment of `ruleId` made at `madeAt` does not count, naming it (for LGSEC-ACKNOWLEDGMENT-REASON). */
export function refusal(ruleId: string, madeAt: string, problem: LocalizedProblem): LocalizedProblem {
  return { en: `acknowledgment of ${ruleId} at ${madeAt}: ${problem.en}`, ja: `${madeAt} の ${ruleId} の承認：${problem.ja}` };
}

/** Acknowledgments written in a template's `Metadata.lgsec.acknowledgments` (resource or template level). */
export function metadataAcknowledgments(
  metadata: unknown,
  madeAt: string,
): { acknowledgments: Acknowledgment[]; malformed: LocalizedProblem[] } {
  const acknowledgments: Acknowledgment[] = [];
  const malformed: LocalizedProblem[] = [];
  const lgsec = isRecord(metadata) ? metadata.lgsec : undefined;
  if (lgsec === undefined) return { acknowledgments, malformed };
  const list = isRecord(lgsec) ? lgsec.acknowledgments : undefined;
  if (!Array.isArray(list)) {
    malformed.push({
      en: 'Metadata.lgsec.acknowledgments is not a list of { id, reason }',
      ja: 'Metadata.lgsec.acknowledgments が { id, reason } のリストではない',
    });
    return { acknowledgments, malformed };
  }
  list.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.id !== 'string' || entry.id.trim() === '') {
      malformed.push({
        en: `Metadata.lgsec.acknowledgments[${i}] has no rule id`,
        ja: `Metadata.lgsec.acknowledgments[${i}] に規則 ID がない`,
      });
      return;
    }
    // Written by the pack from code acknowledgments, an entry keeps the construct path it was made at.
    const at = typeof entry.madeAt === 'string' && entry.madeAt !== '' ? entry.madeAt : madeAt;
    const fields = exceptionFieldsOf(entry);
    acknowledgments.push({
      ruleId: unqualifiedRuleId(entry.id.trim()),
      reason: entry.reason as string,
      madeAt: at,
      ...(fields === undefined ? {} : { fields }),
    });
  });
  return { acknowledgments, malformed };
}
