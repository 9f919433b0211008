import type { CheckRun } from '../../../rules/results';
import { RenderContext } from './findings';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderSarif } from './sarif';
import { renderText } from './text';

export type { RenderContext, RunSummary, TemplateSource } from './findings';
export { summarize } from './findings';
export { toCheckJson, type CheckJsonReport } from './json';
export { toSarif, SARIF_SCHEMA_URI, FINGERPRINT_KEY } from './sarif';

/** Output formats of `lgsec check`. */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function renderCheckRun(format: CheckFormat, run: CheckRun, context: RenderContext): string {
  switch (format) {
    case 'text':
      return renderText(run, context);
    case 'json':
      return renderJson(run);
    case 'sarif':
      return renderSarif(run, context);
    case 'junit':
      return renderJunit(run, context);
  }
}
