import { parseZone, TAG_KEYS, Zone } from '../policy';
import type { TemplateInput } from './input';
import type { TemplateModel } from './template-model';

/** One resource of a CloudFormation template, as the rules read it (plain, resolved data). */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly deletionPolicy?: unknown;
  readonly updateReplacePolicy?: unknown;
  readonly condition?: string;
}

/** Where a value in a template leads. */
export type Reference =
  | { readonly kind: 'resource'; readonly resource: TemplateResource; readonly index: TemplateIndex; readonly attribute?: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  /** The value leaves the template (parameter, import, pseudo parameter, condition): `why` says how. */
  | { readonly kind: 'external'; readonly why: string }
  | { readonly kind: 'absent' };

/** A resource located in one of the checked templates. */
export interface Located {
  readonly resource: TemplateResource;
  readonly index: TemplateIndex;
}

/** The VPC a resource belongs to, as far as references can be followed. */
export type VpcResolution =
  | { readonly kind: 'vpc'; readonly vpc: Located }
  /** A literal `vpc-…` id: a VPC outside the checked templates. */
  | { readonly kind: 'literal'; readonly id: string }
  | { readonly kind: 'external'; readonly why: string }
  /** The resource is not in a VPC (or the property is not set). */
  | { readonly kind: 'none' };

/** The zone of a resource: known, or unknown with the reason (said in findings). */
export type ZoneResolution =
  | { readonly known: true; readonly zone: Zone; readonly vpc?: Located }
  /** `unresolved` is true when a reference leaves the template; false when the VPC has no valid tag or there is no VPC. */
  | { readonly known: false; readonly unresolved: boolean; readonly why: string; readonly vpc?: Located };

/** Properties that hold tags: most types use Tags; some name them after the resource. */
const TAG_PROPERTIES = ['Tags', 'Tag', 'FileSystemTags', 'BackupVaultTags', 'BackupPlanTags', 'TagList', 'UserPoolTags'];

/** CloudFormation's pseudo parameters: values the deployment, not the template, decides. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Properties whose value is the VPC, per resource type (dot paths). */
const VPC_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::EC2::Subnet': 'VpcId',
  'AWS::EC2::RouteTable': 'VpcId',
  'AWS::EC2::SecurityGroup': 'VpcId',
  'AWS::EC2::EgressOnlyInternetGateway': 'VpcId',
  'AWS::EC2::VPCEndpoint': 'VpcId',
  'AWS::EC2::VPCPeeringConnection': 'VpcId',
  'AWS::EC2::TransitGatewayAttachment': 'VpcId',
  'AWS::EC2::TransitGatewayVpcAttachment': 'VpcId',
  'AWS::EC2::VPCGatewayAttachment': 'VpcId',
  'AWS::EC2::VPCCidrBlock': 'VpcId',
  'AWS::EC2::NetworkAcl': 'VpcId',
  'AWS::EC2::CarrierGateway': 'VpcId',
  'AWS::EC2::ClientVpnEndpoint': 'VpcId',
  'AWS::EC2::VPCDHCPOptionsAssociation': 'VpcId',
  'AWS::NetworkFirewall::Firewall': 'VpcId',
  'AWS::Route53Resolver::FirewallRuleGroupAssociation': 'VpcId',
  'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation': 'ResourceId',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'VpcId',
  'AWS::DirectoryService::MicrosoftAD': 'VpcSettings.VpcId',
  'AWS::DirectoryService::SimpleAD': 'VpcSettings.VpcId',
  'AWS::WorkSpacesWeb::NetworkSettings': 'VpcId',
};

/** Properties that hold one subnet or a list of subnets, per resource type. */
const SUBNET_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::EC2::NatGateway': 'SubnetId',
  'AWS::EC2::NetworkInterface': 'SubnetId',
  'AWS::EC2::Instance': 'SubnetId',
  'AWS::EC2::SubnetRouteTableAssociation': 'SubnetId',
  'AWS::EFS::MountTarget': 'SubnetId',
  'AWS::Lambda::Function': 'VpcConfig.SubnetIds',
  'AWS::RDS::DBSubnetGroup': 'SubnetIds',
  'AWS::ElastiCache::SubnetGroup': 'SubnetIds',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Subnets',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'Subnets',
  'AWS::AppStream::Fleet': 'VpcConfig.SubnetIds',
  'AWS::AppStream::ImageBuilder': 'VpcConfig.SubnetIds',
  'AWS::WorkSpaces::Directory': 'SubnetIds',
  'AWS::ECS::Service': 'NetworkConfiguration.AwsvpcConfiguration.Subnets',
  'AWS::DocDB::DBSubnetGroup': 'SubnetIds',
  'AWS::Neptune::DBSubnetGroup': 'SubnetIds',
};

/** Properties that hold security groups, used when a resource has no subnet property set. */
const SECURITY_GROUP_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::EC2::SecurityGroupIngress': 'GroupId',
  'AWS::EC2::SecurityGroupEgress': 'GroupId',
  'AWS::EC2::Instance': 'SecurityGroupIds',
  'AWS::Lambda::Function': 'VpcConfig.SecurityGroupIds',
  'AWS::RDS::DBInstance': 'VPCSecurityGroups',
  'AWS::RDS::DBCluster': 'VpcSecurityGroupIds',
  'AWS::EC2::LaunchTemplate': 'LaunchTemplateData.SecurityGroupIds',
  'AWS::AutoScaling::LaunchConfiguration': 'SecurityGroups',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'SecurityGroups',
};

/** A property value at a dot path (no array indexing; arrays are returned as they are). */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The only key of a one-key object that names an intrinsic (`Ref`, `Fn::…`), or undefined. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** A template (stack artifact or file) prepared once for all rules: resources, references, exports. */
export class TemplateIndex {
  readonly resources: ReadonlyMap<string, TemplateResource>;
  readonly parameters: ReadonlySet<string>;
  /** Template-level `Metadata`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  private readonly byTypeMap = new Map<string, TemplateResource[]>();
  // Keyed by the resource object: rules also see variants of a resource (see values.ts).
  private vpcCache = new WeakMap<TemplateResource, VpcResolution>();
  private zoneCache = new WeakMap<TemplateResource, ZoneResolution>();
  private tagCache = new WeakMap<TemplateResource, ReadonlyMap<string, unknown>>();
  /** Filled by the model: who refers to each resource (same template or through imports). */
  readonly referrers = new Map<string, Located[]>();
  /** Export names this template imports, per importing resource (resolved by the model). */
  readonly imports: { readonly from: TemplateResource; readonly name: string }[] = [];
  /** Stack artifact name or file name. */
  readonly name: string;
  readonly template: Readonly<Record<string, unknown>>;
  /** Region when known (stack environment, template input, `--region`). */
  readonly region?: string;
  readonly account?: string;

  /** Built by {@link TemplateModel}, which links the templates of a run together. */
  constructor(
    /** The template as handed to the model (expanded: SAM and language extensions). */
    readonly input: TemplateInput,
    /** The run this template belongs to: imports, reverse references and run-wide lookups. */
    readonly model: TemplateModel,
    /** Unique among the templates of a run (names may repeat): keys of run-wide lookups use it. */
    readonly key: string,
  ) {
    this.name = input.name;
    this.template = input.template;
    this.region = input.region;
    this.account = input.account;
    const template = input.template;
    const resources = new Map<string, TemplateResource>();
    const rawResources = isRecord(template.Resources) ? template.Resources : {};
    for (const [logicalId, raw] of Object.entries(rawResources)) {
      if (!isRecord(raw) || typeof raw.Type !== 'string') continue;
      const resource: TemplateResource = {
        logicalId,
        type: raw.Type,
        properties: isRecord(raw.Properties) ? raw.Properties : {},
        metadata: isRecord(raw.Metadata) ? raw.Metadata : undefined,
        deletionPolicy: raw.DeletionPolicy,
        updateReplacePolicy: raw.UpdateReplacePolicy,
        condition: typeof raw.Condition === 'string' ? raw.Condition : undefined,
      };
      resources.set(logicalId, resource);
      let list = this.byTypeMap.get(resource.type);
      if (!list) this.byTypeMap.set(resource.type, (list = []));
      list.push(resource);
    }
    this.resources = resources;
    this.parameters = new Set(isRecord(template.Parameters) ? Object.keys(template.Parameters) : []);
    this.metadata = isRecord(template.Metadata) ? template.Metadata : undefined;
  }
  /** Resources of one type, in template order. */
  ofType(type: string): readonly TemplateResource[] {
    return this.byTypeMap.get(type) ?? [];
  }

  /** Where a value leads: a resource of this (or, through an export, another) template, a literal, or outside. */
  follow(value: unknown): Reference {
    if (value === undefined || value === null) return { kind: 'absent' };
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value };
    const fn = intrinsicName(value);
    const record = value as Record<string, unknown>;
    switch (fn) {
      case 'Ref': {
        const target = record.Ref;
        if (typeof target !== 'string') return { kind: 'external', why: 'a malformed Ref' };
        const resource = this.resources.get(target);
        if (resource) return { kind: 'resource', resource, index: this };
        if (target === 'AWS::NoValue') return { kind: 'absent' };
        if (PSEUDO_PARAMETERS.has(target)) return { kind: 'external', why: `the pseudo parameter ${target}` };
        if (this.parameters.has(target)) return { kind: 'external', why: `parameter '${target}' (its value leaves the template)` };
        return { kind: 'external', why: `Ref to '${target}', which is not in the template` };
      }
      case 'Fn::GetAtt': {
        const arg = record['Fn::GetAtt'];
        const [target, attribute] = Array.isArray(arg) ? arg : typeof arg === 'string' ? splitOnce(arg, '.') : [];
        if (typeof target !== 'string') return { kind: 'external', why: 'a malformed Fn::GetAtt' };
        const resource = this.resources.get(target);
        if (!resource) return { kind: 'external', why: `Fn::GetAtt of '${target}', which is not in the template` };
        return { kind: 'resource', resource, index: this, attribute: typeof attribute === 'string' ? attribute : undefined };
      }
      case 'Fn::ImportValue': {
        const name = this.literalString(record['Fn::ImportValue']);
        if (name === undefined) return { kind: 'external', why: 'an import whose export name is not a literal (it leaves the template)' };
        const exported = this.model.exportedValue(name);
        if (exported) return exported.index.follow(exported.value);
        return { kind: 'external', why: `import '${name}' (exported by a stack that is not checked here; it leaves the template)` };
      }
      case 'Fn::Sub': {
        const arg = record['Fn::Sub'];
        const text = Array.isArray(arg) ? arg[0] : arg;
        const vars = Array.isArray(arg) && isRecord(arg[1]) ? arg[1] : {};
        if (typeof text !== 'string') return { kind: 'external', why: 'a malformed Fn::Sub' };
        const whole = /^\$\{([^}!]+)\}$/.exec(text);
        if (whole) {
          const [target, attribute] = splitOnce(whole[1], '.');
          if (target in vars) return this.follow(vars[target]);
          return attribute === undefined ? this.follow({ Ref: target }) : this.follow({ 'Fn::GetAtt': [target, attribute] });
        }
        if (!text.includes('${')) return { kind: 'literal', value: text };
        return { kind: 'external', why: `Fn::Sub '${text}'` };
      }
      case 'Fn::Select': {
        const arg = record['Fn::Select'];
        if (Array.isArray(arg) && typeof arg[0] !== 'object' && Array.isArray(arg[1])) {
          return this.follow(arg[1][Number(arg[0])]);
        }
        return { kind: 'external', why: 'Fn::Select over a list that is not literal' };
      }
      case 'Fn::Join': {
        const text = this.literalString(value);
        if (text !== undefined) return { kind: 'literal', value: text };
        const arg = record['Fn::Join'];
        if (Array.isArray(arg) && Array.isArray(arg[1]) && arg[1].length === 1) return this.follow(arg[1][0]);
        return { kind: 'external', why: 'a Fn::Join of values that are not literal' };
      }
      case 'Fn::If': {
        const arg = record['Fn::If'];
        return { kind: 'external', why: `a value chosen by condition '${Array.isArray(arg) ? String(arg[0]) : '?'}'` };
      }
      case undefined:
        return { kind: 'external', why: 'an object where a single value was expected' };
      default:
        return { kind: 'external', why: `the intrinsic ${fn}` };
    }
  }

  /**
   * The text of a `Fn::Sub` whose every placeholder is known: a variable of its own that is
   * literal, or a pseudo parameter {@link literalString} knows (`arn:${AWS::Partition}:…` is
   * written as often as the literal ARN). `${!Name}` is the literal text `${Name}`.
   */
  private literalSub(arg: unknown): string | undefined {
    const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
    if (typeof text !== 'string' || (vars !== undefined && !isRecord(vars))) return undefined;
    let known = true;
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const key = name.trim();
      const value =
        vars !== undefined && Object.prototype.hasOwnProperty.call(vars, key)
          ? this.literalString(vars[key])
          : PSEUDO_PARAMETERS.has(key)
            ? this.literalString({ Ref: key })
            : undefined;
      if (value === undefined) known = false;
      return value ?? whole;
    });
    return known ? out : undefined;
  }

  /** A string when the value is (or joins/subs to) a literal string; undefined otherwise. */
  literalString(value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    const fn = intrinsicName(value);
    const record = value as Record<string, unknown>;
    if (fn === 'Fn::Join') {
      const arg = record['Fn::Join'];
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return undefined;
      const parts = arg[1].map((part) => this.literalString(part));
      return parts.every((part) => part !== undefined) ? parts.join(arg[0]) : undefined;
    }
    if (fn === 'Fn::Sub') return this.literalSub(record['Fn::Sub']);
    if (fn === 'Ref') {
      const target = record.Ref;
      if (target === 'AWS::Region' && this.region) return this.region;
      if (target === 'AWS::AccountId' && this.account) return this.account;
      if (target === 'AWS::Partition') return 'aws';
      if (target === 'AWS::URLSuffix') return 'amazonaws.com';
    }
    return undefined;
  }

  /** The resource a value refers to, when it is one of the given types. */
  resourceOf(value: unknown, ...types: string[]): Located | undefined {
    const ref = this.follow(value);
    if (ref.kind !== 'resource') return undefined;
    return types.length === 0 || types.includes(ref.resource.type) ? { resource: ref.resource, index: ref.index } : undefined;
  }

  /** True when `value` refers to `target` (Ref, GetAtt, Sub, Join of one element, or an import of it). */
  refersTo(value: unknown, target: Located): boolean {
    const ref = this.follow(value);
    return ref.kind === 'resource' && sameResource(ref, target);
  }

  /**
   * Tags of a resource as a key → value map. Handles CloudFormation's list form
   * (`[{Key, Value}]`) and the map form some resource types use; values may be intrinsics.
   */
  tags(resource: TemplateResource): ReadonlyMap<string, unknown> {
    const cached = this.tagCache.get(resource);
    if (cached) return cached;
    const tags = new Map<string, unknown>();
    for (const property of TAG_PROPERTIES) {
      const raw = resource.properties[property];
      if (Array.isArray(raw)) {
        for (const tag of raw) {
          if (isRecord(tag) && typeof tag.Key === 'string' && !tags.has(tag.Key)) tags.set(tag.Key, tag.Value);
        }
      } else if (isRecord(raw) && intrinsicName(raw) === undefined) {
        for (const [key, value] of Object.entries(raw)) if (!tags.has(key)) tags.set(key, value);
      }
    }
    // Global tables tag each replica.
    if (resource.type === 'AWS::DynamoDB::GlobalTable' && Array.isArray(resource.properties.Replicas)) {
      for (const replica of resource.properties.Replicas) {
        const replicaTags = isRecord(replica) ? replica.Tags : undefined;
        if (!Array.isArray(replicaTags)) continue;
        for (const tag of replicaTags) if (isRecord(tag) && typeof tag.Key === 'string' && !tags.has(tag.Key)) tags.set(tag.Key, tag.Value);
      }
    }
    // Some types carry tags in TagSpecifications (launch templates) or TagList; take resource tags too.
    const specs = valueAt(resource.properties, 'LaunchTemplateData.TagSpecifications') ?? resource.properties.TagSpecifications;
    if (Array.isArray(specs)) {
      for (const spec of specs) {
        const specTags = isRecord(spec) ? spec.Tags : undefined;
        if (Array.isArray(specTags)) {
          for (const tag of specTags) if (isRecord(tag) && typeof tag.Key === 'string' && !tags.has(tag.Key)) tags.set(tag.Key, tag.Value);
        }
      }
    }
    this.tagCache.set(resource, tags);
    return tags;
  }

  /** A tag value as a literal string, or undefined (absent or not literal). */
  tagValue(resource: TemplateResource, key: string): string | undefined {
    return this.literalString(this.tags(resource).get(key));
  }

  /** The VPC a resource is in, following subnets, route tables, security groups and the like. */
  vpcOf(resource: TemplateResource): VpcResolution {
    const cached = this.vpcCache.get(resource);
    if (cached) return cached;
    // Guard against reference cycles in malformed templates.
    this.vpcCache.set(resource, { kind: 'none' });
    const result = this.computeVpc(resource);
    this.vpcCache.set(resource, result);
    return result;
  }

  /** The VPC a value (a VpcId, SubnetId, GroupId, …) leads to. */
  vpcOfValue(value: unknown): VpcResolution {
    const ref = this.follow(value);
    switch (ref.kind) {
      case 'absent':
        return { kind: 'none' };
      case 'external':
        return { kind: 'external', why: ref.why };
      case 'literal':
        return typeof ref.value === 'string' && ref.value.startsWith('vpc-')
          ? { kind: 'literal', id: ref.value }
          : { kind: 'external', why: `the literal id '${String(ref.value)}' of a resource outside the template` };
      case 'resource':
        return ref.index.vpcOf(ref.resource);
    }
  }

  private computeVpc(resource: TemplateResource): VpcResolution {
    const props = resource.properties;
    switch (resource.type) {
      case 'AWS::EC2::VPC':
        return { kind: 'vpc', vpc: { resource, index: this } };
      case 'AWS::EC2::Route':
        return this.vpcOfValue(props.RouteTableId);
      case 'AWS::EC2::FlowLog':
        return props.ResourceType === 'VPC' || props.ResourceType === 'Subnet' || props.ResourceType === 'NetworkInterface'
          ? this.vpcOfValue(props.ResourceId)
          : { kind: 'none' };
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBCluster':
        return this.firstVpc(
          [props.DBSubnetGroupName],
          resource.type === 'AWS::RDS::DBInstance' ? props.VPCSecurityGroups : props.VpcSecurityGroupIds,
        );
      case 'AWS::ElastiCache::CacheCluster':
      case 'AWS::ElastiCache::ReplicationGroup':
        return this.firstVpc([props.CacheSubnetGroupName], props.VpcSecurityGroupIds ?? props.SecurityGroupIds);
      case 'AWS::EC2::Instance': {
        const interfaces = Array.isArray(props.NetworkInterfaces) ? props.NetworkInterfaces : [];
        const subnets = [props.SubnetId, ...interfaces.map((ni) => (isRecord(ni) ? ni.SubnetId : undefined))];
        return this.firstVpc(subnets, props.SecurityGroupIds);
      }
      case 'AWS::EC2::LaunchTemplate': {
        const interfaces = valueAt(props, 'LaunchTemplateData.NetworkInterfaces');
        const subnets = Array.isArray(interfaces) ? interfaces.map((ni) => (isRecord(ni) ? ni.SubnetId : undefined)) : [];
        return this.firstVpc(subnets, valueAt(props, 'LaunchTemplateData.SecurityGroupIds'));
      }
      case 'AWS::EC2::EIP':
        return props.InstanceId !== undefined ? this.vpcOfValue(props.InstanceId) : { kind: 'none' };
      case 'AWS::EC2::EIPAssociation':
        return this.firstVpc([props.NetworkInterfaceId, props.InstanceId]);
      case 'AWS::EC2::VolumeAttachment':
        return this.vpcOfValue(props.InstanceId);
      case 'AWS::EC2::VPNGatewayRoutePropagation': {
        const tables = props.RouteTableIds;
        return this.firstVpc(Array.isArray(tables) ? tables : [tables]);
      }
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        const mappings = Array.isArray(props.SubnetMappings) ? props.SubnetMappings.map((m) => (isRecord(m) ? m.SubnetId : undefined)) : [];
        const subnets = Array.isArray(props.Subnets) ? props.Subnets : [];
        return this.firstVpc([...subnets, ...mappings], props.SecurityGroups);
      }
    }
    const vpcPath = VPC_PROPERTY[resource.type];
    if (vpcPath) return this.vpcOfValue(valueAt(props, vpcPath));
    const subnetPath = SUBNET_PROPERTY[resource.type];
    const sgPath = SECURITY_GROUP_PROPERTY[resource.type];
    if (subnetPath || sgPath) {
      const subnets = subnetPath ? valueAt(props, subnetPath) : undefined;
      return this.firstVpc(Array.isArray(subnets) ? subnets : [subnets], sgPath ? valueAt(props, sgPath) : undefined);
    }
    return { kind: 'none' };
  }

  /** The first VPC found among candidate values; an unresolved value is reported if nothing resolves. */
  private firstVpc(candidates: readonly unknown[], securityGroups?: unknown): VpcResolution {
    let fallback: VpcResolution = { kind: 'none' };
    const groups = Array.isArray(securityGroups) ? securityGroups : securityGroups === undefined ? [] : [securityGroups];
    for (const candidate of [...candidates, ...groups]) {
      if (candidate === undefined) continue;
      const found = this.vpcOfValue(candidate);
      if (found.kind === 'vpc' || found.kind === 'literal') return found;
      if (found.kind === 'external' && fallback.kind === 'none') fallback = found;
    }
    return fallback;
  }

  /** The zone of the VPC a resource is in, or why it is unknown. */
  zoneOf(resource: TemplateResource): ZoneResolution {
    const cached = this.zoneCache.get(resource);
    if (cached) return cached;
    const result = zoneOfVpc(this.vpcOf(resource));
    this.zoneCache.set(resource, result);
    return result;
  }

  /** The zone of a value that leads to a VPC (VpcId, SubnetId, …). */
  zoneOfValue(value: unknown): ZoneResolution {
    return zoneOfVpc(this.vpcOfValue(value));
  }

  /** Resources (of the given types) whose properties refer to `target`, in this and other checked templates. */
  referrersOf(target: TemplateResource, ...types: string[]): readonly Located[] {
    this.model.ensureReferrers();
    const all = this.referrers.get(target.logicalId) ?? [];
    return types.length === 0 ? all : all.filter((located) => types.includes(located.resource.type));
  }

  /** Collects, in one walk of the properties, which resources each resource refers to. */
  collectReferences(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const resource of this.resources.values()) {
      const targets = new Set<string>();
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) {
          for (const item of value) visit(item);
          return;
        }
        if (!isRecord(value)) return;
        const fn = intrinsicName(value);
        if (fn === 'Ref' && typeof value.Ref === 'string') targets.add(value.Ref);
        else if (fn === 'Fn::GetAtt') {
          const arg = value['Fn::GetAtt'];
          const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? splitOnce(arg, '.')[0] : undefined;
          if (typeof target === 'string') targets.add(target);
        } else if (fn === 'Fn::Sub') {
          const arg = value['Fn::Sub'];
          const text = Array.isArray(arg) ? arg[0] : arg;
          if (typeof text === 'string') for (const match of text.matchAll(/\$\{([^}!.]+)/g)) targets.add(match[1]);
        } else if (fn === 'Fn::ImportValue') {
          const name = this.literalString(value['Fn::ImportValue']);
          if (name !== undefined) this.imports.push({ from: resource, name });
        }
        for (const child of Object.values(value)) visit(child);
      };
      visit(resource.properties);
      out.set(resource.logicalId, targets);
    }
    return out;
  }
}

function zoneOfVpc(vpc: VpcResolution): ZoneResolution {
  switch (vpc.kind) {
    case 'none':
      return { known: false, unresolved: false, why: 'it is not in a VPC' };
    case 'external':
      return { known: false, unresolved: true, why: `its VPC comes from ${vpc.why}` };
    case 'literal':
      return { known: false, unresolved: true, why: `its VPC ${vpc.id} is not in the checked templates` };
    case 'vpc': {
      const tag = vpc.vpc.index.tags(vpc.vpc.resource).get(TAG_KEYS.zone);
      const literal = vpc.vpc.index.literalString(tag);
      const zone = parseZone(literal);
      if (zone) return { known: true, zone, vpc: vpc.vpc };
      if (tag !== undefined && literal === undefined) {
        return {
          known: false,
          unresolved: true,
          why: `the ${TAG_KEYS.zone} tag of VPC ${vpc.vpc.resource.logicalId} is not a literal`,
          vpc: vpc.vpc,
        };
      }
      return { known: false, unresolved: false, why: `VPC ${vpc.vpc.resource.logicalId} has no valid ${TAG_KEYS.zone} tag`, vpc: vpc.vpc };
    }
  }
}

/** True when both name the same resource of the same template (a variant of a resource is the resource). */
export function sameResource(a: Located, b: Located): boolean {
  return a.index === b.index && a.resource.logicalId === b.resource.logicalId;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
