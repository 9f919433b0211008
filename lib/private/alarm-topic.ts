import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { createLeastPrivilegeKey } from './keys';

/** Problems with a list of e-mail addresses to subscribe. */
export function emailProblems(prop: string, emails: readonly string[] | undefined): string[] {
  return (emails ?? [])
    .filter((email) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    .map((email) => `${prop}: '${email}' is not an email address`);
}

/**
 * A topic for security notifications, encrypted with a customer-managed key and TLS only, that
 * this account's CloudWatch alarms (and nothing else) may publish to.
 */
export function createAlarmTopic(scope: Construct, ids: { key: string; topic: string }, purpose: string, displayName: string): sns.Topic {
  const stack = Stack.of(scope);
  const key: kms.Key = createLeastPrivilegeKey(scope, ids.key, { purpose, viaService: 'sns' });
  const alarmArns = stack.formatArn({
    service: 'cloudwatch',
    resource: 'alarm',
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': alarmArns } },
    }),
  );
  const topic = new sns.Topic(scope, ids.topic, { displayName, masterKey: key, enforceSSL: true });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': alarmArns } },
    }),
  );
  return topic;
}

/** Subscribes each address to the topic (each must confirm). */
export function subscribeEmails(topic: sns.ITopic, emails: readonly string[] | undefined): void {
  for (const email of emails ?? []) topic.addSubscription(new subscriptions.EmailSubscription(email));
}

/** The topic a construct's alarms go to: the one given, or a new one of its own with the addresses subscribed. */
export function alarmTopicOf(
  scope: Construct,
  given: sns.ITopic | undefined,
  created: { ids: { key: string; topic: string }; purpose: string; displayName: string; emails: readonly string[] | undefined },
): sns.ITopic {
  if (given) return given;
  const topic = createAlarmTopic(scope, created.ids, created.purpose, created.displayName);
  subscribeEmails(topic, created.emails);
  return topic;
}
