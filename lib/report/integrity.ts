/**
 * What ties a report to what was checked: the SHA-256 of every template, the working tree's
 * state, the rule table's hash and a digest of the report itself; and the verification of a
 * report against a cloud assembly or templates (`lgsec verify-report`).
 *
 * Two digests protect the report: `reportDigest` over the canonical JSON of the model (without
 * that field), which the JSON file carries; and a seal over the rendered HTML or Markdown text
 * (with the seal blanked), which that file carries. Either is recomputed from the file alone.
 */
import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { RuleInfo } from '../../rules/results';
import type { TemplateModel } from '../template/template-model';
import { compareText, ReportDocument, ReportIntegrity, TemplateDigest, WorkingTreeState } from './model';

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** JSON with object keys sorted at every level and no whitespace: the same value gives the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareText(a, b)))
      : v,
  );
}

/** Hash of the rule table as run: ids, levels, clauses, controls and texts (both languages), by rule id. */
export function ruleTableHash(rules: readonly RuleInfo[]): string {
  return sha256(canonicalJson([...rules].sort((a, b) => compareText(a.id, b.id))));
}

/**
 * The digest of one template: of its file's bytes when the file can be read at `baseDir` (what
 * `sha256sum` shows), else of its canonical JSON.
 */
export function templateDigest(name: string, template: unknown, file: string | undefined, baseDir: string | undefined): TemplateDigest {
  if (file !== undefined && baseDir !== undefined) {
    try {
      return { name, file, sha256: sha256(fs.readFileSync(path.resolve(baseDir, file))), of: 'file' };
    } catch {
      // Not on disk (an in-memory template): the parsed content is what was checked.
    }
  }
  return { name, ...(file === undefined ? {} : { file }), sha256: sha256(canonicalJson(template)), of: 'json' };
}

/** Digests of every template of a model, by name. */
export function templateDigests(model: TemplateModel, baseDir: string | undefined): TemplateDigest[] {
  return model.templates
    .map((index) => templateDigest(index.name, index.input.template, index.input.file, baseDir))
    .sort((a, b) => compareText(a.name, b.name));
}

/** `git status --porcelain` at `dir`: clean, dirty (with the number of changed paths), or unknown outside a git work tree. */
export function workingTreeAt(dir: string): { state: WorkingTreeState; changedFiles?: number } {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=normal'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    const changed = out.split('\n').filter((line) => line.trim() !== '').length;
    return changed === 0 ? { state: 'clean' } : { state: 'dirty', changedFiles: changed };
  } catch {
    return { state: 'unknown' };
  }
}

/** The digest of a report model: SHA-256 of its canonical JSON without `integrity.reportDigest`. */
export function reportDigestOf(doc: ReportDocument): string {
  if (doc.integrity === undefined) return sha256(canonicalJson(doc));
  const integrity: { -readonly [K in keyof ReportIntegrity]?: ReportIntegrity[K] } = { ...doc.integrity };
  delete integrity.reportDigest;
  return sha256(canonicalJson({ ...doc, integrity }));
}

/** The model with its digest filled in. */
export function withReportDigest(doc: ReportDocument): ReportDocument {
  if (doc.integrity === undefined) return doc;
  return { ...doc, integrity: { ...doc.integrity, reportDigest: reportDigestOf(doc) } };
}

const SEAL_PLACEHOLDER = '0'.repeat(64);
/** Written by a renderer where the seal goes; `sealRendered` replaces the zeros by the file's digest. */
export const SEAL_MARK = `lgsec-seal:sha256:${SEAL_PLACEHOLDER}`;
const SEAL_PATTERN = /lgsec-seal:sha256:([0-9a-f]{64})/g;

/** Fills in the seal of a rendered report: SHA-256 of the text with the seal's zeros in place. */
export function sealRendered(text: string): string {
  return text.includes(SEAL_MARK) ? text.replace(SEAL_MARK, `lgsec-seal:sha256:${sha256(text)}`) : text;
}

/** Checks the seal of a rendered report: `missing` without one, else whether the text is as sealed. */
export function checkSeal(text: string): 'intact' | 'altered' | 'missing' {
  const seals = [...text.matchAll(SEAL_PATTERN)];
  if (seals.length === 0) return 'missing';
  if (seals.length > 1) return 'altered';
  const blanked = text.replace(SEAL_PATTERN, SEAL_MARK);
  return sha256(blanked) === seals[0][1] ? 'intact' : 'altered';
}

/** The name of the HTML `<meta>` carrying the integrity record (the HTML has no scripts). */
export const INTEGRITY_META = 'lgsec-integrity';

/** A template as found when verifying: its name, file and content. */
export interface VerifiedTemplate {
  readonly name: string;
  readonly file?: string;
  /** Absolute path of the file, to hash its bytes. */
  readonly path?: string;
  readonly template: unknown;
}

export interface VerificationProblem {
  readonly kind: 'report-altered' | 'template-differs' | 'template-missing' | 'template-added' | 'no-integrity-record';
  readonly message: string;
}

export interface Verification {
  readonly problems: readonly VerificationProblem[];
  /** Templates whose digest matches. */
  readonly matched: number;
  readonly integrity?: ReportIntegrity;
  /** Differences that do not fail verification: the rule table of this lgsec is not the report's. */
  readonly notes: readonly string[];
}

/**
 * Verifies a report's integrity record against the templates now at hand. `reportIntact` is the
 * result of checking the report file itself (its digest or seal).
 */
export function verifyIntegrity(
  integrity: ReportIntegrity | undefined,
  reportIntact: boolean,
  templates: readonly VerifiedTemplate[],
  currentRules?: readonly RuleInfo[],
): Verification {
  const problems: VerificationProblem[] = [];
  const notes: string[] = [];
  if (!reportIntact) {
    problems.push({
      kind: 'report-altered',
      message: 'the report was altered after it was written: its digest does not match its content',
    });
  }
  if (integrity === undefined) {
    problems.push({
      kind: 'no-integrity-record',
      message: 'the report has no integrity record (written by an lgsec before template digests); regenerate it',
    });
    return { problems, matched: 0, notes };
  }
  const now = new Map(templates.map((template) => [template.name, template]));
  let matched = 0;
  for (const recorded of integrity.templates) {
    const found = now.get(recorded.name);
    if (found === undefined) {
      problems.push({ kind: 'template-missing', message: `template ${recorded.name} is in the report but not among the templates given` });
      continue;
    }
    const digest =
      recorded.of === 'file' && found.path !== undefined ? sha256(fs.readFileSync(found.path)) : sha256(canonicalJson(asWritten(found)));
    if (digest === recorded.sha256) {
      matched += 1;
    } else {
      problems.push({
        kind: 'template-differs',
        message: `template ${recorded.name} (${found.file ?? recorded.file ?? 'no file'}) differs from the one checked: sha256 ${digest}, the report recorded ${recorded.sha256}`,
      });
    }
  }
  const recordedNames = new Set(integrity.templates.map((template) => template.name));
  for (const template of templates) {
    if (!recordedNames.has(template.name)) {
      problems.push({ kind: 'template-added', message: `template ${template.name} was not checked by the report` });
    }
  }
  if (currentRules !== undefined && ruleTableHash(currentRules) !== integrity.ruleTable) {
    notes.push(`the rule table of this lgsec (${ruleTableHash(currentRules).slice(0, 12)}…) is not the one the report was checked with`);
  }
  return { problems, matched, integrity, notes };
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Reads a written report for verification: its integrity record and whether the file is as
 * written (the JSON model against its digest; the HTML against its seal). Throws on a file that
 * is no lgsec report.
 */
export function readReportIntegrity(file: string, text: string): { integrity?: ReportIntegrity; intact: boolean } {
  if (/^\s*\{/.test(text)) {
    let doc: ReportDocument;
    try {
      doc = JSON.parse(text) as ReportDocument;
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (doc === null || typeof doc !== 'object' || doc.kind !== 'lgsec-report') throw new Error(`${file} is not an lgsec-report.json`);
    if (doc.integrity === undefined) return { intact: true };
    return { integrity: doc.integrity, intact: reportDigestOf(doc) === doc.integrity.reportDigest };
  }
  if (/<html[\s>]/i.test(text)) {
    const meta = new RegExp(`<meta name="${INTEGRITY_META}" content="([^"]*)">`).exec(text);
    if (meta === null) return { intact: checkSeal(text) !== 'altered' };
    let integrity: ReportIntegrity;
    try {
      integrity = JSON.parse(meta[1].replace(/&(amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity])) as ReportIntegrity;
    } catch {
      return { intact: false };
    }
    return { integrity, intact: checkSeal(text) === 'intact' };
  }
  throw new Error(`${file} is neither an lgsec-report.json nor an lgsec-report.html; verify one of those`);
}

/**
 * The template as its file holds it, where it is a JSON file: loading adds to the template in
 * memory (acknowledgments and construct paths from the assembly metadata), which a digest of what
 * synthesis checked must not see.
 */
function asWritten(template: VerifiedTemplate): unknown {
  if (template.path === undefined) return template.template;
  try {
    return JSON.parse(fs.readFileSync(template.path, 'utf8')) as unknown;
  } catch {
    return template.template;
  }
}
