import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowLogDelivery } from './log-delivery';

/**
 * Ids of the AWS-managed Route 53 Resolver DNS Firewall domain lists in the security cloud's
 * region. AWS gives them a different id in every region, and CloudFormation has no way to look
 * them up by name, so they are configuration: list them once per region with
 * `aws route53resolver list-firewall-domain-lists --query "FirewallDomainLists[?ManagedOwnerName=='Route 53 Resolver DNS Firewall'].[Name,Id]"`.
 */
export interface ManagedDomainListIds {
  /** Id of `AWSManagedDomainsMalwareDomainList` (`rslvr-fdl-…`). */
  readonly malwareDomainList: string;
  /** Id of `AWSManagedDomainsBotnetCommandandControl`. */
  readonly botnetCommandAndControl: string;
  /** Id of `AWSManagedDomainsAggregateThreatList`. */
  readonly aggregateThreatList: string;
  /** Id of `AWSManagedDomainsAmazonGuardDutyThreatList`. */
  readonly guardDutyThreatList: string;
}

/** The security cloud's DNS Firewall. */
export interface DnsFirewallOptions {
  /** The AWS-managed threat domain lists to block, by id in this region. */
  readonly managedDomainListIds: ManagedDomainListIds;
  /**
   * More domains to block, for example from the prefecture's or J-LIS's advisories.
   * `example.com` blocks that name; `*.example.com` blocks its subdomains.
   * @default - none
   */
  readonly blockedDomains?: string[];
}

/** Where DNS query logs go. */
export type DnsQueryLogDestination = { readonly bucket: s3.IBucket } | { readonly logGroup: logs.ILogGroup };

export interface DnsFirewallProps extends DnsFirewallOptions {
  readonly vpc: ec2.IVpc;
  readonly namePrefix: string;
  readonly queryLogDestination: DnsQueryLogDestination;
}

const MANAGED_LISTS: readonly { key: keyof ManagedDomainListIds; name: string }[] = [
  { key: 'malwareDomainList', name: 'AWSManagedDomainsMalwareDomainList' },
  { key: 'botnetCommandAndControl', name: 'AWSManagedDomainsBotnetCommandandControl' },
  { key: 'aggregateThreatList', name: 'AWSManagedDomainsAggregateThreatList' },
  { key: 'guardDutyThreatList', name: 'AWSManagedDomainsAmazonGuardDutyThreatList' },
];
const DOMAIN_LIST_ID = /^rslvr-fdl-[0-9a-f]{8,32}$/;
const DNS_DOMAIN = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/;
/** Priority of the association with the inspection VPC (Resolver accepts 101 to 9899). */
export const DNS_FIREWALL_ASSOCIATION_PRIORITY = 101;

/** Problems with the DNS Firewall options, found before anything is built. */
export function dnsFirewallProblems(options: DnsFirewallOptions | undefined): string[] {
  const problems: string[] = [];
  if (!options) {
    return ['dnsFirewall: missing; give at least managedDomainListIds, the ids of the AWS-managed threat domain lists in this region'];
  }
  const ids = options.managedDomainListIds ?? ({} as Partial<ManagedDomainListIds>);
  for (const { key, name } of MANAGED_LISTS) {
    const value = ids[key];
    if (typeof value !== 'string' || (!Token.isUnresolved(value) && !DOMAIN_LIST_ID.test(value))) {
      problems.push(
        `dnsFirewall.managedDomainListIds.${key}: ${JSON.stringify(value)} is not a domain list id; give the id (rslvr-fdl-…) of ${name} in this region, from 'aws route53resolver list-firewall-domain-lists'`,
      );
    }
  }
  for (const domain of normalizeBlockedDomains(options.blockedDomains)) {
    if (!Token.isUnresolved(domain) && (domain.length > 255 || !DNS_DOMAIN.test(domain))) {
      problems.push(
        `dnsFirewall.blockedDomains: '${domain}' is not a domain name; write 'example.com', or '*.example.com' for its subdomains`,
      );
    }
  }
  return problems;
}

function normalizeBlockedDomains(domains: readonly string[] | undefined): string[] {
  return [...new Set((domains ?? []).map((d) => (Token.isUnresolved(d) || typeof d !== 'string' ? String(d) : d.trim().toLowerCase())))];
}

/**
 * Route 53 Resolver DNS Firewall of the security cloud: a rule group that answers NXDOMAIN for
 * the custom block list and the AWS-managed threat lists, associated with the inspection VPC
 * (mutation-protected) and offered to members; DNS query logging of the inspection VPC.
 */
export class DnsFirewall extends Construct {
  public readonly ruleGroup: route53resolver.CfnFirewallRuleGroup;
  public readonly blockedDomainList?: route53resolver.CfnFirewallDomainList;
  public readonly vpcAssociation: route53resolver.CfnFirewallRuleGroupAssociation;
  public readonly queryLogConfig: route53resolver.CfnResolverQueryLoggingConfig;

  constructor(scope: Construct, id: string, props: DnsFirewallProps) {
    super(scope, id);
    const ids = props.managedDomainListIds;
    const blocked = normalizeBlockedDomains(props.blockedDomains);

    const block = { action: 'BLOCK', blockResponse: 'NXDOMAIN' };
    const rules: route53resolver.CfnFirewallRuleGroup.FirewallRuleProperty[] = [];
    if (blocked.length > 0) {
      this.blockedDomainList = new route53resolver.CfnFirewallDomainList(this, 'BlockedDomains', {
        name: `${props.namePrefix}-blocked-domains`,
        domains: blocked,
      });
      rules.push({ ...block, priority: 100, firewallDomainListId: this.blockedDomainList.attrId });
    }
    MANAGED_LISTS.forEach(({ key }, index) => {
      rules.push({ ...block, priority: 200 + 100 * index, firewallDomainListId: ids[key] });
    });

    this.ruleGroup = new route53resolver.CfnFirewallRuleGroup(this, 'Resource', {
      name: `${props.namePrefix}-dns-firewall`,
      firewallRules: rules,
    });
    this.vpcAssociation = new route53resolver.CfnFirewallRuleGroupAssociation(this, 'InspectionVpcAssociation', {
      name: `${props.namePrefix}-inspection-vpc`,
      firewallRuleGroupId: this.ruleGroup.attrId,
      vpcId: props.vpc.vpcId,
      priority: DNS_FIREWALL_ASSOCIATION_PRIORITY,
      mutationProtection: 'ENABLED',
    });

    const destination = props.queryLogDestination;
    let destinationArn: string;
    if ('bucket' in destination) {
      allowLogDelivery(destination.bucket);
      destinationArn = destination.bucket.bucketArn;
    } else {
      // The log group's own ARN, without the ':*' suffix of `logGroupArn`.
      destinationArn = Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: destination.logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    }
    this.queryLogConfig = new route53resolver.CfnResolverQueryLoggingConfig(this, 'QueryLogging', {
      name: `${props.namePrefix}-dns-query-logs`,
      destinationArn,
    });
    new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'QueryLoggingAssociation', {
      resolverQueryLogConfigId: this.queryLogConfig.attrId,
      resourceId: props.vpc.vpcId,
    });
  }
}
