/**
 * The baseline diff (policy 11, 評価及び見直し): what changed since a previous `lgsec-report.json`.
 * A result's identity is template + logical id + rule id; a resource's is template + logical id.
 */
import * as fs from 'fs';
import type { RuleStatus } from '../../rules/results';
import { BaselineDiff, compareText, REPORT_KIND, REPORT_SCHEMA_VERSION, ReportResult, ResourceEntry, ResultChange } from './model';
import { isRecord } from '../template/template-index';

/** Raised for input the report cannot use (for example a bad baseline file); the CLI exits 2 with its message. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** What the diff needs of a previous report. */
export interface Baseline {
  readonly file: string;
  readonly generatedAt?: string;
  readonly gitCommit?: string;
  readonly results: readonly Pick<
    ReportResult,
    'template' | 'logicalId' | 'ruleId' | 'status' | 'message' | 'messageJa' | 'acknowledgment'
  >[];
  readonly resources: readonly ResourceEntry[];
}

const STATUSES: readonly RuleStatus[] = ['compliant', 'non-compliant', 'not-applicable', 'acknowledged'];

/** Reads and validates a previous `lgsec-report.json`; every problem is a ReportInputError naming the file. */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(`Cannot read the baseline report ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(
      `The baseline ${file} is not valid JSON (${(error as Error).message}); pass the lgsec-report.json of a previous run.`,
    );
  }
  return parseBaseline(parsed, file);
}

/** Validates a parsed previous report. */
export function parseBaseline(parsed: unknown, file: string): Baseline {
  const notReport = (why: string): ReportInputError =>
    new ReportInputError(
      `The baseline ${file} is not an lgsec-report.json: ${why}. Pass the lgsec-report.json written by a previous 'lgsec report' or synth.`,
    );
  if (!isRecord(parsed)) throw notReport('it is not a JSON object');
  if (parsed['kind'] !== REPORT_KIND) throw notReport(`"kind" is ${JSON.stringify(parsed['kind'])}, expected "${REPORT_KIND}"`);
  const version = parsed['schemaVersion'];
  if (!Number.isInteger(version) || (version as number) < 1) throw notReport(`"schemaVersion" is ${JSON.stringify(version)}`);
  if ((version as number) > REPORT_SCHEMA_VERSION) {
    throw new ReportInputError(
      `The baseline ${file} has schemaVersion ${version as number}, newer than this lgsec reads (${REPORT_SCHEMA_VERSION}); upgrade lgsec.`,
    );
  }
  const results = parsed['results'];
  if (!Array.isArray(results)) throw notReport('"results" is missing or not a list');
  const problems: string[] = [];
  const checked: Baseline['results'][number][] = [];
  results.forEach((result: unknown, index) => {
    const where = `results[${index}]`;
    if (!isRecord(result)) {
      problems.push(`${where} is not an object`);
      return;
    }
    for (const field of ['template', 'logicalId', 'ruleId']) {
      if (typeof result[field] !== 'string') problems.push(`${where}.${field} is ${JSON.stringify(result[field])}, expected a string`);
    }
    if (!STATUSES.includes(result['status'] as RuleStatus)) {
      problems.push(`${where}.status is ${JSON.stringify(result['status'])}, expected one of ${STATUSES.join(', ')}`);
    }
    const ack = result['acknowledgment'];
    checked.push({
      template: result['template'] as string,
      logicalId: result['logicalId'] as string,
      ruleId: result['ruleId'] as string,
      status: result['status'] as RuleStatus,
      ...(typeof result['message'] === 'string' ? { message: result['message'] } : {}),
      ...(typeof result['messageJa'] === 'string' ? { messageJa: result['messageJa'] } : {}),
      ...(isRecord(ack) && typeof ack['reason'] === 'string' && typeof ack['madeAt'] === 'string'
        ? {
            acknowledgment: {
              reason: ack['reason'],
              ...(typeof ack['reasonJa'] === 'string' ? { reasonJa: ack['reasonJa'] } : {}),
              madeAt: ack['madeAt'],
            },
          }
        : {}),
    });
  });
  const inventory = parsed['inventory'];
  const resources = isRecord(inventory) ? inventory['resources'] : undefined;
  if (!Array.isArray(resources)) problems.push('"inventory.resources" is missing or not a list');
  const checkedResources: ResourceEntry[] = [];
  (Array.isArray(resources) ? resources : []).forEach((resource: unknown, index) => {
    if (
      !isRecord(resource) ||
      typeof resource['template'] !== 'string' ||
      typeof resource['logicalId'] !== 'string' ||
      typeof resource['type'] !== 'string'
    ) {
      problems.push(`inventory.resources[${index}] needs string template, logicalId and type`);
      return;
    }
    checkedResources.push({ template: resource['template'], logicalId: resource['logicalId'], type: resource['type'] });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw notReport(problems.length > 5 ? `${shown}; and ${problems.length - 5} more problems` : shown);
  }
  return {
    file,
    ...(typeof parsed['generatedAt'] === 'string' ? { generatedAt: parsed['generatedAt'] } : {}),
    ...(typeof parsed['gitCommit'] === 'string' ? { gitCommit: parsed['gitCommit'] } : {}),
    results: checked,
    resources: checkedResources,
  };
}

type Identified = Baseline['results'][number];

const resultKey = (result: { template: string; logicalId: string; ruleId: string }): string =>
  `${result.template}\u0000${result.logicalId}\u0000${result.ruleId}`;
const resourceKey = (resource: { template: string; logicalId: string }): string => `${resource.template}\u0000${resource.logicalId}`;

const compareChange = (a: ResultChange, b: ResultChange): number =>
  compareText(a.template, b.template) || compareText(a.logicalId, b.logicalId) || compareText(a.ruleId, b.ruleId);
const compareResource = (a: ResourceEntry, b: ResourceEntry): number =>
  compareText(a.template, b.template) || compareText(a.logicalId, b.logicalId);

function change(now: Identified | undefined, then: Identified | undefined, shown: Identified): ResultChange {
  return {
    template: shown.template,
    logicalId: shown.logicalId,
    ruleId: shown.ruleId,
    before: then?.status ?? 'absent',
    after: now?.status ?? 'absent',
    ...(shown.message === undefined ? {} : { message: shown.message }),
    ...(shown.messageJa === undefined ? {} : { messageJa: shown.messageJa }),
    ...(shown.acknowledgment === undefined
      ? {}
      : {
          reason: shown.acknowledgment.reason,
          ...(shown.acknowledgment.reasonJa === undefined ? {} : { reasonJa: shown.acknowledgment.reasonJa }),
          madeAt: shown.acknowledgment.madeAt,
        }),
  };
}

/** The diff between a baseline and the current results and resources. Linear: one Map per side. */
export function diffBaseline(baseline: Baseline, results: readonly Identified[], resources: readonly ResourceEntry[]): BaselineDiff {
  const before = new Map(baseline.results.map((result) => [resultKey(result), result]));
  const after = new Map(results.map((result) => [resultKey(result), result]));
  const newFindings: ResultChange[] = [];
  const resolvedFindings: ResultChange[] = [];
  const newAcknowledgments: ResultChange[] = [];
  const withdrawnAcknowledgments: ResultChange[] = [];

  for (const [id, now] of after) {
    const then = before.get(id);
    if (now.status === 'non-compliant' && then?.status !== 'non-compliant') newFindings.push(change(now, then, now));
    const reasonChanged = then?.status === 'acknowledged' && then.acknowledgment?.reason !== now.acknowledgment?.reason;
    if (now.status === 'acknowledged' && (then?.status !== 'acknowledged' || reasonChanged))
      newAcknowledgments.push(change(now, then, now));
  }
  for (const [id, then] of before) {
    const now = after.get(id);
    if (then.status === 'non-compliant' && now?.status !== 'non-compliant') resolvedFindings.push(change(now, then, then));
    if (then.status === 'acknowledged' && now?.status !== 'acknowledged') withdrawnAcknowledgments.push(change(now, then, then));
  }

  const resourcesBefore = new Map(baseline.resources.map((resource) => [resourceKey(resource), resource]));
  const resourcesAfter = new Map(resources.map((resource) => [resourceKey(resource), resource]));
  const addedResources = [...resourcesAfter].filter(([id]) => !resourcesBefore.has(id)).map(([, resource]) => resource);
  const removedResources = [...resourcesBefore].filter(([id]) => !resourcesAfter.has(id)).map(([, resource]) => resource);

  return {
    file: baseline.file,
    ...(baseline.generatedAt === undefined ? {} : { generatedAt: baseline.generatedAt }),
    ...(baseline.gitCommit === undefined ? {} : { gitCommit: baseline.gitCommit }),
    newFindings: newFindings.sort(compareChange),
    resolvedFindings: resolvedFindings.sort(compareChange),
    newAcknowledgments: newAcknowledgments.sort(compareChange),
    withdrawnAcknowledgments: withdrawnAcknowledgments.sort(compareChange),
    addedResources: addedResources.sort(compareResource),
    removedResources: removedResources.sort(compareResource),
  };
}
