import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Purpose } from '../../lib/policy';
import { AccessLogBucket } from '../../lib/storage/access-log-bucket';
import { AuditedBucket, AuditedBucketProps, AuditedReplicaBucket } from '../../lib/storage/audited-bucket';
import { checkedApp, FakePerimeter, validationViolations } from './helpers';

/** Synthesized CloudFormation, read as loosely as a template is. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const TOKYO = { region: 'ap-northeast-1' };
const OSAKA = { region: 'ap-northeast-3' };

const tlsDeny = Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const tls12Deny = Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } });

function bucketOf(template: Template, tagValue: Record<string, string>): [string, Record<string, Json>] {
  const buckets = template.findResources('AWS::S3::Bucket', {
    Properties: { Tags: Match.arrayWith(Object.entries(tagValue).map(([Key, Value]) => ({ Key, Value }))) },
  });
  const entries = Object.entries(buckets);
  expect(entries).toHaveLength(1);
  return entries[0];
}

/** Statements of the policy of the first access-log bucket of a template. */
function sidsOfAccessLogs(template: Template): unknown[] {
  const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) =>
    JSON.stringify(p).includes('AllowServerAccessLogsOfThisAccount'),
  )!;
  return policy.Properties.PolicyDocument.Statement as unknown[];
}

describe('AuditedBucket C3/I2/A2 with Object Lock, lifecycle and an Osaka replica', () => {
  let tokyo: Template;
  let osaka: Template;
  let tokyoStack: Stack;
  let osakaStack: Stack;
  let violations: string[];
  let docs: AuditedBucket;
  let replica: AuditedReplicaBucket;
  let plainId: string;
  const tokyoPerimeter = new FakePerimeter(['vpce-tokyo']);
  const osakaPerimeter = new FakePerimeter(['vpce-osaka']);

  beforeAll(() => {
    const { app, outdir } = checkedApp();
    tokyoStack = new Stack(app, 'Tokyo', { env: TOKYO });
    osakaStack = new Stack(app, 'Osaka', { env: OSAKA });
    docs = new AuditedBucket(tokyoStack, 'Residents', {
      classification: { confidentiality: 3, integrity: 2, availability: 2 },
      dataPerimeter: tokyoPerimeter,
      objectLock: { mode: s3.ObjectLockMode.GOVERNANCE, retention: Duration.days(30) },
      lifecycle: {
        retention: Duration.days(3650),
        archiveTiers: [
          { storageClass: s3.StorageClass.INFREQUENT_ACCESS, after: Duration.days(30) },
          { storageClass: s3.StorageClass.DEEP_ARCHIVE, after: Duration.days(365) },
        ],
        noncurrentVersionRetention: Duration.days(400),
      },
    });
    replica = new AuditedReplicaBucket(osakaStack, 'ResidentsReplica', { source: docs, dataPerimeter: osakaPerimeter });
    const plain = new AuditedBucket(tokyoStack, 'Public', { classification: { confidentiality: 1, integrity: 1, availability: 1 } });
    plainId = tokyoStack.getLogicalId(plain.bucket.node.defaultChild as s3.CfnBucket);
    app.synth();
    violations = validationViolations(outdir);
    tokyo = Template.fromStack(tokyoStack);
    osaka = Template.fromStack(osakaStack);
  });

  test('synthesizes with no cdk-nag AwsSolutions finding and no CloudFormation schema warning', () => {
    expect(violations).toEqual([]);
  });

  test('C3 source and replica refuse uploads asking for another encryption, each naming its own key; a C1 bucket outside any zone does not', () => {
    const sidsOf = (template: Template, bucketId: string) => {
      const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === bucketId)!;
      return policy.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Condition?: Record<string, Record<string, unknown>> }>;
    };
    const idOf = (bucket: s3.Bucket) => Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    for (const [template, bucketId, keyPrefix] of [
      [tokyo, idOf(docs.bucket), 'ResidentsKey'],
      [osaka, idOf(replica.bucket), 'ResidentsReplicaKey'],
    ] as const) {
      const statements = sidsOf(template, bucketId);
      expect(statements.map((st) => st.Sid)).toEqual(
        expect.arrayContaining(['DenyOtherEncryption', 'DenyOtherKey', 'DenyCustomerProvidedKeys']),
      );
      const keyDeny = statements.find((st) => st.Sid === 'DenyOtherKey')!;
      expect(keyDeny.Condition!.StringNotEquals['s3:x-amz-server-side-encryption-aws-kms-key-id']).toEqual({
        'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${keyPrefix}`)), 'Arn'],
      });
    }
    const plainPolicy = Object.values(tokyo.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === plainId)!;
    expect(JSON.stringify(plainPolicy)).not.toContain('DenyOtherEncryption');
  });

  test('the access-log bucket refuses uploads asking for anything but SSE-S3, and SSE-C', () => {
    const statements = sidsOfAccessLogs(tokyo);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'DenyOtherEncryption',
          Condition: {
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' },
            Null: { 's3:x-amz-server-side-encryption': 'false' },
          },
        }),
        expect.objectContaining({
          Sid: 'DenyCustomerProvidedKeys',
          Condition: { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } },
        }),
      ]),
    );
  });

  test('encrypts with its own rotating CMK through a bucket key', () => {
    const [, bucket] = bucketOf(tokyo, { 'lgsec:confidentiality': '3' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: {
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^ResidentsKey/), 'Arn'] },
      },
    });
    tokyo.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('key policy is least privilege: administration without deletion, use only through S3 of this region', () => {
    const keys = tokyo.findResources('AWS::KMS::Key');
    for (const key of Object.values(keys)) {
      const statements = key.Properties.KeyPolicy.Statement as Array<Record<string, Json>>;
      expect(statements.find((s) => s.Action === 'kms:*')).toBeUndefined();
      const admin = statements.find((s) => s.Sid === 'AccountAdministersKey')!;
      expect(admin.Action).not.toContain('kms:ScheduleKeyDeletion');
      expect(admin.Action).not.toContain('kms:Decrypt');
      const use = statements.find((s) => s.Sid === 'AccountUsesKeyViaS3')!;
      expect(use.Condition.StringEquals['kms:ViaService']).toBe('s3.ap-northeast-1.amazonaws.com');
      expect(use.Condition.StringEquals['kms:CallerAccount']).toEqual({ Ref: 'AWS::AccountId' });
    }
  });

  test('blocks public access, enforces bucket ownership, versions and locks objects', () => {
    tokyo.hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'lgsec:confidentiality', Value: '3' }]),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
    });
  });

  test('carries its classification as the three lgsec tags', () => {
    const [, bucket] = bucketOf(tokyo, { 'lgsec:confidentiality': '3' });
    expect(bucket.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'lgsec:confidentiality', Value: '3' },
        { Key: 'lgsec:integrity', Value: '2' },
        { Key: 'lgsec:availability', Value: '2' },
      ]),
    );
    expect(bucket.Properties.Tags.find((t: { Key: string }) => t.Key === 'lgsec:purpose')).toBeUndefined();
  });

  test('logs server access to its access-log bucket with partitioned keys', () => {
    const [, bucket] = bucketOf(tokyo, { 'lgsec:confidentiality': '3' });
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^ResidentsAccessLogs/) },
      LogFilePrefix: 's3-access-logs/',
      TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
    });
  });

  test('lifecycle: multipart cleanup, archive tiers, retention and noncurrent-version retention', () => {
    const [, bucket] = bucketOf(tokyo, { 'lgsec:confidentiality': '3' });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'AbortIncompleteMultipartUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
      {
        Id: 'RetentionAndArchiveTiers',
        Status: 'Enabled',
        ExpirationInDays: 3650,
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
          { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 },
        ],
      },
      { Id: 'NoncurrentVersionRetention', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 400 } },
    ]);
  });

  test('bucket policy: TLS only, TLS 1.2 floor, and the data perimeter exempting only the replication role', () => {
    const [logicalId] = bucketOf(tokyo, { 'lgsec:confidentiality': '3' });
    tokyo.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          tlsDeny,
          tls12Deny,
          Match.objectLike({
            Sid: 'DenyOutsidePerimeter',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': ['vpce-tokyo'] },
              ArnNotLike: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ResidentsReplicationRole'), 'Arn'] }] },
            },
          }),
        ]),
      },
    });
    expect(tokyoPerimeter.calls).toHaveLength(1);
    // The bucket itself; its objects and listings are data, denied even to forward access sessions.
    expect(tokyoPerimeter.calls[0].resourceArns).toHaveLength(1);
    expect(tokyoPerimeter.calls[0].options?.dataResourceArns).toHaveLength(1);
    expect(tokyoPerimeter.calls[0].options?.dataActions).toContain('s3:ListBucket');
  });

  test('replicates KMS-encrypted objects to the Osaka replica with its alias key, never replicating deletes', () => {
    const [, bucket] = bucketOf(tokyo, { 'lgsec:confidentiality': '3' });
    const rule = bucket.Properties.ReplicationConfiguration.Rules[0];
    expect(bucket.Properties.ReplicationConfiguration.Rules).toHaveLength(1);
    expect(rule).toMatchObject({
      Status: 'Enabled',
      Id: 'ReplicateTo-ap-northeast-3',
      DeleteMarkerReplication: { Status: 'Disabled' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Filter: { Prefix: '' },
    });
    const resolve = (v: unknown) => tokyoStack.resolve(v);
    expect(rule.Destination.Bucket).toEqual(resolve(`arn:${tokyoStack.partition}:s3:::${docs.replicaBucketName}`));
    expect(JSON.stringify(rule.Destination.EncryptionConfiguration.ReplicaKmsKeyID)).toMatch(
      /:kms:ap-northeast-3:.*:alias\/lgsec\/replica\/[0-9a-f]{10}/,
    );
    expect(docs.replicaRegion).toBe('ap-northeast-3');
  });

  test('replication role: trusted by S3 of this account only, reads the source, writes the replica, uses both keys via S3', () => {
    tokyo.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
      RoleName: Match.stringLikeRegexp('^lgsec-s3-replication-[0-9a-f]{10}$'),
    });
    const policy = Object.values(tokyo.findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement as Array<
      Record<string, Json>
    >;
    const bySid = Object.fromEntries(policy.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'DecryptSource',
      'EncryptReplicas',
      'ReadReplicationConfiguration',
      'ReadSourceVersions',
      'WriteReplicas',
    ]);
    expect(bySid.ReadSourceVersions.Action).toEqual(expect.arrayContaining(['s3:GetObjectRetention', 's3:GetObjectLegalHold']));
    expect(bySid.WriteReplicas.Action).not.toContain('s3:ReplicateDelete');
    expect(bySid.DecryptSource.Condition.StringEquals['kms:ViaService']).toBe('s3.ap-northeast-1.amazonaws.com');
    expect(bySid.EncryptReplicas.Condition).toMatchObject({
      StringEquals: { 'kms:ViaService': 's3.ap-northeast-3.amazonaws.com' },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [expect.stringMatching(/^alias\/lgsec\/replica\//)] },
    });
  });

  test('the Osaka replica has the same controls: name, alias key, lock, tags, perimeter exempting the replication role', () => {
    const [, bucket] = bucketOf(osaka, { 'lgsec:confidentiality': '3' });
    expect(bucket.Properties.BucketName).toEqual(osakaStack.resolve(docs._replicationPlan!.bucketNameFor(osakaStack.account)));
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { LogFilePrefix: 's3-access-logs/' },
    });
    expect(bucket.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'lgsec:confidentiality', Value: '3' },
        { Key: 'lgsec:integrity', Value: '2' },
        { Key: 'lgsec:availability', Value: '2' },
      ]),
    );
    expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
    osaka.hasResourceProperties('AWS::KMS::Alias', { AliasName: docs._replicationPlan!.keyAliasName });
    osaka.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AccountUsesKeyViaS3',
            Condition: { StringEquals: Match.objectLike({ 'kms:ViaService': 's3.ap-northeast-3.amazonaws.com' }) },
          }),
        ]),
      },
    });
    const policy = Object.values(osaka.findResources('AWS::S3::BucketPolicy'))
      .map((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, Json>>)
      .find((statements) => statements.some((s) => s.Sid === 'DenyOutsidePerimeter'))!;
    const perimeter = policy.find((s) => s.Sid === 'DenyOutsidePerimeter')!;
    expect(perimeter.Condition.StringNotEquals['aws:SourceVpce']).toEqual(['vpce-osaka']);
    expect(JSON.stringify(perimeter.Condition.ArnNotLike['aws:PrincipalArn'])).toContain(`:role/${docs._replicationPlan!.roleName}`);
    expect(replica.classification).toEqual(docs.classification);
  });

  test('the source stack deploys after the replica stack (S3 needs the destination to exist)', () => {
    expect(tokyoStack.dependencies).toContain(osakaStack);
    expect(osakaStack.dependencies).not.toContain(tokyoStack);
  });

  test('a C1/I1/A1 bucket still has CMK, TLS, access logs and tags, without versioning, lock, replication or perimeter', () => {
    const bucket = tokyo.toJSON().Resources[plainId];
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'aws:kms',
    );
    expect(bucket.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'lgsec:confidentiality', Value: '1' },
        { Key: 'lgsec:integrity', Value: '1' },
        { Key: 'lgsec:availability', Value: '1' },
      ]),
    );
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
    expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
    expect(bucket.Properties.LoggingConfiguration).toBeDefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toHaveLength(1);
    tokyo.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: plainId },
      PolicyDocument: { Statement: [tlsDeny, tls12Deny] },
    });
  });

  test('the created access-log bucket is compliant on its own: SSE-S3 (the only kind S3 logs to), versioned, private, TLS only', () => {
    const logBuckets = Object.entries(tokyo.findResources('AWS::S3::Bucket')).filter(([id]) => /^(Residents|Public)AccessLogs/.test(id));
    expect(logBuckets).toHaveLength(2);
    const [logicalId, bucket] = logBuckets[0];
    expect(bucket.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'lgsec:confidentiality', Value: '2' },
        { Key: 'lgsec:integrity', Value: '2' },
        { Key: 'lgsec:availability', Value: '1' },
      ]),
    );
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
    tokyo.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          tlsDeny,
          tls12Deny,
          Match.objectLike({
            Sid: 'AllowServerAccessLogsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::*']] } },
            },
          }),
        ]),
      },
    });
  });

  test('nothing is deleted with its stack: every bucket, key and log group is retained on delete and replace', () => {
    for (const template of [tokyo, osaka]) {
      for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
        for (const resource of Object.values(template.findResources(type))) {
          expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
        }
      }
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    }
  });
});

describe('AuditedBucket with a key, access-log bucket and purpose passed in', () => {
  test('uses them instead of creating its own, and tags the purpose', () => {
    const stack = new Stack(new App(), 'S', { env: TOKYO });
    const key = new kms.Key(stack, 'SharedKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const logs = new AccessLogBucket(stack, 'Logs');
    const bucket = new AuditedBucket(stack, 'Transfer', {
      classification: { confidentiality: 2, integrity: 1, availability: 1 },
      encryptionKey: key,
      accessLogBucket: logs,
      purpose: Purpose.SANITIZING_TRANSFER,
      eventBridgeEnabled: true,
      versioned: true,
    });
    expect(bucket.encryptionKey).toBe(key);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'lgsec:purpose', Value: 'sanitizing-transfer' }]),
      VersioningConfiguration: { Status: 'Enabled' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: Match.stringLikeRegexp('^LogsResource|^Logs') } }),
    });
  });
});

describe('AuditedBucket fails on contradictory props', () => {
  const newStack = (env: { region?: string } = TOKYO) => new Stack(new App(), 'S', { env });
  const build = (props: Partial<AuditedBucketProps> & Pick<AuditedBucketProps, 'classification'>, env?: { region?: string }) => () =>
    new AuditedBucket(newStack(env), 'B', props as AuditedBucketProps);
  const c = (confidentiality: 1 | 2 | 3, integrity: 1 | 2, availability: 1 | 2) => ({ confidentiality, integrity, availability });

  test('fails on an invalid classification', () => {
    expect(build({ classification: { confidentiality: 4, integrity: 1, availability: 1 } as never })).toThrow(
      /classification.confidentiality must be an integer from 1 to 3, got 4/,
    );
  });
  test('fails when versioning is turned off for integrity 2', () => {
    expect(build({ classification: c(1, 2, 1), versioned: false })).toThrow(/versioned: false contradicts integrity 2/);
  });
  test('fails on Object Lock without integrity 2', () => {
    expect(build({ classification: c(1, 1, 1), objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(1) } })).toThrow(
      /objectLock needs versioning, which comes with integrity 2/,
    );
  });
  test('fails on an Object Lock retention that is not whole days', () => {
    expect(
      build({ classification: c(1, 2, 1), objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.hours(36) } }),
    ).toThrow(/objectLock.retention must be a whole number of days/);
  });
  test('fails on an Object Lock retention over 100 years', () => {
    expect(
      build({ classification: c(1, 2, 1), objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(36501) } }),
    ).toThrow(/exceeds S3's maximum of 100 years/);
  });
  test('fails on an unknown Object Lock mode', () => {
    expect(
      build({ classification: c(1, 2, 1), objectLock: { mode: 'FOREVER' as s3.ObjectLockMode, retention: Duration.days(1) } }),
    ).toThrow(/objectLock.mode must be ObjectLockMode.COMPLIANCE or GOVERNANCE, got "FOREVER"/);
  });
  test('fails on confidentiality 3 without a data perimeter', () => {
    expect(build({ classification: c(3, 1, 1) })).toThrow(/confidentiality 3 needs a data perimeter \(7.3.a\): pass dataPerimeter/);
  });
  test('fails on availability 2 in a region-agnostic stack without replication.region', () => {
    expect(build({ classification: c(1, 1, 2) }, {})).toThrow(/this stack has no region: set env: \{ region: 'ap-northeast-1' \}/);
  });
  test('fails on a replica region outside Japan', () => {
    expect(build({ classification: c(1, 1, 2), replication: { region: 'us-east-1' } })).toThrow(
      /replication.region 'us-east-1' is outside Japan/,
    );
  });
  test('fails on a replica region equal to the source region', () => {
    expect(build({ classification: c(1, 1, 2), replication: { region: 'ap-northeast-1' } })).toThrow(
      /is the bucket's own region.*use ap-northeast-3/,
    );
  });
  test('fails on availability 2 in a stack outside Japan', () => {
    expect(build({ classification: c(1, 1, 2) }, { region: 'eu-west-1' })).toThrow(/stack is in eu-west-1; data must stay in Japan/);
  });
  test('fails on a lifecycle retention shorter than the Object Lock retention', () => {
    expect(
      build({
        classification: c(1, 2, 1),
        objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(365) },
        lifecycle: { retention: Duration.days(90) },
      }),
    ).toThrow(/lifecycle.retention \(90 days\) is shorter than the Object Lock retention \(365 days\)/);
  });
  test('fails on a single-AZ archive tier for availability 2', () => {
    expect(
      build({
        classification: c(1, 1, 2),
        replication: { region: 'ap-northeast-3' },
        lifecycle: { archiveTiers: [{ storageClass: s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS, after: Duration.days(30) }] },
      }),
    ).toThrow(/ONEZONE_IA keeps data in a single Availability Zone/);
  });
  test('fails on an infrequent-access tier before 30 days', () => {
    expect(
      build({
        classification: c(1, 1, 1),
        lifecycle: { archiveTiers: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, after: Duration.days(10) }] },
      }),
    ).toThrow(/after 30 days at the earliest, got 10/);
  });
  test('fails on archive tiers out of order', () => {
    expect(
      build({
        classification: c(1, 1, 1),
        lifecycle: {
          archiveTiers: [
            { storageClass: s3.StorageClass.GLACIER, after: Duration.days(60) },
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, after: Duration.days(90) },
          ],
        },
      }),
    ).toThrow(/STANDARD_IA cannot follow GLACIER/);
  });
  test('fails on archive tiers whose ages do not increase', () => {
    expect(
      build({
        classification: c(1, 1, 1),
        lifecycle: {
          archiveTiers: [
            { storageClass: s3.StorageClass.GLACIER, after: Duration.days(90) },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, after: Duration.days(90) },
          ],
        },
      }),
    ).toThrow(/\.after \(90 days\) must be later than the tier before it \(90 days\)/);
  });
  test('fails on an archive tier at or after the retention', () => {
    expect(
      build({
        classification: c(1, 1, 1),
        lifecycle: { retention: Duration.days(100), archiveTiers: [{ storageClass: s3.StorageClass.GLACIER, after: Duration.days(100) }] },
      }),
    ).toThrow(/must be earlier than lifecycle.retention \(100 days\)/);
  });
  test('fails on a storage class that is not an archive tier', () => {
    expect(
      build({
        classification: c(1, 1, 1),
        lifecycle: { archiveTiers: [{ storageClass: new s3.StorageClass('STANDARD'), after: Duration.days(30) }] },
      }),
    ).toThrow(/'STANDARD' is not an archive tier/);
  });
  test('fails on noncurrent-version retention without versioning', () => {
    expect(build({ classification: c(1, 1, 1), lifecycle: { noncurrentVersionRetention: Duration.days(30) } })).toThrow(
      /noncurrentVersionRetention needs versioning/,
    );
  });
  test('reports every problem at once, naming the construct', () => {
    expect(
      build({
        classification: c(3, 1, 2),
        objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(1) },
        replication: { region: 'us-east-1' },
      }),
    ).toThrow(
      /Invalid AuditedBucket props at 'S\/B':\n {2}- objectLock needs versioning[^]*\n {2}- confidentiality 3 needs a data perimeter[^]*\n {2}- replication.region 'us-east-1' is outside Japan/,
    );
  });
  test('fails at synth when an availability-2 bucket has no replica', () => {
    const stack = newStack();
    new AuditedBucket(stack, 'Lonely', { classification: c(1, 1, 2) });
    expect(() => Template.fromStack(stack)).toThrow(/availability 2 but no replica: add new AuditedReplicaBucket\(stackIn_ap_northeast_3/);
  });
});

describe('AuditedReplicaBucket fails on a wrong placement', () => {
  const setup = (replicaEnv: { region?: string; account?: string }, sourceAccount?: string) => {
    const app = new App();
    const source = new AuditedBucket(new Stack(app, 'Src', { env: { ...TOKYO, account: sourceAccount } }), 'B', {
      classification: { confidentiality: 3, integrity: 1, availability: 2 },
      dataPerimeter: new FakePerimeter(['vpce-1']),
    });
    return { source, replicaStack: new Stack(app, 'Dst', { env: replicaEnv }) };
  };
  test('fails in a stack of the wrong region', () => {
    const { source, replicaStack } = setup(TOKYO);
    expect(() => new AuditedReplicaBucket(replicaStack, 'R', { source, dataPerimeter: new FakePerimeter(['v']) })).toThrow(
      /the replica must be in a stack of region ap-northeast-3.*got ap-northeast-1/,
    );
  });
  test('fails in a region-agnostic stack', () => {
    const { source, replicaStack } = setup({});
    expect(() => new AuditedReplicaBucket(replicaStack, 'R', { source, dataPerimeter: new FakePerimeter(['v']) })).toThrow(
      /got a region-agnostic stack: set env: \{ region: 'ap-northeast-3' \}/,
    );
  });
  test('fails in another account', () => {
    const { source, replicaStack } = setup({ ...OSAKA, account: '222222222222' }, '111111111111');
    expect(() => new AuditedReplicaBucket(replicaStack, 'R', { source, dataPerimeter: new FakePerimeter(['v']) })).toThrow(
      /account 222222222222 differs from the source's 111111111111/,
    );
  });
  test('fails without a perimeter for a confidentiality-3 source', () => {
    const { source, replicaStack } = setup(OSAKA);
    expect(() => new AuditedReplicaBucket(replicaStack, 'R', { source })).toThrow(/the replica needs a data perimeter too/);
  });
  test('fails for a source that does not replicate', () => {
    const app = new App();
    const source = new AuditedBucket(new Stack(app, 'Src', { env: TOKYO }), 'B', {
      classification: { confidentiality: 1, integrity: 1, availability: 1 },
    });
    expect(() => new AuditedReplicaBucket(new Stack(app, 'Dst', { env: OSAKA }), 'R', { source })).toThrow(
      /does not replicate: give it classification.availability 2/,
    );
  });
});

describe('AccessLogBucket fails on a bad lifecycle', () => {
  test('fails on a retention that is not whole days', () => {
    expect(() => new AccessLogBucket(new Stack(), 'L', { lifecycle: { retention: Duration.minutes(90) } })).toThrow(
      /Invalid AccessLogBucket props[^]*lifecycle.retention must be a whole number of days/,
    );
  });
});

describe('no construct of lib/storage or lib/audit can be configured to delete data', () => {
  test('no source file offers auto-delete or a destroying removal policy', () => {
    const root = join(__dirname, '..', '..', 'lib');
    const files = ['storage', 'audit'].flatMap((dir) => walk(join(root, dir)));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, autoDelete: /autoDeleteObjects/.test(text) }).toEqual({ file, autoDelete: false });
      expect({
        file,
        destroy: /RemovalPolicy\.(DESTROY|SNAPSHOT)|removalPolicy\??:/.test(text.replace(/removalPolicy: RemovalPolicy\.RETAIN/g, '')),
      }).toEqual({ file, destroy: false });
    }
  });

  test('props that would delete data are ignored, not honoured', () => {
    const stack = new Stack(new App(), 'S', { env: TOKYO });
    new AuditedBucket(stack, 'B', {
      classification: { confidentiality: 2, integrity: 1, availability: 1 },
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    } as AuditedBucketProps);
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}
