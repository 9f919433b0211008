import { ExceptionFields, exceptionFieldsOf } from '../private/exception-fields';
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
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string') return `the reason is ${reason === undefined ? 'missing' : `not text (${JSON.stringify(reason)})`}`;
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text === '') return 'the reason is empty';
  const bare = text
    .toLowerCase()
    .replace(/[.!。、,\s-]+$/g, '')
    .replace(/^[\s-]+/, '');
  if (PLACEHOLDERS.has(bare) || /^[^\p{L}\p{N}]*$/u.test(text)) return `the reason '${text}' is a placeholder, not a reason`;
  // Japanese reasons have no spaces; count characters of Japanese script instead of words.
  const japanese = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length;
  if (japanese >= 8) return undefined;
  if (text.length < MIN_REASON_LENGTH)
    return `the reason '${text}' is shorter than ${MIN_REASON_LENGTH} characters; say why the finding is accepted`;
  const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  if (words.size < 3) return `the reason '${text}' does not say why (fewer than three different words)`;
  return undefined;
}

/** Acknowledgments written in a template's `Metadata.lgsec.acknowledgments` (resource or template level). */
export function metadataAcknowledgments(metadata: unknown, madeAt: string): { acknowledgments: Acknowledgment[]; malformed: string[] } {
  const acknowledgments: Acknowledgment[] = [];
  const malformed: string[] = [];
  const lgsec = isRecord(metadata) ? metadata.lgsec : undefined;
  if (lgsec === undefined) return { acknowledgments, malformed };
  const list = isRecord(lgsec) ? lgsec.acknowledgments : undefined;
  if (!Array.isArray(list)) {
    malformed.push('Metadata.lgsec.acknowledgments is not a list of { id, reason }');
    return { acknowledgments, malformed };
  }
  list.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.id !== 'string' || entry.id.trim() === '') {
      malformed.push(`Metadata.lgsec.acknowledgments[${i}] has no rule id`);
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
