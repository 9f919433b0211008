import { CfnElement, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LogArchive } from '../../lib/audit/log-archive';
import { AuditedBucket } from '../../lib/storage/audited-bucket';
import { LgwanConnection, LgwanZone } from '../../lib/zones/lgwan-zone';
import { IConstruct } from 'constructs';
import { checkApp, checkPlain, getAtt, ref, tags, template, tokyoStack, zoneVpc } from './harness';

function logicalIdOf(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : (construct.node.defaultChild as CfnElement);
  return Stack.of(element).getLogicalId(element);
}

const policyDoc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const root = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } };

describe('LGSEC-KMS-NO-ROOT-FULL-ACCESS', () => {
  const key = (statements: unknown[]) => ({
    Type: 'AWS::KMS::Key',
    Properties: { EnableKeyRotation: true, KeyPolicy: policyDoc(statements) },
  });
  const checked = checkPlain(
    template({
      // aws-cdk-lib's default key policy.
      RootAllKey: key([{ Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' }]),
      AnyoneAllKey: key([{ Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', '*'], Resource: '*' }]),
      AccountIdAllKey: key([{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'KMS:*', Resource: '*' }]),
      // A no-op condition does not name who: still every administrator.
      CallerAccountKey: key([
        {
          Effect: 'Allow',
          Principal: root,
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': '111111111111' } },
        },
      ]),
      NamedAdminKey: key([
        {
          Effect: 'Allow',
          Principal: root,
          Action: 'kms:*',
          Resource: '*',
          Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/KeyAdmin' } },
        },
      ]),
      LeastKey: key([
        { Effect: 'Allow', Principal: root, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/App' }, Action: 'kms:*', Resource: '*' },
      ]),
    }),
  );

  test('fails kms:* (or *) to an account root, an account id or anyone, even under a condition that names nobody', () => {
    expect(checked.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'RootAllKey')).toBe('error');
    expect(checked.message('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'RootAllKey')).toMatch(
      /statement 1 allows every KMS action \(kms:\*\) to account/,
    );
    expect(checked.message('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'AnyoneAllKey')).toMatch(/\(\*\) to anyone/);
    expect(checked.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'AccountIdAllKey')).toBe('error');
    expect(checked.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'CallerAccountKey')).toBe('error');
  });

  test('passes administration named by aws:PrincipalArn, and kms:* to one role', () => {
    expect(checked.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'NamedAdminKey')).toBe('compliant');
    expect(checked.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', 'LeastKey')).toBe('compliant');
  });

  test("fails aws-cdk-lib's default key; passes the keys lgsec's constructs make", () => {
    const { app, stack } = tokyoStack();
    const plain = new kms.Key(stack, 'PlainKey', { enableKeyRotation: true });
    const bucket = new AuditedBucket(stack, 'Records', { classification: { confidentiality: 2, integrity: 1, availability: 1 } });
    const archive = new LogArchive(stack, 'Archive');
    const run = checkApp(app);
    expect(run.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', logicalIdOf(plain))).toBe('error');
    expect(run.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', logicalIdOf(bucket.encryptionKey))).toBe('compliant');
    expect(run.status('LGSEC-KMS-NO-ROOT-FULL-ACCESS', logicalIdOf(archive.encryptionKey))).toBe('compliant');
  });
});

describe('LGSEC-AUDIT-REPLICATION-DESTINATION', () => {
  const replication = (destination: unknown) => ({
    Role: 'arn:aws:iam::111111111111:role/replication',
    Rules: [{ Status: 'Enabled', Destination: { Bucket: destination } }],
  });
  const accessLogTarget = (id: string, destination: unknown) => ({
    [id]: { Type: 'AWS::S3::Bucket', Properties: { ReplicationConfiguration: replication(destination) } },
    [`${id}Source`]: {
      Type: 'AWS::S3::Bucket',
      Properties: { LoggingConfiguration: { DestinationBucketName: ref(id) } },
    },
  });
  const worm = {
    ObjectLockEnabled: true,
    ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
    VersioningConfiguration: { Status: 'Enabled' },
  };
  const checked = checkPlain(
    template(
      {
        Archive: {
          Type: 'AWS::S3::Bucket',
          Properties: { BucketName: 'archive-111111111111', Tags: tags({ 'lgsec:purpose': 'audit-log' }), ...worm },
        },
        Unlocked: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'unlocked-audit', Tags: tags({ 'lgsec:purpose': 'audit-log' }) } },
        Ordinary: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'ordinary', ...worm } },
        // The multi-account bug: the archive was renamed, the replication still names the old name.
        ...accessLogTarget('ToMissingName', 'arn:aws:s3:::lgsec-log-archive-0123456789-222222222222-ap-northeast-1'),
        ...accessLogTarget('ToOrdinary', 'arn:aws:s3:::ordinary'),
        ...accessLogTarget('ToUnlocked', getAtt('Unlocked', 'Arn')),
        ...accessLogTarget('ToArchiveByName', 'arn:aws:s3:::archive-111111111111'),
        ...accessLogTarget('ToParameter', { 'Fn::Sub': 'arn:aws:s3:::${DestinationName}' }),
        // AWS Config delivers into this one (its policy lets Config write).
        ConfigHistory: { Type: 'AWS::S3::Bucket', Properties: { ReplicationConfiguration: replication(getAtt('Archive', 'Arn')) } },
        ConfigHistoryPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: ref('ConfigHistory'),
            PolicyDocument: policyDoc([
              {
                Effect: 'Allow',
                Principal: { Service: 'config.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: { 'Fn::Join': ['', [getAtt('ConfigHistory', 'Arn'), '/*']] },
              },
            ]),
          },
        },
        // Business data replicating to Osaka: not audit records.
        BusinessData: { Type: 'AWS::S3::Bucket', Properties: { ReplicationConfiguration: replication('arn:aws:s3:::anywhere') } },
      },
      { Parameters: { DestinationName: { Type: 'String' } } },
    ),
  );

  test('fails audit records replicated to a name no template creates, to an ordinary bucket, or to one that is not write-once', () => {
    expect(checked.status('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ToMissingName')).toBe('error');
    expect(checked.message('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ToMissingName')).toMatch(
      /receives S3 server access logs.*lgsec-log-archive-0123456789-222222222222-ap-northeast-1, which no checked template creates/,
    );
    expect(checked.message('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ToOrdinary')).toMatch(
      /bucket Ordinary, which is not an audit-log bucket/,
    );
    expect(checked.message('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ToUnlocked')).toMatch(
      /bucket Unlocked, which is not write-once: ObjectLockEnabled/,
    );
  });

  test('passes replication into the write-once archive by ARN or literal name; unverifiable when the name leaves the template', () => {
    expect(checked.status('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ToArchiveByName')).toBe('compliant');
    expect(checked.status('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ConfigHistory')).toBe('compliant');
    expect(checked.status('LGSEC-AUDIT-REPLICATION-DESTINATION', 'ToParameter')).toBe('warning');
    expect(checked.status('LGSEC-AUDIT-REPLICATION-DESTINATION', 'BusinessData')).toBe('not-applicable');
  });

  test("finds the bug of a renamed archive on LogArchive itself, and passes LogArchive's bucketName", () => {
    const renamed = tokyoStack();
    const archive = new LogArchive(renamed.stack, 'LogArchive');
    (archive.bucket.node.defaultChild as s3.CfnBucket).bucketName = 'lgsec-log-archive-111111111111-ap-northeast-1';
    expect(checkApp(renamed.app).status('LGSEC-AUDIT-REPLICATION-DESTINATION', logicalIdOf(archive.accessLogBucket.bucket))).toBe('error');

    const named = tokyoStack();
    const fixed = new LogArchive(named.stack, 'LogArchive', { bucketName: 'lgsec-log-archive-111111111111-ap-northeast-1' });
    expect(checkApp(named.app).status('LGSEC-AUDIT-REPLICATION-DESTINATION', logicalIdOf(fixed.accessLogBucket.bucket))).toBe('compliant');
  });
});

describe('LGSEC-VPN-TUNNEL-MONITORING', () => {
  const tunnel = (log: boolean) => ({
    IKEVersions: [{ Value: 'ikev2' }],
    ...(log ? { LogOptions: { CloudwatchLogOptions: { LogEnabled: true, LogGroupArn: getAtt('TunnelLogs', 'Arn') } } } : {}),
  });
  const vpn = (tunnels: unknown[]) => ({
    Type: 'AWS::EC2::VPNConnection',
    Properties: {
      Type: 'ipsec.1',
      CustomerGatewayId: 'cgw-0123456789abcdef0',
      VpnGatewayId: 'vgw-0123456789abcdef0',
      VpnTunnelOptionsSpecifications: tunnels,
    },
  });
  const alarm = (vpnId: string) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: 'AWS/VPN',
      MetricName: 'TunnelState',
      Dimensions: [{ Name: 'VpnId', Value: ref(vpnId) }],
      Statistic: 'Minimum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      AlarmActions: ['arn:aws:sns:ap-northeast-1:111111111111:alarms'],
    },
  });
  const checked = checkPlain(
    template({
      TunnelLogs: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365, KmsKeyId: 'arn:aws:kms:ap-northeast-1:111111111111:key/k' },
      },
      Defaults: vpn([]),
      OneTunnel: vpn([tunnel(true)]),
      Unlogged: vpn([tunnel(true), tunnel(false)]),
      Unwatched: vpn([tunnel(true), tunnel(true)]),
      Watched: vpn([tunnel(true), tunnel(true)]),
      WatchedAlarm: alarm('Watched'),
    }),
  );

  test('fails a VPN whose tunnels are not both configured and logged, or that no TunnelState alarm watches', () => {
    expect(checked.message('LGSEC-VPN-TUNNEL-MONITORING', 'Defaults')).toMatch(
      /configures 0 tunnel\(s\).*no CloudWatch alarm watches its TunnelState/,
    );
    expect(checked.message('LGSEC-VPN-TUNNEL-MONITORING', 'OneTunnel')).toMatch(/configures 1 tunnel/);
    expect(checked.message('LGSEC-VPN-TUNNEL-MONITORING', 'Unlogged')).toMatch(/VpnTunnelOptionsSpecifications\[1\]\.LogOptions.*not true/);
    expect(checked.message('LGSEC-VPN-TUNNEL-MONITORING', 'Unwatched')).toMatch(/no CloudWatch alarm watches its TunnelState/);
  });

  test('passes both tunnels logged and watched, as LgwanConnection.siteToSiteVpn builds them', () => {
    expect(checked.status('LGSEC-VPN-TUNNEL-MONITORING', 'Watched')).toBe('compliant');
    const { app, stack } = tokyoStack();
    const zone = new LgwanZone(stack, 'Zone', {
      connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: '203.0.113.10' }),
      lgwanPrefixes: ['172.16.0.0/12'],
      notificationEmails: ['soc@example.jp'],
    });
    const run = checkApp(app);
    expect(run.status('LGSEC-VPN-TUNNEL-MONITORING', logicalIdOf(zone.vpn!.connection))).toBe('compliant');
    expect(run.status('LGSEC-ALARM-ACTION', logicalIdOf(zone.vpn!.tunnelDownAlarm))).toBe('compliant');
  });
});

describe('LGSEC-LGWAN-BUCKET-PERIMETER', () => {
  const classified = (confidentiality: number) =>
    tags({ 'lgsec:zone': 'lgwan', 'lgsec:confidentiality': String(confidentiality), 'lgsec:integrity': '1', 'lgsec:availability': '1' });
  const bucketWithPolicy = (id: string, confidentiality: number, statements: unknown[]) => ({
    [id]: { Type: 'AWS::S3::Bucket', Properties: { Tags: classified(confidentiality) } },
    [`${id}Policy`]: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: ref(id), PolicyDocument: policyDoc(statements) } },
  });
  const objects = (id: string) => ({ 'Fn::Join': ['', [getAtt(id, 'Arn'), '/*']] });
  const perimeter = (id: string, exemptForwardAccess: boolean) => ({
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: objects(id),
    Condition: {
      StringNotEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0'] },
      Bool: exemptForwardAccess
        ? { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' }
        : { 'aws:PrincipalIsAWSService': 'false' },
    },
  });
  const checked = checkPlain(
    template({
      Open: { Type: 'AWS::S3::Bucket', Properties: { Tags: classified(2) } },
      ...bucketWithPolicy('ServiceExempt', 2, [perimeter('ServiceExempt', true)]),
      ...bucketWithPolicy('Fenced', 2, [perimeter('Fenced', false)]),
      Public: { Type: 'AWS::S3::Bucket', Properties: { Tags: classified(1) } },
    }),
  );

  test('fails a C2 bucket of the LGWAN zone without a perimeter, or whose perimeter exempts forward access on objects', () => {
    expect(checked.message('LGSEC-LGWAN-BUCKET-PERIMETER', 'Open')).toMatch(
      /confidentiality 2 in the LGWAN zone, but no bucket policy statement/,
    );
    expect(checked.message('LGSEC-LGWAN-BUCKET-PERIMETER', 'ServiceExempt')).toMatch(/exempts aws:ViaAWSService/);
  });

  test("passes a perimeter without the exemption; skips C1; AuditedBucket in an LgwanZone gets the zone's perimeter", () => {
    expect(checked.status('LGSEC-LGWAN-BUCKET-PERIMETER', 'Fenced')).toBe('compliant');
    expect(checked.status('LGSEC-LGWAN-BUCKET-PERIMETER', 'Public')).toBe('not-applicable');
    const { app, stack } = tokyoStack();
    new LgwanZone(stack, 'Zone');
    const bucket = new AuditedBucket(stack, 'Records', { classification: { confidentiality: 2, integrity: 1, availability: 1 } });
    expect(checkApp(app).status('LGSEC-LGWAN-BUCKET-PERIMETER', logicalIdOf(bucket.bucket))).toBe('compliant');
  });
});

describe('LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE', () => {
  const endpoint = (policy?: unknown) => ({
    Type: 'AWS::EC2::VPCEndpoint',
    Properties: {
      VpcId: ref('Lgwan'),
      ServiceName: 'com.amazonaws.ap-northeast-1.sqs',
      VpcEndpointType: 'Interface',
      ...(policy === undefined ? {} : { PolicyDocument: policy }),
    },
  });
  const allow = (condition: Record<string, unknown>) =>
    policyDoc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { StringEquals: condition } }]);
  const checked = checkPlain(
    template({
      ...zoneVpc('Lgwan', 'lgwan', '10.120.0.0/16'),
      NoPolicy: endpoint(),
      // The sanitizing transfer's endpoints before: this account's principals, any account's resources.
      PrincipalsOnly: endpoint(allow({ 'aws:PrincipalAccount': '111111111111' })),
      Scoped: endpoint(allow({ 'aws:PrincipalAccount': '111111111111', 'aws:ResourceAccount': '111111111111' })),
      Gateway: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('Lgwan'), ServiceName: 'com.amazonaws.ap-northeast-1.s3' } },
    }),
  );

  test('fails an LGWAN interface endpoint without a policy, or allowing resources of any account', () => {
    expect(checked.message('LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE', 'NoPolicy')).toMatch(/PolicyDocument is not set/);
    expect(checked.message('LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE', 'PrincipalsOnly')).toMatch(
      /Statement\[0\] allows resources of any account/,
    );
  });

  test("passes endpoints scoped to the account's resources, as LgwanZone builds them; gateway endpoints are another rule's", () => {
    expect(checked.status('LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE', 'Scoped')).toBe('compliant');
    expect(checked.status('LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE', 'Gateway')).toBe('not-applicable');
    const { app, stack } = tokyoStack();
    const zone = new LgwanZone(stack, 'Zone', {
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS, ec2.InterfaceVpcEndpointAwsService.KMS],
    });
    const run = checkApp(app);
    for (const e of zone.interfaceEndpoints) expect(run.status('LGSEC-LGWAN-ENDPOINT-RESOURCE-SCOPE', logicalIdOf(e))).toBe('compliant');
  });
});

test('a parameter in a replication destination is not guessed', () => {
  // The parameter form through CDK: the rule says the value leaves the template.
  const { app, stack } = tokyoStack();
  const name = new CfnParameter(stack, 'Destination', { type: 'String' });
  const archive = new LogArchive(stack, 'LogArchive', { retention: Duration.days(365) });
  const source = archive.accessLogBucket.bucket.node.defaultChild as s3.CfnBucket;
  source.addPropertyOverride('ReplicationConfiguration.Rules.0.Destination.Bucket', `arn:aws:s3:::${name.valueAsString}`);
  expect(checkApp(app).status('LGSEC-AUDIT-REPLICATION-DESTINATION', logicalIdOf(source))).toBe('warning');
});
