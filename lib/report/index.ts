/**
 * The auditor report: every policy clause, what was checked, what passed, what failed,
 * what was knowingly accepted and why — as HTML, Markdown and JSON, in Japanese or English.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { CheckRun } from '../../rules/results';
import { Baseline, readBaseline, ReportInputError } from './baseline';
import { readAssemblyTemplates } from './assembly';
import { buildReport } from './build';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { ReportDocument, ReportLanguage } from './model';

export { ReportInputError } from './baseline';
export { REPORT_SCHEMA_VERSION } from './model';
export { REPORT_JSON_SCHEMA } from './schema';
export type { ReportDocument } from './model';

export interface ReportTemplate {
  name: string;
  template: Record<string, unknown>;
  region?: string;
  account?: string;
}

export interface ReportInput {
  run: CheckRun;
  templates: ReportTemplate[];
  /** Commit of the infrastructure code. @default - not shown */
  gitCommit?: string;
  /** @default - now */
  generatedAt?: Date;
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
}

/** File name of each format. */
export const REPORT_FILES: Readonly<Record<ReportFormat, string>> = {
  html: 'lgsec-report.html',
  md: 'lgsec-report.md',
  json: 'lgsec-report.json',
};

/** Builds the report model (the content of lgsec-report.json) without writing anything. */
export function buildReportDocument(input: ReportInput, options: Pick<ReportOptions, 'lang' | 'baseline'> = {}): ReportDocument {
  const lang = options.lang ?? 'ja';
  if (lang !== 'ja' && lang !== 'en') throw new ReportInputError(`Unknown report language '${String(lang)}'; use 'ja' or 'en'.`);
  const baseline: Baseline | undefined = options.baseline === undefined ? undefined : readBaseline(options.baseline);
  return buildReport({ ...input, lang, baseline });
}

/** Renders one format of a report model. */
export function renderReport(doc: ReportDocument, format: ReportFormat): string {
  switch (format) {
    case 'html': return renderHtml(doc);
    case 'md': return renderMarkdown(doc);
    case 'json': return `${JSON.stringify(doc, null, 2)}\n`;
    default: throw new ReportInputError(`Unknown report format '${String(format)}'; use ${REPORT_FORMATS.join(', ')}.`);
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
      cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/**
 * At synth: reads the stack templates of the cloud assembly in `assemblyDir` (nested assemblies
 * and nested stacks too) and writes the three report files into it. The git commit is the one
 * checked out in the working directory (or at the assembly), when there is one.
 */
export function writeSynthReports(
  run: CheckRun, assemblyDir: string, options: { lang?: ReportLanguage; templates?: readonly ReportTemplate[] } = {},
): string[] {
  // The pack hands over the templates it has just read, so a large assembly is not parsed twice.
  const templates = options.templates ? [...options.templates] : readAssemblyTemplates(assemblyDir).map(({ name, template, region, account }) => ({
    name, template, ...(region === undefined ? {} : { region }), ...(account === undefined ? {} : { account }),
  }));
  // The code being synthesized is in the working directory's repository; the assembly may be elsewhere (`cdk synth -o`).
  const gitCommit = gitCommitAt(process.cwd()) ?? gitCommitAt(assemblyDir);
  return writeReports(
    { run, templates, ...(gitCommit === undefined ? {} : { gitCommit }) },
    { outDir: assemblyDir, ...(options.lang === undefined ? {} : { lang: options.lang }) },
  );
}
