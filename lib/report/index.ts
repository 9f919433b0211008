/**
 * The auditor report: every policy clause, what was checked, what passed, what failed,
 * what was knowingly accepted and why — as HTML, Markdown and JSON, in Japanese or English.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { CheckReportContext, ICheckReporter } from '../../rules/pack/reporter';
import type { CheckRun } from '../../rules/results';
import { PolicyProfile, profileProblems } from '../policy/profiles';
import { AssemblyError, readAssemblyStacks } from '../template/assembly';
import { addAssemblyConstructPaths } from '../template/assembly-paths';
import { isRecord } from '../template/template-index';
import { TemplateModel } from '../template/template-model';
import { Baseline, readBaseline, ReportInputError } from './baseline';
import { buildReport } from './build';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { sealRendered, workingTreeAt } from './integrity';
import { ReportDocument, ReportLanguage, WorkingTreeState } from './model';

export { ReportInputError } from './baseline';
export { REPORT_SCHEMA_VERSION } from './model';
export { REPORT_JSON_SCHEMA } from './schema';
export type { ReportDocument, ReportIntegrity, TemplateDigest, WorkingTreeState } from './model';
export { workingTreeAt } from './integrity';

export interface ReportInput {
  run: CheckRun;
  /** The templates the run checked (`TemplateModel.load(templates)`): the inventory, stacks and accounts are read from it. */
  model: TemplateModel;
  /** Commit of the infrastructure code. @default - not shown */
  gitCommit?: string;
  /** @default - now */
  generatedAt?: Date;
  /** Folder the templates' `file` paths are relative to: their bytes are hashed. @default - their parsed content is hashed */
  templateDir?: string;
  /** State of the working tree the templates came from (`workingTreeAt(dir)`). @default - recorded as unknown */
  workingTree?: { state: WorkingTreeState; changedFiles?: number };
}

export type ReportFormat = 'html' | 'md' | 'json';

export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json'];

export interface ReportOptions {
  /** Folder the files are written to; created when missing. */
  outDir: string;
  /** @default - all three: html, md, json */
  formats?: ReportFormat[];
  /** @default 'ja' */
  lang?: ReportLanguage;
  /** Path of a previous lgsec-report.json to diff against (policy 11). @default - no diff */
  baseline?: string;
  /**
   * The policy the report speaks of: its title, clause numbering and titles (`policyProfile(id)`,
   * or a profile of your own that numbers every clause of the catalog).
   * @default SHIOJIRI_PROFILE
   */
  profile?: PolicyProfile;
}

/** File name of each format. */
export const REPORT_FILES: Readonly<Record<ReportFormat, string>> = {
  html: 'lgsec-report.html',
  md: 'lgsec-report.md',
  json: 'lgsec-report.json',
};

/** Builds the report model (the content of lgsec-report.json) without writing anything. */
export function buildReportDocument(
  input: ReportInput,
  options: Pick<ReportOptions, 'lang' | 'baseline' | 'profile'> = {},
): ReportDocument {
  const lang = options.lang ?? 'ja';
  if (lang !== 'ja' && lang !== 'en') throw new ReportInputError(`Unknown report language '${String(lang)}'; use 'ja' or 'en'.`);
  const problems = options.profile === undefined ? [] : profileProblems(options.profile);
  if (problems.length > 0) {
    throw new ReportInputError(`The policy profile '${options.profile!.id}' cannot number the clauses: ${problems.join('; ')}.`);
  }
  const baseline: Baseline | undefined = options.baseline === undefined ? undefined : readBaseline(options.baseline);
  return buildReport({ ...input, lang, baseline, ...(options.profile === undefined ? {} : { profile: options.profile }) });
}

/** Renders one format of a report model. */
export function renderReport(doc: ReportDocument, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return sealRendered(renderHtml(doc));
    case 'md':
      return sealRendered(renderMarkdown(doc));
    case 'json':
      return `${JSON.stringify(doc, null, 2)}\n`;
    default:
      throw new ReportInputError(`Unknown report format '${String(format)}'; use ${REPORT_FORMATS.join(', ')}.`);
  }
}

/**
 * Writes lgsec-report.html/.md/.json into `options.outDir` and returns the paths written.
 * Everything is built in memory first: a bad baseline or option writes no file.
 */
export function writeReports(input: ReportInput, options: ReportOptions): string[] {
  const formats = [...new Set(options.formats ?? REPORT_FORMATS)];
  const unknown = formats.filter((format) => !REPORT_FORMATS.includes(format));
  if (unknown.length > 0) throw new ReportInputError(`Unknown report format '${unknown.join("', '")}'; use ${REPORT_FORMATS.join(', ')}.`);
  const doc = buildReportDocument(input, options);
  const rendered = formats.map((format) => [path.join(options.outDir, REPORT_FILES[format]), renderReport(doc, format)] as const);
  try {
    fs.mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    throw new ReportInputError(`Cannot create the report folder ${options.outDir}: ${(error as Error).message}`);
  }
  for (const [file, content] of rendered) {
    // Write then rename, so a reader never sees half a report.
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temporary, content);
      fs.renameSync(temporary, file);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw new ReportInputError(`Cannot write the report ${file}: ${(error as Error).message}`);
    }
  }
  return rendered.map(([file]) => file);
}

/** The commit checked out at `dir`, or undefined outside a git work tree or without git. */
export function gitCommitAt(dir: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/**
 * At synth: writes the three report files into the cloud assembly in `assemblyDir`, from the run
 * and the model of the templates it checked (read from the assembly when not given: every stack,
 * nested stacks and nested assemblies too). The git commit is the one checked out in the
 * working directory (or at the assembly), when there is one.
 */
export function writeSynthReports(
  run: CheckRun,
  assemblyDir: string,
  options: { lang?: ReportLanguage; model?: TemplateModel; profile?: PolicyProfile } = {},
): string[] {
  const model = options.model ?? TemplateModel.load(assemblyTemplates(assemblyDir));
  // The code being synthesized is in the working directory's repository; the assembly may be elsewhere (`cdk synth -o`).
  const gitCommit = gitCommitAt(process.cwd()) ?? gitCommitAt(assemblyDir);
  const workingTree = gitCommitAt(process.cwd()) !== undefined ? workingTreeAt(process.cwd()) : workingTreeAt(assemblyDir);
  return writeReports(
    { run, model, templateDir: assemblyDir, workingTree, ...(gitCommit === undefined ? {} : { gitCommit }) },
    {
      outDir: assemblyDir,
      ...(options.lang === undefined ? {} : { lang: options.lang }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    },
  );
}

/** The stack templates of a cloud assembly, nested stacks and assemblies included. */
function assemblyTemplates(
  assemblyDir: string,
): { name: string; template: Record<string, unknown>; file: string; region?: string; account?: string }[] {
  try {
    return readAssemblyStacks(assemblyDir, assemblyDir, {
      readText: (file) => readReportInput(file, file.endsWith('manifest.json') ? 'cloud assembly manifest' : 'stack metadata file'),
    }).map((stack) => {
      const template = parseReportInput(readReportInput(stack.templateFile, 'stack template'), stack.templateFile, 'stack template');
      if (!isRecord(template)) throw new ReportInputError(`The stack template ${stack.templateFile} is not a JSON object.`);
      addAssemblyConstructPaths(template, stack.metadata);
      return {
        name: stack.name,
        template,
        file: path.relative(assemblyDir, stack.templateFile),
        ...(stack.region === undefined ? {} : { region: stack.region }),
        ...(stack.account === undefined ? {} : { account: stack.account }),
      };
    });
  } catch (error) {
    throw error instanceof AssemblyError ? new ReportInputError(`Cannot read the cloud assembly ${assemblyDir}: ${error.message}`) : error;
  }
}

function readReportInput(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
}

function parseReportInput(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`The ${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The auditor report written into the cloud assembly at every synth (the reporter `LgsecChecks` is given). */
export class AuditReportReporter implements ICheckReporter {
  constructor(private readonly options: { readonly lang?: ReportLanguage; readonly profile?: PolicyProfile } = {}) {}

  report(run: CheckRun, context: CheckReportContext): void {
    writeSynthReports(run, context.assemblyDir, {
      model: context.model,
      ...(this.options.lang === undefined ? {} : { lang: this.options.lang }),
      ...(this.options.profile === undefined ? {} : { profile: this.options.profile }),
    });
  }
}
