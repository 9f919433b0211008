/**
 * The fields of an exception (例外措置): who approved an acknowledgment, when, until when, under
 * which reference; and the design decisions lgsec's own constructs acknowledge, with Japanese text.
 * Shared by the constructs (which record them), the template model and the rules (which read them);
 * no aws-cdk-lib here, so that the CLI reads templates without loading it.
 */
import type { IConstruct } from 'constructs';

/** Node metadata type recording the exception fields of an acknowledgment made in code. */
export const EXCEPTION_METADATA_TYPE = 'lgsec:exception';

/** What the exceptions register keeps beside the reason. All optional unless the pack requires them. */
export interface ExceptionFields {
  /** Who approved the exception (name or role). */
  readonly approver?: string;
  /** Date of approval, `YYYY-MM-DD`. */
  readonly approvedOn?: string;
  /** Last day the exception holds, `YYYY-MM-DD`; after it, the finding is a finding again. */
  readonly expiresOn?: string;
  /** Ticket or document of the approval. */
  readonly reference?: string;
  /** Made by lgsec for its own construct: a design decision, not the city's exception. */
  readonly byDesign?: boolean;
  /** The reason in Japanese (design decisions carry both languages). */
  readonly reasonJa?: string;
}

/**
 * Why an acknowledgment does not count, in both report languages: the shape of the rules'
 * `LocalizedDetail`, declared here because lib/private and lib/template know no rules.
 */
export interface LocalizedProblem {
  readonly en: string;
  readonly ja: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The exception fields of a record (template metadata entry or node metadata data); unknown and non-text values are dropped. */
export function exceptionFieldsOf(entry: Readonly<Record<string, unknown>>): ExceptionFields | undefined {
  const text = (key: string): string | undefined =>
    typeof entry[key] === 'string' && (entry[key] as string).trim() !== '' ? (entry[key] as string).trim() : undefined;
  const fields: { -readonly [K in keyof ExceptionFields]: ExceptionFields[K] } = {};
  for (const key of ['approver', 'approvedOn', 'expiresOn', 'reference', 'reasonJa'] as const) {
    const value = text(key);
    if (value !== undefined) fields[key] = value;
  }
  if (entry.byDesign === true) fields.byDesign = true;
  return Object.keys(fields).length === 0 ? undefined : fields;
}

/** The exception fields recorded in code on one construct, by unqualified rule id. */
export function codeExceptionFields(scope: IConstruct): Map<string, ExceptionFields> {
  const out = new Map<string, ExceptionFields>();
  for (const entry of scope.node.metadata) {
    if (entry.type !== EXCEPTION_METADATA_TYPE || typeof entry.data !== 'object' || entry.data === null) continue;
    const data = entry.data as Record<string, unknown>;
    const fields = exceptionFieldsOf(data);
    if (typeof data.ruleId === 'string' && fields !== undefined) out.set(data.ruleId, fields);
  }
  return out;
}

/**
 * Why an acknowledgment's fields do not let it count (expired, malformed dates, or missing
 * fields the pack requires), or undefined. `today` is `YYYY-MM-DD`. Design decisions have no
 * approver or expiry: lgsec's tests stand for them.
 */
export function exceptionProblem(
  fields: ExceptionFields | undefined,
  options: { today: string; required: boolean },
): LocalizedProblem | undefined {
  if (fields?.byDesign) return undefined;
  const problems: LocalizedProblem[] = [];
  for (const key of ['approvedOn', 'expiresOn'] as const) {
    const value = fields?.[key];
    if (value !== undefined && !isIsoDate(value))
      problems.push({ en: `${key} '${value}' is not a date written YYYY-MM-DD`, ja: `${key} '${value}' が YYYY-MM-DD 形式の日付ではない` });
  }
  if (problems.length > 0) return { en: problems.map((p) => p.en).join('; '), ja: problems.map((p) => p.ja).join('、') };
  if (fields?.expiresOn !== undefined && fields.expiresOn < options.today) {
    const reference = fields.reference === undefined ? '' : `, ${fields.reference}`;
    const referenceJa = fields.reference === undefined ? '' : `、${fields.reference}`;
    return {
      en:
        `the exception expired on ${fields.expiresOn} (approved by ${fields.approver ?? 'no one recorded'}${reference}); ` +
        'renew the approval or fix the finding',
      ja:
        `例外措置の有効期限 ${fields.expiresOn} が過ぎている（承認者：${fields.approver ?? '記録なし'}${referenceJa}）。` +
        '承認を更新するか、検出事項を是正すること',
    };
  }
  if (options.required) {
    const missing = (['approver', 'approvedOn', 'expiresOn', 'reference'] as const).filter((key) => fields?.[key] === undefined);
    if (missing.length > 0)
      return {
        en: `the exceptions register requires ${missing.join(', ')}; add them to the acknowledgment`,
        ja: `例外措置台帳には ${missing.join(', ')} が必要である。承認に追記すること`,
      };
  }
  return undefined;
}
