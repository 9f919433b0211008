import { zoneTextJa } from '../../lib/template/network';
import { Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { isRecord } from '../../lib/template/template-index';
import { compliant, localized, nonCompliant, notApplicable, Problem, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { zoneOfTerminal } from '../../lib/template/zones';
import { zoneDeclared } from '../../lib/template/zones';

/**
 * Control 14: an AppStream 2.0 stack of the My Number zone admits streaming only through an
 * interface endpoint in the zone (AccessEndpoints, EndpointType STREAMING). Without one, users
 * stream over the internet from any device that has the streaming URL.
 */
export const myNumberTerminalPrivateStreaming = resourceRule(['AWS::AppStream::Stack'], (stack, index) => {
  const zone = zoneOfTerminal(stack, index);
  if (!zone.known)
    return zone.unresolved && zoneDeclared(index, Zone.MY_NUMBER)
      ? unverifiable(localized(`the stack has ${zoneText(zone)}`, `スタックが${zoneTextJa(zone)}にある`))
      : notApplicable();
  if (zone.zone !== Zone.MY_NUMBER) return notApplicable();
  const endpoints = Array.isArray(stack.properties.AccessEndpoints) ? stack.properties.AccessEndpoints : [];
  const streaming = endpoints.filter((e) => isRecord(e) && e.EndpointType === 'STREAMING');
  if (streaming.length === 0) {
    return nonCompliant(
      localized(
        'AccessEndpoints has no STREAMING endpoint, so users stream over the internet, not through the zone',
        'AccessEndpoints に STREAMING のエンドポイントがないため、利用者は領域を経由せずインターネット経由でストリーミングする',
      ),
    );
  }
  const unknown: Problem[] = [];
  const elsewhere: Problem[] = [];
  for (const access of streaming) {
    const vpceId = (access as Record<string, unknown>).VpceId;
    const endpoint = index.resourceOf(vpceId, 'AWS::EC2::VPCEndpoint');
    if (!endpoint) {
      unknown.push(
        localized(
          `VpceId ${JSON.stringify(vpceId)} is not a VPC endpoint of the checked templates`,
          `VpceId ${JSON.stringify(vpceId)} は検査したテンプレートの VPC エンドポイントではない`,
        ),
      );
      continue;
    }
    const where = endpoint.index.zoneOf(endpoint.resource);
    if (where.known && where.zone === Zone.MY_NUMBER) return compliant();
    if (where.known)
      elsewhere.push(
        localized(
          `STREAMING endpoint ${endpoint.resource.logicalId} is in the ${where.zone} zone`,
          `STREAMING エンドポイント ${endpoint.resource.logicalId} は領域 ${where.zone} にある`,
        ),
      );
    else
      unknown.push(
        localized(
          `STREAMING endpoint ${endpoint.resource.logicalId} has ${zoneText(where)}`,
          `STREAMING エンドポイント ${endpoint.resource.logicalId} は${zoneTextJa(where)}にある`,
        ),
      );
  }
  if (elsewhere.length > 0 && unknown.length === 0) return nonCompliant(...elsewhere);
  return unverifiable(...elsewhere, ...unknown);
});
