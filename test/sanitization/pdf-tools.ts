/**
 * Independent PDF readers for tests and the corpus benchmark: Debian's qpdf and poppler-utils,
 * run as programs. Nothing here uses the engine's code, so a file the engine got wrong is not
 * judged by the same mistake.
 */
import { spawnSync } from 'child_process';

function run(command: string, args: readonly string[]): { status: number | null; stdout: string } {
  const result = spawnSync(command, args, { encoding: 'latin1', maxBuffer: 512 * 1024 * 1024, timeout: 60_000 });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '' };
}

/** True when `qpdf`, `pdfinfo`, `pdftotext` and `pdfdetach` can be run. */
export function pdfToolsAvailable(): boolean {
  return ['qpdf', 'pdfinfo', 'pdftotext', 'pdfdetach'].every((tool) => run(tool, ['-v']).status !== null);
}

/**
 * `qpdf --check`: exit 0 is a valid file, 3 a file qpdf reads with warnings (recovered cross
 * references, for example), 2 one it cannot read.
 */
export function qpdfCheck(file: string): { ok: boolean; readable: boolean; status: number | null } {
  const { status } = run('qpdf', ['--check', file]);
  return { ok: status === 0, readable: status === 0 || status === 3, status };
}

/** The text poppler extracts, or undefined when it cannot read the file. */
export function pdfTextOf(file: string): string | undefined {
  const { status, stdout } = run('pdftotext', ['-q', '-enc', 'UTF-8', file, '-']);
  return status === 0 ? Buffer.from(stdout, 'latin1').toString('utf8') : undefined;
}

type QpdfJson = null | boolean | number | string | QpdfJson[] | { [key: string]: QpdfJson };

const ACTIVE_KEYS = new Set([
  '/JS',
  '/JavaScript',
  '/AA',
  '/EmbeddedFiles',
  '/EF',
  '/RF',
  '/RichMediaContent',
  '/RichMediaSettings',
  '/XFA',
]);
const ACTIVE_ACTIONS = new Set([
  '/JavaScript',
  '/Launch',
  '/SubmitForm',
  '/ImportData',
  '/GoToR',
  '/GoToE',
  '/RichMediaExecute',
  '/Rendition',
  '/Sound',
  '/Movie',
]);
const ACTIVE_SUBTYPES = new Set(['/FileAttachment', '/RichMedia', '/Screen', '/3D', '/Movie', '/Sound']);

/** qpdf writes strings as `u:text` (Unicode) or `b:hex` (bytes). */
function jsonString(value: QpdfJson | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return undefined;
}

/**
 * Active content in a PDF as qpdf parses it (`qpdf --json`, every object, reachable or not):
 * script and file keys, dangerous action types, non-web URIs, media and attachment annotations,
 * embedded file streams. Returns one line per finding (empty when clean or unreadable).
 */
export function independentPdfActiveContent(file: string): string[] {
  const { status, stdout } = run('qpdf', QPDF_JSON_ARGS(file));
  if (status !== 0 && status !== 3) return [];
  return activeContentInQpdfJson(stdout);
}

export const QPDF_JSON_ARGS = (file: string): string[] => ['--json=2', '--json-key=qpdf', '--json-stream-data=none', file];

/** Parses qpdf's JSON; qpdf 11.3 writes some damaged reals as `1.` or `.5`, which JSON does not allow. */
function parseQpdfJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/(-?\d+)\.(?!\d)/g, '$1.0').replace(/([\s,[:])(-?)\.(\d)/g, '$1$20.$3'));
  }
}

/** The findings of `independentPdfActiveContent` in qpdf's JSON output. */
export function activeContentInQpdfJson(stdout: string): string[] {
  let parsed: { qpdf: [unknown, Record<string, { value?: QpdfJson; stream?: { dict: QpdfJson } }>] };
  try {
    parsed = parseQpdfJson(stdout) as typeof parsed;
  } catch {
    return ['qpdf JSON output could not be parsed'];
  }
  const findings = new Set<string>();
  const objects = parsed.qpdf[1];
  // An indirect string (`12 0 R`) is looked up; a URI action's target may be one.
  const direct = (value: QpdfJson | undefined): QpdfJson | undefined => {
    if (typeof value === 'string' && /^\d+ \d+ R$/.test(value)) return objects[`obj:${value}`]?.value;
    return value;
  };
  const visit = (value: QpdfJson, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => visit(item, where));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const key of Object.keys(value)) if (ACTIVE_KEYS.has(key)) findings.add(`${where}: ${key}`);
    const action = value['/S'];
    if (typeof action === 'string' && ACTIVE_ACTIONS.has(action)) findings.add(`${where}: ${action} action`);
    if (action === '/URI' && !/^\s*(https?:\/\/|mailto:)/i.test(jsonString(direct(value['/URI'])) ?? ''))
      findings.add(`${where}: non-web URI`);
    const subtype = value['/Subtype'];
    if (typeof subtype === 'string' && ACTIVE_SUBTYPES.has(subtype) && value['/Type'] !== '/XObject')
      findings.add(`${where}: ${subtype} annotation`);
    if (value['/Type'] === '/EmbeddedFile') findings.add(`${where}: embedded file stream`);
    for (const child of Object.values(value)) visit(child, where);
  };
  for (const [id, obj] of Object.entries(parsed.qpdf[1])) visit(obj.value ?? obj.stream?.dict ?? null, id);
  return [...findings];
}

/** What poppler reports: JavaScript (`pdfinfo -js`) and attached files (`pdfdetach -list`). */
export function popplerActiveContent(file: string): string[] {
  const findings: string[] = [];
  // pdfinfo -js prints the document info, then every script it found: compare with plain pdfinfo.
  const info = run('pdfinfo', [file]);
  const js = run('pdfinfo', ['-js', file]);
  const extra = js.stdout.slice(info.stdout.length).trim();
  if (js.status === 0 && extra !== '') findings.push(`pdfinfo -js: ${extra.split('\n').length} line(s) of JavaScript`);
  const detach = run('pdfdetach', ['-list', file]);
  const count = /^(\d+) embedded files/m.exec(detach.stdout);
  if (count && Number(count[1]) > 0) findings.push(`pdfdetach: ${count[1]} embedded file(s)`);
  return findings;
}
