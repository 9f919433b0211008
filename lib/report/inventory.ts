/**
 * The inventory of the report, read from the templates: zones and their VPCs, the security
 * cloud and its members, closed-network links, and every data store with the controls applied.
 * One pass over each template's resources plus Map lookups: linear in the number of resources.
 */
import { TAG_KEYS } from '../policy/tags';
import { GUARDRAIL_TAG_KEYS as GUARDRAIL_TAGS } from '../organization/tags';
import { parseZone, Zone, ZONES } from '../policy/zone';
import { parseClassificationTags } from '../policy/classification';
import {
  AccountEntry, ClosedNetworkLink, compareText, ControlState, DataStoreEntry, FirewallEntry, GuardrailEntry, Inventory, ResourceEntry,
  SecurityCloudMember, TransitGatewayEntry, VpcEntry, ZoneEntry, ZoneSeparation,
} from './model';
import {
  CfnResource, dig, isRecord, isTrue, Json, list, literal, referencedLogicalId, referencedLogicalIds, renderValue,
  resourceTags, templateResources,
} from './private/cfn';

/** A template as the inventory reads it. */
export interface InventoryTemplate {
  readonly name: string;
  readonly template: Record<string, unknown>;
  /** The stack's account, when it has one. */
  readonly account?: string;
}

/** The account group of stacks without an account. */
export const ACCOUNT_AGNOSTIC = 'account-agnostic';

/** The zone group of VPCs whose `lgsec:zone` tag is missing or not a zone. */
export const UNZONED = 'unzoned';

export const DATA_STORE_TYPES: readonly string[] = [
  'AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster', 'AWS::EFS::FileSystem', 'AWS::EC2::Volume', 'AWS::Backup::BackupVault',
];
const DATA_STORE_TYPE_SET = new Set(DATA_STORE_TYPES);

const TGW_ATTACHMENT_TYPES = new Set(['AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment']);

interface MutableVpc {
  key: string;
  template: string;
  logicalId: string;
  name?: string;
  zoneTag?: string;
  cidrs: string[];
  subnets: number;
  azs: Set<string>;
  internetGateway: boolean;
  egressOnlyInternetGateway: boolean;
  natGateways: number;
  vpnGateway: boolean;
  endpoints: number;
  flowLog: boolean;
  networkFirewalls: string[];
  transitGateways: Set<string>;
  peerings: Set<string>;
}

interface MutableTgw {
  key: string;
  template?: string;
  logicalId?: string;
  reference?: string;
  name?: string;
  zoneTag?: string;
  defaultRouteTableAssociation?: string;
  defaultRouteTablePropagation?: string;
  vpcAttachments: { logicalId: string; template: string; vpc: string }[];
}

const key = (template: string, logicalId: string): string => `${template}#${logicalId}`;

const on = (detail?: string): ControlState => (detail === undefined ? { state: 'on' } : { state: 'on', detail });
const off = (detail?: string): ControlState => (detail === undefined ? { state: 'off' } : { state: 'off', detail });
const NA: ControlState = { state: 'na' };

/** Builds the inventory of a set of templates. */
export function buildInventory(templates: readonly InventoryTemplate[]): Inventory {
  const vpcs = new Map<string, MutableVpc>();
  const tgws = new Map<string, MutableTgw>();
  const firewalls: FirewallEntry[] = [];
  const links: ClosedNetworkLink[] = [];
  const dataStores: DataStoreEntry[] = [];
  const resources: ResourceEntry[] = [];

  const sorted = [...templates].sort((a, b) => compareText(a.name, b.name));
  for (const { name: template, template: body } of sorted) {
    const all = templateResources(body);
    const byId = new Map(all.map((resource) => [resource.logicalId, resource]));
    const byType = new Map<string, CfnResource[]>();
    for (const resource of all) {
      resources.push({ template, logicalId: resource.logicalId, type: resource.type });
      const group = byType.get(resource.type);
      if (group) group.push(resource);
      else byType.set(resource.type, [resource]);
    }
    const ofType = (type: string): CfnResource[] => byType.get(type) ?? [];
    /** The in-template logical id a value references, when it is a resource of one of these types. */
    const target = (value: Json, ...types: string[]): string | undefined => {
      const id = referencedLogicalId(value);
      const resource = id === undefined ? undefined : byId.get(id);
      return resource && (types.length === 0 || types.includes(resource.type)) ? id : undefined;
    };
    const vpcOf = (value: Json): MutableVpc | undefined => {
      const id = target(value, 'AWS::EC2::VPC');
      return id === undefined ? undefined : vpcs.get(key(template, id));
    };

    for (const resource of ofType('AWS::EC2::VPC')) {
      const tags = resourceTags(resource);
      const cidr = resource.properties['CidrBlock'];
      const pool = resource.properties['Ipv4IpamPoolId'];
      const cidrs = cidr !== undefined ? [renderValue(cidr)]
        : pool !== undefined ? [`IPAM ${renderValue(pool)} /${renderValue(resource.properties['Ipv4NetmaskLength'] ?? '?')}`] : [];
      vpcs.set(key(template, resource.logicalId), {
        key: key(template, resource.logicalId), template, logicalId: resource.logicalId,
        name: tags['Name'], zoneTag: tags[TAG_KEYS.zone],
        cidrs,
        subnets: 0, azs: new Set(), internetGateway: false, egressOnlyInternetGateway: false, natGateways: 0,
        vpnGateway: false, endpoints: 0, flowLog: false, networkFirewalls: [], transitGateways: new Set(),
        peerings: new Set(),
      });
    }
    for (const resource of ofType('AWS::EC2::VPCCidrBlock')) {
      const vpc = vpcOf(resource.properties['VpcId']);
      if (!vpc) continue;
      const props = resource.properties;
      if (props['CidrBlock'] !== undefined) vpc.cidrs.push(renderValue(props['CidrBlock']));
      else if (props['Ipv6CidrBlock'] !== undefined) vpc.cidrs.push(renderValue(props['Ipv6CidrBlock']));
      else if (isTrue(props['AmazonProvidedIpv6CidrBlock'])) vpc.cidrs.push('IPv6 (Amazon-provided)');
    }
    const subnetVpc = new Map<string, MutableVpc>();
    for (const resource of ofType('AWS::EC2::Subnet')) {
      const vpc = vpcOf(resource.properties['VpcId']);
      if (!vpc) continue;
      subnetVpc.set(resource.logicalId, vpc);
      vpc.subnets += 1;
      const az = resource.properties['AvailabilityZone'] ?? resource.properties['AvailabilityZoneId'];
      if (az !== undefined) vpc.azs.add(renderValue(az));
    }
    const vpcOfSubnet = (value: Json): MutableVpc | undefined => {
      const id = target(value, 'AWS::EC2::Subnet');
      return id === undefined ? undefined : subnetVpc.get(id);
    };
    const vpnGatewayVpc = new Map<string, MutableVpc>();
    for (const resource of ofType('AWS::EC2::VPCGatewayAttachment')) {
      const vpc = vpcOf(resource.properties['VpcId']);
      if (!vpc) continue;
      if (resource.properties['InternetGatewayId'] !== undefined) vpc.internetGateway = true;
      const vgw = resource.properties['VpnGatewayId'];
      if (vgw !== undefined) {
        vpc.vpnGateway = true;
        const vgwId = target(vgw);
        if (vgwId !== undefined) vpnGatewayVpc.set(vgwId, vpc);
      }
    }
    for (const resource of ofType('AWS::EC2::EgressOnlyInternetGateway')) {
      const vpc = vpcOf(resource.properties['VpcId']);
      if (vpc) vpc.egressOnlyInternetGateway = true;
    }
    for (const resource of ofType('AWS::EC2::NatGateway')) {
      const vpc = vpcOfSubnet(resource.properties['SubnetId']);
      if (vpc) vpc.natGateways += 1;
    }
    for (const resource of ofType('AWS::EC2::VPCEndpoint')) {
      const vpc = vpcOf(resource.properties['VpcId']);
      if (vpc) vpc.endpoints += 1;
    }
    for (const resource of ofType('AWS::EC2::FlowLog')) {
      if (resource.properties['ResourceType'] !== 'VPC') continue;
      const ids = [resource.properties['ResourceId'], ...list(resource.properties['ResourceIds'])];
      for (const id of ids) {
        const vpc = vpcOf(id);
        if (vpc) vpc.flowLog = true;
      }
    }
    for (const resource of ofType('AWS::EC2::VPCPeeringConnection')) {
      const a = vpcOf(resource.properties['VpcId']);
      const b = vpcOf(resource.properties['PeerVpcId']);
      const peerName = b?.key ?? `external:${renderValue(resource.properties['PeerVpcId'])}`;
      if (a) a.peerings.add(peerName);
      if (b && a) b.peerings.add(a.key);
    }

    for (const resource of ofType('AWS::EC2::TransitGateway')) {
      const tags = resourceTags(resource);
      const props = resource.properties;
      tgws.set(key(template, resource.logicalId), {
        key: key(template, resource.logicalId), template, logicalId: resource.logicalId, name: tags['Name'],
        zoneTag: tags[TAG_KEYS.zone],
        defaultRouteTableAssociation: props['DefaultRouteTableAssociation'] === undefined ? undefined : renderValue(props['DefaultRouteTableAssociation']),
        defaultRouteTablePropagation: props['DefaultRouteTablePropagation'] === undefined ? undefined : renderValue(props['DefaultRouteTablePropagation']),
        vpcAttachments: [],
      });
    }
    const tgwOf = (value: Json): MutableTgw => {
      const id = target(value, 'AWS::EC2::TransitGateway');
      if (id !== undefined) return tgws.get(key(template, id))!;
      const reference = renderValue(value);
      const externalKey = `external:${reference}`;
      let tgw = tgws.get(externalKey);
      if (!tgw) {
        tgw = { key: externalKey, reference, vpcAttachments: [] };
        tgws.set(externalKey, tgw);
      }
      return tgw;
    };
    for (const type of TGW_ATTACHMENT_TYPES) {
      for (const resource of ofType(type)) {
        const tgw = tgwOf(resource.properties['TransitGatewayId']);
        const vpc = vpcOf(resource.properties['VpcId']);
        const vpcName = vpc?.key ?? `external:${renderValue(resource.properties['VpcId'])}`;
        tgw.vpcAttachments.push({ logicalId: resource.logicalId, template, vpc: vpcName });
        if (vpc) vpc.transitGateways.add(tgw.key);
      }
    }
    for (const resource of ofType('AWS::EC2::VPNConnection')) {
      const props = resource.properties;
      const cgwId = target(props['CustomerGatewayId'], 'AWS::EC2::CustomerGateway');
      const cgw = cgwId === undefined ? undefined : byId.get(cgwId);
      const to = cgw
        ? [resourceTags(cgw)['Name'] ?? cgw.logicalId, cgw.properties['IpAddress'] === undefined ? undefined : renderValue(cgw.properties['IpAddress'])]
          .filter((part) => part !== undefined).join(' ')
        : renderValue(props['CustomerGatewayId']);
      let from: string | undefined;
      if (props['TransitGatewayId'] !== undefined) from = tgwOf(props['TransitGatewayId']).key;
      else {
        const vgwId = target(props['VpnGatewayId']);
        from = vgwId === undefined ? undefined : vpnGatewayVpc.get(vgwId)?.key;
      }
      links.push({ template, logicalId: resource.logicalId, type: resource.type, from, to });
    }

    for (const firewall of readFirewalls(template, ofType, target, vpcOf)) {
      firewalls.push(firewall);
      if (firewall.vpc !== undefined) vpcs.get(firewall.vpc)?.networkFirewalls.push(firewall.logicalId);
    }

    dataStores.push(...readDataStores(template, all, byId, ofType, target, vpcOfSubnet));
  }

  const vpcList: VpcEntry[] = [...vpcs.values()].sort((a, b) => compareText(a.key, b.key)).map((vpc) => ({
    key: vpc.key, template: vpc.template, logicalId: vpc.logicalId,
    ...(vpc.name === undefined ? {} : { name: vpc.name }),
    ...(vpc.zoneTag === undefined ? {} : { zoneTag: vpc.zoneTag }),
    cidrs: vpc.cidrs, subnets: vpc.subnets, availabilityZones: vpc.azs.size, internetGateway: vpc.internetGateway,
    egressOnlyInternetGateway: vpc.egressOnlyInternetGateway, natGateways: vpc.natGateways, vpnGateway: vpc.vpnGateway,
    endpoints: vpc.endpoints, flowLog: vpc.flowLog, networkFirewalls: [...vpc.networkFirewalls].sort(compareText),
    transitGateways: [...vpc.transitGateways].sort(compareText), peerings: [...vpc.peerings].sort(compareText),
  }));

  const zones: ZoneEntry[] = [...ZONES, UNZONED].map((zone) => ({
    zone,
    vpcs: vpcList.filter((vpc) => (parseZone(vpc.zoneTag) ?? UNZONED) === zone).map((vpc) => vpc.key),
  })).filter((entry) => entry.zone !== UNZONED || entry.vpcs.length > 0);

  const tgwList: TransitGatewayEntry[] = [...tgws.values()].sort((a, b) => compareText(a.key, b.key)).map((tgw) => ({
    ...tgw,
    vpcAttachments: [...tgw.vpcAttachments].sort((a, b) => compareText(key(a.template, a.logicalId), key(b.template, b.logicalId))),
  }));
  const sortedFirewalls = firewalls.sort((a, b) => compareText(key(a.template, a.logicalId), key(b.template, b.logicalId)));

  const { accounts, separation, guardrails } = accountInventory(sorted, vpcList);
  return {
    accounts,
    separation,
    guardrails,
    zones,
    vpcs: vpcList,
    securityCloud: {
      vpcs: vpcList.filter((vpc) => parseZone(vpc.zoneTag) === Zone.SECURITY_CLOUD).map((vpc) => vpc.key),
      transitGateways: tgwList,
      firewalls: sortedFirewalls,
      members: securityCloudMembers(vpcList, tgwList, sortedFirewalls),
    },
    closedNetworkLinks: links.sort((a, b) => compareText(key(a.template, a.logicalId), key(b.template, b.logicalId))),
    dataStores: dataStores.sort((a, b) => compareText(key(a.template, a.logicalId), key(b.template, b.logicalId))),
    resources: resources.sort((a, b) => compareText(key(a.template, a.logicalId), key(b.template, b.logicalId))),
  };
}

/** Zones that must not share an account: the three layers of the separation. */
const SEPARATED_ZONES: readonly string[] = [Zone.MY_NUMBER, Zone.LGWAN, Zone.INTERNET];

/** Accounts with their stacks, zones and guardrails; whether accounts separate the zones. */
function accountInventory(templates: readonly InventoryTemplate[], vpcs: readonly VpcEntry[]): {
  accounts: AccountEntry[]; separation: ZoneSeparation; guardrails: GuardrailEntry[];
} {
  const guardrails: GuardrailEntry[] = [];
  const byAccount = new Map<string, { stacks: Set<string>; zones: Set<string>; services: Set<string> }>();
  const accountOf = new Map<string, string>();
  for (const { name, template, account } of templates) {
    const id = account ?? ACCOUNT_AGNOSTIC;
    accountOf.set(name, id);
    let entry = byAccount.get(id);
    if (!entry) byAccount.set(id, entry = { stacks: new Set(), zones: new Set(), services: new Set() });
    entry.stacks.add(name);
    for (const resource of templateResources(template)) {
      if (resource.type === 'AWS::Organizations::Policy') {
        entry.services.add('organization-guardrails');
        const props = resource.properties;
        const tags = resourceTags(resource);
        const content = props['Content'];
        const size = typeof content === 'string' ? content.length
          : isRecord(content) && !JSON.stringify(content).includes('"Fn::') && !JSON.stringify(content).includes('"Ref"') ? JSON.stringify(content).length : undefined;
        guardrails.push({
          template: name, logicalId: resource.logicalId,
          name: renderValue(props['Name'] ?? resource.logicalId), type: renderValue(props['Type'] ?? '?'),
          ...(tags[GUARDRAIL_TAGS.guardrail] === undefined ? {} : { guardrail: tags[GUARDRAIL_TAGS.guardrail] }),
          zones: (tags[GUARDRAIL_TAGS.zones] ?? '').split(/\s+/).filter(Boolean).sort(compareText),
          targets: list(props['TargetIds']).map(renderValue).sort(compareText),
          ...(size === undefined ? {} : { size }),
        });
      } else if (resource.type === 'AWS::S3::Bucket' && resourceTags(resource)[TAG_KEYS.purpose] === 'audit-log') {
        entry.services.add('log-archive');
      }
    }
  }
  for (const vpc of vpcs) {
    const zone = parseZone(vpc.zoneTag);
    if (zone) byAccount.get(accountOf.get(vpc.template) ?? ACCOUNT_AGNOSTIC)?.zones.add(zone);
  }
  guardrails.sort((a, b) => compareText(a.name, b.name) || compareText(key(a.template, a.logicalId), key(b.template, b.logicalId)));
  const accounts: AccountEntry[] = [...byAccount.entries()].sort(([a], [b]) => compareText(a, b)).map(([account, entry]) => {
    const zones = [...entry.zones].sort(compareText);
    return {
      account,
      stacks: [...entry.stacks].sort(compareText),
      zones,
      services: [...entry.services].sort(compareText),
      guardrails: [...new Set(guardrails.filter((g) => g.zones.some((zone) => entry.zones.has(zone))).map((g) => g.name))].sort(compareText),
    };
  });
  const shared = accounts
    .map((entry) => ({ account: entry.account, zones: entry.zones.filter((zone) => SEPARATED_ZONES.includes(zone)) }))
    .filter((entry) => entry.zones.length > 1)
    .map((entry) => `${entry.account}: ${entry.zones.join(', ')}`);
  const anyZone = accounts.some((entry) => entry.zones.some((zone) => SEPARATED_ZONES.includes(zone)));
  const separation: ZoneSeparation = shared.length > 0 ? { kind: 'iam-only', shared } : { kind: anyZone ? 'accounts' : 'na' };
  return { accounts, separation, guardrails };
}

function securityCloudMembers(
  vpcs: readonly VpcEntry[], tgws: readonly TransitGatewayEntry[], firewalls: readonly FirewallEntry[],
): SecurityCloudMember[] {
  const vpcByKey = new Map(vpcs.map((vpc) => [vpc.key, vpc]));
  const vpcByCidr = new Map<string, VpcEntry>();
  for (const vpc of vpcs) for (const cidr of vpc.cidrs) if (!vpcByCidr.has(cidr)) vpcByCidr.set(cidr, vpc);
  const members: SecurityCloudMember[] = [];
  for (const tgw of tgws) {
    for (const attachment of tgw.vpcAttachments) {
      const vpc = vpcByKey.get(attachment.vpc);
      members.push({
        via: 'attachment', through: tgw.key, vpc: attachment.vpc,
        ...(vpc?.cidrs[0] === undefined ? {} : { cidr: vpc.cidrs[0] }),
        ...(vpc?.zoneTag === undefined ? {} : { zoneTag: vpc.zoneTag }),
      });
    }
  }
  for (const firewall of firewalls) {
    for (const cidr of firewall.homeNet) {
      const vpc = vpcByCidr.get(cidr);
      members.push({
        via: 'home-net', cidr, through: key(firewall.template, firewall.logicalId),
        ...(vpc === undefined ? {} : { vpc: vpc.key }),
        ...(vpc?.zoneTag === undefined ? {} : { zoneTag: vpc.zoneTag }),
      });
    }
  }
  return members;
}

type OfType = (type: string) => CfnResource[];
type Target = (value: Json, ...types: string[]) => string | undefined;

function readFirewalls(
  template: string, ofType: OfType, target: Target, vpcOf: (value: Json) => MutableVpc | undefined,
): FirewallEntry[] {
  const policies = new Map(ofType('AWS::NetworkFirewall::FirewallPolicy').map((policy) => [policy.logicalId, policy]));
  const ruleGroups = new Map(ofType('AWS::NetworkFirewall::RuleGroup').map((group) => [group.logicalId, group]));
  const logTypes = new Map<string, string[]>();
  for (const logging of ofType('AWS::NetworkFirewall::LoggingConfiguration')) {
    const firewallId = target(logging.properties['FirewallArn'], 'AWS::NetworkFirewall::Firewall');
    if (firewallId === undefined) continue;
    const types = list(dig(logging.properties, 'LoggingConfiguration', 'LogDestinationConfigs'))
      .map((config) => renderValue(dig(config, 'LogType')));
    logTypes.set(firewallId, [...(logTypes.get(firewallId) ?? []), ...types]);
  }
  return ofType('AWS::NetworkFirewall::Firewall').map((firewall) => {
    const props = firewall.properties;
    const policyId = target(props['FirewallPolicyArn'], 'AWS::NetworkFirewall::FirewallPolicy');
    const policy = policyId === undefined ? undefined : dig(policies.get(policyId)?.properties, 'FirewallPolicy');
    const homeNet = new Set<string>();
    for (const cidr of list(dig(policy, 'PolicyVariables', 'RuleVariables', 'HOME_NET', 'Definition'))) homeNet.add(renderValue(cidr));
    for (const reference of list(dig(policy, 'StatefulRuleGroupReferences'))) {
      const groupId = target(dig(reference, 'ResourceArn'), 'AWS::NetworkFirewall::RuleGroup');
      const group = groupId === undefined ? undefined : ruleGroups.get(groupId);
      for (const cidr of list(dig(group?.properties, 'RuleGroup', 'RuleVariables', 'IPSets', 'HOME_NET', 'Definition'))) {
        homeNet.add(renderValue(cidr));
      }
    }
    const name = literal(props['FirewallName']);
    const ruleOrder = dig(policy, 'StatefulEngineOptions', 'RuleOrder');
    const vpc = vpcOf(props['VpcId']);
    return {
      template, logicalId: firewall.logicalId,
      ...(name === undefined ? {} : { name }),
      ...(vpc === undefined ? {} : { vpc: vpc.key }),
      ...(policyId === undefined ? {} : { policy: policyId }),
      ...(ruleOrder === undefined ? {} : { ruleOrder: renderValue(ruleOrder) }),
      statefulDefaultActions: list(dig(policy, 'StatefulDefaultActions')).map(renderValue),
      statelessDefaultActions: list(dig(policy, 'StatelessDefaultActions')).map(renderValue),
      logTypes: [...new Set(logTypes.get(firewall.logicalId) ?? [])].sort(compareText),
      deleteProtection: isTrue(props['DeleteProtection']),
      subnetChangeProtection: isTrue(props['SubnetChangeProtection']),
      firewallPolicyChangeProtection: isTrue(props['FirewallPolicyChangeProtection']),
      homeNet: [...homeNet].sort(compareText),
    };
  });
}

interface BackupMembership {
  readonly plan: string;
  readonly copy: boolean;
}

function readDataStores(
  template: string, all: readonly CfnResource[], byId: ReadonlyMap<string, CfnResource>, ofType: OfType, target: Target,
  vpcOfSubnet: (value: Json) => MutableVpc | undefined,
): DataStoreEntry[] {
  const stores = all.filter((resource) => DATA_STORE_TYPE_SET.has(resource.type));
  if (stores.length === 0) return [];
  const tagsOf = new Map(stores.map((store) => [store.logicalId, resourceTags(store)]));

  // AWS Backup: which stores a selection covers (by reference, by tag, or all), and whether its plan copies.
  const backups = new Map<string, BackupMembership[]>();
  const addBackup = (storeId: string, membership: BackupMembership): void => {
    backups.set(storeId, [...(backups.get(storeId) ?? []), membership]);
  };
  for (const selection of ofType('AWS::Backup::BackupSelection')) {
    const planId = target(selection.properties['BackupPlanId'], 'AWS::Backup::BackupPlan');
    const plan = planId === undefined ? undefined : byId.get(planId);
    const copy = list(dig(plan?.properties, 'BackupPlan', 'BackupPlanRule')).some((rule) => list(dig(rule, 'CopyActions')).length > 0);
    const membership = { plan: planId ?? renderValue(selection.properties['BackupPlanId']), copy };
    const spec = selection.properties['BackupSelection'];
    const covered = new Set<string>();
    for (const item of list(dig(spec, 'Resources'))) {
      if (item === '*') stores.forEach((store) => covered.add(store.logicalId));
      for (const id of referencedLogicalIds(item)) if (tagsOf.has(id)) covered.add(id);
    }
    for (const condition of list(dig(spec, 'ListOfTags'))) {
      const tagKey = literal(dig(condition, 'ConditionKey'));
      const tagValue = literal(dig(condition, 'ConditionValue'));
      for (const store of stores) {
        if (tagKey !== undefined && tagsOf.get(store.logicalId)?.[tagKey] === tagValue) covered.add(store.logicalId);
      }
    }
    for (const id of covered) addBackup(id, membership);
  }

  // Zone of stores placed in a VPC: RDS through its subnet group, EFS through its mount targets.
  const subnetGroupVpc = new Map<string, MutableVpc>();
  for (const group of ofType('AWS::RDS::DBSubnetGroup')) {
    const vpc = list(group.properties['SubnetIds']).map(vpcOfSubnet).find((found) => found !== undefined);
    if (vpc) subnetGroupVpc.set(group.logicalId, vpc);
  }
  const fileSystemVpc = new Map<string, MutableVpc>();
  for (const mount of ofType('AWS::EFS::MountTarget')) {
    const fsId = target(mount.properties['FileSystemId'], 'AWS::EFS::FileSystem');
    const vpc = vpcOfSubnet(mount.properties['SubnetId']);
    if (fsId !== undefined && vpc && !fileSystemVpc.has(fsId)) fileSystemVpc.set(fsId, vpc);
  }
  const kmsKeys = new Set(ofType('AWS::KMS::Key').map((keyResource) => keyResource.logicalId));

  return stores.map((store) => {
    const tags = tagsOf.get(store.logicalId)!;
    const parsed = parseClassificationTags(tags);
    let placedIn: MutableVpc | undefined;
    if (store.type === 'AWS::RDS::DBInstance' || store.type === 'AWS::RDS::DBCluster') {
      const groupId = target(store.properties['DBSubnetGroupName'], 'AWS::RDS::DBSubnetGroup');
      placedIn = groupId === undefined ? undefined : subnetGroupVpc.get(groupId);
    } else if (store.type === 'AWS::EFS::FileSystem') {
      placedIn = fileSystemVpc.get(store.logicalId);
    }
    const zoneTag = tags[TAG_KEYS.zone] ?? placedIn?.zoneTag;
    const membership = backups.get(store.logicalId) ?? [];
    const backup = membership.length === 0
      ? off()
      : on([...new Set(membership.map((m) => `${m.plan}${m.copy ? ' (copy)' : ''}`))].sort(compareText).join(', '));
    const name = literal(
      store.properties['BucketName'] ?? store.properties['TableName'] ?? store.properties['DBInstanceIdentifier']
      ?? store.properties['DBClusterIdentifier'] ?? store.properties['BackupVaultName'] ?? tags['Name'],
    );
    return {
      template, logicalId: store.logicalId, type: store.type,
      ...(name === undefined ? {} : { name }),
      ...(zoneTag === undefined ? {} : { zone: zoneTag }),
      ...(tags[TAG_KEYS.confidentiality] === undefined ? {} : { confidentiality: tags[TAG_KEYS.confidentiality] }),
      ...(tags[TAG_KEYS.integrity] === undefined ? {} : { integrity: tags[TAG_KEYS.integrity] }),
      ...(tags[TAG_KEYS.availability] === undefined ? {} : { availability: tags[TAG_KEYS.availability] }),
      classificationProblems: parsed.problems,
      ...(tags[TAG_KEYS.purpose] === undefined ? {} : { purpose: tags[TAG_KEYS.purpose] }),
      controls: { ...storeControls(store, kmsKeys, target), backup, retain: retainControl(store) },
    };
  });
}

/** The customer-managed-key control from a key property: a key of ours, or an AWS-managed alias. */
function keyControl(value: Json, kmsKeys: ReadonlySet<string>, target: Target): ControlState {
  if (value === undefined) return off();
  const id = target(value);
  if (id !== undefined && kmsKeys.has(id)) return on(id);
  const text = renderValue(value);
  return /alias\/aws\//.test(text) ? off(text) : on(text);
}

type StoreControls = Omit<DataStoreEntry['controls'], 'backup' | 'retain'>;

function storeControls(store: CfnResource, kmsKeys: ReadonlySet<string>, target: Target): StoreControls {
  const props = store.properties;
  const none = { objectLock: NA, publicAccessBlock: NA, logging: NA };
  switch (store.type) {
    case 'AWS::S3::Bucket': {
      const byDefault = dig(props, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault');
      const algorithm = literal(dig(byDefault, 'SSEAlgorithm'));
      const kms = algorithm !== undefined && algorithm.startsWith('aws:kms');
      const versioning = literal(dig(props, 'VersioningConfiguration', 'Status'));
      const destinations = list(dig(props, 'ReplicationConfiguration', 'Rules')).map((rule) => renderValue(dig(rule, 'Destination', 'Bucket')));
      const retention = dig(props, 'ObjectLockConfiguration', 'Rule', 'DefaultRetention');
      const retentionText = retention === undefined ? undefined : [
        renderValue(dig(retention, 'Mode')),
        dig(retention, 'Days') !== undefined ? `${renderValue(dig(retention, 'Days'))} days` : undefined,
        dig(retention, 'Years') !== undefined ? `${renderValue(dig(retention, 'Years'))} years` : undefined,
      ].filter((part) => part !== undefined).join(' ');
      const block = dig(props, 'PublicAccessBlockConfiguration');
      const blockKeys = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
      const unblocked = blockKeys.filter((blockKey) => !isTrue(dig(block, blockKey)));
      const logTarget = dig(props, 'LoggingConfiguration', 'DestinationBucketName');
      return {
        encryption: on(algorithm === undefined ? 'SSE-S3 (default)' : kms ? `SSE-KMS (${algorithm})` : `SSE-S3 (${algorithm})`),
        customerManagedKey: kms ? keyControl(dig(byDefault, 'KMSMasterKeyID') ?? 'alias/aws/s3', kmsKeys, target) : off(),
        versioning: versioning === 'Enabled' ? on() : off(versioning),
        replication: destinations.length > 0 ? on(destinations.sort(compareText).join(', ')) : off(),
        objectLock: isTrue(props['ObjectLockEnabled']) ? on(retentionText) : off(),
        publicAccessBlock: unblocked.length === 0 ? on() : off(block === undefined ? undefined : `not ${unblocked.join(', ')}`),
        logging: isRecord(props['LoggingConfiguration']) ? on(logTarget === undefined ? undefined : renderValue(logTarget)) : off(),
      };
    }
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const global = store.type === 'AWS::DynamoDB::GlobalTable';
      const replicas = global ? list(props['Replicas']) : [];
      const keyValue = dig(props, 'SSESpecification', 'KMSMasterKeyId')
        ?? replicas.map((replica) => dig(replica, 'SSESpecification', 'KMSMasterKeyId')).find((found) => found !== undefined);
      const kms = isTrue(dig(props, 'SSESpecification', 'SSEEnabled'));
      const pitr = global
        ? replicas.length > 0 && replicas.every((replica) => isTrue(dig(replica, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')))
        : isTrue(dig(props, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'));
      const regions = replicas.map((replica) => renderValue(dig(replica, 'Region'))).sort(compareText);
      return {
        encryption: on(kms ? 'KMS' : 'AWS owned key'),
        customerManagedKey: kms ? keyControl(keyValue ?? 'alias/aws/dynamodb', kmsKeys, target) : off(),
        versioning: pitr ? on('PITR') : off('PITR'),
        replication: regions.length > 1 ? on(regions.join(', ')) : off(),
        ...none,
      };
    }
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster': {
      const retentionDays = props['BackupRetentionPeriod'] === undefined ? '1' : renderValue(props['BackupRetentionPeriod']);
      const exports = list(props['EnableCloudwatchLogsExports']).map(renderValue).sort(compareText);
      const inCluster = store.type === 'AWS::RDS::DBInstance' && props['DBClusterIdentifier'] !== undefined;
      return {
        encryption: inCluster ? NA : isTrue(props['StorageEncrypted']) ? on() : off(),
        customerManagedKey: inCluster ? NA : keyControl(props['KmsKeyId'], kmsKeys, target),
        versioning: inCluster ? NA : retentionDays === '0' ? off('backup retention 0 days') : on(`backup retention ${retentionDays} days`),
        replication: isTrue(props['MultiAZ']) ? on('Multi-AZ') : off(),
        objectLock: NA,
        publicAccessBlock: isTrue(props['PubliclyAccessible']) ? off('PubliclyAccessible') : on(),
        logging: exports.length > 0 ? on(exports.join(', ')) : off(),
      };
    }
    case 'AWS::EFS::FileSystem': {
      const regions = list(dig(props, 'ReplicationConfiguration', 'Destinations')).map((destination) => renderValue(dig(destination, 'Region')));
      return {
        encryption: isTrue(props['Encrypted']) ? on() : off(),
        customerManagedKey: keyControl(props['KmsKeyId'], kmsKeys, target),
        versioning: literal(dig(props, 'BackupPolicy', 'Status')) === 'ENABLED' ? on('automatic backups') : off(),
        replication: regions.length > 0 ? on(regions.sort(compareText).join(', ')) : off(),
        ...none,
      };
    }
    case 'AWS::EC2::Volume':
      return {
        encryption: isTrue(props['Encrypted']) ? on() : off(),
        customerManagedKey: keyControl(props['KmsKeyId'], kmsKeys, target),
        versioning: NA, replication: NA, ...none,
      };
    default: {
      // AWS::Backup::BackupVault: always encrypted; a vault lock is its WORM control.
      const lock = props['LockConfiguration'];
      const minDays = dig(lock, 'MinRetentionDays');
      return {
        encryption: on(),
        customerManagedKey: keyControl(props['EncryptionKeyArn'], kmsKeys, target),
        versioning: NA, replication: NA,
        objectLock: lock === undefined ? off() : on(minDays === undefined ? 'vault lock' : `vault lock, min ${renderValue(minDays)} days`),
        publicAccessBlock: NA, logging: NA,
      };
    }
  }
}

/** Deletion and replacement policies; CloudFormation's own default when absent. */
function retainControl(store: CfnResource): ControlState {
  const snapshotByDefault = store.type === 'AWS::RDS::DBCluster'
    || (store.type === 'AWS::RDS::DBInstance' && store.properties['DBClusterIdentifier'] === undefined);
  const fallback = snapshotByDefault ? 'Snapshot' : 'Delete';
  const deletion = literal(store.deletionPolicy) ?? fallback;
  const replace = literal(store.updateReplacePolicy) ?? 'Delete';
  const kept = (policy: string): boolean => policy === 'Retain' || policy === 'Snapshot' || policy === 'RetainExceptOnCreate';
  const detail = `DeletionPolicy ${deletion}${store.deletionPolicy === undefined ? ' (default)' : ''}, UpdateReplacePolicy ${replace}`;
  return kept(deletion) && kept(replace) ? on(detail) : off(detail);
}

