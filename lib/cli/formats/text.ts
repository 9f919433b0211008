import { createColors } from 'picocolors';
import { PolicyProfile, profileClause, SHIOJIRI_PROFILE } from '../../policy/profiles';
import type { CheckRun, RuleResultRecord } from '../../../rules/results';
import { constructPathOf, messageOf, plural, RenderContext, resourceLabel, rulesById, sortedResults, summarize } from './findings';

const INDENT = '    ';

/**
 * Human-readable output, grouped by policy clause in policy order: each finding is listed under
 * the first clause its rule cites (the others are named on the finding), with where it is, what
 * is wrong and how to fix it; then the acknowledgments with their reasons; then a summary line.
 */
export function renderText(run: CheckRun, context: RenderContext): string {
  const profile = context.profile ?? SHIOJIRI_PROFILE;
  const c = createColors(context.color);
  const rules = rulesById(run);
  const summary = summarize(run);
  const lines: string[] = [];
  lines.push(
    c.bold(`lgsec ${run.tool.version}`) +
      c.dim(` · ${plural(summary.templates, 'template')}, ${plural(summary.resources, 'resource')}, ${plural(run.rules.length, 'rule')}`),
  );

  const findings = sortedResults(run, 'non-compliant');
  const byClause = new Map<string, RuleResultRecord[]>();
  for (const finding of findings) {
    const primary = finding.clauses[0] ?? '';
    byClause.set(primary, [...(byClause.get(primary) ?? []), finding]);
  }
  const clauseOrder = [...byClause.keys()].sort((a, b) => clauseRank(profile, a) - clauseRank(profile, b) || a.localeCompare(b));
  for (const clauseId of clauseOrder) {
    lines.push('');
    lines.push(c.bold(clauseHeading(profile, clauseId)));
    for (const finding of byClause.get(clauseId) ?? []) {
      const rule = rules.get(finding.ruleId);
      const label = finding.level === 'error' ? c.red('✖ error  ') : c.yellow('⚠ warning');
      const location = locationOf(finding, context);
      lines.push(
        `  ${label} ${c.bold(finding.ruleId)}  ${resourceLabel(finding)} ${c.dim(`(${finding.resourceType})`)}${location ? c.dim(`  ${location}`) : ''}`,
      );
      const constructPath = constructPathOf(finding, context);
      if (constructPath) {
        lines.push(`${INDENT}${INDENT}${c.dim(`Construct: ${constructPath}`)}`);
      }
      lines.push(`${INDENT}${INDENT}${messageOf(finding, rule)}`);
      if (rule?.fix) {
        lines.push(`${INDENT}${INDENT}${c.cyan('Fix:')} ${rule.fix}`);
      }
      const otherClauses = finding.clauses.slice(1);
      if (otherClauses.length > 0) {
        lines.push(
          `${INDENT}${INDENT}${c.dim(`Also clause ${otherClauses.map((key) => profileClause(profile, key)?.number ?? key).join(', ')}`)}`,
        );
      }
    }
  }

  const acknowledged = sortedResults(run, 'acknowledged');
  if (acknowledged.length > 0) {
    lines.push('');
    lines.push(c.bold(`Acknowledged (${acknowledged.length})`));
    for (const result of acknowledged) {
      lines.push(`  ${c.dim('○')} ${result.ruleId}  ${resourceLabel(result)}: ${result.acknowledgment?.reason ?? ''}`);
    }
  }

  const loadWarnings = run.loadWarnings ?? [];
  if (loadWarnings.length > 0) {
    lines.push('');
    lines.push(c.bold(`Read on an assumption or not evaluated (${loadWarnings.length})`));
    for (const warning of loadWarnings) {
      lines.push(`  ${c.yellow('⚠ warning')} ${warning.message}`);
    }
  }

  const loadErrors = run.loadErrors ?? [];
  if (loadErrors.length > 0) {
    lines.push('');
    lines.push(c.bold(`Not loaded, so not checked (${loadErrors.length})`));
    for (const problem of loadErrors) {
      lines.push(`  ${c.red('✖ error  ')} ${problem.message}`);
    }
  }

  lines.push('');
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.acknowledged} acknowledged`;
  const scope = `${plural(summary.templates, 'template')}, ${plural(summary.resources, 'resource')} checked`;
  const notLoaded = loadErrors.length > 0 ? c.red(c.bold(` · ${plural(loadErrors.length, 'template')} could not be loaded`)) : '';
  const notEvaluated = loadWarnings.length > 0 ? c.yellow(` · ${plural(loadWarnings.length, 'load warning')}`) : '';
  if (summary.errors > 0 || loadErrors.length > 0) {
    lines.push(c.red(c.bold(`✖ ${counts}`)) + ` · ${scope}${notLoaded}${notEvaluated}`);
  } else if (summary.warnings > 0) {
    lines.push(c.yellow(c.bold(`⚠ ${counts}`)) + ` · ${scope}${notEvaluated}`);
  } else if (loadWarnings.length > 0) {
    lines.push(
      c.yellow(c.bold(`⚠ no findings in what was evaluated`)) + ` (${summary.acknowledged} acknowledged) · ${scope}${notEvaluated}`,
    );
  } else {
    lines.push(c.green(c.bold(`✔ no findings`)) + ` (${summary.acknowledged} acknowledged) · ${scope}`);
  }
  return `${lines.join('\n')}\n`;
}

function clauseHeading(profile: PolicyProfile, clauseId: string): string {
  const entry = profileClause(profile, clauseId);
  if (!entry) {
    return clauseId === '' ? 'No policy clause' : `Clause ${clauseId}`;
  }
  return `${entry.number} ${entry.titleJa} · ${entry.titleEn}`;
}

/** Position in the profile's policy order; unknown clauses last. */
function clauseRank(profile: PolicyProfile, clauseId: string): number {
  const index = profile.clauses.findIndex((entry) => entry.key === clauseId);
  return index === -1 ? profile.clauses.length : index;
}

function locationOf(result: RuleResultRecord, context: RenderContext): string | undefined {
  const source = context.sources.get(result.template);
  if (!source?.file) {
    return undefined;
  }
  const line = source.resourceLines?.get(result.logicalId);
  return line === undefined ? source.file : `${source.file}:${line}`;
}
