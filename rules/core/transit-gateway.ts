import { Located, RunIndex, TemplateIndex, ZoneResolution } from './template-index';

export interface TransitGatewayAttachment { readonly attachment: Located; readonly zone: ZoneResolution }

/** A key naming one Transit Gateway across templates: the resource, or its literal id. */
export function transitGatewayKey(index: TemplateIndex, value: unknown): string | undefined {
  const ref = index.follow(value);
  if (ref.kind === 'resource') return `${ref.index.key}#${ref.resource.logicalId}`;
  if (ref.kind === 'literal') return String(ref.value);
  return undefined;
}

/** Every VPC attachment of every Transit Gateway in the run, grouped by gateway (built once per run). */
export function attachmentsByGateway(run: RunIndex): Map<string, TransitGatewayAttachment[]> {
  return run.memoize('tgw-attachments', () => {
    const out = new Map<string, TransitGatewayAttachment[]>();
    for (const type of ['AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment']) {
      for (const attachment of run.ofType(type)) {
        const key = transitGatewayKey(attachment.index, attachment.resource.properties.TransitGatewayId);
        if (key === undefined) continue;
        let list = out.get(key);
        if (!list) out.set(key, (list = []));
        list.push({ attachment, zone: attachment.index.zoneOf(attachment.resource) });
      }
    }
    return out;
  });
}
