import { JAPAN_REGIONS } from '../../lib/template/backup';
import { isRecord } from '../../lib/template/template-index';
import { TemplateIndex } from '../../lib/template/template-index';
import { localized, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/** Regions named by ARNs (`arn:<partition>:<service>:<region>:…`) anywhere in a value. */
function arnRegions(value: unknown, index: TemplateIndex, out: Set<string> = new Set()): Set<string> {
  const text = typeof value === 'string' ? value : isRecord(value) ? index.literalString(value) : undefined;
  if (text !== undefined) {
    for (const match of text.matchAll(/arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d+):/g)) out.add(match[1]);
    if (typeof value === 'string') return out;
  }
  if (Array.isArray(value)) value.forEach((v) => arnRegions(v, index, out));
  else if (isRecord(value)) Object.values(value).forEach((v) => arnRegions(v, index, out));
  return out;
}

/**
 * Control 47: mail is received and processed in Japan (7.8.b): an SES receipt rule or rule set,
 * or a Mail Manager ingress point or rule set, is deployed to ap-northeast-1 or ap-northeast-3,
 * and every ARN its properties name (the function, topic, key it hands mail to) is in those regions.
 */
export const mailReceiptInJapan = resourceRule(
  ['AWS::SES::ReceiptRule', 'AWS::SES::ReceiptRuleSet', 'AWS::SES::MailManagerIngressPoint', 'AWS::SES::MailManagerRuleSet'],
  (resource, index) => {
    const problems: Problem[] = [];
    const unresolved: Problem[] = [];
    if (index.region === undefined) {
      unresolved.push(
        localized(
          'the stack is region-agnostic, so where mail is received cannot be told',
          'スタックにリージョンの指定がなく、メールの受信場所が確定しない',
        ),
      );
    } else if (!JAPAN_REGIONS.includes(index.region)) {
      problems.push(
        localized(`mail is received in ${index.region}, outside Japan`, `メールを国外リージョン ${index.region} で受信している`),
      );
    }
    for (const region of arnRegions(resource.properties, index)) {
      if (!JAPAN_REGIONS.includes(region)) {
        problems.push(
          localized(`mail is handed to a resource in ${region}, outside Japan`, `メールを国外リージョン ${region} のリソースに渡している`),
        );
      }
    }
    return outcomeOf(problems, unresolved);
  },
);
