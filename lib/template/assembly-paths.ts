import type { MetadataEntry } from './assembly';
import { isRecord } from './template-index';

/** The template metadata key CDK writes a resource's construct path under. */
const CDK_PATH = 'aws:cdk:path';

/**
 * Gives every resource of an assembly's template the construct path CDK recorded for it in the
 * stack metadata (`aws:cdk:logicalId` entries, keyed by construct path), where the template has
 * none: an app synthesized without the CDK CLI (`app.synth()` in a script or a test) or with
 * `--no-path-metadata` writes no `aws:cdk:path` into its templates, and findings would otherwise
 * name resources by logical id only, unlike the report written at synthesis.
 */
export function addAssemblyConstructPaths(
  template: Record<string, unknown>,
  metadata: Readonly<Record<string, readonly MetadataEntry[]>>,
): void {
  const resources = isRecord(template.Resources) ? template.Resources : undefined;
  if (!resources) return;
  for (const [path, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (entry.type !== 'aws:cdk:logicalId' || typeof entry.data !== 'string') continue;
      const resource = resources[entry.data];
      if (!isRecord(resource)) continue;
      const resourceMetadata = isRecord(resource.Metadata) ? resource.Metadata : (resource.Metadata = {});
      if (typeof resourceMetadata[CDK_PATH] !== 'string') resourceMetadata[CDK_PATH] = path.replace(/^\//, '');
    }
  }
}
