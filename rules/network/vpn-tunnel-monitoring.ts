import { localized, notKnown, outcomeOf, Problem } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { isRecord, Located, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** True when a CloudWatch alarm of the checked templates watches the connection's TunnelState. */
function hasTunnelStateAlarm(connection: TemplateResource, index: TemplateIndex): boolean {
  const self: Located = { resource: connection, index };
  return index.referrersOf(connection, 'AWS::CloudWatch::Alarm').some(({ resource: alarm, index: alarmIndex }) => {
    const watches = (metricName: unknown, namespace: unknown, dimensions: unknown): boolean =>
      alarmIndex.literalString(metricName) === 'TunnelState' &&
      alarmIndex.literalString(namespace) === 'AWS/VPN' &&
      list(dimensions).some((d) => isRecord(d) && alarmIndex.literalString(d.Name) === 'VpnId' && alarmIndex.refersTo(d.Value, self));
    const props = alarm.properties;
    if (watches(props.MetricName, props.Namespace, props.Dimensions)) return true;
    return list(props.Metrics).some(
      (m) =>
        isRecord(m) &&
        watches(
          valueAt(m, 'MetricStat.Metric.MetricName'),
          valueAt(m, 'MetricStat.Metric.Namespace'),
          valueAt(m, 'MetricStat.Metric.Dimensions'),
        ),
    );
  });
}

/**
 * A Site-to-Site VPN configures both tunnels explicitly, each logging (IKE/IPsec negotiation,
 * dead peer detection) to CloudWatch Logs, and an alarm watches its TunnelState: a tunnel that
 * drops, or a link that is rebuilt elsewhere, is otherwise noticed by nobody and leaves no trace.
 */
export const vpnTunnelMonitoring = resourceRule(['AWS::EC2::VPNConnection'], (connection, index) => {
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  const tunnels = list(connection.properties.VpnTunnelOptionsSpecifications);
  if (tunnels.length < 2) {
    problems.push(
      localized(
        `VpnTunnelOptionsSpecifications configures ${tunnels.length} tunnel(s): configure both, so each gets strong algorithms and logs`,
        `VpnTunnelOptionsSpecifications が設定するトンネルは ${tunnels.length} 本である：両方を設定し、それぞれに強いアルゴリズムとログを与える`,
      ),
    );
  }
  tunnels.forEach((tunnel, position) => {
    const label = `VpnTunnelOptionsSpecifications[${position}]`;
    const options = valueAt(tunnel, 'LogOptions.CloudwatchLogOptions');
    const enabled = setting(index, valueAt(options, 'LogEnabled'));
    if (!enabled.known) unresolved.push(notKnown(`${label}.LogOptions.CloudwatchLogOptions.LogEnabled`, enabled.why));
    else if (enabled.text !== 'true')
      problems.push(
        localized(
          `${label}.LogOptions.CloudwatchLogOptions.LogEnabled is not true: the tunnel keeps no log`,
          `${label}.LogOptions.CloudwatchLogOptions.LogEnabled が true ではない：トンネルがログを残さない`,
        ),
      );
    else if (valueAt(options, 'LogGroupArn') === undefined)
      problems.push(
        localized(
          `${label}.LogOptions.CloudwatchLogOptions.LogGroupArn is not set`,
          `${label}.LogOptions.CloudwatchLogOptions.LogGroupArn が設定されていない`,
        ),
      );
  });
  if (!hasTunnelStateAlarm(connection, index)) {
    problems.push(
      localized(
        'no CloudWatch alarm watches its TunnelState (AWS/VPN, dimension VpnId): a tunnel that goes down tells nobody',
        'TunnelState（AWS/VPN、ディメンション VpnId）を監視する CloudWatch アラームがない：トンネルが停止してもだれにも伝わらない',
      ),
    );
  }
  return outcomeOf(problems, unresolved);
});
