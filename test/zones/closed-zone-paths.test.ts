import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditedBucket } from '../../lib/storage/audited-bucket';
import { InternetZone } from '../../lib/zones/internet-zone';
import { LgwanZone } from '../../lib/zones/lgwan-zone';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { refOf } from './helpers';

const tokyo = (id: string, app = new App()) => new Stack(app, id, { env: { region: 'ap-northeast-1' } });
const c3 = { confidentiality: 3, integrity: 2, availability: 1 } as const;

/** The Domains of the allow list of a walled garden, as text. */
function allowedDomains(template: Template): string[] {
  const lists = template.findResources('AWS::Route53Resolver::FirewallDomainList');
  const allowed = Object.values(lists).find((l) => JSON.stringify(l.Properties.Domains) !== '["*"]')!;
  return allowed.Properties.Domains.map((d: unknown) => (typeof d === 'string' ? d : JSON.stringify(d)));
}

describe('My Number zone: closed DNS, endpoint allowlists, perimeter', () => {
  let template: Template;
  let zone: MyNumberZone;

  beforeAll(() => {
    const stack = tokyo('MyNumber');
    zone = new MyNumberZone(stack, 'Zone', { dns: { privateHostedZoneNames: ['records.shiojiri.internal'] } });
    new AuditedBucket(stack, 'Residents', { classification: c3, dataPerimeter: zone });
    template = Template.fromStack(stack);
  });

  test("a walled-garden DNS Firewall: allow the zone's names, then NXDOMAIN for *, fail-closed and mutation-protected", () => {
    const lists = template.findResources('AWS::Route53Resolver::FirewallDomainList');
    const everything = Object.entries(lists).find(([, l]) => JSON.stringify(l.Properties.Domains) === '["*"]')![0];
    const allowed = Object.keys(lists).find((id) => id !== everything)!;
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroup', {
      FirewallRules: [
        { Priority: 100, Action: 'ALLOW', FirewallDomainListId: { 'Fn::GetAtt': [allowed, 'Id'] } },
        { Priority: 9000, Action: 'BLOCK', BlockResponse: 'NXDOMAIN', FirewallDomainListId: { 'Fn::GetAtt': [everything, 'Id'] } },
      ],
    });
    const vpc = Object.keys(template.findResources('AWS::EC2::VPC'))[0];
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      VpcId: { Ref: vpc },
      MutationProtection: 'ENABLED',
      Priority: 101,
    });
    template.hasResourceProperties('AWS::Route53Resolver::FirewallConfig', { ResourceId: { Ref: vpc }, FirewallFailOpen: 'DISABLED' });
  });

  test("the allow list holds the regional names of the zone's endpoints and its private zones, nothing wider", () => {
    const domains = allowedDomains(template);
    expect(domains).toEqual(
      expect.arrayContaining([
        'kms.ap-northeast-1.amazonaws.com',
        'sts.ap-northeast-1.amazonaws.com',
        'logs.ap-northeast-1.amazonaws.com',
        's3.ap-northeast-1.amazonaws.com',
        '*.s3.ap-northeast-1.amazonaws.com',
        'dynamodb.ap-northeast-1.amazonaws.com',
        '*.ddb.ap-northeast-1.amazonaws.com',
        'records.shiojiri.internal',
        '*.records.shiojiri.internal',
      ]),
    );
    expect(domains.filter((d) => d === '*' || d === '*.amazonaws.com' || d === '*.com')).toEqual([]);
  });

  test('every DNS query is logged to a KMS-encrypted log group kept a year', () => {
    const vpc = Object.keys(template.findResources('AWS::EC2::VPC'))[0];
    const config = Object.keys(template.findResources('AWS::Route53Resolver::ResolverQueryLoggingConfig'))[0];
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
      ResourceId: { Ref: vpc },
      ResolverQueryLogConfigId: { 'Fn::GetAtt': [config, 'Id'] },
    });
    const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() } });
    expect(Object.keys(groups).some((id) => id.includes('DnsQueryLogGroup'))).toBe(true);
  });

  test("the S3 endpoint lists the zone's own bucket only; DynamoDB denies everything", () => {
    const bucket = Object.keys(
      template.findResources('AWS::S3::Bucket', { Properties: { Tags: Match.arrayWith([{ Key: 'lgsec:confidentiality', Value: '3' }]) } }),
    )[0];
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', Match.arrayWith(['.s3'])] },
      PolicyDocument: {
        Statement: [
          {
            Sid: 'OnlyThisZonesBuckets',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: [{ 'Fn::GetAtt': [bucket, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] }],
            Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
    expect(zone.allowedBucketArns).toHaveLength(1);
  });

  test('the perimeter denies objects and listings outside the endpoints even through AWS services, and the bucket refuses other encryption', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p).includes('DenyDataOutsideMyNumberZone'),
    )!;
    const statements = policy.Properties.PolicyDocument.Statement as Array<{
      Sid?: string;
      Action: unknown;
      Condition: Record<string, Record<string, unknown>>;
    }>;
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
    expect(bySid('DenyOutsideMyNumberZone').Condition.Bool).toEqual({ 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' });
    for (const sid of ['DenyDataOutsideMyNumberZone', 'DenyListingOutsideMyNumberZone']) {
      expect(bySid(sid).Condition.Bool).toEqual({ 'aws:PrincipalIsAWSService': 'false' });
      expect(bySid(sid).Condition.StringNotEquals['aws:SourceVpce']).toHaveLength(5);
    }
    expect(bySid('DenyListingOutsideMyNumberZone').Action).toEqual([
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:ListBucketMultipartUploads',
    ]);
    expect(bySid('DenyOtherEncryption').Condition).toEqual({
      StringNotEquals: { 's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse'] },
      Null: { 's3:x-amz-server-side-encryption': 'false' },
    });
    expect(bySid('DenyOtherKey').Condition.StringNotEquals['s3:x-amz-server-side-encryption-aws-kms-key-id']).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ResidentsKey/), 'Arn'],
    });
    expect(bySid('DenyOtherKey').Condition.Null).toEqual({ 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' });
    expect(bySid('DenyCustomerProvidedKeys').Condition).toEqual({
      Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
    });
  });

  test('fails on DNS names that would reopen the way out', () => {
    const stack = tokyo('Bad');
    expect(() => new MyNumberZone(stack, 'A', { dns: { allowedDomains: ['*'] } })).toThrow(
      /dns.allowedDomains\[0\]: '\*' would allow every name/,
    );
    expect(() => new MyNumberZone(stack, 'B', { dns: { allowedDomains: ['*.com'] } })).toThrow(/allows a whole top-level domain/);
    expect(() => new MyNumberZone(stack, 'C', { dns: { privateHostedZoneNames: ['not a name'] } })).toThrow(/is not a domain name/);
  });

  test('a bucket in another stack than its zone needs a name, and is then listed by it without an import', () => {
    const app = new App();
    const zoneStack = tokyo('Zone', app);
    const other = new MyNumberZone(zoneStack, 'Zone', {});
    const dataStack = tokyo('Data', app);
    expect(() => new AuditedBucket(dataStack, 'Unnamed', { classification: c3, dataPerimeter: other })).toThrow(
      /give the bucket a bucketName/,
    );
    new AuditedBucket(dataStack, 'Named', { classification: c3, dataPerimeter: other, bucketName: 'shiojiri-residents' });
    const text = JSON.stringify(Template.fromStack(zoneStack).toJSON());
    expect(text).toContain(':s3:::shiojiri-residents');
    expect(text).not.toContain('Fn::ImportValue');
  });
});

describe('LGWAN zone: closed DNS and an S3 endpoint for its own buckets', () => {
  let template: Template;

  beforeAll(() => {
    const stack = tokyo('Lgwan');
    new LgwanZone(stack, 'Zone', {
      dnsQueryLogDestination: { bucket: s3.Bucket.fromBucketName(stack, 'Archive', 'log-archive'), keyPrefix: 'dns-query-logs/lgwan/' },
    });
    // Built after the zone in its stack: placed in it without a prop.
    new AuditedBucket(stack, 'Business', { classification: { confidentiality: 2, integrity: 2, availability: 1 } });
    template = Template.fromStack(stack);
  });

  test('has the walled garden and logs its queries to the bucket given', () => {
    template.resourceCountIs('AWS::Route53Resolver::FirewallRuleGroupAssociation', 1);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
      DestinationArn: { 'Fn::Join': ['', Match.arrayWith([':s3:::log-archive/dns-query-logs/lgwan/'])] },
    });
    expect(allowedDomains(template)).toEqual(
      expect.arrayContaining(['s3.ap-northeast-1.amazonaws.com', '*.s3.ap-northeast-1.amazonaws.com']),
    );
    expect(allowedDomains(template)).not.toContain('kms.ap-northeast-1.amazonaws.com');
  });

  test("a bucket built in the zone's stack is listed by its S3 endpoint, tagged with the zone and refuses other encryption", () => {
    const [bucketId, bucket] = Object.entries(
      template.findResources('AWS::S3::Bucket', { Properties: { Tags: Match.arrayWith([{ Key: 'lgsec:zone', Value: 'lgwan' }]) } }),
    )[0];
    expect(bucket).toBeDefined();
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpoint.Properties.VpcEndpointType).toBe('Gateway');
    expect(endpoint.Properties.PolicyDocument.Statement[0].Resource[0]).toEqual({ 'Fn::GetAtt': [bucketId, 'Arn'] });
    expect(endpoint.Properties.RouteTableIds.map(refOf)).toHaveLength(2);
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => refOf(p.Properties.Bucket) === bucketId)!;
    expect(policy.Properties.PolicyDocument.Statement.map((s: { Sid?: string }) => s.Sid)).toEqual(
      expect.arrayContaining(['DenyOtherEncryption', 'DenyOtherKey', 'DenyCustomerProvidedKeys']),
    );
  });
});

describe('Internet zone DNS', () => {
  test("logs its queries and leaves filtering to the security cloud's DNS Firewall", () => {
    const stack = tokyo('Internet');
    new InternetZone(stack, 'Zone', {
      securityCloud: { transitGatewayId: 'tgw-0123456789abcdef0', dnsFirewallRuleGroupId: 'rslvr-frg-0123456789abcdef' },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
    template.resourceCountIs('AWS::Route53Resolver::FirewallDomainList', 0);
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      FirewallRuleGroupId: 'rslvr-frg-0123456789abcdef',
    });
  });
});
