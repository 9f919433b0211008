import { App, Duration, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuditTrail } from '../../lib/audit/audit-trail';
import { LogArchive } from '../../lib/audit/log-archive';
import { GUARDRAIL_EVENTS, GuardrailEventWatch } from '../../lib/audit/guardrail-events';
import { SECURITY_EVENTS } from '../../lib/audit/security-alarms';
import { AuditedBucket, AuditedReplicaBucket } from '../../lib/storage/audited-bucket';
import { checkedApp, validationViolations } from '../storage/helpers';

/** Synthesized CloudFormation, read as loosely as a template is. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const TOKYO = { region: 'ap-northeast-1' };
const ACCOUNT = { Ref: 'AWS::AccountId' };
const ALARM_ARNS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:ap-northeast-1:', ACCOUNT, ':alarm:*']] };

function statementsOf(template: Template, type: string, documentKey: string): Json[] {
  return Object.values(template.findResources(type)).flatMap((r: Json) => r.Properties[documentKey].Statement);
}
function bySid(statements: Json[], sid: string): Json {
  const found = statements.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
}
const flat = (value: unknown) => JSON.stringify(value);

describe('LogArchive and AuditTrail in a three-stack app', () => {
  let archiveStack: Stack;
  let zoneStack: Stack;
  let trailStack: Stack;
  let archiveT: Template;
  let zoneT: Template;
  let trailT: Template;
  let archive: LogArchive;
  let trail: AuditTrail;
  let violations: string[];
  let ids: { confidential: string; public: string; critical: string; replica: string };

  beforeAll(() => {
    const { app, outdir } = checkedApp();
    archiveStack = new Stack(app, 'Archive', { env: TOKYO });
    archive = new LogArchive(archiveStack, 'LogArchive', { retention: Duration.days(400) });
    zoneStack = new Stack(app, 'Zone', { env: TOKYO });
    const osakaStack = new Stack(app, 'Osaka', { env: { region: 'ap-northeast-3' } });
    const accessLogBucket = archive.accessLogBucket;
    const confidential = new AuditedBucket(zoneStack, 'Confidential', {
      classification: { confidentiality: 2, integrity: 1, availability: 1 },
      accessLogBucket,
    });
    const publicInfo = new AuditedBucket(zoneStack, 'PublicInfo', {
      classification: { confidentiality: 1, integrity: 1, availability: 1 },
      accessLogBucket,
    });
    const critical = new AuditedBucket(zoneStack, 'Critical', {
      classification: { confidentiality: 2, integrity: 2, availability: 2 },
      accessLogBucket,
    });
    new AuditedReplicaBucket(osakaStack, 'CriticalReplica', { source: critical });
    new ec2.FlowLog(zoneStack, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromNetworkInterfaceId('eni-0123456789abcdef0'),
      destination: archive.flowLogDestination(),
    });
    new networkfirewall.CfnLoggingConfiguration(zoneStack, 'FirewallLogging', {
      firewallArn: 'arn:aws:network-firewall:ap-northeast-1:111122223333:firewall/inspection',
      loggingConfiguration: {
        logDestinationConfigs: [archive.networkFirewallLogDestination('ALERT'), archive.networkFirewallLogDestination('FLOW')],
      },
    });
    new route53resolver.CfnResolverQueryLoggingConfig(zoneStack, 'DnsQueryLogs', { destinationArn: archive.dnsQueryLogDestinationArn });
    trailStack = new Stack(app, 'Trail', { env: TOKYO });
    trail = new AuditTrail(trailStack, 'AuditTrail', {
      logArchive: archive,
      dataEventBuckets: [confidential, publicInfo],
      notificationEmails: ['security@city.shiojiri.example.jp'],
    });
    trail.addDataEventBuckets(critical, confidential);
    const id = (b: AuditedBucket) => zoneStack.getLogicalId(b.bucket.node.defaultChild as s3.CfnBucket);
    ids = { confidential: id(confidential), public: id(publicInfo), critical: id(critical), replica: critical.replicaBucketName! };
    app.synth();
    violations = validationViolations(outdir);
    archiveT = Template.fromStack(archiveStack);
    zoneT = Template.fromStack(zoneStack);
    trailT = Template.fromStack(trailStack);
  });

  test('synthesizes with no cdk-nag AwsSolutions finding and no CloudFormation schema warning', () => {
    expect(violations).toEqual([]);
  });

  describe('LogArchive', () => {
    const archiveBucket = () => {
      const found = archiveT.findResources('AWS::S3::Bucket', {
        Properties: { Tags: Match.arrayWith([{ Key: 'lgsec:purpose', Value: 'audit-log' }]) },
      });
      expect(Object.keys(found)).toHaveLength(1);
      return Object.entries(found)[0] as [string, Json];
    };

    test('the archive is write-once: Object Lock COMPLIANCE with the given retention, versioned, KMS, retained', () => {
      const [, bucket] = archiveBucket();
      expect(bucket).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } },
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        },
      });
    });

    test('the archive is classified C2/I2/A1 and tagged lgsec:purpose=audit-log', () => {
      const [, bucket] = archiveBucket();
      expect(bucket.Properties.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'lgsec:confidentiality', Value: '2' },
          { Key: 'lgsec:integrity', Value: '2' },
          { Key: 'lgsec:availability', Value: '1' },
          { Key: 'lgsec:purpose', Value: 'audit-log' },
        ]),
      );
    });

    test('CloudTrail may check the ACL and write under cloudtrail/AWSLogs/<account>/, only for trails of this account', () => {
      const statements = statementsOf(archiveT, 'AWS::S3::BucketPolicy', 'PolicyDocument');
      const trailArns = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:', ACCOUNT, ':trail/*']] };
      expect(bySid(statements, 'CloudTrailChecksAcl')).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': trailArns } },
      });
      const put = bySid(statements, 'CloudTrailDelivers');
      expect(put).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': trailArns },
        },
      });
      expect(flat(put.Resource)).toContain('/cloudtrail/AWSLogs/');
    });

    test('the log-delivery service (flow, firewall, DNS query logs) may deliver from this account in the Japanese regions', () => {
      const statements = statementsOf(archiveT, 'AWS::S3::BucketPolicy', 'PolicyDocument');
      const logArns = ['ap-northeast-1', 'ap-northeast-3'].map((region) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${region}:`, ACCOUNT, ':*']],
      }));
      expect(bySid(statements, 'LogDeliveryChecksAcl')).toMatchObject({
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': logArns } },
      });
      const put = bySid(statements, 'LogDeliveryDelivers');
      expect(put).toMatchObject({
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': logArns },
        },
      });
      expect(flat(put.Resource)).toContain('/*AWSLogs/');
      expect(flat(put.Resource)).toContain('/*AWSLogs/aws-account-id=');
    });

    test('the archive key lets CloudTrail, log delivery and Config use it, scoped to this account, and grants no kms:*', () => {
      const [keyId] = Object.keys(archiveT.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('LogArchiveKey'));
      const statements: Json[] = archiveT.toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
      expect(statements.some((s) => s.Action === 'kms:*')).toBe(false);
      expect(bySid(statements, 'CloudTrailEncryptsLogs')).toMatchObject({
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:', ACCOUNT, ':trail/*']],
            },
          },
        },
      });
      expect(bySid(statements, 'CloudTrailDescribesKey')).toMatchObject({
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
      });
      expect(bySid(statements, 'LogDeliveryEncryptsLogs')).toMatchObject({
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']),
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': expect.any(Array) } },
      });
      expect(bySid(statements, 'ConfigEncryptsSnapshots')).toMatchObject({
        Principal: { Service: 'config.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
      expect(bySid(statements, 'AccountUsesKeyViaS3').Condition.StringEquals['kms:ViaService']).toBe('s3.ap-northeast-1.amazonaws.com');
    });

    test("the archive key resists the account's administrators: root reads metadata only, the deploying role administers, nobody disables or deletes", () => {
      const [keyId] = Object.keys(archiveT.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('LogArchiveKey'));
      const key = archiveT.toJSON().Resources[keyId];
      const statements: Json[] = key.Properties.KeyPolicy.Statement;
      const deployRole = {
        'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-ap-northeast-1',
      };
      expect(bySid(statements, 'AccountReadsKeyMetadata')).toMatchObject({
        Effect: 'Allow',
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
      });
      expect(bySid(statements, 'AccountReadsKeyMetadata').Condition).toBeUndefined();
      expect(bySid(statements, 'NamedRolesAdministerKey')).toMatchObject({
        Effect: 'Allow',
        Condition: { ArnEquals: { 'aws:PrincipalArn': [deployRole] } },
      });
      // No key administrator given: the Deny has no exception, so the key cannot be disabled or deleted at all.
      expect(bySid(statements, 'OnlyKeyAdministratorsDisableOrDelete')).toEqual({
        Sid: 'OnlyKeyAdministratorsDisableOrDelete',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
        Resource: '*',
      });
      expect(bySid(statements, 'OnlyKeyAdministratorsAndDeploymentsChangePolicy')).toMatchObject({
        Effect: 'Deny',
        Action: 'kms:PutKeyPolicy',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [deployRole] } },
      });
      expect(key.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'lgsec:purpose', Value: 'audit-log' }]));
    });

    test('the non-locked bucket replicates every new object into the locked archive, encrypted with the archive key', () => {
      const logBucketId = archiveStack.getLogicalId(archive.accessLogBucket.bucket.node.defaultChild as s3.CfnBucket);
      const archiveName =
        archiveT.toJSON().Resources[archiveStack.getLogicalId(archive.bucket.node.defaultChild as s3.CfnBucket)].Properties.BucketName;
      expect(flat(archiveName)).toMatch(
        /^\{"Fn::Join":\["",\["lgsec-log-archive-[0-9a-f]{10}-",\{"Ref":"AWS::AccountId"\},"-ap-northeast-1"\]\]\}$/,
      );
      const rule = archiveT.toJSON().Resources[logBucketId].Properties.ReplicationConfiguration.Rules[0];
      expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' } });
      expect(flat(rule.Destination.Bucket)).toContain('lgsec-log-archive-');
      expect(rule.Destination.EncryptionConfiguration.ReplicaKmsKeyID).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^LogArchiveKey/), 'Arn'],
      });
      const policy = statementsOf(archiveT, 'AWS::IAM::Policy', 'PolicyDocument');
      expect(bySid(policy, 'ReplicateIntoArchive').Action).toEqual(['s3:ReplicateObject', 's3:ReplicateTags']);
      expect(bySid(policy, 'EncryptReplicas').Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } });
    });

    test('the non-locked bucket takes server access logs and AWS Config, has no Object Lock, and uses SSE-S3', () => {
      const logBucketId = archiveStack.getLogicalId(archive.accessLogBucket.bucket.node.defaultChild as s3.CfnBucket);
      const bucket = archiveT.toJSON().Resources[logBucketId];
      expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
        'AES256',
      );
      expect(bucket.DeletionPolicy).toBe('Retain');
      const [policy] = Object.values(
        archiveT.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logBucketId } } }),
      ) as Json[];
      const statements = policy.Properties.PolicyDocument.Statement;
      expect(bySid(statements, 'AllowServerAccessLogsOfThisAccount').Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
      expect(bySid(statements, 'ConfigChecksAcl')).toMatchObject({
        Principal: { Service: 'config.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
      const put = bySid(statements, 'ConfigDelivers');
      expect(put.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ACCOUNT } });
      expect(flat(put.Resource)).toContain('/config/AWSLogs/');
      // The archive itself logs its access there.
      const [, archived] = archiveBucket();
      expect(archived.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logBucketId });
    });

    test('zones deliver flow logs, firewall logs and DNS query logs into the archive', () => {
      zoneT.hasResourceProperties('AWS::EC2::FlowLog', {
        LogDestinationType: 's3',
        LogDestination: { 'Fn::Join': ['', [{ 'Fn::ImportValue': Match.stringLikeRegexp('LogArchive') }, '/vpc-flow-logs/']] },
      });
      zoneT.hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
        LoggingConfiguration: {
          LogDestinationConfigs: [
            {
              LogType: 'ALERT',
              LogDestinationType: 'S3',
              LogDestination: { bucketName: { 'Fn::ImportValue': Match.anyValue() }, prefix: 'network-firewall/alert' },
            },
            {
              LogType: 'FLOW',
              LogDestinationType: 'S3',
              LogDestination: { bucketName: { 'Fn::ImportValue': Match.anyValue() }, prefix: 'network-firewall/flow' },
            },
          ],
        },
      });
      zoneT.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
        DestinationArn: { 'Fn::ImportValue': Match.anyValue() },
      });
    });

    test("buckets of other stacks log their access to the archive's non-locked bucket", () => {
      zoneT.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.objectLike({
          DestinationBucketName: { 'Fn::ImportValue': Match.stringLikeRegexp('LogArchiveAccessLogs') },
        }),
      });
      zoneT.resourceCountIs('AWS::S3::Bucket', 3);
    });
  });

  describe('AuditTrail', () => {
    test('the trail is multi-region, validated, KMS-encrypted, with global events, into the archive and a log group', () => {
      trailT.hasResourceProperties('AWS::CloudTrail::Trail', {
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        IncludeGlobalServiceEvents: true,
        IsLogging: true,
        S3KeyPrefix: 'cloudtrail',
        S3BucketName: { 'Fn::ImportValue': Match.stringLikeRegexp('LogArchive') },
        KMSKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('LogArchiveKey') },
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailLogGroup'), 'Arn'] },
      });
    });

    test('records S3 data events of confidentiality 2+ buckets and the replica, once each, and skips confidentiality 1', () => {
      const [trailResource] = Object.values(trailT.findResources('AWS::CloudTrail::Trail')) as Json[];
      const selectors: Json[] = trailResource.Properties.EventSelectors;
      expect(selectors[0]).toEqual({ IncludeManagementEvents: true, ReadWriteType: 'All' });
      expect(selectors).toHaveLength(2);
      expect(selectors[1]).toMatchObject({
        IncludeManagementEvents: false,
        ReadWriteType: 'All',
        DataResources: [{ Type: 'AWS::S3::Object' }],
      });
      const values: Json[] = selectors[1].DataResources[0].Values;
      const text = flat(values);
      expect(values).toHaveLength(3);
      expect(text).toContain(ids.confidential);
      expect(text).toContain(ids.critical);
      expect(text).toContain('lgsec-replica-');
      expect(text).not.toContain(ids.public);
    });

    test('the trail log group is KMS-encrypted, kept a year and retained', () => {
      trailT.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailLogGroupKey'), 'Arn'] } },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    test('one metric filter and one alarm per security event (CIS, and the global guardrail events), each notifying the topic', () => {
      const global = GUARDRAIL_EVENTS.filter((e) => e.watchedIn.includes(GuardrailEventWatch.TRAIL_LOG_GROUP));
      trailT.resourceCountIs('AWS::Logs::MetricFilter', SECURITY_EVENTS.length + global.length);
      trailT.resourceCountIs('AWS::CloudWatch::Alarm', SECURITY_EVENTS.length + global.length);
      for (const event of global) trailT.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: event.logFilterPattern });
      expect(SECURITY_EVENTS.map((e) => e.id)).toEqual(
        expect.arrayContaining([
          'RootAccountUsage',
          'IamPolicyChanges',
          'SecurityGroupChanges',
          'NetworkAclChanges',
          'RouteTableChanges',
          'NetworkGatewayChanges',
          'CloudTrailChanges',
          'ConsoleSignInWithoutMfa',
          'KmsKeyDisabledOrScheduledForDeletion',
        ]),
      );
      for (const event of SECURITY_EVENTS) {
        expect(event.filterPattern.length).toBeLessThanOrEqual(1024);
        trailT.hasResourceProperties('AWS::Logs::MetricFilter', {
          FilterPattern: event.filterPattern,
          MetricTransformations: [{ MetricNamespace: 'lgsec/Security', MetricName: event.id, MetricValue: '1' }],
        });
      }
      const topicRef = { Ref: Match.stringLikeRegexp('^AuditTrailNotificationTopic') };
      for (const alarm of Object.values(trailT.findResources('AWS::CloudWatch::Alarm')) as Json[]) {
        expect(alarm.Properties).toMatchObject({
          Namespace: 'lgsec/Security',
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
        expect(alarm.Properties.AlarmActions).toHaveLength(1);
      }
      trailT.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RootAccountUsage', AlarmActions: [topicRef] });
      expect(Object.keys(trail.alarms)).toHaveLength(SECURITY_EVENTS.length + global.length);
    });

    test('the root-usage and sign-in patterns match what CIS prescribes', () => {
      const pattern = (id: string) => SECURITY_EVENTS.find((e) => e.id === id)!.filterPattern;
      expect(pattern('RootAccountUsage')).toContain('$.userIdentity.type = "Root"');
      expect(pattern('ConsoleSignInWithoutMfa')).toContain('$.additionalEventData.MFAUsed != "Yes"');
      expect(pattern('KmsKeyDisabledOrScheduledForDeletion')).toContain('ScheduleKeyDeletion');
      expect(pattern('CloudTrailChanges')).toContain('StopLogging');
    });

    test('the notification topic is encrypted with its own key, TLS only, and CloudWatch alarms of this account may publish', () => {
      trailT.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailNotificationKey'), 'Arn'] },
      });
      const statements = statementsOf(trailT, 'AWS::SNS::TopicPolicy', 'PolicyDocument');
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
      expect(bySid(statements, 'CloudWatchAlarmsPublish')).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': ALARM_ARNS } },
      });
      const [keyId] = Object.keys(trailT.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('AuditTrailNotificationKey'));
      const keyStatements: Json[] = trailT.toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
      expect(bySid(keyStatements, 'CloudWatchAlarmsPublish')).toMatchObject({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': ALARM_ARNS } },
      });
      expect(bySid(keyStatements, 'AccountUsesKeyViaSNS').Condition.StringEquals['kms:ViaService']).toBe(
        'sns.ap-northeast-1.amazonaws.com',
      );
      trailT.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@city.shiojiri.example.jp' });
    });

    test('AWS Config records everything and delivers to the non-locked bucket, encrypted with the archive key', () => {
      trailT.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RecordingMode: { RecordingFrequency: 'CONTINUOUS' },
        RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailConfigRole'), 'Arn'] },
      });
      trailT.hasResource('AWS::Config::DeliveryChannel', {
        Properties: {
          S3BucketName: { 'Fn::ImportValue': Match.stringLikeRegexp('LogArchiveAccessLogs') },
          S3KeyPrefix: 'config',
          S3KmsKeyArn: { 'Fn::ImportValue': Match.stringLikeRegexp('LogArchiveKey') },
          ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
        },
        DependsOn: [Match.stringLikeRegexp('^AuditTrailConfigRecorder')],
      });
      trailT.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'config.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
            }),
          ],
        },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
      });
      const [configPolicy] = Object.values(
        trailT.findResources('AWS::IAM::Policy', {
          Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^AuditTrailConfigRole') }] },
        }),
      ) as Json[];
      const statements: Json[] = configPolicy.Properties.PolicyDocument.Statement;
      expect(bySid(statements, 'DeliverSnapshots')).toMatchObject({
        Action: 's3:PutObject',
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      });
      expect(flat(bySid(statements, 'DeliverSnapshots').Resource)).toContain('/config/AWSLogs/');
      expect(bySid(statements, 'CheckBucket').Action).toBe('s3:GetBucketAcl');
      expect(bySid(statements, 'EncryptSnapshots')).toMatchObject({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/LogArchiveKey/) },
        Condition: { StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } },
      });
    });

    test('the trail stack deploys after the archive (its bucket policy must admit CloudTrail first)', () => {
      expect(trailStack.dependencies).toContain(archiveStack);
    });
  });
});

describe('AuditTrail with an existing topic and no Config recorder', () => {
  test('creates no topic, key for it, or Config resources', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: TOKYO });
    const archive = new LogArchive(stack, 'Archive');
    const topic = sns.Topic.fromTopicArn(stack, 'Existing', 'arn:aws:sns:ap-northeast-1:111122223333:security');
    const trail = new AuditTrail(stack, 'Trail', {
      logArchive: archive,
      notificationTopic: topic,
      recordConfiguration: false,
      metricNamespace: 'Shiojiri/Security',
    });
    expect(trail.notificationTopic).toBe(topic);
    expect(trail.configRecorder).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    template.resourceCountIs('AWS::Config::DeliveryChannel', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Shiojiri/Security',
      AlarmActions: ['arn:aws:sns:ap-northeast-1:111122223333:security'],
    });
  });
});

describe('LogArchive with a break-glass key administrator', () => {
  test('lets only that role disable or delete the key, and that role and the named deployer change its policy', () => {
    const stack = new Stack(new App(), 'S', { env: TOKYO });
    const admin = iam.Role.fromRoleArn(stack, 'BreakGlass', 'arn:aws:iam::111111111111:role/KeyBreakGlass');
    new LogArchive(stack, 'A', { keyAdministrators: [admin], deploymentRoleArns: ['arn:aws:iam::111111111111:role/Pipeline'] });
    const statements: Json[] = statementsOf(Template.fromStack(stack), 'AWS::KMS::Key', 'KeyPolicy');
    expect(bySid(statements, 'OnlyKeyAdministratorsDisableOrDelete').Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/KeyBreakGlass'] },
    });
    expect(bySid(statements, 'OnlyKeyAdministratorsAndDeploymentsChangePolicy').Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/KeyBreakGlass', 'arn:aws:iam::111111111111:role/Pipeline'] },
    });
  });

  test('fails when the deploying role cannot be known', () => {
    const stack = new Stack(new App(), 'S', { env: TOKYO, synthesizer: new LegacyStackSynthesizer() });
    expect(() => new LogArchive(stack, 'A')).toThrow(/deploymentRoleArns: the stack does not use the DefaultStackSynthesizer/);
  });
});

describe('LogArchive and AuditTrail fail on bad props', () => {
  const stack = () => new Stack(new App(), 'S', { env: TOKYO });
  test('fails on a retention below a year', () => {
    expect(() => new LogArchive(stack(), 'A', { retention: Duration.days(90) })).toThrow(
      /retention of 90 days is below the policy's floor for audit logs of 365 days/,
    );
  });
  test('fails on a retention that is not whole days', () => {
    expect(() => new LogArchive(stack(), 'A', { retention: Duration.hours(9001) })).toThrow(
      /Invalid LogArchive props[^]*retention must be a whole number of days/,
    );
  });
  test('fails on an expiry before the Object Lock retention ends', () => {
    expect(() => new LogArchive(stack(), 'A', { lifecycle: { retention: Duration.days(200) } })).toThrow(
      /lifecycle.retention \(200 days\) is shorter than the Object Lock retention \(365 days\)/,
    );
  });
  test('fails on a log retention below a year', () => {
    const s = stack();
    expect(() => new AuditTrail(s, 'T', { logArchive: new LogArchive(s, 'A'), logRetention: logs.RetentionDays.SIX_MONTHS })).toThrow(
      /180 days is below the policy's floor of 365 days/,
    );
  });
  test('fails at synth on more data-event buckets than one CloudTrail event selector takes', () => {
    const s = stack();
    const trail = new AuditTrail(s, 'T', { logArchive: new LogArchive(s, 'A'), recordConfiguration: false });
    const buckets = Array.from(
      { length: 251 },
      (_, i) =>
        ({
          classification: { confidentiality: 2, integrity: 1, availability: 1 },
          bucket: { bucketArn: `arn:aws:s3:::records-${i}` },
        }) as unknown as AuditedBucket,
    );
    trail.addDataEventBuckets(...buckets);
    expect(() => Template.fromStack(s)).toThrow(/records data events of 251 buckets; CloudTrail takes at most 250 in an event selector/);
  });
  test('fails on a malformed email and an AWS namespace, both at once', () => {
    const s = stack();
    expect(
      () => new AuditTrail(s, 'T', { logArchive: new LogArchive(s, 'A'), notificationEmails: ['security'], metricNamespace: 'AWS/Mine' }),
    ).toThrow(
      /Invalid AuditTrail props[^]*metricNamespace 'AWS\/Mine' is not a custom CloudWatch namespace[^]*'security' is not an email address/,
    );
  });
});
