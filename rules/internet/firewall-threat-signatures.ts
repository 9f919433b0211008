import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

/** ARN of an AWS-managed stateful threat-signature rule group (any variant, any region). */
const MANAGED_THREAT_SIGNATURES = /:network-firewall:[^:]*:aws-managed:stateful-rulegroup\/ThreatSignatures/i;

/**
 * A Network Firewall policy references at least one AWS-managed threat-signature rule group
 * (`ThreatSignatures…`): without one, the firewall only enforces the allowlist and sees no
 * known exploit, malware or command-and-control traffic inside what it allows.
 */
export const firewallThreatSignatures = resourceRule(['AWS::NetworkFirewall::FirewallPolicy'], (policy, index) => {
  const body = policy.properties.FirewallPolicy;
  if (!isRecord(body))
    return unverifiable(localized('FirewallPolicy is not a literal object', 'FirewallPolicy がリテラルのオブジェクトではない'));
  const references = Array.isArray(body.StatefulRuleGroupReferences) ? body.StatefulRuleGroupReferences : [];
  const arns = references.filter(isRecord).map((r) => index.literalString(r.ResourceArn));
  if (arns.some((arn) => arn !== undefined && MANAGED_THREAT_SIGNATURES.test(arn))) return compliant();
  return nonCompliant(
    localized(
      `StatefulRuleGroupReferences (${references.length}) has no AWS-managed threat-signature rule group (aws-managed:stateful-rulegroup/ThreatSignatures…)`,
      `StatefulRuleGroupReferences（${references.length} 件）に AWS マネージドの脅威シグネチャのルールグループ（aws-managed:stateful-rulegroup/ThreatSignatures…）がない`,
    ),
  );
});
