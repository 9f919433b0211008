import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { admitMemberAccounts, AuditTrail, LogArchive, LogArchiveReference } from '../../lib/audit';

const env = (account: string) => ({ account, region: 'ap-northeast-1' });
const KEY = 'arn:aws:kms:ap-northeast-1:222222222222:key/0123abcd-0000-4000-8000-000000000000';

describe('a log archive in another account', () => {
  test('admitMemberAccounts lets each member deliver only under its own AWSLogs prefix', () => {
    const stack = new Stack(new App(), 'Archive', { env: env('222222222222') });
    const archive = new LogArchive(stack, 'LogArchive');
    admitMemberAccounts(archive, ['444444444444', '555555555555', '222222222222']);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudTrailDelivers444444444444',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [Match.anyValue(), '/cloudtrail/AWSLogs/444444444444/*']] },
            Condition: Match.objectLike({
              StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '444444444444' },
            }),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'MemberLogDeliveryEncryptsLogs',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': ['444444444444', '555555555555'] } }),
          }),
        ]),
      },
    });
    expect(() => admitMemberAccounts(archive, ['12'])).toThrow(/'12' is not a 12-digit account id/);
  });

  test("ownTrailAccountIds: where an organization trail records the members, only the listed accounts' own trails deliver", () => {
    const stack = new Stack(new App(), 'Archive', { env: env('222222222222') });
    const archive = new LogArchive(stack, 'LogArchive', { admitAccountTrails: false });
    // 444… is of the organization (its trail records it); 210… is of the Government Cloud, with a trail of its own.
    admitMemberAccounts(archive, ['444444444444'], { accountTrails: false, ownTrailAccountIds: ['210987654321'] });
    const statements = (type: string, property: string) =>
      Object.values(Template.fromStack(stack).findResources(type)).flatMap(
        (r) => (r.Properties[property] as { Statement: { Sid?: string; Condition?: Record<string, Record<string, unknown>> }[] }).Statement,
      );
    const bucket = statements('AWS::S3::BucketPolicy', 'PolicyDocument');
    const sids = bucket.map((s) => s.Sid);
    expect(sids).toEqual(
      expect.arrayContaining(['CloudTrailDelivers210987654321', 'LogDeliveryDelivers444444444444', 'LogDeliveryDelivers210987654321']),
    );
    expect(sids).not.toContain('CloudTrailDelivers444444444444');
    expect(bucket.find((s) => s.Sid === 'MemberCloudTrailChecksAcl')!.Condition!['StringEquals']).toEqual({
      'aws:SourceAccount': ['210987654321'],
    });
    const key = statements('AWS::KMS::Key', 'KeyPolicy');
    expect(key.find((s) => s.Sid === 'MemberCloudTrailEncryptsLogs')!.Condition!['StringEquals']).toEqual({
      'aws:SourceAccount': ['210987654321'],
    });
    expect(key.find((s) => s.Sid === 'MemberLogDeliveryEncryptsLogs')!.Condition!['StringEquals']).toEqual({
      'aws:SourceAccount': ['210987654321', '444444444444'],
    });
  });

  test('an AuditTrail in a member account names the archive by bucket name and key ARN', () => {
    const stack = new Stack(new App(), 'Member', { env: env('444444444444') });
    const archive = LogArchiveReference.fromAttributes(stack, 'LogArchive', {
      bucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
      configBucketName: 'lgsec-log-archive-config-222222222222-ap-northeast-1',
      encryptionKeyArn: KEY,
    });
    new AuditTrail(stack, 'AuditTrail', { logArchive: archive });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      S3BucketName: 'lgsec-log-archive-222222222222-ap-northeast-1',
      KMSKeyId: KEY,
    });
    template.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: 'lgsec-log-archive-config-222222222222-ap-northeast-1',
      S3KmsKeyArn: KEY,
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  test('fails on attributes that are not a bucket name or a key ARN', () => {
    const stack = new Stack();
    expect(() =>
      LogArchiveReference.fromAttributes(stack, 'LogArchive', {
        bucketName: 'Bad_Name',
        configBucketName: 'ok-name',
        encryptionKeyArn: 'alias/logs',
      }),
    ).toThrow(/bucketName: 'Bad_Name' is not an S3 bucket name[\s\S]*encryptionKeyArn: 'alias\/logs' is not a KMS key ARN/);
  });
});
