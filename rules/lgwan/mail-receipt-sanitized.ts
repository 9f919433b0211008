import { Zone } from '../../lib/policy';
import { isSanitizingTransfer } from '../../lib/template/iam';
import { resourceNamedBy } from '../../lib/template/names';
import { isRecord, TemplateIndex, TemplateResource } from '../../lib/template/template-index';
import { resourceZone } from '../../lib/template/zones';
import { localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';

/** The buckets a receipt rule (S3Action) or a Mail Manager rule set (WriteToS3) writes raw messages to. */
function messageBuckets(resource: TemplateResource): unknown[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  if (resource.type === 'AWS::SES::ReceiptRule') {
    const rule = isRecord(resource.properties.Rule) ? resource.properties.Rule : {};
    return list(rule.Actions).flatMap((action) => (isRecord(action) && isRecord(action.S3Action) ? [action.S3Action.BucketName] : []));
  }
  return list(resource.properties.Rules).flatMap((rule) =>
    list(isRecord(rule) ? rule.Actions : undefined).flatMap((action) =>
      isRecord(action) && isRecord(action.WriteToS3) ? [action.WriteToS3.S3Bucket] : [],
    ),
  );
}

function bucketText(index: TemplateIndex, value: unknown): string {
  return index.literalString(value) ?? JSON.stringify(value);
}

/**
 * Control 48: mail from the internet reaches the LGWAN and My Number zones only through the
 * sanitizer. An SES receipt rule (S3 action) or a Mail Manager rule set (write to S3) writes raw
 * messages only to buckets outside those zones, or to the sanitizing transfer's own inbox in the
 * LGWAN zone (`lgsec:purpose=sanitizing-transfer`), never to a My Number bucket.
 */
export const mailReceiptSanitized = resourceRule(['AWS::SES::ReceiptRule', 'AWS::SES::MailManagerRuleSet'], (resource, index) => {
  const buckets = messageBuckets(resource);
  if (buckets.length === 0) return notApplicable();
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  for (const value of buckets) {
    const name = bucketText(index, value);
    const bucket = resourceNamedBy(index, value, 'AWS::S3::Bucket');
    if (!bucket) {
      unresolved.push(
        localized(
          `raw messages go to bucket ${name}, which is not in the checked templates: its zone cannot be told`,
          `受信メールの保存先バケット ${name} が検査対象のテンプレートになく、ゾーンが確定しない`,
        ),
      );
      continue;
    }
    const zone = resourceZone(bucket.resource, bucket.index);
    if (!zone.known) continue;
    const id = bucket.resource.logicalId;
    if (zone.zone === Zone.MY_NUMBER) {
      problems.push(
        localized(
          `raw internet mail is written to My Number zone bucket ${id}`,
          `インターネットからのメールをマイナンバー利用事務系のバケット ${id} に直接書き込んでいる`,
        ),
      );
    } else if (zone.zone === Zone.LGWAN && !isSanitizingTransfer(bucket.resource, bucket.index)) {
      problems.push(
        localized(
          `raw internet mail is written to LGWAN zone bucket ${id}, past the sanitizer`,
          `インターネットからのメールを無害化せずに LGWAN 接続系のバケット ${id} に書き込んでいる`,
        ),
      );
    }
  }
  return outcomeOf(problems, unresolved);
});
