import { Annotations, Duration, RemovalPolicy, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { emailProblems } from '../../audit/private/notification-topic';
import { alarmTopicOf } from '../../private/alarm-topic';
import { Classification, classificationProblems } from '../../policy/classification';
import { TAG_KEYS } from '../../policy/tags';
import { Zone } from '../../policy/zone';
import { acknowledgeWildcards } from '../../private/acknowledge-wildcards';
import { createLeastPrivilegeKey } from '../../private/keys';
import { EncryptedLogGroup } from '../../private/encrypted-log-group';
import { PropsProblems } from '../../private/validation';
import { AccessLogBucket } from '../../storage/access-log-bucket';
import { AuditedBucket } from '../../storage/audited-bucket';
import { BucketLifecycle } from '../../storage/lifecycle';
import { InternetZone } from '../../zones/internet-zone';
import { zoneInterfaceEndpoints, zoneS3Endpoint } from '../transfer/private/endpoints';
import { SanitizingTransfer, SanitizingTransferWriter } from '../transfer/sanitizing-transfer';
import { FORWARDER_ENV, FORWARDER_SOURCE } from './private/forwarder-source';
import { lambdaVpcAccessStatement } from '../../private/lambda-vpc-access';

/** Regions where mail may be received and processed (policy 7.8.b). */
export const MAIL_RECEIPT_REGIONS: readonly string[] = ['ap-northeast-1', 'ap-northeast-3'];

/** Regions where the AWS General Reference lists an SES email receiving endpoint, checked for Japan. */
const SES_RECEIVING_CONFIRMED: readonly string[] = ['ap-northeast-1'];

/** Key prefix of the raw messages SES stores in the originals bucket. */
export const MAIL_LANDING_PREFIX = 'incoming/';

const DEFAULT_CLASSIFICATION: Classification = { confidentiality: 2, integrity: 2, availability: 1 };

export interface SanitizingMailGatewayProps {
  /** Where mail is received: the forwarder runs in its workload subnets. */
  readonly internetZone: InternetZone;

  /**
   * The municipality's mail domain (or a subdomain delegated to this gateway), whose MX record
   * points at SES's receiving endpoint of the stack's region. Lowercase, for example `city.shiojiri.lg.jp`.
   */
  readonly domain: string;

  /**
   * The transfer the messages go through: a `SanitizingTransferWriter` (the LGWAN zone in another
   * account), or a `SanitizingTransfer` of this account: in this gateway's stack, or in another
   * stack when it has a `writerRoleName` (the gateway names the inbox and the role, never refers
   * to that stack, which already refers to the internet zone's).
   */
  readonly transfer: SanitizingTransfer | SanitizingTransferWriter;

  /**
   * Recipients the receipt rule accepts: addresses or domains within `domain`.
   * @default - the whole domain
   */
  readonly recipients?: string[];

  /**
   * Key prefix of the messages in the transfer's inbox: a message is delivered to the LGWAN zone as
   * `<prefix><transfer id>/<SES message id>.eml` in the outbox, where the LGWAN mail server picks it up.
   * @default 'mail/'
   */
  readonly inboxPrefix?: string;

  /**
   * Classification of the originals bucket (the messages as received, kept as evidence).
   * @default { confidentiality: 2, integrity: 2, availability: 1 }
   */
  readonly classification?: Classification;

  /**
   * Retention and archive tiers of the originals.
   * @default - originals are kept indefinitely
   */
  readonly originalsLifecycle?: BucketLifecycle;

  /**
   * Roles (incident responders) that may read the originals. Nobody else does, the forwarder aside.
   * @default - none
   */
  readonly originalsReaders?: iam.IRole[];

  /**
   * Where the originals bucket delivers its server access logs.
   * @default - a new `AccessLogBucket`
   */
  readonly accessLogBucket?: AccessLogBucket;

  /**
   * Id of the region's S3 managed prefix list: the forwarder's security group admits HTTPS to it
   * only. Without it the forwarder reaches no S3 (a synth warning says so), and no message moves.
   * @default - no egress to S3
   */
  readonly s3PrefixListId?: string;

  /**
   * Name of the SES receipt rule set. SES has one active rule set per account and region, and
   * CloudFormation cannot activate one: activate it once with `aws ses set-active-receipt-rule-set`.
   * @default - `lgsec-mail-<domain, dots as hyphens>`
   */
  readonly ruleSetName?: string;

  /**
   * Topic notified when the forwarder fails and when SES events wait in its dead-letter queue.
   * @default - a new KMS-encrypted topic, subscribed by `alarmEmails`
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the gateway's own alarm topic (when there is no `alarmTopic`).
   * @default - none
   */
  readonly alarmEmails?: string[];
}

/**
 * メール無害化: inbound internet mail for the municipality's domain, received in the internet
 * zone and delivered into the LGWAN zone only through the sanitizing transfer.
 *
 * Amazon SES receives the mail in the stack's region (a Japanese region, policy 7.8.b): a receipt
 * rule for the domain requires TLS (`TlsPolicy: Require`) and runs spam and virus scanning
 * (`ScanEnabled`), stores each message unaltered in the originals bucket (internet zone, versioned,
 * retained) through a role SES assumes for this rule only, then invokes the forwarder. The
 * forwarder (in the internet zone's workload subnets, reaching only S3 and STS through endpoints)
 * holds every message whose virus verdict is not PASS, and puts the others, unparsed, into the
 * transfer's inbox as `<inboxPrefix><message id>.eml` with the transfer's writer role. An SES event
 * the forwarder still fails on after Lambda's two retries goes to the gateway's dead-letter queue
 * (an alarm says so), from which an operator forwards it again: no message is dropped. From there
 * the transfer does what it does for any file: the sanitizer (in the LGWAN zone) rebuilds the
 * message as plain text (HTML rendered to text, links and images dropped) with each attachment
 * sanitized or all removed (the transfer's `engineOptions.emailAttachments`, set where the sanitizer
 * runs: the LGWAN side decides what enters it), delivers the
 * `.eml` to the outbox for the LGWAN mail server, quarantines what it cannot sanitize (never
 * delivered), and writes the audit record naming the message and each attachment with its action.
 * Same accounts, same endpoints, same audit records as the file transfer: there is no second path.
 *
 * Why SES and not an MTA of our own: the AWS General Reference (Amazon SES endpoints and quotas,
 * "Email receiving endpoints", https://docs.aws.amazon.com/general/latest/gr/ses.html; see also
 * https://docs.aws.amazon.com/ses/latest/dg/regions.html) lists `inbound-smtp.ap-northeast-1.amazonaws.com`
 * (Tokyo); receipt rules offer `TlsPolicy: Require` and `ScanEnabled`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ses-receiptrule-rule.html)
 * and an S3 action that writes through an IAM role (`IamRoleArn`,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ses-receiptrule-s3action.html).
 * (Older versions of that page listed receiving in us-east-1, us-west-2 and eu-west-1 only; Tokyo
 * was added since, and public MX records point at `inbound-smtp.ap-northeast-1.amazonaws.com`.)
 * Osaka (ap-northeast-3) was not confirmed for receiving when this was written: the gateway accepts
 * it (it is in Japan) and warns. Whether SES receives in the region is known only with an AWS account.
 *
 * Not expressible in CloudFormation, to do once per account: verify the domain (the `EmailIdentity`
 * this creates publishes DKIM records to add to DNS), point the domain's MX record at
 * `inbound-smtp.<region>.amazonaws.com`, and activate the rule set
 * (`aws ses set-active-receipt-rule-set --rule-set-name <ruleSetName>`).
 *
 * ```ts
 * const writer = new SanitizingTransferWriter(internetStack, 'TransferWriter', { internetZone, lgwanAccountId });
 * new SanitizingMailGateway(internetStack, 'MailGateway', {
 *   internetZone, domain: 'city.shiojiri.lg.jp', transfer: writer, s3PrefixListId: 'pl-61a54008',
 * });
 * ```
 */
export class SanitizingMailGateway extends Construct {
  /** The messages as SES received them (key `incoming/<message id>`): internet zone, versioned, retained. */
  public readonly originals: AuditedBucket;
  public readonly ruleSet: ses.CfnReceiptRuleSet;
  public readonly receiptRule: ses.CfnReceiptRule;
  public readonly identity: ses.CfnEmailIdentity;
  /** The role SES assumes to store messages in the originals bucket. */
  public readonly receiptRole: iam.Role;
  /** Puts received messages into the transfer's inbox as `.eml`. */
  public readonly forwarder: lambda.Function;
  public readonly forwarderRole: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.ILogGroup;
  /** The forwarder failed: a received message may not have reached the transfer. */
  public readonly forwarderErrorAlarm: cloudwatch.Alarm;
  /**
   * The forwarder's on-failure destination: an SES event the forwarder still failed on after
   * Lambda's retries (or that waited longer than Lambda keeps an event) lands here, as Lambda's
   * invocation record with the SES event in `requestPayload`, kept 14 days. KMS-encrypted
   * (`deadLetterKey`), TLS only, retained. To forward the message again, invoke the forwarder
   * asynchronously with that `requestPayload`, then delete the queue message.
   */
  public readonly deadLetterQueue: sqs.Queue;
  /** The key of `deadLetterQueue`: rotated, retained. */
  public readonly deadLetterKey: kms.Key;
  /** SES events are waiting in `deadLetterQueue`: their messages have not reached the transfer. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly alarmTopic: sns.ITopic;
  public readonly domain: string;
  public readonly ruleSetName: string;
  /** Key prefix of the messages in the transfer's inbox (and outbox). */
  public readonly inboxPrefix: string;

  constructor(scope: Construct, id: string, props: SanitizingMailGatewayProps) {
    super(scope, id);
    gatewayProblems(this, props).throwIfAny();
    const stack = Stack.of(this);
    this.domain = props.domain;
    this.inboxPrefix = props.inboxPrefix ?? 'mail/';
    this.ruleSetName = props.ruleSetName ?? `lgsec-mail-${props.domain.replace(/\./g, '-')}`.slice(0, 64);
    const ruleName = 'sanitize-inbound';
    const ruleSetArn = `arn:${stack.partition}:ses:${stack.region}:${stack.account}:receipt-rule-set/${this.ruleSetName}`;
    const ruleArn = `${ruleSetArn}:receipt-rule/${ruleName}`;
    this.warnOnRegion();

    this.originals = new AuditedBucket(this, 'Originals', {
      zone: props.internetZone,
      classification: props.classification ?? DEFAULT_CLASSIFICATION,
      versioned: true,
      accessLogBucket: props.accessLogBucket,
      lifecycle: props.originalsLifecycle,
    });
    Tags.of(this.originals.bucket).add(TAG_KEYS.zone, Zone.INTERNET);
    for (const reader of props.originalsReaders ?? []) this.originals.bucket.grantRead(reader);

    this.receiptRole = new iam.Role(this, 'ReceiptRole', {
      description: `lgsec: SES stores messages for ${props.domain} in the originals bucket of ${this.node.path}`,
      assumedBy: new iam.ServicePrincipal('ses.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': ruleArn } },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(this.receiptRole).add(TAG_KEYS.zone, Zone.INTERNET);
    this.receiptRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StoreReceivedMessages',
        actions: ['s3:PutObject'],
        resources: [this.originals.bucket.arnForObjects(`${MAIL_LANDING_PREFIX}*`)],
      }),
    );
    this.receiptRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptReceivedMessages',
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: [this.originals.encryptionKey.keyArn],
      }),
    );

    const network = this.createNetwork(props);
    this.securityGroup = network.securityGroup;
    const deadLetters = this.createDeadLetterQueue();
    this.deadLetterKey = deadLetters.key;
    this.deadLetterQueue = deadLetters.queue;
    const forwarder = this.createForwarder(props, network.subnets);
    this.forwarder = forwarder.forwarder;
    this.forwarderRole = forwarder.role;
    this.logGroup = forwarder.logGroup;
    this.restrictOriginals(props);
    const permission = new lambda.CfnPermission(this, 'SesInvokesForwarder', {
      action: 'lambda:InvokeFunction',
      functionName: this.forwarder.functionArn,
      principal: 'ses.amazonaws.com',
      sourceAccount: stack.account,
      sourceArn: ruleArn,
    });

    this.identity = new ses.CfnEmailIdentity(this, 'Identity', { emailIdentity: props.domain });
    this.ruleSet = new ses.CfnReceiptRuleSet(this, 'RuleSet', { ruleSetName: this.ruleSetName });
    this.receiptRule = new ses.CfnReceiptRule(this, 'Rule', {
      ruleSetName: this.ruleSetName,
      rule: {
        name: ruleName,
        enabled: true,
        recipients: props.recipients ?? [props.domain],
        // No message over plain SMTP; every message scanned for spam and viruses.
        tlsPolicy: 'Require',
        scanEnabled: true,
        actions: [
          {
            s3Action: {
              bucketName: this.originals.bucketName,
              objectKeyPrefix: MAIL_LANDING_PREFIX,
              iamRoleArn: this.receiptRole.roleArn,
            },
          },
          { lambdaAction: { functionArn: this.forwarder.functionArn, invocationType: 'Event' } },
        ],
      },
    });
    this.receiptRule.addResourceDependency(this.ruleSet);
    this.receiptRule.addResourceDependency(permission);
    this.receiptRule.node.addDependency(this.receiptRole);

    const alarms = this.createAlarm(props);
    this.forwarderErrorAlarm = alarms.alarm;
    this.deadLetterAlarm = alarms.deadLetterAlarm;
    this.alarmTopic = alarms.topic;
    Annotations.of(this).addInfo(
      `SanitizingMailGateway ${this.node.path}: after deployment, add the DKIM records of the identity ${props.domain}, point its MX ` +
        `record at inbound-smtp.${stack.region}.amazonaws.com and run ` +
        `aws ses set-active-receipt-rule-set --rule-set-name ${this.ruleSetName}.`,
    );
  }

  /** Only SES (through its role) writes the originals; only the forwarder and the incident responders read them. */
  private restrictOriginals(props: SanitizingMailGatewayProps): void {
    const objects = this.originals.bucket.arnForObjects('*');
    const deny = (sid: string, actions: string[], principals: string[]) =>
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions,
        resources: [objects],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': principals }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      });
    this.originals.addToResourcePolicy(deny('OnlySesWrites', ['s3:PutObject*'], [this.receiptRole.roleArn]));
    const readers = [this.forwarderRole.roleArn, ...(props.originalsReaders ?? []).map((role) => role.roleArn)];
    this.originals.addToResourcePolicy(deny('OnlyTheForwarderAndRespondersRead', ['s3:GetObject*'], readers));
  }

  private warnOnRegion(): void {
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2(
        'lgsec:mail-gateway-region-unknown',
        'The stack has no explicit region: mail must be received and processed in Japan (7.8.b). Give the stack env.region ap-northeast-1.',
      );
    } else if (!SES_RECEIVING_CONFIRMED.includes(region)) {
      Annotations.of(this).addWarningV2(
        'lgsec:mail-gateway-receiving-unconfirmed',
        `SES email receiving in ${region} was not listed in the AWS General Reference when lgsec was built; check it before deploying, ` +
          'or deploy the gateway to ap-northeast-1.',
      );
    }
  }

  /** The forwarder's subnets and security group: HTTPS to S3 (gateway endpoint) and to the zone's STS endpoint only. */
  private createNetwork(props: SanitizingMailGatewayProps) {
    const zone = props.internetZone;
    const securityGroup = new ec2.SecurityGroup(this, 'ForwarderSecurityGroup', {
      vpc: zone.vpc,
      description: 'lgsec mail forwarder: HTTPS to S3 and STS through endpoints, nothing in',
      allowAllOutbound: false,
    });
    zoneS3Endpoint(zone, zone.workloadSubnets);
    if (props.s3PrefixListId) {
      securityGroup.addEgressRule(ec2.Peer.prefixList(props.s3PrefixListId), ec2.Port.tcp(443), 'HTTPS to S3 (gateway endpoint)');
    } else {
      Annotations.of(this).addWarningV2(
        'lgsec:mail-gateway-no-s3-prefix-list',
        "No s3PrefixListId: the mail forwarder's security group admits no egress to S3, so no message reaches the transfer. " +
          "Give the region's S3 prefix list id (aws ec2 describe-managed-prefix-lists).",
      );
    }
    zoneInterfaceEndpoints(zone, zone.workloadSubnets, [ec2.InterfaceVpcEndpointAwsService.STS], securityGroup);
    return { securityGroup, subnets: zone.workloadSubnets };
  }

  /** Where the SES events the forwarder fails on are kept, so that no received message is lost. */
  private createDeadLetterQueue() {
    const key = createLeastPrivilegeKey(this, 'DeadLetterKey', {
      purpose: `the dead-letter queue of the mail forwarder ${this.node.path}`,
      viaService: 'sqs',
    });
    Tags.of(key).add(TAG_KEYS.zone, Zone.INTERNET);
    const queue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // The longest SQS keeps a message: the time an operator has to forward it again.
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(queue).add(TAG_KEYS.zone, Zone.INTERNET);
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the on-failure destination of the mail forwarder's asynchronous invocations; " +
        'an operator reads it (its alarm says so), and a queue for its own failures would never be read either.',
    });
    return { key, queue };
  }

  private createForwarder(props: SanitizingMailGatewayProps, subnets: ec2.SubnetSelection) {
    const target = transferTarget(this, props.transfer);
    const logGroup = new EncryptedLogGroup(this, 'LogGroup', { purpose: `the logs of the mail forwarder ${this.node.path}` });
    const role = new iam.Role(this, 'ForwarderRole', {
      description: `lgsec: the mail forwarder of ${this.node.path}`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(role).add(TAG_KEYS.zone, Zone.INTERNET);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadReceivedMessages',
        actions: ['s3:GetObject'],
        resources: [this.originals.bucket.arnForObjects(`${MAIL_LANDING_PREFIX}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptReceivedMessages',
        actions: ['kms:Decrypt'],
        resources: [this.originals.encryptionKey.keyArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'BecomeTheWriter', actions: ['sts:AssumeRole'], resources: [target.writerRoleArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroup.logGroupArn, `${logGroup.logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    role.addToPrincipalPolicy(lambdaVpcAccessStatement());
    acknowledgeWildcards(
      role,
      'The forwarder reads any message SES stored under incoming/ of its own originals bucket (keys are SES message ids), ' +
        'writes to its own log group, and attaches to the VPC (EC2 network interface actions take no resource scope).',
    );
    acknowledgeWildcards(
      this.receiptRole,
      'SES stores messages under incoming/ of the gateway\u2019s own originals bucket; keys are SES message ids.',
    );
    if (target.writerRole) {
      target.writerRole.assumeRolePolicy?.addStatements(
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.ArnPrincipal(role.roleArn)] }),
      );
    }

    const forwarder = new lambda.Function(this, 'Forwarder', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromInline(FORWARDER_SOURCE),
      handler: 'index.handler',
      memorySize: 1024,
      timeout: Duration.minutes(1),
      reservedConcurrentExecutions: 5,
      role,
      logGroup: logGroup.logGroup,
      vpc: props.internetZone.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      // Set, not left to Lambda's defaults, because they decide when a message is given up on.
      // Two retries: a retry puts the same inbox key (the SES message id), never a second copy; a
      // failure three times over (a missing writer role, no route to S3) needs an operator.
      // Six hours, the most Lambda allows: events throttled by the reserved concurrency during a
      // burst of mail wait and go through, rather than reaching the dead-letter queue.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new lambdaDestinations.SqsDestination(this.deadLetterQueue),
      description: `lgsec: forwards mail received for ${props.domain} into the sanitizing transfer (${this.node.path})`,
      environment: {
        [FORWARDER_ENV.landingBucket]: this.originals.bucketName,
        [FORWARDER_ENV.landingPrefix]: MAIL_LANDING_PREFIX,
        [FORWARDER_ENV.inboxBucket]: target.inboxBucketName,
        [FORWARDER_ENV.inboxPrefix]: this.inboxPrefix,
        [FORWARDER_ENV.writerRoleArn]: target.writerRoleArn,
      },
    });
    forwarder.node.addDependency(role);
    Tags.of(forwarder).add(TAG_KEYS.zone, Zone.INTERNET);
    return { forwarder, role, logGroup: logGroup.logGroup };
  }

  private createAlarm(props: SanitizingMailGatewayProps) {
    const topic = alarmTopicOf(this, props.alarmTopic, {
      ids: { key: 'AlarmTopicKey', topic: 'AlarmTopic' },
      purpose: `the alarm topic of the mail gateway ${this.node.path}`,
      displayName: 'lgsec mail gateway alarms',
      emails: props.alarmEmails,
    });
    const alarm = new cloudwatch.Alarm(this, 'ForwarderErrorAlarm', {
      alarmDescription:
        `Mail gateway ${this.node.path}: the forwarder failed; a received message may not have reached the sanitizing transfer. ` +
        "Its original is in the originals bucket; find why in the forwarder's logs. Lambda retries the invocation twice; " +
        'an SES event still failing then waits in the dead-letter queue (its own alarm).',
      metric: this.forwarder.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        `Mail gateway ${this.node.path}: SES events are waiting in the dead-letter queue ${this.deadLetterQueue.queueName}; ` +
        "their messages have not reached the sanitizing transfer. Find why in the forwarder's logs and fix it, then for each queue " +
        'message invoke the forwarder asynchronously (--invocation-type Event) with its requestPayload (the SES event) and delete ' +
        'the queue message. Messages are kept 14 days.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const each of [alarm, deadLetterAlarm]) each.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    return { alarm, deadLetterAlarm, topic };
  }
}

/** The inbox and the writer role of the transfer, by name: never a reference into another stack. */
function transferTarget(
  scope: Construct,
  transfer: SanitizingTransfer | SanitizingTransferWriter,
): {
  inboxBucketName: string;
  writerRoleArn: string;
  writerRole?: iam.Role;
} {
  if (transfer instanceof SanitizingTransferWriter) {
    return { inboxBucketName: transfer.inboxBucketName, writerRoleArn: transfer.writerRole.roleArn, writerRole: transfer.writerRole };
  }
  if (Stack.of(transfer) === Stack.of(scope)) {
    const writerRole = transfer.writerRole instanceof iam.Role ? transfer.writerRole : undefined;
    return { inboxBucketName: transfer.inbox.bucketName, writerRoleArn: transfer.writerRole.roleArn, writerRole };
  }
  // Another stack of this account: by name, since the transfer already refers to the internet zone's stack.
  const stack = Stack.of(scope);
  return {
    inboxBucketName: transfer.inboxBucketName,
    writerRoleArn: `arn:${stack.partition}:iam::${stack.account}:role/${transfer.writerRoleName}`,
  };
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** What is wrong with a SanitizingMailGateway's props and its stack, every problem at once. */
function gatewayProblems(scope: Construct, props: SanitizingMailGatewayProps): PropsProblems {
  const stack = Stack.of(scope);
  const problems = new PropsProblems(scope, 'SanitizingMailGateway');
  if (!(props.internetZone instanceof InternetZone)) {
    problems.add('internetZone must be an InternetZone: mail from the internet is received only in the internet zone');
  }
  if (typeof props.domain !== 'string' || Token.isUnresolved(props.domain) || !DOMAIN.test(props.domain)) {
    problems.add(`domain: '${props.domain}' is not a lowercase domain name; give the mail domain, like city.shiojiri.lg.jp`);
  }
  for (const recipient of props.recipients ?? []) {
    const domainPart = recipient.includes('@') ? recipient.slice(recipient.lastIndexOf('@') + 1) : recipient;
    if (typeof props.domain === 'string' && domainPart !== props.domain && !domainPart.endsWith(`.${props.domain}`)) {
      problems.add(`recipients: '${recipient}' is not within ${props.domain}; the gateway receives mail for its own domain only`);
    }
  }
  if (props.recipients !== undefined && props.recipients.length === 0) {
    problems.add('recipients: empty; leave it out to receive for the whole domain');
  }
  const prefix = props.inboxPrefix ?? 'mail/';
  if (!/^([a-z0-9][a-z0-9-]{0,62}\/){1,3}$/.test(prefix)) {
    problems.add(`inboxPrefix: '${prefix}' must be one to three lowercase path segments, each ending with '/', like 'mail/'`);
  }
  if (props.ruleSetName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(props.ruleSetName)) {
    problems.add(
      `ruleSetName: '${props.ruleSetName}' must be letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit`,
    );
  }
  if (props.classification !== undefined) problems.addAll(classificationProblems(props.classification, 'classification'));
  problems.addAll(emailProblems('alarmEmails', props.alarmEmails));
  if (props.alarmTopic && props.alarmEmails) problems.add('alarmTopic and alarmEmails are both set; subscribe the emails to your topic');
  if (!(props.transfer instanceof SanitizingTransfer) && !(props.transfer instanceof SanitizingTransferWriter)) {
    problems.add('transfer must be a SanitizingTransfer or a SanitizingTransferWriter: mail reaches the LGWAN zone only through it');
  } else if (props.transfer instanceof SanitizingTransfer && Stack.of(props.transfer) !== stack) {
    if (props.transfer.internetAccountId !== undefined) {
      problems.add(
        `transfer '${props.transfer.node.path}' writes from another account; give the internet account's SanitizingTransferWriter`,
      );
    } else if (props.transfer.writerRoleName === undefined) {
      problems.add(
        `transfer '${props.transfer.node.path}' is in another stack and its writer role has no name; ` +
          'give the SanitizingTransfer a writerRoleName (the gateway assumes the role by name, never by a cross-stack reference)',
      );
    } else if (Stack.of(props.transfer).account !== stack.account) {
      problems.add(`transfer '${props.transfer.node.path}' is in account ${Stack.of(props.transfer).account}, not this stack's`);
    }
  }
  const region = stack.region;
  if (!Token.isUnresolved(region) && !MAIL_RECEIPT_REGIONS.includes(region)) {
    problems.add(
      `the stack's region ${region} is outside Japan: mail must be received and processed in Japan (7.8.b); ` +
        'deploy the gateway to ap-northeast-1 (Tokyo)',
    );
  }
  return problems;
}
