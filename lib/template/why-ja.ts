/**
 * Japanese for the explanations the template model gives when a value leaves the template
 * (`follow(...).why`, `setting(...).why` and the network and backup readers). The model writes
 * them in English; rules translate them here, in one place, for the Japanese report.
 */
type Translation = readonly [RegExp, (m: RegExpMatchArray) => string];

/** Noun phrases: where an external value comes from (`Reference.why`). */
const SOURCES: readonly Translation[] = [
  [/^a malformed (Ref|Fn::GetAtt|Fn::Sub)$/, (m) => `形式の誤った ${m[1]}`],
  [/^the pseudo parameter (\S+)$/, (m) => `擬似パラメーター ${m[1]}`],
  [/^parameter '(.*)' \(its value leaves the template\)$/, (m) => `パラメーター '${m[1]}'（値はテンプレートの外で決まる）`],
  [/^Ref to '(.*)', which is not in the template$/, (m) => `テンプレートにない '${m[1]}' への Ref`],
  [/^Fn::GetAtt of '(.*)', which is not in the template$/, (m) => `テンプレートにない '${m[1]}' の Fn::GetAtt`],
  [
    /^an import whose export name is not a literal \(it leaves the template\)$/,
    () => 'エクスポート名がリテラルでないインポート（値はテンプレートの外で決まる）',
  ],
  [
    /^import '(.*)' \(exported by a stack that is not checked here; it leaves the template\)$/,
    (m) => `インポート '${m[1]}'（検査対象外のスタックがエクスポートし、値はテンプレートの外で決まる）`,
  ],
  [/^Fn::Sub '(.*)'$/s, (m) => `Fn::Sub '${m[1]}'`],
  [/^Fn::Select over a list that is not literal$/, () => 'リテラルでないリストに対する Fn::Select'],
  [/^a Fn::Join of values that are not literal$/, () => 'リテラルでない値の Fn::Join'],
  [/^a value chosen by condition '(.*)'$/, (m) => `条件 '${m[1]}' で選ばれる値`],
  [/^an object where a single value was expected$/, () => '単一の値が必要な箇所のオブジェクト'],
  [/^the intrinsic (\S+)$/, (m) => `組み込み関数 ${m[1]}`],
  [/^a target id that leaves the template$/, () => 'テンプレートの外で決まるターゲット ID'],
  [/^the literal id '(.*)' of a resource outside the template$/, (m) => `テンプレート外のリソースのリテラル ID '${m[1]}'`],
];

/** Predicates: why a setting or a reference cannot be read (`Setting.why` and the readers' `why`). */
const PREDICATES: readonly Translation[] = [
  [/^comes from (\S+), whose value is known only at deployment$/, (m) => `デプロイ時にしか分からない ${m[1]} の値である`],
  [/^comes from (.*)$/s, (m) => `${sourceJa(m[1])}から来る`],
  [/^is not a literal \((.*)\)$/s, (m) => `リテラルではない（${m[1]}）`],
  [/^'(.*)' is not a CIDR$/, (m) => `'${m[1]}' は CIDR ではない`],
  [/^the CIDR comes from (.*)$/s, (m) => `CIDR が${sourceJa(m[1])}から来る`],
  [/^the CIDR is not a literal$/, () => 'CIDR がリテラルではない'],
  [/^GatewayId comes from (.*)$/s, (m) => `GatewayId が${sourceJa(m[1])}から来る`],
  [/^GatewayId is not set$/, () => 'GatewayId が設定されていない'],
  [/^it is not in a VPC$/, () => 'VPC の中にない'],
  [/^its VPC comes from (.*)$/s, (m) => `その VPC が${sourceJa(m[1])}から来る`],
  [/^its VPC (\S+) is not in the checked templates$/, (m) => `その VPC ${m[1]} は検査したテンプレートにない`],
  [/^the (\S+) tag of VPC (\S+) is not a literal$/, (m) => `VPC ${m[2]} の ${m[1]} タグがリテラルではない`],
  [/^VPC (\S+) has no valid (\S+) tag$/, (m) => `VPC ${m[1]} に有効な ${m[2]} タグがない`],
  [/^the region of vault (\S+) \(stack (\S+)\) is not known$/, (m) => `ボールト ${m[1]}（スタック ${m[2]}）のリージョンが分からない`],
  [/^the copy destination of (.*?) is not known$/s, (m) => `${m[1]} のコピー先が分からない`],
  [/^the copy destination of (.*?) comes from a value that is not an ARN$/s, (m) => `${m[1]} のコピー先が ARN でない値である`],
  [/^the copy destination of (.*?) comes from (.*)$/s, (m) => `${m[1]} のコピー先が${sourceJa(m[2])}から来る`],
];

function translate(table: readonly Translation[], text: string): string | undefined {
  for (const [pattern, ja] of table) {
    const match = text.match(pattern);
    if (match) return ja(match);
  }
  return undefined;
}

/** Japanese of where an external value comes from (a noun phrase); the English text when unknown. */
export function sourceJa(why: string): string {
  return translate(SOURCES, why) ?? why;
}

/** Japanese of why a value cannot be read (a predicate: "…から来る", "…ではない"); the English text when unknown. */
export function whyJa(why: string): string {
  return translate(PREDICATES, why) ?? translate(SOURCES, why) ?? why;
}

/** One choice behind a variant (`parameter X is "a" (its default)`, `condition C is true`) in Japanese. */
function assumptionJa(text: string): string {
  const parameter = /^parameter (\S+) is (.*) \((its default|one of its AllowedValues)\)$/s.exec(text);
  if (parameter)
    return `パラメーター ${parameter[1]} が ${parameter[2]}（${parameter[3] === 'its default' ? '既定値' : 'AllowedValues の一つ'}）`;
  const assumed =
    /^condition (\S+) is true \(it reads (.*), which may be given any value; (its default makes|their defaults make) it false\)$/s.exec(
      text,
    );
  if (assumed)
    return `条件 ${assumed[1]} が true（任意の値を取りうる ${assumed[2].replace(/parameter /g, 'パラメーター ')} を読み、既定値では false になる）`;
  const condition = /^condition (\S+) is (true|false)$/.exec(text);
  if (condition) return `条件 ${condition[1]} が ${condition[2]}`;
  const value = /^(\S+) is (.*)$/s.exec(text);
  return value ? `${value[1]} が ${value[2]}` : text;
}

/** `whenText` in Japanese: `パラメーター X が "a"（既定値）の場合`. */
export function whenTextJa(assumptions: readonly string[]): string {
  return assumptions.length === 0 ? '' : `${assumptions.map(assumptionJa).join('かつ')}の場合`;
}
