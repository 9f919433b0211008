import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { SanitizingMailGateway, SanitizingMailGatewayProps } from '../../../lib/sanitization/mail/sanitizing-mail-gateway';
import { SanitizingTransfer, SanitizingTransferWriter } from '../../../lib/sanitization/transfer/sanitizing-transfer';
import { InternetZone } from '../../../lib/zones/internet-zone';
import { LgwanZone } from '../../../lib/zones/lgwan-zone';
import { awsSolutionsFindings, lgsecFindings, synthesize } from '../transfer/helpers';

const REGION = 'ap-northeast-1';
const LGWAN_ACCOUNT = '555555555555';
const INTERNET_ACCOUNT = '666666666666';
const INBOX = `lgsec-inbox-main-${LGWAN_ACCOUNT}-${REGION}`;

/** The multi-account layout: the gateway and the transfer's writer in the internet account, the transfer in the LGWAN account. */
function mailApp(props: Partial<SanitizingMailGatewayProps> = {}, region = REGION) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const internetStack = new Stack(app, 'InternetZone', { env: { account: INTERNET_ACCOUNT, region } });
  const lgwanStack = new Stack(app, 'LgwanZone', { env: { account: LGWAN_ACCOUNT, region: REGION } });
  const internetZone = new InternetZone(internetStack, 'Zone', {
    cidr: '10.130.0.0/16',
    securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
  });
  const lgwanZone = new LgwanZone(lgwanStack, 'Zone', { cidr: '10.120.0.0/16' });
  const writer = new SanitizingTransferWriter(internetStack, 'TransferWriter', { internetZone, lgwanAccountId: LGWAN_ACCOUNT });
  const transfer = new SanitizingTransfer(lgwanStack, 'Transfer', {
    lgwanZone,
    internetSide: { accountId: INTERNET_ACCOUNT, s3EndpointId: 'vpce-0123456789abcdef0' },
    s3PrefixListId: 'pl-61a54008',
    alarmEmails: ['soc@example.jp'],
  });
  const build = () =>
    new SanitizingMailGateway(internetStack, 'MailGateway', {
      internetZone,
      domain: 'city.shiojiri.lg.jp',
      transfer: writer,
      s3PrefixListId: 'pl-61a54008',
      alarmEmails: ['soc@example.jp'],
      ...props,
    });
  return { app, internetStack, lgwanStack, internetZone, lgwanZone, writer, transfer, build };
}

/** The single-account layout: a stack per zone, one account. */
function singleAccountApp() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const env = { account: LGWAN_ACCOUNT, region: REGION };
  const internetStack = new Stack(app, 'InternetZone', { env });
  const lgwanStack = new Stack(app, 'LgwanZone', { env });
  const internetZone = new InternetZone(internetStack, 'Zone', {
    cidr: '10.130.0.0/16',
    securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
  });
  const lgwanZone = new LgwanZone(lgwanStack, 'Zone', { cidr: '10.120.0.0/16' });
  return { app, internetStack, lgwanStack, internetZone, lgwanZone };
}

describe('SanitizingMailGateway', () => {
  test('the receipt rule requires TLS, scans for spam and viruses, stores the original, then invokes the forwarder', () => {
    const { internetStack, build } = mailApp();
    build();
    const template = Template.fromStack(internetStack);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Enabled: true,
        TlsPolicy: 'Require',
        ScanEnabled: true,
        Recipients: ['city.shiojiri.lg.jp'],
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'incoming/', IamRoleArn: Match.anyValue() }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
  });

  test('the forwarder writes into the transfer inbox, as .eml, with the writer role only', () => {
    const { internetStack, build } = mailApp();
    build();
    const template = Template.fromStack(internetStack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ LGSEC_MAIL_INBOX_BUCKET: INBOX, LGSEC_MAIL_INBOX_PREFIX: 'mail/' }),
      },
      VpcConfig: Match.anyValue(),
    });
  });

  test('the originals are versioned and retained', () => {
    const { internetStack, build } = mailApp();
    const gateway = build();
    const template = Template.fromStack(internetStack);
    const id = internetStack.getLogicalId(gateway.originals.bucket.node.defaultChild as never);
    const bucket = template.toJSON().Resources[id];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test("an SES event the forwarder still fails on goes to the gateway's dead-letter queue, after two retries within six hours", () => {
    const { internetStack, build } = mailApp();
    const gateway = build();
    const template = Template.fromStack(internetStack);
    const logicalId = (construct: { node: { defaultChild?: unknown } }) => internetStack.getLogicalId(construct.node.defaultChild as never);
    const queueId = logicalId(gateway.deadLetterQueue);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(gateway.forwarder) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    // The forwarder's role may send to the queue, with its key.
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(gateway.forwarderRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } }),
        ]),
      },
    });
  });

  test('the dead-letter queue is encrypted with a retained key of the gateway, TLS only, kept 14 days and retained', () => {
    const { internetStack, build } = mailApp();
    const gateway = build();
    const template = Template.fromStack(internetStack);
    const queueId = internetStack.getLogicalId(gateway.deadLetterQueue.node.defaultChild as never);
    const keyId = internetStack.getLogicalId(gateway.deadLetterKey.node.defaultChild as never);
    const resources = template.toJSON().Resources;
    expect(resources[queueId].DeletionPolicy).toBe('Retain');
    expect(resources[queueId].UpdateReplacePolicy).toBe('Retain');
    expect(resources[queueId].Properties).toEqual(
      expect.objectContaining({ KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, MessageRetentionPeriod: 14 * 24 * 3600 }),
    );
    expect(resources[keyId].DeletionPolicy).toBe('Retain');
    expect(resources[keyId].Properties.EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('an alarm on the dead-letter queue notifies the alarm topic, naming the queue and how to forward again', () => {
    const { internetStack, build } = mailApp();
    const gateway = build();
    const template = Template.fromStack(internetStack);
    const queueId = internetStack.getLogicalId(gateway.deadLetterQueue.node.defaultChild as never);
    const alarm = template.toJSON().Resources[internetStack.getLogicalId(gateway.deadLetterAlarm.node.defaultChild as never)];
    expect(alarm.Properties).toEqual(
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: internetStack.getLogicalId(gateway.alarmTopic.node.defaultChild as never) }],
      }),
    );
    const description = JSON.stringify(alarm.Properties.AlarmDescription);
    expect(description).toContain(JSON.stringify({ 'Fn::GetAtt': [queueId, 'QueueName'] }));
    expect(description).toMatch(/invoke the forwarder asynchronously .* with its requestPayload \(the SES event\)/);
  });

  test('only SES writes the originals, only the forwarder reads them', () => {
    const { internetStack, build } = mailApp();
    build();
    const policies = Template.fromStack(internetStack).findResources('AWS::S3::BucketPolicy');
    const sids = Object.values(policies).flatMap((p) =>
      (
        p as { Properties: { PolicyDocument: { Statement: { Sid?: string; Effect: string }[] } } }
      ).Properties.PolicyDocument.Statement.filter((st) => st.Effect === 'Deny').map((st) => st.Sid),
    );
    expect(sids).toEqual(expect.arrayContaining(['OnlySesWrites', 'OnlyTheForwarderAndRespondersRead']));
  });

  test('SES may assume the receipt role only for this rule of this account', () => {
    const { internetStack, build } = mailApp();
    build();
    Template.fromStack(internetStack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': INTERNET_ACCOUNT },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      `:ses:${REGION}:${INTERNET_ACCOUNT}:receipt-rule-set/lgsec-mail-city-shiojiri-lg-jp:receipt-rule/sanitize-inbound`,
                    ],
                  ],
                },
              },
            },
          }),
        ],
      },
    });
  });

  test('refuses a region outside Japan, a bad domain and recipients of another domain, all at once', () => {
    const { build } = mailApp({ domain: 'City.Example', recipients: ['a@example.com'] }, 'us-east-1');
    expect(() => build()).toThrow(/domain: 'City.Example'[\s\S]*recipients: 'a@example.com'[\s\S]*us-east-1 is outside Japan/);
  });

  test('warns in Osaka, where SES receiving is not confirmed', () => {
    const { internetStack, build } = mailApp({}, 'ap-northeast-3');
    build();
    Annotations.fromStack(internetStack).hasWarning('*', Match.stringLikeRegexp('SES email receiving in ap-northeast-3'));
  });

  test('refuses a SanitizingTransfer of another account: the gateway then needs its SanitizingTransferWriter', () => {
    const { internetStack, internetZone, transfer } = mailApp();
    expect(() => new SanitizingMailGateway(internetStack, 'Gw', { internetZone, domain: 'city.shiojiri.lg.jp', transfer })).toThrow(
      /writes from another account; give the internet account's SanitizingTransferWriter/,
    );
  });

  test('one account, a stack per zone: the transfer in the LGWAN stack needs a writerRoleName', () => {
    const { internetStack, internetZone, lgwanZone } = singleAccountApp();
    const unnamed = new SanitizingTransfer(lgwanZone.vpc.stack, 'Unnamed', { internetZone, lgwanZone, s3PrefixListId: 'pl-61a54008' });
    expect(
      () => new SanitizingMailGateway(internetStack, 'Gw', { internetZone, domain: 'city.shiojiri.lg.jp', transfer: unnamed }),
    ).toThrow(/its writer role has no name; give the SanitizingTransfer a writerRoleName/);
  });

  test('one account, a stack per zone: 0 lgsec errors, 0 AwsSolutions and 0 schema findings, no cross-stack cycle', () => {
    const { app, internetStack, lgwanStack, internetZone, lgwanZone } = singleAccountApp();
    const transfer = new SanitizingTransfer(lgwanStack, 'Transfer', {
      internetZone,
      lgwanZone,
      writerRoleName: 'lgsec-transfer-writer-mail',
      s3PrefixListId: 'pl-61a54008',
      alarmEmails: ['soc@example.jp'],
    });
    new SanitizingMailGateway(internetStack, 'MailGateway', {
      internetZone,
      domain: 'city.shiojiri.lg.jp',
      transfer,
      s3PrefixListId: 'pl-61a54008',
      alarmEmails: ['soc@example.jp'],
    });
    const { templates, schemaFindings } = synthesize(app, [internetStack, lgwanStack]);
    templates[0].hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LGSEC_MAIL_INBOX_BUCKET: transfer.inboxBucketName,
          LGSEC_MAIL_WRITER_ROLE_ARN: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${LGWAN_ACCOUNT}:role/lgsec-transfer-writer-mail`]],
          },
        }),
      },
    });
    expect(schemaFindings).toEqual([]);
    expect(lgsecFindings(app).errors).toEqual([]);
    expect(awsSolutionsFindings(internetStack)).toEqual([]);
  });

  test('0 lgsec errors, 0 AwsSolutions findings and 0 schema findings in the multi-account layout', () => {
    const { app, internetStack, lgwanStack, build } = mailApp();
    build();
    const { schemaFindings } = synthesize(app, [internetStack, lgwanStack]);
    expect(schemaFindings).toEqual([]);
    expect(lgsecFindings(app).errors).toEqual([]);
    expect(awsSolutionsFindings(internetStack)).toEqual([]);
  });
});

describe('SanitizingTransfer writerRoleName', () => {
  test('names the writer role, and is refused with internetSide or when not an IAM role name', () => {
    const { lgwanStack, internetZone, lgwanZone } = singleAccountApp();
    const transfer = new SanitizingTransfer(lgwanStack, 'Named', { internetZone, lgwanZone, writerRoleName: 'lgsec-writer-mail' });
    expect(transfer.writerRoleName).toBe('lgsec-writer-mail');
    Template.fromStack(lgwanStack).hasResourceProperties('AWS::IAM::Role', { RoleName: 'lgsec-writer-mail' });
    expect(
      () =>
        new SanitizingTransfer(lgwanStack, 'Both', {
          lgwanZone,
          internetSide: { accountId: INTERNET_ACCOUNT },
          writerRoleName: 'x',
        }),
    ).toThrow(/writerRoleName: the writer role of another account is named by internetSide.linkName/);
    expect(() => new SanitizingTransfer(lgwanStack, 'Bad', { internetZone, lgwanZone, writerRoleName: 'no spaces' })).toThrow(
      /writerRoleName: 'no spaces' is not an IAM role name/,
    );
  });
});
