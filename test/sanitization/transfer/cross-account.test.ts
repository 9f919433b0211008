import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  SanitizingTransfer,
  SanitizingTransferProps,
  SanitizingTransferWriter,
} from '../../../lib/sanitization/transfer/sanitizing-transfer';
import { InternetZone } from '../../../lib/zones/internet-zone';
import { LgwanZone } from '../../../lib/zones/lgwan-zone';
import { awsSolutionsFindings, lgsecFindings, synthesize } from './helpers';

const REGION = 'ap-northeast-1';
const LGWAN_ACCOUNT = '555555555555';
const INTERNET_ACCOUNT = '666666666666';
const ENDPOINT = 'vpce-0123456789abcdef0';
const INBOX = `lgsec-inbox-main-${LGWAN_ACCOUNT}-${REGION}`;
const WRITER = `:iam::${INTERNET_ACCOUNT}:role/lgsec-transfer-writer-main`;

/** The multi-account layout: the internet zone and the LGWAN zone in stacks of different accounts. */
function crossAccountApp(props: Partial<SanitizingTransferProps> = {}, options: { build?: boolean } = {}) {
  // Without bundling: the function's code is not what these tests are about.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const internetStack = new Stack(app, 'InternetZone', { env: { account: INTERNET_ACCOUNT, region: REGION } });
  const lgwanStack = new Stack(app, 'LgwanZone', { env: { account: LGWAN_ACCOUNT, region: REGION } });
  const internetZone = new InternetZone(internetStack, 'Zone', {
    cidr: '10.130.0.0/16',
    securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
  });
  const lgwanZone = new LgwanZone(lgwanStack, 'Zone', { cidr: '10.120.0.0/16' });
  const build = () => {
    const writer = new SanitizingTransferWriter(internetStack, 'TransferWriter', { internetZone, lgwanAccountId: LGWAN_ACCOUNT });
    const transfer = new SanitizingTransfer(lgwanStack, 'Transfer', {
      lgwanZone,
      internetSide: { accountId: INTERNET_ACCOUNT, s3EndpointId: ENDPOINT },
      s3PrefixListId: 'pl-61a54008',
      alarmEmails: ['soc@example.jp'],
      ...props,
    });
    return { writer, transfer };
  };
  const built = options.build === false ? undefined : build();
  return { app, internetStack, lgwanStack, internetZone, lgwanZone, build, ...built };
}

type Statement = {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: unknown;
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

function statements(template: Template, type: string, property: string): Statement[] {
  return Object.values(template.findResources(type) as Record<string, { Properties: Record<string, { Statement?: Statement[] }> }>).flatMap(
    (r) => r.Properties[property]?.Statement ?? [],
  );
}

function withSid(all: Statement[], sid: string): Statement {
  const found = all.filter((s) => s.Sid === sid);
  if (found.length !== 1) throw new Error(`expected one statement ${sid}, found ${found.length} among ${all.map((s) => s.Sid).join(', ')}`);
  return found[0];
}

describe('SanitizingTransfer across accounts (internet zone given by attributes)', () => {
  let built: ReturnType<typeof crossAccountApp>;
  let lgwan: Template;
  let internet: Template;
  let schemaFindings: string[];

  beforeAll(() => {
    built = crossAccountApp();
    const synthesized = synthesize(built.app, [built.lgwanStack, built.internetStack]);
    [lgwan, internet] = synthesized.templates;
    schemaFindings = synthesized.schemaFindings;
  });

  test('the inbox has a name both accounts know from ids alone', () => {
    expect(built.writer!.inboxBucketName).toBe(INBOX);
    lgwan.hasResourceProperties('AWS::S3::Bucket', { BucketName: INBOX });
  });

  test("the inbox admits writes only from the internet account's writer role, through the internet zone's endpoint", () => {
    const bucket = statements(lgwan, 'AWS::S3::BucketPolicy', 'PolicyDocument');
    const allow = withSid(bucket, 'TheInternetAccountsWriterWrites');
    expect(allow.Effect).toBe('Allow');
    expect(JSON.stringify(allow.Principal)).toContain(WRITER);
    expect(allow.Action).toEqual(['s3:PutObject', 's3:AbortMultipartUpload']);
    expect(JSON.stringify(allow.Condition!.ArnEquals['aws:PrincipalArn'])).toContain(WRITER);
    expect(allow.Condition!.StringEquals).toEqual({ 'aws:SourceVpce': ENDPOINT });
    // The denies that bind every write to that role and endpoint, whatever else allows it.
    expect(JSON.stringify(withSid(bucket, 'OnlyTheWriterRoleWrites').Condition)).toContain(WRITER);
    expect(withSid(bucket, 'WritesOnlyFromTheInternetZone').Condition).toEqual({ StringNotEquals: { 'aws:SourceVpce': ENDPOINT } });
    expect(withSid(bucket, 'NoListingFromTheInternetZone').Condition).toEqual({ StringEquals: { 'aws:SourceVpce': ENDPOINT } });
  });

  test('the inbox key lets that role encrypt through S3 only', () => {
    const key = withSid(statements(lgwan, 'AWS::KMS::Key', 'KeyPolicy'), 'TheInternetAccountsWriterEncryptsViaS3');
    expect(JSON.stringify(key.Principal)).toContain(`:iam::${INTERNET_ACCOUNT}:root`);
    expect(key.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(JSON.stringify(key.Condition!.ArnEquals['aws:PrincipalArn'])).toContain(WRITER);
    expect(key.Condition!.StringEquals).toEqual({ 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': INTERNET_ACCOUNT });
  });

  test('the writer role is in the internet account, named, writing only into the inbox', () => {
    expect(Object.keys(lgwan.findResources('AWS::IAM::Role', { Properties: { RoleName: 'lgsec-transfer-writer-main' } }))).toEqual([]);
    internet.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lgsec-transfer-writer-main',
      Tags: Match.arrayWith([
        { Key: 'lgsec:purpose', Value: 'sanitizing-transfer' },
        { Key: 'lgsec:zone', Value: 'internet' },
      ]),
    });
    const policy = statements(internet, 'AWS::IAM::Policy', 'PolicyDocument');
    expect(withSid(policy, 'WriteToInbox').Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${INBOX}/*`]] });
    const kms = withSid(policy, 'EncryptInbox');
    expect(JSON.stringify(kms.Resource)).toContain(`:kms:${REGION}:${LGWAN_ACCOUNT}:key/*`);
    expect(kms.Condition!.StringEquals).toEqual({ 'kms:ViaService': `s3.${REGION}.amazonaws.com` });
    expect(JSON.stringify(kms.Condition!.StringLike)).toContain(`:s3:::${INBOX}/*`);
  });

  test("the internet zone's S3 endpoint reaches the inbox, for the writer role only", () => {
    const endpoint = withSid(statements(internet, 'AWS::EC2::VPCEndpoint', 'PolicyDocument'), 'WriterReachesInboxmain');
    expect(JSON.stringify(endpoint.Resource)).toContain(`:s3:::${INBOX}/*`);
    expect(JSON.stringify(endpoint.Condition!.ArnEquals['aws:PrincipalArn'])).toContain(WRITER);
    expect(built.internetZone.allowedBucketArns.some((arn) => arn.endsWith(`:s3:::${INBOX}`))).toBe(true);
  });

  test('no stack refers to the other: no import, no output export', () => {
    for (const template of [lgwan, internet]) {
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toContain('Fn::ImportValue');
      expect(json).not.toContain('Fn::GetStackOutput');
      expect(json).not.toContain('"Export"');
    }
  });

  test('complies with both packs and the CloudFormation schema', () => {
    expect(schemaFindings).toEqual([]);
    expect(awsSolutionsFindings(built.lgwanStack)).toEqual([]);
    expect(awsSolutionsFindings(built.internetStack)).toEqual([]);
    const { errors, run } = lgsecFindings(built.app);
    expect(errors).toEqual([]);
    // The LGWAN write rule finds the writer role in the internet account's template and its purpose.
    const inboxResults = run.results.filter(
      (r) => r.ruleId === 'LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE' && r.constructPath?.includes('Transfer/Inbox'),
    );
    expect(inboxResults.map((r) => r.status)).toEqual(['compliant']);
  });

  test('the writer role cannot be extended from the LGWAN side', () => {
    expect(() => built.transfer!.addWriter(new iam.AccountRootPrincipal())).toThrow(/add writers to the SanitizingTransferWriter/);
  });
});

describe('SanitizingTransfer across accounts: validation', () => {
  const transferWith = (props: Partial<SanitizingTransferProps>) => () => {
    const { lgwanStack, lgwanZone } = crossAccountApp({}, { build: false });
    return new SanitizingTransfer(lgwanStack, 'Transfer', {
      lgwanZone,
      s3PrefixListId: 'pl-61a54008',
      alarmEmails: ['soc@example.jp'],
      ...props,
    });
  };

  test('internetZone xor internetSide', () => {
    expect(transferWith({})).toThrow(/internetZone must be an InternetZone[\s\S]*or give internetSide/);
    const { internetZone, lgwanStack, lgwanZone } = crossAccountApp({}, { build: false });
    expect(
      () => new SanitizingTransfer(lgwanStack, 'Transfer', { lgwanZone, internetZone, internetSide: { accountId: INTERNET_ACCOUNT } }),
    ).toThrow(/internetZone and internetSide are both set/);
  });

  test('bad internetSide values name the value and the fix', () => {
    expect(transferWith({ internetSide: { accountId: '6666' } })).toThrow(
      /internetSide\.accountId: '6666' is not a 12-digit AWS account id/,
    );
    expect(transferWith({ internetSide: { accountId: LGWAN_ACCOUNT } })).toThrow(
      /555555555555 is this stack's own account; give internetZone instead/,
    );
    expect(transferWith({ internetSide: { accountId: INTERNET_ACCOUNT, s3EndpointId: 'vpc-123' } })).toThrow(
      /internetSide\.s3EndpointId: 'vpc-123' is not a VPC endpoint id/,
    );
    expect(transferWith({ internetSide: { accountId: INTERNET_ACCOUNT, linkName: 'Main_1' } })).toThrow(
      /internetSide\.linkName: 'Main_1' must be 1 to 20 lowercase/,
    );
    expect(transferWith({ internetSide: { accountId: INTERNET_ACCOUNT }, writers: [new iam.AccountRootPrincipal()] })).toThrow(
      /writers is set with internetSide; give the writers to the SanitizingTransferWriter/,
    );
  });

  test('an environment-agnostic stack cannot name the inbox', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Agnostic');
    const lgwanZone = new LgwanZone(stack, 'Zone', { cidr: '10.120.0.0/16' });
    expect(() => new SanitizingTransfer(stack, 'Transfer', { lgwanZone, internetSide: { accountId: INTERNET_ACCOUNT } })).toThrow(
      /internetSide needs the stack 'Agnostic' to have an explicit account and region/,
    );
  });

  test('without the endpoint id, a synth warning says writes are bound to the role only', () => {
    const { lgwanStack } = crossAccountApp({ internetSide: { accountId: INTERNET_ACCOUNT } });
    Annotations.fromStack(lgwanStack).hasWarning('/LgwanZone/Transfer', Match.stringLikeRegexp('internetSide has no s3EndpointId'));
    const policies = JSON.stringify(Template.fromStack(lgwanStack).findResources('AWS::S3::BucketPolicy'));
    expect(policies).not.toContain('WritesOnlyFromTheInternetZone');
  });

  test('SanitizingTransferWriter: bad props name the value and the fix', () => {
    const { internetStack, internetZone, lgwanStack } = crossAccountApp({}, { build: false });
    expect(() => new SanitizingTransferWriter(internetStack, 'W1', { internetZone, lgwanAccountId: '55' })).toThrow(
      /lgwanAccountId: '55' is not a 12-digit AWS account id/,
    );
    expect(() => new SanitizingTransferWriter(internetStack, 'W2', { internetZone, lgwanAccountId: INTERNET_ACCOUNT })).toThrow(
      /666666666666 is this stack's own account/,
    );
    expect(() => new SanitizingTransferWriter(lgwanStack, 'W3', { internetZone, lgwanAccountId: LGWAN_ACCOUNT })).toThrow(
      /is in another stack; place the SanitizingTransferWriter in the internet zone's stack/,
    );
  });
});
