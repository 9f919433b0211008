import { XMLBuilder } from 'fast-xml-parser';
import type { CheckRun, RuleResultRecord } from '../../../rules/results';
import { constructPathOf, messageOf, RenderContext, resourceLabel, rulesById } from './findings';

/** Characters XML 1.0 cannot carry at all, even escaped. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const STATUS_ORDER: Record<RuleResultRecord['status'], number> = {
  'non-compliant': 0,
  acknowledged: 1,
  compliant: 2,
  'not-applicable': 3,
};

/**
 * JUnit XML for CI test dashboards: a testsuite per template (its file, region, account and
 * resource count as properties), a testcase per (rule, resource) result. An error-level finding is a `failure`; a warning passes with the finding in
 * `system-out` (it does not fail the check either); an acknowledged result is `skipped` with its
 * reason. Not-applicable results are left out: they are every rule times every other resource
 * type, and say nothing to a CI reader (the auditor report keeps them).
 */
export function renderJunit(run: CheckRun, context: RenderContext): string {
  const rules = rulesById(run);
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  let totalErrors = 0;
  const suites = run.templates.map((template) => {
    const results = run.results
      .filter((result) => result.template === template.name && result.status !== 'not-applicable')
      .sort(
        (a, b) =>
          STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.logicalId.localeCompare(b.logicalId) || a.ruleId.localeCompare(b.ruleId),
      );
    const source = context.sources.get(template.name);
    const file = source?.file ?? template.file;
    const failures = results.filter((result) => result.status === 'non-compliant' && result.level === 'error').length;
    const skipped = results.filter((result) => result.status === 'acknowledged').length;
    totalTests += results.length;
    totalFailures += failures;
    totalSkipped += skipped;
    const properties = [
      ...(file ? [{ '@_name': 'file', '@_value': clean(file) }] : []),
      ...(template.region ? [{ '@_name': 'region', '@_value': clean(template.region) }] : []),
      ...(template.account ? [{ '@_name': 'account', '@_value': clean(template.account) }] : []),
      { '@_name': 'resources', '@_value': String(template.resources) },
    ];
    return {
      '@_name': clean(template.name),
      '@_tests': String(results.length),
      '@_failures': String(failures),
      '@_errors': '0',
      '@_skipped': String(skipped),
      ...(file ? { '@_file': clean(file) } : {}),
      properties: { property: properties },
      testcase: results.map((result) => {
        const rule = rules.get(result.ruleId);
        const line = source?.resourceLines?.get(result.logicalId);
        const testcase: Record<string, unknown> = {
          '@_name': clean(result.logicalId === '' ? `${result.ruleId} (stack)` : `${result.ruleId} ${result.logicalId}`),
          '@_classname': clean(result.logicalId === '' ? result.template : `${result.template}.${result.logicalId}`),
          ...(file ? { '@_file': clean(file) } : {}),
          ...(line !== undefined ? { '@_line': String(line) } : {}),
        };
        const detail = [
          `${result.resourceType} ${resourceLabel(result)}${file ? ` (${file}${line !== undefined ? `:${line}` : ''})` : ''}`,
          ...(constructPathOf(result, context) ? [`Construct: ${constructPathOf(result, context)}`] : []),
          `Policy clauses: ${result.clauses.join(', ')}`,
          ...(rule?.fix ? [`Fix: ${rule.fix}`] : []),
        ].join('\n');
        if (result.status === 'non-compliant' && result.level === 'error') {
          testcase.failure = {
            '@_message': clean(singleLine(messageOf(result, rule))),
            '@_type': clean(result.ruleId),
            '#text': clean(`${messageOf(result, rule)}\n${detail}`),
          };
        } else if (result.status === 'non-compliant') {
          testcase['system-out'] = clean(`warning: ${messageOf(result, rule)}\n${detail}`);
        } else if (result.status === 'acknowledged') {
          testcase.skipped = { '@_message': clean(singleLine(`acknowledged: ${result.acknowledgment?.reason ?? ''}`)) };
        }
        return testcase;
      }),
    };
  });
  // A template that could not be loaded is a suite with one errored test: nothing in it was checked.
  for (const problem of run.loadErrors ?? []) {
    totalTests++;
    totalErrors++;
    suites.push({
      '@_name': clean(problem.template),
      '@_tests': '1',
      '@_failures': '0',
      '@_errors': '1',
      '@_skipped': '0',
      ...(problem.file ? { '@_file': clean(problem.file) } : {}),
      properties: { property: problem.file ? [{ '@_name': 'file', '@_value': clean(problem.file) }] : [] },
      testcase: [
        {
          '@_name': 'load template',
          '@_classname': clean(problem.template),
          ...(problem.file ? { '@_file': clean(problem.file) } : {}),
          error: { '@_message': clean(singleLine(problem.message)), '@_type': 'TemplateLoadError', '#text': clean(problem.message) },
        },
      ],
    } as (typeof suites)[number]);
  }
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
    processEntities: true,
  });
  const xml = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'lgsec',
      '@_tests': String(totalTests),
      '@_failures': String(totalFailures),
      '@_errors': String(totalErrors),
      '@_skipped': String(totalSkipped),
      ...(context.elapsedSeconds !== undefined ? { '@_time': context.elapsedSeconds.toFixed(3) } : {}),
      testsuite: suites,
    },
  }) as string;
  return xml.endsWith('\n') ? xml : `${xml}\n`;
}

function clean(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Attribute values lose their line breaks in any XML parser; make that explicit. */
function singleLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
