import { App, Fn, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ManagedRuleGroup, StatefulDefaultAction } from '../../lib/security-cloud/firewall-rules';
import { SecurityCloud, SecurityCloudProps } from '../../lib/security-cloud/security-cloud';
import { InternetZone } from '../../lib/zones/internet-zone';
import { MANAGED_DOMAIN_LIST_IDS, securityCloudProps, TOKYO } from './helpers';

/** Builds a security cloud in a fresh stack; the constructor throws on bad props. */
function build(overrides: Partial<SecurityCloudProps>, stackProps = { env: TOKYO }): SecurityCloud {
  const stack = new Stack(new App(), 'Prefecture', stackProps);
  return new SecurityCloud(stack, 'SecurityCloud', securityCloudProps(overrides));
}

const withFirewall = (firewall: SecurityCloudProps['firewall']): Partial<SecurityCloudProps> => ({ firewall });

describe('SecurityCloud membership validation', () => {
  test('fails on a malformed member CIDR', () => {
    expect(() => build({ members: [{ name: 'shiojiri', cidr: '10.30.0/16' }] })).toThrow(
      /members\[0\]\.cidr \(member 'shiojiri'\): '10\.30\.0\/16' is not an IPv4 CIDR block/,
    );
  });

  test('fails on a member CIDR with host bits set, giving the block it meant', () => {
    expect(() => build({ members: [{ name: 'shiojiri', cidr: '10.30.1.0/16' }] })).toThrow(
      /has host bits set; the block starts at 10\.30\.0\.0\/16/,
    );
  });

  test('fails on a member CIDR that is not a /8 to /28 block', () => {
    expect(() => build({ members: [{ name: 'shiojiri', cidr: '10.30.0.0/30' }] })).toThrow(/'10\.30\.0\.0\/30' is not a \/8 to \/28 block/);
  });

  test('fails on duplicate member names, whatever their case', () => {
    expect(() =>
      build({
        members: [
          { name: 'shiojiri', cidr: '10.30.0.0/16' },
          { name: 'Shiojiri', cidr: '10.31.0.0/16' },
        ],
      }),
    ).toThrow(/members\[1\]\.name: 'Shiojiri' is already the name of members\[0\]/);
  });

  test('fails on a member name that is not romaji', () => {
    expect(() => build({ members: [{ name: '塩尻市', cidr: '10.30.0.0/16' }] })).toThrow(
      /members\[0\]\.name: '塩尻市' is not a member name/,
    );
  });

  test('fails on overlapping members, naming both', () => {
    expect(() =>
      build({
        members: [
          { name: 'shiojiri', cidr: '10.30.0.0/16' },
          { name: 'matsumoto', cidr: '10.30.128.0/17' },
        ],
      }),
    ).toThrow(/members 'shiojiri' \(10\.30\.0\.0\/16\) and 'matsumoto' \(10\.30\.128\.0\/17\) overlap/);
  });

  test('fails on a member overlapping the inspection VPC', () => {
    expect(() => build({ members: [{ name: 'shiojiri', cidr: '100.64.0.0/20' }] })).toThrow(
      /member 'shiojiri' \(100\.64\.0\.0\/20\) overlaps the inspection VPC \(100\.64\.0\.0\/16\)/,
    );
  });

  test('fails without members', () => {
    expect(() => build({ members: [] })).toThrow(/members: the list is empty/);
  });

  test('fails on a malformed account id or attachment id', () => {
    expect(() =>
      build({ members: [{ name: 'matsumoto', cidr: '10.31.0.0/16', accountId: '1234', transitGatewayAttachmentId: 'tgw-123' }] }),
    ).toThrow(
      /accountId \(member 'matsumoto'\): '1234' is not a 12-digit AWS account id[\s\S]*transitGatewayAttachmentId \(member 'matsumoto'\): 'tgw-123'/,
    );
  });

  test('accepts unresolved tokens and leaves them to CloudFormation', () => {
    expect(() =>
      build({
        members: [{ name: 'shiojiri', cidr: Fn.importValue('ShiojiriInternetCidr'), accountId: Fn.importValue('ShiojiriAccount') }],
      }),
    ).not.toThrow();
  });

  test('fails at synth when an internet zone of the app attaches without being a declared member', () => {
    const app = new App();
    const stack = new Stack(app, 'Prefecture', { env: TOKYO });
    const cloud = new SecurityCloud(stack, 'SecurityCloud', securityCloudProps());
    new InternetZone(stack, 'Azumino', { cidr: '10.40.0.0/16', securityCloud: cloud });
    expect(() => app.synth()).toThrow(
      /Internet zone 'Prefecture\/Azumino' \(10\.40\.0\.0\/16\) attaches to security cloud 'Prefecture\/SecurityCloud' but no member declares its CIDR/,
    );
  });
});

describe('SecurityCloud member aggregates', () => {
  test('fails when an aggregate leaves a member uncovered, overlaps the inspection VPC or another aggregate', () => {
    expect(() => build({ memberAggregateCidrs: ['10.30.0.0/16', '10.30.0.0/17', '100.64.0.0/10'] })).toThrow(
      /memberAggregateCidrs\[1\]: '10\.30\.0\.0\/17' overlaps '10\.30\.0\.0\/16'[\s\S]*memberAggregateCidrs\[2\]: '100\.64\.0\.0\/10' overlaps the inspection VPC[\s\S]*no aggregate covers member 'matsumoto' \(10\.31\.0\.0\/16\)/,
    );
  });

  test('fails on an aggregate only known at deploy time, since coverage cannot be checked', () => {
    expect(() => build({ memberAggregateCidrs: [Fn.importValue('PrefectureAddressPlan')] })).toThrow(
      /memberAggregateCidrs\[0\]: must be known at synth time/,
    );
  });

  test('fails on an empty or malformed aggregate list', () => {
    expect(() => build({ memberAggregateCidrs: [] })).toThrow(/memberAggregateCidrs: the list is empty/);
    expect(() => build({ memberAggregateCidrs: ['10/8'] })).toThrow(/memberAggregateCidrs\[0\]: '10\/8' is not an IPv4 CIDR block/);
  });
});

describe('SecurityCloud warnings', () => {
  const warnings = (cloud: SecurityCloud): string[] =>
    cloud.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning').map((entry) => String(entry.data));

  test('warns when the routes back to the members exceed the default route table quota, unless aggregates are given', () => {
    const members = Array.from({ length: 49 }, (_, i) => ({ name: `m${i}`, cidr: `10.${i}.0.0/16` }));
    expect(warnings(build({ members }))).toEqual([
      expect.stringMatching(/49 members: .* above the default quota of 50 routes per route table/),
    ]);
    expect(warnings(build({ members, memberAggregateCidrs: ['10.0.0.0/8'] }))).toEqual([]);
    expect(warnings(build({ members: members.slice(0, 48) }))).toEqual([]);
  });

  test('warns when the firewall has nothing to pass, since members then reach nothing', () => {
    expect(warnings(build({ firewall: undefined }))).toEqual([
      expect.stringMatching(/no allowed domains and no Suricata rules: it drops all/),
    ]);
    expect(warnings(build({ firewall: { suricataRules: 'pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:1;)' } }))).toEqual([]);
  });

  test('warns about a cross-account member whose attachment is not declared yet', () => {
    expect(warnings(build({ members: [{ name: 'ueda', cidr: '10.40.0.0/16', accountId: '333333333333' }] }))).toEqual([
      expect.stringMatching(/Member 'ueda' \(account 333333333333\) .* declare its transitGatewayAttachmentId/),
    ]);
  });
});

describe('SecurityCloud network validation', () => {
  test('fails on an inspection VPC CIDR larger than a /16', () => {
    expect(() => build({ inspectionVpcCidr: '100.64.0.0/10' })).toThrow(/inspectionVpcCidr: '100\.64\.0\.0\/10' is larger than a \/16/);
  });

  test('fails on fewer than two Availability Zones', () => {
    expect(() => build({ availabilityZones: ['ap-northeast-1a'] })).toThrow(/fewer than two Availability Zones/);
  });

  test('fails on a repeated Availability Zone', () => {
    expect(() => build({ availabilityZones: ['ap-northeast-1a', 'ap-northeast-1a'] })).toThrow(/repeats a zone/);
  });

  test('fails on maxAzs below two', () => {
    expect(() => build({ availabilityZones: undefined, maxAzs: 1 })).toThrow(/maxAzs: 1 is fewer than two Availability Zones/);
  });

  test('fails when both maxAzs and availabilityZones are set', () => {
    expect(() => build({ maxAzs: 2 })).toThrow(/maxAzs and availabilityZones are both set/);
  });

  test('fails in a stack without account and region unless the Availability Zones are named', () => {
    expect(() => build({ availabilityZones: undefined }, {} as never)).toThrow(
      /availabilityZones: the Availability Zone names are not known at synth time/,
    );
  });

  test('fails on an Amazon-side ASN that is not private', () => {
    expect(() => build({ amazonSideAsn: 7018 })).toThrow(/amazonSideAsn: 7018 is not a private ASN/);
  });

  test('fails on log retention below a year', () => {
    expect(() => build({ logRetention: logs.RetentionDays.THREE_MONTHS })).toThrow(
      /logRetention: 90 days is below the policy's floor of 365 days/,
    );
  });

  test('fails on a malformed name prefix', () => {
    expect(() => build({ namePrefix: 'nagano_sc' })).toThrow(/namePrefix: 'nagano_sc' is not 1-40 letters/);
  });

  test('fails on a negative alarm threshold', () => {
    expect(() => build({ droppedPacketsThreshold: -1 })).toThrow(/droppedPacketsThreshold: -1 is not a packet count/);
  });

  test('collects every problem into one error', () => {
    expect(() => build({ members: [{ name: 'a', cidr: 'x' }], namePrefix: '_', amazonSideAsn: 1 })).toThrow(
      /Invalid SecurityCloud props at 'Prefecture\/SecurityCloud':\n {2}- members\[0\]\.cidr[\s\S]*\n {2}- namePrefix[\s\S]*\n {2}- amazonSideAsn/,
    );
  });
});

describe('SecurityCloud firewall rule validation', () => {
  test('fails on a domain that is not a domain name', () => {
    expect(() => build(withFirewall({ allowedDomains: ['https://example.jp/'] }))).toThrow(
      /firewall\.allowedDomains\[0\]: 'https:\/\/example\.jp\/' is not a domain name/,
    );
  });

  test('fails on a *. wildcard, showing the Network Firewall spelling', () => {
    expect(() => build(withFirewall({ allowedDomains: ['*.example.jp'] }))).toThrow(/uses '\*\.'; write '\.example\.jp'/);
  });

  test('fails on an allowlist capacity below what the domains need', () => {
    expect(() => build(withFirewall({ allowedDomains: ['a.jp', 'b.jp', 'c.jp'], allowedDomainsCapacity: 5 }))).toThrow(
      /firewall\.allowedDomainsCapacity: 5 is less than the 6 that 3 allowed domains need/,
    );
  });

  test('fails on a capacity above the Network Firewall maximum', () => {
    expect(() => build(withFirewall({ allowedDomains: ['a.jp'], allowedDomainsCapacity: 40000 }))).toThrow(
      /40000 is not a capacity from 1 to 30000/,
    );
  });

  test('fails on a Suricata rule with an unknown action, without a sid, or with a repeated sid', () => {
    const rules = [
      'allow tcp any any -> any any (sid:1;)',
      'drop tcp any any -> any 25 (msg:"smtp";)',
      'pass udp any any -> any 123 (sid:1;)',
    ].join('\n');
    expect(() => build(withFirewall({ suricataRules: rules }))).toThrow(
      /rule 1: .* starts with 'allow', not a Suricata action[\s\S]*rule 2: .* has no 'sid:<number>;'[\s\S]*rule 3: sid 1 is already used by rule 1/,
    );
  });

  test("fails on a Suricata rule that takes the member isolation rule's sid", () => {
    expect(() => build(withFirewall({ suricataRules: 'pass tcp any any -> any 443 (sid:9990001;)' }))).toThrow(
      /sid 9990001 is reserved for the member isolation rule/,
    );
  });

  test('accepts rules and domains known only at deploy time, but needs the Suricata capacity then', () => {
    const deployTime = Fn.importValue('PrefectureSuricataRules');
    expect(() => build(withFirewall({ suricataRules: deployTime }))).toThrow(
      /firewall\.suricataRulesCapacity: required when firewall\.suricataRules is only known at deploy time/,
    );
    expect(() =>
      build({
        firewall: { suricataRules: deployTime, suricataRulesCapacity: 500, allowedDomains: [Fn.importValue('PrefectureDomain')] },
        dnsFirewall: { managedDomainListIds: MANAGED_DOMAIN_LIST_IDS, blockedDomains: [Fn.importValue('BlockedDomain')] },
      }),
    ).not.toThrow();
  });

  test('fails on a Suricata rules string without rules', () => {
    expect(() => build(withFirewall({ suricataRules: '# nothing yet\n' }))).toThrow(/firewall\.suricataRules has no rule/);
  });

  test('fails on a Suricata capacity below the rule count, or without rules', () => {
    expect(() =>
      build(
        withFirewall({ suricataRules: 'pass tcp any any -> any 1 (sid:1;)\npass tcp any any -> any 2 (sid:2;)', suricataRulesCapacity: 1 }),
      ),
    ).toThrow(/suricataRulesCapacity: 1 is less than the 2 that 2 Suricata rules need/);
    expect(() => build(withFirewall({ suricataRulesCapacity: 100 }))).toThrow(
      /suricataRulesCapacity is set without firewall\.suricataRules/,
    );
  });

  test('fails on a managed rule group listed twice or unknown', () => {
    expect(() => build(withFirewall({ managedRuleGroups: [ManagedRuleGroup.MALWARE_DOMAINS, ManagedRuleGroup.MALWARE_DOMAINS] }))).toThrow(
      /lists a rule group twice/,
    );
    expect(() => build(withFirewall({ managedRuleGroups: ['ThreatSignaturesMalware' as ManagedRuleGroup] }))).toThrow(
      /'ThreatSignaturesMalware' is not an AWS-managed strict-order rule group/,
    );
  });

  test('fails on a default action that does not drop', () => {
    expect(() => build(withFirewall({ defaultAction: 'aws:alert_established' as StatefulDefaultAction }))).toThrow(
      /firewall\.defaultAction: 'aws:alert_established' is not a drop action/,
    );
  });
});

describe('SecurityCloud DNS Firewall validation', () => {
  test('fails without the managed domain list ids, naming the list to look up', () => {
    expect(() => build({ dnsFirewall: undefined as never })).toThrow(/dnsFirewall: missing/);
    expect(() =>
      build({
        dnsFirewall: {
          managedDomainListIds: { ...MANAGED_DOMAIN_LIST_IDS, guardDutyThreatList: 'AWSManagedDomainsAmazonGuardDutyThreatList' },
        },
      }),
    ).toThrow(
      /dnsFirewall\.managedDomainListIds\.guardDutyThreatList: "AWSManagedDomainsAmazonGuardDutyThreatList" is not a domain list id; give the id \(rslvr-fdl-…\) of AWSManagedDomainsAmazonGuardDutyThreatList/,
    );
  });

  test('fails on a blocked domain that is not a domain name', () => {
    expect(() => build({ dnsFirewall: { managedDomainListIds: MANAGED_DOMAIN_LIST_IDS, blockedDomains: ['bad domain.example'] } })).toThrow(
      /dnsFirewall\.blockedDomains: 'bad domain\.example' is not a domain name/,
    );
  });
});
