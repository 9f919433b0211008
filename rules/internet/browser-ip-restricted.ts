import { Zone } from '../../lib/policy';
import { parseIpv4Cidr } from '../../lib/private/cidr';
import { zoneText } from '../../lib/template/network';
import { isRecord } from '../../lib/template/template-index';
import { compliant, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { zoneOfRemoteBrowser } from './remote-browser-zone';

/** Shortest prefix an admitted source block may have: a /0 to /7 is a large share of the internet. */
const MIN_SOURCE_PREFIX = 8;

/**
 * Control 43: a WorkSpaces Secure Browser portal of the internet zone admits only listed source
 * addresses (the LGWAN side's egress): it has IP access settings, with at least one rule, none of
 * them shorter than a /8 (or an IPv6 block).
 */
export const internetBrowserIpRestricted = resourceRule(['AWS::WorkSpacesWeb::Portal'], (portal, index) => {
  const zone = zoneOfRemoteBrowser(portal, index);
  if (!zone.known) return zone.unresolved ? unverifiable(`the portal has ${zoneText(zone)}`) : notApplicable();
  if (zone.zone !== Zone.INTERNET) return notApplicable();
  const arn = portal.properties.IpAccessSettingsArn;
  if (arn === undefined) return nonCompliant('IpAccessSettingsArn is not set, so the portal admits any address');
  const settings = index.resourceOf(arn, 'AWS::WorkSpacesWeb::IpAccessSettings');
  if (!settings) return unverifiable('IpAccessSettingsArn leads to IP access settings outside the checked templates');
  const rules = settings.resource.properties.IpRules;
  if (!Array.isArray(rules)) return unverifiable(`IpRules of ${settings.resource.logicalId} is not a literal list`);
  if (rules.length === 0) return nonCompliant(`${settings.resource.logicalId} has no IpRules`);
  const problems: string[] = [];
  const unresolved: string[] = [];
  for (const rule of rules) {
    const range = isRecord(rule) ? rule.IpRange : undefined;
    if (typeof range !== 'string') {
      unresolved.push(`an IpRange of ${settings.resource.logicalId} is not a literal`);
      continue;
    }
    if (range.includes(':')) {
      // IPv6: a block shorter than a /32 is more than one organization's allocation.
      const prefix = range.includes('/') ? Number(range.split('/')[1]) : 128;
      if (prefix < 32) problems.push(`IpRange '${range}' admits a /${prefix}, more than the LGWAN side's egress`);
      continue;
    }
    const parsed = parseIpv4Cidr(range.includes('/') ? range : `${range}/32`);
    if (typeof parsed === 'string') problems.push(`IpRange ${parsed}`);
    else if (parsed.prefix < MIN_SOURCE_PREFIX)
      problems.push(`IpRange '${range}' admits a /${parsed.prefix}, more than the LGWAN side's egress`);
  }
  if (problems.length > 0) return nonCompliant(...problems);
  return unresolved.length > 0 ? unverifiable(...unresolved) : compliant();
});
