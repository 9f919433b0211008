import { Stack, Tags, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3, aws_iam as iam } from 'aws-cdk-lib';
import { AuditedBucket } from '../../lib/storage/audited-bucket';
import { LgwanZone } from '../../lib/zones/lgwan-zone';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { Checked, checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack, walledGarden } from './harness';

const DNS = 'LGSEC-CLOSED-ZONE-DNS-FIREWALL';
const QUERY_LOGS = 'LGSEC-DNS-QUERY-LOGGING';
const ENDPOINTS = 'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST';
const FORWARD = 'LGSEC-C3-PERIMETER-NO-SERVICE-EXEMPTION';
const HEADERS = 'LGSEC-CLOSED-BUCKET-ENCRYPTION-HEADER';
const INTERFACE = 'LGSEC-MYNUMBER-ENDPOINT-RESOURCE-SCOPE';

const vpc = (zone: string) => ({ Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', Tags: tags({ 'lgsec:zone': zone }) } });
const queryLogs = (vpcId: string) => ({
  [`${vpcId}Logs`]: {
    Type: 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
    Properties: { ResolverQueryLogConfigId: 'rslvr-rqlc-1', ResourceId: ref(vpcId) },
  },
});
const c3Tags = tags({ 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '1' });
const kmsBucket = (extraTags: { Key: string; Value: string }[] = c3Tags) => ({
  Type: 'AWS::S3::Bucket',
  Properties: {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('Key', 'Arn') }, BucketKeyEnabled: true },
      ],
    },
    Tags: extraTags,
  },
});
const deny = (actions: unknown, resource: unknown, condition: unknown) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: actions,
  Resource: resource,
  Condition: condition,
});
const objects = (id: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${id}}/*` });
const policy = (bucket: string, statements: unknown[]) => ({
  Type: 'AWS::S3::BucketPolicy',
  Properties: { Bucket: ref(bucket), PolicyDocument: { Version: '2012-10-17', Statement: statements } },
});
const perimeter = (bucket: string, bool: Record<string, string>) =>
  deny('s3:*', [getAtt(bucket, 'Arn'), objects(bucket)], { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' }, Bool: bool });
const encryptionDenies = (bucket: string) => [
  deny('s3:PutObject', objects(bucket), {
    StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
    Null: { 's3:x-amz-server-side-encryption': 'false' },
  }),
  deny('s3:PutObject', objects(bucket), {
    StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': getAtt('Key', 'Arn') },
    Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
  }),
  deny('s3:PutObject', objects(bucket), { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } }),
];
const s3Endpoint = (vpcId: string, policyDocument?: unknown) => ({
  Type: 'AWS::EC2::VPCEndpoint',
  Properties: {
    VpcId: ref(vpcId),
    ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
    VpcEndpointType: 'Gateway',
    ...(policyDocument ? { PolicyDocument: policyDocument } : {}),
  },
});
const allow = (resource: unknown, condition?: unknown, action = 's3:*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});

describe('closed-zone paths in a template written by hand', () => {
  let checked: Checked;
  beforeAll(() => {
    checked = checkPlain(
      template({
        // DNS
        OpenMy: vpc('mynumber'),
        OpenLgwan: vpc('lgwan'),
        Walled: vpc('mynumber'),
        ...walledGarden('Walled'),
        ...queryLogs('Walled'),
        Unprotected: vpc('lgwan'),
        ...walledGarden('Unprotected', { mutationProtection: 'DISABLED' }),
        AlertsOnly: vpc('lgwan'),
        ...walledGarden('AlertsOnly', { blockAction: 'ALERT' }),
        FailOpen: vpc('mynumber'),
        ...walledGarden('FailOpen'),
        FailOpenConfig: {
          Type: 'AWS::Route53Resolver::FirewallConfig',
          Properties: { ResourceId: ref('FailOpen'), FirewallFailOpen: 'ENABLED' },
        },
        OwnDns: vpc('lgwan'),
        ...walledGarden('OwnDns'),
        OwnDnsOptions: { Type: 'AWS::EC2::DHCPOptions', Properties: { DomainNameServers: ['10.1.0.53', 'AmazonProvidedDNS'] } },
        OwnDnsAssociation: {
          Type: 'AWS::EC2::VPCDHCPOptionsAssociation',
          Properties: { VpcId: ref('OwnDns'), DhcpOptionsId: ref('OwnDnsOptions') },
        },
        Shared: vpc('mynumber'),
        SharedAssociation: {
          Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
          Properties: { FirewallRuleGroupId: 'rslvr-frg-0abc', VpcId: ref('Shared'), Priority: 101 },
        },
        ThreatListOnly: vpc('lgwan'),
        ThreatList: {
          Type: 'AWS::Route53Resolver::FirewallRuleGroup',
          Properties: {
            FirewallRules: [{ Priority: 1, Action: 'BLOCK', BlockResponse: 'NXDOMAIN', FirewallDomainListId: 'rslvr-fdl-0abc' }],
          },
        },
        ThreatListAssociation: {
          Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
          Properties: {
            FirewallRuleGroupId: getAtt('ThreatList', 'Id'),
            VpcId: ref('ThreatListOnly'),
            Priority: 101,
            MutationProtection: 'ENABLED',
          },
        },
        Net: vpc('internet'),
        LoggedNet: vpc('internet'),
        ...queryLogs('LoggedNet'),
        // Endpoints
        NoPolicy: s3Endpoint('Walled'),
        AccountWide: s3Endpoint('Walled', allow('*', { StringEquals: { 'aws:ResourceAccount': '111111111111' } })),
        OrgWide: s3Endpoint('OpenLgwan', allow(['arn:aws:s3:::*', 'arn:aws:s3:::*/*'], { StringEquals: { 'aws:ResourceOrgID': 'o-abc' } })),
        AllTables: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: ref('Walled'),
            ServiceName: 'com.amazonaws.ap-northeast-1.dynamodb',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: '*',
                  Action: 'dynamodb:*',
                  Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*' },
                },
              ],
            },
          },
        },
        OwnBuckets: s3Endpoint(
          'Walled',
          allow([getAtt('Resident', 'Arn'), objects('Resident')], { StringEquals: { 'aws:PrincipalAccount': '111111111111' } }),
        ),
        NetEndpoint: s3Endpoint('Net', allow('*')),
        KmsEndpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: ref('Walled'),
            ServiceName: 'com.amazonaws.ap-northeast-1.kms',
            VpcEndpointType: 'Interface',
            PolicyDocument: allow('*', { StringEquals: { 'aws:PrincipalAccount': '111111111111' } }, 'kms:*'),
          },
        },
        ScopedKmsEndpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: ref('Walled'),
            ServiceName: 'com.amazonaws.ap-northeast-1.kms',
            VpcEndpointType: 'Interface',
            PolicyDocument: allow(
              '*',
              { StringEquals: { 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' } },
              'kms:*',
            ),
          },
        },
        KeyListKmsEndpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: ref('Walled'),
            ServiceName: 'com.amazonaws.ap-northeast-1.kms',
            VpcEndpointType: 'Interface',
            PolicyDocument: allow(getAtt('Key', 'Arn'), undefined, 'kms:*'),
          },
        },
        LgwanKmsEndpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            VpcId: ref('OpenLgwan'),
            ServiceName: 'com.amazonaws.ap-northeast-1.kms',
            VpcEndpointType: 'Interface',
            PolicyDocument: allow('*', undefined, 'kms:*'),
          },
        },
        // Buckets
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        OtherKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        Resident: kmsBucket(),
        ResidentPolicy: policy('Resident', [
          perimeter('Resident', { 'aws:PrincipalIsAWSService': 'false' }),
          ...encryptionDenies('Resident'),
        ]),
        ViaService: kmsBucket(),
        ViaServicePolicy: policy('ViaService', [
          perimeter('ViaService', { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' }),
        ]),
        CalledVia: kmsBucket(),
        CalledViaPolicy: policy('CalledVia', [
          {
            ...perimeter('CalledVia', {}),
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' },
              'ForAllValues:StringNotEquals': { 'aws:CalledVia': ['athena.amazonaws.com'] },
            },
          },
        ]),
        NoPerimeter: kmsBucket(),
        LgwanBucket: kmsBucket(
          tags({ 'lgsec:zone': 'lgwan', 'lgsec:confidentiality': '2', 'lgsec:integrity': '1', 'lgsec:availability': '1' }),
        ),
        LgwanBucketPolicy: policy('LgwanBucket', [
          deny('s3:PutObject', objects('LgwanBucket'), { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } }),
          deny('s3:PutObject', objects('LgwanBucket'), {
            StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': getAtt('OtherKey', 'Arn') },
          }),
        ]),
        LgwanLogs: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
            Tags: tags({ 'lgsec:zone': 'lgwan', 'lgsec:confidentiality': '2', 'lgsec:integrity': '2', 'lgsec:availability': '1' }),
          },
        },
        LgwanLogsPolicy: policy('LgwanLogs', [
          deny('s3:PutObject', objects('LgwanLogs'), {
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' },
            Null: { 's3:x-amz-server-side-encryption': 'false' },
          }),
          deny('s3:PutObject', objects('LgwanLogs'), { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } }),
        ]),
        LgwanLogsOpen: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
            Tags: tags({ 'lgsec:zone': 'lgwan', 'lgsec:confidentiality': '2', 'lgsec:integrity': '2', 'lgsec:availability': '1' }),
          },
        },
        BothInOne: kmsBucket(),
        BothInOnePolicy: policy('BothInOne', [
          deny('s3:PutObject', objects('BothInOne'), {
            StringNotEquals: {
              's3:x-amz-server-side-encryption': 'aws:kms',
              's3:x-amz-server-side-encryption-aws-kms-key-id': getAtt('Key', 'Arn'),
            },
          }),
          deny('s3:PutObject', objects('BothInOne'), {
            Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
            ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/exempt' },
          }),
        ]),
        NetBucket: kmsBucket(
          tags({ 'lgsec:zone': 'internet', 'lgsec:confidentiality': '2', 'lgsec:integrity': '1', 'lgsec:availability': '1' }),
        ),
      }),
    );
  });

  test.each([
    ['OpenMy', /no DNS Firewall rule group is associated/],
    ['OpenLgwan', /no DNS Firewall rule group is associated/],
    ['Unprotected', /does not set MutationProtection ENABLED/],
    ['AlertsOnly', /answers every name \(ALERT for \*\)/],
    ['FailOpen', /FirewallFailOpen ENABLED/],
    ['ThreatListOnly', /no DNS Firewall rule for the wildcard domain \* blocks/],
    ['OwnDns', /name servers 10\.1\.0\.53, which answer around the DNS Firewall/],
  ])('a closed-zone VPC without a fail-closed walled garden fails (%s)', (vpcId, message) => {
    expect(checked.status(DNS, vpcId)).toBe('error');
    expect(checked.message(DNS, vpcId)).toMatch(message);
  });

  test('a walled garden passes; a rule group outside the template is unverifiable; internet VPCs are not concerned', () => {
    expect(checked.status(DNS, 'Walled')).toBe('compliant');
    expect(checked.status(DNS, 'Shared')).toBe('warning');
    expect(checked.message(DNS, 'Shared')).toMatch(/not in a checked template/);
    expect(checked.status(DNS, 'Net')).toBe('not-applicable');
  });

  test('zone VPCs without query logging fail, closed and internet alike', () => {
    for (const id of ['OpenMy', 'OpenLgwan', 'Net']) expect(checked.status(QUERY_LOGS, id)).toBe('error');
    for (const id of ['Walled', 'LoggedNet']) expect(checked.status(QUERY_LOGS, id)).toBe('compliant');
  });

  test('S3 and DynamoDB gateway endpoints allowing a whole account or organization fail', () => {
    expect(checked.message(ENDPOINTS, 'NoPolicy')).toMatch(/PolicyDocument is not set/);
    expect(checked.message(ENDPOINTS, 'AccountWide')).toMatch(/Statement\[0\] allows Resource '\*'/);
    expect(checked.message(ENDPOINTS, 'OrgWide')).toMatch(/'arn:aws:s3:::\*', 'arn:aws:s3:::\*\/\*'/);
    expect(checked.message(ENDPOINTS, 'AllTables')).toMatch(/table\/\*/);
    expect(checked.status(ENDPOINTS, 'OwnBuckets')).toBe('compliant');
    expect(checked.status(ENDPOINTS, 'NetEndpoint')).toBe('not-applicable');
    expect(checked.status(ENDPOINTS, 'KmsEndpoint')).toBe('not-applicable');
  });

  test("My Number interface endpoints allowing any account's resources fail", () => {
    expect(checked.message(INTERFACE, 'KmsEndpoint')).toMatch(/Statement\[0\] allows resources of any account/);
    expect(checked.status(INTERFACE, 'ScopedKmsEndpoint')).toBe('compliant');
    expect(checked.status(INTERFACE, 'KeyListKmsEndpoint')).toBe('compliant');
    expect(checked.status(INTERFACE, 'LgwanKmsEndpoint')).toBe('not-applicable');
    expect(checked.status(INTERFACE, 'OwnBuckets')).toBe('not-applicable');
  });

  test('a C3 perimeter that exempts forward access sessions on objects fails', () => {
    expect(checked.status(FORWARD, 'Resident')).toBe('compliant');
    expect(checked.message(FORWARD, 'ViaService')).toMatch(/exempts aws:ViaAWSService or aws:CalledVia/);
    expect(checked.status(FORWARD, 'CalledVia')).toBe('error');
    expect(checked.status(FORWARD, 'NoPerimeter')).toBe('not-applicable');
  });

  test('C3 and closed-zone buckets accepting another encryption header fail', () => {
    expect(checked.status(HEADERS, 'Resident')).toBe('compliant');
    const missing = checked.message(HEADERS, 'ViaService');
    expect(missing).toMatch(/when s3:x-amz-server-side-encryption is not aws:kms/);
    expect(missing).toMatch(/not the bucket's own key/);
    expect(missing).toMatch(/customer-algorithm is present/);
    // The IfExists deny also refuses SSE-C (no header), but the key deny names another key.
    const lgwan = checked.message(HEADERS, 'LgwanBucket');
    expect(lgwan).toMatch(/when s3:x-amz-server-side-encryption-aws-kms-key-id is not the bucket's own key/);
    expect(lgwan).not.toMatch(/is not aws:kms|customer-algorithm/);
    expect(checked.status(HEADERS, 'NetBucket')).toBe('not-applicable');
    // Conditions are ANDed: one deny testing both headers lets aws:kms under another key through.
    // It does refuse AES256 (StringNotEquals holds without the key header), and the SSE-C deny
    // exempts a role of account 111111111111, which this region-only template may not be in.
    const both = checked.message(HEADERS, 'BothInOne');
    expect(both).toMatch(/not the bucket's own key/);
    expect(both).not.toMatch(/is not aws:kms|customer-algorithm/);
    // An SSE-S3 bucket (server access log targets must be) refuses every header but AES256.
    expect(checked.status(HEADERS, 'LgwanLogs')).toBe('compliant');
    expect(checked.message(HEADERS, 'LgwanLogsOpen')).toMatch(/is not AES256 \(SSE-KMS uploads under any key are accepted\)/);
  });
});

describe('closed-zone paths with constructs', () => {
  test('MyNumberZone, LgwanZone and AuditedBucket pass every closed-zone rule', () => {
    const { app, stack } = tokyoStack();
    const myNumber = new MyNumberZone(stack, 'MyNumber', { cidr: '10.10.0.0/16' });
    new AuditedBucket(stack, 'Residents', {
      classification: { confidentiality: 3, integrity: 2, availability: 1 },
      dataPerimeter: myNumber,
      zone: myNumber,
    });
    const lgwanStack = new Stack(app, 'Lgwan', { env: { region: 'ap-northeast-1', account: '111111111111' } });
    new LgwanZone(lgwanStack, 'Lgwan', { cidr: '10.20.0.0/16' });
    new AuditedBucket(lgwanStack, 'Business', { classification: { confidentiality: 2, integrity: 1, availability: 1 } });
    const checked = checkApp(app);
    const results = checked.run.results.filter((r) => [DNS, QUERY_LOGS, ENDPOINTS, FORWARD, HEADERS, INTERFACE].includes(r.ruleId));
    expect(results.filter((r) => r.status !== 'compliant' && r.status !== 'not-applicable')).toEqual([]);
    const compliant = (id: string) => results.filter((r) => r.ruleId === id && r.status === 'compliant').length;
    expect([
      compliant(DNS),
      compliant(QUERY_LOGS),
      compliant(ENDPOINTS),
      compliant(FORWARD),
      compliant(HEADERS),
      compliant(INTERFACE),
    ]).toEqual([2, 2, 3, 1, 2, 3]);
  });

  test('L2 resources built the old way fail: plain VPC, account-wide endpoint, forward-access perimeter, any encryption header', () => {
    const { app, stack } = tokyoStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    Tags.of(vpc).add('lgsec:zone', 'mynumber');
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:PrincipalAccount': stack.account, 'aws:ResourceAccount': stack.account } },
      }),
    );
    const kmsEndpoint = vpc.addInterfaceEndpoint('Kms', { service: ec2.InterfaceVpcEndpointAwsService.KMS, open: false });
    kmsEndpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:PrincipalAccount': stack.account } },
      }),
    );
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    for (const [k, v] of Object.entries({ 'lgsec:confidentiality': '3', 'lgsec:integrity': '2', 'lgsec:availability': '1' }))
      Tags.of(bucket).add(k, v);
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId }, Bool: { 'aws:ViaAWSService': 'false' } },
      }),
    );
    const checked = checkApp(app);
    const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
    expect(checked.status(DNS, id(vpc))).toBe('error');
    expect(checked.status(QUERY_LOGS, id(vpc))).toBe('error');
    expect(checked.status(ENDPOINTS, id(endpoint))).toBe('error');
    expect(checked.status(INTERFACE, id(kmsEndpoint))).toBe('error');
    expect(checked.status(FORWARD, id(bucket))).toBe('error');
    expect(checked.status(HEADERS, id(bucket))).toBe('error');
  });
});
