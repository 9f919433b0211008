import { intrinsicName, Located, TemplateIndex, ZoneResolution } from './template-index';
import { TemplateModel } from './template-model';
import { possibleValues } from './values';

export interface TransitGatewayAttachment {
  readonly attachment: Located;
  readonly zone: ZoneResolution;
  /** True when the attachment names the gateway only through a parameter of the same name (the same gateway if given the same value). */
  readonly uncertain?: boolean;
}

/** A key naming one Transit Gateway across templates: the resource, or its literal id. */
export function transitGatewayKey(index: TemplateIndex, value: unknown): string | undefined {
  return transitGatewayKeys(index, value).find((k) => !k.uncertain)?.key;
}

/**
 * Every key a TransitGatewayId can name, over its possible values (parameter defaults and
 * allowed values, condition branches): the resource, a literal id, an import of a stack not
 * checked (`import:<name>`, the same gateway for every template importing it), or a parameter
 * without a value (`parameter:<name>`, uncertain: templates sharing a gateway often take it as
 * a parameter of the same name).
 */
export function transitGatewayKeys(index: TemplateIndex, value: unknown): { key: string; uncertain: boolean }[] {
  const out = new Map<string, boolean>();
  for (const candidate of possibleValues(index, value)) {
    const ref = index.follow(candidate.value);
    if (ref.kind === 'resource') out.set(`${ref.index.key}#${ref.resource.logicalId}`, false);
    else if (ref.kind === 'literal') out.set(String(ref.value), false);
    else if (ref.kind === 'external') {
      const fn = intrinsicName(candidate.value);
      const arg = fn ? (candidate.value as Record<string, unknown>)[fn] : undefined;
      const name = fn === 'Fn::ImportValue' ? index.literalString(arg) : undefined;
      if (name !== undefined) out.set(`import:${name}`, false);
      else if (fn === 'Ref' && typeof arg === 'string' && index.parameters.has(arg)) out.set(`parameter:${arg}`, true);
    }
  }
  return [...out].map(([key, uncertain]) => ({ key, uncertain }));
}

/** Every VPC attachment of every Transit Gateway in the run, grouped by gateway key (built once per run). */
export function attachmentsByGateway(run: TemplateModel): Map<string, TransitGatewayAttachment[]> {
  return run.memoize('tgw-attachments', () => {
    const out = new Map<string, TransitGatewayAttachment[]>();
    for (const type of ['AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment']) {
      for (const attachment of run.ofType(type)) {
        const zone = attachment.index.zoneOf(attachment.resource);
        for (const { key, uncertain } of transitGatewayKeys(attachment.index, attachment.resource.properties.TransitGatewayId)) {
          let list = out.get(key);
          if (!list) out.set(key, (list = []));
          list.push({ attachment, zone, ...(uncertain ? { uncertain } : {}) });
        }
      }
    }
    return out;
  });
}
