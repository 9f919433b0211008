import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Size, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { TAG_KEYS } from '../../../lib/policy/tags';
import { SanitizingTransfer } from '../../../lib/sanitization/transfer/sanitizing-transfer';
import { BUILTIN_HANDLER_DIR, HANDLER_NODE_MAJOR } from '../../../lib/sanitization/transfer/private/handler-bundle';
import { awsSolutionsFindings, lgsecFindings, synthesize, transferApp } from './helpers';

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
};
type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The one resource of a type whose logical id starts with a prefix. */
function resource(template: Template, type: string, logicalIdPrefix: string): { id: string; resource: Resource } {
  const matches = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) => id.startsWith(logicalIdPrefix));
  if (matches.length !== 1)
    throw new Error(`expected one ${type} named ${logicalIdPrefix}*, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  return { id: matches[0][0], resource: matches[0][1] };
}

function bucketPolicy(template: Template, bucketPrefix: string): Statement[] {
  const bucket = resource(template, 'AWS::S3::Bucket', bucketPrefix).id;
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy') as Record<string, Resource>).filter(
    (p) => (p.Properties.Bucket as { Ref?: string }).Ref === bucket,
  );
  return policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function statement(statements: Statement[], sid: string): Statement {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} among ${statements.map((s) => s.Sid).join(', ')}`);
  return found;
}

function tagsOf(r: Resource): Record<string, string> {
  return Object.fromEntries(asArray(r.Properties.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
}

const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

describe('SanitizingTransfer with defaults (internet zone and LGWAN zone in their own stacks)', () => {
  let lgwan: Template;
  let internet: Template;
  let schemaFindings: string[];
  let stacks: { lgwanStack: Stack; internetStack: Stack };
  let assemblyDir: string;
  let ids: Record<'inbox' | 'outbox' | 'quarantine' | 'audit' | 'sanitizerRole' | 'writerRole' | 'queue' | 'dlq' | 'lgwanVpc', string>;

  beforeAll(() => {
    const built = transferApp();
    stacks = built;
    const synthesized = synthesize(built.app, [built.lgwanStack, built.internetStack]);
    [lgwan, internet] = synthesized.templates;
    schemaFindings = synthesized.schemaFindings;
    assemblyDir = built.app.outdir;
    ids = {
      inbox: resource(lgwan, 'AWS::S3::Bucket', 'TransferInbox').id,
      outbox: resource(lgwan, 'AWS::S3::Bucket', 'TransferOutbox').id,
      quarantine: resource(lgwan, 'AWS::S3::Bucket', 'TransferQuarantine').id,
      audit: resource(lgwan, 'AWS::S3::Bucket', 'TransferAuditRecords').id,
      sanitizerRole: resource(lgwan, 'AWS::IAM::Role', 'TransferSanitizerRole').id,
      writerRole: resource(lgwan, 'AWS::IAM::Role', 'TransferWriterRole').id,
      queue: resource(lgwan, 'AWS::SQS::Queue', 'TransferQueue').id,
      dlq: resource(lgwan, 'AWS::SQS::Queue', 'TransferDeadLetterQueue').id,
      lgwanVpc: resource(lgwan, 'AWS::EC2::VPC', 'ZoneVpc').id,
    };
  });

  test('synthesizes without CloudFormation schema warnings or AwsSolutions findings', () => {
    expect(schemaFindings).toEqual([]);
    expect(awsSolutionsFindings(stacks.lgwanStack)).toEqual([]);
    expect(awsSolutionsFindings(stacks.internetStack)).toEqual([]);
  });

  test("complies with the lgsec pack; its LGWAN write rule finds the transfer's buckets compliant", () => {
    const { errors, run } = lgsecFindings(stacks.lgwanStack.node.root as App);
    expect(errors).toEqual([]);
    const results = run.results.filter((r) => r.ruleId === 'LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE' && r.status === 'compliant');
    const accessLogs = resource(lgwan, 'AWS::S3::Bucket', 'TransferAccessLogs').id;
    expect(results.map((r) => r.logicalId).sort()).toEqual([accessLogs, ids.audit, ids.inbox, ids.outbox, ids.quarantine].sort());
  });

  test('builds four classified buckets tagged as the sanitizing transfer, all kept with the stack', () => {
    const expected: Record<string, [string, string, string]> = {
      TransferInbox: ['2', '1', '1'],
      TransferOutbox: ['2', '2', '1'],
      TransferQuarantine: ['2', '2', '1'],
      TransferAuditRecords: ['2', '2', '1'],
    };
    for (const [prefix, [c, i, a]] of Object.entries(expected)) {
      const bucket = resource(lgwan, 'AWS::S3::Bucket', prefix).resource;
      expect(tagsOf(bucket)).toMatchObject({
        [TAG_KEYS.confidentiality]: c,
        [TAG_KEYS.integrity]: i,
        [TAG_KEYS.availability]: a,
        [TAG_KEYS.purpose]: 'sanitizing-transfer',
        [TAG_KEYS.zone]: 'lgwan',
      });
      expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
      expect(bucket.Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^TransferAccessLogs/) } },
      });
    }
    for (const r of Object.values(lgwan.findResources('AWS::KMS::Key') as Record<string, Resource>)) {
      expect([r.DeletionPolicy, r.Properties.EnableKeyRotation]).toEqual(['Retain', true]);
    }
    // The queues hold the only record of files not yet sanitized.
    const queues = Object.values(lgwan.findResources('AWS::SQS::Queue') as Record<string, Resource>);
    expect(queues).toHaveLength(2);
    for (const q of queues) expect(q.DeletionPolicy).toBe('Retain');
    const logGroups = Object.values(lgwan.findResources('AWS::Logs::LogGroup') as Record<string, Resource>);
    expect(
      logGroups.every(
        (g) => g.DeletionPolicy === 'Retain' && g.Properties.KmsKeyId !== undefined && (g.Properties.RetentionInDays as number) >= 365,
      ),
    ).toBe(true);
  });

  test('locks audit records under Object Lock in COMPLIANCE mode for five years', () => {
    expect(resource(lgwan, 'AWS::S3::Bucket', 'TransferAuditRecords').resource.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1825 } } },
    });
  });

  test('announces every new inbox object on the queue, once the queue admits S3 from this bucket only', () => {
    const inbox = resource(lgwan, 'AWS::S3::Bucket', 'TransferInbox').resource;
    expect(inbox.Properties.NotificationConfiguration).toEqual({
      QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: getAtt(ids.queue) }],
    });
    const queuePolicy = resource(lgwan, 'AWS::SQS::QueuePolicy', 'TransferQueuePolicy');
    expect(inbox.DependsOn).toContain(queuePolicy.id);
    const statements = (queuePolicy.resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statement(statements, 'InboxSendsObjectCreatedEvents')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111111111111' },
        ArnEquals: {
          'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${String(inbox.Properties.BucketName)}`]] },
        },
      },
    });
    expect(inbox.Properties.BucketName).toMatch(/^lgsec-inbox-[0-9a-f]{10}-111111111111-ap-northeast-1$/);
    expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  test("inbox: only the writer role writes, only through the internet zone's S3 endpoint; only the sanitizer reads and deletes", () => {
    const statements = bucketPolicy(lgwan, 'TransferInbox');
    const objects = { 'Fn::Join': ['', [getAtt(ids.inbox), '/*']] };
    const internetEndpoint = { 'Fn::ImportValue': expect.stringMatching(/^InternetZone:ExportsOutputRefZoneVpcS3Endpoint/) };
    expect(statement(statements, 'OnlyTheWriterRoleWrites')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject*',
      Resource: objects,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(ids.writerRole) } },
    });
    expect(statement(statements, 'WritesOnlyFromTheInternetZone')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:PutObject*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': internetEndpoint } },
    });
    expect(statement(statements, 'OnlyTheSanitizerReads')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:GetObject*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [getAtt(ids.sanitizerRole)] }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    });
    expect(statement(statements, 'OnlyTheSanitizerDeletes')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:DeleteObject*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(ids.sanitizerRole) } },
    });
    expect(statement(statements, 'NoListingFromTheInternetZone')).toMatchObject({
      Effect: 'Deny',
      Condition: { StringEquals: { 'aws:SourceVpce': internetEndpoint } },
    });
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  test('outbox, quarantine and audit records: only the sanitizer writes, never over a key; the outbox is read only from the LGWAN zone', () => {
    for (const prefix of ['TransferOutbox', 'TransferQuarantine', 'TransferAuditRecords']) {
      expect(statement(bucketPolicy(lgwan, prefix), 'OnlyTheSanitizerWrites')).toMatchObject({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(ids.sanitizerRole) } },
      });
    }
    for (const prefix of ['TransferOutbox', 'TransferAuditRecords']) {
      expect(statement(bucketPolicy(lgwan, prefix), 'OnlyNewKeys')).toMatchObject({
        Effect: 'Deny',
        Action: 's3:PutObject',
        Condition: { Null: { 's3:if-none-match': 'true' } },
      });
    }
    expect(bucketPolicy(lgwan, 'TransferQuarantine').map((s) => s.Sid)).not.toContain('OnlyNewKeys');
    expect(statement(bucketPolicy(lgwan, 'TransferOutbox'), 'ReadsOnlyFromTheLgwanZone')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:GetObject*',
      Condition: { StringNotEquals: { 'aws:SourceVpc': { Ref: ids.lgwanVpc } }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  test('writer role: tagged as the sanitizing transfer of the internet zone, may only put objects into the inbox', () => {
    const role = resource(lgwan, 'AWS::IAM::Role', 'TransferWriterRole').resource;
    expect(tagsOf(role)).toMatchObject({ [TAG_KEYS.purpose]: 'sanitizing-transfer', [TAG_KEYS.zone]: 'internet' });
    expect(tagsOf(resource(lgwan, 'AWS::IAM::Role', 'TransferSanitizerRole').resource)[TAG_KEYS.zone]).toBe('lgwan');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    const policy = resource(lgwan, 'AWS::IAM::Policy', 'TransferWriterRoleDefaultPolicy').resource;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements.map((s) => [s.Sid, asArray(s.Action)])).toEqual([
      ['WriteToInbox', ['s3:PutObject', 's3:AbortMultipartUpload']],
      ['EncryptInbox', ['kms:GenerateDataKey', 'kms:Decrypt']],
    ]);
    expect(statements[0].Resource).toEqual({ 'Fn::Join': ['', [getAtt(ids.inbox), '/*']] });
    expect(statements[1].Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } });
  });

  test('sanitizer role: least privilege on exactly its buckets, keys, log group and queue', () => {
    const policy = resource(lgwan, 'AWS::IAM::Policy', 'TransferSanitizerRoleDefaultPolicy').resource;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const actions = statements.flatMap((s) => asArray(s.Action));
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
    expect(statement(statements, 'ReadAndRemoveInboxObjects').Action).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
    ]);
    const writes = statement(statements, 'WriteOutputsOnce');
    expect(writes.Action).toEqual(['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload']);
    expect(JSON.stringify(writes.Resource)).not.toContain(ids.inbox);
    expect(statement(statements, 'FindEarlierOutputs')).toMatchObject({
      Action: 's3:ListBucket',
      Resource: [getAtt(ids.outbox), getAtt(ids.quarantine)],
    });
    // The only statement on every resource is the one Lambda needs to attach to the VPC.
    expect(statements.filter((s) => s.Resource === '*').map((s) => s.Sid)).toEqual(['AttachToVpc']);
    expect(asArray(statement(statements, 'AttachToVpc').Action).every((a) => a.startsWith('ec2:'))).toBe(true);
    expect(statements.find((s) => asArray(s.Action).includes('sqs:ReceiveMessage'))?.Resource).toEqual(getAtt(ids.queue));
    const role = resource(lgwan, 'AWS::IAM::Role', 'TransferSanitizerRole').resource;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('queue and dead-letter queue: KMS-encrypted, TLS only, redrive after five deliveries, visibility six times the timeout', () => {
    const queue = resource(lgwan, 'AWS::SQS::Queue', 'TransferQueue').resource.Properties;
    expect(queue).toMatchObject({
      KmsMasterKeyId: getAtt(resource(lgwan, 'AWS::KMS::Key', 'TransferQueueKey').id),
      RedrivePolicy: { deadLetterTargetArn: getAtt(ids.dlq), maxReceiveCount: 5 },
      VisibilityTimeout: 1800,
      MessageRetentionPeriod: 1209600,
    });
    expect(resource(lgwan, 'AWS::SQS::Queue', 'TransferDeadLetterQueue').resource.Properties).toMatchObject({
      KmsMasterKeyId: expect.anything(),
      MessageRetentionPeriod: 1209600,
    });
    const dlqPolicy = resource(lgwan, 'AWS::SQS::QueuePolicy', 'TransferDeadLetterQueuePolicy').resource;
    expect((dlqPolicy.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const key = resource(lgwan, 'AWS::KMS::Key', 'TransferQueueKey').resource;
    expect((key.Properties.KeyPolicy as { Statement: Statement[] }).Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'S3SendsInboxEvents',
        Principal: { Service: 's3.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111' },
          ArnEquals: {
            'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:s3:::lgsec-inbox-/)]] },
          },
        },
      }),
    );
  });

  test('alarms on any message in the dead-letter queue', () => {
    lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(ids.dlq, 'QueueName') }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 3600,
    });
  });

  test("function: Node.js 24 on arm64, sized for the limits, reserved concurrency, in the LGWAN zone's isolated subnets", () => {
    const fn = resource(lgwan, 'AWS::Lambda::Function', 'TransferSanitizer').resource.Properties;
    const workloadSubnets = Object.keys(lgwan.findResources('AWS::EC2::Subnet')).filter((id) => id.startsWith('ZoneVpcWorkload'));
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1152,
      Timeout: 300,
      ReservedConcurrentExecutions: 5,
      Role: getAtt(ids.sanitizerRole),
      LoggingConfig: { LogGroup: { Ref: resource(lgwan, 'AWS::Logs::LogGroup', 'TransferLogGroup').id } },
      Environment: {
        Variables: {
          LGSEC_INBOX_BUCKET: { Ref: ids.inbox },
          LGSEC_OUTBOX_BUCKET: { Ref: ids.outbox },
          LGSEC_QUARANTINE_BUCKET: { Ref: ids.quarantine },
          LGSEC_AUDIT_BUCKET: { Ref: ids.audit },
          LGSEC_MAX_OBJECT_BYTES: String(100 * 1024 * 1024),
          LGSEC_MAX_RECEIVE_COUNT: '5',
          LGSEC_SANITIZER_OPTIONS: '{}',
          LGSEC_TRANSFER_NAME: 'LgwanZone/Transfer',
          LGSEC_DEAD_LETTER_QUEUE_ARN: getAtt(ids.dlq),
        },
      },
    });
    const vpcConfig = fn.VpcConfig as { SubnetIds: { Ref: string }[]; SecurityGroupIds: unknown[] };
    // Subnets of its own, not the zone's workload subnets (which route to the LGWAN link).
    const ownSubnets = Object.keys(lgwan.findResources('AWS::EC2::Subnet')).filter((id) => id.startsWith('TransferSanitizerSubnet'));
    expect(ownSubnets).toHaveLength(2);
    expect(vpcConfig.SubnetIds.map((s) => s.Ref).sort()).toEqual(ownSubnets.sort());
    expect(vpcConfig.SubnetIds.map((s) => s.Ref)).not.toEqual(expect.arrayContaining([workloadSubnets[0]]));
    lgwan.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.120.255.224/28', AvailabilityZone: 'dummy1a' });
    lgwan.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.120.255.240/28', AvailabilityZone: 'dummy1b' });
    const ownTables = Object.entries(lgwan.findResources('AWS::EC2::SubnetRouteTableAssociation'))
      .filter(([, r]) => ownSubnets.includes((r.Properties.SubnetId as { Ref: string }).Ref))
      .map(([, r]) => (r.Properties.RouteTableId as { Ref: string }).Ref);
    expect(ownTables).toHaveLength(2);
    const routesInOwnTables = Object.values(lgwan.findResources('AWS::EC2::Route')).filter((r) =>
      ownTables.includes((r.Properties.RouteTableId as { Ref: string }).Ref),
    );
    expect(routesInOwnTables).toEqual([]);
    for (const propagation of Object.values(lgwan.findResources('AWS::EC2::VPNGatewayRoutePropagation'))) {
      expect(propagation.Properties.RouteTableIds).not.toEqual(expect.arrayContaining([{ Ref: ownTables[0] }]));
    }
    const endpoint = resource(lgwan, 'AWS::EC2::VPCEndpoint', 'ZoneVpcS3Endpoint').resource.Properties;
    expect(endpoint.RouteTableIds).toEqual(expect.arrayContaining(ownTables.map((id) => ({ Ref: id }))));
    lgwan.hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([{ Key: TAG_KEYS.purpose, Value: 'sanitizing-transfer' }]),
    });
    expect(vpcConfig.SecurityGroupIds).toEqual([getAtt(resource(lgwan, 'AWS::EC2::SecurityGroup', 'TransferSecurityGroup').id, 'GroupId')]);
    lgwan.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(ids.queue),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  test('the function also consumes the dead-letter queue, one message at a time, to quarantine what it could not finish', () => {
    lgwan.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(ids.dlq),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(resource(lgwan, 'AWS::SQS::Queue', 'TransferDeadLetterQueue').resource.Properties.VisibilityTimeout).toBe(1800);
    lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'lgsec/SanitizingTransfer',
      MetricName: 'Files',
      Statistic: 'Sum',
      Threshold: 1,
      Dimensions: [
        { Name: 'ReasonCode', Value: 'engine-failure' },
        { Name: 'Transfer', Value: 'LgwanZone/Transfer' },
      ],
    });
  });

  test('function code is the prebuilt handler bundle, with the AWS SDK left to the runtime', () => {
    const fn = resource(lgwan, 'AWS::Lambda::Function', 'TransferSanitizer').resource.Properties;
    expect({ handler: fn.Handler, runtime: fn.Runtime }).toEqual({ handler: 'index.handler', runtime: `nodejs${HANDLER_NODE_MAJOR}.x` });
    const key = (fn.Code as { S3Key: string }).S3Key;
    const assetDir = path.join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
    // What the bundle was built from stays out of the function's code.
    expect(fs.readdirSync(assetDir).sort()).toEqual(['index.js', 'index.js.map', 'qpdf.wasm']);
    const code = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(code).toBe(fs.readFileSync(path.join(BUILTIN_HANDLER_DIR, 'index.js'), 'utf8'));
    expect(code).toContain('batchItemFailures');
    expect(code).toMatch(/require\("@aws-sdk\/client-s3"\)/);
    // The PDF parser (qpdf compiled to WebAssembly) reads its module from beside the bundle.
    expect(fs.readFileSync(path.join(assetDir, 'qpdf.wasm')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  });

  test("the function's security group admits nothing in and only HTTPS out", () => {
    const sg = resource(lgwan, 'AWS::EC2::SecurityGroup', 'TransferSecurityGroup').resource.Properties;
    expect(sg.SecurityGroupIngress).toBeUndefined();
    // Inline, so EC2's default allow-all egress rule is removed.
    expect(sg.SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-61a54008' }),
    ]);
    lgwan.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    lgwan.resourcePropertiesCountIs(
      'AWS::EC2::SecurityGroupIngress',
      { GroupId: getAtt(resource(lgwan, 'AWS::EC2::SecurityGroup', 'TransferSecurityGroup').id, 'GroupId') },
      0,
    );
  });

  test('no path to the internet: no gateway, no NAT, no default route in the LGWAN zone; no interface endpoints added', () => {
    for (const type of ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EgressOnlyInternetGateway']) {
      lgwan.resourceCountIs(type, 0);
    }
    lgwan.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0' }, 0);
    lgwan.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 0);
  });

  test("S3 gateway endpoints on the workload subnets of both zones, admitting only this account's principals and buckets", () => {
    for (const [template, zone] of [
      [lgwan, 'lgwan'],
      [internet, 'internet'],
    ] as const) {
      const endpoint = resource(template, 'AWS::EC2::VPCEndpoint', 'ZoneVpcS3Endpoint').resource.Properties;
      expect(endpoint.VpcEndpointType).toBe('Gateway');
      expect(tagsOf({ Type: '', Properties: endpoint })[TAG_KEYS.zone]).toBe(zone);
      expect(
        (endpoint.RouteTableIds as { Ref: string }[])
          .map((r) => r.Ref)
          .every((id) => id.startsWith('ZoneVpcWorkload') || id.startsWith('TransferSanitizerSubnet')),
      ).toBe(true);
      if (zone === 'internet') {
        expect(endpoint.PolicyDocument).toEqual({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OnlyThisAccountsPrincipalsAndResources',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' } },
            },
          ],
        });
      } else {
        // The LGWAN zone's own endpoint lists the zone's buckets: the transfer's, which register themselves.
        const statement = (endpoint.PolicyDocument as { Statement: Array<{ Sid: string; Resource: unknown[] }> }).Statement[0];
        expect(statement.Sid).toBe('OnlyThisZonesBuckets');
        expect(JSON.stringify(statement.Resource)).toEqual(expect.stringContaining('TransferInbox'));
        expect(JSON.stringify(statement.Resource)).toEqual(expect.stringContaining('TransferOutbox'));
      }
    }
  });

  test('blast radius: the sanitizer uses its buckets only through the LGWAN endpoint; no replication in or out; the quarantine is for the sanitizer alone', () => {
    const lgwanEndpoint = { Ref: resource(lgwan, 'AWS::EC2::VPCEndpoint', 'ZoneVpcS3Endpoint').id };
    for (const bucket of ['TransferInbox', 'TransferOutbox', 'TransferQuarantine', 'TransferAuditRecords']) {
      const statements = bucketPolicy(lgwan, bucket);
      expect(statement(statements, 'TheSanitizerOnlyThroughTheLgwanEndpoint')).toMatchObject({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': getAtt(ids.sanitizerRole) }, StringNotEquals: { 'aws:SourceVpce': lgwanEndpoint } },
      });
      expect(statement(statements, 'NoReplicationIn')).toMatchObject({
        Effect: 'Deny',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
      });
      expect(statement(statements, 'NoReplicationIn').Condition).toBeUndefined();
      expect(statement(statements, 'NoReplicationOut')).toMatchObject({ Effect: 'Deny', Action: 's3:PutReplicationConfiguration' });
    }
    expect(statement(bucketPolicy(lgwan, 'TransferQuarantine'), 'OnlyTheSanitizerAndForensicsRead')).toMatchObject({
      Effect: 'Deny',
      Action: 's3:GetObject*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [getAtt(ids.sanitizerRole)] } },
    });
  });

  test('the sanitizer role works for its own function only (lambda:SourceFunctionArn), and its alarms reach a subscribed topic', () => {
    const fnId = resource(lgwan, 'AWS::Lambda::Function', 'TransferSanitizer').id;
    lgwan.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: ids.sanitizerRole }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'OnlyThisFunctionUsesS3',
            Effect: 'Deny',
            Action: 's3:*',
            Resource: '*',
            Condition: { ArnNotEquals: { 'lambda:SourceFunctionArn': getAtt(fnId) } },
          },
        ],
      },
    });
    const topic = resource(lgwan, 'AWS::SNS::Topic', 'TransferAlarmTopic').id;
    lgwan.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: { Ref: topic }, Protocol: 'email', Endpoint: 'soc@example.jp' });
    lgwan.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topic }] }, 3);
  });
});

describe('SanitizingTransfer options', () => {
  let lgwan: Template;
  let internet: Template;
  let transfer: SanitizingTransfer;
  let app: App;

  beforeAll(() => {
    const built = transferApp({}, { build: false, bundle: false });
    const topic = new sns.Topic(built.lgwanStack, 'SecurityTopic', { enforceSSL: true });
    topic.addSubscription(new subscriptions.EmailSubscription('soc@example.jp'));
    const receiver = new iam.Role(built.internetStack, 'MailReceiver', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const reader = new iam.Role(built.lgwanStack, 'FileServer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    transfer = new SanitizingTransfer(built.lgwanStack, 'Transfer', {
      internetZone: built.internetZone,
      lgwanZone: built.lgwanZone,
      writers: [receiver],
      engineOptions: { limits: { maxInputBytes: 20 * 1024 * 1024 }, textOutputEncoding: 'utf-8-bom' },
      maxObjectSize: Size.mebibytes(10),
      classifications: { quarantine: { confidentiality: 1, integrity: 2, availability: 1 } },
      auditRecordRetention: Duration.days(3650),
      timeout: Duration.minutes(10),
      reservedConcurrency: 3,
      batchSize: 2,
      maxReceiveCount: 4,
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
      s3PrefixListId: 'pl-61a54008',
      alarmTopic: topic,
    });
    transfer.addWriter(new iam.ArnPrincipal('arn:aws:iam::111111111111:role/WebUploader'));
    new cloudwatch.Alarm(built.lgwanStack, 'QuarantineSpike', {
      metric: transfer.metricFiles('quarantined'),
      threshold: 20,
      evaluationPeriods: 1,
    }).addAlarmAction(new cloudwatchActions.SnsAction(topic));
    new cloudwatch.Alarm(built.lgwanStack, 'NoTraffic', {
      metric: transfer.metricFiles(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    }).addAlarmAction(new cloudwatchActions.SnsAction(topic));
    transfer.grantReadOutbox(reader);
    // A second transfer between the same zones shares their S3 gateway endpoints.
    new SanitizingTransfer(built.lgwanStack, 'SecondTransfer', {
      internetZone: built.internetZone,
      lgwanZone: built.lgwanZone,
      sanitizerEntry: path.join(__dirname, 'custom-sanitizer.ts'),
      quarantineDeadLetters: false,
      alarmEmails: ['soc@example.jp'],
    });
    // An internet-zone role granted writes into the outbox directly: a way around the sanitizer.
    const intruder = new iam.Role(built.lgwanStack, 'Intruder', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    Tags.of(intruder).add(TAG_KEYS.zone, 'internet');
    transfer.outbox.bucket.grantPut(intruder);
    app = built.app;
    [lgwan, internet] = synthesize(built.app, [built.lgwanStack, built.internetStack]).templates;
  });

  test('passes the engine options and limits to the function, sized to them', () => {
    lgwan.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('\\(LgwanZone/Transfer\\)'),
      MemorySize: 1024,
      Timeout: 600,
      ReservedConcurrentExecutions: 3,
      Environment: {
        Variables: Match.objectLike({
          LGSEC_MAX_OBJECT_BYTES: String(10 * 1024 * 1024),
          LGSEC_MAX_RECEIVE_COUNT: '4',
          LGSEC_SANITIZER_OPTIONS: JSON.stringify({ limits: { maxInputBytes: 20 * 1024 * 1024 }, textOutputEncoding: 'utf-8-bom' }),
        }),
      },
    });
    expect(transfer.maxObjectBytes).toBe(10 * 1024 * 1024);
    lgwan.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 2, ScalingConfig: { MaximumConcurrency: 3 } });
    lgwan.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 3600, RedrivePolicy: Match.objectLike({ maxReceiveCount: 4 }) });
  });

  test('writers and added writers may assume the writer role; readers may read the outbox', () => {
    const role = Object.entries(lgwan.findResources('AWS::IAM::Role') as Record<string, Resource>).find(([id]) =>
      id.startsWith('TransferWriterRole'),
    )![1];
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    expect(trust.map((s) => s.Principal)).toEqual([
      { AWS: { 'Fn::ImportValue': expect.stringMatching(/^InternetZone:ExportsOutputFnGetAttMailReceiver/) } },
      { AWS: 'arn:aws:iam::111111111111:role/WebUploader' },
    ]);
    lgwan.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FileServer') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })]) },
    });
  });

  test('classifications, audit retention, prefix-listed egress, interface endpoints and alarm actions follow the props', () => {
    lgwan.hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([
        { Key: TAG_KEYS.confidentiality, Value: '1' },
        { Key: TAG_KEYS.purpose, Value: 'sanitizing-transfer' },
      ]),
    });
    lgwan.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
    const functionGroup = Object.keys(lgwan.findResources('AWS::EC2::SecurityGroup')).find((id) => id.startsWith('TransferSecurityGroup'))!;
    expect(
      Object.values(
        lgwan.findResources('AWS::EC2::SecurityGroupEgress', { Properties: { GroupId: { 'Fn::GetAtt': [functionGroup, 'GroupId'] } } }),
      ).map((r) => r.Properties),
    ).toEqual([
      expect.objectContaining({
        DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ZoneVpcSqsEndpointSecurityGroup/), 'GroupId'] },
        FromPort: 443,
      }),
    ]);
    expect(lgwan.findResources('AWS::EC2::SecurityGroup')[functionGroup].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ DestinationPrefixListId: 'pl-61a54008', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
    lgwan.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.ap-northeast-1.sqs',
      PrivateDnsEnabled: true,
      PolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } })],
      }),
    });
    lgwan.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TransferSecurityGroup'), 'GroupId'] },
    });
    for (const metricName of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage']) {
      lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^SecurityTopic') }],
      });
    }
    lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: Match.arrayWith([{ Name: 'ReasonCode', Value: 'engine-failure' }]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SecurityTopic') }],
    });
  });

  test('outcome metrics: one verdict, or the sum of every verdict', () => {
    lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'lgsec/SanitizingTransfer',
      MetricName: 'Files',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 20,
      Dimensions: [
        { Name: 'Transfer', Value: 'LgwanZone/Transfer' },
        { Name: 'Verdict', Value: 'quarantined' },
      ],
    });
    lgwan.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(clean, 0) + FILL(sanitized, 0) + FILL(quarantined, 0)' }),
        Match.objectLike({ Id: 'sanitized', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Files' }) }) }),
      ]),
    });
  });

  test('the lgsec pack reports an internet-zone role that writes into the outbox, and nothing else', () => {
    const { errors } = lgsecFindings(app);
    expect(errors).toEqual([expect.stringMatching(/^LGSEC-LGWAN-BUCKET-NO-INTERNET-WRITE: TransferOutbox[0-9A-F]+: .*Intruder/)]);
  });

  test('without quarantineDeadLetters, the dead-letter queue is left to an operator', () => {
    const dlq = Object.keys(lgwan.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('SecondTransferDeadLetterQueue'))!;
    lgwan.resourcePropertiesCountIs('AWS::Lambda::EventSourceMapping', { EventSourceArn: getAtt(dlq) }, 0);
    const fn = Object.values(
      lgwan.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('SecondTransfer') } }),
    )[0];
    expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain('LGSEC_DEAD_LETTER_QUEUE_ARN');
    const dlqForFirst = Object.keys(lgwan.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('TransferDeadLetterQueue'))!;
    lgwan.resourcePropertiesCountIs('AWS::Lambda::EventSourceMapping', { EventSourceArn: getAtt(dlqForFirst) }, 1);
  });

  test('a second transfer between the same zones reuses their S3 gateway endpoints', () => {
    lgwan.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 1);
    internet.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 1);
    lgwan.resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^lgsec: sanitizes') }, 2);
  });
});

describe('SanitizingTransfer validation', () => {
  const build = (props: Parameters<typeof transferApp>[0]) => () => transferApp(props, { build: false, bundle: false }).build();

  test('fails for confidentiality 3 and for audit records below integrity 2, naming each bucket', () => {
    expect(
      build({
        classifications: {
          outbox: { confidentiality: 3, integrity: 2, availability: 1 },
          auditRecords: { confidentiality: 2, integrity: 1, availability: 1 },
        },
      }),
    ).toThrow(
      /classifications\.outbox: confidentiality 3 data lives only in the My Number zone[\s\S]*classifications\.auditRecords: integrity 1 is too low/,
    );
  });

  test('fails for an invalid classification given at run time', () => {
    expect(build({ classifications: { inbox: { confidentiality: 4 } as never } })).toThrow(
      /classifications\.inbox\.confidentiality must be an integer from 1 to 3/,
    );
  });

  test("fails when maxObjectSize is over the engine's input limit", () => {
    expect(build({ maxObjectSize: Size.mebibytes(200) })).toThrow(
      /maxObjectSize: 209715200 bytes is over the engine's limits\.maxInputBytes \(104857600\)/,
    );
  });

  test('fails for invalid engine options', () => {
    expect(build({ engineOptions: { limits: { maxEntries: -1 } } })).toThrow(
      /engineOptions: .*limits\.maxEntries must be a positive integer, got -1/,
    );
  });

  test('fails when memorySize is too small for the limits', () => {
    expect(build({ memorySize: 512 })).toThrow(/memorySize: 512 MiB is too little .* use at least 1152/);
  });

  test('fails for a memory size Lambda does not offer and an empty maxObjectSize', () => {
    expect(build({ memorySize: 20000, maxObjectSize: Size.bytes(0) })).toThrow(
      /maxObjectSize: 0 bytes is not a positive size[\s\S]*memorySize: 20000 MiB is outside Lambda's 128 to 10240 MiB/,
    );
  });

  test('fails for limits that need more memory than Lambda has', () => {
    expect(build({ engineOptions: { limits: { maxInputBytes: 4000 * 1024 * 1024 } }, maxObjectSize: Size.mebibytes(4000) })).toThrow(
      /need \d+ MiB, over Lambda's 10240 MiB/,
    );
  });

  test('fails for out-of-range timeout, concurrency, batch size, receive count, retention, prefix list and repeated endpoints, all at once', () => {
    expect(
      build({
        timeout: Duration.minutes(20),
        reservedConcurrency: 1,
        batchSize: 11,
        maxReceiveCount: 1,
        auditRecordRetention: Duration.days(30),
        s3PrefixListId: 'prefix-list',
        interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.KMS, ec2.InterfaceVpcEndpointAwsService.KMS],
      }),
    ).toThrow(
      new RegExp(
        [
          "Invalid SanitizingTransfer props at 'LgwanZone/Transfer'",
          'timeout: 20 minutes is outside 30 seconds to 15 minutes',
          'reservedConcurrency: 1 must be an integer from 2 to 1000',
          'batchSize: 11 must be an integer from 1 to 10',
          'maxReceiveCount: 1 must be an integer from 2 to 1000',
          'auditRecordRetention: 30 days must be whole days, at least 365',
          "interfaceEndpoints lists 'kms' twice",
          "s3PrefixListId: 'prefix-list' is not a prefix list id",
        ].join('[\\s\\S]*'),
      ),
    );
  });

  test('fails when sanitizerEntry does not exist', () => {
    expect(build({ sanitizerEntry: '/no/such/handler.ts' })).toThrow(/sanitizerEntry: '\/no\/such\/handler\.ts' does not exist/);
  });

  test('fails when the zones are not an InternetZone and an LgwanZone', () => {
    const { lgwanStack, lgwanZone } = transferApp({}, { build: false });
    expect(() => new SanitizingTransfer(lgwanStack, 'Backwards', { internetZone: lgwanZone as never, lgwanZone })).toThrow(
      /internetZone must be an InternetZone/,
    );
  });
});

describe('SanitizingTransfer blast-radius options', () => {
  test('without an S3 prefix list the function has no egress at all (fails closed), and says so', () => {
    const built = transferApp({ s3PrefixListId: undefined, quarantineReaders: undefined }, { bundle: false });
    const forensics = new iam.Role(built.lgwanStack, 'Forensics', { assumedBy: new iam.AccountRootPrincipal() });
    new SanitizingTransfer(built.lgwanStack, 'Second', {
      internetZone: built.internetZone,
      lgwanZone: built.lgwanZone,
      alarmEmails: ['soc@example.jp'],
      quarantineReaders: [forensics],
    });
    const template = Template.fromStack(built.lgwanStack);
    const sgs = Object.entries(template.findResources('AWS::EC2::SecurityGroup')).filter(([id]) =>
      /^(Transfer|Second)SecurityGroup/.test(id),
    );
    expect(sgs).toHaveLength(2);
    for (const [, sg] of sgs)
      expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
    expect(built.transfer.node.metadata.map((m) => String(m.data))).toEqual(
      expect.arrayContaining([expect.stringMatching(/No s3PrefixListId: the sanitizer's security group admits no egress/)]),
    );
    // A second transfer in the same zone takes the next free blocks.
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.120.255.192/28' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.120.255.208/28' });
    const quarantine = Object.entries(template.findResources('AWS::S3::BucketPolicy'))
      .map(([, p]) => p.Properties)
      .find((p) => (p.Bucket as { Ref: string }).Ref.startsWith('SecondQuarantine'))!;
    const read = (quarantine.PolicyDocument.Statement as Statement[]).find((st) => st.Sid === 'OnlyTheSanitizerAndForensicsRead')!;
    expect(read.Condition!.ArnNotEquals['aws:PrincipalArn']).toEqual([
      expect.anything(),
      { 'Fn::GetAtt': [expect.stringMatching(/^Forensics/), 'Arn'] },
    ]);
  });

  test('fails on sanitizer subnet CIDRs that are malformed, outside the VPC, overlap its subnets or miss a zone, and on emails with a topic', () => {
    const { build } = transferApp(
      {
        sanitizerSubnetCidrs: ['10.120.0.0/28', '10.99.0.0/28', 'nope'],
        alarmTopic: sns.Topic.fromTopicArn(new Stack(), 'T', 'arn:aws:sns:ap-northeast-1:111111111111:t'),
      },
      { build: false, bundle: false },
    );
    expect(build).toThrow(
      /alarmEmails is set with alarmTopic[^]*sanitizerSubnetCidrs: 3 CIDRs for 2 Availability Zones[^]*sanitizerSubnetCidrs\[0\]: '10.120.0.0\/28' overlaps the VPC's subnet 10.120.0.0\/24[^]*sanitizerSubnetCidrs\[1\]: '10.99.0.0\/28' is outside the LGWAN VPC's 10.120.0.0\/16[^]*sanitizerSubnetCidrs\[2\]: 'nope' is not an IPv4 CIDR block/,
    );
  });
});
