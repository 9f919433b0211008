import { zoneTextJa } from '../../lib/template/network';
import { TAG_KEYS, Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { setting } from '../../lib/template/values';
import { TemplateIndex, TemplateResource, valueAt, ZoneResolution } from '../../lib/template/template-index';
import { localized, notApplicable, notKnown, outcomeOf, Problem, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { zoneOfTerminal } from '../../lib/template/zones';
import { zoneDeclared } from '../../lib/template/zones';

/** A fleet's zone: its own tag or VPC, else the zone tag of a stack it streams for. */
function zoneOfFleet(fleet: TemplateResource, index: TemplateIndex): ZoneResolution {
  const own = zoneOfTerminal(fleet, index);
  if (own.known || own.unresolved) return own;
  for (const link of index.referrersOf(fleet, 'AWS::AppStream::StackFleetAssociation')) {
    const stack = link.index.resourceOf(link.resource.properties.StackName, 'AWS::AppStream::Stack');
    if (stack && stack.index.tagValue(stack.resource, TAG_KEYS.zone) === Zone.MY_NUMBER) return { known: true, zone: Zone.MY_NUMBER };
  }
  return own;
}

/**
 * Control 14: streaming instances of the My Number zone (AppStream 2.0 fleets and image builders)
 * run inside the zone's VPC and have no default internet access, which would give each instance
 * an internet path around the zone's closed network.
 */
export const myNumberTerminalFleetClosed = resourceRule(['AWS::AppStream::Fleet', 'AWS::AppStream::ImageBuilder'], (fleet, index) => {
  const zone = zoneOfFleet(fleet, index);
  if (!zone.known)
    return zone.unresolved && zoneDeclared(index, Zone.MY_NUMBER)
      ? unverifiable(localized(`the streaming instances have ${zoneText(zone)}`, `ストリーミングインスタンスが${zoneTextJa(zone)}にある`))
      : notApplicable();
  if (zone.zone !== Zone.MY_NUMBER) return notApplicable();
  const problems: Problem[] = [];
  const subnets = valueAt(fleet.properties, 'VpcConfig.SubnetIds');
  if (subnets === undefined || (Array.isArray(subnets) && subnets.length === 0)) {
    problems.push(
      localized(
        'VpcConfig.SubnetIds is not set, so the instances run outside the zone on a network AppStream manages',
        'VpcConfig.SubnetIds が設定されていないため、インスタンスは領域の外の AppStream が管理するネットワークで動く',
      ),
    );
  }
  const internet = setting(index, fleet.properties.EnableDefaultInternetAccess);
  if (internet.known && internet.text === 'true') {
    problems.push(
      localized(
        'EnableDefaultInternetAccess is true, which gives every instance a path to the internet',
        'EnableDefaultInternetAccess が true で、すべてのインスタンスにインターネットへの経路を与える',
      ),
    );
  }
  return outcomeOf(problems, internet.known ? [] : [notKnown('EnableDefaultInternetAccess', internet.why)]);
});
