/**
 * The Markdown rendering of the same model, for review in a pull request or a wiki. Values are
 * escaped for Markdown tables and inline HTML; the network is a Mermaid flowchart.
 */
import { ClauseKind } from '../policy/clauses';
import { parseZone, Zone, ZONE_NAMES } from '../policy/zone';
import { ACCOUNT_AGNOSTIC, UNZONED } from './inventory';
import { exceptionsRegister, integrityRows, responsibilityText, workingTreeText } from './private/evidence';
import { SEAL_MARK } from './integrity';
import { acknowledgmentReason, changeReason, resultMessage, ruleTexts } from './localize';
import { format, Messages } from './messages';
import { ReportDocument, ReportLanguage, ResourceEntry, ResultChange } from './model';
import {
  checklistText,
  configRuleRows,
  mailReceiptRows,
  remoteSessionRows,
  reportMessages,
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

/**
 * Escapes a value for a Markdown table cell: `&`, `<` and `>` (so no inline HTML can open),
 * Markdown syntax, pipes and line breaks. Quotes need no escaping outside an HTML attribute;
 * escaping them as entities would put `&#39;` in the text, and escaping its `#` as Markdown
 * then shows `&\#39;` where the apostrophe should be.
 */
export function mdEscape(value: string): string {
  return escapeInlineHtml(value)
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

const INLINE_HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function escapeInlineHtml(value: string): string {
  return value.replace(/[&<>]/g, (c) => INLINE_HTML_ENTITIES[c]);
}

const md = mdEscape;
const codeSpan = (value: string): string =>
  value === '' ? '' : `<code>${escapeInlineHtml(value).replace(/([\\`*_[\]|~])/g, '\\$1')}</code>`;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${headers.map(md).join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** Renders the report as Markdown. Cells are pre-escaped: callers pass `md(...)` or `codeSpan(...)`. */
export function renderMarkdown(doc: ReportDocument): string {
  const { lang } = doc;
  const t = reportMessages(doc);
  const numbered = clauseNumbering(doc);
  const out: string[] = [];
  const byClause = resultsByClause(doc);

  out.push(`> **${md(t.classificationMark)}** — ${md(t.classificationNote)}`, '');
  out.push(`# ${md(t.documentTitle)}`, '', `**${md(doc.policy[lang])}**`, '');
  out.push(
    table(
      [t.policy, `${doc.policy.ja} / ${doc.policy.en}`],
      [
        [md(t.generatedAt), md(displayTime(doc.generatedAt))],
        [
          md(t.toolVersion),
          md(
            `lgsec ${doc.tool.version}${doc.tool.checkedWith === doc.tool.version ? '' : ` (${format(t.checkedWith, { version: doc.tool.checkedWith })})`}`,
          ),
        ],
        [md(t.gitCommit), doc.gitCommit === undefined ? md(t.notAvailable) : codeSpan(doc.gitCommit)],
        [md(t.workingTree), md(workingTreeText(doc, t))],
        [md(t.regions), md(doc.environment.regions.join(', ') || t.unknown)],
        [md(t.accounts), md(doc.environment.accounts.join(', ') || t.unknown)],
      ],
    ),
    '',
  );
  out.push(`### ${md(t.scopeTitle)}`, '', md(t.scopeChecked), '', md(t.scopeNotChecked), '');
  out.push(
    `### ${md(t.stacks)}`,
    '',
    table(
      [t.stack, t.file, t.region, t.account, t.resources],
      doc.environment.stacks.map((stack) => [
        md(stack.name),
        md(stack.file ?? '—'),
        md(stack.region ?? t.unknown),
        md(stack.account ?? t.unknown),
        stack.resources === undefined ? '—' : String(stack.resources),
      ]),
    ),
    '',
  );

  const { summary } = doc;
  out.push(
    `## ${md(t.summary)}`,
    '',
    `### ${md(t.resultsByStatus)}`,
    '',
    table(
      [t.status, t.count],
      [
        [md(t.templatesChecked), String(summary.templates)],
        [md(t.resourcesChecked), String(summary.resources)],
        [md(t['status.compliant']), String(summary.results.compliant)],
        [md(t['status.non-compliant']), String(summary.results.nonCompliant)],
        [md(t['status.acknowledged']), String(summary.results.acknowledged)],
        [md(t['status.not-applicable']), String(summary.results.notApplicable)],
        [md(t.errors), String(summary.errors)],
        [md(t.warnings), String(summary.warnings)],
      ],
    ),
    '',
  );
  notEvaluatedMarkdown(doc, t, out);
  out.push(
    `### ${md(t.clausesByVerdict)}`,
    '',
    table(
      [t.verdict, t.count],
      (Object.keys(summary.clauses) as (keyof typeof summary.clauses)[]).map((verdict) => [
        md(t[`verdict.${verdict}`]),
        String(summary.clauses[verdict]),
      ]),
    ),
    '',
  );

  if (doc.baseline) {
    const diff = doc.baseline;
    const status = (value: string): string => md(t[`status.${value}` as keyof Messages] ?? value);
    const changes = (title: string, list: readonly ResultChange[]): void => {
      out.push(`### ${md(title)} (${list.length})`, '');
      if (list.length === 0) out.push(md(t.noChanges), '');
      else {
        out.push(
          table(
            [t.template, t.resource, t.rule, t.before, t.after, t.detail],
            list.map((change) => [
              md(change.template),
              codeSpan(resourceLabel(change.logicalId, t)),
              codeSpan(change.ruleId),
              status(change.before),
              status(change.after),
              md(
                [
                  resultMessage(change, doc.lang),
                  change.reason === undefined
                    ? undefined
                    : `${t.reason}: ${changeReason(change, doc.lang) ?? ''} (${t.madeAt}: ${change.madeAt ?? ''})`,
                  change.before === 'acknowledged' && change.after === 'acknowledged' ? t.reasonChanged : undefined,
                ]
                  .filter((part): part is string => part !== undefined)
                  .join(' / '),
              ),
            ]),
          ),
          '',
        );
      }
    };
    const resources = (title: string, list: readonly ResourceEntry[]): void => {
      out.push(`### ${md(title)} (${list.length})`, '');
      out.push(
        list.length === 0
          ? md(t.noChanges)
          : table(
              [t.template, t.resource, t.resourceType],
              list.map((resource) => [md(resource.template), codeSpan(resource.logicalId), md(resource.type)]),
            ),
        '',
      );
    };
    out.push(
      `## ${md(t.baseline)}`,
      '',
      md(
        format(t.baselineFrom, {
          file: diff.file,
          generatedAt: diff.generatedAt === undefined ? t.unknown : displayTime(diff.generatedAt),
          commit: diff.gitCommit ?? t.notAvailable,
        }),
      ),
      '',
    );
    changes(t.newFindings, diff.newFindings);
    changes(t.resolvedFindings, diff.resolvedFindings);
    changes(t.newAcknowledgments, diff.newAcknowledgments);
    changes(t.withdrawnAcknowledgments, diff.withdrawnAcknowledgments);
    resources(t.addedResources, diff.addedResources);
    resources(t.removedResources, diff.removedResources);
  }

  out.push(
    `## ${md(t.matrix)}`,
    '',
    md(t.matrixIntro),
    '',
    table(
      [t.clause, t.title, t.kind, t.rules, t.pass, t.fail, t.acknowledgedShort, t.notApplicableShort, t.verdict],
      doc.clauses.map((clause) => [
        md(clauseNumber(clause)),
        md(clauseTitle(clause, lang)),
        md(t[`kind.${clause.kind}`]),
        clause.rules.map(codeSpan).join('<br>') || '—',
        String(clause.counts.compliant),
        String(clause.counts.nonCompliant),
        String(clause.counts.acknowledged),
        String(clause.counts.notApplicable),
        `**${md(t[`verdict.${clause.verdict}`])}**`,
      ]),
    ),
    '',
  );

  const findings = doc.results.filter((result) => result.status === 'non-compliant');
  out.push(
    `## ${md(t.findings)}`,
    '',
    md(t.findingsIntro),
    '',
    findings.length === 0
      ? md(t.noFindings)
      : table(
          [t.level, t.rule, t.clauses, t.template, t.resource, t.resourceType, t.message],
          findings.map((result) => [
            md(t[`level.${result.level}`]),
            codeSpan(result.ruleId),
            md(numbered(result.clauses)),
            md(result.template),
            codeSpan(resourceLabel(result.logicalId, t)),
            md(result.resourceType),
            md(resultMessage(result, lang) ?? ''),
          ]),
        ),
    '',
  );

  const acks = doc.results.filter((result) => result.status === 'acknowledged');
  out.push(
    `## ${md(t.acknowledgments)}`,
    '',
    md(t.acknowledgmentsIntro),
    '',
    acks.length === 0
      ? md(t.noAcknowledgments)
      : table(
          [t.rule, t.clauses, t.template, t.resource, t.reason, t.madeAt],
          acks.map((result) => [
            codeSpan(result.ruleId),
            md(numbered(result.clauses)),
            md(result.template),
            codeSpan(resourceLabel(result.logicalId, t)),
            md(acknowledgmentReason(result, lang) ?? ''),
            codeSpan(result.acknowledgment?.madeAt ?? ''),
          ]),
        ),
    '',
  );

  const register = exceptionsRegister(doc, t);
  out.push(`## ${md(t.exceptionsRegister)}`, '', md(t.exceptionsIntro), '');
  out.push(
    register.exceptions.length === 0
      ? md(t.noExceptions)
      : table(
          [t.rule, t.resource, t.reason, t.approver, t.approvedOn, t.expiresOn, t.reference, t.madeAt],
          register.exceptions.map((row) => [
            codeSpan(row.ruleId),
            md(row.resource),
            md(row.reason),
            md(row.approver),
            md(row.approvedOn),
            md(row.expiresOn),
            md(row.reference),
            codeSpan(row.madeAt),
          ]),
        ),
    '',
  );
  if (register.designDecisions.length > 0) {
    out.push(
      `### ${md(t.designDecisions)}`,
      '',
      md(t.designDecisionsIntro),
      '',
      table(
        [t.rule, t.resource, t.reason, t.madeAt],
        register.designDecisions.map((row) => [codeSpan(row.ruleId), md(row.resource), md(row.reason), codeSpan(row.madeAt)]),
      ),
      '',
    );
  }

  out.push(`## ${md(t.clauseDetails)}`, '');
  for (const clause of doc.clauses) {
    const results = byClause.get(clause.id)!;
    out.push(`### ${md(clauseNumber(clause))} ${md(clauseTitle(clause, lang))}`, '');
    out.push(`${md(t.kind)}: ${md(t[`kind.${clause.kind}`])} · ${md(t.verdict)}: **${md(t[`verdict.${clause.verdict}`])}**`, '');
    const responsibility = responsibilityText(clause, t);
    if (responsibility !== undefined) {
      out.push(
        `**${md(t.responsibility)}:** ${md(responsibility.who)}`,
        '',
        `**${md(t.evidenceToAsk)}:** ${md(responsibility.evidence)}`,
        '',
      );
    }
    out.push(`**${md(t.meaning)}:** ${md(clause.meaning)}`, '');
    if (clause.onAws !== undefined) out.push(`**${md(t.onAws)}:** ${md(clause.onAws)}`, '');
    out.push(clause.rules.length === 0 ? md(t.noRules) : `**${md(t.rules)}:** ${clause.rules.map(codeSpan).join(', ')}`, '');
    if (results.applicable.length > 0) {
      out.push(
        table(
          [t.status, t.rule, t.template, t.resource, t.resourceType, t.detail],
          results.applicable.map((result) => [
            md(t[`status.${result.status}`]),
            codeSpan(result.ruleId),
            md(result.template),
            codeSpan(resourceLabel(result.logicalId, t)),
            md(result.resourceType),
            resultDetail(result, t, lang).map(md).join('<br>'),
          ]),
        ),
        '',
      );
    }
    for (const [ruleId, list] of [...results.notApplicable].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.push(
        `<details><summary>${md(format(t.notApplicableList, { count: list.length }))} — ${codeSpan(ruleId)}</summary>`,
        '',
        list.map((result) => md(`${result.template}/${resourceLabel(result.logicalId, t)}`)).join(', '),
        '',
        '</details>',
        '',
      );
    }
  }

  out.push(
    `## ${md(t.checklist)}`,
    '',
    md(t.checklistIntro),
    '',
    table(
      [t.done, t.clause, t.title, t.toVerify, t.checkedBy, t.date],
      doc.clauses
        .filter((clause) => clause.manualCheck)
        .map((clause) => ['☐', md(clauseNumber(clause)), md(clauseTitle(clause, lang)), md(checklistText(clause, t)), '', '']),
    ),
    '',
    md(t.signOff),
    '',
    table([t.checkedBy, t.signature, t.date], [['', '', '']]),
    '',
  );

  out.push(`## ${md(t.inherited)}`, '', md(t.inheritedIntro), '');
  for (const clause of doc.clauses.filter((entry) => entry.kind === ClauseKind.INHERITED)) {
    out.push(
      `### ${md(clauseNumber(clause))} ${md(clauseTitle(clause, lang))} — ${md(t['verdict.inherited'])}`,
      '',
      md(clause.onAws ?? clause.meaning),
      '',
      `**${md(t.evidence)}**`,
      '',
      `- ${md(t.evidenceIsmap)}`,
      `- ${md(t.evidenceArtifact)}`,
      `- ${md(format(t.evidenceRegions, { regions: doc.environment.regions.join(', ') || t.unknown }))}`,
      '',
    );
  }

  inventoryMarkdown(doc, t, out);

  out.push(`## ${md(t.networkDiagram)}`, '', md(t.networkDiagramIntro), '', ...mermaid(doc, t, lang), '');

  out.push(
    `## ${md(t.ruleCatalogue)}`,
    '',
    table(
      [t.rule, t.level, t.area, t.clauses, t.cause, t.explanation, t.fix, t.controls],
      doc.rules.map((rule) => {
        const texts = ruleTexts(rule, lang);
        return [
          codeSpan(rule.qualifiedId),
          md(t[`level.${rule.level}`]),
          md(rule.area),
          md(numbered(rule.clauses)),
          md(texts.cause),
          md(texts.explanation),
          md(texts.fix),
          md(rule.controls.join(', ')),
        ];
      }),
    ),
    '',
  );

  out.push(
    `## ${md(t.glossary)}`,
    '',
    `- **${md(t['status.compliant'])}**: ${md(t.glossaryPass)}`,
    `- **${md(t['status.non-compliant'])}**: ${md(t.glossaryFail)}`,
    `- **${md(t['status.acknowledged'])}**: ${md(t.glossaryAcknowledged)}`,
    `- **${md(t['status.not-applicable'])}**: ${md(t.glossaryNotApplicable)}`,
    `- **${md(t['verdict.manual'])}**: ${md(t.glossaryManual)}`,
    `- **${md(t['verdict.inherited'])}**: ${md(t.glossaryInherited)}`,
    `- **${md(t['verdict.context'])}**: ${md(t.glossaryContext)}`,
    '',
  );
  const terms = glossaryRows(t, lang);
  out.push(
    `### ${md(t.glossaryClassification)}`,
    '',
    table(
      [t.classLevel, t.meaning],
      terms.classification.map((row) => row.map(md)),
    ),
    '',
  );
  out.push(
    `### ${md(t.glossaryZones)}`,
    '',
    table(
      [t.zone, t.meaning],
      terms.zones.map((row) => row.map(md)),
    ),
    '',
  );
  if (doc.notes.length > 0) {
    out.push(`### ${md(t.dataNotes)}`, '', ...doc.notes.map((note) => `- ${md(t[`note.${note.code}`])}: ${md(note.subject)}`), '');
  }
  if (doc.integrity !== undefined) {
    out.push(
      `## ${md(t.integrity)}`,
      '',
      md(t.integrityIntro),
      '',
      table(
        [t.detail, ''],
        integrityRows(doc, t).map((row) => [md(row.label), row.code ? codeSpan(row.value) : md(row.value)]),
      ),
      '',
      `### ${md(t.templateDigests)}`,
      '',
      table(
        [t.stack, t.file, t.digestOf, 'SHA-256'],
        doc.integrity.templates.map((digest) => [
          md(digest.name),
          md(digest.file ?? '—'),
          md(t[`digestOf.${digest.of}`]),
          codeSpan(digest.sha256),
        ]),
      ),
      '',
    );
  }
  out.push('---', '', `**${md(t.classificationMark)}** — ${md(doc.policy[lang])}`, '');
  if (doc.integrity !== undefined) out.push(`${md(t.seal)}: \`${SEAL_MARK}\``, '');
  return out.join('\n');
}

function accountsMarkdown(doc: ReportDocument, t: Messages, out: string[]): void {
  const { accounts, separation, guardrails } = doc.inventory;
  const lang = doc.lang;
  out.push(`### ${md(t.accountsHeading)}`, '', md(t.accountsIntro), '');
  if (separation.kind === 'iam-only') {
    out.push(`> **${md(t.separationIamOnly)}**`, ...(separation.shared ?? []).map((shared) => `> - ${md(shared)}`), '');
  } else if (separation.kind === 'accounts') {
    out.push(md(t.separationAccounts), '');
  }
  out.push(
    table(
      [t.account, t.zone, t.services, t.stacks, t.guardrailsAttached],
      accounts.map((entry) => [
        entry.account === ACCOUNT_AGNOSTIC ? md(t.accountAgnostic) : codeSpan(entry.account),
        entry.zones.map((zone) => md(zoneName(zone, t, lang))).join('<br>') || '—',
        entry.services.map((service) => md(t[`service.${service}` as 'service.log-archive'] ?? service)).join('<br>') || '—',
        entry.stacks.map(md).join('<br>'),
        entry.guardrails.map(codeSpan).join('<br>') || '—',
      ]),
    ),
    '',
  );
  out.push(
    `### ${md(t.guardrails)}`,
    '',
    md(t.guardrailsIntro),
    '',
    guardrails.length === 0
      ? md(t.noGuardrails)
      : table(
          [t.name, t.enforcedBy, t.policyType, t.guardrail, t.zone, t.targets, t.size, t.template],
          guardrails.map((g) => [
            codeSpan(g.name),
            md(t[`enforcedBy.${g.enforcedBy}`]),
            md(g.mechanism === undefined ? g.type : `${g.type} (${g.mechanism})`),
            md(g.guardrail ?? '—'),
            g.zones.map((zone) => md(zoneName(zone, t, lang))).join('<br>') || '—',
            g.targets.map(codeSpan).join('<br>') || '—',
            g.size === undefined ? '—' : String(g.size),
            md(g.template),
          ]),
        ),
    '',
  );
}

function remoteSessionsMarkdown(doc: ReportDocument, t: Messages, out: string[]): void {
  const rows = remoteSessionRows(doc, t);
  out.push(`### ${md(t.remoteSessions)}`, '', md(t.remoteSessionsIntro), '');
  if (rows.length === 0) {
    out.push(md(t.noRemoteSessions), '');
    return;
  }
  out.push(
    table(
      [t.name, t.zone, t.openPaths, t.recordedReasons, t.reachedThrough, t.template],
      rows.map((row) => [
        `${codeSpan(row.name)}<br>${md(row.kind)}`,
        md(row.zone),
        md(row.openPaths),
        row.reasons.map(md).join('<br>') || '—',
        row.access.map(md).join('<br>') || '—',
        md(row.template),
      ]),
    ),
    '',
  );
}

function mailReceiptsMarkdown(doc: ReportDocument, t: Messages, out: string[]): void {
  const rows = mailReceiptRows(doc, t);
  out.push(`### ${md(t.mailReceipts)}`, '', md(t.mailReceiptsIntro), '');
  if (rows.length === 0) {
    out.push(md(t.noMailReceipts), '');
    return;
  }
  out.push(
    table(
      [t.recipients, t.region, t.mailTls, t.mailScanning, t.deliversTo, t.template],
      rows.map((row) => [
        `${md(row.recipients)}<br>${md(row.kind)}`,
        md(row.region),
        md(row.tls),
        md(row.scanning),
        row.deliversTo.map(md).join('<br>') || '—',
        md(row.template),
      ]),
    ),
    '',
  );
}

function continuousComplianceMarkdown(doc: ReportDocument, t: Messages, out: string[]): void {
  const packs = doc.inventory.continuousCompliance?.conformancePacks ?? [];
  out.push(`### ${md(t.continuousCompliance)}`, '', md(t.continuousComplianceIntro), '');
  if (packs.length === 0) {
    out.push(md(t.noConformancePacks), '');
    return;
  }
  for (const pack of packs.filter((entry) => entry.unread !== undefined)) {
    out.push(`> ${codeSpan(pack.name)} (${md(pack.template)}): ${md(format(t.packUnread, { reason: pack.unread ?? '' }))}`, '');
  }
  out.push(
    table(
      [t.configRule, t.clauses, t.why, t.deployedBy],
      configRuleRows(doc, t).map((row) => [
        `${codeSpan(row.rule)}<br>${md(row.identifier)}`,
        md(row.clauses),
        md(row.why),
        row.deployedBy.map(md).join('<br>') || '—',
      ]),
    ),
    '',
  );
}

function inventoryMarkdown(doc: ReportDocument, t: Messages, out: string[]): void {
  const { inventory, lang } = doc;
  const vpcByKey = new Map(inventory.vpcs.map((vpc) => [vpc.key, vpc]));
  const none = md(t.noneInTemplates);
  out.push(`## ${md(t.inventory)}`, '');
  accountsMarkdown(doc, t, out);
  remoteSessionsMarkdown(doc, t, out);
  mailReceiptsMarkdown(doc, t, out);
  continuousComplianceMarkdown(doc, t, out);
  out.push(`### ${md(t.zonesAndVpcs)}`, '');
  for (const zone of inventory.zones) {
    out.push(`#### ${md(zoneName(zone.zone, t, lang))}`, '');
    out.push(
      zone.vpcs.length === 0
        ? md(t.noVpcs)
        : table(
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
                codeSpan(vpc.logicalId),
                md(vpc.template),
                md(vpc.name ?? '—'),
                vpc.cidrs.map(md).join('<br>'),
                String(vpc.subnets),
                String(vpc.availabilityZones),
                md(yesNo(vpc.internetGateway || vpc.egressOnlyInternetGateway, t)),
                String(vpc.natGateways),
                md(yesNo(vpc.vpnGateway, t)),
                vpc.transitGateways.map(md).join('<br>'),
                vpc.peerings.map(md).join('<br>'),
                md(yesNo(vpc.flowLog, t)),
                String(vpc.endpoints),
                vpc.networkFirewalls.map(md).join('<br>'),
              ]),
          ),
      '',
    );
  }
  const cloud = inventory.securityCloud;
  out.push(
    `### ${md(t.securityCloud)}`,
    '',
    `#### ${md(t.securityCloudVpcs)}`,
    '',
    cloud.vpcs.length === 0 ? none : cloud.vpcs.map(codeSpan).join(', '),
    '',
  );
  out.push(
    `#### ${md(t.transitGateways)}`,
    '',
    cloud.transitGateways.length === 0
      ? none
      : table(
          [t.transitGateway, t.template, t.zone, t.defaultAssociation, t.defaultPropagation, t.attachments],
          cloud.transitGateways.map((tgw) => [
            tgw.logicalId === undefined
              ? md(format(t.externalTransitGateway, { reference: tgw.reference ?? tgw.key }))
              : codeSpan(tgw.logicalId),
            md(tgw.template ?? '—'),
            md(zoneName(tgw.zoneTag, t, lang)),
            md(tgw.defaultRouteTableAssociation ?? '—'),
            md(tgw.defaultRouteTablePropagation ?? '—'),
            tgw.vpcAttachments.map((attachment) => md(`${attachment.logicalId} → ${attachment.vpc}`)).join('<br>'),
          ]),
        ),
    '',
  );
  out.push(
    `#### ${md(t.firewalls)}`,
    '',
    cloud.firewalls.length === 0
      ? none
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
            codeSpan(`${firewall.template}#${firewall.logicalId}`),
            md(firewall.vpc ?? '—'),
            md(firewall.policy ?? '—'),
            md(firewall.ruleOrder ?? '—'),
            firewall.statefulDefaultActions.map(md).join('<br>'),
            firewall.statelessDefaultActions.map(md).join('<br>'),
            firewall.logTypes.map(md).join('<br>'),
            md(yesNo(firewall.deleteProtection, t)),
            md(yesNo(firewall.subnetChangeProtection, t)),
            md(yesNo(firewall.firewallPolicyChangeProtection, t)),
          ]),
        ),
    '',
  );
  out.push(
    `#### ${md(t.members)}`,
    '',
    cloud.members.length === 0
      ? none
      : table(
          [t.via, t.cidr, t.vpc, t.zone, t.through],
          cloud.members.map((member) => [
            md(t[`via.${member.via}`]),
            md(member.cidr ?? '—'),
            md(member.vpc ?? '—'),
            md(zoneName(member.zoneTag, t, lang)),
            md(member.through),
          ]),
        ),
    '',
  );
  out.push(
    `#### ${md(t.closedNetworkLinks)}`,
    '',
    inventory.closedNetworkLinks.length === 0
      ? none
      : table(
          [t.resource, t.template, t.from, t.to],
          inventory.closedNetworkLinks.map((link) => [codeSpan(link.logicalId), md(link.template), md(link.from ?? '—'), md(link.to)]),
        ),
    '',
  );
  out.push(
    `### ${md(t.dataStores)}`,
    '',
    md(t.dataStoresIntro),
    '',
    inventory.dataStores.length === 0
      ? none
      : table(
          [
            t.resource,
            t.resourceType,
            t.template,
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
            codeSpan(store.logicalId),
            md(store.type),
            md(store.template),
            md(zoneName(store.zone, t, lang)),
            [`${store.confidentiality ?? '?'} / ${store.integrity ?? '?'} / ${store.availability ?? '?'}`, ...store.classificationProblems]
              .map(md)
              .join('<br>'),
            md(store.purpose ?? '—'),
            ...[
              store.controls.encryption,
              store.controls.customerManagedKey,
              store.controls.versioning,
              store.controls.replication,
              store.controls.objectLock,
              store.controls.publicAccessBlock,
              store.controls.logging,
              store.controls.backup,
              store.controls.retain,
            ].map((control) => md(controlText(control))),
          ]),
        ),
    '',
  );
}

/** A Mermaid label: quoted, with quotes and angle brackets as Mermaid entities. */
function mermaidLabel(value: string): string {
  return `"${value.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;
}

function mermaid(doc: ReportDocument, t: Messages, lang: ReportLanguage): string[] {
  const { inventory } = doc;
  if (inventory.vpcs.length === 0 && inventory.securityCloud.transitGateways.length === 0) return [md(t.diagramNoNetwork)];
  const out = ['```mermaid', 'flowchart LR'];
  const vpcIds = new Map(inventory.vpcs.map((vpc, index) => [vpc.key, `vpc${index}`]));
  const vpcByKey = new Map(inventory.vpcs.map((vpc) => [vpc.key, vpc]));
  for (const [index, zone] of inventory.zones.entries()) {
    const known = parseZone(zone.zone);
    const label = known ? `${ZONE_NAMES[known][lang]} (${zone.zone})` : zone.zone === UNZONED ? t['zone.unzoned'] : zone.zone;
    out.push(`  subgraph zone${index}[${mermaidLabel(label)}]`);
    for (const key of zone.vpcs) {
      const vpc = vpcByKey.get(key)!;
      out.push(
        `    ${vpcIds.get(key)}[${mermaidLabel(`${vpc.name ?? vpc.logicalId} · ${vpc.template}\n${vpc.cidrs.join(', ')}`).replace(/\n/g, '<br>')}]`,
      );
    }
    out.push('  end');
  }
  const tgwIds = new Map(inventory.securityCloud.transitGateways.map((tgw, index) => [tgw.key, `tgw${index}`]));
  for (const tgw of inventory.securityCloud.transitGateways) {
    out.push(`  ${tgwIds.get(tgw.key)}{{${mermaidLabel(`Transit Gateway ${tgw.logicalId ?? tgw.reference ?? ''}`)}}}`);
    for (const attachment of tgw.vpcAttachments) {
      const vpcId = vpcIds.get(attachment.vpc);
      if (vpcId !== undefined) out.push(`  ${vpcId} --- ${tgwIds.get(tgw.key)}`);
    }
  }
  const egress = inventory.vpcs.filter((vpc) => vpc.internetGateway || vpc.egressOnlyInternetGateway);
  if (egress.length > 0) {
    out.push(`  internet((${mermaidLabel(t.diagramInternet)}))`);
    for (const vpc of egress) {
      out.push(`  ${vpcIds.get(vpc.key)} -->|${parseZone(vpc.zoneTag) === Zone.SECURITY_CLOUD ? 'IGW' : 'IGW !'}| internet`);
    }
  }
  inventory.closedNetworkLinks.forEach((link, index) => {
    out.push(`  peer${index}([${mermaidLabel(`VPN: ${link.to}`)}])`);
    const from = link.from === undefined ? undefined : (tgwIds.get(link.from) ?? vpcIds.get(link.from));
    if (from !== undefined) out.push(`  ${from} -.- peer${index}`);
  });
  out.push('```');
  return out;
}

/** The run's load warnings, under the summary: what the findings may be missing. */
function notEvaluatedMarkdown(doc: ReportDocument, t: Messages, out: string[]): void {
  const list = doc.notEvaluated ?? [];
  if (list.length === 0) return;
  out.push(`### ${md(t.notEvaluated)}`, '', md(t.notEvaluatedIntro), '');
  out.push(...list.map((w) => `- ${md(w.file ?? w.template)}: ${md(w.message)}`), '');
}
