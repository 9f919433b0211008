import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { HandlerOutcome } from './context';
import { reconstructPdf } from './pdf-reconstruct';
import { runQpdf } from './qpdf';
import { Quarantine } from './quarantine';

/**
 * PDFs are read and written by qpdf (compiled to WebAssembly, see ./qpdf.ts): it reads what
 * qpdf and poppler read (damaged cross-reference tables are reconstructed, object streams,
 * every filter and every standard security handler), and decrypts files whose user password is
 * empty (permission-only encryption). qpdf dumps the object graph as JSON (stream data left out);
 * the code here finds the active content in that JSON and hands qpdf the changed objects back,
 * and qpdf writes a new file holding only the objects still reachable from the trailer. The
 * output is dumped and checked again.
 */

/**
 * Keys whose presence is active or hidden content, wherever they appear: page and field
 * actions, JavaScript name trees and code, attached files, Flash/3D rich media, XFA forms.
 * (OpenAction, like a link's A, is only removed when it is a dangerous action: opening at a
 * page is harmless.)
 */
const ACTIVE_KEYS: ReadonlyMap<string, string> = new Map([
  ['/AA', 'additional actions (AA)'],
  ['/JavaScript', 'JavaScript name tree'],
  ['/JS', 'JavaScript code'],
  ['/EmbeddedFiles', 'embedded files name tree (EmbeddedFiles)'],
  ['/EF', 'embedded file stream (EF)'],
  ['/AF', 'associated files (AF)'],
  ['/RF', 'related embedded files (RF)'],
  ['/Collection', 'portfolio (Collection)'],
  ['/RichMediaContent', 'rich media content (RichMedia)'],
  ['/RichMediaSettings', 'rich media settings (RichMedia)'],
  ['/XFA', 'XFA form (XFA)'],
  // Tells Acrobat to render the (removed) XFA form instead of the page content.
  ['/NeedsRendering', 'XFA rendering flag (NeedsRendering)'],
]);

/** Actions that run code, start programs, send data or open other files. Links (URI, GoTo) stay. */
const DANGEROUS_ACTIONS = new Set([
  'JavaScript',
  'Launch',
  'ImportData',
  'SubmitForm',
  'GoToR',
  'GoToE',
  'Thread',
  'RichMediaExecute',
  'Rendition',
  'Sound',
  'Movie',
  // Targets a 3D annotation (removed below); left in an outline it would keep the annotation in the file.
  'GoTo3DView',
]);
/** Annotations that carry files, media or 3D content. */
const DANGEROUS_ANNOTATIONS = new Set(['FileAttachment', 'RichMedia', 'Screen', 'Movie', 'Sound', '3D']);

/** Links a click may follow; `javascript:`, `file:` and UNC targets run code or leak credentials. */
const SAFE_URI = /^\s*(https?:\/\/|mailto:)/i;

/**
 * A value in qpdf's JSON (version 2): names are `/Name`, strings `u:text` or `b:hex`,
 * references `12 0 R`, dictionaries are objects keyed by names.
 */
type Json = null | boolean | number | string | Json[] | JsonDict;
interface JsonDict {
  [key: string]: Json;
}
interface JsonObject {
  value?: Json;
  stream?: { dict: JsonDict };
}
interface QpdfJson {
  qpdf: [Record<string, Json>, Record<string, JsonObject>];
  encrypt?: { encrypted?: boolean; userpasswordmatched?: boolean };
}

const REF = /^\d+ \d+ R$/;
const isDict = (value: Json | undefined): value is JsonDict => value !== null && typeof value === 'object' && !Array.isArray(value);
const nameOf = (value: Json | undefined): string | undefined =>
  typeof value === 'string' && value.startsWith('/') ? value.slice(1) : undefined;

function stringOf(value: Json | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return undefined;
}

/** The dangerous action type of an action dictionary (URI actions count when their target is not a web or mail link). */
function dangerousActionOf(dict: JsonDict, resolve: (v: Json | undefined) => Json | undefined): string | undefined {
  const action = nameOf(resolve(dict['/S']));
  if (!action) return undefined;
  if (DANGEROUS_ACTIONS.has(action)) return action;
  if (action === 'URI' && !SAFE_URI.test(stringOf(resolve(dict['/URI'])) ?? '')) return 'non-web URI';
  return undefined;
}

/** The object graph of one PDF as qpdf dumped it, with the objects changed so far. */
class PdfGraph {
  readonly removed = new Map<string, number>();
  readonly changed = new Set<string>();
  /** References (`12 0 R`) of the annotations removed from page /Annots arrays. */
  private readonly removedAnnotations = new Set<string>();

  constructor(readonly objects: Record<string, JsonObject>) {}

  private count(what: string): void {
    this.removed.set(what, (this.removed.get(what) ?? 0) + 1);
  }

  /** The id (`obj:12 0 R`) and value of an indirect object, or the value itself. */
  private target(value: Json | undefined): { id?: string; value: Json | undefined } {
    if (typeof value === 'string' && REF.test(value)) {
      const id = `obj:${value}`;
      const obj = this.objects[id];
      return { id, value: obj?.value ?? obj?.stream?.dict ?? null };
    }
    return { value };
  }

  readonly resolve = (value: Json | undefined): Json | undefined => this.target(value).value;

  private dangerousAction(value: Json | undefined): string | undefined {
    const dict = this.resolve(value);
    return isDict(dict) ? dangerousActionOf(dict, this.resolve) : undefined;
  }

  /** Removes active keys and references to dangerous actions and annotations from one dictionary. */
  private disarmDict(dict: JsonDict, owner: string): void {
    for (const key of Object.keys(dict)) {
      const described = ACTIVE_KEYS.get(key);
      if (described) {
        delete dict[key];
        this.changed.add(owner);
        this.count(`removed ${described}`);
      }
    }
    for (const key of ['/A', '/OpenAction']) {
      const action = this.dangerousAction(dict[key]);
      if (action) {
        delete dict[key];
        this.changed.add(owner);
        this.count(key === '/OpenAction' ? `removed document open action (${action})` : `removed ${action} action`);
      }
    }
    const next = this.target(dict['/Next']);
    if (Array.isArray(next.value)) {
      const list = next.value;
      for (let i = list.length - 1; i >= 0; i -= 1) {
        const chained = this.dangerousAction(list[i]);
        if (chained) {
          list.splice(i, 1);
          this.changed.add(next.id ?? owner);
          this.count(`removed ${chained} action`);
        }
      }
    } else {
      const chained = this.dangerousAction(dict['/Next']);
      if (chained) {
        delete dict['/Next'];
        this.changed.add(owner);
        this.count(`removed ${chained} action`);
      }
    }
    const annots = this.target(dict['/Annots']);
    if (Array.isArray(annots.value)) {
      const list = annots.value;
      for (let i = list.length - 1; i >= 0; i -= 1) {
        const annot = this.resolve(list[i]);
        const subtype = isDict(annot) ? nameOf(annot['/Subtype']) : undefined;
        if (subtype && DANGEROUS_ANNOTATIONS.has(subtype)) {
          if (typeof list[i] === 'string') this.removedAnnotations.add(list[i] as string);
          list.splice(i, 1);
          this.changed.add(annots.id ?? owner);
          this.count(`removed ${subtype} annotation`);
        }
      }
    }
  }

  /** Visits a value and its direct (not indirect) children. */
  private visit(value: Json | undefined, visitor: (dict: JsonDict) => void): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, visitor);
    } else if (isDict(value)) {
      visitor(value);
      for (const child of Object.values(value)) this.visit(child, visitor);
    }
  }

  disarm(): void {
    for (const [id, obj] of Object.entries(this.objects)) {
      if (!id.startsWith('obj:')) continue;
      const dict = obj.stream?.dict;
      // A stream whose data lives in another file (F/FFilter/FDecodeParms) would make the viewer fetch it.
      if (dict && '/F' in dict) {
        for (const key of ['/F', '/FFilter', '/FDecodeParms']) delete dict[key];
        this.changed.add(id);
        this.count('removed external stream data reference (F)');
      }
      this.visit(obj.value ?? dict, (d) => this.disarmDict(d, id));
    }
    this.mendReferencesToRemovedAnnotations();
  }

  /**
   * A removed annotation stays reachable (and the file quarantined) while anything points at it:
   * its popup (/Parent), and in a tagged PDF the structure tree (an /OBJR in a structure element's
   * /K). Those references go; structure elements left without content go from their parents and
   * from the parent tree, so the file stays tagged and is delivered.
   */
  private mendReferencesToRemovedAnnotations(): void {
    const gone = new Set(this.removedAnnotations);
    if (gone.size === 0) return;
    const objectIds = Object.keys(this.objects).filter((id) => id.startsWith('obj:'));
    // Popups of removed annotations (they sit in the page's /Annots and name the annotation as /Parent).
    for (const id of objectIds) {
      this.visit(this.objects[id].value ?? this.objects[id].stream?.dict, (dict) => {
        const annots = this.target(dict['/Annots']);
        if (!Array.isArray(annots.value)) return;
        const list = annots.value;
        for (let i = list.length - 1; i >= 0; i -= 1) {
          const annot = this.resolve(list[i]);
          if (isDict(annot) && nameOf(annot['/Subtype']) === 'Popup' && gone.has(String(annot['/Parent']))) {
            list.splice(i, 1);
            this.changed.add(annots.id ?? id);
            this.count('removed popup of a removed annotation');
          }
        }
      });
    }
    /** What a /K item is when it points at something removed: an annotation's OBJR or an emptied element. */
    const removedItem = (item: Json): string | undefined => {
      if (typeof item === 'string' && gone.has(item)) return 'removed structure element left empty';
      const resolved = this.resolve(item);
      const objr = isDict(resolved) && nameOf(resolved['/Type']) === 'OBJR' && gone.has(String(resolved['/Obj']));
      return objr ? 'removed structure tree reference (OBJR) to a removed annotation' : undefined;
    };
    // Structure elements are emptied level by level: each round may empty their parents.
    for (let changed = true, rounds = 0; changed && rounds < 64; rounds += 1) {
      changed = false;
      for (const id of objectIds) {
        const value = this.objects[id].value ?? this.objects[id].stream?.dict;
        this.visit(value, (dict) => {
          if ('/K' in dict && !('/Kids' in dict)) {
            const k = this.target(dict['/K']);
            const before = Array.isArray(k.value) ? k.value.length : 1;
            let left = before;
            if (Array.isArray(k.value)) {
              const list = k.value;
              for (let i = list.length - 1; i >= 0; i -= 1) {
                const why = removedItem(list[i]);
                if (why) {
                  list.splice(i, 1);
                  this.count(why);
                }
              }
              left = list.length;
              if (left < before) this.changed.add(k.id ?? id);
            } else if (k.value !== undefined && removedItem(dict['/K'])) {
              this.count(removedItem(dict['/K']) as string);
              left = 0;
            }
            if (left < before) {
              changed = true;
              if (left === 0) {
                delete dict['/K'];
                this.changed.add(id);
                // A structure element with nothing left goes from its parent and the parent tree.
                if (value === dict && nameOf(dict['/Type']) !== 'StructTreeRoot') gone.add(id.slice('obj:'.length));
              }
            }
          }
          const nums = this.target(dict['/Nums']);
          if (Array.isArray(nums.value)) {
            const list = nums.value;
            for (let i = list.length - 2; i >= 0; i -= 2) {
              if (typeof list[i + 1] === 'string' && gone.has(list[i + 1] as string)) {
                list.splice(i, 2);
                this.changed.add(nums.id ?? id);
                changed = true;
              } else if (Array.isArray(this.resolve(list[i + 1]))) {
                const entries = this.resolve(list[i + 1]) as Json[];
                for (let j = 0; j < entries.length; j += 1) {
                  if (typeof entries[j] === 'string' && gone.has(entries[j] as string)) {
                    // Marked-content ids keep their place in a page's array: the entry becomes null.
                    entries[j] = null;
                    this.changed.add(this.target(list[i + 1]).id ?? nums.id ?? id);
                    changed = true;
                  }
                }
              }
            }
          }
        });
      }
    }
  }

  /** What is dangerous about one dictionary itself (not its children). */
  private dangerOf(dict: JsonDict): string | undefined {
    for (const key of Object.keys(dict)) {
      const described = ACTIVE_KEYS.get(key);
      if (described) return described;
    }
    const type = nameOf(dict['/Type']);
    const action = dangerousActionOf(dict, this.resolve);
    if (action && (type === undefined || type === 'Action')) return `${action} action`;
    const subtype = nameOf(dict['/Subtype']);
    if (subtype && DANGEROUS_ANNOTATIONS.has(subtype) && type !== 'XObject') return `${subtype} annotation`;
    if (type === 'EmbeddedFile') return 'embedded file stream';
    return undefined;
  }

  /** The first dangerous construct in any object (the graph of a file qpdf wrote holds only reachable ones). */
  residualDanger(): string | undefined {
    let found: string | undefined;
    for (const [id, obj] of Object.entries(this.objects)) {
      if (!id.startsWith('obj:')) continue;
      if (obj.stream?.dict && '/F' in obj.stream.dict) return 'external stream data reference (F)';
      this.visit(obj.value ?? obj.stream?.dict, (d) => {
        found ??= this.dangerOf(d);
      });
      if (found) return found;
    }
    return undefined;
  }

  objectCount(): number {
    return Object.keys(this.objects).filter((id) => id.startsWith('obj:')).length;
  }

  /**
   * The document catalog has a page tree (qpdf reconstructs damaged files, possibly into an
   * empty shell). A catalog whose /Pages names a page, or a node below the root, is pointed at
   * the root its /Parent chain leads to, as qpdf and poppler correct it when they read the file.
   */
  hasPageTree(): boolean {
    const trailer = this.objects.trailer?.value;
    const catalog = isDict(trailer) ? this.target(trailer['/Root']) : undefined;
    const root = catalog?.value;
    if (!catalog?.id || !isDict(root)) return false;
    const isTreeRoot = (node: Json | undefined) => isDict(node) && Array.isArray(this.resolve(node['/Kids'])) && !('/Parent' in node);
    let ref = root['/Pages'];
    let node = this.resolve(ref);
    for (let hops = 0; isDict(node) && '/Parent' in node && hops < 64; hops += 1) {
      ref = node['/Parent'];
      node = this.resolve(ref);
    }
    if (!isTreeRoot(node)) {
      const pages = this.resolve(root['/Pages']);
      return isDict(pages) && Array.isArray(this.resolve(pages['/Kids']));
    }
    if (ref !== root['/Pages']) {
      root['/Pages'] = ref as Json;
      this.changed.add(catalog.id);
      this.count('pointed the catalog at the root of its page tree (/Pages named a page)');
    }
    return true;
  }

  /** The pages (leaves) the page tree below `ref` reaches, in reading order. */
  pagesUnder(ref: Json | undefined): string[] {
    const pages: string[] = [];
    const seen = new Set<string>();
    const walk = (node: Json | undefined, depth: number): void => {
      if (typeof node !== 'string' || !REF.test(node) || seen.has(node) || depth > 64) return;
      seen.add(node);
      const dict = this.resolve(node);
      if (!isDict(dict)) return;
      const kids = this.resolve(dict['/Kids']);
      if (Array.isArray(kids)) for (const kid of kids) walk(kid, depth + 1);
      else if (nameOf(dict['/Type']) !== 'Pages') pages.push(node);
    };
    walk(ref, 0);
    return pages;
  }

  /**
   * A page tree that reaches none of the pages it declares (empty or dangling /Kids) while page
   * objects name it as their parent: poppler and native qpdf find those pages; the rewrite would
   * drop them as unreferenced. The tree is rebuilt from them (in object order, inherited attributes
   * copied down). A tree reaching some but not all of them, or a document with no page at all,
   * is quarantined: readers differ on which pages it has.
   */
  mendPageTree(): void {
    const trailer = this.objects.trailer?.value;
    const catalog = isDict(trailer) ? this.resolve(trailer['/Root']) : undefined;
    const rootRef = isDict(catalog) ? catalog['/Pages'] : undefined;
    const root = this.resolve(rootRef);
    if (typeof rootRef !== 'string' || !isDict(root)) return;
    const reached = this.pagesUnder(rootRef);
    const declared = typeof root['/Count'] === 'number' ? root['/Count'] : reached.length;
    const inTree = new Set(reached);
    const outside = Object.keys(this.objects)
      .filter((id) => id.startsWith('obj:'))
      .map((id) => id.slice('obj:'.length))
      .filter((ref) => !inTree.has(ref) && nameOf((this.resolve(ref) as JsonDict | undefined)?.['/Type']) === 'Page')
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    if (reached.length > 0 && (reached.length >= declared || outside.length === 0)) return;
    if (reached.length === 0 && outside.length === 0) throw new Quarantine('malformed', 'PDF has no pages');
    if (reached.length > 0) {
      throw new Quarantine(
        'malformed',
        `PDF page tree reaches ${reached.length} of the ${declared} pages it declares and ${outside.length} page object(s) lie outside it: readers differ on which pages the document has`,
      );
    }
    for (const ref of outside) {
      const page = this.resolve(ref) as JsonDict;
      // Attributes a page inherits from the nodes above it (PDF 32000-1, 7.7.3.4).
      for (let parent = this.resolve(page['/Parent']), hops = 0; isDict(parent) && hops < 64; hops += 1) {
        for (const key of ['/Resources', '/MediaBox', '/CropBox', '/Rotate']) if (!(key in page) && key in parent) page[key] = parent[key];
        parent = this.resolve(parent['/Parent']);
      }
      page['/Parent'] = rootRef;
      this.changed.add(`obj:${ref}`);
    }
    root['/Kids'] = outside;
    root['/Count'] = outside.length;
    this.changed.add(`obj:${rootRef}`);
    this.count(`rebuilt the page tree from ${outside.length} page object(s) outside it (as poppler and qpdf read it)`);
  }

  /** The changed objects, in the form `qpdf --update-from-json` takes. */
  patch(header: Record<string, Json>): string {
    const updates: Record<string, JsonObject> = {};
    for (const id of this.changed) {
      const obj = this.objects[id];
      // Without "data", qpdf keeps the stream's data and replaces only its dictionary.
      updates[id] = obj.stream ? { stream: { dict: obj.stream.dict } } : { value: obj.value ?? null };
    }
    return JSON.stringify({ qpdf: [header, updates] });
  }
}

export interface PdfOptions {
  /** Most memory qpdf may use for this file, in bytes. */
  readonly maxMemoryBytes: number;
}

const IN = '/in.pdf';
const OUT = '/out.pdf';
const JSON_OUT = '/objects.json';
const PATCH = '/patch.json';
const DUMP = ['--json=2', '--json-key=qpdf', '--json-key=encrypt', '--json-stream-data=none'];

/** qpdf's messages for stream data its filters cannot decode. */
const STREAM_DATA_ERROR = /inflate|LZWDecoder|decod|stream data|filter/i;

function lastError(stderr: readonly string[]): string {
  const lines = stderr.filter((line) => !/^WARNING|succeeded with warnings/.test(line));
  return (lines.pop() ?? stderr[stderr.length - 1] ?? 'unknown error').replace(/^[\w.]+: /, '').slice(0, 300);
}

async function dump(bytes: Uint8Array, options: PdfOptions, what: string): Promise<{ json: QpdfJson; warnings: number }> {
  const run = await runQpdf([...DUMP, IN, JSON_OUT], { [IN]: bytes }, [JSON_OUT], options.maxMemoryBytes);
  if (run.outOfMemory)
    throw new Quarantine(
      'limit-exceeded',
      `${what} needs more than ${options.maxMemoryBytes / 1024 / 1024} MiB to parse (limits.maxMemoryMiBPerFile)`,
    );
  const text = run.files[JSON_OUT];
  if ((run.status !== 0 && run.status !== 3) || !text) {
    const error = lastError(run.stderr);
    if (/password|encrypt/i.test(error))
      throw new Quarantine('encrypted', `${what} is encrypted with a password; its content cannot be inspected (${error})`);
    throw new Quarantine('malformed', `${what} cannot be parsed: ${error}`);
  }
  const warnings = run.stderr.filter((line) => line.startsWith('WARNING')).length;
  return { json: JSON.parse(Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8')) as QpdfJson, warnings };
}

/**
 * Rebuilds a PDF without active content. The file is always rewritten (never passed through),
 * because a viewer following the original cross-reference table could see objects other than
 * the ones inspected here. The output is parsed again and checked; anything dangerous still
 * there quarantines the file.
 */
export async function sanitizePdf(input: Uint8Array, options: PdfOptions): Promise<HandlerOutcome> {
  let bytes = input;
  let parsed: { json: QpdfJson; warnings: number };
  let repairedBy: string | undefined;
  try {
    parsed = await dump(bytes, options, 'PDF');
  } catch (error) {
    if (!(error instanceof Quarantine) || error.code !== 'malformed') throw error;
    // This qpdf build does not reconstruct damaged cross-reference tables as native qpdf does.
    // The file is rebuilt from the objects in its body (./pdf-reconstruct.ts), or else by
    // pdf-lib, which reads a file object by object; either rewrite, with a fresh table, is then
    // read by qpdf like any other file (what qpdf reads is what is inspected and written).
    const repaired = await repairDamaged(bytes, options);
    if (!repaired) throw error;
    ({ bytes, parsed } = repaired);
    repairedBy = `cross-reference table rebuilt by ${repaired.by} (${error.reason.replace(/^PDF cannot be parsed: /, '')})`;
  }
  try {
    return await rebuild(bytes, parsed, options, repairedBy);
  } catch (error) {
    if (!(error instanceof Quarantine) || error.code !== 'active-content') throw error;
    // qpdf's --update-from-json does not always reach objects inside object streams (a file
    // whose /Size is below its highest object number, for one): write every object out of its
    // stream first, then disarm that file.
    const flat = await runQpdf([IN, '--decrypt', '--object-streams=disable', OUT], { [IN]: bytes }, [OUT], options.maxMemoryBytes);
    const flatBytes = flat.files[OUT];
    if ((flat.status !== 0 && flat.status !== 3) || !flatBytes) throw error;
    const encrypted = parsed.json.encrypt?.encrypted === true;
    const outcome = await rebuild(flatBytes, await dump(flatBytes, options, 'PDF'), options, repairedBy);
    return encrypted
      ? { ...outcome, removals: ['removed permission-only encryption (empty user password)', ...outcome.removals] }
      : outcome;
  }
}

/** Disarms the parsed graph, has qpdf write the file with the changes, and checks the result. */
async function rebuild(
  bytes: Uint8Array,
  parsed: { json: QpdfJson; warnings: number },
  options: PdfOptions,
  repairedBy: string | undefined,
): Promise<HandlerOutcome> {
  const { json, warnings } = parsed;
  const graph = new PdfGraph(json.qpdf[1]);
  const hadPageTree = graph.hasPageTree();
  graph.mendPageTree();
  if (!hadPageTree && !graph.hasPageTree())
    throw new Quarantine('malformed', 'PDF has no page tree (document catalog without /Pages and /Kids)');
  graph.disarm();
  const encrypted = json.encrypt?.encrypted === true;
  const inputs = { [IN]: bytes, [PATCH]: Buffer.from(graph.patch(json.qpdf[0]), 'utf8') };
  const writeWith = (extra: readonly string[]) =>
    runQpdf([IN, '--decrypt', ...extra, `--update-from-json=${PATCH}`, OUT], inputs, [OUT], options.maxMemoryBytes);
  let write = await writeWith([]);
  let streamsCopied = false;
  if (write.status !== 0 && write.status !== 3 && !write.outOfMemory && STREAM_DATA_ERROR.test(lastError(write.stderr))) {
    // Native qpdf copies stream data it cannot decode as it is; this build stops instead (its
    // recovery needs C++ exceptions). Stream data is never inspected here, only dictionaries:
    // copying every stream unchanged loses nothing the checks rely on.
    write = await writeWith(['--stream-data=preserve']);
    streamsCopied = true;
  }
  if (write.outOfMemory)
    throw new Quarantine(
      'limit-exceeded',
      `PDF needs more than ${options.maxMemoryBytes / 1024 / 1024} MiB to rebuild (limits.maxMemoryMiBPerFile)`,
    );
  const out = write.files[OUT];
  if ((write.status !== 0 && write.status !== 3) || !out)
    throw new Quarantine('malformed', `PDF cannot be rebuilt: ${lastError(write.stderr)}`);
  // The output holds some of the objects inspected, written again. When nothing was changed and
  // none of those objects holds anything dangerous, neither can the output: the third qpdf run
  // (a third of the time) is saved. Otherwise the output is dumped and checked on its own.
  let dropped = 'unreferenced objects dropped';
  if (graph.changed.size > 0 || graph.residualDanger()) {
    const check = new PdfGraph((await dump(out, options, 'rebuilt PDF')).json.qpdf[1]);
    const residual = check.residualDanger();
    if (residual) throw new Quarantine('active-content', `PDF still holds ${residual} after sanitization`);
    check.mendPageTree();
    if (check.changed.size > 0) throw new Quarantine('malformed', 'rebuilt PDF lost pages of its page tree');
    dropped = `${Math.max(0, graph.objectCount() - check.objectCount())} unreferenced object(s) dropped`;
  }
  const removals = [...graph.removed].map(([what, count]) => (count > 1 ? `${what} x${count}` : what));
  if (encrypted) removals.unshift('removed permission-only encryption (empty user password)');
  const notes = [`rebuilt PDF structure (${dropped}${warnings > 0 ? `, ${warnings} structural problem(s) repaired` : ''})`];
  if (repairedBy) notes.push(repairedBy);
  if (streamsCopied) notes.push('stream data copied as it is (some of it is damaged and cannot be decoded)');
  return { bytes: out, removals, notes };
}

/** A rewrite of a file qpdf could not read that qpdf reads, with its dump, or undefined. */
async function repairDamaged(
  input: Uint8Array,
  options: PdfOptions,
): Promise<{ bytes: Uint8Array; parsed: { json: QpdfJson; warnings: number }; by: string } | undefined> {
  const attempts: [string, () => Promise<Uint8Array | undefined>][] = [
    ['reading the objects in the body', async () => reconstructPdf(input)],
    ['pdf-lib', () => repairWithPdfLib(input)],
  ];
  for (const [by, attempt] of attempts) {
    const bytes = await attempt();
    if (!bytes) continue;
    try {
      return { bytes, parsed: await dump(bytes, options, 'PDF'), by };
    } catch (error) {
      if (!(error instanceof Quarantine) || error.code !== 'malformed') throw error;
    }
  }
  return undefined;
}

/** pdf-lib's object-by-object rewrite of a file qpdf could not read, or undefined. */
async function repairWithPdfLib(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  // pdf-lib reports every object it skips on the console; the note in the result says enough.
  const { log, warn } = console;
  console.log = () => undefined;
  console.warn = () => undefined;
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    return await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  } catch {
    return undefined;
  } finally {
    console.log = log;
    console.warn = warn;
  }
}
