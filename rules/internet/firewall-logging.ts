import { compliant, localized, nonCompliant } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

/** Control 21: a Network Firewall logs both ALERT and FLOW. */
export const firewallLogging = resourceRule(['AWS::NetworkFirewall::Firewall'], (firewall, index) => {
  const self = { resource: firewall, index };
  const types = new Set<string>();
  for (const config of index.referrersOf(firewall, 'AWS::NetworkFirewall::LoggingConfiguration')) {
    if (!config.index.refersTo(config.resource.properties.FirewallArn, self)) continue;
    const logging = config.resource.properties.LoggingConfiguration;
    const destinations = isRecord(logging) && Array.isArray(logging.LogDestinationConfigs) ? logging.LogDestinationConfigs : [];
    for (const destination of destinations)
      if (isRecord(destination) && typeof destination.LogType === 'string') types.add(destination.LogType);
  }
  const missing = ['ALERT', 'FLOW'].filter((type) => !types.has(type));
  if (missing.length === 0) return compliant();
  return nonCompliant(
    types.size === 0
      ? localized(
          'no AWS::NetworkFirewall::LoggingConfiguration refers to the firewall',
          'ファイアウォールを参照する AWS::NetworkFirewall::LoggingConfiguration がない',
        )
      : localized(
          `no ${missing.join(' or ')} log destination in its LoggingConfiguration`,
          `LoggingConfiguration に ${missing.join(' 又は ')} のログの出力先がない`,
        ),
  );
});
