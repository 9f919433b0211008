import { ParseSpeeds, PDFArray, PDFContext, PDFDict, PDFDocument, PDFHexString, PDFName, PDFObject, PDFRef, PDFStream, PDFString } from 'pdf-lib';
import { HandlerOutcome } from './context';
import { Quarantine } from './quarantine';

/**
 * Keys whose presence is active or hidden content, wherever they appear: page and field
 * actions, JavaScript name trees and code, attached files, Flash/3D rich media, XFA forms.
 * (OpenAction, like a link's A, is only removed when it is a dangerous action: opening at a
 * page is harmless.)
 */
const ACTIVE_KEYS: ReadonlyMap<string, string> = new Map([
  ['AA', 'additional actions (AA)'],
  ['JavaScript', 'JavaScript name tree'],
  ['JS', 'JavaScript code'],
  ['EmbeddedFiles', 'embedded files name tree (EmbeddedFiles)'],
  ['EF', 'embedded file stream (EF)'],
  ['AF', 'associated files (AF)'],
  ['RF', 'related embedded files (RF)'],
  ['Collection', 'portfolio (Collection)'],
  ['RichMediaContent', 'rich media content (RichMedia)'],
  ['RichMediaSettings', 'rich media settings (RichMedia)'],
  ['XFA', 'XFA form (XFA)'],
  // Tells Acrobat to render the (removed) XFA form instead of the page content.
  ['NeedsRendering', 'XFA rendering flag (NeedsRendering)'],
]);

/** Actions that run code, start programs, send data or open other files. Links (URI, GoTo) stay. */
const DANGEROUS_ACTIONS = new Set([
  'JavaScript', 'Launch', 'ImportData', 'SubmitForm', 'GoToR', 'GoToE', 'Thread', 'RichMediaExecute', 'Rendition', 'Sound', 'Movie',
]);
/** Annotations that carry files, media or 3D content. */
const DANGEROUS_ANNOTATIONS = new Set(['FileAttachment', 'RichMedia', 'Screen', 'Movie', 'Sound', '3D']);

const name = (n: PDFName): string => n.decodeText();

/** Links a click may follow; `javascript:`, `file:` and UNC targets run code or leak credentials. */
const SAFE_URI = /^\s*(https?:\/\/|mailto:)/i;

/** The dangerous action type of an action dictionary (URI actions count when their target is not a web or mail link). */
function dangerousActionOf(dict: PDFDict): string | undefined {
  const action = nameValue(dict, 'S');
  if (!action) return undefined;
  if (DANGEROUS_ACTIONS.has(action)) return action;
  if (action === 'URI') {
    const uri = dict.get(PDFName.of('URI'));
    const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : '';
    if (!SAFE_URI.test(target)) return 'non-web URI';
  }
  return undefined;
}

function dictOf(obj: PDFObject | undefined): PDFDict | undefined {
  if (obj instanceof PDFDict) return obj;
  if (obj instanceof PDFStream) return obj.dict;
  return undefined;
}

function nameValue(dict: PDFDict, key: string): string | undefined {
  const value = dict.get(PDFName.of(key));
  return value instanceof PDFName ? name(value) : undefined;
}

/** Finds what is dangerous about one dictionary itself (not its children). */
function dangerOf(dict: PDFDict): string | undefined {
  for (const [key] of dict.entries()) {
    const described = ACTIVE_KEYS.get(name(key));
    if (described) return described;
  }
  const action = dangerousActionOf(dict);
  if (action && (dict.has(PDFName.of('Type')) ? nameValue(dict, 'Type') === 'Action' : true)) return `${action} action`;
  const subtype = nameValue(dict, 'Subtype');
  if (subtype && DANGEROUS_ANNOTATIONS.has(subtype) && nameValue(dict, 'Type') !== 'XObject') return `${subtype} annotation`;
  if (nameValue(dict, 'Type') === 'EmbeddedFile') return 'embedded file stream';
  return undefined;
}

class PdfDisarmer {
  readonly removed = new Map<string, number>();

  constructor(private readonly context: PDFContext) {}

  private count(what: string): void {
    this.removed.set(what, (this.removed.get(what) ?? 0) + 1);
  }

  private resolve(obj: PDFObject | undefined): PDFObject | undefined {
    return obj instanceof PDFRef ? this.context.lookup(obj) : obj;
  }

  private isDangerousAction(obj: PDFObject | undefined): string | undefined {
    const dict = dictOf(this.resolve(obj));
    return dict && dangerousActionOf(dict);
  }

  /** Removes active keys and references to dangerous actions and annotations from one dictionary. */
  private disarmDict(dict: PDFDict): void {
    for (const [key] of dict.entries()) {
      const described = ACTIVE_KEYS.get(name(key));
      if (described) {
        dict.delete(key);
        this.count(`removed ${described}`);
      }
    }
    for (const key of ['A', 'OpenAction']) {
      const action = this.isDangerousAction(dict.get(PDFName.of(key)));
      if (action) {
        dict.delete(PDFName.of(key));
        this.count(key === 'OpenAction' ? `removed document open action (${action})` : `removed ${action} action`);
      }
    }
    const nextKey = PDFName.of('Next');
    const next = this.resolve(dict.get(nextKey));
    if (next instanceof PDFArray) {
      for (let i = next.size() - 1; i >= 0; i -= 1) {
        const chained = this.isDangerousAction(next.get(i));
        if (chained) {
          next.remove(i);
          this.count(`removed ${chained} action`);
        }
      }
    } else {
      const chained = this.isDangerousAction(next);
      if (chained) {
        dict.delete(nextKey);
        this.count(`removed ${chained} action`);
      }
    }
    const annots = this.resolve(dict.get(PDFName.of('Annots')));
    if (annots instanceof PDFArray) {
      for (let i = annots.size() - 1; i >= 0; i -= 1) {
        const annot = dictOf(this.resolve(annots.get(i)));
        const subtype = annot && nameValue(annot, 'Subtype');
        if (subtype && DANGEROUS_ANNOTATIONS.has(subtype)) {
          annots.remove(i);
          this.count(`removed ${subtype} annotation`);
        }
      }
    }
  }

  /** Visits an object and its direct (not indirect) children. */
  private visit(obj: PDFObject, visitor: (dict: PDFDict) => void): void {
    const dict = dictOf(obj);
    if (dict) {
      visitor(dict);
      for (const [, value] of dict.entries()) this.visit(value, visitor);
    } else if (obj instanceof PDFArray) {
      for (const item of obj.asArray()) this.visit(item, visitor);
    }
  }

  disarm(): void {
    for (const [, obj] of this.context.enumerateIndirectObjects()) {
      // A stream whose data lives in another file (F/FFilter/FDecodeParms) would make the viewer fetch it.
      if (obj instanceof PDFStream && obj.dict.has(PDFName.of('F'))) {
        for (const key of ['F', 'FFilter', 'FDecodeParms']) obj.dict.delete(PDFName.of(key));
        this.count('removed external stream data reference (F)');
      }
      this.visit(obj, (d) => this.disarmDict(d));
    }
  }

  /** Every object reachable from the trailer. */
  reachable(): Set<string> {
    const seen = new Set<string>();
    const stack: PDFObject[] = [];
    const { Root, Info } = this.context.trailerInfo;
    if (Root) stack.push(Root);
    if (Info) stack.push(Info);
    while (stack.length > 0) {
      const obj = stack.pop() as PDFObject;
      if (obj instanceof PDFRef) {
        if (seen.has(obj.tag)) continue;
        seen.add(obj.tag);
        const target = this.context.lookup(obj);
        if (target) stack.push(target);
        continue;
      }
      const dict = dictOf(obj);
      if (dict) for (const [, value] of dict.entries()) stack.push(value);
      else if (obj instanceof PDFArray) stack.push(...obj.asArray());
    }
    return seen;
  }

  /** Drops objects nothing refers to any more, so removed scripts and files are not written out. */
  collectGarbage(): number {
    const live = this.reachable();
    let dropped = 0;
    for (const [ref] of this.context.enumerateIndirectObjects()) {
      if (!live.has(ref.tag)) {
        this.context.delete(ref);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** The first dangerous construct still reachable, if any. */
  residualDanger(): string | undefined {
    const live = this.reachable();
    let found: string | undefined;
    for (const [ref, obj] of this.context.enumerateIndirectObjects()) {
      if (!live.has(ref.tag)) continue;
      this.visit(obj, (d) => {
        found ??= dangerOf(d);
      });
      if (found) return found;
    }
    return undefined;
  }
}

async function load(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, {
      updateMetadata: false,
      // An object pdf-lib cannot parse would be written back verbatim, unseen: refuse instead.
      throwOnInvalidObject: true,
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // pdf-lib's error classes are compiled to ES5, where instanceof does not work on them.
    if (/is encrypted/.test(message)) throw new Quarantine('encrypted', 'PDF is encrypted; its content cannot be inspected');
    throw new Quarantine('malformed', `PDF cannot be parsed: ${message}`);
  }
}

/**
 * Rebuilds a PDF from its parsed object graph without active content. The file is always
 * rewritten (never passed through), because a viewer following the original cross-reference
 * table could see objects other than the ones inspected here. The output is parsed again and
 * checked; anything dangerous still reachable quarantines the file.
 */
export async function sanitizePdf(bytes: Uint8Array): Promise<HandlerOutcome> {
  const doc = await load(bytes);
  const disarmer = new PdfDisarmer(doc.context);
  disarmer.disarm();
  const dropped = disarmer.collectGarbage();
  if (!doc.context.trailerInfo.Root || !(doc.context.lookup(doc.context.trailerInfo.Root) instanceof PDFDict)) {
    throw new Quarantine('malformed', 'PDF has no document catalog');
  }
  let out: Uint8Array;
  try {
    doc.getPages();
    out = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  } catch (error) {
    throw new Quarantine('malformed', `PDF cannot be rebuilt: ${error instanceof Error ? error.message : String(error)}`);
  }
  const check = await load(out);
  const residual = new PdfDisarmer(check.context).residualDanger();
  if (residual) throw new Quarantine('active-content', `PDF still holds ${residual} after sanitization`);
  const removals = [...disarmer.removed].map(([what, count]) => (count > 1 ? `${what} x${count}` : what));
  const notes = [`rebuilt PDF structure (${dropped} unreferenced object(s) dropped)`];
  return { bytes: out, removals, notes };
}
