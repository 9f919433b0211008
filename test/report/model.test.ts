import { CLAUSE_IDS } from '../../lib/policy/clauses';
import { buildReportDocument, ReportDocument } from '../../lib/report';
import { buildInventory } from '../../lib/report/inventory';
import type { RuleResultRecord } from '../../rules/results';
import { buildRun, modelOf, RULES, SCRIPT_REASON, TEMPLATES } from './fixtures';
import type { TemplateInput } from '../../lib/template/input';
import { TemplateModel } from '../../lib/template/template-model';

/** The inventory of templates indexed as written (without the checks `TemplateModel.load` makes). */
const inventoryOf = (templates: readonly TemplateInput[]) => buildInventory(new TemplateModel(templates));

describe('report model', () => {
  let doc: ReportDocument;
  beforeAll(() => {
    doc = buildReportDocument({
      run: buildRun(),
      model: modelOf(TEMPLATES),
      gitCommit: 'a'.repeat(40),
      generatedAt: new Date('2026-04-01T00:00:00Z'),
    });
  });

  test('has every clause of the catalog, in policy order', () => {
    expect(doc.clauses.map((clause) => clause.id)).toEqual(CLAUSE_IDS);
  });

  test('verdicts follow the results and the clause kind', () => {
    const verdict = Object.fromEntries(doc.clauses.map((clause) => [clause.id, clause.verdict]));
    expect(verdict).toMatchObject({
      '1': 'context',
      '2': 'context',
      '3': 'context',
      '4': 'manual',
      '6.4': 'manual',
      '7.8.c': 'manual', // procedural
      '6.3': 'manual', // automated, but no rule in this run checks it
      '5.1': 'passed',
      '7.3.a': 'passed',
      '7.8.b': 'passed',
      '5.2': 'failed',
      '7.2': 'failed',
      '7.3.c': 'failed',
      '7.6': 'acknowledged',
      '7.5': 'not-applicable', // partial: its rule found no terminal
      '7.4': 'inherited',
    });
  });

  test('an inherited or procedural clause is never passed, even when a rule cites it', () => {
    const run = buildRun();
    const cited = {
      ...run,
      rules: run.rules.map((rule) => (rule.id === 'LGSEC-VPC-ZONE' ? { ...rule, clauses: ['5.1', '7.4', '4'] } : rule)),
    };
    const results = cited.results.map((result): RuleResultRecord =>
      result.ruleId === 'LGSEC-VPC-ZONE' ? { ...result, clauses: ['5.1', '7.4', '4'] } : result,
    );
    const other = buildReportDocument({ run: { ...cited, results }, model: modelOf(TEMPLATES) });
    const byId = new Map(other.clauses.map((clause) => [clause.id, clause]));
    expect(byId.get('7.4')).toMatchObject({ verdict: 'inherited', rules: ['LGSEC-VPC-ZONE'], counts: { compliant: 4 } });
    expect(byId.get('4')).toMatchObject({ verdict: 'manual', rules: ['LGSEC-VPC-ZONE'] });
  });

  test('counts results per clause and in total', () => {
    const clause72 = doc.clauses.find((clause) => clause.id === '7.2')!;
    expect(clause72).toMatchObject({ rules: ['LGSEC-DATA-CLASSIFIED'], counts: { compliant: 6, nonCompliant: 2, acknowledged: 0 } });
    const run = buildRun();
    expect(
      doc.summary.results.compliant +
        doc.summary.results.nonCompliant +
        doc.summary.results.acknowledged +
        doc.summary.results.notApplicable,
    ).toBe(run.results.length);
    expect(doc.summary).toMatchObject({
      templates: 4,
      resources: 41,
      errors: 3,
      warnings: 0,
      results: { nonCompliant: 3, acknowledged: 1 },
    });
    expect(Object.values(doc.summary.clauses).reduce((a, b) => a + b, 0)).toBe(CLAUSE_IDS.length);
  });

  test('marks what a person must check: procedural, partial and unchecked clauses', () => {
    const manual = doc.clauses.filter((clause) => clause.manualCheck).map((clause) => clause.id);
    expect(manual).toEqual(expect.arrayContaining(['4', '5.3', '6.3', '7.5', '7.7', '10', '11']));
    expect(manual).not.toEqual(expect.arrayContaining(['5.1']));
    expect(manual).not.toContain('7.4');
    expect(manual).not.toContain('1');
  });

  test('keeps acknowledgments with reason and where they were made', () => {
    expect(doc.results.find((result) => result.status === 'acknowledged')).toMatchObject({
      ruleId: 'LGSEC-S3-TLS-ONLY',
      template: 'ShiojiriInternetZone',
      logicalId: 'Downloads',
      acknowledgment: { reason: SCRIPT_REASON, madeAt: 'ShiojiriInternetZone/Downloads/Resource' },
    });
  });

  test('cover data: classification mark, policy, environment, tool and commit', () => {
    expect(doc).toMatchObject({
      schemaVersion: 1,
      kind: 'lgsec-report',
      lang: 'ja',
      classification: { confidentiality: 2, publication: 'not-for-publication' },
      policy: { ja: '塩尻市情報セキュリティ基本方針' },
      generatedAt: '2026-04-01T00:00:00.000Z',
      gitCommit: 'a'.repeat(40),
      tool: { name: 'lgsec', version: '0.1.0', checkedWith: '0.1.0' },
      environment: { regions: ['ap-northeast-1'], accounts: ['111111111111', '222222222222'] },
    });
    expect(doc.environment.stacks.map((stack) => stack.name)).toEqual([
      'NaganoSecurityCloud',
      'ShiojiriInternetZone',
      'ShiojiriLgwanZone',
      'ShiojiriMyNumberZone',
    ]);
    expect(doc.environment.stacks[0]).toEqual({
      name: 'NaganoSecurityCloud',
      file: 'NaganoSecurityCloud.template.json',
      region: 'ap-northeast-1',
      account: '222222222222',
      resources: 13,
    });
  });

  test('notes input problems instead of hiding them', () => {
    expect(doc.notes).toEqual([{ code: 'unknown-clause', subject: '99.9 (LGSEC-EXPERIMENTAL)' }]);
    const run = buildRun();
    const other = buildReportDocument({
      run: { ...run, results: [...run.results, { ...run.results[0], ruleId: 'LGSEC-GONE', template: 'Elsewhere' }] },
      model: modelOf(TEMPLATES.slice(1)),
    });
    expect(other.notes).toEqual(
      expect.arrayContaining([
        { code: 'unknown-rule', subject: 'LGSEC-GONE' },
        { code: 'results-without-template', subject: 'Elsewhere' },
      ]),
    );
  });

  test('the rule catalogue is sorted by id', () => {
    expect(doc.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id).sort());
  });

  test('fails on an unknown language', () => {
    expect(() => buildReportDocument({ run: buildRun(), model: modelOf([]) }, { lang: 'fr' as 'ja' })).toThrow(
      /Unknown report language 'fr'; use 'ja' or 'en'/,
    );
  });
});

describe('report inventory', () => {
  const inventory = inventoryOf(TEMPLATES);
  const vpc = (key: string) => inventory.vpcs.find((entry) => entry.key === key)!;
  const store = (logicalId: string) => inventory.dataStores.find((entry) => entry.logicalId === logicalId)!;

  test('groups VPCs by zone with their CIDRs', () => {
    expect(inventory.zones).toEqual([
      { zone: 'mynumber', vpcs: ['ShiojiriMyNumberZone#Vpc'] },
      { zone: 'lgwan', vpcs: ['ShiojiriLgwanZone#Vpc'] },
      { zone: 'internet', vpcs: ['ShiojiriInternetZone#Vpc'] },
      { zone: 'security-cloud', vpcs: ['NaganoSecurityCloud#Vpc'] },
    ]);
    expect(vpc('ShiojiriLgwanZone#Vpc')).toMatchObject({
      cidrs: ['10.20.0.0/16', '10.21.0.0/16'],
      vpnGateway: true,
      internetGateway: false,
    });
    expect(vpc('ShiojiriMyNumberZone#Vpc')).toMatchObject({
      name: 'mynumber-vpc',
      subnets: 2,
      availabilityZones: 2,
      endpoints: 1,
      flowLog: true,
    });
    expect(vpc('ShiojiriInternetZone#Vpc')).toMatchObject({ natGateways: 1, transitGateways: ['external:tgw-0123456789abcdef0'] });
    expect(vpc('NaganoSecurityCloud#Vpc')).toMatchObject({
      internetGateway: true,
      natGateways: 1,
      networkFirewalls: ['Firewall'],
      transitGateways: ['NaganoSecurityCloud#Tgw'],
    });
  });

  test('puts a VPC without a valid zone tag in its own group', () => {
    const unzoned = inventoryOf([
      {
        name: 'Plain',
        template: {
          Resources: {
            A: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '192.168.0.0/16' } },
            B: {
              Type: 'AWS::EC2::VPC',
              Properties: { CidrBlock: { 'Fn::ImportValue': 'cidr' }, Tags: [{ Key: 'lgsec:zone', Value: 'dmz' }] },
            },
            C: {
              Type: 'AWS::EC2::VPC',
              Properties: { Ipv4IpamPoolId: { Ref: 'Pool' }, Ipv4NetmaskLength: 20, Tags: [{ Key: 'lgsec:zone', Value: 'lgwan' }] },
            },
          },
        },
      },
    ]);
    expect(unzoned.vpcs[2]).toMatchObject({ key: 'Plain#C', cidrs: ['IPAM {Ref Pool} /20'] });
    expect(unzoned.zones.find((zone) => zone.zone === 'unzoned')).toEqual({ zone: 'unzoned', vpcs: ['Plain#A', 'Plain#B'] });
    expect(unzoned.vpcs[1]).toMatchObject({ zoneTag: 'dmz', cidrs: ['{"Fn::ImportValue":"cidr"}'] });
  });

  test('the security cloud: Transit Gateways, firewall, and members by attachment and HOME_NET', () => {
    const cloud = inventory.securityCloud;
    expect(cloud.vpcs).toEqual(['NaganoSecurityCloud#Vpc']);
    expect(cloud.transitGateways.map((tgw) => tgw.key)).toEqual(['NaganoSecurityCloud#Tgw', 'external:tgw-0123456789abcdef0']);
    expect(cloud.transitGateways[0]).toMatchObject({
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      zoneTag: 'security-cloud',
    });
    expect(cloud.firewalls).toEqual([
      expect.objectContaining({
        logicalId: 'Firewall',
        name: 'nagano-inspection',
        vpc: 'NaganoSecurityCloud#Vpc',
        policy: 'Policy',
        ruleOrder: 'STRICT_ORDER',
        statefulDefaultActions: ['aws:drop_strict', 'aws:alert_strict'],
        logTypes: ['ALERT', 'FLOW'],
        deleteProtection: true,
        subnetChangeProtection: true,
        firewallPolicyChangeProtection: true,
        homeNet: ['10.130.0.0/16', '10.30.0.0/16'],
      }),
    ]);
    expect(cloud.members).toEqual([
      {
        via: 'attachment',
        through: 'NaganoSecurityCloud#Tgw',
        vpc: 'NaganoSecurityCloud#Vpc',
        cidr: '100.64.0.0/16',
        zoneTag: 'security-cloud',
      },
      {
        via: 'attachment',
        through: 'external:tgw-0123456789abcdef0',
        vpc: 'ShiojiriInternetZone#Vpc',
        cidr: '10.30.0.0/16',
        zoneTag: 'internet',
      },
      { via: 'home-net', through: 'NaganoSecurityCloud#Firewall', cidr: '10.130.0.0/16' },
      {
        via: 'home-net',
        through: 'NaganoSecurityCloud#Firewall',
        cidr: '10.30.0.0/16',
        vpc: 'ShiojiriInternetZone#Vpc',
        zoneTag: 'internet',
      },
    ]);
  });

  test('closed-network links end at the VPC of their VPN gateway', () => {
    expect(inventory.closedNetworkLinks).toEqual([
      {
        template: 'ShiojiriLgwanZone',
        logicalId: 'LgwanVpn',
        type: 'AWS::EC2::VPNConnection',
        from: 'ShiojiriLgwanZone#Vpc',
        to: 'LGWAN-ASP router 203.0.113.10',
      },
    ]);
  });

  test('lists every data store with classification and controls', () => {
    expect(inventory.dataStores.map((entry) => `${entry.template}#${entry.logicalId}`)).toEqual([
      'NaganoSecurityCloud#AuditLogs',
      'ShiojiriInternetZone#Downloads',
      'ShiojiriInternetZone#Scratch',
      'ShiojiriLgwanZone#Files',
      'ShiojiriLgwanZone#Vault',
      'ShiojiriMyNumberZone#CaseTable',
      'ShiojiriMyNumberZone#ResidentDb',
      'ShiojiriMyNumberZone#ResidentRecords',
    ]);
    expect(store('ResidentRecords')).toMatchObject({
      zone: 'mynumber',
      confidentiality: '3',
      integrity: '2',
      availability: '2',
      classificationProblems: [],
      controls: {
        encryption: { state: 'on', detail: 'SSE-KMS (aws:kms)' },
        customerManagedKey: { state: 'on', detail: 'DataKey' },
        versioning: { state: 'on' },
        replication: { state: 'on', detail: 'arn:aws:s3:::shiojiri-records-osaka' },
        objectLock: { state: 'off' },
        publicAccessBlock: { state: 'on' },
        logging: { state: 'on', detail: 'shiojiri-access-logs' },
        retain: { state: 'on', detail: 'DeletionPolicy Retain, UpdateReplacePolicy Retain' },
      },
    });
    expect(store('AuditLogs')).toMatchObject({
      purpose: 'audit-log',
      controls: {
        objectLock: { state: 'on', detail: 'COMPLIANCE 2555 days' },
        customerManagedKey: { state: 'off', detail: 'alias/aws/s3' },
      },
    });
    expect(store('Downloads')).toMatchObject({
      name: 'shiojiri-downloads',
      classificationProblems: ['missing tag lgsec:confidentiality', 'missing tag lgsec:integrity', 'missing tag lgsec:availability'],
      controls: {
        encryption: { state: 'on', detail: 'SSE-S3 (default)' },
        publicAccessBlock: { state: 'off' },
        retain: { state: 'off', detail: 'DeletionPolicy Delete (default), UpdateReplacePolicy Delete' },
      },
    });
    expect(store('Scratch').classificationProblems).toEqual(["tag lgsec:integrity='5' is not a level from 1 to 2"]);
    expect(store('Scratch').controls).toMatchObject({ encryption: { state: 'off' }, versioning: { state: 'na' } });
  });

  test('finds the zone of a store through its VPC, and Backup membership by tag', () => {
    expect(store('ResidentDb')).toMatchObject({
      zone: 'mynumber',
      controls: {
        versioning: { state: 'on', detail: 'backup retention 14 days' },
        replication: { state: 'on', detail: 'Multi-AZ' },
        retain: { state: 'off', detail: 'DeletionPolicy Snapshot (default), UpdateReplacePolicy Delete' },
      },
    });
    expect(store('Files')).toMatchObject({
      zone: 'lgwan',
      controls: { backup: { state: 'on', detail: 'Plan (copy)' }, versioning: { state: 'on', detail: 'automatic backups' } },
    });
    expect(store('Vault').controls).toMatchObject({
      objectLock: { state: 'on', detail: 'vault lock, min 365 days' },
      backup: { state: 'off' },
    });
    expect(store('CaseTable').controls).toMatchObject({
      customerManagedKey: { state: 'on', detail: 'DataKey' },
      versioning: { state: 'on', detail: 'PITR' },
    });
  });

  test('lists every resource, sorted, for the baseline diff', () => {
    expect(inventory.resources).toHaveLength(41);
    expect(inventory.resources[0]).toEqual({
      template: 'NaganoSecurityCloud',
      logicalId: 'AuditLogs',
      type: 'AWS::S3::Bucket',
      account: '222222222222',
    });
  });
});
