import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ConfigAggregator } from '../../lib/audit/config-aggregator';
import { ConfigRecorder } from '../../lib/audit/config-recorder';
import { CONFIG_RULE_MAPPING } from '../../lib/audit/config-rules';
import { LgsecConformancePack } from '../../lib/audit/conformance-pack';
import { admitMemberAccounts, admitOrganizationTrail, LogArchiveReference } from '../../lib/audit/cross-account';
import { GUARDRAIL_EVENTS, GuardrailEventWatch } from '../../lib/audit/guardrail-events';
import { LogArchive } from '../../lib/audit/log-archive';
import { OrganizationTrail } from '../../lib/audit/organization-trail';
import { SecurityEventForwarder } from '../../lib/audit/security-event-forwarder';
import { SecurityEventHub } from '../../lib/audit/security-event-hub';
import { SECURITY_EVENTS } from '../../lib/audit/security-alarms';
import { isClauseId } from '../../lib/policy';
import { checkedApp, validationViolations } from '../storage/helpers';

/** Synthesized CloudFormation, read as loosely as a template is. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const MANAGEMENT = '111111111111';
const LOG_ARCHIVE = '222222222222';
const SECURITY = '888888888888';
const ZONE = '444444444444';
const ORG = 'o-a1b2c3d4e5';
const TOKYO = 'ap-northeast-1';
const KEY_ARN = `arn:aws:kms:${TOKYO}:${LOG_ARCHIVE}:key/00000000-0000-4000-8000-000000000000`;
const archiveAttributes = {
  bucketName: `lgsec-log-archive-${LOG_ARCHIVE}-${TOKYO}`,
  configBucketName: `lgsec-log-archive-config-${LOG_ARCHIVE}-${TOKYO}`,
  encryptionKeyArn: KEY_ARN,
};
const statementsOf = (template: Template, type: string, key: string): Json[] =>
  Object.values(template.findResources(type)).flatMap((r: Json) => r.Properties[key].Statement);
const flat = (value: unknown) => JSON.stringify(value);

describe('an organization: the trail in the management account, the archive admitting it, the hub and aggregator in the security account', () => {
  const { app, outdir } = checkedApp();
  const archiveStack = new Stack(app, 'Archive', { env: { account: LOG_ARCHIVE, region: TOKYO } });
  const archive = new LogArchive(archiveStack, 'LogArchive', {
    bucketName: archiveAttributes.bucketName,
    configBucketName: archiveAttributes.configBucketName,
    admitAccountTrails: false,
  });
  admitMemberAccounts(archive, [MANAGEMENT, SECURITY, ZONE], { accountTrails: false });
  admitOrganizationTrail(archive, { organizationId: ORG, managementAccountId: MANAGEMENT });

  const managementStack = new Stack(app, 'Management', { env: { account: MANAGEMENT, region: TOKYO } });
  const trail = new OrganizationTrail(managementStack, 'OrganizationTrail', {
    logArchive: LogArchiveReference.fromAttributes(managementStack, 'LogArchive', archiveAttributes),
    organizationId: ORG,
    notificationEmails: ['soc@example.jp'],
  });
  new LgsecConformancePack(managementStack, 'ConformancePack', { organization: { excludedAccountIds: ['999999999999'] } });

  const securityStack = new Stack(app, 'Security', { env: { account: SECURITY, region: TOKYO } });
  const hub = new SecurityEventHub(securityStack, 'SecurityEvents', { notificationEmails: ['soc@example.jp'], organizationId: ORG });
  new ConfigAggregator(securityStack, 'Aggregator', { organization: true });

  const zoneStack = new Stack(app, 'ZoneOsaka', { env: { account: ZONE, region: 'ap-northeast-3' } });
  new ConfigRecorder(zoneStack, 'ConfigRecorder', {
    logArchive: LogArchiveReference.fromAttributes(zoneStack, 'LogArchive', archiveAttributes),
    recordGlobalResources: false,
  });
  new SecurityEventForwarder(zoneStack, 'SecurityEvents', { hubEventBusArn: SecurityEventHub.eventBusArn(SECURITY, TOKYO) });

  app.synth();
  const archiveT = Template.fromStack(archiveStack);
  const managementT = Template.fromStack(managementStack);
  const securityT = Template.fromStack(securityStack);
  const zoneT = Template.fromStack(zoneStack);

  test('synthesizes with no cdk-nag AwsSolutions finding and no CloudFormation schema warning', () => {
    expect(validationViolations(outdir)).toEqual([]);
  });

  test('the organization trail: every account and region, validated, KMS with the archive key, into the archive under cloudtrail/', () => {
    managementT.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'lgsec-organization-trail',
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: KEY_ARN,
      S3BucketName: archiveAttributes.bucketName,
      S3KeyPrefix: 'cloudtrail',
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
    expect(trail.trailArn).toBe(`arn:${Stack.of(trail).partition}:cloudtrail:${TOKYO}:${MANAGEMENT}:trail/lgsec-organization-trail`);
  });

  test('records management events and S3 data events of every bucket, with advanced event selectors only', () => {
    const props = Object.values(managementT.findResources('AWS::CloudTrail::Trail'))[0].Properties;
    expect(props.EventSelectors).toBeUndefined();
    expect(props.AdvancedEventSelectors).toEqual([
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      {
        Name: 'S3 data events of every bucket',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        ],
      },
    ]);
  });

  test('its log group carries the CIS alarms and the alarms of events only a trail sees in Japan, each notifying the subscribed topic', () => {
    const global = GUARDRAIL_EVENTS.filter((e) => e.watchedIn.includes(GuardrailEventWatch.TRAIL_LOG_GROUP));
    managementT.resourceCountIs('AWS::Logs::MetricFilter', SECURITY_EVENTS.length + global.length);
    managementT.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: global.find((e) => e.id === 'BreakGlassRoleAssumed')!.logFilterPattern,
    });
    for (const alarm of Object.values(managementT.findResources('AWS::CloudWatch::Alarm')) as Json[]) {
      expect(alarm.Properties.AlarmDescription).toMatch(/^lgsec security event: /);
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
    managementT.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'soc@example.jp' });
  });

  test('the archive admits that one organization trail by ARN, and no account trail', () => {
    const bucket = statementsOf(archiveT, 'AWS::S3::BucketPolicy', 'PolicyDocument');
    const deliver = bucket.find((s) => s.Sid === 'OrganizationTrailDelivers')!;
    expect(flat(deliver.Resource)).toContain(`/cloudtrail/AWSLogs/${ORG}/*`);
    expect(flat(deliver.Resource)).toContain(`/cloudtrail/AWSLogs/${MANAGEMENT}/*`);
    expect(flat(deliver.Condition.StringEquals['aws:SourceArn'])).toContain(
      `:cloudtrail:${TOKYO}:${MANAGEMENT}:trail/lgsec-organization-trail`,
    );
    expect(bucket.map((s) => s.Sid)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(Member)?CloudTrail/)]));
    expect(flat(bucket)).not.toContain(':trail/*');
    const key = statementsOf(archiveT, 'AWS::KMS::Key', 'KeyPolicy');
    const encrypt = key.find((s) => s.Sid === 'OrganizationTrailEncryptsLogs')!;
    expect(encrypt.Action).toBe('kms:GenerateDataKey*');
    expect(flat(encrypt.Condition.StringEquals['aws:SourceArn'])).toContain(':trail/lgsec-organization-trail');
    expect(key.map((s) => s.Sid)).not.toEqual(expect.arrayContaining(['CloudTrailEncryptsLogs', 'MemberCloudTrailEncryptsLogs']));
    // Config and log delivery of the member accounts are still admitted, each under its own prefix.
    expect(flat(bucket)).toContain(`AWSLogs/${ZONE}/`);
  });

  test('the organization conformance pack deploys every mapped managed rule, with its clause ids, to every account but the excluded', () => {
    const pack = Object.values(managementT.findResources('AWS::Config::OrganizationConformancePack'))[0] as Json;
    expect(pack.Properties.OrganizationConformancePackName).toBe('lgsec-policy');
    expect(pack.Properties.ExcludedAccounts).toEqual(['999999999999']);
    const body = JSON.parse(pack.Properties.TemplateBody);
    const rules = Object.values(body.Resources) as Json[];
    expect(rules.map((r) => r.Properties.Source.SourceIdentifier).sort()).toEqual(CONFIG_RULE_MAPPING.map((m) => m.identifier).sort());
    const lock = rules.find((r) => r.Properties.Source.SourceIdentifier === 'S3_BUCKET_DEFAULT_LOCK_ENABLED');
    expect(lock.Properties.Scope).toEqual({ ComplianceResourceTypes: ['AWS::S3::Bucket'], TagKey: 'lgsec:purpose', TagValue: 'audit-log' });
    const retention = rules.find((r) => r.Properties.Source.SourceIdentifier === 'CW_LOGGROUP_RETENTION_PERIOD_CHECK');
    expect(retention.Properties.InputParameters).toEqual({ MinRetentionTime: '365' });
    expect(retention.Properties.Description).toMatch(/^lgsec 7\.7, 10: /);
  });

  test('the hub: a bus only the organization may put events on, a rule per guardrail event notifying an encrypted topic, a dead-letter queue', () => {
    securityT.hasResourceProperties('AWS::Events::EventBus', { Name: 'lgsec-security-events' });
    securityT.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Action: 'events:PutEvents',
        Principal: { AWS: '*' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      }),
    });
    const busRules = Object.values(securityT.findResources('AWS::Events::Rule')).filter((r: Json) => r.Properties.EventBusName) as Json[];
    expect(busRules).toHaveLength(GUARDRAIL_EVENTS.length + 1);
    for (const rule of busRules) {
      expect(rule.Properties.Targets).toHaveLength(1);
      expect(rule.Properties.Targets[0].DeadLetterConfig).toBeDefined();
      expect(rule.Properties.Targets[0].InputTransformer).toBeDefined();
    }
    expect(busRules.map((r) => r.Properties.EventPattern)).toEqual(
      expect.arrayContaining(GUARDRAIL_EVENTS.map((e) => JSON.parse(JSON.stringify(e.eventPattern)))),
    );
    securityT.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const topicPolicy = statementsOf(securityT, 'AWS::SNS::TopicPolicy', 'PolicyDocument').find((s) => s.Sid === 'HubRulesPublish')!;
    expect(topicPolicy.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(flat(topicPolicy.Condition.ArnLike['aws:SourceArn'])).toContain(':rule/');
    securityT.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: Match.anyValue(),
    });
    expect(hub.forwarder).toBeDefined();
  });

  test('the aggregator reads the organization in both Japanese regions with the AWS-managed organization role', () => {
    securityT.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      ConfigurationAggregatorName: 'lgsec-compliance',
      OrganizationAggregationSource: { AwsRegions: ['ap-northeast-1', 'ap-northeast-3'], AllAwsRegions: false, RoleArn: Match.anyValue() },
    });
  });

  test("a member's Osaka stack: a recorder without global resources into the archive, and a forwarder of every regional event to the hub", () => {
    zoneT.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
    zoneT.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: archiveAttributes.configBucketName,
      S3KmsKeyArn: KEY_ARN,
      S3KeyPrefix: 'config',
    });
    const regional = GUARDRAIL_EVENTS.filter((e) => e.watchedIn.includes(GuardrailEventWatch.EVENT_BUS));
    const rules = Object.values(zoneT.findResources('AWS::Events::Rule')) as Json[];
    expect(rules).toHaveLength(regional.length + 1);
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets[0].Arn).toBe(`arn:aws:events:${TOKYO}:${SECURITY}:event-bus/lgsec-security-events`);
      expect(rule.Properties.Targets[0].RoleArn).toBeDefined();
      expect(rule.Properties.Targets[0].DeadLetterConfig).toBeDefined();
    }
    // The forwarder's role may put events on the hub's bus and nothing else.
    const forwarderPolicy = Object.entries(zoneT.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('SecurityEvents'))
      .flatMap(([, p]) => (p as Json).Properties.PolicyDocument.Statement);
    expect(forwarderPolicy).toEqual([
      expect.objectContaining({
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:${TOKYO}:${SECURITY}:event-bus/lgsec-security-events`,
      }),
    ]);
    // S3 calls KMS in the archive's region (Tokyo), not the recorder's (Osaka).
    const config = statementsOf(zoneT, 'AWS::IAM::Policy', 'PolicyDocument').find((s) => s.Sid === 'EncryptSnapshots')!;
    expect(config.Condition.StringEquals['kms:ViaService']).toBe('s3.ap-northeast-1.amazonaws.com');
  });
});

describe('without an organization of ours (the Government Cloud)', () => {
  const app = new App();
  const stack = new Stack(app, 'Account', { env: { account: ZONE, region: TOKYO } });
  const pack = new LgsecConformancePack(stack, 'ConformancePack', {
    ruleParameters: { INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY: { AuthorizedVpcIds: 'vpc-0123456789abcdef0' } },
  });
  new ConfigAggregator(stack, 'Aggregator', { accountIds: [ZONE, '555555555555'] });
  const recorder = new ConfigRecorder(stack, 'ConfigRecorder', {
    logArchive: LogArchiveReference.fromAttributes(stack, 'LogArchive', archiveAttributes),
    aggregator: { accountId: SECURITY, region: TOKYO },
  });
  const hub = new SecurityEventHub(stack, 'SecurityEvents', { notificationEmails: ['soc@example.jp'], memberAccountIds: ['555555555555'] });
  const template = Template.fromStack(stack);

  test('the conformance pack covers this account, with parameters given per rule', () => {
    const body = JSON.parse((Object.values(template.findResources('AWS::Config::ConformancePack'))[0] as Json).Properties.TemplateBody);
    const igw = (Object.values(body.Resources) as Json[]).find(
      (r) => r.Properties.Source.SourceIdentifier === 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY',
    );
    expect(igw.Properties.InputParameters).toEqual({ AuthorizedVpcIds: 'vpc-0123456789abcdef0' });
    expect(pack.rules.find((r) => r.identifier === 'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY')!.parameters).toEqual({
      AuthorizedVpcIds: 'vpc-0123456789abcdef0',
    });
    template.resourceCountIs('AWS::Config::OrganizationConformancePack', 0);
  });

  test('the aggregator lists accounts, which authorize it from their recorders', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      AccountAggregationSources: [
        { AccountIds: [ZONE, '555555555555'], AwsRegions: ['ap-northeast-1', 'ap-northeast-3'], AllAwsRegions: false },
      ],
    });
    template.hasResourceProperties('AWS::Config::AggregationAuthorization', { AuthorizedAccountId: SECURITY, AuthorizedAwsRegion: TOKYO });
    expect(recorder.recorder).toBeDefined();
  });

  test("a recorder on AWS Config's service-linked role creates no role of its own, which a workload boundary would bind", () => {
    const own = new Stack(new App(), 'Own', { env: { account: ZONE, region: TOKYO } });
    const linked = new Stack(new App(), 'Linked', { env: { account: ZONE, region: TOKYO } });
    for (const [scope, serviceLinkedRole] of [
      [own, false],
      [linked, true],
    ] as const) {
      new ConfigRecorder(scope, 'ConfigRecorder', {
        logArchive: LogArchiveReference.fromAttributes(scope, 'LogArchive', archiveAttributes),
        serviceLinkedRole,
      });
    }
    Template.fromStack(own).resourceCountIs('AWS::IAM::Role', 1);
    const template = Template.fromStack(linked);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(JSON.stringify(template.findResources('AWS::Config::ConfigurationRecorder'))).toContain(
      `:iam::${ZONE}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    );
    template.resourceCountIs('AWS::Config::DeliveryChannel', 1);
  });

  test('the hub admits the listed accounts only', () => {
    const policies = Object.values(template.findResources('AWS::Events::EventBusPolicy')) as Json[];
    expect(policies).toHaveLength(1);
    expect(flat(policies[0].Properties.Statement.Principal)).toContain(':iam::555555555555:root');
    expect(policies[0].Properties.Statement.Condition).toBeUndefined();
    expect(hub.rules.BreakGlassRoleAssumed).toBeDefined();
  });
});

describe('the clause mapping of the managed Config rules', () => {
  test('every rule has a managed rule identifier, distinct names, a reason and clause ids of the policy', () => {
    const names = CONFIG_RULE_MAPPING.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of CONFIG_RULE_MAPPING) {
      expect(rule.identifier).toMatch(/^[A-Z0-9_]+$/);
      expect(rule.reason.length).toBeGreaterThan(10);
      for (const clause of rule.clauses)
        expect({ rule: rule.identifier, clause, ok: isClauseId(clause) }).toEqual({ rule: rule.identifier, clause, ok: true });
    }
    // What the policy most needs measured after deployment is there.
    for (const id of [
      'CLOUD_TRAIL_ENABLED',
      'CLOUDTRAIL_S3_DATAEVENTS_ENABLED',
      'S3_BUCKET_SSL_REQUESTS_ONLY',
      'VPC_FLOW_LOGS_ENABLED',
      'GUARDDUTY_ENABLED_CENTRALIZED',
    ]) {
      expect(CONFIG_RULE_MAPPING.map((r) => r.identifier)).toContain(id);
    }
  });
});

describe('bad props fail with the fix', () => {
  const stack = () => new Stack(new App(), 'S', { env: { account: ZONE, region: TOKYO } });

  test('the hub: no contact, a malformed account or organization', () => {
    expect(
      () => new SecurityEventHub(stack(), 'Hub', { notificationEmails: [], memberAccountIds: ['1234'], organizationId: 'org-1' }),
    ).toThrow(/notificationEmails is empty[\s\S]*'1234' is not a 12-digit account id[\s\S]*'org-1' is not an organization id/);
  });

  test('the forwarder: a hub that is not an event bus ARN', () => {
    expect(() => new SecurityEventForwarder(stack(), 'F', { hubEventBusArn: 'arn:aws:sns:ap-northeast-1:888888888888:topic' })).toThrow(
      /is not an event bus ARN; use SecurityEventHub.eventBusArn/,
    );
  });

  test('the aggregator: neither or both of organization and accounts', () => {
    expect(() => new ConfigAggregator(stack(), 'A', {})).toThrow(/give organization: true/);
    expect(() => new ConfigAggregator(stack(), 'B', { organization: true, accountIds: [ZONE] })).toThrow(/both set/);
  });

  test('the conformance pack: a bad name, parameters for a rule it does not deploy', () => {
    expect(() => new LgsecConformancePack(stack(), 'P', { conformancePackName: '9 bad', ruleParameters: { NO_SUCH_RULE: {} } })).toThrow(
      /'9 bad' is not a conformance pack name[\s\S]*ruleParameters names rules the pack does not deploy: NO_SUCH_RULE/,
    );
  });

  test('the organization trail: a bad organization id, an empty or malformed bucket list', () => {
    const s = stack();
    const logArchive = LogArchiveReference.fromAttributes(s, 'LogArchive', archiveAttributes);
    expect(() => new OrganizationTrail(s, 'T', { logArchive, organizationId: 'o-x', s3DataEventBucketArns: ['bucket'] })).toThrow(
      /'o-x' is not an organization id[\s\S]*'bucket' is not a bucket ARN/,
    );
    expect(() => new OrganizationTrail(s, 'U', { logArchive, organizationId: ORG, s3DataEventBucketArns: [] })).toThrow(/is empty/);
  });

  test('admitOrganizationTrail: a bad organization or account id', () => {
    const s = stack();
    const archive = new LogArchive(s, 'LogArchive');
    expect(() => admitOrganizationTrail(archive, { organizationId: 'x', managementAccountId: '1' })).toThrow(
      /'x' is not an organization id[\s\S]*'1' is not a 12-digit account id/,
    );
  });

  test('LogArchive: a bucket name S3 would refuse', () => {
    expect(() => new LogArchive(stack(), 'LogArchive', { bucketName: 'Bad_Name', configBucketName: 'x' })).toThrow(
      /bucketName: 'Bad_Name' is not an S3 bucket name[\s\S]*configBucketName: 'x' is not an S3 bucket name/,
    );
  });
});

test('an organization trail limited to listed buckets records their objects only', () => {
  const s = new Stack(new App(), 'S', { env: { account: MANAGEMENT, region: TOKYO } });
  new OrganizationTrail(s, 'T', {
    logArchive: LogArchiveReference.fromAttributes(s, 'LogArchive', archiveAttributes),
    organizationId: ORG,
    s3DataEventBucketArns: ['arn:aws:s3:::records-bucket'],
    notificationEmails: ['soc@example.jp'],
  });
  const props = (Object.values(Template.fromStack(s).findResources('AWS::CloudTrail::Trail'))[0] as Json).Properties;
  expect(props.AdvancedEventSelectors[1].FieldSelectors).toContainEqual({
    Field: 'resources.ARN',
    StartsWith: ['arn:aws:s3:::records-bucket/'],
  });
});
