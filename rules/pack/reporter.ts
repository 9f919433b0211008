import * as fs from 'fs';
import * as path from 'path';
import type { TemplateModel } from '../../lib/template/template-model';
import type { CheckRun } from '../results';

/** File the results reporter writes into the cloud assembly. */
export const RESULTS_FILE = 'lgsec-results.json';

/** What a reporter is handed after each check at synthesis. */
export interface CheckReportContext {
  /** The templates the run checked, as the rules read them. */
  readonly model: TemplateModel;
  /** The cloud assembly folder (`cdk.out`). */
  readonly assemblyDir: string;
}

/**
 * Receives every check run at synthesis: the complete run (every rule result, compliant and
 * not-applicable too) and the model of the templates it checked. The pack calls it and knows
 * nothing of what it writes: the auditor report is one reporter, the results file another.
 */
export interface ICheckReporter {
  report(run: CheckRun, context: CheckReportContext): void;
}

/** Writes the run as JSON into the cloud assembly (`lgsec-results.json`). */
export class ResultsFileReporter implements ICheckReporter {
  report(run: CheckRun, context: CheckReportContext): void {
    writeResultsFile(run, context.assemblyDir);
  }
}

/** Several reporters, called in order. */
export class CombinedReporter implements ICheckReporter {
  private readonly reporters: readonly ICheckReporter[];

  constructor(...reporters: ICheckReporter[]) {
    this.reporters = reporters;
  }

  report(run: CheckRun, context: CheckReportContext): void {
    for (const reporter of this.reporters) reporter.report(run, context);
  }
}

/** The run as JSON in the cloud assembly. */
export function writeResultsFile(run: CheckRun, assemblyDir: string): void {
  fs.mkdirSync(assemblyDir, { recursive: true });
  fs.writeFileSync(path.join(assemblyDir, RESULTS_FILE), JSON.stringify(run));
}
