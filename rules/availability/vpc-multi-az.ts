import { sourceJa } from '../../lib/template/why-ja';
import { compliant, localized, nonCompliant, Problem, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord, TemplateIndex } from '../../lib/template/template-index';

/** A key naming the Availability Zone of a subnet, or why it cannot be told. */
function zoneKey(index: TemplateIndex, props: Readonly<Record<string, unknown>>): { key?: string; why?: string } {
  const value = props.AvailabilityZone ?? props.AvailabilityZoneId;
  if (value === undefined) return { why: 'sets no AvailabilityZone (AWS picks one)' };
  const literal = index.literalString(value);
  if (literal !== undefined) return { key: literal };
  const select = isRecord(value) ? value['Fn::Select'] : undefined;
  if (
    Array.isArray(select) &&
    isRecord(select[1]) &&
    select[1]['Fn::GetAZs'] !== undefined &&
    index.literalString(select[0]) !== undefined
  ) {
    return { key: `GetAZs[${index.literalString(select[0])}]` };
  }
  const ref = index.follow(value);
  return { why: ref.kind === 'external' ? `takes its AvailabilityZone from ${ref.why}` : 'has an AvailabilityZone that is not a literal' };
}

/** Japanese of why a subnet's Availability Zone cannot be read. */
function azWhyJa(why: string): string {
  const from = /^takes its AvailabilityZone from (.*)$/s.exec(why);
  return from ? `AvailabilityZone を${sourceJa(from[1])}から取る` : 'リテラルでない AvailabilityZone を持つ';
}

/** Control 41: a VPC spreads its subnets over at least two Availability Zones. */
export const vpcMultiAz = resourceRule(['AWS::EC2::VPC'], (vpc, index) => {
  const self = { resource: vpc, index };
  const subnets = index.referrersOf(vpc, 'AWS::EC2::Subnet').filter((s) => s.index.refersTo(s.resource.properties.VpcId, self));
  if (subnets.length === 0)
    return nonCompliant(localized('the VPC has no subnets in the template', 'テンプレートに VPC のサブネットがない'));
  const zones = new Set<string>();
  const unknown: Problem[] = [];
  for (const subnet of subnets) {
    const { key, why } = zoneKey(subnet.index, subnet.resource.properties);
    if (key !== undefined) zones.add(key);
    else
      unknown.push(
        localized(`subnet ${subnet.resource.logicalId} ${why}`, `サブネット ${subnet.resource.logicalId} は${azWhyJa(why ?? '')}`),
      );
  }
  if (zones.size >= 2) return compliant();
  if (unknown.length > 0) return unverifiable(...unknown);
  return nonCompliant(
    localized(
      `all ${subnets.length} subnets are in one Availability Zone (${[...zones].join(', ')})`,
      `${subnets.length} 個のサブネットがすべて一つのアベイラビリティーゾーン（${[...zones].join('、')}）にある`,
    ),
  );
});
