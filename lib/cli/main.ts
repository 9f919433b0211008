import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { Command, CommanderError, InvalidArgumentError, Option, OutputConfiguration } from 'commander';
import type { CheckRun } from '../../rules/results';
import type { TemplateInput, TemplateLoadProblem } from '../template/input';
import type { TemplateModel } from '../template/template-model';
import { CliError, oneLine } from './errors';
import { CHECK_FORMATS, CheckFormat, renderCheckRun, summarize } from './formats';
import { plural } from './formats/findings';
import { LoadedTemplate, loadInputs } from './input/load-inputs';
import { MAX_TEMPLATE_BYTES } from './input/template-file';
import { CliIo, CliStream, shouldUseColor } from './io';
import { assertWritableOutput, writeFileAtomic } from './output-file';
import { isIsoDate } from '../private/exception-fields';
import { toolPackage } from '../private/package-info';
import { DEFAULT_PROFILE_ID, PolicyProfile, policyProfile, PROFILE_IDS, PROFILES } from '../policy/profiles';
import { createProgress, PROGRESS_MIN_TEMPLATES } from './progress';

export type { CliIo, CliStream } from './io';

/** Output formats of `lgsec report`, `lgsec rules` and `lgsec sanitize`, and languages of the report. */
const REPORT_FORMATS = ['html', 'md', 'json'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];
const RULES_FORMATS = ['md', 'json'] as const;
const SANITIZE_FORMATS = ['text', 'json'] as const;
/** One file per core, at most four: each file may use up to its memory budget (512 MiB) at once. */
const DEFAULT_SANITIZE_JOBS = Math.max(1, Math.min(4, os.availableParallelism()));

function parseJobs(value: string): number {
  if (!/^[1-9]\d*$/.test(value))
    throw new InvalidArgumentError(`--jobs takes a whole number of files at a time (1 or more), got '${value}'`);
  return Number(value);
}
const REPORT_LANGUAGES = ['ja', 'en'] as const;

/** Exit codes of DESIGN.md "The lgsec command". */
export const ExitCode = {
  /** No error-level finding (sanitize: no file quarantined). */
  OK: 0,
  /** At least one error-level finding (sanitize: at least one file quarantined). */
  FINDINGS: 1,
  /** Bad usage or unreadable input. */
  USAGE: 2,
} as const;

const DEBUG_HINT = 'set LGSEC_DEBUG=1 to see the stack trace';

/**
 * Runs `lgsec` with `argv` (the arguments after the program name) and returns the exit code.
 * Never calls process.exit and never throws: every failure becomes exit code 2 with one line on
 * `io.stderr` (a stack trace only with `LGSEC_DEBUG=1`).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const context: CommandContext = { io, env, cwd };
  let exitCode: number = ExitCode.OK;
  const program = buildProgram(
    context,
    (code) => {
      exitCode = code;
    },
    profileNamedIn(argv),
  );
  if (argv.length === 0) {
    io.stderr.write(
      `lgsec: no command given; use one of ${program.commands
        .map((command) => command.name())
        .filter((name) => name !== 'help')
        .join(', ')} (see 'lgsec --help')\n`,
    );
    return ExitCode.USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version were printed; any other commander error was printed by outputError.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0
        ? ExitCode.OK
        : ExitCode.USAGE;
    }
    return reportFailure(err, io, env);
  }
}

/** Entry point of bin/lgsec.js. */
export function run(): void {
  // `lgsec check … | head` closes the pipe early: that is the reader's choice, not an error;
  // the rest of the output is dropped and the exit code still tells the result.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') {
      process.stderr.write(`lgsec: cannot write to stdout (${describe(err)})\n`);
      process.exitCode = ExitCode.USAGE;
    }
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`lgsec: internal error: ${describe(err)} (${DEBUG_HINT})\n`);
      process.exitCode = ExitCode.USAGE;
    },
  );
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

interface CommandContext {
  readonly io: CliIo;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * The profile `--profile` names in `argv`, so that `--help` already speaks of its policy; the
 * default when none or an unknown one is named (commander then rejects the unknown id).
 */
function profileNamedIn(argv: readonly string[]): PolicyProfile {
  const index = argv.indexOf('--profile');
  const inline = argv.find((arg) => arg.startsWith('--profile='));
  const id = inline === undefined ? (index === -1 ? undefined : argv[index + 1]) : inline.slice('--profile='.length);
  return PROFILES.find((entry) => entry.id === id) ?? policyProfile(DEFAULT_PROFILE_ID);
}

const profileOption = (): Option =>
  new Option('--profile <id>', 'policy profile: the policy whose numbering and clause titles the output uses')
    .choices(PROFILE_IDS)
    .default(DEFAULT_PROFILE_ID);

function buildProgram(context: CommandContext, setExitCode: (code: number) => void, profile: PolicyProfile): Command {
  const { io } = context;
  const program = new Command('lgsec')
    .description(
      `Checks AWS CloudFormation templates and CDK cloud assemblies against the ${profile.policy.en} (${profile.policy.ja}; ` +
        'three-layer separation), writes the auditor report, and sanitizes files for the LGWAN zone.',
    )
    .version(toolPackage().version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(outputFor(io, 'lgsec'))
    .addHelpText(
      'after',
      `
Exit codes: 0 no error-level finding, 1 at least one error-level finding (sanitize: a file was
quarantined; verify-report: the report does not match), 2 bad usage or unreadable input.

Inputs: CloudFormation templates in JSON or YAML (at most ${MAX_TEMPLATE_BYTES / (1024 * 1024)} MiB each), cloud
assembly folders such as cdk.out (every stack, nested stages too), or folders of templates
(the *.json, *.yaml, *.yml and *.template files directly in them).

Policy profiles (--profile of check, report and rules; the default is ${DEFAULT_PROFILE_ID}):
${PROFILES.map((entry) => `  ${entry.id.padEnd(16)} ${entry.policy.en}`).join('\n')}

Environment: NO_COLOR disables colour, FORCE_COLOR forces it; LGSEC_DEBUG=1 prints the stack
trace of an internal error.

Examples:
  npx cdk synth && lgsec check cdk.out
  lgsec check template.yaml --format sarif --output lgsec.sarif
  lgsec report cdk.out --out audit-report --lang ja
  lgsec rules --format md > RULES.md`,
    );

  program
    .command('check')
    .configureOutput(outputFor(io, 'lgsec check'))
    .description('check templates or cloud assemblies against the policy rule pack')
    .argument(
      '<template|cdk.out...>',
      'CloudFormation templates (JSON, or YAML with !Ref/!Sub/… short forms), cloud assembly folders (cdk.out), or folders of templates',
    )
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('--output <file>', 'write the output to FILE (atomically) instead of stdout')
    .option(
      '--region <region>',
      'region of templates whose stack environment names none (for the data residency rules), e.g. ap-northeast-1',
      parseRegion,
    )
    .addOption(profileOption())
    .option('--require-exception-fields', EXCEPTION_FIELDS_HELP)
    .option('--check-date <YYYY-MM-DD>', CHECK_DATE_HELP, parseCheckDate)
    .action(
      async (inputs: string[], options: { format: CheckFormat; output?: string; region?: string; profile: string } & ExceptionOptions) => {
        setExitCode(await runCheck(inputs, options, context));
      },
    );

  program
    .command('report')
    .configureOutput(outputFor(io, 'lgsec report'))
    .description('check templates or cloud assemblies and write the auditor report')
    .argument('<cdk.out|template...>', 'cloud assembly folders (cdk.out), CloudFormation templates or folders of templates')
    .requiredOption('--out <dir>', 'folder to write the report into (created if missing)')
    .option('--format <formats>', `comma-separated report formats: ${REPORT_FORMATS.join(', ')} (default: all)`, parseReportFormats)
    .addOption(new Option('--lang <lang>', 'language of the report').choices(REPORT_LANGUAGES))
    .option('--baseline <file>', 'lgsec-report.json of an earlier report, to show new, resolved and acknowledged findings against it')
    .addOption(profileOption())
    .option('--require-exception-fields', EXCEPTION_FIELDS_HELP)
    .option('--check-date <YYYY-MM-DD>', CHECK_DATE_HELP, parseCheckDate)
    .action(async (inputs: string[], options: ReportCommandOptions) => {
      setExitCode(await runReport(inputs, options, context));
    });

  program
    .command('rules')
    .configureOutput(outputFor(io, 'lgsec rules'))
    .description('print the rule catalogue: every rule with its level, policy clauses, explanation and fix')
    .addOption(new Option('--format <format>', 'output format').choices(RULES_FORMATS).default('md'))
    .addOption(profileOption())
    .action(async (options: { format: (typeof RULES_FORMATS)[number]; profile: string }) => {
      const { renderRuleCatalog } = await import('../../rules/catalog');
      const catalog = renderRuleCatalog(options.format, policyProfile(options.profile));
      io.stdout.write(catalog.endsWith('\n') ? catalog : `${catalog}\n`);
      setExitCode(ExitCode.OK);
    });

  program
    .command('sanitize')
    .configureOutput(outputFor(io, 'lgsec sanitize'))
    .description('sanitize (無害化) files for transfer into the LGWAN zone: clean, sanitized or quarantined')
    .argument('<file...>', 'files to sanitize')
    .requiredOption('--out <dir>', 'folder the delivered (clean or sanitized) files are written to')
    .addOption(new Option('--format <format>', 'output format').choices(SANITIZE_FORMATS).default('text'))
    .addOption(
      new Option('--jobs <n>', 'files sanitized at the same time, each in its own worker thread')
        .default(DEFAULT_SANITIZE_JOBS)
        .argParser(parseJobs),
    )
    .action(async (files: string[], options: { out: string; format: (typeof SANITIZE_FORMATS)[number]; jobs: number }) => {
      const { runSanitizeCommand } = await import('../sanitization/cli');
      const resolve = (file: string) => (context.cwd === process.cwd() ? file : path.resolve(context.cwd, file));
      setExitCode(
        await runSanitizeCommand(
          files.map(resolve),
          { out: resolve(options.out), format: options.format, jobs: options.jobs },
          { stdout: io.stdout, stderr: io.stderr },
        ),
      );
    });

  program
    .command('verify-report')
    .configureOutput(outputFor(io, 'lgsec verify-report'))
    .description('verify that a report matches the templates it was written from, and that the report itself is unaltered')
    .argument('<report>', 'lgsec-report.json or lgsec-report.html')
    .option('--assembly <dir>', 'the cloud assembly (cdk.out) the report was written from')
    .option('--templates <path...>', 'the templates (or folders of templates) the report was written from')
    .addHelpText(
      'after',
      `
Recomputes the SHA-256 of every template and the report's own digest (JSON) or seal (HTML) and
names what differs. Exit codes: 0 the report matches, 1 a template differs, is missing or was
added, or the report was altered, 2 bad usage, unreadable input, or a report without an
integrity record.

Example:
  lgsec verify-report cdk.out/lgsec-report.json --assembly cdk.out`,
    )
    .action(async (report: string, options: { assembly?: string; templates?: string[] }) => {
      setExitCode(await runVerifyReport(report, options, context));
    });

  return program;
}

/** Help to stdout; a usage error as one line that points at the command's help. */
function outputFor(io: CliIo, commandLine: string): OutputConfiguration {
  return {
    writeOut: (text) => {
      io.stdout.write(text);
    },
    writeErr: (text) => {
      io.stderr.write(text);
    },
    outputError: (text, write) => write(`lgsec: ${oneLine(text).replace(/^error:\s*/, '')} (see '${commandLine} --help')\n`),
  };
}

async function runCheck(
  inputs: readonly string[],
  options: { format: CheckFormat; output?: string; region?: string; profile: string } & ExceptionOptions,
  context: CommandContext,
): Promise<number> {
  const { io, cwd } = context;
  if (options.output !== undefined) {
    assertWritableOutput(options.output, cwd);
  }
  // A template that cannot be loaded is listed and the others are still checked.
  const unreadable: TemplateLoadProblem[] = [];
  const loaded = loadWithProgress(inputs, { cwd, region: options.region, onTemplateError: (problem) => unreadable.push(problem) }, io);
  const checked = await checkLoaded(loaded, options.region, io, true, options);
  // In a stable order (by file), whichever stage found them.
  const loadErrors = [...unreadable, ...(checked.run.loadErrors ?? [])].sort((a, b) =>
    compareText(a.file ?? a.template, b.file ?? b.template),
  );
  const run: CheckRun = { ...checked.run, loadErrors };
  const rendered = renderCheckRun(options.format, run, {
    sources: new Map(loaded.map((template) => [template.name, template])),
    color: options.output === undefined && options.format === 'text' && shouldUseColor(io.stdout, context.env),
    elapsedSeconds: checked.elapsedSeconds,
    informationUri: toolPackage().homepage,
    cwd,
    profile: policyProfile(options.profile),
  });
  const summary = summarize(run);
  // The text format lists them itself; with the other formats (or a file) stderr says it too.
  if (options.format !== 'text' || options.output !== undefined) {
    for (const problem of loadErrors) io.stderr.write(`lgsec: ${problem.message}\n`);
    for (const warning of run.loadWarnings ?? []) io.stderr.write(`lgsec: warning: ${warning.message}\n`);
  }
  if (options.output !== undefined) {
    writeFileAtomic(options.output, rendered, cwd);
    const notLoaded = loadErrors.length > 0 ? `; ${plural(loadErrors.length, 'template')} could not be loaded` : '';
    io.stderr.write(
      `lgsec: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.acknowledged} acknowledged in ${plural(summary.templates, 'template')}${notLoaded}; wrote ${options.output}\n`,
    );
  } else {
    io.stdout.write(rendered);
  }
  if (loadErrors.length > 0) return ExitCode.USAGE;
  return summary.errors > 0 ? ExitCode.FINDINGS : ExitCode.OK;
}

type ReportCommandOptions = {
  out: string;
  format?: ReportFormat[];
  lang?: 'ja' | 'en';
  baseline?: string;
  profile: string;
} & ExceptionOptions;

async function runReport(inputs: readonly string[], options: ReportCommandOptions, context: CommandContext): Promise<number> {
  const { io, cwd } = context;
  const baseline = options.baseline === undefined ? undefined : path.resolve(cwd, options.baseline);
  if (baseline !== undefined && !fs.existsSync(baseline)) {
    throw new CliError(`--baseline ${options.baseline}: no such file; pass the lgsec-report.json of an earlier report`);
  }
  const outDir = path.resolve(cwd, options.out);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) {
    throw new CliError(`--out ${options.out}: is a file; name a folder for the report`);
  }
  const loaded = loadWithProgress(inputs, { cwd }, io);
  const { run, model } = await checkLoaded(loaded, undefined, io, false, options);
  const { writeReports, ReportInputError, gitCommitAt, workingTreeAt } = await import('../report');
  const gitCommit = gitCommitAt(cwd);
  let written: string[];
  try {
    written = writeReports(
      { run, model, templateDir: cwd, workingTree: workingTreeAt(cwd), ...(gitCommit !== undefined ? { gitCommit } : {}) },
      {
        outDir,
        ...(options.format !== undefined ? { formats: options.format } : {}),
        ...(options.lang !== undefined ? { lang: options.lang } : {}),
        ...(baseline !== undefined ? { baseline } : {}),
        profile: policyProfile(options.profile),
      },
    );
  } catch (err) {
    throw err instanceof ReportInputError ? new CliError(err.message) : err;
  }
  for (const file of written) {
    io.stdout.write(`${path.relative(cwd, file) || file}\n`);
  }
  const summary = summarize(run);
  io.stderr.write(
    `lgsec: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.acknowledged} acknowledged in ${plural(summary.templates, 'template')}; wrote ${plural(written.length, 'report file')} to ${options.out}\n`,
  );
  return summary.errors > 0 ? ExitCode.FINDINGS : ExitCode.OK;
}

async function runVerifyReport(
  report: string,
  options: { assembly?: string; templates?: string[] },
  context: CommandContext,
): Promise<number> {
  const { io, cwd } = context;
  const inputs = [...(options.assembly === undefined ? [] : [options.assembly]), ...(options.templates ?? [])];
  if (inputs.length === 0) throw new CliError('name what the report was written from: --assembly cdk.out or --templates <files>');
  const file = path.resolve(cwd, report);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the report ${report}: ${(error as Error).message}`);
  }
  const { readReportIntegrity, verifyIntegrity } = await import('../report/integrity');
  let read: ReturnType<typeof readReportIntegrity>;
  try {
    read = readReportIntegrity(report, text);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (read.integrity === undefined) {
    throw new CliError(`${report} has no integrity record (written by an lgsec before template digests); regenerate the report`);
  }
  const loaded = loadWithProgress(inputs, { cwd }, io);
  const { ruleInfo, ruleTable } = await import('../../rules/rule-table');
  const verification = verifyIntegrity(
    read.integrity,
    read.intact,
    loaded.map((template) => ({
      name: template.name,
      file: template.file,
      path: path.resolve(cwd, template.file),
      template: template.template,
    })),
    ruleTable().map(ruleInfo),
  );
  for (const note of verification.notes) io.stderr.write(`lgsec: note: ${note}\n`);
  if (verification.problems.length === 0) {
    io.stdout.write(
      `lgsec: ${report} matches: ${plural(verification.matched, 'template')} with the recorded SHA-256, and the report is as written\n`,
    );
    return ExitCode.OK;
  }
  for (const problem of verification.problems) io.stdout.write(`lgsec: ${problem.message}\n`);
  io.stderr.write(`lgsec: ${report} does not match: ${plural(verification.problems.length, 'problem')}\n`);
  return ExitCode.FINDINGS;
}

/**
 * Loads the inputs, with a progress line on a terminal once there are many templates.
 */
function loadWithProgress(
  inputs: readonly string[],
  options: { cwd: string; region?: string; onTemplateError?: (problem: TemplateLoadProblem) => void },
  io: CliIo,
): LoadedTemplate[] {
  const progress = createProgress(io.stderr);
  try {
    return loadInputs(inputs, {
      ...options,
      onTemplateFile: (displayPath, readBefore) => {
        if (readBefore >= PROGRESS_MIN_TEMPLATES) {
          progress.show(`reading template ${readBefore + 1}: ${displayPath}`);
        }
      },
    });
  } finally {
    progress.done();
  }
}

/**
 * Runs the rule pack over all loaded templates in one engine pass: a template's imports are
 * resolved against the exports of the others checked with it.
 */
async function checkLoaded(
  loaded: readonly LoadedTemplate[],
  region: string | undefined,
  io: CliIo,
  isolate = false,
  exceptions: ExceptionOptions = {},
): Promise<{ run: CheckRun; model: TemplateModel; elapsedSeconds: number }> {
  const { checkModel } = await import('../../rules/pack/check-templates');
  const { TemplateModel } = await import('../template/template-model');
  const inputs: TemplateInput[] = loaded.map((template) => ({
    name: template.name,
    template: template.template,
    file: template.file,
    ...(template.stackName !== undefined ? { stackName: template.stackName } : {}),
    ...(template.region !== undefined ? { region: template.region } : {}),
    ...(template.account !== undefined ? { account: template.account } : {}),
  }));
  const progress = createProgress(io.stderr);
  if (loaded.length > PROGRESS_MIN_TEMPLATES) {
    progress.show(`checking ${plural(loaded.length, 'template')}…`);
  }
  const started = process.hrtime.bigint();
  const byName = new Map(loaded.map((template) => [template.name, template]));
  try {
    const model = TemplateModel.load(inputs, { ...(region !== undefined ? { region } : {}) });
    const loadErrors = model.loadErrors.map((problem) => ({
      ...problem,
      message: loadErrorLine(byName.get(problem.template), problem.template, problem.message),
    }));
    if (loadErrors.length > 0 && !isolate) throw new CliError(loadErrors[0].message);
    const checked = withConsoleOn(io.stderr, () =>
      checkModel(model, {
        requireExceptionFields: exceptions.requireExceptionFields ?? false,
        ...(exceptions.checkDate === undefined ? {} : { checkDate: exceptions.checkDate }),
      }),
    );
    // What the parser read CloudFormation's way, then what the engine left unevaluated.
    const loadWarnings = [
      ...loaded.flatMap((template) => template.warnings.map((message) => ({ template: template.name, file: template.file, message }))),
      ...(checked.loadWarnings ?? []).map((warning) => ({
        ...warning,
        message: loadErrorLine(byName.get(warning.template), warning.template, warning.message),
      })),
    ];
    const run: CheckRun = loadWarnings.length > 0 ? { ...checked, loadWarnings } : checked;
    return {
      run: loadErrors.length > 0 ? { ...run, loadErrors } : run,
      model,
      elapsedSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    progress.done();
  }
}

/** `file:line: problem; fix the template`, with the line of the resource the problem names. */
function loadErrorLine(template: LoadedTemplate | undefined, name: string, problem: string): string {
  const resource = /Resources\.(Fn::ForEach::[A-Za-z0-9]+|Fn::Transform|[A-Za-z0-9]+)/.exec(problem)?.[1];
  const line = resource !== undefined ? template?.resourceLines.get(resource) : undefined;
  return `${template?.displayPath ?? template?.file ?? name}${line !== undefined ? `:${line}` : ''}: ${oneLine(problem)}`;
}

/**
 * Runs `fn` with console output sent to stderr, so that nothing a library logs while checking
 * can corrupt JSON, SARIF or JUnit on stdout.
 */
function withConsoleOn<T>(stream: CliStream, fn: () => T): T {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((method) => console[method]);
  const write = (...args: unknown[]) => {
    stream.write(`${format(...args)}\n`);
  };
  for (const method of methods) {
    console[method] = write;
  }
  try {
    return fn();
  } finally {
    methods.forEach((method, index) => {
      console[method] = saved[index];
    });
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The exceptions register's options of `check` and `report`. */
interface ExceptionOptions {
  requireExceptionFields?: boolean;
  checkDate?: string;
}

const EXCEPTION_FIELDS_HELP =
  'an acknowledgment counts only with an approver, approval date, expiry and reference (the exceptions register); without them it is a finding';
const CHECK_DATE_HELP =
  'the day exception expiries are judged on (default: today, UTC); an exception that expired before it is a finding again';

function parseCheckDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`'${value}' is not a date; write it YYYY-MM-DD, e.g. 2027-03-31`);
  return value;
}

function parseRegion(value: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(value)) {
    throw new InvalidArgumentError(`'${value}' is not an AWS region name; use e.g. ap-northeast-1 (Tokyo) or ap-northeast-3 (Osaka).`);
  }
  return value;
}

function parseReportFormats(value: string): ReportFormat[] {
  const formats = value
    .split(',')
    .map((format) => format.trim().toLowerCase())
    .filter((format) => format !== '');
  const unknown = formats.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `'${value}' is not a list of report formats; use one or more of ${REPORT_FORMATS.join(', ')}, separated by commas.`,
    );
  }
  return [...new Set(formats)] as ReportFormat[];
}

/** One line for any failure; the stack only when asked for. */
function reportFailure(err: unknown, io: CliIo, env: NodeJS.ProcessEnv): number {
  if (err instanceof CliError) {
    io.stderr.write(`lgsec: ${err.message}\n`);
    return err.exitCode;
  }
  if (env.LGSEC_DEBUG !== undefined && env.LGSEC_DEBUG !== '' && env.LGSEC_DEBUG !== '0') {
    io.stderr.write(`lgsec: internal error: ${err instanceof Error && err.stack ? err.stack : describe(err)}\n`);
  } else {
    io.stderr.write(`lgsec: internal error: ${describe(err)} (${DEBUG_HINT})\n`);
  }
  return ExitCode.USAGE;
}

function describe(err: unknown): string {
  return oneLine(err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err));
}
