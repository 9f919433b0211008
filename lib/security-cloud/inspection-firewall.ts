import { Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ALERT_FOR_DROP,
  DEFAULT_MANAGED_RULE_GROUPS,
  DOMAIN_TARGET_TYPES,
  domainListCapacityNeeded,
  ManagedRuleGroup,
  MEMBER_ISOLATION_RULE,
  normalizeDomains,
  ruleGroupCapacity,
  StatefulDefaultAction,
  suricataRuleLines,
  suricataRuleProblems,
} from './firewall-rules';
import { allowLogDelivery } from './log-delivery';

/** The rules of the security cloud's Network Firewall. */
export interface InspectionFirewallRules {
  /**
   * Domains members may reach on the internet, matched on the TLS SNI and the HTTP Host header.
   * `www.example.jp` matches that name only; `.example.jp` matches the domain and every
   * subdomain. Everything else is dropped by the default action.
   * @default - none: members reach no web site until domains are listed
   */
  readonly allowedDomains?: string[];
  /**
   * Capacity of the domain allowlist rule group. It cannot change without replacing the rule
   * group, so leave room for the list to grow.
   * @default - twice what the domains need (2 per domain), rounded up to a hundred, at least 100
   */
  readonly allowedDomainsCapacity?: number;
  /**
   * Suricata rules, one per line (`#` comments allowed), evaluated in order before the domain
   * allowlist: for example `pass` rules for NTP to a known server. `$HOME_NET` is every member CIDR.
   * @default - none
   */
  readonly suricataRules?: string;
  /**
   * Capacity of the Suricata rule group.
   * @default - twice the number of rules, rounded up to a hundred, at least 100
   */
  readonly suricataRulesCapacity?: number;
  /**
   * Whether traffic between member municipalities may reach the other rules. By default it is
   * dropped first, before any rule could pass it, handshake included.
   * @default false
   */
  readonly allowMemberToMember?: boolean;
  /**
   * AWS-managed threat rule groups, evaluated before any pass rule. A list without a
   * `ThreatSignatures…` group needs `threatSignaturesOptOutReason`.
   * @default DEFAULT_MANAGED_RULE_GROUPS (threat signatures for botnets, exploits, malware, IOCs and emerging threats; malware and botnet domains)
   */
  readonly managedRuleGroups?: ManagedRuleGroup[];
  /**
   * Why the firewall runs without AWS-managed threat signatures (for example: the prefecture's
   * own IDS behind it, with its contract reference). Recorded as the acknowledgment of
   * LGSEC-FIREWALL-THREAT-SIGNATURES on the policy, so auditors read it in the report.
   * @default - required when `managedRuleGroups` has no threat-signature group
   */
  readonly threatSignaturesOptOutReason?: string;
  /**
   * What happens to traffic no rule passed. Always a drop; the alert of the same family is added.
   * @default StatefulDefaultAction.DROP_ESTABLISHED_APP_LAYER
   */
  readonly defaultAction?: StatefulDefaultAction;
}

/** Where the firewall's ALERT and FLOW logs go. */
export type FirewallLogDestination =
  /** FLOW (and ALERT, without `alertLogGroup`) logs to the bucket; ALERT to the log group when given, where alarms can read them. */
  | { readonly bucket: s3.IBucket; readonly prefix: string; readonly alertLogGroup?: logs.ILogGroup }
  | { readonly alertLogGroup: logs.ILogGroup; readonly flowLogGroup: logs.ILogGroup };

export interface InspectionFirewallProps extends InspectionFirewallRules {
  readonly vpc: ec2.IVpc;
  /** One subnet per Availability Zone, dedicated to the firewall endpoints. */
  readonly subnets: ec2.ISubnet[];
  /** `HOME_NET`: every member CIDR. */
  readonly homeNet: string[];
  /** Prefix of the firewall, policy and rule group names (unique in the account and region). */
  readonly namePrefix: string;
  readonly logDestination: FirewallLogDestination;
}

/** Problems with the firewall rules, found before anything is built. */
export function firewallRuleProblems(rules: InspectionFirewallRules): string[] {
  const problems: string[] = [];
  const managed = rules.managedRuleGroups ?? [...DEFAULT_MANAGED_RULE_GROUPS];
  const hasSignatures = managed.some((group) => group.startsWith('ThreatSignatures'));
  if (!hasSignatures && (rules.threatSignaturesOptOutReason ?? '').trim().length < 20) {
    problems.push(
      `firewall.managedRuleGroups: [${managed.join(', ')}] has no AWS-managed threat-signature group; add one (ManagedRuleGroup.THREAT_SIGNATURES_…), ` +
        'or give firewall.threatSignaturesOptOutReason (at least 20 characters: what detects exploits and malware instead)',
    );
  }
  if (hasSignatures && rules.threatSignaturesOptOutReason !== undefined) {
    problems.push('firewall.threatSignaturesOptOutReason is set, but managedRuleGroups has threat-signature groups; remove the reason');
  }
  const known = Object.values(ManagedRuleGroup) as string[];
  managed.forEach((group) => {
    if (!known.includes(group))
      problems.push(`firewall.managedRuleGroups: '${group}' is not an AWS-managed strict-order rule group; use a ManagedRuleGroup value`);
  });
  if (new Set(managed).size !== managed.length) {
    problems.push(`firewall.managedRuleGroups lists a rule group twice: [${managed.join(', ')}]`);
  }
  if (rules.suricataRules !== undefined && Token.isUnresolved(rules.suricataRules)) {
    // Rules only known at deploy time cannot be counted: the capacity must be given.
    if (rules.suricataRulesCapacity === undefined) {
      problems.push(
        'firewall.suricataRulesCapacity: required when firewall.suricataRules is only known at deploy time, since the rules cannot be counted',
      );
    } else {
      const { problem } = ruleGroupCapacity(0, rules.suricataRulesCapacity, 'firewall.suricataRulesCapacity', 'Suricata rules');
      if (problem) problems.push(problem);
    }
  } else if (rules.suricataRules !== undefined) {
    const lines = suricataRuleLines(rules.suricataRules);
    problems.push(...suricataRuleProblems(lines, 'firewall.suricataRules'));
    if (lines.length === 0) {
      problems.push('firewall.suricataRules has no rule (only blank lines and comments); remove the prop or add rules');
    }
    const { problem } = ruleGroupCapacity(
      lines.length,
      rules.suricataRulesCapacity,
      'firewall.suricataRulesCapacity',
      `${lines.length} Suricata rules`,
    );
    if (problem) problems.push(problem);
  } else if (rules.suricataRulesCapacity !== undefined) {
    problems.push('firewall.suricataRulesCapacity is set without firewall.suricataRules; remove it or add the rules');
  }
  const { domains, problems: domainProblems } = normalizeDomains(rules.allowedDomains ?? [], 'firewall.allowedDomains');
  problems.push(...domainProblems);
  if (domains.length > 0) {
    const needed = domainListCapacityNeeded(domains.length);
    const { problem } = ruleGroupCapacity(
      needed,
      rules.allowedDomainsCapacity,
      'firewall.allowedDomainsCapacity',
      `${domains.length} allowed domains`,
    );
    if (problem) problems.push(problem);
  }
  const drop = rules.defaultAction;
  if (drop !== undefined && !Object.values(StatefulDefaultAction).includes(drop)) {
    problems.push(`firewall.defaultAction: '${drop}' is not a drop action; use one of ${Object.values(StatefulDefaultAction).join(', ')}`);
  }
  return problems;
}

/** Evaluation order of the stateful rule groups in the strict-order policy. */
const PRIORITY = { memberIsolation: 10, managed: 100, suricata: 1000, allowedDomains: 2000 } as const;

/**
 * The security cloud's AWS Network Firewall: a strict-order policy that drops what no rule
 * passes (and logs it), forwards all stateless traffic to the stateful engine, rejects
 * mid-stream failures, and knows every member CIDR as `HOME_NET`; ALERT and FLOW logs; delete,
 * subnet-change and policy-change protection. Built by `SecurityCloud`.
 */
export class InspectionFirewall extends Construct {
  public readonly firewall: nfw.CfnFirewall;
  public readonly policy: nfw.CfnFirewallPolicy;
  public readonly memberIsolationRuleGroup?: nfw.CfnRuleGroup;
  public readonly allowedDomainsRuleGroup?: nfw.CfnRuleGroup;
  public readonly suricataRuleGroup?: nfw.CfnRuleGroup;
  public readonly loggingConfiguration: nfw.CfnLoggingConfiguration;
  /** The firewall's name, the `FirewallName` dimension of its metrics. */
  public readonly firewallName: string;

  constructor(scope: Construct, id: string, props: InspectionFirewallProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const statefulRuleGroupReferences: nfw.CfnFirewallPolicy.StatefulRuleGroupReferenceProperty[] = [];

    const strictOrder = { ruleOrder: 'STRICT_ORDER' };

    if (!props.allowMemberToMember) {
      this.memberIsolationRuleGroup = new nfw.CfnRuleGroup(this, 'MemberIsolation', {
        ruleGroupName: `${props.namePrefix}-member-isolation`,
        type: 'STATEFUL',
        capacity: 10,
        description: 'Security cloud: drops all traffic between member municipalities',
        ruleGroup: { rulesSource: { rulesString: MEMBER_ISOLATION_RULE }, statefulRuleOptions: strictOrder },
      });
      statefulRuleGroupReferences.push({ resourceArn: this.memberIsolationRuleGroup.attrRuleGroupArn, priority: PRIORITY.memberIsolation });
    }

    (props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS).forEach((group, index) => {
      statefulRuleGroupReferences.push({
        resourceArn: `arn:${stack.partition}:network-firewall:${stack.region}:aws-managed:stateful-rulegroup/${group}`,
        priority: PRIORITY.managed + index,
      });
    });

    if (props.suricataRules !== undefined) {
      const unresolved = Token.isUnresolved(props.suricataRules);
      const lines = unresolved ? [props.suricataRules] : suricataRuleLines(props.suricataRules);
      const { capacity } = ruleGroupCapacity(lines.length, props.suricataRulesCapacity, 'firewall.suricataRulesCapacity', 'Suricata rules');
      this.suricataRuleGroup = new nfw.CfnRuleGroup(this, 'SuricataRules', {
        // The capacity is part of the name: changing it replaces the rule group, and the
        // replacement must not collide with the old one's name.
        ruleGroupName: `${props.namePrefix}-suricata-${capacity}`,
        type: 'STATEFUL',
        capacity,
        description: 'Security cloud: prefecture-written Suricata rules, evaluated in order',
        ruleGroup: {
          rulesSource: { rulesString: lines.join('\n') },
          statefulRuleOptions: strictOrder,
        },
      });
      statefulRuleGroupReferences.push({ resourceArn: this.suricataRuleGroup.attrRuleGroupArn, priority: PRIORITY.suricata });
    }

    const { domains } = normalizeDomains(props.allowedDomains ?? [], 'firewall.allowedDomains');
    if (domains.length > 0) {
      const needed = domainListCapacityNeeded(domains.length);
      const { capacity } = ruleGroupCapacity(needed, props.allowedDomainsCapacity, 'firewall.allowedDomainsCapacity', 'allowed domains');
      this.allowedDomainsRuleGroup = new nfw.CfnRuleGroup(this, 'AllowedDomains', {
        ruleGroupName: `${props.namePrefix}-allowed-domains-${capacity}`,
        type: 'STATEFUL',
        capacity,
        description: 'Security cloud: web sites members may reach (TLS SNI and HTTP Host)',
        ruleGroup: {
          rulesSource: {
            rulesSourceList: { generatedRulesType: 'ALLOWLIST', targetTypes: [...DOMAIN_TARGET_TYPES], targets: domains },
          },
          statefulRuleOptions: strictOrder,
        },
      });
      statefulRuleGroupReferences.push({ resourceArn: this.allowedDomainsRuleGroup.attrRuleGroupArn, priority: PRIORITY.allowedDomains });
    }

    const drop = props.defaultAction ?? StatefulDefaultAction.DROP_ESTABLISHED_APP_LAYER;
    this.policy = new nfw.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: `${props.namePrefix}-policy`,
      description: 'Security cloud: strict order, default drop with alert, members as HOME_NET',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER', streamExceptionPolicy: 'REJECT' },
        statefulDefaultActions: [drop, ALERT_FOR_DROP[drop]],
        statefulRuleGroupReferences,
        // Without this, HOME_NET is only the inspection VPC's CIDR and rules written for
        // "$HOME_NET -> $EXTERNAL_NET" never match member traffic.
        policyVariables: { ruleVariables: { HOME_NET: { definition: props.homeNet } } },
      },
    });

    if (props.threatSignaturesOptOutReason !== undefined) {
      Validations.of(this.policy).acknowledge({
        id: 'LGSEC::LGSEC-FIREWALL-THREAT-SIGNATURES',
        reason: props.threatSignaturesOptOutReason,
      });
    }

    this.firewallName = `${props.namePrefix}-firewall`;
    this.firewall = new nfw.CfnFirewall(this, 'Resource', {
      firewallName: this.firewallName,
      description: "Security cloud: inspects every member's internet traffic",
      firewallPolicyArn: this.policy.attrFirewallPolicyArn,
      vpcId: props.vpc.vpcId,
      subnetMappings: props.subnets.map((subnet) => ({ subnetId: subnet.subnetId })),
      deleteProtection: true,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: true,
    });

    const destination = props.logDestination;
    let logDestinationConfigs: nfw.CfnLoggingConfiguration.LogDestinationConfigProperty[];
    if ('bucket' in destination) {
      allowLogDelivery(destination.bucket);
      const toBucket = (logType: 'ALERT' | 'FLOW'): nfw.CfnLoggingConfiguration.LogDestinationConfigProperty => ({
        logType,
        logDestinationType: 'S3',
        logDestination: { bucketName: destination.bucket.bucketName, prefix: `${destination.prefix}/${logType.toLowerCase()}` },
      });
      logDestinationConfigs = [
        destination.alertLogGroup
          ? { logType: 'ALERT', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: destination.alertLogGroup.logGroupName } }
          : toBucket('ALERT'),
        toBucket('FLOW'),
      ];
    } else {
      logDestinationConfigs = [
        { logType: 'ALERT', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: destination.alertLogGroup.logGroupName } },
        { logType: 'FLOW', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: destination.flowLogGroup.logGroupName } },
      ];
    }
    this.loggingConfiguration = new nfw.CfnLoggingConfiguration(this, 'Logging', {
      firewallArn: this.firewall.attrFirewallArn,
      loggingConfiguration: { logDestinationConfigs },
    });
  }

  /**
   * The id of this firewall's endpoint in one Availability Zone.
   *
   * `EndpointIds` is a list of `"<az>:<vpce-id>"` strings in no guaranteed order, so an index
   * cannot pick an AZ's endpoint. Instead: join the list behind a leading comma, split on
   * `",<az>:"` (the comma and colon anchor the exact AZ name), take what follows and cut it at
   * the next comma. Plain intrinsics, resolved by CloudFormation, no custom resource; an AZ
   * without an endpoint fails the deployment instead of routing to another AZ.
   */
  public endpointIdIn(availabilityZone: string): string {
    const joined = Fn.join('', [',', Fn.join(',', this.firewall.attrEndpointIds)]);
    return Fn.select(0, Fn.split(',', Fn.select(1, Fn.split(`,${availabilityZone}:`, joined))));
  }
}
