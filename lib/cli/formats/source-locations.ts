import * as fs from 'fs';
import * as path from 'path';

/** Where in the app's source a resource's construct was created. */
export interface SourceLocation {
  /** Absolute path of the source file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

type MetadataEntries = readonly { readonly type?: unknown; readonly data?: unknown; readonly trace?: unknown }[];

/** Manifest and metadata files are small next to templates; a bigger one is not CDK's. */
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

/**
 * The creation site of each resource of a template synthesized by CDK, by logical id, read from
 * the cloud assembly next to the template: the stack artifact's construct metadata (inline in
 * manifest.json, or its `additionalMetadataFile`) has, per construct path, the logical id
 * (`aws:cdk:logicalId`) and the creation stack (`aws:cdk:creationStack`, or the `trace` of older
 * CDK versions). The first frame outside node_modules is the app's line; a construct that a
 * library made (ours included) is located where the app created the library's construct.
 * Templates not in an assembly, or synthesized with stack traces off, have none.
 */
export function sourceLocationsOf(templateFile: string): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  try {
    const dir = path.dirname(templateFile);
    const manifest = readJson(path.join(dir, 'manifest.json'));
    const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
    for (const artifact of Object.values(artifacts)) {
      if (!isRecord(artifact) || !isRecord(artifact.properties) || artifact.properties.templateFile !== path.basename(templateFile))
        continue;
      const metadata: Record<string, unknown> = { ...(isRecord(artifact.metadata) ? artifact.metadata : {}) };
      if (typeof artifact.additionalMetadataFile === 'string') {
        const extra = readJson(path.join(dir, artifact.additionalMetadataFile));
        if (isRecord(extra)) Object.assign(metadata, extra);
      }
      for (const entries of Object.values(metadata)) {
        if (!Array.isArray(entries)) continue;
        const logicalId = (entries as MetadataEntries).find((entry) => entry.type === 'aws:cdk:logicalId');
        if (typeof logicalId?.data !== 'string') continue;
        const creation = (entries as MetadataEntries).find((entry) => entry.type === 'aws:cdk:creationStack');
        const location = firstAppFrame(creation?.data) ?? firstAppFrame(logicalId.trace);
        if (location) out.set(logicalId.data, location);
      }
    }
  } catch {
    // No assembly or unreadable metadata: results stay located in the template.
  }
  return out;
}

/** `<anonymous> (/app/bin/app.ts:9:16)`, `at new Stack (/app/lib/stack.ts:3:5)`, `at /app/x.js:1:2`. */
const FRAME = /(?:\(|\bat\s+|^)((?:[A-Za-z]:)?[^\s():][^():]*?):(\d+):(\d+)\)?\s*$/;

function firstAppFrame(frames: unknown): SourceLocation | undefined {
  if (!Array.isArray(frames)) return undefined;
  for (const frame of frames) {
    if (typeof frame !== 'string' || frame.trim().startsWith('...')) continue;
    const match = FRAME.exec(frame.trim());
    if (!match) continue;
    let file = match[1];
    if (file.startsWith('file://')) file = decodeURIComponent(file.slice('file://'.length));
    if (!path.isAbsolute(file) || file.startsWith('node:') || /[\\/]node_modules[\\/]/.test(file)) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

function readJson(file: string): unknown {
  if (!fs.existsSync(file) || fs.statSync(file).size > MAX_METADATA_BYTES) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf-8')) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
