import { Duration, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TAG_KEYS } from '../policy/tags';
import { Zone } from '../policy/zone';
import { PropsProblems } from '../private/validation';
import { TERMINAL_INBOUND_EXCEPTIONS_METADATA } from '../policy/remote-browser';
import { MyNumberZone } from '../zones/mynumber-zone';

export { TERMINAL_INBOUND_EXCEPTIONS_METADATA };

/** Actions that take data out of a session to the local device: always disabled. */
const EXPORT_ACTIONS = ['CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'FILE_DOWNLOAD', 'PRINTING_TO_LOCAL_DEVICE'] as const;

/** A documented exception: an inbound path (local device → session) enabled on purpose. */
export interface TerminalInboundException {
  /** Why staff need it, at least 20 characters; recorded on the stack resource for rules and the report. */
  readonly reason: string;
}

/**
 * Evidence of multi-factor authentication that the identity provider puts in its SAML assertion.
 * AWS does not set `aws:MultiFactorAuthPresent` for `AssumeRoleWithSAML`; only the SAML attributes
 * IAM maps to `saml:` context keys can be tested in the trust policy.
 */
export interface SamlMfaEvidence {
  /**
   * The `saml:` context key carrying the evidence, one IAM maps from the assertion.
   * @default 'saml:edupersonassurance' (eduPersonAssurance, multi-valued: matched with ForAnyValue:StringEquals)
   */
  readonly contextKey?: string;
  /** Values the identity provider asserts only after MFA, for example 'https://refeds.org/profile/mfa'. */
  readonly values: string[];
}

export interface MyNumberTerminalsProps {
  /** The My Number zone: the fleet runs in its isolated workload subnets and streams through its endpoint. */
  readonly zone: MyNumberZone;

  /**
   * Name of the AppStream 2.0 image the fleet runs (your image, built for My Number work). Give
   * this or `imageArn`; there is no default image.
   * @default - none: `imageArn` must be given
   */
  readonly imageName?: string;
  /**
   * ARN of the AppStream 2.0 image the fleet runs. Give this or `imageName`.
   * @default - none: `imageName` must be given
   */
  readonly imageArn?: string;

  /**
   * The SAML 2.0 identity provider staff sign in with, already in IAM. Give this or
   * `samlMetadataDocument`.
   * @default - none: `samlMetadataDocument` must be given
   */
  readonly samlProvider?: iam.ISamlProvider;
  /**
   * The identity provider's SAML metadata document: the construct creates the IAM SAML provider.
   * Give this or `samlProvider`.
   * @default - none: `samlProvider` must be given
   */
  readonly samlMetadataDocument?: iam.SamlMetadataDocument;
  /** What the identity provider asserts only after multi-factor authentication (policy 7.3.a). */
  readonly mfaEvidence: SamlMfaEvidence;

  /**
   * Instance type of the streaming instances.
   * @default 'stream.standard.medium'
   */
  readonly instanceType?: string;
  /**
   * Streaming instances kept running (the fleet's desired capacity).
   * @default 1
   */
  readonly desiredInstances?: number;
  /**
   * Longest a streaming session may last, 10 minutes to 120 hours.
   * @default Duration.hours(8)
   */
  readonly maxSessionDuration?: Duration;
  /**
   * Idle time after which a user is disconnected, 1 to 60 minutes.
   * @default Duration.minutes(15)
   */
  readonly idleDisconnectTimeout?: Duration;
  /**
   * How long a disconnected session waits for its user before it ends, 1 minute to 100 hours.
   * @default Duration.minutes(5)
   */
  readonly disconnectTimeout?: Duration;

  /**
   * Lets staff paste from the local device into the session, with the reason.
   * @default - disabled
   */
  readonly allowClipboardFromLocalDevice?: TerminalInboundException;
  /**
   * Lets staff upload files from the local device into the session, with the reason.
   * @default - disabled
   */
  readonly allowFileUpload?: TerminalInboundException;

  /**
   * The interface endpoint (`com.amazonaws.<region>.appstream.streaming`) in the zone users stream through.
   * @default - one is created in the zone's workload subnets, reachable on TCP 443 and 1400-1499 from the zone only
   */
  readonly streamingEndpoint?: ec2.IInterfaceVpcEndpoint;
}

/**
 * マイナンバー利用事務系の端末 (policy 7.3.a, 情報システム全体の強靱性の向上): AppStream 2.0
 * desktops for My Number work that cannot take data out and that staff reach only through the
 * zone's own streaming endpoint, signed in through SAML with multi-factor authentication.
 *
 * The fleet runs in the zone's isolated subnets with no default internet access and a security
 * group whose egress reaches only the zone; the stack disables clipboard copy to the local
 * device, file download and local printing (and, unless opted in with a reason, paste and file
 * upload from it), keeps no application settings and no home folders (both would write to a
 * bucket AppStream creates outside the zone's control), and admits streaming only through the
 * zone's `appstream.streaming` interface endpoint. Staff federate into a role that may only
 * `appstream:Stream` this stack, and only when the assertion shows MFA.
 */
export class MyNumberTerminals extends Construct {
  public readonly fleet: appstream.CfnFleet;
  public readonly stack: appstream.CfnStack;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly streamingEndpoint: ec2.IInterfaceVpcEndpoint;
  public readonly samlProvider: iam.ISamlProvider;
  /** The role staff federate into: `appstream:Stream` on this stack only. */
  public readonly federationRole: iam.Role;

  constructor(scope: Construct, id: string, props: MyNumberTerminalsProps) {
    super(scope, id);
    validate(this, props);

    this.samlProvider =
      props.samlProvider ??
      new iam.SamlProvider(this, 'IdentityProvider', { metadataDocument: props.samlMetadataDocument as iam.SamlMetadataDocument });
    this.streamingEndpoint = props.streamingEndpoint ?? this.createStreamingEndpoint(props.zone);
    this.securityGroup = props.zone.addSecurityGroup(`${Names.uniqueId(this)}Fleet`, {
      description: 'AppStream 2.0 streaming instances of the My Number zone: HTTPS to the zone only',
      egressPorts: [443],
    });
    this.fleet = this.createFleet(props);
    this.stack = this.createStack(props);
    const association = new appstream.CfnStackFleetAssociation(this, 'Association', {
      fleetName: this.fleet.ref,
      stackName: this.stack.ref,
    });
    association.addResourceDependency(this.fleet);
    association.addResourceDependency(this.stack);
    this.federationRole = this.createFederationRole(props.mfaEvidence);
  }

  /** Share of the fleet's capacity in use; sustained 100 % means staff wait for a desktop. */
  public metricCapacityUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fleetMetric('CapacityUtilization', { statistic: 'Average', ...props });
  }

  /** Session requests refused for lack of capacity. */
  public metricInsufficientCapacityError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fleetMetric('InsufficientCapacityError', { statistic: 'Sum', ...props });
  }

  private fleetMetric(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/AppStream',
      metricName,
      dimensionsMap: { Fleet: this.fleet.ref },
      period: Duration.minutes(5),
      ...props,
    });
  }

  private createStreamingEndpoint(zone: MyNumberZone): ec2.InterfaceVpcEndpoint {
    const group = zone.addSecurityGroup(`${Names.uniqueId(this)}StreamingEndpoint`, {
      description: 'AppStream 2.0 streaming endpoint of the My Number zone: from the zone only',
      ingressPorts: [443],
      egressPorts: [],
    });
    // AppStream streams over TCP 443 and TCP 1400-1499 through an interface endpoint.
    group.addIngressRule(
      ec2.Peer.ipv4(Token.isUnresolved(zone.cidr) ? zone.vpc.vpcCidrBlock : zone.cidr),
      ec2.Port.tcpRange(1400, 1499),
      'AppStream streaming from inside the My Number zone only',
    );
    // Built under zone.vpc so that the zone's DNS walled garden resolves its name.
    const endpoint = zone.vpc.addInterfaceEndpoint(`${Names.uniqueId(this)}AppStreamStreaming`, {
      service: ec2.InterfaceVpcEndpointAwsService.APPSTREAM_STREAMING,
      subnets: zone.workloadSubnets,
      securityGroups: [group],
      privateDnsEnabled: true,
      open: false,
    });
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ThisAccountOnly',
        principals: [new iam.AnyPrincipal()],
        actions: ['appstream:Stream'],
        resources: [Stack.of(this).formatArn({ service: 'appstream', resource: 'stack', resourceName: '*' })],
        conditions: { StringEquals: { 'aws:PrincipalAccount': Stack.of(this).account } },
      }),
    );
    return endpoint;
  }

  private createFleet(props: MyNumberTerminalsProps): appstream.CfnFleet {
    const subnets = props.zone.vpc.selectSubnets(props.zone.workloadSubnets).subnetIds;
    const fleet = new appstream.CfnFleet(this, 'Fleet', {
      name: Names.uniqueResourceName(this, { maxLength: 100, separator: '-' }),
      description: 'My Number zone terminals (lgsec MyNumberTerminals)',
      instanceType: props.instanceType ?? 'stream.standard.medium',
      fleetType: 'ON_DEMAND',
      computeCapacity: { desiredInstances: props.desiredInstances ?? 1 },
      imageName: props.imageName,
      imageArn: props.imageArn,
      enableDefaultInternetAccess: false,
      disableImdsv1: true,
      vpcConfig: { subnetIds: subnets, securityGroupIds: [this.securityGroup.securityGroupId] },
      maxUserDurationInSeconds: (props.maxSessionDuration ?? Duration.hours(8)).toSeconds(),
      idleDisconnectTimeoutInSeconds: (props.idleDisconnectTimeout ?? Duration.minutes(15)).toSeconds(),
      disconnectTimeoutInSeconds: (props.disconnectTimeout ?? Duration.minutes(5)).toSeconds(),
      tags: [{ key: TAG_KEYS.zone, value: Zone.MY_NUMBER }],
    });
    return fleet;
  }

  private createStack(props: MyNumberTerminalsProps): appstream.CfnStack {
    const inbound: Record<string, TerminalInboundException | undefined> = {
      CLIPBOARD_COPY_FROM_LOCAL_DEVICE: props.allowClipboardFromLocalDevice,
      FILE_UPLOAD: props.allowFileUpload,
    };
    const stack = new appstream.CfnStack(this, 'Stack', {
      name: Names.uniqueResourceName(this, { maxLength: 100, separator: '-' }),
      description: 'My Number zone terminals: no data leaves the session (lgsec MyNumberTerminals)',
      userSettings: [
        ...EXPORT_ACTIONS.map((action) => ({ action, permission: 'DISABLED' })),
        ...Object.entries(inbound).map(([action, exception]) => ({ action, permission: exception ? 'ENABLED' : 'DISABLED' })),
      ],
      // Both would store user data in a bucket AppStream creates per account and region, outside the zone's perimeter.
      applicationSettings: { enabled: false },
      storageConnectors: [],
      accessEndpoints: [{ endpointType: 'STREAMING', vpceId: this.streamingEndpoint.vpcEndpointId }],
      tags: [{ key: TAG_KEYS.zone, value: Zone.MY_NUMBER }],
    });
    const exceptions = Object.fromEntries(Object.entries(inbound).flatMap(([action, e]) => (e ? [[action, e.reason]] : [])));
    if (Object.keys(exceptions).length > 0) stack.addMetadata(TERMINAL_INBOUND_EXCEPTIONS_METADATA, exceptions);
    return stack;
  }

  private createFederationRole(mfa: SamlMfaEvidence): iam.Role {
    const key = mfa.contextKey ?? 'saml:edupersonassurance';
    // eduPersonAssurance and the other multi-valued attributes need a set operator.
    const operator = key === 'saml:edupersonassurance' ? 'ForAnyValue:StringEquals' : 'StringEquals';
    const role = new iam.Role(this, 'FederationRole', {
      description: 'Staff sign-in to the My Number zone terminals (SAML with MFA evidence)',
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.SamlPrincipal(this.samlProvider, {
        StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
        [operator]: { [key]: mfa.values },
      }),
    });
    // People sign in to the My Number zone through it: the zone's rules check its MFA evidence.
    Tags.of(role).add(TAG_KEYS.zone, Zone.MY_NUMBER);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StreamThisStackOnly',
        actions: ['appstream:Stream'],
        resources: [Stack.of(this).formatArn({ service: 'appstream', resource: 'stack', resourceName: this.stack.ref })],
        // AppStream's own condition: the streaming user is the asserted subject.
        conditions: { StringEquals: { 'appstream:userId': '${saml:sub}' } },
      }),
    );
    return role;
  }
}

const SECONDS = { max: [600, 432000], idle: [60, 3600], disconnect: [60, 360000] } as const;

function validate(scope: Construct, props: MyNumberTerminalsProps): void {
  const problems = new PropsProblems(scope, 'MyNumberTerminals');
  if (!(props.zone instanceof MyNumberZone)) problems.add('zone must be the MyNumberZone the terminals serve');
  if (props.imageName === undefined && props.imageArn === undefined) {
    problems.add('no image: give imageName or imageArn of the AppStream 2.0 image built for My Number work (there is no default image)');
  }
  if (props.imageName !== undefined && props.imageArn !== undefined) problems.add('imageName and imageArn are both given: give one');
  if (props.samlProvider === undefined && props.samlMetadataDocument === undefined) {
    problems.add('no identity provider: give samlProvider (an iam.ISamlProvider) or samlMetadataDocument (the IdP metadata XML)');
  }
  if (props.samlProvider !== undefined && props.samlMetadataDocument !== undefined) {
    problems.add('samlProvider and samlMetadataDocument are both given: give one');
  }
  const mfa = props.mfaEvidence as SamlMfaEvidence | undefined;
  if (!mfa || !Array.isArray(mfa.values) || mfa.values.length === 0 || mfa.values.some((v) => typeof v !== 'string' || v === '')) {
    problems.add(
      "mfaEvidence.values is empty: give the values your IdP asserts only after MFA (for example eduPersonAssurance 'https://refeds.org/profile/mfa')",
    );
  }
  if (mfa?.contextKey !== undefined && !/^saml:[A-Za-z_]+$/.test(mfa.contextKey)) {
    problems.add(`mfaEvidence.contextKey '${mfa.contextKey}' is not a saml: context key: use one IAM maps from the assertion`);
  }
  const seconds = (name: string, value: Duration | undefined, [min, max]: readonly [number, number]): void => {
    if (value === undefined || Token.isUnresolved(value.toSeconds())) return;
    const s = value.toSeconds();
    if (s < min || s > max) problems.add(`${name} is ${s} seconds: AppStream accepts ${min} to ${max}`);
  };
  seconds('maxSessionDuration', props.maxSessionDuration, SECONDS.max);
  seconds('idleDisconnectTimeout', props.idleDisconnectTimeout, SECONDS.idle);
  seconds('disconnectTimeout', props.disconnectTimeout, SECONDS.disconnect);
  if (props.desiredInstances !== undefined && !(Number.isInteger(props.desiredInstances) && props.desiredInstances >= 1)) {
    problems.add(`desiredInstances is ${props.desiredInstances}: give a whole number of at least 1`);
  }
  for (const [name, exception] of [
    ['allowClipboardFromLocalDevice', props.allowClipboardFromLocalDevice],
    ['allowFileUpload', props.allowFileUpload],
  ] as const) {
    if (exception && (typeof exception.reason !== 'string' || exception.reason.trim().length < 20)) {
      problems.add(`${name}.reason '${exception.reason ?? ''}' is shorter than 20 characters: say why staff need it`);
    }
  }
  problems.throwIfAny();
}
