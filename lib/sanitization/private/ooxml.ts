import { DOMParser, Document, Element, Node, XMLSerializer, onErrorStopParsing } from '@xmldom/xmldom';
import { XMLValidator } from 'fast-xml-parser';
import { HandlerOutcome } from './context';
import { sniff } from './detect';
import { convertGifToPng } from './gif';
import { sanitizeJpeg } from './jpeg';
import { ImageOptions, sanitizePng } from './png';
import { Quarantine } from './quarantine';
import { ZipEntry } from './zip-reader';
import { writeZip } from './zip-writer';

/** An Office Open XML main document type. */
interface OfficeKind {
  /** Detected type, e.g. `docm`. */
  readonly type: string;
  /** Extension a delivered file gets, e.g. `docx`. */
  readonly deliveredExtension: string;
  /** Extensions a name may have for this content. */
  readonly extensions: readonly string[];
  /** For macro-enabled kinds: the plain main content type it is converted to. */
  readonly plainContentType?: string;
  /** Kinds that are code (add-ins) or cannot be inspected (binary workbooks). */
  readonly refused?: string;
}

const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
const SML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const PML = 'application/vnd.openxmlformats-officedocument.presentationml';

const OFFICE_KINDS: ReadonlyMap<string, OfficeKind> = new Map<string, OfficeKind>([
  [`${WML}.document.main+xml`, { type: 'docx', deliveredExtension: 'docx', extensions: ['docx', 'docm'] }],
  [
    'application/vnd.ms-word.document.macroEnabled.main+xml',
    { type: 'docm', deliveredExtension: 'docx', extensions: ['docx', 'docm'], plainContentType: `${WML}.document.main+xml` },
  ],
  [`${WML}.template.main+xml`, { type: 'dotx', deliveredExtension: 'dotx', extensions: ['dotx', 'dotm'] }],
  [
    'application/vnd.ms-word.template.macroEnabledTemplate.main+xml',
    { type: 'dotm', deliveredExtension: 'dotx', extensions: ['dotx', 'dotm'], plainContentType: `${WML}.template.main+xml` },
  ],
  [`${SML}.sheet.main+xml`, { type: 'xlsx', deliveredExtension: 'xlsx', extensions: ['xlsx', 'xlsm'] }],
  [
    'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
    { type: 'xlsm', deliveredExtension: 'xlsx', extensions: ['xlsx', 'xlsm'], plainContentType: `${SML}.sheet.main+xml` },
  ],
  [`${SML}.template.main+xml`, { type: 'xltx', deliveredExtension: 'xltx', extensions: ['xltx', 'xltm'] }],
  [
    'application/vnd.ms-excel.template.macroEnabled.main+xml',
    { type: 'xltm', deliveredExtension: 'xltx', extensions: ['xltx', 'xltm'], plainContentType: `${SML}.template.main+xml` },
  ],
  [
    'application/vnd.ms-excel.addin.macroEnabled.main+xml',
    { type: 'xlam', deliveredExtension: 'xlam', extensions: ['xlam'], refused: 'Excel add-in (code)' },
  ],
  [
    'application/vnd.ms-excel.sheet.binary.macroEnabled.main',
    {
      type: 'xlsb',
      deliveredExtension: 'xlsb',
      extensions: ['xlsb'],
      refused: 'binary Excel workbook (.xlsb): its parts cannot be inspected',
    },
  ],
  [`${PML}.presentation.main+xml`, { type: 'pptx', deliveredExtension: 'pptx', extensions: ['pptx', 'pptm'] }],
  [
    'application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml',
    { type: 'pptm', deliveredExtension: 'pptx', extensions: ['pptx', 'pptm'], plainContentType: `${PML}.presentation.main+xml` },
  ],
  [`${PML}.slideshow.main+xml`, { type: 'ppsx', deliveredExtension: 'ppsx', extensions: ['ppsx', 'ppsm'] }],
  [
    'application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml',
    { type: 'ppsm', deliveredExtension: 'ppsx', extensions: ['ppsx', 'ppsm'], plainContentType: `${PML}.slideshow.main+xml` },
  ],
  [`${PML}.template.main+xml`, { type: 'potx', deliveredExtension: 'potx', extensions: ['potx', 'potm'] }],
  [
    'application/vnd.ms-powerpoint.template.macroEnabled.main+xml',
    { type: 'potm', deliveredExtension: 'potx', extensions: ['potx', 'potm'], plainContentType: `${PML}.template.main+xml` },
  ],
  [
    'application/vnd.ms-powerpoint.addin.macroEnabled.main+xml',
    { type: 'ppam', deliveredExtension: 'ppam', extensions: ['ppam'], refused: 'PowerPoint add-in (code)' },
  ],
]);

/** Part content types that are code, controls, embedded objects or links to other files. */
const ACTIVE_CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['application/vnd.ms-office.vbaproject', 'VBA project'],
  ['application/vnd.ms-office.vbaprojectsignature', 'VBA project signature'],
  ['application/vnd.ms-office.vbaprojectsignatureagile', 'VBA project signature'],
  ['application/vnd.ms-office.vbaprojectsignaturev3', 'VBA project signature'],
  ['application/vnd.ms-word.vbadata+xml', 'VBA data'],
  ['application/vnd.ms-office.activex+xml', 'ActiveX control'],
  ['application/vnd.ms-office.activex', 'ActiveX control'],
  ['application/vnd.openxmlformats-officedocument.oleobject', 'OLE object'],
  ['application/vnd.ms-excel.macrosheet+xml', 'Excel 4.0 macro sheet'],
  ['application/vnd.ms-excel.intlmacrosheet+xml', 'Excel 4.0 macro sheet'],
  [`${SML}.externallink+xml`.toLowerCase(), 'external workbook link'],
  ['application/vnd.ms-word.keymapcustomizations+xml', 'macro key bindings'],
  ['application/vnd.ms-word.attachedtoolbars', 'macro toolbars'],
  ['application/vnd.ms-excel.attachedtoolbars', 'macro toolbars'],
  // Office add-ins (web extensions) load and run remote JavaScript when the document opens.
  ['application/vnd.ms-office.webextension+xml', 'Office add-in (web extension)'],
  ['application/vnd.ms-office.webextensiontaskpanes+xml', 'Office add-in task pane'],
  // Office keeps a PNG copy of every SVG picture and falls back to it.
  ['image/svg+xml', 'SVG picture (scripts, remote references)'],
]);

/** Part paths (lowercase) that hold the same, whatever content type they claim. */
const ACTIVE_PATHS: readonly [RegExp, string][] = [
  [/(^|\/)vbaproject\.bin$/, 'VBA project'],
  [/(^|\/)vbaprojectsignature[^/]*$/, 'VBA project signature'],
  [/(^|\/)vbadata\.xml$/, 'VBA data'],
  [/(^|\/)activex\//, 'ActiveX control'],
  [/(^|\/)embeddings\//, 'embedded object'],
  [/(^|\/)macrosheets\//, 'Excel 4.0 macro sheet'],
  [/(^|\/)externallinks\//, 'external workbook link'],
  [/^customui\//, 'ribbon customization (macro callbacks)'],
  [/(^|\/)attachedtoolbars\.bin$/, 'macro toolbars'],
  [/(^|\/)keymapcustomizations\.xml$/, 'macro key bindings'],
  [/(^|\/)webextensions\//, 'Office add-in (web extension)'],
];

/**
 * Relationship types whose target is active whatever its path: code, controls, objects, links to
 * other workbooks, imported HTML/RTF/MHT chunks (altChunk), data connections and web queries
 * Excel may refresh on open, embedded packages (a document inside a document), and ribbon
 * customizations (`ui/extensibility`: Office finds them by this type, not by the customUI folder).
 */
const ACTIVE_RELATIONSHIP_TYPES =
  /\/(vbaProject|wordVbaData|activeXControl|activeXControlBinary|oleObject|xlMacrosheet|xlIntlMacrosheet|externalLink|attachedToolbars|keyMapCustomizations|aFChunk|connections|queryTable|webextension|webextensiontaskpanes|package|ui\/extensibility)$/i;

/** What an active relationship type's target is, for the action text. */
function activeRelationshipKind(type: string): string {
  return /\/ui\/extensibility$/i.test(type) ? 'ribbon customization (macro callbacks)' : relationshipKind(type);
}

const REL_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://purl.oclc.org/ooxml/officeDocument/relationships',
]);
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const SML_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
  // x14 extensions (conditional formats, data validations) write their formulas as xm:f.
  'http://schemas.microsoft.com/office/excel/2006/main',
]);
/** Containers that are invalid or meaningless once their last child is removed. */
const EMPTYABLE_CONTAINERS = new Set([
  'oleObjects',
  'controls',
  'AlternateContent',
  'Choice',
  'Fallback',
  'externalReferences',
  'webPublishItems',
]);

/**
 * Word field instructions that fetch remote content, run programs (DDE) or macros (MACROBUTTON), and HYPERLINK fields
 * to anything but a web page, a mail address or a bookmark (file: and UNC links leak credentials).
 */
const DANGEROUS_FIELD = new RegExp(
  '^\\s*((DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK|INCLUDE|MACROBUTTON|DATABASE|RD)\\b' +
    '|HYPERLINK\\s+(?!\\\\l)(?!"?(https?://|mailto:)))',
  'i',
);
/**
 * Excel formulas calling DDE (`cmd|'/c calc'!A1`, also with blanks around the pipe), the web, or
 * code; IMAGE (fetches a picture from a URL when the cell is calculated).
 */
const DANGEROUS_FORMULA =
  /[A-Za-z0-9_.]+\s*\|\s*('[^']*'|[A-Za-z0-9_.]+)!|\b(WEBSERVICE|FILTERXML|CALL|REGISTER|REGISTER\.ID|EXEC|RTD|IMAGE)\s*\(/i;
/** Functions whose presence in a part's text calls for a formula check. */
const FORMULA_FUNCTIONS = /\b(WEBSERVICE|FILTERXML|CALL|REGISTER|REGISTER\.ID|EXEC|RTD|IMAGE|HYPERLINK)\s*\(/i;
/**
 * HYPERLINK calls whose target is not a literal web page, mail address or place in the workbook:
 * a `file:` or UNC target leaks the user's credentials when clicked, and a computed one may be either.
 */
const HYPERLINK_CALL = /\bHYPERLINK\s*\(\s*(?!"\s*(https?:\/\/|mailto:|#))/i;

const lower = (s: string) => s.toLowerCase();

function decodeXml(bytes: Uint8Array, partName: string): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = Buffer.from(bytes.subarray(2)).toString('utf16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  else
    text = Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\ufeff/, '');
  // OOXML forbids DTDs; one here can only be an entity-expansion or external-entity attack.
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new Quarantine('malformed', `Office part '${partName}' declares a DTD, which Office Open XML forbids`);
  return text;
}

function parseXml(bytes: Uint8Array | string, partName: string): Document {
  try {
    return new DOMParser({ onError: onErrorStopParsing }).parseFromString(
      typeof bytes === 'string' ? bytes : decodeXml(bytes, partName),
      'text/xml',
    );
  } catch (error) {
    if (error instanceof Quarantine) throw error;
    throw new Quarantine(
      'malformed',
      `Office part '${partName}' is not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

/** A reference to anything but the five predefined entities or a character. */
const UNDEFINED_ENTITY = /&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

/**
 * What is delivered must be XML every reader accepts, not only the lenient DOM parser used here
 * (unquoted attributes, a bare `&`, attributes run together, `]]>` in text): Office and strict
 * parsers refuse such a part, and readers that repair it may each see something else.
 */
function checkStrictlyWellFormed(xml: string, partName: string): void {
  const validation = XMLValidator.validate(xml);
  let problem = validation === true ? undefined : `${validation.err.msg} (line ${validation.err.line})`;
  if (!problem) {
    const markupOnly = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
    if (UNDEFINED_ENTITY.test(markupOnly)) problem = 'a bare & or a reference to an undefined entity';
    else if (markupOnly.includes(']]>')) problem = "']]>' outside a CDATA section";
  }
  if (problem) throw new Quarantine('malformed', `Office part '${partName}' is not well-formed XML for strict readers: ${problem}`);
}

function serializeXml(doc: Document): Uint8Array {
  let xml = new XMLSerializer().serializeToString(doc);
  if (!xml.startsWith('<?xml')) xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${xml}`;
  return utf8Xml(xml);
}

/** Edited parts are written as UTF-8, so a UTF-16 declaration must say so. */
function utf8Xml(xml: string): Uint8Array {
  return Buffer.from(xml.replace(/^(<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])/, '$1UTF-8$2'), 'utf8');
}

function elements(doc: Document | Element): Element[] {
  return Array.from(doc.getElementsByTagNameNS('*', '*'));
}

function childElements(element: Element): Element[] {
  return Array.from(element.childNodes).filter((n): n is Element => n.nodeType === Node.ELEMENT_NODE);
}

/**
 * `word/_rels/document.xml.rels` → `word/document.xml`; `_rels/.rels` → '' (the package);
 * undefined for a .rels file outside a _rels folder, which Office ignores.
 */
function sourceOfRels(relsPath: string): string | undefined {
  const slash = relsPath.lastIndexOf('/');
  const folder = relsPath.slice(0, slash + 1);
  if (!/(^|\/)_rels\/$/i.test(folder) || !/\.rels$/i.test(relsPath)) return undefined;
  return `${folder.slice(0, -'_rels/'.length)}${relsPath.slice(slash + 1, -'.rels'.length)}`;
}

function relsOf(partName: string): string {
  const slash = partName.lastIndexOf('/');
  return `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against its source part into a part name (no leading slash). */
function resolveTarget(source: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A malformed escape is kept literally; it then matches no part.
  }
  const base = decoded.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const segment of decoded.replace(/^\/+/, '').split('/')) {
    if (segment === '..') base.pop();
    else if (segment !== '.' && segment !== '') base.push(segment);
  }
  return base.join('/');
}

function isExternalTarget(relationship: Element): boolean {
  const target = relationship.getAttribute('Target') ?? '';
  return (
    lower(relationship.getAttribute('TargetMode') ?? '') === 'external' ||
    /^[a-z][a-z0-9+.-]*:/i.test(target) ||
    /^(\\\\|\/\/)/.test(target)
  );
}

function relationshipKind(type: string): string {
  return type.split('/').pop() ?? type;
}

/** Removes an element, then its ancestors that became empty containers. */
function removeElement(element: Element): void {
  let parent = element.parentNode as Element | null;
  parent?.removeChild(element);
  while (parent && parent.localName && EMPTYABLE_CONTAINERS.has(parent.localName) && childElements(parent).length === 0) {
    const grandParent = parent.parentNode as Element | null;
    grandParent?.removeChild(parent);
    parent = grandParent;
  }
}

/** Replaces an element by its children (a hyperlink's text stays when the link goes). */
function unwrapElement(element: Element): void {
  const parent = element.parentNode;
  if (!parent) return;
  while (element.firstChild) parent.insertBefore(element.firstChild, element);
  parent.removeChild(element);
}

export interface OoxmlOptions {
  readonly keepHyperlinks: boolean;
  readonly images: ImageOptions;
}

/** An OOXML package's content types, its main part and that part's content type. */
interface MainDocument {
  readonly types: ContentTypes;
  readonly mainPart: string;
  readonly contentType: string;
}

/** The package's content types, its main part (from the root officeDocument relationship) and that part's content type. */
function mainDocumentOf(entries: readonly ZipEntry[]): MainDocument | undefined {
  const byName = new Map(entries.map((e) => [lower(e.name), e]));
  const contentTypes = byName.get('[content_types].xml');
  const rootRels = byName.get('_rels/.rels');
  if (!contentTypes || !rootRels) return undefined;
  const types = new ContentTypes(parseXml(contentTypes.bytes, '[Content_Types].xml'));
  const mainRel = elements(parseXml(rootRels.bytes, '_rels/.rels')).find(
    (r) => r.localName === 'Relationship' && /\/officeDocument$/.test(r.getAttribute('Type') ?? ''),
  );
  if (!mainRel) return undefined;
  const mainPart = resolveTarget('', mainRel.getAttribute('Target') ?? '');
  return { types, mainPart, contentType: types.of(mainPart) ?? '' };
}

/** Main document kind of an OOXML package, or undefined when the ZIP is not one. */
export function officeKindOf(entries: readonly ZipEntry[]): OfficeKind | { readonly unknownContentType: string } | undefined {
  const main = mainDocumentOf(entries);
  if (!main) return undefined;
  return OFFICE_KINDS.get(main.contentType) ?? { unknownContentType: main.contentType };
}

class ContentTypes {
  readonly overrides = new Map<string, Element>();
  readonly defaults = new Map<string, Element>();

  constructor(readonly doc: Document) {
    for (const element of elements(doc)) {
      if (element.localName === 'Override')
        this.overrides.set(lower((element.getAttribute('PartName') ?? '').replace(/^\/+/, '')), element);
      if (element.localName === 'Default') this.defaults.set(lower(element.getAttribute('Extension') ?? ''), element);
    }
  }

  of(partName: string): string | undefined {
    const override = this.overrides.get(lower(partName));
    if (override) return override.getAttribute('ContentType') ?? undefined;
    const extension = lower(partName.split('.').pop() ?? '');
    return this.defaults.get(extension)?.getAttribute('ContentType') ?? undefined;
  }
}

/**
 * Removes macros, ActiveX, OLE objects, external links and templates (and every reference to
 * them) from an Office Open XML package, converts macro-enabled main types to their plain forms,
 * neutralizes DDE/remote fields and formulas, drops parts nothing refers to, and writes a fresh
 * package. Document text is left as it is.
 */
export async function sanitizeOoxml(entries: readonly ZipEntry[], options: OoxmlOptions): Promise<HandlerOutcome> {
  const main = mainDocumentOf(entries);
  const kind = main && OFFICE_KINDS.get(main.contentType);
  if (!main || !kind) {
    throw new Quarantine(
      'unsupported-type',
      `Office package with main content type '${main?.contentType ?? 'none'}' is not an allowlisted type`,
    );
  }
  if (kind.refused) throw new Quarantine('active-content', kind.refused);
  refuseMixedSeparators(entries);

  const run = new OoxmlSanitization(entries, main, kind, options);
  run.removeActiveParts();
  run.removeActiveRelationships();
  run.markDanglingReferences();
  run.removeReferencesToRemovedRelationships();
  run.neutralizeActiveMarkup();
  run.replaceEditedParts();
  run.removeUnreferencedParts();
  run.rewriteContentTypes();
  const bytes = await run.writePackage();
  return { bytes, removals: run.removals, notes: ['rebuilt Office package'], extension: kind.deliveredExtension };
}

/**
 * Some writers store every name with backslashes (read as separators, the package is whole);
 * a mix means one part is reached under two spellings by different readers.
 */
function refuseMixedSeparators(entries: readonly ZipEntry[]): void {
  const backslashed = entries.find((e) => e.hadBackslash && e.name.includes('/'));
  const slashed = entries.find((e) => !e.hadBackslash && e.name.includes('/'));
  if (backslashed && slashed) {
    throw new Quarantine(
      'unsafe-path',
      `Office part '${backslashed.name}' was stored with backslashes and '${slashed.name}' with slashes: readers disagree on which parts exist`,
    );
  }
}

/**
 * One package's sanitization, in the order `sanitizeOoxml` runs its steps: the parts, what is
 * removed or replaced and why. Parts are keyed by their lowercase name.
 */
class OoxmlSanitization {
  /** What was removed or changed, for the outcome. */
  public readonly removals: string[] = [];
  private readonly parts = new Map<string, ZipEntry>();
  /** Decoded text of every delivered XML part (for cheap checks before any DOM parse). */
  private readonly xmlTexts = new Map<string, string>();
  private readonly replaced = new Map<string, Uint8Array>();
  private readonly convertedToPng = new Set<string>();
  private readonly removedParts = new Map<string, string>();
  /** Ids of the relationships removed (or missing) from each source part. */
  private readonly removedIds = new Map<string, Set<string>>();
  /** The relationships kept, by source part ('' is the package). */
  private readonly relationshipsBySource = new Map<string, Element[]>();
  // Content parts are parsed at most once (from their current text), edited in place and
  // serialized at the end. Simple edits on parts never parsed are done on the text: the DOM
  // parser costs more than everything else together on large sheets.
  private readonly contentDocs = new Map<string, Document>();
  private readonly editedDocs = new Set<string>();
  private readonly editedTexts = new Set<string>();

  constructor(
    private readonly entries: readonly ZipEntry[],
    private readonly main: MainDocument,
    private readonly kind: OfficeKind,
    private readonly options: OoxmlOptions,
  ) {
    for (const entry of entries) if (!entry.isDirectory) this.parts.set(lower(entry.name), entry);
  }

  /** 1. Active parts, by content type, by path, by the type of a relationship to them, and binaries hidden under any name. */
  public removeActiveParts(): void {
    const activeTargets = this.activeRelationshipTargets();
    for (const [key, entry] of this.parts) this.screenPart(key, entry, activeTargets.get(key));
    // Relationship parts of removed parts go with them.
    for (const key of this.parts.keys()) {
      const source = key.endsWith('.rels') ? sourceOfRels(key) : undefined;
      if (source !== undefined && this.removedParts.has(source)) {
        this.removedParts.set(key, 'relationships of a removed part');
      }
    }
  }

  /** 2. Relationships: external ones (except plain hyperlinks) and those pointing at removed parts. */
  public removeActiveRelationships(): void {
    for (const [key, entry] of this.parts) {
      if (!key.endsWith('.rels') || this.removedParts.has(key)) continue;
      const source = sourceOfRels(entry.name);
      if (source === undefined) continue;
      const doc = parseXml(entry.bytes, entry.name);
      let changed = false;
      for (const relationship of elements(doc).filter((e) => e.localName === 'Relationship')) {
        const why = this.whyRemoveRelationship(source, relationship);
        if (why) {
          relationship.parentNode?.removeChild(relationship);
          const ids = this.removedIds.get(lower(source)) ?? new Set<string>();
          ids.add(relationship.getAttribute('Id') ?? '');
          this.removedIds.set(lower(source), ids);
          this.removals.push(`removed ${why}`);
          changed = true;
        } else {
          const kept = this.relationshipsBySource.get(lower(source)) ?? [];
          this.relationshipsBySource.set(lower(source), [...kept, relationship]);
        }
      }
      if (changed) this.replaced.set(key, serializeXml(doc));
    }
    for (const [key, why] of this.removedParts) {
      if (!key.endsWith('.rels')) this.removals.push(`removed ${why} part '${this.parts.get(key)?.name ?? key}'`);
    }
  }

  /**
   * References to relationships that do not exist (an OLE link or control whose relationship was
   * taken out before the file arrived) go like references to removed ones: Office would repair
   * or resolve them in ways the engine cannot see.
   */
  public markDanglingReferences(): void {
    for (const [key, xml] of this.xmlTexts) {
      if (this.removedParts.has(key) || !key.endsWith('.xml')) continue;
      const live = new Set((this.relationshipsBySource.get(key) ?? []).map((r) => r.getAttribute('Id') ?? ''));
      const dangling = relationshipReferences(xml).filter((id) => !live.has(id) && !this.removedIds.get(key)?.has(id));
      if (dangling.length === 0) continue;
      const ids = this.removedIds.get(key) ?? new Set<string>();
      for (const id of dangling) ids.add(id);
      this.removedIds.set(key, ids);
    }
  }

  /** 3. References to removed relationships inside the parts that held them. */
  public removeReferencesToRemovedRelationships(): void {
    for (const [source, ids] of this.removedIds) {
      const entry = this.parts.get(source);
      if (!entry || this.removedParts.has(source) || !/\.(xml|vml)$/i.test(source)) continue;
      this.removeReferencesIn(source, entry, ids);
    }
  }

  /**
   * 4. Fields, formulas, macro bindings and OLE objects, wherever the parts are (a main part
   *    need not live under word/ or xl/): cheap text checks first, a DOM parse only on a hit.
   */
  public neutralizeActiveMarkup(): void {
    for (const [key, xml] of this.xmlTexts) {
      if (this.removedParts.has(key) || !/\.(xml|vml)$/.test(key)) continue;
      this.neutralizePart(key, xml);
    }
  }

  /** The parts edited in steps 3 and 4, serialized. */
  public replaceEditedParts(): void {
    for (const key of this.editedDocs) this.replaced.set(key, serializeXml(this.contentDocs.get(key) as Document));
    for (const key of this.editedTexts) {
      if (!this.editedDocs.has(key)) this.replaced.set(key, utf8Xml(this.xmlTexts.get(key) as string));
    }
  }

  /** 5. Parts no relationship reaches: nothing opens them, so they can only be smuggled payload. */
  public removeUnreferencedParts(): void {
    const reachable = this.reachableParts();
    for (const key of this.parts.keys()) {
      if (key === '[content_types].xml' || this.removedParts.has(key)) continue;
      if (key.endsWith('.rels')) {
        const source = sourceOfRels(key);
        if (source === '' || (source !== undefined && reachable.has(lower(source)))) continue;
      } else if (reachable.has(key)) continue;
      this.removedParts.set(key, 'unreferenced part');
      this.removals.push(`removed unreferenced part '${this.parts.get(key)?.name ?? key}'`);
    }
  }

  /** 6. Content types: drop removed parts and active defaults, convert a macro-enabled main type. */
  public rewriteContentTypes(): void {
    let typesChanged = this.dropRemovedAndActiveTypes();
    typesChanged = this.declareConvertedPictures() || typesChanged;
    this.declarePlainMainType();
    if (typesChanged) this.replaced.set('[content_types].xml', serializeXml(this.main.types.doc));
  }

  /** The package without the removed parts, with the replaced ones, [Content_Types].xml first. */
  public async writePackage(): Promise<Uint8Array> {
    // Relationship parts of parts removed as unreferenced never reach the output either.
    for (const key of [...this.removedParts.keys()]) {
      const rels = lower(relsOf(this.parts.get(key)?.name ?? key));
      if (this.parts.has(rels)) this.removedParts.set(rels, 'relationships of a removed part');
    }
    for (const [key, entry] of this.parts) {
      if (this.removedParts.has(key) || key.endsWith('.vml') || !(this.xmlTexts.has(key) || /\.(xml|rels)$/.test(key))) continue;
      const replaced = this.replaced.get(key);
      checkStrictlyWellFormed(
        replaced ? Buffer.from(replaced).toString('utf8') : (this.xmlTexts.get(key) ?? decodeXml(entry.bytes, entry.name)),
        entry.name,
      );
    }
    const contentTypesEntry = this.parts.get('[content_types].xml') as ZipEntry;
    const ordered = [contentTypesEntry, ...this.entries.filter((e) => e !== contentTypesEntry)];
    return writeZip(
      ordered
        .filter((e) => e.isDirectory || !this.removedParts.has(lower(e.name)))
        .map((e) => ({
          name: e.name,
          bytes: this.replaced.get(lower(e.name)) ?? e.bytes,
          isDirectory: e.isDirectory,
          lastModified: e.lastModified,
        })),
    );
  }

  /**
   * Parts an active relationship reaches (ribbon customizations, altChunk imports…), with what they
   * are: they go whatever they hold, so their content (an HTML chunk's DOCTYPE) is never judged.
   */
  private activeRelationshipTargets(): Map<string, string> {
    const targets = new Map<string, string>();
    for (const [key, entry] of this.parts) {
      const source = key.endsWith('.rels') ? sourceOfRels(entry.name) : undefined;
      if (source === undefined) continue;
      let relationships: Element[];
      try {
        relationships = elements(parseXml(entry.bytes, entry.name)).filter((e) => e.localName === 'Relationship');
      } catch {
        // A relationship part that does not parse quarantines when it is read for what it keeps.
        continue;
      }
      for (const relationship of relationships) {
        const type = relationship.getAttribute('Type') ?? '';
        if (!ACTIVE_RELATIONSHIP_TYPES.test(type) || isExternalTarget(relationship)) continue;
        targets.set(lower(resolveTarget(source, relationship.getAttribute('Target') ?? '')), activeRelationshipKind(type));
      }
    }
    return targets;
  }

  /** Removes an active part, rebuilds a picture, or keeps the text of an XML part; anything else goes. */
  private screenPart(key: string, entry: ZipEntry, activeTarget: string | undefined): void {
    if (key === '[content_types].xml' || key.endsWith('.rels')) {
      decodeXml(entry.bytes, entry.name);
      return;
    }
    const contentType = lower(this.main.types.of(entry.name) ?? '');
    const byType = ACTIVE_CONTENT_TYPES.get(contentType);
    const byPath = ACTIVE_PATHS.find(([pattern]) => pattern.test(key))?.[1];
    const sniffed = sniff(entry.bytes);
    // A program under any name is named as such; OLE/RTF blobs outside known places are objects.
    const program =
      sniffed.kind === 'refused' && ['executable', 'script', 'shortcut'].includes(sniffed.code)
        ? `hidden program (${sniffed.reason})`
        : undefined;
    const blob =
      sniffed.kind === 'refused' && sniffed.code === 'active-content' ? `embedded ${sniffed.detectedType.toUpperCase()} object` : undefined;
    const why = program ?? byType ?? byPath ?? blob;
    if (why) {
      this.removedParts.set(key, why);
      return;
    }
    if (sniffed.kind === 'refused' && sniffed.detectedType === 'gif') {
      this.convertGif(key, entry);
      return;
    }
    if (sniffed.kind === 'png' || sniffed.kind === 'jpeg') {
      this.cleanPicture(key, entry, sniffed.kind);
      return;
    }
    // Only parts the engine reads are delivered: XML (parsed where anything is edited) and
    // pictures it rebuilds. Everything else (PDFs, archives, fonts, EMF/WMF pictures, printer
    // settings, media) is an embedded file nothing here inspected.
    let xml: string | undefined;
    try {
      xml = entry.bytes.length === 0 ? '' : xmlTextOf(entry.bytes, entry.name);
    } catch (error) {
      // A part an active relationship reaches goes whatever it holds (an HTML chunk's DOCTYPE).
      if (!(error instanceof Quarantine) || activeTarget === undefined) throw error;
      xml = '';
    }
    if (xml === undefined) {
      this.removedParts.set(key, `unchecked ${describePart(sniffed.kind, contentType, key)}`);
      return;
    }
    if (activeTarget !== undefined) {
      this.removedParts.set(key, activeTarget);
      return;
    }
    // XML 1.0 allows no C0 controls but tab, CR and LF: a markup header on binary data is a polyglot.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) {
      this.removedParts.set(key, 'binary data under an XML header');
      return;
    }
    this.xmlTexts.set(key, xml);
  }

  /** GIF pictures are redrawn as PNG (the part keeps its name; its content type says PNG). */
  private convertGif(key: string, entry: ZipEntry): void {
    try {
      const png = convertGifToPng(entry.bytes, this.options.images);
      this.replaced.set(key, png.bytes);
      this.convertedToPng.add(key);
      const notes = png.notes.length > 0 ? ` (${png.notes.join(', ')})` : '';
      this.removals.push(`converted GIF picture '${entry.name}' to PNG${notes}`);
    } catch (error) {
      if (!(error instanceof Quarantine)) throw error;
      this.removedParts.set(key, `unsafe picture (${error.reason})`);
    }
  }

  /** Pictures carry EXIF/GPS like any photo; a broken one is a parser attack and goes. */
  private cleanPicture(key: string, entry: ZipEntry, kind: 'png' | 'jpeg'): void {
    try {
      const image = kind === 'png' ? sanitizePng(entry.bytes, this.options.images) : sanitizeJpeg(entry.bytes, this.options.images);
      if (image.removals.length > 0) {
        this.replaced.set(key, image.bytes);
        const removed = image.removals.map((r) => r.replace(/^removed /, '')).join(', ');
        this.removals.push(`removed metadata from picture '${entry.name}' (${removed})`);
      }
    } catch (error) {
      if (!(error instanceof Quarantine)) throw error;
      this.removedParts.set(key, `unsafe picture (${error.reason})`);
    }
  }

  /**
   * Why a relationship of `source` goes, or undefined when it stays. A relationship of an active
   * type takes its target part with it.
   */
  private whyRemoveRelationship(source: string, relationship: Element): string | undefined {
    const type = relationship.getAttribute('Type') ?? '';
    const target = relationship.getAttribute('Target') ?? '';
    if (isExternalTarget(relationship)) {
      const plainLink = /\/hyperlink$/.test(type) && /^(https?:\/\/|mailto:)/i.test(target.trim());
      if (plainLink && this.options.keepHyperlinks) return undefined;
      return `external ${relationshipKind(type)} relationship to '${target}'`;
    }
    const resolved = lower(resolveTarget(source, target));
    const gone = this.removedParts.get(resolved);
    if (gone) return `relationship to ${gone} '${this.parts.get(resolved)?.name ?? resolved}'`;
    if (ACTIVE_RELATIONSHIP_TYPES.test(type)) {
      this.removedParts.set(resolved, activeRelationshipKind(type));
      return `${activeRelationshipKind(type)} relationship to '${target}'`;
    }
    if (!this.parts.has(resolved) && !target.startsWith('#')) {
      // Office repairs (or refuses) a package whose relationship reaches no part.
      return `${relationshipKind(type)} relationship to missing part '${target}'`;
    }
    return undefined;
  }

  /** Removes the references to `ids` from one part: by text when that is enough, else in its DOM. */
  private removeReferencesIn(source: string, entry: ZipEntry, ids: ReadonlySet<string>): void {
    const text = this.xmlTexts.get(source);
    const fast = text !== undefined && !this.contentDocs.has(source) ? removeAttributeOnlyReferences(text, ids) : undefined;
    if (fast) {
      this.editText(source, fast.text);
      this.removals.push(`removed ${fast.count} reference(s) to removed relationships from '${entry.name}'`);
      return;
    }
    const doc = this.contentDoc(source, entry);
    let count = 0;
    for (const element of elements(doc)) {
      if (!element.parentNode) continue;
      const refersToRemoved = Array.from(element.attributes).some(
        (a) => a.namespaceURI !== null && REL_NAMESPACES.has(a.namespaceURI) && ids.has(a.value),
      );
      if (!refersToRemoved) continue;
      const parent = element.parentNode as Element | null;
      if (element.localName === 'hyperlink' && element.namespaceURI && W_NAMESPACES.has(element.namespaceURI)) unwrapElement(element);
      else if (ATTRIBUTE_ONLY_REFERENCES.has(element.localName ?? '')) {
        for (const a of Array.from(element.attributes))
          if (a.namespaceURI !== null && REL_NAMESPACES.has(a.namespaceURI) && ids.has(a.value)) element.removeAttributeNode(a);
      }
      // A mail merge without its data source is invalid: the merge settings go with it.
      else if (parent?.localName === 'mailMerge') removeElement(parent);
      else removeElement(element);
      count += 1;
    }
    if (count > 0) {
      this.editedDocs.add(source);
      this.removals.push(`removed ${count} reference(s) to removed relationships from '${entry.name}'`);
    }
  }

  /** Neutralizes the fields, formulas, macro bindings and OLE objects of one XML or VML part. */
  private neutralizePart(key: string, xml: string): void {
    const entry = this.parts.get(key) as ZipEntry;
    const edits: string[] = [];
    if (key.endsWith('.vml') && !this.contentDocs.has(key)) {
      // VML from Excel is often not well-formed XML (bare <br>), so its macro bindings go by text.
      const { text, count } = removeVmlMacros(xml);
      if (count > 0) {
        this.editText(key, text);
        this.removals.push(`removed ${count} macro binding(s) from '${entry.name}'`);
      }
      const sources = removeRemoteVmlSourcesFromText(this.xmlTexts.get(key) as string);
      if (sources.count > 0) {
        this.editText(key, sources.text);
        this.removals.push(`removed ${sources.count} remote VML picture/link source(s) from '${entry.name}'`);
      }
      return;
    }
    const doc = () => this.contentDoc(key, entry);
    if (/instrText|fldSimple/i.test(xml)) {
      const count = neutralizeWordFields(doc());
      if (count > 0) edits.push(`neutralized ${count} DDE/remote/macro field(s)`);
    }
    if (
      /<(\w+:)?(f|definedName|formula[12]?)[\s>]/.test(xml) &&
      (xml.includes('|') || FORMULA_FUNCTIONS.test(xml) || LONG_FORMULA.test(xml))
    ) {
      const count = neutralizeFormulas(doc());
      if (count > 0) edits.push(`removed ${count} DDE/web formula(s) (cached values kept)`);
    }
    if (
      /\s(macro|fmlaMacro)\s*=\s*["'][^"']|entryMacro|exitMacro|ppaction:\/\/(macro|program|ole)|<definedName\b[^>]*\b(xlm|vbProcedure|function)\s*=\s*["'](1|true)/i.test(
        xml,
      )
    ) {
      const count = removeMacroBindings(doc());
      if (count > 0) edits.push(`removed ${count} macro binding(s)/action(s)`);
    }
    if (REMOTE_VML_SOURCE.test(xml)) {
      const count = removeRemoteVmlSources(doc());
      if (count > 0) edits.push(`removed ${count} remote VML picture/link source(s)`);
    }
    if (/OLEObject|oleObj|<(\w+:)?oleObject[\s>]|FmlaMacro|<(\w+:)?DDE\b/.test(xml)) {
      const count = removeOleObjects(doc());
      if (count > 0) edits.push(`removed ${count} OLE object reference(s)`);
    }
    if (edits.length > 0) {
      this.editedDocs.add(key);
      this.removals.push(`${edits.join(', ')} in '${entry.name}'`);
    }
  }

  /** The DOM of a content part, parsed once from its current text. */
  private contentDoc(key: string, entry: ZipEntry): Document {
    let doc = this.contentDocs.get(key);
    if (!doc) {
      doc = parseXml(this.xmlTexts.get(key) ?? entry.bytes, entry.name);
      this.contentDocs.set(key, doc);
    }
    return doc;
  }

  private editText(key: string, text: string): void {
    this.xmlTexts.set(key, text);
    this.editedTexts.add(key);
  }

  /** Parts a chain of kept internal relationships reaches from the package. */
  private reachableParts(): Set<string> {
    const reachable = new Set<string>();
    const queue = [''];
    while (queue.length > 0) {
      const source = queue.pop() as string;
      for (const relationship of this.relationshipsBySource.get(source) ?? []) {
        if (isExternalTarget(relationship)) continue;
        const target = lower(resolveTarget(source, relationship.getAttribute('Target') ?? ''));
        if (!reachable.has(target)) {
          reachable.add(target);
          queue.push(target);
        }
      }
    }
    return reachable;
  }

  /** Drops the overrides of removed parts and the active defaults, and plain-types macro-enabled ones. */
  private dropRemovedAndActiveTypes(): boolean {
    const types = this.main.types;
    let changed = false;
    for (const [partName, override] of types.overrides) {
      if (this.removedParts.has(partName) || !this.parts.has(partName)) {
        override.parentNode?.removeChild(override);
        changed = true;
      } else if (OFFICE_KINDS.get(override.getAttribute('ContentType') ?? '')?.plainContentType) {
        const plain = OFFICE_KINDS.get(override.getAttribute('ContentType') ?? '')?.plainContentType as string;
        override.setAttribute('ContentType', plain);
        changed = true;
      }
    }
    for (const [, element] of types.defaults) {
      const contentType = element.getAttribute('ContentType') ?? '';
      if (ACTIVE_CONTENT_TYPES.has(lower(contentType))) {
        element.parentNode?.removeChild(element);
        changed = true;
      } else if (OFFICE_KINDS.get(contentType)?.plainContentType) {
        // A macro-enabled main type given by extension: the extension becomes plain XML and the
        // main part gets its own (plain) override below.
        element.setAttribute('ContentType', 'application/xml');
        changed = true;
      }
    }
    return changed;
  }

  /** GIF pictures redrawn as PNG say so in their own override. */
  private declareConvertedPictures(): boolean {
    const types = this.main.types;
    let changed = false;
    for (const key of this.convertedToPng) {
      if (this.removedParts.has(key)) continue;
      let override = types.overrides.get(key);
      if (!override) {
        override = types.doc.createElementNS(types.doc.documentElement?.namespaceURI ?? null, 'Override');
        override.setAttribute('PartName', `/${this.parts.get(key)?.name ?? key}`);
        types.doc.documentElement?.appendChild(override);
      }
      override.setAttribute('ContentType', 'image/png');
      changed = true;
    }
    return changed;
  }

  /** A macro-enabled main part gets the plain main type (by an override, when it had none). */
  private declarePlainMainType(): void {
    const { kind, main } = this;
    if (!kind.plainContentType) return;
    const types = main.types;
    if (!types.overrides.has(lower(main.mainPart))) {
      const override = types.doc.createElementNS(types.doc.documentElement?.namespaceURI ?? null, 'Override');
      override.setAttribute('PartName', `/${main.mainPart}`);
      override.setAttribute('ContentType', kind.plainContentType);
      types.doc.documentElement?.appendChild(override);
    }
    this.removals.push(`converted macro-enabled ${kind.type} to ${kind.deliveredExtension}`);
  }
}

/** Instruction text of a complex field, with the tracked change it sits in. */
interface InstructionText {
  readonly text: string;
  /** `w:delInstrText`: comes back when the tracked deletion is rejected. */
  readonly deleted: boolean;
  /** Inside `w:ins`: goes when the tracked insertion is rejected. */
  readonly inserted: boolean;
}

/** One complex field (`fldChar` begin, instruction, separate, result, end) as Word evaluates it. */
interface ComplexField {
  /** Instruction text and the fields nested in the instruction, in order. */
  readonly pieces: (InstructionText | ComplexField)[];
  /** Run content from begin to separate (or to end without a result): nested fields and their results included. */
  readonly instruction: Element[];
  /** The field's own begin, separate and end marks. */
  readonly marks: Element[];
  result: string;
  separated: boolean;
}

/** The current text, and the text once every tracked change is rejected. */
type FieldView = 'current' | 'original';

/**
 * Removes the DDE, INCLUDE-style, database and macro fields, judged by the instruction Word would
 * evaluate: nested fields are evaluated (QUOTE character codes, REF/bookmark values from SET, else
 * their last result), deleted instruction text counts as it is when the deletion is rejected, and a
 * field whose keyword is produced by a nested field goes whatever it produces. A removed field leaves
 * its last result as plain text.
 */
function neutralizeWordFields(doc: Document): number {
  const all = elements(doc).filter((e) => e.namespaceURI !== null && W_NAMESPACES.has(e.namespaceURI));
  const fields: ComplexField[] = [];
  const open: ComplexField[] = [];
  for (const element of all) {
    const parent = element.parentNode as Element | null;
    if (parent?.localName === 'r') for (const field of open) if (!field.separated) field.instruction.push(element);
    const top = open[open.length - 1];
    if (element.localName === 'fldChar') {
      const type = element.getAttributeNS(element.namespaceURI, 'fldCharType');
      if (type === 'begin') {
        const field: ComplexField = { pieces: [], instruction: [], marks: [element], result: '', separated: false };
        if (top && !top.separated) top.pieces.push(field);
        open.push(field);
      } else if (top && (type === 'separate' || type === 'end')) {
        top.marks.push(element);
        top.separated = true;
        if (type === 'end') fields.push(open.pop() as ComplexField);
      }
    } else if ((element.localName === 'instrText' || element.localName === 'delInstrText') && top && !top.separated) {
      const deleted = element.localName === 'delInstrText';
      top.pieces.push({ text: element.textContent ?? '', deleted, inserted: !deleted && insideTrackedChange(element, 'ins') });
    } else if (element.localName === 't' && top?.separated) {
      top.result += element.textContent ?? '';
    }
  }
  fields.push(...open);

  const bookmarks = new Map<string, string>();
  const evaluate = (field: ComplexField, view: FieldView, depth = 0): string =>
    field.pieces
      .map((piece) => {
        if (!('pieces' in piece)) return (view === 'current' ? !piece.deleted : !piece.inserted) ? piece.text : '';
        return depth > 20 ? '' : valueOf(piece, view, depth + 1);
      })
      .join('');
  const valueOf = (field: ComplexField, view: FieldView, depth: number): string => {
    const instruction = evaluate(field, view, depth).trim();
    const [keyword = '', ...rest] = instruction.split(/\s+/);
    const argument = rest.join(' ');
    if (/^QUOTE$/i.test(keyword)) {
      return /^(\d+\s*)+$/.test(argument) ? String.fromCharCode(...argument.split(/\s+/).map(Number)) : unquote(argument);
    }
    if (/^REF$/i.test(keyword)) return bookmarks.get(lower(rest[0] ?? '')) ?? field.result;
    return bookmarks.get(lower(keyword)) ?? field.result;
  };
  const setValues = new Map<ComplexField, string>();
  for (const field of fields) {
    const set = /^\s*SET\s+(\S+)\s+([\s\S]*)$/i.exec(evaluate(field, 'current'));
    if (!set) continue;
    bookmarks.set(lower(set[1]), unquote(set[2].trim()));
    setValues.set(field, unquote(set[2].trim()));
  }

  let count = 0;
  const runs = new Set<Element>();
  for (const field of fields) {
    const dangerous = (['current', 'original'] as const).some((view) => {
      const firstPiece = field.pieces.find(
        (p) => 'pieces' in p || ((view === 'current' ? !p.deleted : !p.inserted) && p.text.trim() !== ''),
      );
      const storesDangerous = DANGEROUS_FIELD.test(setValues.get(field) ?? '');
      return DANGEROUS_FIELD.test(evaluate(field, view)) || storesDangerous || (firstPiece !== undefined && 'pieces' in firstPiece);
    });
    if (!dangerous) continue;
    for (const element of [...field.marks, ...field.instruction]) {
      const parent = element.parentNode as Element | null;
      if (!parent) continue;
      parent.removeChild(element);
      if (parent.localName === 'r') runs.add(parent);
    }
    count += 1;
  }
  // Runs left with nothing but their properties go with the field.
  for (const run of runs) if (childElements(run).every((c) => c.localName === 'rPr')) run.parentNode?.removeChild(run);

  for (const element of all) {
    if (element.localName !== 'fldSimple' || !element.parentNode) continue;
    if (DANGEROUS_FIELD.test(element.getAttributeNS(element.namespaceURI, 'instr') ?? '')) {
      unwrapElement(element);
      count += 1;
    }
  }
  return count;
}

/** A field argument without its enclosing straight or curly quotes. */
function unquote(text: string): string {
  return text.replace(/^["\u201c\u201d]([\s\S]*)["\u201c\u201d]$/, '$1');
}

function insideTrackedChange(element: Element, change: 'ins' | 'del'): boolean {
  for (
    let node = element.parentNode as Element | null;
    node && node.localName !== 'p' && node.localName !== 'body';
    node = node.parentNode as Element | null
  )
    if (node.localName === change) return true;
  return false;
}

/** Excel refuses formulas longer than this; a longer one is not a formula Excel wrote. */
const MAX_FORMULA_LENGTH = 8192;
const FORMULA_ELEMENTS = new Set(['f', 'definedName', 'formula', 'formula1', 'formula2']);
const LONG_FORMULA = new RegExp(`<(\\w+:)?f\\b[^>]*>[^<]{${MAX_FORMULA_LENGTH + 1}}`);

function neutralizeFormulas(doc: Document): number {
  let count = 0;
  // Cell formulas, defined names (a name can stand for a DDE formula a cell then uses), and
  // conditional-format and validation formulas.
  const formulas = elements(doc).filter(
    (e) => FORMULA_ELEMENTS.has(e.localName ?? '') && e.namespaceURI !== null && SML_NAMESPACES.has(e.namespaceURI),
  );
  for (const formula of formulas) {
    const text = formula.textContent ?? '';
    if (text.length > MAX_FORMULA_LENGTH || DANGEROUS_FORMULA.test(text) || HYPERLINK_CALL.test(text)) {
      formula.parentNode?.removeChild(formula);
      count += 1;
    }
  }
  return count;
}

const RELATIONSHIP_NAMESPACE_DECLARATION =
  /xmlns:([\w.-]+)\s*=\s*["'](?:http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships|http:\/\/purl\.oclc\.org\/ooxml\/officeDocument\/relationships)["']/g;

/** Relationship ids a part's text refers to (attributes in the relationships namespace, any prefix). */
function relationshipReferences(xml: string): string[] {
  const prefixes = new Set(Array.from(xml.matchAll(RELATIONSHIP_NAMESPACE_DECLARATION), (m) => m[1]));
  if (prefixes.size === 0) return [];
  const ids: string[] = [];
  const escaped = [...prefixes].map((p) => p.replace(/[.-]/g, '\\$&')).join('|');
  for (const m of xml.matchAll(new RegExp(`\\s(?:${escaped}):[\\w.-]+\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
    const id = m[1] ?? m[2];
    if (id) ids.push(id);
  }
  return ids;
}

/** Text of a part when it is XML (after an optional BOM and whitespace, markup), else undefined. */
function xmlTextOf(bytes: Uint8Array, partName: string): string | undefined {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (!utf16 && start < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[start])) start += 1;
  if (!utf16 && bytes[start] !== 0x3c) return undefined;
  const text = decodeXml(bytes, partName);
  return text.trimStart().startsWith('<') ? text : undefined;
}

function describePart(kind: string, contentType: string, key: string): string {
  if (kind === 'pdf') return 'embedded PDF';
  if (kind === 'zip') return 'embedded ZIP archive';
  return `binary part (${contentType || `.${key.split('.').pop() ?? ''}`})`;
}

/**
 * Excel form controls in VML name the macro they run in <x:FmlaMacro>; a picture left by a
 * linked OLE object keeps <x:DDE/>, which makes Excel try the (removed) link again.
 */
function removeVmlMacros(vml: string): { text: string; count: number } {
  let count = 0;
  const text = vml.replace(/<(\w+:)?(FmlaMacro|DDE)\b[^>]*?(\/>|>[^<]*<\/(\w+:)?(FmlaMacro|DDE)\s*>)/g, () => {
    count += 1;
    return '';
  });
  return { text, count };
}

const VML_NAMESPACES = new Set(['urn:schemas-microsoft-com:vml', 'urn:schemas-microsoft-com:office:office']);
/** VML attributes naming a file Office loads (`src`) or opens on a click (`href`, `althref`). */
const VML_SOURCE_ATTRIBUTES = new Set(['src', 'href', 'althref']);
/** A target outside the package: any scheme, a UNC path (`\\host`) or a network path (`//host`). */
const EXTERNAL_TARGET = /^\s*([a-z][a-z0-9+.-]*:|\\\\|\/\/)/i;
const REMOTE_VML_SOURCE = /\s(\w+:)?(src|href|althref)\s*=\s*["']\s*([a-z][a-z0-9+.-]*:|\\\\|\/\/)/i;

/** Whether a VML source attribute's value reaches outside the package (a web or mail link on a click stays). */
function isRemoteVmlSource(name: string, value: string): boolean {
  if (!EXTERNAL_TARGET.test(value)) return false;
  return name === 'src' || !/^\s*(https?:\/\/|mailto:)/i.test(value);
}

/**
 * VML pictures and fills load `src` when the document opens (a `file://` or UNC source sends the
 * user's credentials to that host); `href`/`althref` to anything but the web are the same on a click.
 */
function removeRemoteVmlSources(doc: Document): number {
  let count = 0;
  for (const element of elements(doc)) {
    if (!element.namespaceURI || !VML_NAMESPACES.has(element.namespaceURI)) continue;
    for (const attribute of Array.from(element.attributes)) {
      if (VML_SOURCE_ATTRIBUTES.has(attribute.localName ?? '') && isRemoteVmlSource(attribute.localName ?? '', attribute.value)) {
        element.removeAttributeNode(attribute);
        count += 1;
      }
    }
  }
  return count;
}

/** The same on VML parts, which Excel writes as XML that is often not well-formed. */
function removeRemoteVmlSourcesFromText(vml: string): { text: string; count: number } {
  let count = 0;
  const text = vml.replace(
    /\s(?:\w+:)?(src|href|althref)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi,
    (match, name: string, d?: string, q?: string) => {
      if (!isRemoteVmlSource(lower(name), d ?? q ?? '')) return match;
      count += 1;
      return '';
    },
  );
  return { text, count };
}

/**
 * Macro bindings Office runs on a click or on entry: `macro` on Excel drawing shapes (buttons),
 * `fmlaMacro` on form controls, Word form fields' entry/exit macros, PowerPoint actions that run
 * a macro, a program or an OLE verb, and Excel names flagged as macro functions or procedures.
 */
function removeMacroBindings(doc: Document): number {
  let count = 0;
  for (const element of elements(doc)) {
    if (!element.parentNode) continue;
    for (const attribute of ['macro', 'fmlaMacro']) {
      if (element.hasAttribute(attribute) && (element.getAttribute(attribute) ?? '') !== '') {
        element.removeAttribute(attribute);
        count += 1;
      }
    }
    const name = element.localName;
    const macroAction = /^ppaction:\/\/(macro|program|ole)/i.test(element.getAttribute('action') ?? '');
    const macroName =
      name === 'definedName' && ['xlm', 'vbProcedure', 'function'].some((a) => /^(1|true)$/i.test(element.getAttribute(a) ?? ''));
    // Any element carrying such an action (hlinkClick, hlinkHover, hlinkMouseOver on text runs…) goes.
    if (name === 'entryMacro' || name === 'exitMacro' || macroAction || macroName) {
      removeElement(element);
      count += 1;
    }
  }
  return count;
}

/** OLE objects (embedded or linked) have no content left once their parts are gone: the elements go too. */
function removeOleObjects(doc: Document): number {
  let count = 0;
  for (const element of elements(doc)) {
    if (!element.parentNode) continue;
    if (
      element.localName === 'FmlaMacro' ||
      (element.localName === 'DDE' && element.namespaceURI === 'urn:schemas-microsoft-com:office:excel') ||
      element.localName === 'OLEObject' ||
      element.localName === 'oleObj' ||
      (element.localName === 'oleObject' && element.namespaceURI !== null && SML_NAMESPACES.has(element.namespaceURI))
    ) {
      removeElement(element);
      count += 1;
    }
  }
  return count;
}

/**
 * Elements whose relationship attribute is optional: only the reference goes (a page setup keeps
 * its settings, a picture or hyperlink its text and place).
 */
const ATTRIBUTE_ONLY_REFERENCES = new Set(['pageSetup', 'blip', 'imagedata', 'hlinkClick', 'hlinkHover', 'hlinkMouseOver']);
const ATTRIBUTE_ONLY_TAG =
  /<(\w+:)?(pageSetup|blip|imagedata|hlinkClick|hlinkHover|hlinkMouseOver)\b(\s+[\w:.-]+\s*=\s*("[^"]*"|'[^']*'))*\s*\/?>/g;

/**
 * Removes references from ATTRIBUTE_ONLY_REFERENCES elements by text when they are the only
 * references to the removed ids; undefined when the part needs the DOM.
 */
function removeAttributeOnlyReferences(xml: string, ids: ReadonlySet<string>): { text: string; count: number } | undefined {
  const references = relationshipReferences(xml).filter((id) => ids.has(id));
  if (references.length === 0) return undefined;
  const prefixes = [...new Set(Array.from(xml.matchAll(RELATIONSHIP_NAMESPACE_DECLARATION), (m) => m[1]))]
    .map((p) => p.replace(/[.-]/g, '\\$&'))
    .join('|');
  const attribute = new RegExp(`\\s(?:${prefixes}):[\\w.-]+\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  let count = 0;
  const text = xml.replace(ATTRIBUTE_ONLY_TAG, (tag) =>
    tag.replace(attribute, (match, double: string | undefined, single: string | undefined) => {
      if (!ids.has(double ?? single ?? '')) return match;
      count += 1;
      return '';
    }),
  );
  return count === references.length ? { text, count } : undefined;
}
