import { checkTemplates } from '../../rules/pack/check-templates';
import { Checked, checkPlain, ref, tags, template } from './harness';

const TLS = 'LGSEC-MAIL-RECEIPT-TLS';
const SCAN = 'LGSEC-MAIL-RECEIPT-SCAN';
const JAPAN = 'LGSEC-MAIL-RECEIPT-IN-JAPAN';
const SANITIZED = 'LGSEC-MAIL-RECEIPT-SANITIZED';

function bucket(zone: string, extraTags: Record<string, string> = {}) {
  return { Type: 'AWS::S3::Bucket', Properties: { Tags: tags({ 'lgsec:zone': zone, ...extraTags }) } };
}

/** A receipt rule as SanitizingMailGateway writes it, with overrides of the rule's properties. */
function receiptRule(rule: Record<string, unknown> = {}, bucketName: unknown = ref('Originals')) {
  return {
    Type: 'AWS::SES::ReceiptRule',
    Properties: {
      RuleSetName: 'lgsec-mail',
      Rule: {
        Name: 'sanitize-inbound',
        Enabled: true,
        Recipients: ['city.shiojiri.lg.jp'],
        TlsPolicy: 'Require',
        ScanEnabled: true,
        Actions: [
          { S3Action: { BucketName: bucketName, ObjectKeyPrefix: 'incoming/' } },
          { LambdaAction: { FunctionArn: 'arn:aws:lambda:ap-northeast-1:666666666666:function:forwarder', InvocationType: 'Event' } },
        ],
        ...rule,
      },
    },
  };
}

function mailTemplate(rule: Record<string, unknown> = {}, bucketName: unknown = ref('Originals')) {
  return template({
    Originals: bucket('internet'),
    LgwanFiles: bucket('lgwan'),
    MyNumberFiles: bucket('mynumber'),
    Inbox: bucket('lgwan', { 'lgsec:purpose': 'sanitizing-transfer' }),
    Rule: receiptRule(rule, bucketName),
  });
}

describe('mail receipt rules', () => {
  test('the gateway\u2019s form is compliant with all four', () => {
    const checked = checkPlain(mailTemplate());
    for (const id of [TLS, SCAN, JAPAN, SANITIZED]) expect(checked.status(id, 'Rule')).toBe('compliant');
  });

  test('LGSEC-MAIL-RECEIPT-TLS: TlsPolicy Optional or unset is an error', () => {
    expect(checkPlain(mailTemplate({ TlsPolicy: 'Optional' })).message(TLS, 'Rule')).toMatch(/TlsPolicy is Optional/);
    expect(checkPlain(mailTemplate({ TlsPolicy: undefined })).message(TLS, 'Rule')).toMatch(/TlsPolicy is not set/);
  });

  test('LGSEC-MAIL-RECEIPT-SCAN: ScanEnabled false or unset is an error', () => {
    expect(checkPlain(mailTemplate({ ScanEnabled: false })).status(SCAN, 'Rule')).toBe('error');
    expect(checkPlain(mailTemplate({ ScanEnabled: undefined })).message(SCAN, 'Rule')).toMatch(/not set \(false\)/);
  });

  test('LGSEC-MAIL-RECEIPT-IN-JAPAN: a stack outside Japan, or a function outside Japan, is an error', () => {
    const abroad = checkPlain(mailTemplate(), 'us-east-1');
    expect(abroad.status(JAPAN, 'Rule')).toBe('error');
    expect(abroad.message(JAPAN, 'Rule')).toMatch(/received in us-east-1/);
    const handedOn = checkPlain(
      mailTemplate({
        Actions: [{ LambdaAction: { FunctionArn: 'arn:aws:lambda:us-west-2:666666666666:function:f', InvocationType: 'Event' } }],
      }),
    );
    expect(handedOn.message(JAPAN, 'Rule')).toMatch(/resource in us-west-2/);
    const agnostic = new Checked(checkTemplates([{ name: 'agnostic', template: mailTemplate() }]));
    expect(agnostic.status(JAPAN, 'Rule')).toBe('warning');
    expect(agnostic.message(JAPAN, 'Rule')).toMatch(/region-agnostic/);
  });

  test('LGSEC-MAIL-RECEIPT-IN-JAPAN: Mail Manager resources are checked too', () => {
    const checked = checkPlain(
      template({
        Ingress: { Type: 'AWS::SES::MailManagerIngressPoint', Properties: { Type: 'OPEN', RuleSetId: 'rs', TrafficPolicyId: 'tp' } },
      }),
      'eu-west-1',
    );
    expect(checked.status(JAPAN, 'Ingress')).toBe('error');
  });

  test('LGSEC-MAIL-RECEIPT-SANITIZED: raw mail into an LGWAN or My Number bucket is an error; the transfer inbox is not', () => {
    const lgwan = checkPlain(mailTemplate({}, ref('LgwanFiles')));
    expect(lgwan.status(SANITIZED, 'Rule')).toBe('error');
    expect(lgwan.message(SANITIZED, 'Rule')).toMatch(/LGWAN zone bucket LgwanFiles, past the sanitizer/);
    expect(checkPlain(mailTemplate({}, ref('MyNumberFiles'))).message(SANITIZED, 'Rule')).toMatch(/My Number zone bucket MyNumberFiles/);
    expect(checkPlain(mailTemplate({}, ref('Inbox'))).status(SANITIZED, 'Rule')).toBe('compliant');
  });

  test('LGSEC-MAIL-RECEIPT-SANITIZED: a bucket outside the checked templates cannot be told', () => {
    const elsewhere = checkPlain(mailTemplate({}, 'somebody-elses-bucket'));
    expect(elsewhere.status(SANITIZED, 'Rule')).toBe('warning');
    expect(elsewhere.message(SANITIZED, 'Rule')).toMatch(/somebody-elses-bucket, which is not in the checked templates/);
  });

  test('LGSEC-MAIL-RECEIPT-SANITIZED: a Mail Manager rule set writing to an LGWAN bucket is an error', () => {
    const checked = checkPlain(
      template({
        LgwanFiles: bucket('lgwan'),
        RuleSet: {
          Type: 'AWS::SES::MailManagerRuleSet',
          Properties: {
            Rules: [{ Name: 'store', Actions: [{ WriteToS3: { S3Bucket: ref('LgwanFiles'), RoleArn: 'arn:aws:iam::1:role/r' } }] }],
          },
        },
      }),
    );
    expect(checked.status(SANITIZED, 'RuleSet')).toBe('error');
  });
});
