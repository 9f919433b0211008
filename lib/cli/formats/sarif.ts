import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Location, Log, ReportingDescriptor, Result, Run } from 'sarif';
import { PolicyProfile, profileClause, SHIOJIRI_PROFILE } from '../../policy/profiles';
import type { CheckRun, RuleInfo, RuleResultRecord } from '../../../rules/results';
import { constructPathOf, messageOf, RenderContext, resourceLabel, rulesById, sortedResults } from './findings';
import { SourceLocation, sourceLocationsOf } from './source-locations';

/** The OASIS SARIF 2.1.0 schema (with errata), as GitHub code scanning documents it. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Key of our stable fingerprint in `partialFingerprints`; bump the version if its input changes. */
export const FINGERPRINT_KEY = 'lgsecFinding/v1';

/**
 * GitHub's severity scale for security results (`security-severity`): errors are "high", so a
 * branch protection rule on high alerts blocks them; warnings are "medium".
 */
const SECURITY_SEVERITY = { error: '8.0', warning: '5.0' } as const;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every rule of the pack with its
 * clauses, explanation and fix; a result per finding located at the resource's logical id in the
 * template file; acknowledged results carried as accepted in-source suppressions, with their
 * reasons, so that a viewer shows them as dismissed rather than dropping them.
 */
export function toSarif(run: CheckRun, context: RenderContext): Log {
  const ruleIndex = new Map(run.rules.map((rule, index) => [rule.id, index]));
  const rules = rulesById(run);
  const cwd = context.cwd ?? process.cwd();
  const locations = new Map<string, Map<string, SourceLocation>>();
  const sourceOf = (result: RuleResultRecord): SourceLocation | undefined => {
    const file = context.sources.get(result.template)?.file;
    if (!file || result.logicalId === '') return undefined;
    let byId = locations.get(file);
    if (!byId) locations.set(file, (byId = sourceLocationsOf(path.resolve(cwd, file))));
    return byId.get(result.logicalId);
  };
  const results = [...sortedResults(run, 'non-compliant'), ...sortedResults(run, 'acknowledged')].map((result) =>
    toResult(result, rules.get(result.ruleId), ruleIndex.get(result.ruleId), context, sourceOf(result), cwd),
  );
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lgsec',
            version: run.tool.version,
            semanticVersion: run.tool.version,
            ...(context.informationUri ? { informationUri: context.informationUri } : {}),
            rules: run.rules.map((rule) => toReportingDescriptor(rule, context.profile ?? SHIOJIRI_PROFILE)),
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        ...loadErrorInvocations(run),
      },
    ],
  };
}

export function renderSarif(run: CheckRun, context: RenderContext): string {
  return `${JSON.stringify(toSarif(run, context), null, 2)}\n`;
}

function toReportingDescriptor(rule: RuleInfo, profile: PolicyProfile): ReportingDescriptor {
  const clauseLines = rule.clauses.map((id) => {
    const entry = profileClause(profile, id);
    if (!entry) {
      return { text: id, markdown: `- \`${id}\`` };
    }
    const { number, titleJa, titleEn } = entry;
    return { text: `${number} ${titleJa} (${titleEn})`, markdown: `- \`${number}\` ${titleJa} (${titleEn})` };
  });
  const acknowledge = `Metadata: { lgsec: { acknowledgments: [ { id: "${rule.id}", reason: "<why this is acceptable>" } ] } }`;
  const text = [
    rule.explanation,
    `Fix: ${rule.fix}`,
    `Policy clauses (${profile.policy.en}): ${clauseLines.map((line) => line.text).join('; ')}`,
    `To accept a finding knowingly, acknowledge it on the resource with a reason auditors will read: ${acknowledge}`,
  ].join('\n\n');
  const markdown = [
    `**${rule.cause}**`,
    rule.explanation,
    `**Fix:** ${rule.fix}`,
    `**Policy clauses** (${profile.policy.ja} / ${profile.policy.en}):\n\n${clauseLines.map((line) => line.markdown).join('\n')}`,
    `To accept a finding knowingly, acknowledge it on the resource, with a reason auditors will read:\n\n\`\`\`yaml\nMetadata:\n  lgsec:\n    acknowledgments:\n      - id: ${rule.id}\n        reason: <why this is acceptable>\n\`\`\``,
  ].join('\n\n');
  return {
    id: rule.id,
    shortDescription: { text: rule.cause },
    fullDescription: { text: rule.explanation },
    help: { text, markdown },
    defaultConfiguration: { level: rule.level },
    properties: {
      tags: ['security', ...rule.clauses],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[rule.level],
    },
  };
}

function toResult(
  result: RuleResultRecord,
  rule: RuleInfo | undefined,
  index: number | undefined,
  context: RenderContext,
  origin: SourceLocation | undefined,
  cwd: string,
): Result {
  const message = messageOf(result, rule);
  const constructPath = constructPathOf(result, context);
  const location: Location = {
    logicalLocations: [
      {
        name: result.logicalId === '' ? result.template : result.logicalId,
        fullyQualifiedName: resourceLabel(result),
        kind: 'resource',
      },
    ],
  };
  const source = context.sources.get(result.template);
  const line = source?.resourceLines?.get(result.logicalId);
  const inTemplate: Location['physicalLocation'] = source?.file
    ? {
        artifactLocation: { uri: toRelativeUri(source.file) },
        ...(line !== undefined ? { region: { startLine: line } } : {}),
      }
    : undefined;
  // At the app's source line that created the construct (what a code-scanning view can annotate;
  // cdk.out is not in the repository), else at the resource in the template.
  if (origin) {
    location.physicalLocation = {
      artifactLocation: { uri: sourceUri(origin.file, cwd) },
      region: { startLine: origin.line, startColumn: origin.column },
    };
  } else if (inTemplate) {
    location.physicalLocation = inTemplate;
  }
  return {
    ruleId: result.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: result.level,
    message: { text: `${message} (${result.resourceType} ${resourceLabel(result)}${constructPath ? `, construct ${constructPath}` : ''})` },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(result) },
    ...(origin && inTemplate
      ? { relatedLocations: [{ id: 1, physicalLocation: inTemplate, message: { text: 'the resource in the synthesized template' } }] }
      : {}),
    properties: {
      template: result.template,
      logicalId: result.logicalId,
      resourceType: result.resourceType,
      clauses: [...result.clauses],
      ...(constructPath ? { constructPath } : {}),
    },
    ...(result.status === 'acknowledged'
      ? { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const, justification: result.acknowledgment?.reason ?? '' }] }
      : {}),
  };
}

/**
 * Templates that could not be loaded, as the failed invocation's error notifications, and what
 * was left unevaluated in those that were checked, as warning notifications.
 */
function loadErrorInvocations(run: CheckRun): Pick<Run, 'invocations'> {
  const loadErrors = run.loadErrors ?? [];
  const loadWarnings = run.loadWarnings ?? [];
  if (loadErrors.length === 0 && loadWarnings.length === 0) return {};
  const notification = (level: 'error' | 'warning', problem: { message: string; file?: string }) => ({
    level,
    message: { text: problem.message },
    ...(problem.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: toRelativeUri(problem.file) } } }] } : {}),
  });
  return {
    invocations: [
      {
        executionSuccessful: loadErrors.length === 0,
        toolExecutionNotifications: [
          ...loadErrors.map((problem) => notification('error', problem)),
          ...loadWarnings.map((warning) => notification('warning', warning)),
        ],
      },
    ],
  };
}

/** Same rule on the same resource of the same template: the same alert, wherever its line moves. */
function fingerprint(result: RuleResultRecord): string {
  return createHash('sha256').update(`${result.ruleId}\0${result.template}\0${result.logicalId}`).digest('hex');
}

/** The source file relative to the working directory (the repository root in CI), else as a file: URI. */
function sourceUri(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return toRelativeUri(relative.split(path.sep).join('/'));
  return pathToFileURL(file).href;
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function toRelativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
