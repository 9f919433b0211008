// The alarm topic helpers live in lib/private, where the zones (which the audit constructs
// build on) can reach them too.
export { createAlarmTopic, emailProblems, subscribeEmails } from '../../private/alarm-topic';
