import { CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isRecord } from '../../lib/template/template-index';
import { PACK_NAME, unqualifiedRuleId } from '../../lib/template/acknowledgments';
import { codeExceptionFields, ExceptionFields } from '../../lib/private/exception-fields';

/** One acknowledgment as written into a template's `Metadata.lgsec.acknowledgments`. */
interface WrittenAcknowledgment extends ExceptionFields {
  readonly id: string;
  readonly reason: string;
  readonly madeAt: string;
}

/** The lgsec acknowledgments recorded on one construct by `Validations.of(c).acknowledge`. */
function ownAcknowledgments(scope: IConstruct): WrittenAcknowledgment[] {
  const out: WrittenAcknowledgment[] = [];
  const fields = codeExceptionFields(scope);
  for (const entry of scope.node.metadata) {
    if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isRecord(entry.data)) continue;
    for (const [id, reason] of Object.entries(entry.data)) {
      const ruleId = unqualifiedRuleId(id);
      if (ruleId.startsWith(`${PACK_NAME}-`))
        out.push({ id: ruleId, reason: String(reason), madeAt: scope.node.path || '/', ...fields.get(ruleId) });
    }
  }
  return out;
}

/** Adds acknowledgments to the `lgsec` metadata a resource or template may already carry. */
function merge(existing: unknown, added: readonly WrittenAcknowledgment[]): Record<string, unknown> {
  const lgsec = isRecord(existing) ? existing : {};
  const list = Array.isArray(lgsec.acknowledgments) ? lgsec.acknowledgments : [];
  return { ...lgsec, acknowledgments: [...list, ...added] };
}

/**
 * Writes acknowledgments made in code into the synthesized templates as
 * `Metadata.lgsec.acknowledgments` (`{ id, reason, madeAt }`): on each resource for those made
 * on it or a construct between it and its stack, on the template for those made on the stack
 * or above. `lgsec check cdk.out` then honours them like the synth did.
 */
export class WriteAcknowledgmentsToTemplates implements IAspect {
  visit(node: IConstruct): void {
    if (Stack.isStack(node)) {
      const above: WrittenAcknowledgment[] = [];
      for (let scope: IConstruct | undefined = node; scope; scope = scope.node.scope) above.push(...ownAcknowledgments(scope));
      if (above.length === 0) return;
      const metadata = node.templateOptions.metadata ?? {};
      node.templateOptions.metadata = { ...metadata, lgsec: merge(metadata.lgsec, above) };
      return;
    }
    if (!CfnResource.isCfnResource(node)) return;
    const stack = Stack.of(node);
    const found: WrittenAcknowledgment[] = [];
    for (let scope: IConstruct | undefined = node; scope && scope !== stack; scope = scope.node.scope)
      found.push(...ownAcknowledgments(scope));
    if (found.length === 0) return;
    node.addMetadata('lgsec', merge(node.getMetadata('lgsec'), found));
  }
}
