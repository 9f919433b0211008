/**
 * The mail path (メール無害化): where internet mail for the municipality is received (SES receipt
 * rules, Mail Manager ingress points), whether TLS and scanning are required, and where each
 * message goes next, with the zone of each bucket it is written to.
 */
import { resourceNamedBy } from '../../template/names';
import { isRecord, TemplateIndex, TemplateResource } from '../../template/template-index';
import { setting } from '../../template/values';
import { resourceZone } from '../../template/zones';
import { compareText, MailReceiptEntry } from '../model';
import { accountOf } from './accounts';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A bucket a message is written to, by name or logical id, with its zone when the templates show it. */
function bucketTarget(index: TemplateIndex, value: unknown, prefix: unknown): string {
  const bucket = resourceNamedBy(index, value, 'AWS::S3::Bucket');
  const name = bucket?.resource.logicalId ?? index.literalString(value) ?? 'a bucket outside the templates';
  const zone = bucket ? resourceZone(bucket.resource, bucket.index) : undefined;
  const where = zone?.known ? `, ${zone.zone} zone` : '';
  const under = index.literalString(prefix);
  return `S3 ${name}${under ? `/${under}` : ''}${where}`;
}

function functionTarget(index: TemplateIndex, value: unknown): string {
  const target = index.resourceOf(value, 'AWS::Lambda::Function');
  return `Lambda ${target?.resource.logicalId ?? index.literalString(value) ?? 'a function outside the templates'}`;
}

function receiptRule(resource: TemplateResource, index: TemplateIndex): MailReceiptEntry {
  const rule = isRecord(resource.properties.Rule) ? resource.properties.Rule : {};
  const tls = setting(index, rule.TlsPolicy);
  const scan = setting(index, rule.ScanEnabled);
  const deliversTo = list(rule.Actions)
    .filter(isRecord)
    .flatMap((action) => [
      ...(isRecord(action.S3Action) ? [bucketTarget(index, action.S3Action.BucketName, action.S3Action.ObjectKeyPrefix)] : []),
      ...(isRecord(action.LambdaAction) ? [functionTarget(index, action.LambdaAction.FunctionArn)] : []),
      ...(isRecord(action.SNSAction) ? ['SNS topic'] : []),
      ...(isRecord(action.WorkmailAction) ? ['Amazon WorkMail'] : []),
    ]);
  return {
    template: index.name,
    logicalId: resource.logicalId,
    kind: 'ses-receipt-rule',
    recipients: list(rule.Recipients).map((r) => index.literalString(r) ?? 'a value outside the template'),
    ...(index.region === undefined ? {} : { region: index.region }),
    account: accountOf(index),
    // SES's defaults when a property is absent: TLS optional, scanning off.
    tls: !tls.known ? 'unknown' : tls.text === 'Require' ? 'required' : 'optional',
    scanning: !scan.known ? 'unknown' : scan.text === 'true' ? 'on' : 'off',
    deliversTo,
  };
}

function ingressPoint(resource: TemplateResource, index: TemplateIndex): MailReceiptEntry {
  const ruleSet = index.resourceOf(resource.properties.RuleSetId, 'AWS::SES::MailManagerRuleSet');
  const deliversTo = ruleSet
    ? list(ruleSet.resource.properties.Rules)
        .filter(isRecord)
        .flatMap((rule) => list(rule.Actions).filter(isRecord))
        .flatMap((action) =>
          isRecord(action.WriteToS3) ? [bucketTarget(ruleSet.index, action.WriteToS3.S3Bucket, action.WriteToS3.S3Prefix)] : [],
        )
    : ['a rule set outside the templates'];
  return {
    template: index.name,
    logicalId: resource.logicalId,
    kind: 'mail-manager-ingress-point',
    recipients: [],
    ...(index.region === undefined ? {} : { region: index.region }),
    account: accountOf(index),
    // The traffic policy decides both; what it says is not read here.
    tls: 'unknown',
    scanning: 'unknown',
    deliversTo,
  };
}

/** Every SES receipt rule and Mail Manager ingress point of the templates. */
export function readMailReceipts(templates: readonly TemplateIndex[]): MailReceiptEntry[] {
  const out: MailReceiptEntry[] = [];
  for (const index of templates) {
    for (const resource of index.resources.values()) {
      if (resource.type === 'AWS::SES::ReceiptRule') out.push(receiptRule(resource, index));
      else if (resource.type === 'AWS::SES::MailManagerIngressPoint') out.push(ingressPoint(resource, index));
    }
  }
  return out.sort((a, b) => compareText(`${a.template}/${a.logicalId}`, `${b.template}/${b.logicalId}`));
}
