import * as fs from 'fs';
import * as path from 'path';
import { AssemblyError, AssemblyStack, readAssemblyStacks } from '../../template/assembly';
import type { TemplateInput, TemplateLoadProblem } from '../../template/input';
import { CliError, describeFsError } from '../errors';
import { addAssemblyAcknowledgments } from '../../template/assembly-acknowledgments';
import { addAssemblyConstructPaths } from '../../template/assembly-paths';
import { parseTemplateText, ParsedTemplateFile } from './parse-template';
import { MAX_TEMPLATE_BYTES, readTextFile, syntaxOf } from './template-file';
import { assertCloudFormationTemplate } from './validate-template';

/** A template ready for the engine, with what the output formats need to locate findings. */
export interface LoadedTemplate extends TemplateInput {
  /** Path of the template file relative to the working directory, with forward slashes. */
  readonly file: string;
  /** The path as the user named it (or as found in a folder they named), for messages. */
  readonly displayPath?: string;
  /** 1-based line of each resource's logical id in `file`, where the parser could tell. */
  readonly resourceLines: ReadonlyMap<string, number>;
  /** CDK construct path of each resource synthesized by CDK (its `aws:cdk:path` metadata). */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** What the parser read CloudFormation's way rather than as written (`file:line: …`). */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Directory that relative paths resolve against and `file` is relative to. */
  readonly cwd: string;
  /** Region for templates whose environment does not say (`--region`). */
  readonly region?: string;
  /** Largest template or manifest file read. @default MAX_TEMPLATE_BYTES */
  readonly maxTemplateBytes?: number;
  /** Called before each template file is read, with how many were read before it. */
  readonly onTemplateFile?: (displayPath: string, readBefore: number) => void;
  /**
   * Called for a template file that cannot be read or parsed or is not a template, which is then
   * left out and the others are loaded. Without it, the first such file throws. Problems with
   * the arguments themselves (a missing path, an empty folder, a broken cloud assembly manifest)
   * always throw.
   */
  readonly onTemplateError?: (problem: TemplateLoadProblem) => void;
}

/** File names a folder without a manifest.json is searched for. */
const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

/**
 * Loads the templates named on the command line. Each argument is
 * - a template file (JSON or YAML with CloudFormation short forms);
 * - a cloud assembly folder (one with `manifest.json`, such as `cdk.out`): every
 *   `aws:cloudformation:stack` artifact's template and its CDK nested stacks', in nested
 *   `cdk:cloud-assembly` artifacts (CDK stages) too, with the region and account of the
 *   artifact's environment;
 * - any other folder: the templates directly in it (`*.json`, `*.yaml`, `*.yml`, `*.template`);
 *   other files there (no Resources section, or not JSON/YAML and not reading like a template)
 *   are skipped; a template that does not parse is an error.
 *
 * A template file of a cloud assembly named on its own (`cdk.out/X.template.json`) gets its stack
 * artifact's name and environment too. The same file named twice is loaded once. Templates are
 * named after the stack artifact or the file name; where two names collide, the relative path
 * is used instead.
 *
 * @throws CliError (exit code 2) for anything that cannot be read or is not a template
 */
export function loadInputs(inputs: readonly string[], options: LoadOptions): LoadedTemplate[] {
  if (inputs.length === 0) {
    throw new CliError('no template or cdk.out folder given; pass at least one');
  }
  const loader = new InputLoader(options);
  for (const input of inputs) {
    loader.loadArgument(input);
  }
  return loader.finish();
}

interface PendingTemplate extends Omit<LoadedTemplate, 'name'> {
  readonly preferredName: string;
}

class InputLoader {
  private readonly pending: PendingTemplate[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly maxBytes: number;
  private filesRead = 0;
  private filesRefused = 0;

  constructor(private readonly options: LoadOptions) {
    this.maxBytes = options.maxTemplateBytes ?? MAX_TEMPLATE_BYTES;
  }

  loadArgument(input: string): void {
    if (input.trim() === '') {
      throw new CliError('an empty path was given; pass a template file or a cdk.out folder');
    }
    const absolute = path.resolve(this.options.cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (err) {
      throw new CliError(describeFsError(err, input));
    }
    if (!stat.isDirectory()) {
      this.addTemplateFile(absolute, input, this.stackOfAssemblyFile(absolute));
      return;
    }
    if (fs.existsSync(path.join(absolute, 'manifest.json'))) {
      if (this.loadAssembly(absolute, input) === 0) {
        throw new CliError(
          `${input}: the cloud assembly has no CloudFormation stacks; run 'cdk synth' and check that the app defines a stack`,
        );
      }
      return;
    }
    this.loadTemplateFolder(absolute, input);
  }

  finish(): LoadedTemplate[] {
    const counts = new Map<string, number>();
    for (const template of this.pending) {
      counts.set(template.preferredName, (counts.get(template.preferredName) ?? 0) + 1);
    }
    return this.pending.map(({ preferredName, ...template }) => ({
      ...template,
      name: (counts.get(preferredName) ?? 0) > 1 ? template.file : preferredName,
    }));
  }

  private addTemplateFile(
    absolute: string,
    displayPath: string,
    from: {
      stackName?: string;
      deployedName?: string;
      region?: string;
      account?: string;
      allowNoResources?: boolean;
      skipIfNotTemplate?: boolean;
      /** The stack's construct metadata, when the template is a cloud assembly's. */
      metadata?: AssemblyStack['metadata'];
    },
  ): Record<string, unknown> | undefined {
    const key = realPath(absolute);
    if (this.seenFiles.has(key)) {
      return undefined;
    }
    this.options.onTemplateFile?.(displayPath, this.filesRead++);
    let parsed: ParsedTemplateFile;
    let template: Record<string, unknown>;
    try {
      const text = readTextFile(absolute, displayPath, this.maxBytes);
      try {
        parsed = parseTemplateText(text, displayPath, syntaxOf(absolute));
      } catch (err) {
        // In a folder, a broken tsconfig.json is none of our business; a broken template is.
        if (from.skipIfNotTemplate && !mentionsCloudFormation(text)) {
          return undefined;
        }
        throw err;
      }
      if (from.skipIfNotTemplate && !looksLikeTemplate(parsed.value)) {
        return undefined;
      }
      template = assertCloudFormationTemplate(parsed.value, displayPath, parsed.resourceLines, { allowNoResources: from.allowNoResources });
    } catch (err) {
      if (!(err instanceof CliError) || !this.options.onTemplateError) throw err;
      this.seenFiles.add(key);
      this.filesRefused++;
      this.options.onTemplateError({
        template: from.stackName ?? displayPath,
        file: relativePosix(this.options.cwd, absolute),
        message: err.message,
      });
      return undefined;
    }
    this.seenFiles.add(key);
    if (from.metadata) {
      addAssemblyAcknowledgments(template, from.metadata);
      addAssemblyConstructPaths(template, from.metadata);
    }
    const region = from.region ?? this.options.region;
    this.pending.push({
      preferredName: from.stackName ?? path.basename(absolute),
      template,
      file: relativePosix(this.options.cwd, absolute),
      displayPath,
      resourceLines: parsed.resourceLines,
      constructPaths: constructPathsOf(template),
      warnings: parsed.warnings,
      ...(from.deployedName !== undefined && from.deployedName !== from.stackName ? { stackName: from.deployedName } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(from.account !== undefined ? { account: from.account } : {}),
    });
    return template;
  }

  /** @returns the number of stack templates in the assembly, its nested stacks and nested assemblies */
  private loadAssembly(directory: string, displayPath: string): number {
    const stacks = this.assemblyStacks(directory, displayPath);
    for (const stack of stacks) {
      this.addTemplateFile(stack.templateFile, stack.displayPath, {
        stackName: stack.name,
        region: stack.region,
        account: stack.account,
        allowNoResources: true,
        metadata: stack.metadata,
        ...(stack.deployedName !== undefined ? { deployedName: stack.deployedName } : {}),
      });
    }
    return stacks.length;
  }

  private assemblyStacks(directory: string, displayPath: string): AssemblyStack[] {
    try {
      return readAssemblyStacks(directory, displayPath, { readText: (file, display) => readTextFile(file, display, this.maxBytes) });
    } catch (err) {
      throw err instanceof AssemblyError ? new CliError(err.message) : err;
    }
  }

  /**
   * For a template file named on its own that sits in a cloud assembly (`cdk.out/X.template.json`):
   * its stack's name and environment, as when the whole assembly is checked.
   */
  private stackOfAssemblyFile(file: string): {
    stackName?: string;
    region?: string;
    account?: string;
    metadata?: AssemblyStack['metadata'];
  } {
    const directory = path.dirname(file);
    if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
      return {};
    }
    let stacks: AssemblyStack[];
    try {
      stacks = readAssemblyStacks(directory, directory, { readText: (each, display) => readTextFile(each, display, this.maxBytes) });
    } catch {
      // A broken manifest beside a template does not make the template unreadable.
      return {};
    }
    const stack = stacks.find((candidate) => candidate.templateFile === file);
    return stack ? { stackName: stack.name, region: stack.region, account: stack.account, metadata: stack.metadata } : {};
  }

  private loadTemplateFolder(directory: string, displayPath: string): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (err) {
      throw new CliError(describeFsError(err, displayPath));
    }
    const before = this.pending.length;
    const refusedBefore = this.filesRefused;
    const candidates = entries
      .filter((entry) => TEMPLATE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
      .filter((entry) => entry.isFile() || (entry.isSymbolicLink() && isFile(path.join(directory, entry.name))))
      .map((entry) => entry.name)
      .sort();
    for (const name of candidates) {
      this.addTemplateFile(path.join(directory, name), joinDisplay(displayPath, name), { skipIfNotTemplate: true });
    }
    if (this.pending.length === before && this.filesRefused === refusedBefore) {
      const what =
        entries.length === 0
          ? 'is empty'
          : 'has no cloud assembly (manifest.json) and no CloudFormation templates (*.json, *.yaml, *.yml, *.template)';
      throw new CliError(`${displayPath}: ${what}; pass a template file or a cdk.out folder (run 'cdk synth' first)`);
    }
  }
}

/**
 * The `aws:cdk:path` of each resource: for a CDK-synthesized template it names the construct to
 * change, which a reader of the generated template file needs more than a line number.
 */
function constructPathsOf(template: Record<string, unknown>): Map<string, string> {
  const paths = new Map<string, string>();
  const resources = isRecord(template.Resources) ? template.Resources : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const metadata = isRecord(resource) && isRecord(resource.Metadata) ? resource.Metadata : undefined;
    const cdkPath = metadata?.['aws:cdk:path'];
    if (typeof cdkPath === 'string' && cdkPath !== '') {
      paths.set(logicalId, cdkPath);
    }
  }
  return paths;
}

/** Text that reads like a CloudFormation template, even if it does not parse. */
function mentionsCloudFormation(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || /^\s*["']?Resources["']?\s*:/m.test(text);
}

/** A file in a plain folder counts as a template when it has a Resources section. */
function looksLikeTemplate(value: unknown): boolean {
  return isRecord(value) && 'Resources' in value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function joinDisplay(displayPath: string, child: string): string {
  return path.join(displayPath, child).split(path.sep).join('/');
}

/** `file` relative to `cwd` with forward slashes, as SARIF and reports cite it. */
export function relativePosix(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
