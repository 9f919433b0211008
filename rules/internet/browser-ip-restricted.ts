import { zoneTextJa } from '../../lib/template/network';
import { Zone } from '../../lib/policy';
import { parseIpv4Cidr } from '../../lib/private/cidr';
import { zoneText } from '../../lib/template/network';
import { isRecord } from '../../lib/template/template-index';
import { compliant, localized, nonCompliant, notApplicable, Problem, unverifiable } from '../outcome';
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
  if (!zone.known)
    return zone.unresolved
      ? unverifiable(localized(`the portal has ${zoneText(zone)}`, `ポータルが${zoneTextJa(zone)}にある`))
      : notApplicable();
  if (zone.zone !== Zone.INTERNET) return notApplicable();
  const arn = portal.properties.IpAccessSettingsArn;
  if (arn === undefined)
    return nonCompliant(
      localized(
        'IpAccessSettingsArn is not set, so the portal admits any address',
        'IpAccessSettingsArn が設定されていないため、ポータルはどのアドレスも受け入れる',
      ),
    );
  const settings = index.resourceOf(arn, 'AWS::WorkSpacesWeb::IpAccessSettings');
  if (!settings)
    return unverifiable(
      localized(
        'IpAccessSettingsArn leads to IP access settings outside the checked templates',
        'IpAccessSettingsArn が検査したテンプレートの外の IP アクセス設定を指している',
      ),
    );
  const rules = settings.resource.properties.IpRules;
  if (!Array.isArray(rules))
    return unverifiable(
      localized(
        `IpRules of ${settings.resource.logicalId} is not a literal list`,
        `${settings.resource.logicalId} の IpRules がリテラルのリストではない`,
      ),
    );
  if (rules.length === 0)
    return nonCompliant(localized(`${settings.resource.logicalId} has no IpRules`, `${settings.resource.logicalId} に IpRules がない`));
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  for (const rule of rules) {
    const range = isRecord(rule) ? rule.IpRange : undefined;
    if (typeof range !== 'string') {
      unresolved.push(
        localized(
          `an IpRange of ${settings.resource.logicalId} is not a literal`,
          `${settings.resource.logicalId} の IpRange にリテラルでないものがある`,
        ),
      );
      continue;
    }
    if (range.includes(':')) {
      // IPv6: a block shorter than a /32 is more than one organization's allocation.
      const prefix = range.includes('/') ? Number(range.split('/')[1]) : 128;
      if (prefix < 32)
        problems.push(
          localized(
            `IpRange '${range}' admits a /${prefix}, more than the LGWAN side's egress`,
            `IpRange '${range}' が /${prefix} を受け入れ、LGWAN側の送信元より広い`,
          ),
        );
      continue;
    }
    const parsed = parseIpv4Cidr(range.includes('/') ? range : `${range}/32`);
    if (typeof parsed === 'string') problems.push(localized(`IpRange ${parsed}`, `IpRange：${parsed}`));
    else if (parsed.prefix < MIN_SOURCE_PREFIX)
      problems.push(
        localized(
          `IpRange '${range}' admits a /${parsed.prefix}, more than the LGWAN side's egress`,
          `IpRange '${range}' が /${parsed.prefix} を受け入れ、LGWAN側の送信元より広い`,
        ),
      );
  }
  if (problems.length > 0) return nonCompliant(...problems);
  return unresolved.length > 0 ? unverifiable(...unresolved) : compliant();
});
