import { isSanitizingTransfer } from '../../lib/template/iam';
import { routeDestination, routeTarget, RouteTarget } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord, Located, TemplateIndex } from '../../lib/template/template-index';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Route targets that lead out of the subnet's VPC: anything but local routes and VPC endpoints. */
const OPEN_TARGETS: ReadonlySet<RouteTarget> = new Set<RouteTarget>([
  'internet-gateway',
  'egress-only-internet-gateway',
  'nat-gateway',
  'vpn-gateway',
  'transit-gateway',
  'peering',
  'carrier-gateway',
  'local-gateway',
  'core-network',
  'unknown-gateway',
]);

/** Egress problems of one security group: a world destination, or no egress list at all (CloudFormation then allows all). */
function securityGroupProblems(group: Located): Problem[] {
  const { resource, index } = group;
  const problems: Problem[] = [];
  const inline = resource.properties.SecurityGroupEgress;
  if (inline === undefined) {
    problems.push(
      localized(
        `security group ${resource.logicalId} lists no egress rules, so CloudFormation leaves its allow-all egress`,
        `セキュリティグループ ${resource.logicalId} が送信ルールを列挙していないため、CloudFormation はすべて許可の送信を残す`,
      ),
    );
  }
  const rules = [
    ...list(inline)
      .filter(isRecord)
      .map((properties) => ({ properties, where: `${resource.logicalId} SecurityGroupEgress` })),
    ...index
      .referrersOf(resource, 'AWS::EC2::SecurityGroupEgress')
      .filter((ref) => ref.index.refersTo(ref.resource.properties.GroupId, group))
      .map((ref) => ({ properties: ref.resource.properties, where: `rule ${ref.resource.logicalId}` })),
  ];
  for (const { properties, where } of rules) {
    for (const key of ['CidrIp', 'CidrIpv6']) {
      const text = index.literalString(properties[key]);
      if (text === '0.0.0.0/0' || text === '::/0')
        problems.push(localized(`${where} allows egress to ${text}`, `${where} が ${text} への送信を許している`));
    }
  }
  return problems;
}

/** Routes out of the VPC in the route tables of a subnet (and VPN route propagation into them). */
function subnetProblems(subnet: Located): Problem[] {
  const problems: Problem[] = [];
  const tables = subnet.index
    .referrersOf(subnet.resource, 'AWS::EC2::SubnetRouteTableAssociation')
    .filter((ref) => ref.index.refersTo(ref.resource.properties.SubnetId, subnet))
    .map((ref) => ref.index.resourceOf(ref.resource.properties.RouteTableId, 'AWS::EC2::RouteTable'))
    .filter((table): table is Located => table !== undefined);
  if (tables.length === 0) {
    return [
      localized(
        `subnet ${subnet.resource.logicalId} has no route table association in the template (it uses the VPC's main route table, whose routes are not known)`,
        `サブネット ${subnet.resource.logicalId} にテンプレート内のルートテーブルの関連付けがない（経路の分からない VPC のメインルートテーブルを使う）`,
      ),
    ];
  }
  for (const table of tables) {
    for (const ref of table.index.referrersOf(table.resource, 'AWS::EC2::Route', 'AWS::EC2::VPNGatewayRoutePropagation')) {
      if (ref.resource.type === 'AWS::EC2::VPNGatewayRoutePropagation') {
        if (list(ref.resource.properties.RouteTableIds).some((id) => ref.index.refersTo(id, table))) {
          problems.push(
            localized(
              `route table ${table.resource.logicalId} of subnet ${subnet.resource.logicalId} receives VPN routes (${ref.resource.logicalId})`,
              `サブネット ${subnet.resource.logicalId} のルートテーブル ${table.resource.logicalId} が VPN の経路を受け取る（${ref.resource.logicalId}）`,
            ),
          );
        }
        continue;
      }
      if (!ref.index.refersTo(ref.resource.properties.RouteTableId, table)) continue;
      const { target } = routeTarget(ref.resource, ref.index);
      if (OPEN_TARGETS.has(target)) {
        problems.push(
          localized(
            `route ${ref.resource.logicalId} of subnet ${subnet.resource.logicalId} sends ${routeDestination(ref.resource, ref.index)} to a ${target}`,
            `サブネット ${subnet.resource.logicalId} の経路 ${ref.resource.logicalId} が ${routeDestination(ref.resource, ref.index)} を ${target} に送る`,
          ),
        );
      }
    }
  }
  return problems;
}

function subnetsAndGroups(
  fn: TemplateIndex,
  vpcConfig: Record<string, unknown>,
): { subnets: Located[]; groups: Located[]; unresolved: Problem[] } {
  const unresolved: Problem[] = [];
  const pick = (values: unknown, type: string, what: string, whatJa: string): Located[] =>
    list(values).flatMap((value) => {
      const found = fn.resourceOf(value, type);
      if (!found) unresolved.push(localized(`a ${what} that is not in the checked templates`, `検査したテンプレートにない${whatJa}`));
      return found ? [found] : [];
    });
  return {
    subnets: pick(vpcConfig.SubnetIds, 'AWS::EC2::Subnet', 'subnet', 'サブネット'),
    groups: pick(vpcConfig.SecurityGroupIds, 'AWS::EC2::SecurityGroup', 'security group', 'セキュリティグループ'),
    unresolved,
  };
}

/**
 * The function that parses files from the internet zone (tagged
 * `lgsec:purpose=sanitizing-transfer`) is the first thing a hostile file runs against: it runs in
 * a VPC, its security groups have no egress to the world (and an explicit egress list), and its
 * subnets route nowhere outside the VPC (no Internet, NAT, VPN or Transit Gateway, no
 * peering, no VPN route propagation): only VPC endpoints remain.
 */
export const sanitizerEgress = resourceRule(['AWS::Lambda::Function'], (fn, index) => {
  if (!isSanitizingTransfer(fn, index)) return notApplicable();
  const vpcConfig = fn.properties.VpcConfig;
  if (!isRecord(vpcConfig) || vpcConfig.SubnetIds === undefined) {
    return nonCompliant(
      localized(
        'the function has no VpcConfig: it runs outside any VPC, with open internet egress',
        '関数に VpcConfig がない：どの VPC の外でも、インターネットへの送信が開いた状態で動く',
      ),
    );
  }
  const { subnets, groups, unresolved } = subnetsAndGroups(index, vpcConfig);
  if (list(vpcConfig.SecurityGroupIds).length === 0)
    return nonCompliant(localized('VpcConfig has no security group', 'VpcConfig にセキュリティグループがない'));
  const problems = [...groups.flatMap(securityGroupProblems), ...subnets.flatMap(subnetProblems)];
  return problems.length > 0 || unresolved.length > 0 ? outcomeOf(problems, unresolved) : compliant();
});
