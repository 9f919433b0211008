import * as fs from 'fs';
import * as path from 'path';
import { isRecord } from './template-index';

/** One entry of a stack artifact's construct metadata (`aws:cdk:logicalId`, acknowledged rules, …). */
export interface MetadataEntry {
  readonly type?: unknown;
  readonly data?: unknown;
}

/** A stack template of a cloud assembly: a stack artifact's, or a CDK nested stack's. */
export interface AssemblyStack {
  /** The stack artifact id; for a nested stack its construct path (as the rule pack names it). */
  readonly name: string;
  /** Absolute path of the template file. */
  readonly templateFile: string;
  /** The template file as the user would name it: below the folder they gave. */
  readonly displayPath: string;
  readonly region?: string;
  readonly account?: string;
  /** The deployed stack's name (`properties.stackName`), when the artifact names one. */
  readonly deployedName?: string;
  /** True for a CDK nested stack. */
  readonly nested: boolean;
  /**
   * The construct metadata of this stack's constructs (nested stacks' left to them), by construct
   * path: where acknowledgments made in code are recorded.
   */
  readonly metadata: Readonly<Record<string, readonly MetadataEntry[]>>;
}

/** A cloud assembly that cannot be read: the message names the file and says to synthesize again. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

export interface AssemblyReadOptions {
  /** Reads a text file (`display` is the name for messages). @default - fs.readFileSync as UTF-8 */
  readonly readText?: (file: string, display: string) => string;
}

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';
const TEMPLATE_FILE_METADATA = 'aws:cdk:templateFile';
/** Nested cloud assemblies deeper than this are a loop or a mistake. */
const MAX_ASSEMBLY_DEPTH = 16;

/**
 * Every stack template of the cloud assembly in `dir` (a folder with `manifest.json`, such as
 * `cdk.out`): each stack artifact's, the CDK nested stacks of each (found through the
 * `aws:cdk:templateFile` entries of its construct metadata), and those of nested assemblies (CDK
 * stages), in manifest order. `lgsec check`, `lgsec report` and the report written at synthesis
 * all read an assembly through this, so they see the same templates as the rule pack at synth.
 *
 * @throws AssemblyError for a manifest that cannot be read or does not describe an assembly
 */
export function readAssemblyStacks(dir: string, displayPath = dir, options: AssemblyReadOptions = {}): AssemblyStack[] {
  const readText =
    options.readText ??
    ((file: string, display: string) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new AssemblyError(`${display}: cannot be read (${(error as Error).message}); run 'cdk synth' again`);
      }
    });
  const out: AssemblyStack[] = [];
  visit(path.resolve(dir), displayPath, 0, new Set(), readText, out);
  return out;
}

function visit(
  directory: string,
  displayPath: string,
  depth: number,
  seen: Set<string>,
  readText: (file: string, display: string) => string,
  out: AssemblyStack[],
): void {
  if (depth > MAX_ASSEMBLY_DEPTH) {
    throw new AssemblyError(
      `${displayPath}: cloud assemblies are nested more than ${MAX_ASSEMBLY_DEPTH} deep; check the manifest for a loop`,
    );
  }
  if (seen.has(directory)) return;
  seen.add(directory);
  const manifestDisplay = joinDisplay(displayPath, 'manifest.json');
  for (const [artifactId, artifact] of Object.entries(readArtifacts(directory, manifestDisplay, readText))) {
    if (!isRecord(artifact)) continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === STACK_ARTIFACT) {
      if (typeof properties.templateFile !== 'string') {
        throw new AssemblyError(`${manifestDisplay}: stack artifact '${artifactId}' names no templateFile; run 'cdk synth' again`);
      }
      const environment = parseEnvironment(artifact.environment);
      const metadata = stackMetadata(directory, displayPath, artifact, readText);
      const nested = nestedStacks(metadata, properties.templateFile);
      const own = without(
        metadata,
        nested.map((stack) => stack.path),
      );
      out.push({
        name: artifactId,
        templateFile: path.resolve(directory, properties.templateFile),
        displayPath: joinDisplay(displayPath, properties.templateFile),
        ...environment,
        ...(typeof properties.stackName === 'string' ? { deployedName: properties.stackName } : {}),
        nested: false,
        metadata: own,
      });
      for (const stack of nested) {
        out.push({
          name: stack.path.replace(/^\//, ''),
          templateFile: path.resolve(directory, stack.file),
          displayPath: joinDisplay(displayPath, stack.file),
          ...environment,
          nested: true,
          metadata: without(
            below(metadata, stack.path),
            nested.filter((other) => other.path.startsWith(`${stack.path}/`)).map((other) => other.path),
          ),
        });
      }
    } else if (artifact.type === NESTED_ASSEMBLY_ARTIFACT) {
      if (typeof properties.directoryName !== 'string') {
        throw new AssemblyError(`${manifestDisplay}: nested assembly '${artifactId}' names no directoryName; run 'cdk synth' again`);
      }
      visit(
        path.resolve(directory, properties.directoryName),
        joinDisplay(displayPath, properties.directoryName),
        depth + 1,
        seen,
        readText,
        out,
      );
    }
  }
}

/** The `artifacts` of a cloud assembly's manifest.json. */
function readArtifacts(
  directory: string,
  manifestDisplay: string,
  readText: (file: string, display: string) => string,
): Record<string, unknown> {
  const text = readText(path.join(directory, 'manifest.json'), manifestDisplay);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (err) {
    throw new AssemblyError(
      `${manifestDisplay}: malformed JSON (${err instanceof Error ? err.message : String(err)}); run 'cdk synth' again`,
    );
  }
  const artifacts = isRecord(manifest) ? manifest.artifacts : undefined;
  if (!isRecord(manifest) || (artifacts !== undefined && !isRecord(artifacts))) {
    throw new AssemblyError(`${manifestDisplay}: is not a cloud assembly manifest (no artifacts mapping); run 'cdk synth' again`);
  }
  return artifacts ?? {};
}

/** A stack artifact's construct metadata: inline in the manifest, and (CDK 2.1xx+) in the file its `additionalMetadataFile` names. */
function stackMetadata(
  directory: string,
  displayPath: string,
  artifact: Record<string, unknown>,
  readText: (file: string, display: string) => string,
): Record<string, readonly MetadataEntry[]> {
  const inline = isRecord(artifact.metadata) ? (artifact.metadata as Record<string, readonly MetadataEntry[]>) : {};
  if (typeof artifact.additionalMetadataFile !== 'string') return inline;
  const display = joinDisplay(displayPath, artifact.additionalMetadataFile);
  let extra: unknown;
  try {
    extra = JSON.parse(readText(path.resolve(directory, artifact.additionalMetadataFile), display));
  } catch (err) {
    if (err instanceof SyntaxError) throw new AssemblyError(`${display}: malformed JSON (${err.message}); run 'cdk synth' again`);
    throw err;
  }
  return isRecord(extra) ? { ...inline, ...(extra as Record<string, readonly MetadataEntry[]>) } : inline;
}

/** Nested stacks recorded in a stack artifact's metadata: their construct path and template file. */
function nestedStacks(metadata: Readonly<Record<string, readonly MetadataEntry[]>>, ownFile: string): { path: string; file: string }[] {
  const out: { path: string; file: string }[] = [];
  for (const [constructPath, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (isRecord(entry) && entry.type === TEMPLATE_FILE_METADATA && typeof entry.data === 'string' && entry.data !== ownFile) {
        out.push({ path: constructPath, file: entry.data });
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The metadata at or below a construct path. */
function below(metadata: Readonly<Record<string, readonly MetadataEntry[]>>, root: string): Record<string, readonly MetadataEntry[]> {
  return Object.fromEntries(
    Object.entries(metadata).filter(([constructPath]) => constructPath === root || constructPath.startsWith(`${root}/`)),
  );
}

/** The metadata outside the given subtrees. */
function without(
  metadata: Readonly<Record<string, readonly MetadataEntry[]>>,
  roots: readonly string[],
): Record<string, readonly MetadataEntry[]> {
  return Object.fromEntries(
    Object.entries(metadata).filter(
      ([constructPath]) => !roots.some((root) => constructPath === root || constructPath.startsWith(`${root}/`)),
    ),
  );
}

/** Region and account of `aws://<account>/<region>`, leaving out CDK's `unknown-*` placeholders. */
export function parseEnvironment(environment: unknown): { region?: string; account?: string } {
  const match = typeof environment === 'string' ? /^aws:\/\/([^/]*)\/([^/]*)$/.exec(environment) : null;
  if (!match) return {};
  const [, account, region] = match;
  return {
    ...(account && !account.startsWith('unknown-') ? { account } : {}),
    ...(region && !region.startsWith('unknown-') ? { region } : {}),
  };
}

function joinDisplay(displayPath: string, child: string): string {
  return path.join(displayPath, child).split(path.sep).join('/');
}
