import { ArnFormat, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Where a zone's DNS query logs go: the log archive's bucket (which must admit
 * `delivery.logs.amazonaws.com`, as `LogArchive`'s does), a log group, or a query logging
 * configuration shared with this account (for example by the log archive account through RAM).
 */
export type DnsQueryLogTarget =
  /** `keyPrefix` (for example `dns-query-logs/shiojiri/mynumber/`) keeps zones apart in a shared bucket. */
  | { readonly bucket: s3.IBucket; readonly keyPrefix?: string }
  | { readonly logGroup: logs.ILogGroup }
  | { readonly queryLogConfigId: string };

/** The walled-garden DNS Firewall of a closed zone (My Number, LGWAN). */
export interface ClosedZoneDnsOptions {
  /**
   * More names the zone may resolve, for example `ssm.ap-northeast-1.amazonaws.com` or an
   * on-premises LGWAN service name. `example.lg.jp` allows that name; `*.example.lg.jp` its
   * subdomains. The regional names of the zone's own VPC endpoints are always allowed.
   * @default - none
   */
  readonly allowedDomains?: string[];
  /**
   * Private hosted zones associated with the VPC: the zone name and its subdomains are allowed.
   * @default - none
   */
  readonly privateHostedZoneNames?: string[];
}

const DNS_NAME = /^(?:\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/;

/** Problems with the walled-garden options, found before anything is built. */
export function closedZoneDnsProblems(options: ClosedZoneDnsOptions | undefined): string[] {
  const problems: string[] = [];
  for (const [name, list] of [
    ['allowedDomains', options?.allowedDomains],
    ['privateHostedZoneNames', options?.privateHostedZoneNames],
  ] as const) {
    (list ?? []).forEach((domain, i) => {
      if (Token.isUnresolved(domain)) return;
      const text = typeof domain === 'string' ? domain.trim().toLowerCase() : String(domain);
      if (text === '*' || text === '*.') {
        problems.push(`dns.${name}[${i}]: '*' would allow every name and reopen DNS as a way out; list the names the zone uses`);
      } else if (text.length > 255 || !DNS_NAME.test(text)) {
        problems.push(
          `dns.${name}[${i}]: '${domain}' is not a domain name; write 'example.lg.jp', or '*.example.lg.jp' for its subdomains`,
        );
      } else if (/^\*\.[^.]+\.?$/.test(text)) {
        problems.push(
          `dns.${name}[${i}]: '${domain}' allows a whole top-level domain, where anyone can register a name to receive queries; list the names the zone uses`,
        );
      }
    });
  }
  return problems;
}

/** Priority of the walled-garden association: evaluated before any other group the account associates. */
const ASSOCIATION_PRIORITY = 101;

/**
 * The regional DNS names of a VPC endpoint's service, from its service name
 * (`com.amazonaws.<region>.kms` → `kms.<region>.amazonaws.com` and its subdomains).
 */
function endpointDomains(stack: Stack, serviceName: unknown): string[] {
  const resolved = stack.resolve(serviceName) as unknown;
  let short: string | undefined;
  if (typeof resolved === 'string') {
    short = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(resolved)?.[1];
  } else if (resolved && typeof resolved === 'object' && 'Fn::Join' in resolved) {
    const parts = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const last = parts[parts.length - 1];
    short = typeof last === 'string' && last.startsWith('.') ? last.slice(1) : undefined;
  }
  if (!short) return [];
  const region = stack.region;
  const name = `${short.split('.').reverse().join('.')}.${region}.amazonaws.com`;
  // SDKs address DynamoDB through account endpoints (<account>.ddb.<region>.amazonaws.com).
  const extra = short === 'dynamodb' ? [`*.ddb.${region}.amazonaws.com`] : [];
  return [name, `*.${name}`, ...extra];
}

export interface ZoneDnsProps {
  readonly vpc: ec2.Vpc;
  /** Where the query logs go. */
  readonly queryLogTarget: DnsQueryLogTarget;
  /** The walled garden, for closed zones; none for the internet zone (the security cloud filters it). */
  readonly walledGarden?: ClosedZoneDnsOptions;
}

/**
 * DNS of a zone's VPC: query logging, and for a closed zone a walled-garden DNS Firewall that
 * answers only the names of the zone's own VPC endpoints, its private hosted zones and the names
 * given, and NXDOMAIN for everything else (so DNS queries carry no data out). The firewall
 * fails closed and its association is mutation-protected.
 */
export class ZoneDns extends Construct {
  public readonly queryLogConfigId: string;
  public readonly ruleGroup?: route53resolver.CfnFirewallRuleGroup;
  public readonly firewallAssociation?: route53resolver.CfnFirewallRuleGroupAssociation;

  constructor(scope: Construct, id: string, props: ZoneDnsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const target = props.queryLogTarget;
    if ('queryLogConfigId' in target) {
      this.queryLogConfigId = target.queryLogConfigId;
    } else {
      const destinationArn =
        'bucket' in target
          ? target.keyPrefix
            ? `${target.bucket.bucketArn}/${target.keyPrefix.replace(/^\/+/, '')}`
            : target.bucket.bucketArn
          : // The log group's own ARN, without the ':*' suffix of `logGroupArn`.
            stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: target.logGroup.logGroupName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            });
      const config = new route53resolver.CfnResolverQueryLoggingConfig(this, 'QueryLogging', {
        name: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
        destinationArn,
      });
      this.queryLogConfigId = config.attrId;
    }
    new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'QueryLoggingAssociation', {
      resolverQueryLogConfigId: this.queryLogConfigId,
      resourceId: props.vpc.vpcId,
    });

    const garden = props.walledGarden;
    if (!garden) return;
    const vpc = props.vpc;
    const allowed = new route53resolver.CfnFirewallDomainList(this, 'AllowedDomains', {
      name: Names.uniqueResourceName(this, { maxLength: 56, separator: '-' }) + '-allowed',
      domains: Lazy.list({
        produce: () => {
          const names: string[] = [
            // Amazon-provided private host names (ip-10-0-0-1.<region>.compute.internal) never leave Resolver.
            `*.${stack.region}.compute.internal`,
            ...(garden.allowedDomains ?? []).map((d) => d.trim().toLowerCase()),
            ...(garden.privateHostedZoneNames ?? []).flatMap((z) => {
              const name = z.trim().toLowerCase().replace(/\.$/, '');
              return [name, `*.${name}`];
            }),
          ];
          for (const child of vpc.node.children) {
            if (child instanceof ec2.GatewayVpcEndpoint || child instanceof ec2.InterfaceVpcEndpoint) {
              names.push(...endpointDomains(stack, (child.node.defaultChild as ec2.CfnVPCEndpoint).serviceName));
            }
          }
          return [...new Set(names)];
        },
      }),
    });
    const everything = new route53resolver.CfnFirewallDomainList(this, 'AllOtherDomains', {
      name: Names.uniqueResourceName(this, { maxLength: 56, separator: '-' }) + '-all',
      domains: ['*'],
    });
    this.ruleGroup = new route53resolver.CfnFirewallRuleGroup(this, 'WalledGarden', {
      name: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
      firewallRules: [
        { priority: 100, action: 'ALLOW', firewallDomainListId: allowed.attrId },
        { priority: 9000, action: 'BLOCK', blockResponse: 'NXDOMAIN', firewallDomainListId: everything.attrId },
      ],
    });
    this.firewallAssociation = new route53resolver.CfnFirewallRuleGroupAssociation(this, 'WalledGardenAssociation', {
      firewallRuleGroupId: this.ruleGroup.attrId,
      vpcId: vpc.vpcId,
      priority: ASSOCIATION_PRIORITY,
      mutationProtection: 'ENABLED',
    });
    // Fail closed: if the firewall is impaired, queries get no answer rather than an unfiltered one.
    new route53resolver.CfnFirewallConfig(this, 'FailClosed', {
      resourceId: vpc.vpcId,
      firewallFailOpen: 'DISABLED',
    });
  }
}
