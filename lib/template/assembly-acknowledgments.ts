import type { MetadataEntry } from './assembly';
import { isRecord } from './template-index';

/** An acknowledgment as the engine reads it from `Metadata.lgsec.acknowledgments`. */
interface TemplateAcknowledgment {
  readonly id: string;
  readonly reason: string;
  readonly madeAt: string;
}

const LGSEC_ID = /^(LGSEC::)?LGSEC-/;
/** `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, spelled out so the CLI does not load aws-cdk-lib to read a manifest. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/**
 * Acknowledgments made in code with `Validations.of(c).acknowledge` are kept in the cloud
 * assembly's stack metadata (keyed by construct path), whether or not the app ran our pack. This
 * copies those of the lgsec pack into the in-memory template, onto every resource at or below
 * the construct where each was made (or onto the template, for one made on the stack), so that
 * `lgsec check cdk.out` honours them as the synth did. Entries the pack already wrote into the
 * template (same rule, same place) are not repeated.
 */
export function addAssemblyAcknowledgments(
  template: Record<string, unknown>,
  metadata: Readonly<Record<string, readonly MetadataEntry[]>>,
): void {
  const acknowledgments: { path: string; id: string; reason: string }[] = [];
  const logicalIds: { path: string; logicalId: string }[] = [];
  let stackPath: string | undefined;
  for (const [path, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') logicalIds.push({ path, logicalId: entry.data });
      if (entry.type === 'aws:cdk:templateFile') stackPath = path;
      if (entry.type === ACKNOWLEDGED_RULES && isRecord(entry.data)) {
        for (const [id, reason] of Object.entries(entry.data)) {
          if (LGSEC_ID.test(id) && typeof reason === 'string') acknowledgments.push({ path, id: id.replace(/^LGSEC::/, ''), reason });
        }
      }
    }
  }
  if (acknowledgments.length === 0) return;

  const resources = isRecord(template.Resources) ? template.Resources : {};
  for (const ack of acknowledgments) {
    const written: TemplateAcknowledgment = { id: ack.id, reason: ack.reason, madeAt: ack.path.replace(/^\//, '') };
    if (ack.path === stackPath) {
      addTo(template, written);
      continue;
    }
    for (const { path, logicalId } of logicalIds) {
      const resource = resources[logicalId];
      if ((path === ack.path || path.startsWith(`${ack.path}/`)) && isRecord(resource)) addTo(resource, written);
    }
  }
}

/** Adds one acknowledgment to the `Metadata.lgsec.acknowledgments` of a resource or template. */
function addTo(owner: Record<string, unknown>, ack: TemplateAcknowledgment): void {
  const metadata = isRecord(owner.Metadata) ? owner.Metadata : (owner.Metadata = {});
  const lgsec = isRecord(metadata.lgsec) ? metadata.lgsec : (metadata.lgsec = {});
  const list = Array.isArray(lgsec.acknowledgments) ? lgsec.acknowledgments : (lgsec.acknowledgments = []);
  const present = list.some((entry: unknown) => isRecord(entry) && entry.id === ack.id && entry.madeAt === ack.madeAt);
  if (!present) list.push(ack);
}
