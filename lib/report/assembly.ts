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

/** Every stack template of the assembly in `dir` and its nested assemblies, sorted by name. */
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
        out.push({ name: id, template, ...parseEnvironment(artifact['environment']), file: path.relative(dir, file) });
      } else if (artifact['type'] === 'cdk:cloud-assembly' && typeof properties['directoryName'] === 'string') {
        visit(path.join(assemblyDir, properties['directoryName']), seen);
      }
    }
  };
  visit(dir, new Set());
  return out.sort((a, b) => compareText(a.name, b.name));
}
