import { compliant, localized, nonCompliant, notApplicable, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord, Located, TemplateIndex, TemplateResource } from '../../lib/template/template-index';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Alarms and EventBridge rules in the checked templates that send to a topic. */
function topicSenders(topic: TemplateResource, index: TemplateIndex): Located[] {
  const self: Located = { resource: topic, index };
  return index.referrersOf(topic, 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::Events::Rule').filter((ref) => {
    if (ref.resource.type === 'AWS::Events::Rule') {
      return list(ref.resource.properties.Targets).some((target) => isRecord(target) && ref.index.refersTo(target.Arn, self));
    }
    return list(ref.resource.properties.AlarmActions).some((action) => ref.index.refersTo(action, self));
  });
}

/** True when the topic has a subscriber: inline `Subscription`, or an `AWS::SNS::Subscription` in the checked templates. */
function hasSubscriber(topic: TemplateResource, index: TemplateIndex): boolean {
  if (list(topic.properties.Subscription).length > 0) return true;
  const self: Located = { resource: topic, index };
  return index.referrersOf(topic, 'AWS::SNS::Subscription').some((ref) => ref.index.refersTo(ref.resource.properties.TopicArn, self));
}

/**
 * A security alarm reaches someone: every CloudWatch alarm has actions (enabled), and a topic
 * that alarms or EventBridge rules of the checked templates send to has a subscriber there.
 * (A topic outside the checked templates is its owner's to subscribe.)
 */
export const alarmAction = resourceRule(
  ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::SNS::Topic'],
  (resource, index) => {
    if (resource.type === 'AWS::SNS::Topic') {
      const senders = topicSenders(resource, index);
      if (senders.length === 0) return notApplicable();
      if (hasSubscriber(resource, index)) return compliant();
      const names = senders
        .slice(0, 3)
        .map((s) => s.resource.logicalId)
        .join(', ');
      return nonCompliant(
        localized(
          `${senders.length} alarm(s) or rule(s) (${names}${senders.length > 3 ? ', …' : ''}) notify this topic, but it has no subscription: nobody receives them`,
          `${senders.length} 件のアラーム又はルール（${names}${senders.length > 3 ? '、…' : ''}）がこのトピックに通知するが、サブスクリプションがなく、だれも受け取らない`,
        ),
      );
    }
    const props = resource.properties;
    const problems: Problem[] = [];
    if (props.ActionsEnabled === false || index.literalString(props.ActionsEnabled) === 'false')
      problems.push(localized('ActionsEnabled is false', 'ActionsEnabled が false である'));
    if (list(props.AlarmActions).length === 0)
      problems.push(localized('AlarmActions is empty: the alarm notifies nobody', 'AlarmActions が空で、アラームはだれにも通知しない'));
    return problems.length > 0 ? nonCompliant(...problems) : compliant();
  },
);
