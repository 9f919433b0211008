import { compliant, localized, nonCompliant, Problem, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

const DROP_DEFAULTS = /^aws:drop_(strict|established)(_app_layer)?$/;
const FORWARD = 'aws:forward_to_sfe';

/**
 * Control 20: a Network Firewall policy evaluates stateful rules in STRICT_ORDER with a drop
 * default, and forwards stateless traffic (and fragments) to the stateful engine.
 */
export const firewallPolicyStrict = resourceRule(['AWS::NetworkFirewall::FirewallPolicy'], (policy, index) => {
  const body = policy.properties.FirewallPolicy;
  if (!isRecord(body))
    return unverifiable(localized('FirewallPolicy is not a literal object', 'FirewallPolicy がリテラルのオブジェクトではない'));
  const problems: Problem[] = [];
  const order = isRecord(body.StatefulEngineOptions) ? index.literalString(body.StatefulEngineOptions.RuleOrder) : undefined;
  if (order !== 'STRICT_ORDER')
    problems.push(
      localized(
        `StatefulEngineOptions.RuleOrder is ${order ? `'${order}'` : 'not set (DEFAULT_ACTION_ORDER)'}, not STRICT_ORDER`,
        `StatefulEngineOptions.RuleOrder が STRICT_ORDER ではなく ${order ? `'${order}'` : '未設定（DEFAULT_ACTION_ORDER）'} である`,
      ),
    );
  const stateful = Array.isArray(body.StatefulDefaultActions) ? body.StatefulDefaultActions : [];
  if (!stateful.some((action) => typeof action === 'string' && DROP_DEFAULTS.test(action))) {
    problems.push(
      localized(
        `StatefulDefaultActions (${JSON.stringify(stateful)}) has no drop default (aws:drop_strict or aws:drop_established)`,
        `StatefulDefaultActions（${JSON.stringify(stateful)}）に既定のドロップ（aws:drop_strict 又は aws:drop_established）がない`,
      ),
    );
  }
  for (const key of ['StatelessDefaultActions', 'StatelessFragmentDefaultActions']) {
    const actions = Array.isArray(body[key]) ? (body[key] as unknown[]) : [];
    if (!actions.includes(FORWARD))
      problems.push(
        localized(
          `${key} (${JSON.stringify(actions)}) does not forward to the stateful engine (${FORWARD})`,
          `${key}（${JSON.stringify(actions)}）がステートフルエンジンに転送しない（${FORWARD}）`,
        ),
      );
  }
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
