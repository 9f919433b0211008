/**
 * Reads the stack templates of a cloud assembly (`cdk.out`): the stack artifacts listed in its
 * `manifest.json`, and those of nested assemblies (stages) recursively.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ReportInputError } from './baseline';
import { compareText } from './model';
import { isRecord } from './private/cfn';

export interface AssemblyTemplate {
  /** The stack artifact id. */
  readonly name: string;
  readonly template: Record<string, unknown>;
  readonly region?: string;
  readonly account?: string;
  /** Template path relative to the top assembly folder. */
  readonly file: string;
}

const UNKNOWN = /^unknown-(account|region)$/;

/** `aws://account/region` → its parts, leaving out CDK's `unknown-…` placeholders. */
export function parseEnvironment(environment: unknown): { account?: string; region?: string } {
  const match = typeof environment === 'string' ? /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment) : null;
  if (!match) return {};
  return {
    ...(UNKNOWN.test(match[1]) ? {} : { account: match[1] }),
    ...(UNKNOWN.test(match[2]) ? {} : { region: match[2] }),
  };
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`The ${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The templates of CDK nested stacks of a stack artifact. The artifact's metadata (in the manifest
 * or its `additionalMetadataFile`) has an `aws:cdk:templateFile` entry at each nested stack's
 * construct path; the rule pack names nested stacks by that path.
 */
function nestedStackTemplates(
  assemblyDir: string, top: string, artifact: Record<string, unknown>, ownFile: string, env: { region?: string; account?: string },
): AssemblyTemplate[] {
  const metadata: Record<string, unknown> = { ...(isRecord(artifact['metadata']) ? artifact['metadata'] : {}) };
  const extra = artifact['additionalMetadataFile'];
  if (typeof extra === 'string') {
    const more = readJson(path.join(assemblyDir, extra), 'stack metadata file');
    if (isRecord(more)) Object.assign(metadata, more);
  }
  const out: AssemblyTemplate[] = [];
  for (const constructPath of Object.keys(metadata).sort(compareText)) {
    const entries = metadata[constructPath];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (!isRecord(entry) || entry['type'] !== 'aws:cdk:templateFile' || typeof entry['data'] !== 'string' || entry['data'] === ownFile) continue;
      const file = path.join(assemblyDir, entry['data']);
      const nested = readJson(file, 'nested stack template');
      if (!isRecord(nested)) throw new ReportInputError(`The nested stack template ${file} is not a JSON object.`);
      out.push({ name: constructPath.replace(/^\//, ''), template: nested, ...env, file: path.relative(top, file) });
    }
  }
  return out;
}

/** Every stack template (nested stacks too) of the assembly in `dir` and its nested assemblies, sorted by name. */
export function readAssemblyTemplates(dir: string): AssemblyTemplate[] {
  const out: AssemblyTemplate[] = [];
  const visit = (assemblyDir: string, seen: Set<string>): void => {
    const real = path.resolve(assemblyDir);
    if (seen.has(real)) return;
    seen.add(real);
    const manifest = readJson(path.join(assemblyDir, 'manifest.json'), 'cloud assembly manifest');
    const artifacts = isRecord(manifest) && isRecord(manifest['artifacts']) ? manifest['artifacts'] : {};
    for (const id of Object.keys(artifacts).sort(compareText)) {
      const artifact = artifacts[id];
      if (!isRecord(artifact)) continue;
      const properties = isRecord(artifact['properties']) ? artifact['properties'] : {};
      if (artifact['type'] === 'aws:cloudformation:stack' && typeof properties['templateFile'] === 'string') {
        const file = path.join(assemblyDir, properties['templateFile']);
        const template = readJson(file, 'stack template');
        if (!isRecord(template)) throw new ReportInputError(`The stack template ${file} is not a JSON object.`);
        const env = parseEnvironment(artifact['environment']);
        out.push({ name: id, template, ...env, file: path.relative(dir, file) });
        out.push(...nestedStackTemplates(assemblyDir, dir, artifact, properties['templateFile'], env));
      } else if (artifact['type'] === 'cdk:cloud-assembly' && typeof properties['directoryName'] === 'string') {
        visit(path.join(assemblyDir, properties['directoryName']), seen);
      }
    }
  };
  visit(dir, new Set());
  return out.sort((a, b) => compareText(a.name, b.name));
}
