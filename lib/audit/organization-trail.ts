import { Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { createAlarmTopic, emailProblems, subscribeEmails } from '../private/alarm-topic';
import { EncryptedLogGroup } from '../private/encrypted-log-group';
import { PropsProblems } from '../private/validation';
import { ILogArchive } from './cross-account';
import { guardrailEvents, GuardrailEventsOptions, GuardrailEventWatch } from './guardrail-events';
import { archiveTrail } from './private/archive-trail';
import { securityAlarms } from './private/trail-alarms';
import { SECURITY_EVENTS, SecurityEventDefinition } from './security-alarms';

/** The organization trail's name, unless told otherwise: the archive's policies name it before it exists. */
export const ORGANIZATION_TRAIL_NAME = 'lgsec-organization-trail';

/** Props of `OrganizationTrail`. */
export interface OrganizationTrailProps {
  /** The archive it delivers to (`LogArchiveReference.fromAttributes` in the management account), which must admit it (`admitOrganizationTrail`). */
  readonly logArchive: ILogArchive;
  /** The organization's id, `o-…` (member accounts' logs go under `AWSLogs/<organization id>/`). */
  readonly organizationId: string;
  /** @default 'lgsec-organization-trail' */
  readonly trailName?: string;
  /**
   * The buckets whose S3 data events (object reads and writes) are recorded, as ARNs, in every
   * account of the organization: a bucket an administrator creates later is recorded too only
   * with the default.
   * @default - every bucket of every account (the archive and the sanitizing transfer's buckets included)
   */
  readonly s3DataEventBucketArns?: string[];
  /**
   * Retention of the trail's CloudWatch log group (at least a year, policy 7.7).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Email addresses subscribed to the topic of the trail's security alarms (each must confirm).
   * @default - none: the topic then has no subscriber, which the rule pack reports (LGSEC-ALARM-ACTION)
   */
  readonly notificationEmails?: string[];
  /**
   * Role names of the alarms on global events (break-glass use, changes to exempted roles).
   * @default - `guardrailEvents()`'s defaults
   */
  readonly guardrailEvents?: GuardrailEventsOptions;
  /**
   * CloudWatch namespace of the security metrics.
   * @default 'lgsec/Security'
   */
  readonly metricNamespace?: string;
}

/** CloudTrail takes at most this many values over all conditions of a trail's advanced event selectors. */
const MAX_SELECTOR_VALUES = 500;

/**
 * The organization trail (policy 7.7, 10), in the management account (or the delegated
 * administrator for CloudTrail): every account of the organization, every region, management
 * events and S3 data events (by default of every bucket), log file validation, encrypted with the
 * archive's key, delivered to the archive under `cloudtrail/AWSLogs/<organization id>/…`, which
 * no member account's administrator can stop or change. Its CloudWatch log group (kept a year)
 * carries the CIS security alarms and the alarms on events that only the trail sees in Japan's
 * regions (break-glass use, changes to exempted roles and to the organization's policies).
 *
 * CloudTrail records its own deliveries into the archive as data events (a constant trickle, one
 * per log file): the price of recording the archive's reads and writes in the same trail.
 */
export class OrganizationTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly trailName: string;
  /** The trail's ARN, as the archive's policies name it. */
  public readonly trailArn: string;
  public readonly logGroup: logs.LogGroup;
  public readonly notificationTopic: sns.Topic;
  /** Alarms by security event id (`SECURITY_EVENTS` and the guardrail events watched in a trail's log group). */
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const problems = new PropsProblems(this, 'OrganizationTrail');
    this.trailName = props.trailName ?? ORGANIZATION_TRAIL_NAME;
    if (!Token.isUnresolved(this.trailName) && !/^[a-zA-Z0-9][a-zA-Z0-9._-]{2,127}$/.test(this.trailName)) {
      problems.add(`trailName: '${this.trailName}' is not a trail name (3-128 letters, digits, periods, underscores, hyphens)`);
    }
    problems.addAll(emailProblems('notificationEmails', props.notificationEmails));
    if (!Token.isUnresolved(props.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      problems.add(`organizationId: '${props.organizationId}' is not an organization id like o-a1b2c3d4e5`);
    }
    const buckets = props.s3DataEventBucketArns;
    if (buckets) {
      if (buckets.length === 0) problems.add('s3DataEventBucketArns is empty: leave it out to record every bucket');
      for (const arn of buckets) {
        if (!Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(arn)) {
          problems.add(`s3DataEventBucketArns: '${arn}' is not a bucket ARN like arn:aws:s3:::bucket-name`);
        }
      }
      if (buckets.length > MAX_SELECTOR_VALUES - 10) {
        problems.add(
          `s3DataEventBucketArns lists ${buckets.length} buckets; CloudTrail takes ${MAX_SELECTOR_VALUES} selector values in all`,
        );
      }
    }
    let definitions: SecurityEventDefinition[] = [];
    try {
      definitions = guardrailEvents(props.guardrailEvents)
        .filter((d) => d.watchedIn.includes(GuardrailEventWatch.TRAIL_LOG_GROUP))
        .map((d) => ({ id: d.id, description: d.description, filterPattern: d.logFilterPattern }));
    } catch (error) {
      problems.add((error as Error).message);
    }
    problems.throwIfAny();

    const stack = Stack.of(this);
    const archive = props.logArchive;
    this.trailArn = `arn:${stack.partition}:cloudtrail:${stack.region}:${stack.account}:trail/${this.trailName}`;
    this.logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      purpose: 'the CloudWatch log group of the organization trail',
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    }).logGroup;
    this.trail = archiveTrail(this, {
      archive,
      logGroup: this.logGroup,
      trailName: this.trailName,
      organizationId: props.organizationId,
      logStreams: 'one per account and region of the organization',
    });
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.addPropertyDeletionOverride('EventSelectors');
    cfnTrail.advancedEventSelectors = [
      { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      {
        name: buckets ? 'S3 data events of the listed buckets' : 'S3 data events of every bucket',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          ...(buckets ? [{ field: 'resources.ARN', startsWith: buckets.map((arn) => `${arn}/`) }] : []),
        ],
      },
    ];

    this.notificationTopic = createAlarmTopic(
      this,
      { key: 'NotificationKey', topic: 'NotificationTopic' },
      'the security notification topic of the organization trail',
      'lgsec organization security notifications',
    );
    subscribeEmails(this.notificationTopic, props.notificationEmails);
    this.alarms = securityAlarms(this, this.logGroup, [...SECURITY_EVENTS, ...definitions], props.metricNamespace, this.notificationTopic);
  }
}
