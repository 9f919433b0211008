/**
 * Inline SVG of the report: the per-clause chart and the network diagram. Layouts are computed
 * from sorted data with integer coordinates, so the same input draws the same bytes.
 */
import { parseZone, Zone, ZONE_NAMES } from '../policy/zone';
import { UNZONED } from './inventory';
import { Messages } from './messages';
import { ClauseEntry, Inventory, ReportLanguage, VpcEntry } from './model';
import { escapeHtml as e } from './private/escape';

export const CHART_COLORS = {
  passed: '#2e7d32',
  failed: '#c62828',
  acknowledged: '#f9a825',
  manual: '#6d4c41',
  inherited: '#1565c0',
  context: '#b0bec5',
  notApplicable: '#e0e0e0',
} as const;

const CHART = { width: 900, label: 250, bar: 470, row: 22, legend: 34 } as const;

/** Approximate width in pixels of a label at 12px: CJK and full-width characters are about twice as wide. */
export function textWidth(value: string, size = 12): number {
  let units = 0;
  for (const char of value)
    units += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 1 : 0.58;
  return Math.ceil(units * size);
}

/** Shortens a label to fit `width` pixels. */
function fit(value: string, width: number, size = 12): string {
  if (textWidth(value, size) <= width) return value;
  let out = value;
  while (out.length > 1 && textWidth(`${out}…`, size) > width) out = out.slice(0, -1);
  return `${out}…`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, title: string): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${fill}"><title>${e(title)}</title></rect>`;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}"${attrs === '' ? '' : ` ${attrs}`}>${e(content)}</text>`;
}

/** A horizontal stacked bar per clause: passed / failed / acknowledged, or manual / inherited / context. */
export function clauseChart(clauses: readonly ClauseEntry[], t: Messages, lang: ReportLanguage): string {
  const height = CHART.legend + clauses.length * CHART.row + 8;
  const parts: string[] = [];
  const legend: [string, string][] = [
    [CHART_COLORS.passed, t['verdict.passed']],
    [CHART_COLORS.failed, t['verdict.failed']],
    [CHART_COLORS.acknowledged, t['status.acknowledged']],
    [CHART_COLORS.manual, t['verdict.manual']],
    [CHART_COLORS.inherited, t['verdict.inherited']],
    [CHART_COLORS.context, t['verdict.context']],
  ];
  let legendX = 0;
  for (const [color, label] of legend) {
    parts.push(`<rect x="${legendX}" y="6" width="12" height="12" fill="${color}"/>`, text(legendX + 16, 16, label, 'class="legend"'));
    legendX += 16 + textWidth(label) + 18;
  }
  // Numbers differ in length between profiles (`7.3.a`, `対策基準 10(3)`): the titles start after the longest.
  const numberWidth = Math.max(36, ...clauses.map((clause) => textWidth(clause.number ?? clause.id))) + 8;
  clauses.forEach((clause, index) => {
    const y = CHART.legend + index * CHART.row;
    const barY = y + 3;
    const barHeight = CHART.row - 6;
    const number = clause.number ?? clause.id;
    const title = `${number} ${lang === 'ja' ? clause.titleJa : clause.titleEn}`;
    parts.push(`<g class="clause-bar" data-clause="${e(clause.id)}">`);
    parts.push(text(0, y + 15, number, 'class="clause-id"'));
    parts.push(text(numberWidth, y + 15, fit(lang === 'ja' ? clause.titleJa : clause.titleEn, CHART.label - numberWidth - 8)));
    const whole = (color: string, label: string, dark: boolean): void => {
      parts.push(rect(CHART.label, barY, CHART.bar, barHeight, color, `${title}: ${label}`));
      parts.push(text(CHART.label + 6, y + 15, label, dark ? 'fill="#ffffff"' : ''));
    };
    if (clause.verdict === 'manual') whole(CHART_COLORS.manual, t['verdict.manual'], true);
    else if (clause.verdict === 'inherited') whole(CHART_COLORS.inherited, t['verdict.inherited'], true);
    else if (clause.verdict === 'context') whole(CHART_COLORS.context, t['verdict.context'], false);
    else if (clause.verdict === 'other-organization') whole(CHART_COLORS.inherited, t['verdict.other-organization'], true);
    else {
      const { compliant, nonCompliant, acknowledged } = clause.counts;
      const total = compliant + nonCompliant + acknowledged;
      if (total === 0) {
        whole(CHART_COLORS.notApplicable, t.chartNoResults, false);
      } else {
        const segments: [number, string, string][] = [
          [compliant, CHART_COLORS.passed, t['status.compliant']],
          [nonCompliant, CHART_COLORS.failed, t['status.non-compliant']],
          [acknowledged, CHART_COLORS.acknowledged, t['status.acknowledged']],
        ];
        let done = 0;
        for (const [value, color, label] of segments) {
          if (value === 0) continue;
          // Cumulative rounding: the segments always add up to the full bar.
          const x0 = Math.round((done / total) * CHART.bar);
          const x1 = Math.round(((done + value) / total) * CHART.bar);
          done += value;
          parts.push(rect(CHART.label + x0, barY, x1 - x0, barHeight, color, `${title}: ${label} ${value}`));
        }
      }
      const tally = `✓${compliant} ✗${nonCompliant} !${acknowledged}${clause.manualCheck ? ` ${t.chartManualPart}` : ''}`;
      parts.push(text(CHART.label + CHART.bar + 8, y + 15, tally));
    }
    parts.push('</g>');
  });
  return `<svg class="chart" id="clause-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${height}" width="${CHART.width}" height="${height}" role="img" aria-labelledby="clause-chart-title"><title id="clause-chart-title">${e(t.chartTitle)}</title>${parts.join('')}</svg>`;
}

const ZONE_STYLE: Record<string, { fill: string; stroke: string }> = {
  [Zone.MY_NUMBER]: { fill: '#fce4ec', stroke: '#ad1457' },
  [Zone.LGWAN]: { fill: '#e8f5e9', stroke: '#2e7d32' },
  [Zone.INTERNET]: { fill: '#e3f2fd', stroke: '#1565c0' },
  [Zone.SECURITY_CLOUD]: { fill: '#fff3e0', stroke: '#e65100' },
  [UNZONED]: { fill: '#eeeeee', stroke: '#616161' },
};

const NET = {
  width: 1160,
  margin: 40,
  leftWidth: 440,
  midX: 540,
  midWidth: 200,
  rightX: 800,
  rightWidth: 340,
  header: 26,
  row: 40,
  pad: 8,
  gap: 18,
  tgwHeight: 46,
} as const;

interface Anchor {
  x: number;
  y: number;
}

function zoneLabel(zone: string, t: Messages, lang: ReportLanguage): string {
  const known = parseZone(zone);
  return known ? `${ZONE_NAMES[known][lang]} (${zone})` : t['zone.unzoned'];
}

/** Badges of a VPC's gateways; an own path to the internet outside the security cloud is marked. */
function badges(vpc: VpcEntry): string {
  const ownEgress = parseZone(vpc.zoneTag) !== Zone.SECURITY_CLOUD;
  const marks: [string, boolean][] = [];
  if (vpc.internetGateway) marks.push(['IGW', ownEgress]);
  if (vpc.egressOnlyInternetGateway) marks.push(['EIGW', ownEgress]);
  if (vpc.natGateways > 0) marks.push([`NAT×${vpc.natGateways}`, ownEgress]);
  if (vpc.vpnGateway) marks.push(['VGW', false]);
  if (vpc.networkFirewalls.length > 0) marks.push([`NFW×${vpc.networkFirewalls.length}`, false]);
  if (vpc.endpoints > 0) marks.push([`VPCE×${vpc.endpoints}`, false]);
  if (vpc.flowLog) marks.push(['FlowLog', false]);
  return marks.map(([mark, bad]) => (bad ? `<tspan class="bad">${e(mark)}</tspan>` : e(mark))).join(' ');
}

/**
 * The network diagram: zones as boxes (left: My Number, LGWAN, internet, unzoned; right: the
 * security cloud under the internet), Transit Gateways in the middle, VPN peers bottom right.
 */
export function networkDiagram(inventory: Inventory, t: Messages, lang: ReportLanguage): string {
  const vpcByKey = new Map(inventory.vpcs.map((vpc) => [vpc.key, vpc]));
  if (inventory.vpcs.length === 0 && inventory.securityCloud.transitGateways.length === 0) {
    return `<p class="empty">${e(t.diagramNoNetwork)}</p>`;
  }
  const boxes: string[] = [];
  const lines: string[] = [];
  const rowAnchors = new Map<string, { left: Anchor; right: Anchor; bottom: Anchor }>();
  const zoneBoxes = new Map<string, { top: number; bottom: number }>();

  const drawZone = (zone: string, x: number, y: number, width: number): number => {
    const keys = inventory.zones.find((entry) => entry.zone === zone)?.vpcs ?? [];
    const style = ZONE_STYLE[zone] ?? ZONE_STYLE[UNZONED];
    const height = NET.header + Math.max(keys.length, 1) * NET.row + NET.pad;
    boxes.push(`<g class="zone" data-zone="${e(zone)}">`);
    boxes.push(
      `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="2"/>`,
    );
    boxes.push(text(x + 8, y + 18, fit(zoneLabel(zone, t, lang), width - 16, 13), `class="zone-label" fill="${style.stroke}"`));
    if (keys.length === 0) boxes.push(text(x + 12, y + NET.header + 18, t.none, 'class="muted"'));
    keys.forEach((vpcKey, index) => {
      const vpc = vpcByKey.get(vpcKey)!;
      const rowY = y + NET.header + index * NET.row;
      boxes.push(`<g class="vpc" data-vpc="${e(vpc.key)}">`);
      boxes.push(
        `<rect x="${x + 6}" y="${rowY}" width="${width - 12}" height="${NET.row - 4}" rx="3" fill="#ffffff" stroke="${style.stroke}"/>`,
      );
      boxes.push(text(x + 12, rowY + 15, fit(`${vpc.name ?? vpc.logicalId} · ${vpc.template}`, width - 24), 'class="vpc-name"'));
      boxes.push(text(x + 12, rowY + 31, fit(vpc.cidrs.join(', ') || t.unknown, Math.floor((width - 24) / 2), 11), 'class="cidr"'));
      const marks = badges(vpc);
      if (marks !== '') boxes.push(`<text x="${x + width - 12}" y="${rowY + 31}" class="badge" text-anchor="end">${marks}</text>`);
      boxes.push('</g>');
      const middle = rowY + (NET.row - 4) / 2;
      rowAnchors.set(vpc.key, {
        left: { x: x + 6, y: middle },
        right: { x: x + width - 6, y: middle },
        bottom: { x: x + width / 2, y: rowY + NET.row - 4 },
      });
    });
    boxes.push('</g>');
    zoneBoxes.set(zone, { top: y, bottom: y + height });
    return y + height;
  };

  let leftY = NET.margin;
  for (const zone of [Zone.MY_NUMBER, Zone.LGWAN, Zone.INTERNET, UNZONED]) {
    if (zone === UNZONED && !inventory.zones.some((entry) => entry.zone === UNZONED)) continue;
    leftY = drawZone(zone, NET.margin, leftY, NET.leftWidth) + NET.gap;
  }

  const internet = { x: NET.rightX + NET.rightWidth / 2, y: 26 };
  boxes.push(
    `<g class="internet"><ellipse cx="${internet.x}" cy="${internet.y}" rx="90" ry="20" fill="#ffffff" stroke="#37474f" stroke-width="2"/>${text(internet.x, internet.y + 5, t.diagramInternet, 'text-anchor="middle" class="zone-label"')}</g>`,
  );
  let rightY = drawZone(Zone.SECURITY_CLOUD, NET.rightX, NET.margin + 40, NET.rightWidth) + NET.gap;
  // Network Firewalls below the security cloud, linked to the VPC they inspect.
  const firewallLinks: [Anchor, Anchor][] = [];
  for (const firewall of inventory.securityCloud.firewalls) {
    const y = rightY;
    boxes.push(`<g class="firewall" data-firewall="${e(`${firewall.template}#${firewall.logicalId}`)}">`);
    boxes.push(
      `<rect x="${NET.rightX + 20}" y="${y}" width="${NET.rightWidth - 40}" height="40" rx="4" fill="#ffebee" stroke="#b71c1c" stroke-width="2"/>`,
    );
    boxes.push(
      text(
        NET.rightX + 30,
        y + 17,
        fit(`Network Firewall · ${firewall.name ?? firewall.logicalId}`, NET.rightWidth - 60),
        'class="zone-label" fill="#b71c1c"',
      ),
    );
    boxes.push(
      text(
        NET.rightX + 30,
        y + 33,
        fit(
          [firewall.ruleOrder, ...firewall.statefulDefaultActions].filter((part) => part !== undefined).join(' '),
          NET.rightWidth - 60,
          11,
        ),
        'class="cidr"',
      ),
    );
    boxes.push('</g>');
    const row = firewall.vpc === undefined ? undefined : rowAnchors.get(firewall.vpc);
    if (row) firewallLinks.push([row.bottom, { x: NET.rightX + NET.rightWidth / 2, y }]);
    rightY += 40 + NET.gap;
  }

  const tgwAnchors = new Map<string, { left: Anchor; right: Anchor; bottom: Anchor }>();
  let midY = NET.margin + 40;
  for (const tgw of inventory.securityCloud.transitGateways) {
    const label = tgw.logicalId ?? tgw.reference ?? tgw.key;
    const external = tgw.vpcAttachments.filter((attachment) => !vpcByKey.has(attachment.vpc)).length;
    boxes.push(`<g class="tgw" data-tgw="${e(tgw.key)}">`);
    boxes.push(
      `<rect x="${NET.midX}" y="${midY}" width="${NET.midWidth}" height="${NET.tgwHeight}" rx="10" fill="#ede7f6" stroke="#4527a0" stroke-width="2"/>`,
    );
    boxes.push(text(NET.midX + 8, midY + 18, 'Transit Gateway', 'class="zone-label" fill="#4527a0"'));
    boxes.push(text(NET.midX + 8, midY + 36, fit(`${label}${external > 0 ? ` +${external}` : ''}`, NET.midWidth - 16, 11), 'class="cidr"'));
    boxes.push('</g>');
    const middle = midY + NET.tgwHeight / 2;
    tgwAnchors.set(tgw.key, {
      left: { x: NET.midX, y: middle },
      right: { x: NET.midX + NET.midWidth, y: middle },
      bottom: { x: NET.midX + NET.midWidth / 2, y: midY + NET.tgwHeight },
    });
    midY += NET.tgwHeight + NET.gap;
  }

  const line = (from: Anchor, to: Anchor, cls: string): void => {
    lines.push(`<line class="${cls}" x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}"/>`);
  };
  for (const [from, to] of firewallLinks) line(from, to, 'inspection');
  for (const tgw of inventory.securityCloud.transitGateways) {
    const tgwAnchor = tgwAnchors.get(tgw.key)!;
    for (const attachment of tgw.vpcAttachments) {
      const row = rowAnchors.get(attachment.vpc);
      if (!row) continue;
      if (row.left.x > NET.midX) line(row.left, tgwAnchor.right, 'attachment');
      else line(row.right, tgwAnchor.left, 'attachment');
    }
  }
  for (const vpc of inventory.vpcs) {
    if (!vpc.internetGateway && !vpc.egressOnlyInternetGateway) continue;
    const row = rowAnchors.get(vpc.key)!;
    const fromRight = row.left.x > NET.midX;
    line(
      fromRight ? { x: row.right.x - 40, y: row.right.y - 18 } : row.right,
      { x: internet.x, y: internet.y + 20 },
      parseZone(vpc.zoneTag) === Zone.SECURITY_CLOUD ? 'egress' : 'egress direct',
    );
  }
  for (const vpc of inventory.vpcs) {
    const row = rowAnchors.get(vpc.key)!;
    for (const peer of vpc.peerings) {
      const other = rowAnchors.get(peer);
      // Each pair once; a peer outside the templates is drawn as a short stub.
      if (other && peer < vpc.key) continue;
      const to = other?.left ?? { x: row.left.x - 30, y: row.left.y };
      lines.push(
        `<path class="peering" d="M${row.left.x} ${row.left.y} C${row.left.x - 34} ${row.left.y} ${to.x - 34} ${to.y} ${to.x} ${to.y}"/>`,
      );
    }
  }
  // Closed networks (VPN peers) below the Transit Gateways: a link from a zone enters from the left.
  for (const link of inventory.closedNetworkLinks) {
    const y = midY;
    boxes.push(
      `<g class="peer-network"><rect x="${NET.midX}" y="${y}" width="${NET.midWidth}" height="34" rx="17" fill="#fafafa" stroke="#455a64" stroke-dasharray="5 3"/>`,
    );
    boxes.push(text(NET.midX + 12, y + 21, fit(`VPN: ${link.to}`, NET.midWidth - 20, 11), 'class="cidr"'));
    boxes.push('</g>');
    midY += 34 + NET.gap;
    const tgwFrom = link.from === undefined ? undefined : tgwAnchors.get(link.from);
    const rowFrom = link.from === undefined ? undefined : rowAnchors.get(link.from);
    if (tgwFrom) line(tgwFrom.bottom, { x: NET.midX + NET.midWidth / 2, y }, 'vpn');
    else if (rowFrom)
      line(
        rowFrom.left.x > NET.midX ? rowFrom.left : rowFrom.right,
        { x: rowFrom.left.x > NET.midX ? NET.midX + NET.midWidth : NET.midX, y: y + 17 },
        'vpn',
      );
  }

  sanitizingTransfer(inventory, zoneBoxes, t, boxes, lines);

  const height = Math.max(leftY, rightY, midY) + NET.margin / 2;
  const style =
    '<style>.zone-label{font-weight:bold;font-size:13px}.vpc-name{font-size:12px}.cidr{font-size:11px;font-family:monospace}' +
    '.badge{font-size:10px;fill:#37474f}.bad{fill:#c62828;font-weight:bold}.muted{fill:#757575;font-size:12px}' +
    'line,path{fill:none;stroke-width:1.6}.attachment{stroke:#4527a0}.egress{stroke:#2e7d32;stroke-width:2.2}' +
    '.direct{stroke:#c62828;stroke-width:2.6}.sanitized{stroke:#00695c;stroke-width:2.2;stroke-dasharray:8 3}.vpn{stroke:#455a64;stroke-dasharray:6 4}.peering{stroke:#8e24aa;stroke-dasharray:2 3}.inspection{stroke:#b71c1c;stroke-width:2}</style>';
  const title = t.networkDiagram;
  return `<svg class="diagram" id="network-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${NET.width} ${height}" width="${NET.width}" height="${height}" role="img" aria-labelledby="network-diagram-title"><title id="network-diagram-title">${e(title)}</title>${style}${boxes.join('')}${lines.join('')}</svg>`;
}

/**
 * The one allowed path from the internet zone into LGWAN: the sanitizing transfer's stores
 * (`lgsec:purpose=sanitizing-transfer`), drawn as an arrow up the left edge from the internet
 * zone to the LGWAN zone, labelled in the gap between them.
 */
function sanitizingTransfer(
  inventory: Inventory,
  zoneBoxes: ReadonlyMap<string, { top: number; bottom: number }>,
  t: Messages,
  boxes: string[],
  lines: string[],
): void {
  const stores = inventory.dataStores.filter((store) => store.purpose === 'sanitizing-transfer');
  const lgwan = zoneBoxes.get(Zone.LGWAN);
  const internet = zoneBoxes.get(Zone.INTERNET);
  if (stores.length === 0 || !lgwan || !internet) return;
  const x = NET.margin;
  const from = internet.top + 14;
  const to = lgwan.bottom - 14;
  lines.push(`<path class="sanitized" d="M${x} ${from} C${x - 30} ${from} ${x - 30} ${to} ${x} ${to}"/>`);
  lines.push(`<path class="sanitized" d="M${x - 7} ${to - 5} L${x} ${to} L${x - 7} ${to + 5}"/>`);
  const names = stores.map((store) => store.name ?? store.logicalId).join(', ');
  boxes.push(
    `<g class="sanitizing-transfer">${text(x + 8, lgwan.bottom + NET.gap / 2 + 4, fit(`↑ ${t.diagramSanitizingTransfer}: ${names}`, NET.leftWidth - 16, 11), 'class="cidr" fill="#00695c"')}</g>`,
  );
}
