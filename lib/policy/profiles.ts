/**
 * Policy profiles: the policy a report and the CLI speak of, for any municipality.
 *
 * Japan's municipalities write their policies from the same national guideline (総務省「地方公共団体に
 * おける情報セキュリティポリシーに関するガイドライン」), each with its own numbering. The rules cite
 * stable clause keys — Shiojiri's clause ids of `CLAUSES.md`, the first profile — and a profile
 * says, for every key, how its own policy numbers and names that clause and where the guideline
 * has it. The report's title, clause matrix and checklist and the CLI's clause headings follow
 * the profile; what a clause means and what is checked on AWS stay the catalog's.
 */
import { CLAUSES, POLICY_NAME } from './clauses';

/** A text in Japanese and English. */
export interface ProfileText {
  readonly ja: string;
  readonly en: string;
}

/** One clause as a profile's policy numbers and names it. */
export interface ProfileClause {
  /** The stable clause key rules cite (a clause id of `CLAUSES.md`). */
  readonly key: string;
  /** The clause's number in this policy, as the report shows it, e.g. `7.3.a` or `対策基準 4(1)`. */
  readonly number: string;
  /** 見出し as in this policy. */
  readonly titleJa: string;
  readonly titleEn: string;
  /** Where the national guideline's model policy has this clause, e.g. `対策基準 4(1)`. */
  readonly guideline: string;
  /**
   * How running text cites the clause, e.g. `基本方針 7(2)` / `policy 7.2`.
   * @default - `number` in both languages
   */
  readonly citation?: ProfileText;
}

/** A municipality's policy: its name and its numbering of every clause the rules cite. */
export interface PolicyProfile {
  /** Selects the profile: `-c lgsec:profile=<id>`, `--profile <id>`, `LgsecChecks({ profile })`. */
  readonly id: string;
  /** Whose policy it is. */
  readonly municipality: ProfileText;
  /** The policy's title, shown as the report's subject. */
  readonly policy: ProfileText;
  /** What the profile's numbering and titles follow, for the reader to check them against. */
  readonly source: ProfileText;
  /** Every clause key of the catalog exactly once, in this policy's order. */
  readonly clauses: readonly ProfileClause[];
}

/** The profile used when none is selected. */
export const DEFAULT_PROFILE_ID = 'shiojiri';

/** Where each Shiojiri clause sits in the guideline's model policy (基本方針 and 対策基準 例文). */
const GUIDELINE: Record<string, string> = {
  '1': '基本方針 1',
  '2': '基本方針 2',
  '3': '基本方針 4(1)',
  '4': '基本方針 5',
  '5.1': '基本方針 4(2)①',
  '5.2': '基本方針 4(2)②',
  '5.3': '基本方針 4(2)③',
  '6.1': '基本方針 3(2)',
  '6.2': '基本方針 3(1)',
  '6.3': '基本方針 3(3)',
  '6.4': '基本方針 3(4)',
  '6.5': '基本方針 3(5)',
  '7.1': '対策基準 2',
  '7.2': '対策基準 3',
  '7.3.a': '対策基準 4(1)',
  '7.3.b': '対策基準 4(2)',
  '7.3.c': '対策基準 4(3)',
  '7.4': '対策基準 5',
  '7.5': '対策基準 6',
  '7.6': '対策基準 7',
  '7.7': '対策基準 8',
  '7.8.a': '対策基準 9(1)',
  '7.8.b': '対策基準 9(2)',
  '7.8.c': '対策基準 9(4)',
  '8': '基本方針 9',
  '9': '基本方針 10',
  '10': '対策基準 10(1)',
  '11': '対策基準 10(3)',
};

/** Shiojiri's citation style: `基本方針 7(3)ア` / `policy 7.3.a`. */
function shiojiriCitation(key: string): ProfileText {
  const [section, item, letter] = key.split('.');
  const kana = letter === undefined ? '' : ({ a: 'ア', b: 'イ', c: 'ウ' } as Record<string, string>)[letter];
  return { ja: `基本方針 ${section}${item === undefined ? '' : `(${item})`}${kana}`, en: `policy ${key}` };
}

/** Shiojiri City's Information Security Basic Policy: the catalog as it is. */
export const SHIOJIRI_PROFILE: PolicyProfile = Object.freeze({
  id: 'shiojiri',
  municipality: { ja: '塩尻市', en: 'Shiojiri City' },
  policy: { ja: POLICY_NAME.ja, en: POLICY_NAME.en },
  source: {
    ja: '塩尻市情報セキュリティ基本方針（lib/policy/shiojiri-basic-policy.ja.md）。番号は同方針の項番号。',
    en: "Shiojiri City's Information Security Basic Policy (lib/policy/shiojiri-basic-policy.ja.md); numbers are the policy's own.",
  },
  clauses: CLAUSES.map((entry) => ({
    key: entry.id,
    number: entry.id,
    titleJa: entry.titleJa,
    titleEn: entry.titleEn,
    guideline: GUIDELINE[entry.id],
    citation: shiojiriCitation(entry.id),
  })),
});

const model = (key: string, titleJa: string, titleEn: string): ProfileClause => ({
  key,
  number: GUIDELINE[key],
  titleJa,
  titleEn,
  guideline: GUIDELINE[key],
});

/**
 * The model policy of the national guideline (例文): the basic policy's and the security
 * standards' numbering and headings, for a municipality whose policy follows the guideline's
 * structure as is. Written from the structure of the guideline's 第2編 (基本方針 and 対策基準 例文);
 * editions differ in detail, so check the numbers against the edition your policy follows.
 */
export const GUIDELINE_MODEL_PROFILE: PolicyProfile = Object.freeze({
  id: 'guideline-model',
  municipality: { ja: '地方公共団体（ガイドライン例文）', en: 'Local government (guideline model policy)' },
  policy: {
    ja: '情報セキュリティポリシー（総務省ガイドライン例文準拠）',
    en: 'Information Security Policy (model policy of the MIC guideline)',
  },
  source: {
    ja: '総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」第2編の情報セキュリティ基本方針（例文）及び情報セキュリティ対策基準（例文）の構成。版により細部が異なるため、採用した版と照合すること。',
    en:
      'The structure of the Ministry of Internal Affairs and Communications guideline for local governments, part 2: ' +
      'the model basic policy and the model security standards. Editions differ in detail: check the numbers against ' +
      'the edition your policy follows.',
  },
  clauses: [
    model('1', '目的', 'Purpose'),
    model('2', '定義', 'Definitions'),
    model('6.2', '対象とする脅威 (1) 意図的な要因', 'Threats (1): intentional causes'),
    model('6.1', '対象とする脅威 (2) 非意図的な要因', 'Threats (2): unintentional causes'),
    model('6.3', '対象とする脅威 (3) 災害', 'Threats (3): disasters'),
    model('6.4', '対象とする脅威 (4) 大規模・広範囲にわたる疾病', 'Threats (4): epidemics'),
    model('6.5', '対象とする脅威 (5) インフラの障害', 'Threats (5): infrastructure failures'),
    model('3', '適用範囲 (1) 行政機関の範囲', 'Scope (1): bodies and persons'),
    model('5.1', '適用範囲 (2) 情報資産の範囲：ネットワーク及び情報システム', 'Scope (2): networks and information systems'),
    model('5.2', '適用範囲 (2) 情報資産の範囲：取り扱う情報', 'Scope (2): information handled'),
    model('5.3', '適用範囲 (2) 情報資産の範囲：システム関連文書', 'Scope (2): system documents'),
    model('4', '職員等の遵守義務', 'Obligations of staff'),
    model('8', '情報セキュリティ対策基準の策定', 'Security standards'),
    model('9', '情報セキュリティ実施手順の策定', 'Implementation procedures'),
    model('7.1', '組織体制', 'Organization'),
    model('7.2', '情報資産の分類と管理方法', 'Classification and management of information assets'),
    model('7.3.a', '情報システム全体の強靭性の向上：マイナンバー利用事務系', 'Resilience of the whole system: My Number zone'),
    model('7.3.b', '情報システム全体の強靭性の向上：LGWAN接続系', 'Resilience of the whole system: LGWAN zone'),
    model('7.3.c', '情報システム全体の強靭性の向上：インターネット接続系', 'Resilience of the whole system: internet zone'),
    model('7.4', '物理的セキュリティ', 'Physical security'),
    model('7.5', '人的セキュリティ', 'Human security'),
    model('7.6', '技術的セキュリティ', 'Technical security'),
    model('7.7', '運用', 'Operations'),
    model('7.8.a', '業務委託', 'Outsourcing'),
    model('7.8.b', '外部サービス（クラウドサービス）の利用', 'Use of external (cloud) services'),
    model('7.8.c', 'ソーシャルメディアサービスの利用', 'Use of social media services'),
    model('10', '監査', 'Audit'),
    model('11', '情報セキュリティポリシー及び関係規程等の見直し', 'Review of the policy and related rules'),
  ],
});

/** Every built-in profile, by id. */
export const PROFILES: readonly PolicyProfile[] = Object.freeze([SHIOJIRI_PROFILE, GUIDELINE_MODEL_PROFILE]);

/** Ids of the built-in profiles. */
export const PROFILE_IDS: readonly string[] = PROFILES.map((entry) => entry.id);

/** The built-in profile with this id; throws naming the known ids when there is none. */
export function policyProfile(id: string = DEFAULT_PROFILE_ID): PolicyProfile {
  const found = PROFILES.find((entry) => entry.id === id);
  if (!found) throw new Error(`Unknown policy profile '${id}'. Use one of: ${PROFILE_IDS.join(', ')}.`);
  return found;
}

/**
 * Problems of a profile: every catalog clause key exactly once, numbers unique, titles given.
 * Empty for a valid profile.
 */
export function profileProblems(profile: PolicyProfile): string[] {
  const problems: string[] = [];
  const keys = new Set(CLAUSES.map((entry) => entry.id));
  const seenKeys = new Set<string>();
  const seenNumbers = new Set<string>();
  profile.clauses.forEach((entry, i) => {
    if (!keys.has(entry.key)) problems.push(`clauses[${i}].key '${entry.key}' is not a clause of the catalog`);
    if (seenKeys.has(entry.key)) problems.push(`clauses[${i}].key '${entry.key}' appears twice`);
    if (seenNumbers.has(entry.number)) problems.push(`clauses[${i}].number '${entry.number}' appears twice`);
    if (entry.titleJa.trim() === '' || entry.titleEn.trim() === '') problems.push(`clauses[${i}] ('${entry.key}') has no title`);
    seenKeys.add(entry.key);
    seenNumbers.add(entry.number);
  });
  for (const key of keys) if (!seenKeys.has(key)) problems.push(`clause '${key}' is missing`);
  return problems;
}

/** The profile's entry for a clause key, or undefined for a key the catalog does not have. */
export function profileClause(profile: PolicyProfile, key: string): ProfileClause | undefined {
  return profile.clauses.find((entry) => entry.key === key);
}

/** How running text in `lang` cites the clause `key` under `profile` (the key itself when unknown). */
export function citeClause(profile: PolicyProfile, key: string, lang: 'ja' | 'en'): string {
  const entry = profileClause(profile, key);
  if (!entry) return key;
  return entry.citation?.[lang] ?? entry.number;
}
