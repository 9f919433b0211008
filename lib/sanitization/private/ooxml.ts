import { DOMParser, Document, Element, Node, XMLSerializer, onErrorStopParsing } from '@xmldom/xmldom';
import { HandlerOutcome } from './context';
import { sniff } from './detect';
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
  ['application/vnd.ms-word.document.macroEnabled.main+xml', { type: 'docm', deliveredExtension: 'docx', extensions: ['docx', 'docm'], plainContentType: `${WML}.document.main+xml` }],
  [`${WML}.template.main+xml`, { type: 'dotx', deliveredExtension: 'dotx', extensions: ['dotx', 'dotm'] }],
  ['application/vnd.ms-word.template.macroEnabledTemplate.main+xml', { type: 'dotm', deliveredExtension: 'dotx', extensions: ['dotx', 'dotm'], plainContentType: `${WML}.template.main+xml` }],
  [`${SML}.sheet.main+xml`, { type: 'xlsx', deliveredExtension: 'xlsx', extensions: ['xlsx', 'xlsm'] }],
  ['application/vnd.ms-excel.sheet.macroEnabled.main+xml', { type: 'xlsm', deliveredExtension: 'xlsx', extensions: ['xlsx', 'xlsm'], plainContentType: `${SML}.sheet.main+xml` }],
  [`${SML}.template.main+xml`, { type: 'xltx', deliveredExtension: 'xltx', extensions: ['xltx', 'xltm'] }],
  ['application/vnd.ms-excel.template.macroEnabled.main+xml', { type: 'xltm', deliveredExtension: 'xltx', extensions: ['xltx', 'xltm'], plainContentType: `${SML}.template.main+xml` }],
  ['application/vnd.ms-excel.addin.macroEnabled.main+xml', { type: 'xlam', deliveredExtension: 'xlam', extensions: ['xlam'], refused: 'Excel add-in (code)' }],
  ['application/vnd.ms-excel.sheet.binary.macroEnabled.main', { type: 'xlsb', deliveredExtension: 'xlsb', extensions: ['xlsb'], refused: 'binary Excel workbook (.xlsb): its parts cannot be inspected' }],
  [`${PML}.presentation.main+xml`, { type: 'pptx', deliveredExtension: 'pptx', extensions: ['pptx', 'pptm'] }],
  ['application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml', { type: 'pptm', deliveredExtension: 'pptx', extensions: ['pptx', 'pptm'], plainContentType: `${PML}.presentation.main+xml` }],
  [`${PML}.slideshow.main+xml`, { type: 'ppsx', deliveredExtension: 'ppsx', extensions: ['ppsx', 'ppsm'] }],
  ['application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml', { type: 'ppsm', deliveredExtension: 'ppsx', extensions: ['ppsx', 'ppsm'], plainContentType: `${PML}.slideshow.main+xml` }],
  [`${PML}.template.main+xml`, { type: 'potx', deliveredExtension: 'potx', extensions: ['potx', 'potm'] }],
  ['application/vnd.ms-powerpoint.template.macroEnabled.main+xml', { type: 'potm', deliveredExtension: 'potx', extensions: ['potx', 'potm'], plainContentType: `${PML}.template.main+xml` }],
  ['application/vnd.ms-powerpoint.addin.macroEnabled.main+xml', { type: 'ppam', deliveredExtension: 'ppam', extensions: ['ppam'], refused: 'PowerPoint add-in (code)' }],
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
];

/**
 * Relationship types whose target is active whatever its path: code, controls, objects, links to
 * other workbooks, imported HTML/RTF/MHT chunks (altChunk), and data connections and web queries
 * Excel may refresh on open.
 */
const ACTIVE_RELATIONSHIP_TYPES =
  /\/(vbaProject|wordVbaData|activeXControl|activeXControlBinary|oleObject|xlMacrosheet|xlIntlMacrosheet|externalLink|attachedToolbars|keyMapCustomizations|aFChunk|connections|queryTable)$/i;

const REL_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://purl.oclc.org/ooxml/officeDocument/relationships',
]);
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
/** Containers that are invalid or meaningless once their last child is removed. */
const EMPTYABLE_CONTAINERS = new Set(['oleObjects', 'controls', 'AlternateContent', 'Choice', 'Fallback', 'externalReferences', 'webPublishItems']);

/**
 * Word field instructions that fetch remote content or run programs (DDE), and HYPERLINK fields
 * to anything but a web page, a mail address or a bookmark (file: and UNC links leak credentials).
 */
const DANGEROUS_FIELD = /^\s*((DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK|INCLUDE)\b|HYPERLINK\s+(?!\\l)(?!"?(https?:\/\/|mailto:)))/i;
/** Excel formulas calling DDE (`cmd|'/c calc'!A1`), the web, or code. */
const DANGEROUS_FORMULA = /[A-Za-z0-9_.]+\|'[^']*'!|[A-Za-z0-9_.]+\|[A-Za-z0-9_.]+!|\b(WEBSERVICE|FILTERXML|CALL|REGISTER|REGISTER\.ID|EXEC|RTD)\s*\(/i;

const lower = (s: string) => s.toLowerCase();

function decodeXml(bytes: Uint8Array, partName: string): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = Buffer.from(bytes.subarray(2)).toString('utf16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  else text = Buffer.from(bytes).toString('utf8').replace(/^\ufeff/, '');
  // OOXML forbids DTDs; one here can only be an entity-expansion or external-entity attack.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new Quarantine('malformed', `Office part '${partName}' declares a DTD, which Office Open XML forbids`);
  return text;
}

function parseXml(bytes: Uint8Array, partName: string): Document {
  try {
    return new DOMParser({ onError: onErrorStopParsing }).parseFromString(decodeXml(bytes, partName), 'text/xml');
  } catch (error) {
    if (error instanceof Quarantine) throw error;
    throw new Quarantine('malformed', `Office part '${partName}' is not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

function serializeXml(doc: Document): Uint8Array {
  let xml = new XMLSerializer().serializeToString(doc);
  if (!xml.startsWith('<?xml')) xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${xml}`;
  return Buffer.from(xml, 'utf8');
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
  return lower(relationship.getAttribute('TargetMode') ?? '') === 'external' || /^[a-z][a-z0-9+.-]*:/i.test(target) || /^(\\\\|\/\/)/.test(target);
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

/** The package's content types, its main part (from the root officeDocument relationship) and that part's content type. */
function mainDocumentOf(entries: readonly ZipEntry[]): { types: ContentTypes; mainPart: string; contentType: string } | undefined {
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
      if (element.localName === 'Override') this.overrides.set(lower((element.getAttribute('PartName') ?? '').replace(/^\/+/, '')), element);
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
    throw new Quarantine('unsupported-type', `Office package with main content type '${main?.contentType ?? 'none'}' is not an allowlisted type`);
  }
  if (kind.refused) throw new Quarantine('active-content', kind.refused);

  const parts = new Map<string, ZipEntry>();
  for (const entry of entries) if (!entry.isDirectory) parts.set(lower(entry.name), entry);
  const replaced = new Map<string, Uint8Array>();
  const removedParts = new Map<string, string>();
  const removals: string[] = [];
  const contentTypesEntry = parts.get('[content_types].xml') as ZipEntry;
  const { types } = main;

  // 1. Active parts, by content type, by path, and binaries hidden under any name.
  for (const [key, entry] of parts) {
    if (/\.(xml|rels|vml)$/.test(key)) decodeXml(entry.bytes, entry.name);
    if (key === '[content_types].xml' || key.endsWith('.rels')) continue;
    const contentType = lower(types.of(entry.name) ?? '');
    const byType = ACTIVE_CONTENT_TYPES.get(contentType);
    const byPath = ACTIVE_PATHS.find(([pattern]) => pattern.test(key))?.[1];
    const sniffed = sniff(entry.bytes);
    // A program under any name is named as such; OLE/RTF blobs outside known places are objects.
    const program = sniffed.kind === 'refused' && ['executable', 'script', 'shortcut'].includes(sniffed.code) ? `hidden program (${sniffed.reason})` : undefined;
    const blob = sniffed.kind === 'refused' && sniffed.code === 'active-content' ? `embedded ${sniffed.detectedType.toUpperCase()} object` : undefined;
    const why = program ?? byType ?? byPath ?? blob;
    if (why) {
      removedParts.set(key, why);
      continue;
    }
    // Pictures carry EXIF/GPS like any photo; a broken one is a parser attack and goes.
    if (sniffed.kind === 'png' || sniffed.kind === 'jpeg') {
      try {
        const image = sniffed.kind === 'png' ? sanitizePng(entry.bytes, options.images) : sanitizeJpeg(entry.bytes, options.images);
        if (image.removals.length > 0) {
          replaced.set(key, image.bytes);
          removals.push(`removed metadata from picture '${entry.name}' (${image.removals.map((r) => r.replace(/^removed /, '')).join(', ')})`);
        }
      } catch (error) {
        if (!(error instanceof Quarantine)) throw error;
        removedParts.set(key, `unsafe picture (${error.reason})`);
      }
    }
  }
  // Relationship parts of removed parts go with them.
  for (const key of parts.keys()) {
    const source = key.endsWith('.rels') ? sourceOfRels(key) : undefined;
    if (source !== undefined && removedParts.has(source)) removedParts.set(key, 'relationships of a removed part');
  }

  // 2. Relationships: external ones (except plain hyperlinks) and those pointing at removed parts.
  const removedIds = new Map<string, Set<string>>();
  const relationshipsBySource = new Map<string, Element[]>();
  const relsDocs = new Map<string, Document>();
  for (const [key, entry] of parts) {
    if (!key.endsWith('.rels') || removedParts.has(key)) continue;
    const source = sourceOfRels(entry.name);
    if (source === undefined) continue;
    const doc = parseXml(entry.bytes, entry.name);
    relsDocs.set(key, doc);
    let changed = false;
    for (const relationship of elements(doc).filter((e) => e.localName === 'Relationship')) {
      const type = relationship.getAttribute('Type') ?? '';
      const target = relationship.getAttribute('Target') ?? '';
      let why: string | undefined;
      if (isExternalTarget(relationship)) {
        const plainLink = /\/hyperlink$/.test(type) && /^(https?:\/\/|mailto:)/i.test(target.trim());
        if (!(plainLink && options.keepHyperlinks)) why = `external ${relationshipKind(type)} relationship to '${target}'`;
      } else {
        const resolved = lower(resolveTarget(source, target));
        const gone = removedParts.get(resolved);
        if (gone) why = `relationship to ${gone} '${parts.get(resolved)?.name ?? resolved}'`;
        else if (ACTIVE_RELATIONSHIP_TYPES.test(type)) {
          why = `${relationshipKind(type)} relationship to '${target}'`;
          removedParts.set(resolved, relationshipKind(type));
        }
      }
      if (why) {
        relationship.parentNode?.removeChild(relationship);
        const ids = removedIds.get(lower(source)) ?? new Set<string>();
        ids.add(relationship.getAttribute('Id') ?? '');
        removedIds.set(lower(source), ids);
        removals.push(`removed ${why}`);
        changed = true;
      } else {
        relationshipsBySource.set(lower(source), [...(relationshipsBySource.get(lower(source)) ?? []), relationship]);
      }
    }
    if (changed) replaced.set(key, serializeXml(doc));
  }
  for (const [key, why] of removedParts) if (!key.endsWith('.rels')) removals.push(`removed ${why} part '${parts.get(key)?.name ?? key}'`);

  // Content parts are parsed at most once, edited in place and serialized at the end.
  const contentDocs = new Map<string, Document>();
  const editedDocs = new Set<string>();
  const contentDoc = (key: string, entry: ZipEntry): Document => {
    let doc = contentDocs.get(key);
    if (!doc) {
      doc = parseXml(entry.bytes, entry.name);
      contentDocs.set(key, doc);
    }
    return doc;
  };

  // 3. References to removed relationships inside the parts that held them.
  for (const [source, ids] of removedIds) {
    const entry = parts.get(source);
    if (!entry || removedParts.has(source) || !/\.(xml|vml)$/i.test(source)) continue;
    const doc = contentDoc(source, entry);
    let count = 0;
    for (const element of elements(doc)) {
      if (!element.parentNode) continue;
      const refersToRemoved = Array.from(element.attributes).some((a) => a.namespaceURI !== null && REL_NAMESPACES.has(a.namespaceURI) && ids.has(a.value));
      if (!refersToRemoved) continue;
      const parent = element.parentNode as Element | null;
      if (element.localName === 'hyperlink' && element.namespaceURI && W_NAMESPACES.has(element.namespaceURI)) unwrapElement(element);
      // A mail merge without its data source is invalid: the merge settings go with it.
      else if (parent?.localName === 'mailMerge') removeElement(parent);
      else removeElement(element);
      count += 1;
    }
    if (count > 0) {
      editedDocs.add(source);
      removals.push(`removed ${count} reference(s) to removed relationships from '${entry.name}'`);
    }
  }

  // 4. DDE and remote-content fields (Word), DDE and web formulas (Excel).
  for (const [key, entry] of parts) {
    if (removedParts.has(key)) continue;
    const isWordPart = /^word\/[^/]+\.xml$/.test(key);
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(key);
    if (!isWordPart && !isSheet) continue;
    const text = Buffer.from(entry.bytes).toString('utf8');
    if (isWordPart && !/instrText|fldSimple/.test(text)) continue;
    if (isSheet && !/<(\w+:)?f[\s>]/.test(text)) continue;
    const doc = contentDoc(key, entry);
    const count = isWordPart ? neutralizeWordFields(doc) : neutralizeFormulas(doc);
    if (count > 0) {
      editedDocs.add(key);
      removals.push(isWordPart ? `neutralized ${count} DDE/remote field(s) in '${entry.name}'` : `removed ${count} DDE/web formula(s) in '${entry.name}' (cached values kept)`);
    }
  }

  for (const key of editedDocs) replaced.set(key, serializeXml(contentDocs.get(key) as Document));

  // 5. Parts no relationship reaches: nothing opens them, so they can only be smuggled payload.
  const reachable = new Set<string>();
  const queue = [''];
  while (queue.length > 0) {
    const source = queue.pop() as string;
    for (const relationship of relationshipsBySource.get(source) ?? []) {
      if (isExternalTarget(relationship)) continue;
      const target = lower(resolveTarget(source, relationship.getAttribute('Target') ?? ''));
      if (!reachable.has(target)) {
        reachable.add(target);
        queue.push(target);
      }
    }
  }
  for (const key of parts.keys()) {
    if (key === '[content_types].xml' || removedParts.has(key)) continue;
    if (key.endsWith('.rels')) {
      const source = sourceOfRels(key);
      if (source === '' || (source !== undefined && reachable.has(lower(source)))) continue;
    } else if (reachable.has(key)) continue;
    removedParts.set(key, 'unreferenced part');
    removals.push(`removed unreferenced part '${parts.get(key)?.name ?? key}'`);
  }

  // 6. Content types: drop removed parts and active defaults, convert a macro-enabled main type.
  let typesChanged = false;
  for (const [partName, override] of types.overrides) {
    if (removedParts.has(partName) || !parts.has(partName)) {
      override.parentNode?.removeChild(override);
      typesChanged = true;
    } else if (OFFICE_KINDS.get(override.getAttribute('ContentType') ?? '')?.plainContentType) {
      override.setAttribute('ContentType', OFFICE_KINDS.get(override.getAttribute('ContentType') ?? '')?.plainContentType as string);
      typesChanged = true;
    }
  }
  for (const [, element] of types.defaults) {
    const contentType = element.getAttribute('ContentType') ?? '';
    if (ACTIVE_CONTENT_TYPES.has(lower(contentType))) {
      element.parentNode?.removeChild(element);
      typesChanged = true;
    } else if (OFFICE_KINDS.get(contentType)?.plainContentType) {
      // A macro-enabled main type given by extension: the extension becomes plain XML and the
      // main part gets its own (plain) override below.
      element.setAttribute('ContentType', 'application/xml');
      typesChanged = true;
    }
  }
  if (kind.plainContentType) {
    if (!types.overrides.has(lower(main.mainPart))) {
      const override = types.doc.createElementNS(types.doc.documentElement?.namespaceURI ?? null, 'Override');
      override.setAttribute('PartName', `/${main.mainPart}`);
      override.setAttribute('ContentType', kind.plainContentType);
      types.doc.documentElement?.appendChild(override);
    }
    removals.push(`converted macro-enabled ${kind.type} to ${kind.deliveredExtension}`);
  }
  if (typesChanged) replaced.set('[content_types].xml', serializeXml(types.doc));

  // Relationship parts of parts removed as unreferenced never reach the output either.
  for (const key of [...removedParts.keys()]) {
    const rels = lower(relsOf(parts.get(key)?.name ?? key));
    if (parts.has(rels)) removedParts.set(rels, 'relationships of a removed part');
  }
  const ordered = [contentTypesEntry, ...entries.filter((e) => e !== contentTypesEntry)];
  const bytes = await writeZip(
    ordered
      .filter((e) => e.isDirectory || !removedParts.has(lower(e.name)))
      .map((e) => ({ name: e.name, bytes: replaced.get(lower(e.name)) ?? e.bytes, isDirectory: e.isDirectory, lastModified: e.lastModified })),
  );
  return { bytes, removals, notes: ['rebuilt Office package'], extension: kind.deliveredExtension };
}

/** Empties the instructions of DDE and INCLUDE-style fields; their displayed results stay. */
function neutralizeWordFields(doc: Document): number {
  let count = 0;
  const open: Element[][] = [];
  for (const element of elements(doc)) {
    if (!element.namespaceURI || !W_NAMESPACES.has(element.namespaceURI)) continue;
    if (element.localName === 'fldChar') {
      const type = element.getAttributeNS(element.namespaceURI, 'fldCharType');
      if (type === 'begin') open.push([]);
      else if ((type === 'separate' || type === 'end') && open.length > 0) {
        const instructions = open[open.length - 1];
        if (DANGEROUS_FIELD.test(instructions.map((i) => i.textContent ?? '').join(''))) {
          for (const instruction of instructions) instruction.textContent = '';
          count += 1;
        }
        instructions.length = 0;
        if (type === 'end') open.pop();
      }
    } else if (element.localName === 'instrText' && open.length > 0) {
      open[open.length - 1].push(element);
    } else if (element.localName === 'fldSimple' && element.parentNode) {
      if (DANGEROUS_FIELD.test(element.getAttributeNS(element.namespaceURI, 'instr') ?? '')) {
        unwrapElement(element);
        count += 1;
      }
    }
  }
  return count;
}

/** Excel refuses formulas longer than this; a longer one is not a formula Excel wrote. */
const MAX_FORMULA_LENGTH = 8192;

function neutralizeFormulas(doc: Document): number {
  let count = 0;
  for (const formula of elements(doc).filter((e) => e.localName === 'f')) {
    const text = formula.textContent ?? '';
    if (text.length > MAX_FORMULA_LENGTH || DANGEROUS_FORMULA.test(text)) {
      formula.parentNode?.removeChild(formula);
      count += 1;
    }
  }
  return count;
}
