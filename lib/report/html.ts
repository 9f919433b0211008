/**
 * The HTML rendering: one self-contained file (inline CSS and SVG, no scripts, no external
 * assets, a Content-Security-Policy that forbids both) that prints on A4. Every value that comes
 * from a template, a rule or an acknowledgment goes through `escapeHtml`.
 */
import { ClauseKind } from '../policy/clauses';
import { acknowledgmentReason, changeReason, resultMessage, ruleTexts } from './localize';
import { format, Messages } from './messages';
import { CLAUSE_VERDICTS, ClauseEntry, ReportDocument, ReportResult, ResourceEntry, ResultChange } from './model';
import { escapeHtml as e } from './private/escape';
import {
  checklistText,
  configRuleRows,
  mailReceiptRows,
  remoteSessionRows,
  reportMessages,
  ClauseResults,
  clauseNumber,
  clauseNumbering,
  clauseTitle,
  controlText,
  displayTime,
  glossaryRows,
  resourceLabel,
  resultDetail,
  resultsByClause,
  yesNo,
  zoneName,
} from './private/view';
import { ACCOUNT_AGNOSTIC } from './inventory';
import { INTEGRITY_META, SEAL_MARK } from './integrity';
import { exceptionsRegister, integrityMetaContent, integrityRows, responsibilityText, workingTreeText } from './private/evidence';
import { clauseChart, networkDiagram } from './svg';

type Cell = string | { html: string; cls?: string };

/** A table; plain string cells are escaped, `{ html }` cells are trusted markup built here. */
function table(headers: readonly string[], rows: readonly (readonly Cell[])[], cls = ''): string {
  const head = headers.map((header) => `<th scope="col">${e(header)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell) =>
            typeof cell === 'string'
              ? `<td>${e(cell)}</td>`
              : `<td${cell.cls === undefined ? '' : ` class="${cell.cls}"`}>${cell.html}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table${cls === '' ? '' : ` class="${cls}"`}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const lines = (values: readonly string[]): Cell => ({ html: values.length === 0 ? '—' : values.map(e).join('<br>') });
const code = (value: string): Cell => ({ html: `<code>${e(value)}</code>` });
/** A rule id: on paper it breaks only after a hyphen, never inside a word. */
const ruleHtml = (id: string): string => `<code class="rule">${e(id)}</code>`;
const ruleCode = (id: string): Cell => ({ html: ruleHtml(id) });

function statusCell(status: string, t: Messages): Cell {
  const key = `status.${status}` as keyof Messages;
  return { html: `<span class="status s-${e(status)}">${e(t[key] ?? status)}</span>` };
}

function verdictHtml(verdict: ClauseEntry['verdict'], t: Messages): string {
  return `<span class="verdict v-${verdict}">${e(t[`verdict.${verdict}`])}</span>`;
}

function verdictCell(clause: ClauseEntry, t: Messages): Cell {
  return { html: verdictHtml(clause.verdict, t) };
}

/**
 * Sections of the front part, in this order when present: what an auditor prints, reads and
 * signs. The exceptions register belongs here too when the report has one.
 */
const FRONT_SECTIONS: readonly string[] = [
  'summary',
  'not-evaluated',
  'baseline',
  'matrix',
  'findings',
  'acknowledgments',
  'exceptions',
  'checklist',
];

/** A construct path, escaped, that may break after each `/` (ids inside it never break). */
const pathHtml = (value: string): string => value.split('/').map(e).join('/<wbr>');

/** Where a result is: the template file (the stack name when there is none), the logical id and the construct path. */
function locationCell(result: ReportResult, files: ReadonlyMap<string, string | undefined>, t: Messages): Cell {
  const file = files.get(result.template) ?? result.template;
  return {
    html:
      `<span class="id">${e(file)}</span><br><code>${e(resourceLabel(result.logicalId, t))}</code>` +
      (result.constructPath === undefined ? '' : `<br><small class="id">${pathHtml(result.constructPath)}</small>`),
    cls: 'location',
  };
}

function section(id: string, title: string, body: string, cls = ''): string {
  return `<section id="${id}"${cls === '' ? '' : ` class="${cls}"`}>\n<h2>${e(title)}</h2>\n${body}\n</section>`;
}

const CSS = (t: Messages): string => `
@page { size: A4; margin: 15mm 12mm 16mm 12mm;
  @top-right { content: "${t.classificationMark.replace(/["\\]/g, '')}"; color: #b71c1c; font-size: 9pt; font-weight: bold; }
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
@page wide { size: A4 landscape; }
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #212121; margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 20pt; margin: 0.3em 0; }
h2 { font-size: 15pt; border-bottom: 2px solid #37474f; padding-bottom: 2px; margin-top: 1.6em; }
h3 { font-size: 12pt; margin: 1.2em 0 0.4em; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 9pt; }
th, td { border: 1px solid #b0bec5; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
/* Rule ids, regions, accounts and file names break only where a line may break (after a hyphen), never mid-word. */
code.rule, code.path, .id, td.clauses { overflow-wrap: normal; word-break: keep-all; }
td.id { white-space: nowrap; }
th { background: #eceff1; }
thead { display: table-header-group; }
tr, .card, svg, figure { break-inside: avoid; page-break-inside: avoid; }
code { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 0.95em; }
.mark { display: inline-block; border: 3px solid #b71c1c; color: #b71c1c; font-weight: bold; padding: 4px 12px; font-size: 13pt; }
.cover { border-bottom: 4px double #37474f; padding-bottom: 1em; }
.cover .mark { float: right; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
.note { border-left: 4px solid #b71c1c; padding: 4px 10px; background: #fff8f8; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { border: 1px solid #b0bec5; border-radius: 6px; padding: 6px 12px; min-width: 110px; }
.card .value { font-size: 18pt; font-weight: bold; }
.status, .verdict { white-space: nowrap; font-weight: bold; }
.s-compliant, .v-passed { color: #2e7d32; }
.s-non-compliant, .v-failed { color: #c62828; }
.s-acknowledged, .v-acknowledged { color: #9a6700; }
.s-not-applicable, .v-not-applicable, .v-context { color: #607d8b; }
.v-manual { color: #6d4c41; }
.v-inherited, .v-other-organization { color: #1565c0; }
table.matrix td:first-child, table.checklist td:nth-child(2), .status, .verdict { white-space: nowrap; }
table.checklist th:nth-child(5) { width: 16%; }
table.checklist th:nth-child(6) { width: 12%; }
table.sign-off td { height: 2.4em; }
.sign-off-note { break-after: avoid; }
table.sign-off { break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.clause-block { border-top: 1px solid #cfd8dc; margin-top: 1em; }
.clause-block h3 { break-before: auto; }
.muted, .empty { color: #607d8b; }
.print-only { display: none; }
details summary { cursor: default; color: #455a64; }
.na-list { font-size: 8.5pt; color: #455a64; }
.box { display: inline-block; width: 12px; height: 12px; border: 1px solid #212121; }
.chart text { font-size: 12px; }
.chart .clause-id { font-weight: bold; }
svg { max-width: 100%; height: auto; }
.wide { page: wide; }
.footer { margin-top: 2em; border-top: 1px solid #b0bec5; color: #b71c1c; font-weight: bold; font-size: 9pt; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .front, .details, .details > section { break-before: page; page-break-before: always; }
  .front > section { break-before: auto; page-break-before: auto; }
  .front > section + section { margin-top: 1.2em; }
  .screen-only, nav { display: none; }
  .print-only { display: inline; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Renders the report as one HTML document. */
export function renderHtml(doc: ReportDocument): string {
  const { lang } = doc;
  const t = reportMessages(doc);
  const numbered = clauseNumbering(doc);
  const files = new Map(doc.environment.stacks.map((stack) => [stack.name, stack.file]));
  const byClause = resultsByClause(doc);
  // The front part is what an auditor prints and signs (a few pages); the details support it and
  // start on a new page. A section is in front when its id is listed here.
  const front: string[] = [];
  const details: string[] = [];
  const place = (html: string): void => {
    const inFront = FRONT_SECTIONS.some((id) => html.startsWith(`<section id="${id}"`));
    (inFront ? front : details).push(html);
  };

  place(summarySection(doc, t));
  const notEvaluated = notEvaluatedSection(doc, t);
  if (notEvaluated) place(notEvaluated);
  if (doc.baseline) place(baselineSection(doc, t));
  place(
    section(
      'matrix',
      t.matrix,
      `<p>${e(t.matrixIntro)}</p>` +
        table(
          [t.clause, t.title, t.kind, t.rules, t.pass, t.fail, t.acknowledgedShort, t.notApplicableShort, t.verdict],
          doc.clauses.map((clause) => [
            { html: `<a href="#clause-${e(clause.id)}">${e(clauseNumber(clause))}</a>` },
            clauseTitle(clause, lang),
            t[`kind.${clause.kind}`],
            {
              // On paper the count: the rules of each clause are listed in the details.
              html:
                `<span class="screen-only">${clause.rules.map(ruleHtml).join('<br>') || e('—')}</span>` +
                `<span class="print-only">${clause.rules.length}</span>`,
            },
            { html: String(clause.counts.compliant), cls: 'num' },
            { html: String(clause.counts.nonCompliant), cls: 'num' },
            { html: String(clause.counts.acknowledged), cls: 'num' },
            { html: String(clause.counts.notApplicable), cls: 'num' },
            verdictCell(clause, t),
          ]),
          'matrix',
        ),
    ),
  );

  const findings = doc.results.filter((result) => result.status === 'non-compliant');
  place(
    section(
      'findings',
      t.findings,
      `<p>${e(t.findingsIntro)}</p>` +
        (findings.length === 0
          ? `<p class="empty">${e(t.noFindings)}</p>`
          : table(
              [t.level, t.rule, t.clauses, t.location, t.resourceType, t.message],
              findings.map((result) => [
                t[`level.${result.level}`],
                ruleCode(result.ruleId),
                { html: e(numbered(result.clauses)), cls: 'clauses' },
                locationCell(result, files, t),
                result.resourceType,
                resultMessage(result, lang) ?? '',
              ]),
            )),
    ),
  );

  const acks = doc.results.filter((result) => result.status === 'acknowledged');
  place(
    section(
      'acknowledgments',
      t.acknowledgments,
      `<p>${e(t.acknowledgmentsIntro)}</p>` +
        (acks.length === 0
          ? `<p class="empty">${e(t.noAcknowledgments)}</p>`
          : table(
              [t.rule, t.clauses, t.location, t.reason, t.madeAt],
              acks.map((result) => [
                ruleCode(result.ruleId),
                { html: e(numbered(result.clauses)), cls: 'clauses' },
                locationCell(result, files, t),
                acknowledgmentReason(result, lang) ?? '',
                { html: `<code class="path">${pathHtml(result.acknowledgment?.madeAt ?? '')}</code>` },
              ]),
            )),
    ),
  );

  place(exceptionsSection(doc, t));

  const manual = doc.clauses.filter((clause) => clause.manualCheck);
  place(
    section(
      'checklist',
      t.checklist,
      `<p>${e(t.checklistIntro)}</p>` +
        table(
          [t.done, t.clause, t.title, t.toVerify, t.checkedBy, t.date],
          manual.map((clause) => [
            { html: '<span class="box"></span>' },
            clauseNumber(clause),
            clauseTitle(clause, lang),
            checklistText(clause, t),
            '',
            '',
          ]),
          'checklist',
        ) +
        `<p class="sign-off-note">${e(t.signOff)}</p>` +
        table([t.checkedBy, t.signature, t.date], [['', '', '']], 'sign-off'),
    ),
  );

  place(section('clauses', t.clauseDetails, doc.clauses.map((clause) => clauseBlock(clause, byClause.get(clause.id)!, doc, t)).join('\n')));

  const inherited = doc.clauses.filter((clause) => clause.kind === ClauseKind.INHERITED);
  place(
    section(
      'inherited',
      t.inherited,
      `<p>${e(t.inheritedIntro)}</p>` +
        inherited
          .map(
            (clause) => `<div class="clause-block" id="inherited-${e(clause.id)}">
<h3>${e(clauseNumber(clause))} ${e(clauseTitle(clause, lang))} — ${verdictHtml(clause.verdict, t)}</h3>
<p>${e(clause.onAws ?? clause.meaning)}</p>
<h4>${e(t.evidence)}</h4>
<ul><li>${e(t.evidenceIsmap)}</li><li>${e(t.evidenceArtifact)}</li><li>${e(format(t.evidenceRegions, { regions: doc.environment.regions.join(', ') || t.unknown }))}</li></ul>
</div>`,
          )
          .join('\n'),
    ),
  );

  place(inventorySection(doc, t));
  place(
    section(
      'network',
      t.networkDiagram,
      `<p>${e(t.networkDiagramIntro)}</p><figure>${networkDiagram(doc.inventory, t, lang)}</figure>`,
      'wide',
    ),
  );

  place(
    section(
      'rules',
      t.ruleCatalogue,
      table(
        [t.rule, t.level, t.area, t.clauses, t.cause, t.explanation, t.fix, t.controls],
        doc.rules.map((rule) => {
          const texts = ruleTexts(rule, lang);
          return [
            ruleCode(rule.qualifiedId),
            t[`level.${rule.level}`],
            rule.area,
            numbered(rule.clauses),
            texts.cause,
            texts.explanation,
            texts.fix,
            rule.controls.join(', '),
          ];
        }),
      ),
    ),
  );

  const glossary: [string, string, string][] = [
    ['compliant', t['status.compliant'], t.glossaryPass],
    ['non-compliant', t['status.non-compliant'], t.glossaryFail],
    ['acknowledged', t['status.acknowledged'], t.glossaryAcknowledged],
    ['not-applicable', t['status.not-applicable'], t.glossaryNotApplicable],
    ['manual', t['verdict.manual'], t.glossaryManual],
    ['inherited', t['verdict.inherited'], t.glossaryInherited],
    ['context', t['verdict.context'], t.glossaryContext],
  ];
  const terms = glossaryRows(t, lang);
  place(
    section(
      'glossary',
      t.glossary,
      `<dl>${glossary.map(([, term, text]) => `<dt><strong>${e(term)}</strong></dt><dd>${e(text)}</dd>`).join('')}</dl>` +
        `<h3>${e(t.glossaryClassification)}</h3>` +
        table([t.classLevel, t.meaning], terms.classification) +
        `<h3>${e(t.glossaryZones)}</h3>` +
        table([t.zone, t.meaning], terms.zones) +
        (doc.notes.length === 0
          ? ''
          : `<h3>${e(t.dataNotes)}</h3>` +
            table(
              [t.detail, ''],
              doc.notes.map((note) => [t[`note.${note.code}`], note.subject]),
            )),
    ),
  );

  const toc = [
    ['summary', t.summary],
    ...(notEvaluated ? [['not-evaluated', t.notEvaluated]] : []),
    ...(doc.baseline ? [['baseline', t.baseline]] : []),
    ['matrix', t.matrix],
    ['findings', t.findings],
    ['acknowledgments', t.acknowledgments],
    ['exceptions', t.exceptionsRegister],
    ['checklist', t.checklist],
    ['clauses', t.clauseDetails],
    ['inherited', t.inherited],
    ['inventory', t.inventory],
    ['network', t.networkDiagram],
    ['rules', t.ruleCatalogue],
    ['glossary', t.glossary],
    ...(doc.integrity ? [['integrity', t.integrity]] : []),
  ];
  if (doc.integrity) place(integritySection(doc, t));
  const integrityMeta = integrityMetaContent(doc);
  const title = `${t.documentTitle} — ${doc.policy[lang]}`;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lgsec ${e(doc.tool.version)}">
${integrityMeta === undefined ? '' : `<meta name="${INTEGRITY_META}" content="${e(integrityMeta)}">\n`}<title>${e(`[${t.classificationMark}] ${title}`)}</title>
<style>${CSS(t)}</style>
</head>
<body>
<header class="cover" id="cover">
<div class="mark" id="classification-mark">${e(t.classificationMark)}</div>
<h1>${e(t.documentTitle)}</h1>
<p class="policy">${e(doc.policy[lang])}</p>
<dl>
<dt>${e(t.policy)}</dt><dd>${e(`${doc.policy.ja} / ${doc.policy.en}`)}</dd>
<dt>${e(t.generatedAt)}</dt><dd class="generated-at">${e(displayTime(doc.generatedAt))}</dd>
<dt>${e(t.toolVersion)}</dt><dd>lgsec ${e(doc.tool.version)}${doc.tool.checkedWith === doc.tool.version ? '' : ` (${e(format(t.checkedWith, { version: doc.tool.checkedWith }))})`}</dd>
<dt>${e(t.gitCommit)}</dt><dd>${doc.gitCommit === undefined ? e(t.notAvailable) : `<code>${e(doc.gitCommit)}</code>`}</dd>
<dt>${e(t.workingTree)}</dt><dd class="working-tree">${e(workingTreeText(doc, t))}</dd>
<dt>${e(t.regions)}</dt><dd>${e(doc.environment.regions.join(', ') || t.unknown)}</dd>
<dt>${e(t.accounts)}</dt><dd>${e(doc.environment.accounts.join(', ') || t.unknown)}</dd>
</dl>
<p class="note">${e(t.classificationNote)}</p>
<div id="scope"><h3>${e(t.scopeTitle)}</h3><p>${e(t.scopeChecked)}</p><p>${e(t.scopeNotChecked)}</p></div>
<h3>${e(t.stacks)}</h3>
${table(
  [t.stack, t.file, t.region, t.account, t.resources],
  doc.environment.stacks.map((stack) => [
    { html: e(stack.name), cls: 'id' },
    { html: e(stack.file ?? '—'), cls: 'id' },
    { html: e(stack.region ?? t.unknown), cls: 'id' },
    { html: e(stack.account ?? t.unknown), cls: 'id' },
    { html: stack.resources === undefined ? '—' : String(stack.resources), cls: 'num' },
  ]),
)}
<nav><h3>${e(t.contents)}</h3><ol>${toc.map(([id, label]) => `<li><a href="#${id}">${e(label)}</a></li>`).join('')}</ol></nav>
</header>
<main>
<div class="front" id="front">
${front.join('\n')}
</div>
<div class="details" id="details">
<h2 class="part">${e(t.detailsPart)}</h2>
<p>${e(t.detailsPartIntro)}</p>
${details.join('\n')}
</div>
</main>
<footer class="footer">${e(t.classificationMark)} — ${e(doc.policy[lang])}${doc.integrity ? ` — <small class="seal">${SEAL_MARK}</small>` : ''}</footer>
</body>
</html>
`;
}

function exceptionsSection(doc: ReportDocument, t: Messages): string {
  const { exceptions, designDecisions } = exceptionsRegister(doc, t);
  return section(
    'exceptions',
    t.exceptionsRegister,
    `<p>${e(t.exceptionsIntro)}</p>` +
      (exceptions.length === 0
        ? `<p class="empty">${e(t.noExceptions)}</p>`
        : table(
            [t.rule, t.resource, t.reason, t.approver, t.approvedOn, t.expiresOn, t.reference, t.madeAt],
            exceptions.map((row) => [
              code(row.ruleId),
              row.resource,
              row.reason,
              row.approver,
              row.approvedOn,
              row.expiresOn,
              row.reference,
              code(row.madeAt),
            ]),
            'exceptions',
          )) +
      (designDecisions.length === 0
        ? ''
        : `<h3>${e(t.designDecisions)}</h3><p>${e(t.designDecisionsIntro)}</p>` +
          table(
            [t.rule, t.resource, t.reason, t.madeAt],
            designDecisions.map((row) => [code(row.ruleId), row.resource, row.reason, code(row.madeAt)]),
            'design-decisions',
          )),
  );
}

function integritySection(doc: ReportDocument, t: Messages): string {
  const rows = integrityRows(doc, t).map((row) => [row.label, row.code ? code(row.value) : row.value] as Cell[]);
  return section(
    'integrity',
    t.integrity,
    `<p>${e(t.integrityIntro)}</p>` +
      table([t.detail, ''], rows) +
      `<h3>${e(t.templateDigests)}</h3>` +
      table(
        [t.stack, t.file, t.digestOf, 'SHA-256'],
        doc.integrity!.templates.map((digest) => [digest.name, digest.file ?? '—', t[`digestOf.${digest.of}`], code(digest.sha256)]),
        'digests',
      ) +
      `<p class="muted">${e(t.seal)}: ${e(t.footerSeal)}</p>`,
  );
}

function summarySection(doc: ReportDocument, t: Messages): string {
  const { summary } = doc;
  const card = (label: string, value: number, cls = ''): string =>
    `<div class="card ${cls}"><div class="label">${e(label)}</div><div class="value">${value}</div></div>`;
  const cards = [
    card(t.templatesChecked, summary.templates),
    card(t.resourcesChecked, summary.resources),
    card(t['status.compliant'], summary.results.compliant, 's-compliant'),
    card(t['status.non-compliant'], summary.results.nonCompliant, 's-non-compliant'),
    card(t['status.acknowledged'], summary.results.acknowledged, 's-acknowledged'),
    card(t['status.not-applicable'], summary.results.notApplicable, 's-not-applicable'),
    card(t.errors, summary.errors, 's-non-compliant'),
    card(t.warnings, summary.warnings),
  ].join('');
  const verdicts = CLAUSE_VERDICTS.map(
    (verdict) => [{ html: verdictHtml(verdict, t) }, { html: String(summary.clauses[verdict]), cls: 'num' }] as Cell[],
  );
  return section(
    'summary',
    t.summary,
    `<h3>${e(t.resultsByStatus)}</h3><div class="cards" id="status-counts">${cards}</div>
<h3>${e(t.clausesByVerdict)}</h3>${table([t.verdict, t.count], verdicts, 'verdicts')}
<div class="screen-only"><h3>${e(t.chartTitle)}</h3><p class="muted">${e(t.chartDescription)}</p>
<figure>${clauseChart(doc.clauses, t, doc.lang)}</figure></div>`,
  );
}

function baselineSection(doc: ReportDocument, t: Messages): string {
  const diff = doc.baseline!;
  const statusLabel = (status: string): string => t[`status.${status}` as keyof Messages] ?? status;
  const changes = (title: string, list: readonly ResultChange[], withReason: boolean): string =>
    `<h3>${e(title)} (${list.length})</h3>` +
    (list.length === 0
      ? `<p class="empty">${e(t.noChanges)}</p>`
      : table(
          [t.template, t.resource, t.rule, t.before, t.after, t.detail],
          list.map((change) => [
            change.template,
            code(resourceLabel(change.logicalId, t)),
            ruleCode(change.ruleId),
            statusLabel(change.before),
            statusLabel(change.after),
            lines([
              ...(change.message === undefined ? [] : [resultMessage(change, doc.lang) ?? '']),
              ...(withReason && change.reason !== undefined
                ? [`${t.reason}: ${changeReason(change, doc.lang) ?? ''}`, `${t.madeAt}: ${change.madeAt ?? ''}`]
                : []),
              ...(change.before === 'acknowledged' && change.after === 'acknowledged' ? [t.reasonChanged] : []),
            ]),
          ]),
        ));
  const resources = (title: string, list: readonly ResourceEntry[]): string =>
    `<h3>${e(title)} (${list.length})</h3>` +
    (list.length === 0
      ? `<p class="empty">${e(t.noChanges)}</p>`
      : table(
          [t.template, t.resource, t.resourceType],
          list.map((resource) => [resource.template, code(resource.logicalId), resource.type]),
        ));
  return section(
    'baseline',
    t.baseline,
    `<p>${e(
      format(t.baselineFrom, {
        file: diff.file,
        generatedAt: diff.generatedAt === undefined ? t.unknown : displayTime(diff.generatedAt),
        commit: diff.gitCommit ?? t.notAvailable,
      }),
    )}</p>` +
      changes(t.newFindings, diff.newFindings, false) +
      changes(t.resolvedFindings, diff.resolvedFindings, false) +
      changes(t.newAcknowledgments, diff.newAcknowledgments, true) +
      changes(t.withdrawnAcknowledgments, diff.withdrawnAcknowledgments, true) +
      resources(t.addedResources, diff.addedResources) +
      resources(t.removedResources, diff.removedResources),
  );
}

function clauseBlock(clause: ClauseEntry, results: ClauseResults, doc: ReportDocument, t: Messages): string {
  const parts: string[] = [];
  parts.push(`<div class="clause-block" id="clause-${e(clause.id)}" data-clause="${e(clause.id)}">`);
  parts.push(
    `<h3>${e(clauseNumber(clause))} ${e(clauseTitle(clause, doc.lang))} <small>${e(doc.lang === 'ja' ? clause.titleEn : clause.titleJa)}</small></h3>`,
  );
  parts.push(`<p>${e(t.kind)}: ${e(t[`kind.${clause.kind}`])} · ${e(t.verdict)}: ${verdictHtml(clause.verdict, t)}</p>`);
  const responsibility = responsibilityText(clause, t);
  if (responsibility !== undefined) {
    parts.push(`<p class="responsibility"><strong>${e(t.responsibility)}:</strong> ${e(responsibility.who)}</p>`);
    parts.push(`<p class="evidence-to-ask"><strong>${e(t.evidenceToAsk)}:</strong> ${e(responsibility.evidence)}</p>`);
  }
  parts.push(`<p><strong>${e(t.meaning)}:</strong> ${e(clause.meaning)}</p>`);
  if (clause.guideline !== undefined && clause.guideline !== clauseNumber(clause)) {
    parts.push(`<p class="muted">${e(t.guidelineRef)}: ${e(clause.guideline)}</p>`);
  }
  if (clause.onAws !== undefined) parts.push(`<p><strong>${e(t.onAws)}:</strong> ${e(clause.onAws)}</p>`);
  if (clause.rules.length === 0) {
    parts.push(`<p class="muted">${e(t.noRules)}</p>`);
  } else {
    parts.push(`<p><strong>${e(t.rules)}:</strong> ${clause.rules.map(ruleHtml).join(', ')}</p>`);
  }
  if (results.applicable.length > 0) {
    parts.push(
      table(
        [t.status, t.rule, t.template, t.resource, t.resourceType, t.detail],
        results.applicable.map((result: ReportResult) => [
          statusCell(result.status, t),
          ruleCode(result.ruleId),
          result.template,
          {
            html: `<code>${e(resourceLabel(result.logicalId, t))}</code>${result.constructPath === undefined ? '' : `<br><small>${e(result.constructPath)}</small>`}`,
          },
          result.resourceType,
          lines(resultDetail(result, t, doc.lang)),
        ]),
        'results',
      ),
    );
  }
  for (const [ruleId, list] of [...results.notApplicable].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    parts.push(
      `<details><summary>${e(format(t.notApplicableList, { count: list.length }))} — ${ruleHtml(ruleId)}</summary>` +
        `<p class="na-list">${list.map((result) => e(`${result.template}/${resourceLabel(result.logicalId, t)}`)).join(', ')}</p></details>`,
    );
  }
  parts.push('</div>');
  return parts.join('\n');
}

function accountsHtml(doc: ReportDocument, t: Messages): string {
  const { accounts, separation, guardrails } = doc.inventory;
  const lang = doc.lang;
  const parts = [`<h3>${e(t.accountsHeading)}</h3>`, `<p>${e(t.accountsIntro)}</p>`];
  if (separation.kind === 'iam-only') {
    parts.push(
      `<div class="note"><p><strong>${e(t.separationIamOnly)}</strong></p><ul>${(separation.shared ?? []).map((shared) => `<li>${e(shared)}</li>`).join('')}</ul></div>`,
    );
  } else if (separation.kind === 'accounts') {
    parts.push(`<p>${e(t.separationAccounts)}</p>`);
  }
  parts.push(
    table(
      [t.account, t.zone, t.services, t.stacks, t.guardrailsAttached],
      accounts.map((entry) => [
        entry.account === ACCOUNT_AGNOSTIC ? t.accountAgnostic : code(entry.account),
        lines(entry.zones.map((zone) => zoneName(zone, t, lang))),
        lines(entry.services.map((service) => t[`service.${service}` as 'service.log-archive'] ?? service)),
        lines(entry.stacks),
        { html: entry.guardrails.length === 0 ? '—' : entry.guardrails.map((name) => `<code>${e(name)}</code>`).join('<br>') },
      ]),
      'accounts',
    ),
  );
  parts.push(`<h3>${e(t.guardrails)}</h3>`, `<p>${e(t.guardrailsIntro)}</p>`);
  parts.push(
    guardrails.length === 0
      ? `<p class="empty">${e(t.noGuardrails)}</p>`
      : table(
          [t.name, t.enforcedBy, t.policyType, t.guardrail, t.zone, t.targets, t.size, t.template],
          guardrails.map((g) => [
            code(g.name),
            t[`enforcedBy.${g.enforcedBy}`],
            g.mechanism === undefined ? g.type : `${g.type} (${g.mechanism})`,
            g.guardrail ?? '—',
            lines(g.zones.map((zone) => zoneName(zone, t, lang))),
            lines(g.targets),
            { html: g.size === undefined ? '—' : String(g.size), cls: 'num' },
            g.template,
          ]),
          'guardrails',
        ),
  );
  return parts.join('\n');
}

function continuousComplianceHtml(doc: ReportDocument, t: Messages): string {
  const packs = doc.inventory.continuousCompliance?.conformancePacks ?? [];
  const parts = [`<h3>${e(t.continuousCompliance)}</h3>`, `<p>${e(t.continuousComplianceIntro)}</p>`];
  if (packs.length === 0) return [...parts, `<p class="empty">${e(t.noConformancePacks)}</p>`].join('\n');
  const unread = packs.filter((pack) => pack.unread !== undefined);
  if (unread.length > 0) {
    parts.push(
      `<div class="note"><ul>${unread.map((pack) => `<li><code>${e(pack.name)}</code> (${e(pack.template)}): ${e(format(t.packUnread, { reason: pack.unread ?? '' }))}</li>`).join('')}</ul></div>`,
    );
  }
  parts.push(
    table(
      [t.configRule, t.clauses, t.why, t.deployedBy],
      configRuleRows(doc, t).map((row) => [
        { html: `<code>${e(row.rule)}</code><br><small>${e(row.identifier)}</small>` },
        row.clauses,
        row.why,
        lines(row.deployedBy),
      ]),
      'config-rules',
    ),
  );
  return parts.join('\n');
}

function remoteSessionsHtml(doc: ReportDocument, t: Messages): string {
  const rows = remoteSessionRows(doc, t);
  const parts = [`<h3>${e(t.remoteSessions)}</h3>`, `<p>${e(t.remoteSessionsIntro)}</p>`];
  if (rows.length === 0) return [...parts, `<p class="empty">${e(t.noRemoteSessions)}</p>`].join('\n');
  parts.push(
    table(
      [t.name, t.zone, t.openPaths, t.recordedReasons, t.reachedThrough, t.template],
      rows.map((row) => [
        { html: `<code>${e(row.name)}</code><br><small>${e(row.kind)}</small>` },
        row.zone,
        row.openPaths,
        lines(row.reasons),
        lines(row.access),
        row.template,
      ]),
      'remote-sessions',
    ),
  );
  return parts.join('\n');
}

function mailReceiptsHtml(doc: ReportDocument, t: Messages): string {
  const rows = mailReceiptRows(doc, t);
  const parts = [`<h3>${e(t.mailReceipts)}</h3>`, `<p>${e(t.mailReceiptsIntro)}</p>`];
  if (rows.length === 0) return [...parts, `<p class="empty">${e(t.noMailReceipts)}</p>`].join('\n');
  parts.push(
    table(
      [t.recipients, t.region, t.mailTls, t.mailScanning, t.deliversTo, t.template],
      rows.map((row) => [
        { html: `${e(row.recipients)}<br><small>${e(row.kind)}</small>` },
        row.region,
        row.tls,
        row.scanning,
        lines(row.deliversTo),
        row.template,
      ]),
      'mail-receipts',
    ),
  );
  return parts.join('\n');
}

function inventorySection(doc: ReportDocument, t: Messages): string {
  const { inventory, lang } = doc;
  const vpcByKey = new Map(inventory.vpcs.map((vpc) => [vpc.key, vpc]));
  const parts: string[] = [accountsHtml(doc, t), remoteSessionsHtml(doc, t), mailReceiptsHtml(doc, t), continuousComplianceHtml(doc, t)];
  parts.push(`<h3>${e(t.zonesAndVpcs)}</h3>`);
  for (const zone of inventory.zones) {
    parts.push(`<h4>${e(zoneName(zone.zone, t, lang))}</h4>`);
    if (zone.vpcs.length === 0) {
      parts.push(`<p class="empty">${e(t.noVpcs)}</p>`);
      continue;
    }
    parts.push(
      table(
        [
          t.vpc,
          t.template,
          t.name,
          t.cidr,
          t.subnets,
          t.availabilityZones,
          t.internetGateway,
          t.natGateways,
          t.vpnGateway,
          t.transitGateway,
          t.peering,
          t.flowLog,
          t.endpoints,
          t.networkFirewall,
        ],
        zone.vpcs
          .map((key) => vpcByKey.get(key)!)
          .map((vpc) => [
            code(vpc.logicalId),
            vpc.template,
            vpc.name ?? '—',
            lines(vpc.cidrs),
            { html: String(vpc.subnets), cls: 'num' },
            { html: String(vpc.availabilityZones), cls: 'num' },
            yesNo(vpc.internetGateway || vpc.egressOnlyInternetGateway, t),
            { html: String(vpc.natGateways), cls: 'num' },
            yesNo(vpc.vpnGateway, t),
            lines(vpc.transitGateways),
            lines(vpc.peerings),
            yesNo(vpc.flowLog, t),
            { html: String(vpc.endpoints), cls: 'num' },
            lines(vpc.networkFirewalls),
          ]),
        'vpcs',
      ),
    );
  }
  const cloud = inventory.securityCloud;
  parts.push(`<h3>${e(t.securityCloud)}</h3>`);
  parts.push(
    `<h4>${e(t.securityCloudVpcs)}</h4>`,
    cloud.vpcs.length === 0
      ? `<p class="empty">${e(t.noneInTemplates)}</p>`
      : `<p>${cloud.vpcs.map((key) => `<code>${e(key)}</code>`).join(', ')}</p>`,
  );
  parts.push(
    `<h4>${e(t.transitGateways)}</h4>`,
    cloud.transitGateways.length === 0
      ? `<p class="empty">${e(t.noneInTemplates)}</p>`
      : table(
          [t.transitGateway, t.template, t.zone, t.defaultAssociation, t.defaultPropagation, t.attachments],
          cloud.transitGateways.map((tgw) => [
            tgw.logicalId === undefined ? format(t.externalTransitGateway, { reference: tgw.reference ?? tgw.key }) : code(tgw.logicalId),
            tgw.template ?? '—',
            zoneName(tgw.zoneTag, t, lang),
            tgw.defaultRouteTableAssociation ?? '—',
            tgw.defaultRouteTablePropagation ?? '—',
            lines(tgw.vpcAttachments.map((attachment) => `${attachment.logicalId} → ${attachment.vpc}`)),
          ]),
        ),
  );
  parts.push(
    `<h4>${e(t.firewalls)}</h4>`,
    cloud.firewalls.length === 0
      ? `<p class="empty">${e(t.noneInTemplates)}</p>`
      : table(
          [
            t.networkFirewall,
            t.vpc,
            t.firewallPolicy,
            t.ruleOrder,
            t.statefulDefault,
            t.statelessDefault,
            t.logging,
            t.deleteProtection,
            t.subnetChangeProtection,
            t.policyChangeProtection,
          ],
          cloud.firewalls.map((firewall) => [
            code(`${firewall.template}#${firewall.logicalId}`),
            firewall.vpc ?? '—',
            firewall.policy ?? '—',
            firewall.ruleOrder ?? '—',
            lines(firewall.statefulDefaultActions),
            lines(firewall.statelessDefaultActions),
            lines(firewall.logTypes),
            yesNo(firewall.deleteProtection, t),
            yesNo(firewall.subnetChangeProtection, t),
            yesNo(firewall.firewallPolicyChangeProtection, t),
          ]),
        ),
  );
  parts.push(
    `<h4>${e(t.members)}</h4>`,
    cloud.members.length === 0
      ? `<p class="empty">${e(t.noneInTemplates)}</p>`
      : table(
          [t.via, t.cidr, t.vpc, t.zone, t.through],
          cloud.members.map((member) => [
            t[`via.${member.via}`],
            member.cidr ?? '—',
            member.vpc ?? '—',
            zoneName(member.zoneTag, t, lang),
            member.through,
          ]),
        ),
  );
  parts.push(
    `<h4>${e(t.closedNetworkLinks)}</h4>`,
    inventory.closedNetworkLinks.length === 0
      ? `<p class="empty">${e(t.noneInTemplates)}</p>`
      : table(
          [t.resource, t.template, t.from, t.to],
          inventory.closedNetworkLinks.map((link) => [code(link.logicalId), link.template, link.from ?? '—', link.to]),
        ),
  );

  parts.push(`<div class="wide"><h3>${e(t.dataStores)}</h3><p>${e(t.dataStoresIntro)}</p>`);
  parts.push(
    inventory.dataStores.length === 0
      ? `<p class="empty">${e(t.noneInTemplates)}</p>`
      : table(
          [
            t.resource,
            t.zone,
            t.classification,
            t.purpose,
            t.encryption,
            t.customerManagedKey,
            t.versioning,
            t.replication,
            t.objectLock,
            t.publicAccessBlock,
            t.accessLogging,
            t.backup,
            t.retain,
          ],
          inventory.dataStores.map((store) => [
            {
              html: `<code>${e(store.logicalId)}</code><br><small>${e(store.type)}<br>${e(store.template)}${store.name === undefined ? '' : `<br>${e(store.name)}`}</small>`,
            },
            zoneName(store.zone, t, lang),
            lines([
              `${store.confidentiality ?? '?'} / ${store.integrity ?? '?'} / ${store.availability ?? '?'}`,
              ...store.classificationProblems,
            ]),
            store.purpose ?? '—',
            controlText(store.controls.encryption),
            controlText(store.controls.customerManagedKey),
            controlText(store.controls.versioning),
            controlText(store.controls.replication),
            controlText(store.controls.objectLock),
            controlText(store.controls.publicAccessBlock),
            controlText(store.controls.logging),
            controlText(store.controls.backup),
            controlText(store.controls.retain),
          ]),
          'data-stores',
        ),
  );
  parts.push('</div>');
  return section('inventory', t.inventory, parts.join('\n'));
}

/** The run's load warnings, after the summary: what the findings may be missing. */
function notEvaluatedSection(doc: ReportDocument, t: Messages): string | undefined {
  const list = doc.notEvaluated ?? [];
  if (list.length === 0) return undefined;
  return section(
    'not-evaluated',
    t.notEvaluated,
    `<p>${e(t.notEvaluatedIntro)}</p><ul>${list.map((w) => `<li><code>${e(w.file ?? w.template)}</code>: ${e(w.message)}</li>`).join('')}</ul>`,
  );
}
