#!/usr/bin/env python3
"""Independent checker for Office Open XML / ZIP files delivered by the sanitizer.

Usage:  python3 bench/verify-office.py OUTDIR [--json FILE]

This script deliberately shares NOTHING with the lgsec engine: it is written in
Python against the standard library only (zipfile, xml.etree.ElementTree, re,
...) plus Debian's /usr/bin/unzip, and it does not import, call or read any of
the project's TypeScript code. A claim such as "0 active content delivered" can
therefore rest on a second, separately written implementation of the rules
rather than on the engine grading its own homework.

It walks every file under OUTDIR. For every Office Open XML file (.docx .docm
.dotx .dotm .xlsx .xlsm .xltx .xltm .pptx .pptm .ppsx .ppsm .potx .potm) it
checks:

  1. container   `unzip -t -qq FILE` exits 0 and Python's zipfile can open it;
                 no two entries share a name (case-insensitively, as OPC does).
  2. part-type   every part is XML (name ends .xml/.rels/.vml, or its
                 [Content_Types].xml type ends in "xml") that ElementTree
                 parses, or a PNG or JPEG picture. Anything else (OLE blobs,
                 EMF/WMF/GIF/TIFF, embedded packages, ...) is a finding, and so
                 is any XML part that carries a DOCTYPE.
  3. relationship every relationship in every _rels/*.rels part: internal
                 targets must resolve to an existing part, external targets
                 must be http:, https: or mailto:, and relationship types that
                 carry code or objects (vbaProject, activeX, oleObject,
                 package, control, webextension, customUI, macro sheets,
                 external attachedTemplate / frame, ...) are findings.
  4. part-name   part names that betray code or objects (vbaProject, vbaData,
                 activeX, oleObject, embeddings/, macrosheets/, customUI,
                 webextension, attachedToolbars, keyMapCustomizations, macro).
  5. content     text patterns in XML parts: ppaction://macro|program|ole,
                 MACROBUTTON, macro="..." attributes, fmlaMacro, OLE object
                 elements, VML <x:DDE>, DDE/DDEAUTO/INCLUDETEXT/LINK fields and
                 INCLUDEPICTURE fields with a non-http target (w:instrText and
                 w:fldSimple/@w:instr), DDE-style spreadsheet formulas
                 (=cmd|' /c calc'!A0), <ddeLink>, <oleLink>, and
                 w:attachedTemplate pointing at an external target.

For every other .zip file it runs the container check, lists the entries (the
summary counts them by extension) and checks nested Office files and nested
ZIPs recursively with the same rules. Nested entries that are OLE compound
files or executables/scripts are findings too, since they are active content
that the Office rules above would never see.

Output: a summary on stdout (files by extension, how many passed, findings by
kind, then every finding as `FILE: finding`, at most 200 lines). With --json
FILE it also writes {files, passed, findings: [{file, kind, finding}], ...}.
Exit code 0 when there are no findings, 1 otherwise.
"""

import argparse
import collections
import io
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

OFFICE_EXTS = {
    'docx', 'docm', 'dotx', 'dotm', 'xlsx', 'xlsm', 'xltx', 'xltm',
    'pptx', 'pptm', 'ppsx', 'ppsm', 'potx', 'potm',
}
PNG_MAGIC = b'\x89PNG\r\n\x1a\n'
JPEG_MAGIC = b'\xff\xd8\xff'
OLE_MAGIC = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'
# Never inflate more than this per entry: ZipExtFile stops at the declared size,
# so a declared-size cap bounds memory even for zip bombs in the input corpus.
MAX_PART_BYTES = 256 * 1024 * 1024
# Nested archives deeper than this are reported rather than followed.
MAX_DEPTH = 5
# Extensions inside a plain ZIP that are programs or scripts on Windows/macOS.
EXECUTABLE_EXTS = {
    'exe', 'dll', 'scr', 'com', 'pif', 'cpl', 'msi', 'msp', 'bat', 'cmd',
    'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'hta', 'ps1', 'lnk', 'jar',
    'sh', 'app', 'reg', 'inf', 'iso', 'img', 'vhd', 'vhdx', 'slk', 'iqy',
}

NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'
NS_CT = 'http://schemas.openxmlformats.org/package/2006/content-types'
NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

# --- rule tables ------------------------------------------------------------

# Check 4: part names. 'macro' also covers macrosheets/ and xlMacrosheet names.
PART_NAME_RE = re.compile(
    r'vbaProject|vbaData|activeX|oleObject|embeddings/|macrosheets/|customUI|'
    r'webextension|attachedToolbars|keyMapCustomizations|macro',
    re.IGNORECASE)

# Check 3: relationship types. Matched against the LAST segment of the type
# URI only, because the OPC namespace itself
# (http://schemas.openxmlformats.org/package/2006/relationships/...) contains
# the word "package" and would otherwise flag every core-properties relation.
BAD_REL_TYPE_RE = re.compile(
    r'vbaProject|vbaData|activeX|oleObject|^package$|control|webextension|'
    r'customUI|macro|attachedToolbars|keyMapCustomizations',
    re.IGNORECASE)
# The customUI relationship is spelled .../relationships/ui/extensibility, so
# it is recognised by that tail rather than by the word customUI.
CUSTOMUI_REL_RE = re.compile(r'/ui/extensibility$', re.IGNORECASE)
# Only harmful when they point outside the package (remote template / frame).
EXTERNAL_ONLY_REL_TYPES = {'attachedtemplate', 'frame'}
# Check 2 (extension): content types of existing parts that mean code/objects.
MACRO_CTYPE_RE = re.compile(r'macroEnabled|vbaProject|vbaData|activeX|oleObject|customUI', re.I)
ALLOWED_EXTERNAL_RE = re.compile(r'^(https?://|mailto:)', re.IGNORECASE)

# Check 5: patterns on the decoded text of XML parts (case-insensitive).
TEXT_PATTERNS = [
    ('ppaction-macro', re.compile(r'ppaction://(?:macro|program|ole)', re.I)),
    ('macrobutton', re.compile(r'\bMACROBUTTON\b', re.I)),
    # Excel writes macro="" on every drawing shape; only a non-empty one
    # assigns code, hence [^"]+ and not [^"]*.
    ('macro-attribute', re.compile(r'\bmacro\s*=\s*(?:"[^"]+"|\'[^\']+\')', re.I)),
    ('fmla-macro', re.compile(r'fmlaMacro', re.I)),
    # <o:OLEObject (VML/Word), <p:oleObj (PowerPoint), <oleObject(s) (Excel),
    # with or without a namespace prefix.
    ('ole-object', re.compile(r'<(?:\w+:)?ole(?:Object|Obj)\b', re.I)),
    ('vml-dde', re.compile(r'<(?:\w+:)?DDE\b', re.I)),
    ('dde-link', re.compile(r'<(?:\w+:)?ddeLink\b', re.I)),
    ('ole-link', re.compile(r'<(?:\w+:)?oleLink\b', re.I)),
]
DOCTYPE_RE = re.compile(rb'<!DOCTYPE', re.I)
# Field types that pull in code or content from elsewhere. Word field codes
# are case-insensitive; searched as whole words outside quoted strings.
FIELD_KEYWORD_RE = re.compile(r'(?<![\w\\])(DDEAUTO|DDE|INCLUDETEXT|LINK)(?![\w])', re.I)
INCLUDEPICTURE_RE = re.compile(r'(?<![\w\\])INCLUDEPICTURE\b\s*(?:"([^"]*)"|(\S+))?', re.I)
QUOTED_RE = re.compile(r'"[^"]*"')
# DDE formula: application|topic!item, e.g. =cmd|' /c calc'!A0 or =MSEXCEL|'\..\calc'!''.
# String literals are removed first, so a '|' inside "..." does not count.
DDE_FORMULA_RE = re.compile(r"cmd\s*\||\|\s*'[^']*'\s*!|[\w.]+\|[^!\s\"]*!", re.I)


class Findings:
    """Collects (file, kind, message) triples."""

    def __init__(self):
        self.items = []

    def add(self, file, kind, message):
        self.items.append({'file': file, 'kind': kind, 'finding': message})


def ext_of(name):
    base = name.rsplit('/', 1)[-1]
    return base.rsplit('.', 1)[-1].lower() if '.' in base else ''


def unzip_test(path):
    """Run Debian's unzip in test mode. Returns None if fine, else an error text.

    start_new_session detaches from the terminal so unzip cannot stop to ask
    for a password on an encrypted entry (it fails instead, which we report).
    """
    try:
        proc = subprocess.run(['/usr/bin/unzip', '-t', '-qq', str(path)],
                              stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=120, start_new_session=True)
    except subprocess.TimeoutExpired:
        return 'timed out'
    if proc.returncode == 0:
        return None
    text = (proc.stdout + proc.stderr).decode('utf-8', 'replace').strip().splitlines()
    return f'exit {proc.returncode}: ' + (text[0][:160] if text else '')


def unzip_test_bytes(data):
    """unzip -t on in-memory bytes (nested archives) via a temporary file."""
    with tempfile.NamedTemporaryFile(suffix='.zip') as tmp:
        tmp.write(data)
        tmp.flush()
        return unzip_test(tmp.name)


def decode_xml(data):
    """Decode an XML part for regex matching (BOM-aware, lossy on bad bytes)."""
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):
        return data.decode('utf-16', 'replace')
    return data.decode('utf-8', 'replace')


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def read_parts(zf, file, findings):
    """Read every non-directory entry. Returns {name: bytes} (first of duplicates)."""
    parts = {}
    seen = {}
    for info in zf.infolist():
        if info.is_dir():
            continue
        lower = info.filename.lower()
        if lower in seen:
            # OPC part names are case-insensitive; two entries for one name
            # means different tools may pick different content.
            findings.add(file, 'duplicate-part', f'duplicate part name: {info.filename} (also {seen[lower]})')
            continue
        seen[lower] = info.filename
        if info.file_size > MAX_PART_BYTES:
            findings.add(file, 'oversized-part', f'part {info.filename} declares {info.file_size} bytes; not read')
            continue
        try:
            with zf.open(info) as fh:
                parts[info.filename] = fh.read()
        except Exception as exc:  # encrypted, bad CRC, unsupported method ...
            findings.add(file, 'container', f'cannot read part {info.filename}: {exc}')
    return parts


def content_types(parts):
    """Map lower-case part name -> content type from [Content_Types].xml."""
    defaults, overrides = {}, {}
    data = parts.get('[Content_Types].xml')
    if data is None or DOCTYPE_RE.search(data):
        return defaults, overrides
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return defaults, overrides
    for el in root:
        if local(el.tag) == 'Default':
            defaults[(el.get('Extension') or '').lower()] = el.get('ContentType') or ''
        elif local(el.tag) == 'Override':
            overrides[(el.get('PartName') or '').lstrip('/').lower()] = el.get('ContentType') or ''
    return defaults, overrides


def is_xml_part(name, defaults, overrides):
    if name.lower().endswith(('.xml', '.rels', '.vml')):
        return True
    ctype = overrides.get(name.lower()) or defaults.get(ext_of(name)) or ''
    return ctype.lower().endswith('xml')


def resolve_target(rels_name, target):
    """Resolve an internal relationship target to a package part name.

    The source of word/_rels/document.xml.rels is word/document.xml, so
    relative targets resolve against word/; a leading '/' means the package
    root. Targets are URIs, so %20 etc. are decoded; a #fragment is dropped.
    """
    folder = posixpath.dirname(posixpath.dirname(rels_name))  # strip "_rels/x.rels"
    if target.startswith('#'):
        # Fragment-only target ("#Sheet1!A1", "#_ftn1"): Excel and PowerPoint
        # write these for in-document hyperlinks; they point back into the
        # source part itself, which exists by construction.
        source = posixpath.join(folder, posixpath.basename(rels_name)[:-len('.rels')])
        return posixpath.normpath(source)
    target = urllib.parse.unquote(target.split('#', 1)[0])
    if target.startswith('/'):
        path = target.lstrip('/')
    else:
        path = posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return '' if path == '.' else path


def check_relationships(file, name, root, part_names_lower, findings, rels_index):
    for rel in root:
        if local(rel.tag) != 'Relationship':
            continue
        rtype = rel.get('Type') or ''
        target = rel.get('Target') or ''
        external = (rel.get('TargetMode') or '').lower() == 'external'
        tail = rtype.rstrip('/').rsplit('/', 1)[-1]
        rels_index.setdefault(name, {})[rel.get('Id') or ''] = (tail.lower(), external, target)
        if BAD_REL_TYPE_RE.search(tail) or CUSTOMUI_REL_RE.search(rtype):
            findings.add(file, 'relationship-type', f'{name}: relationship type {rtype} -> {target}')
        elif external and tail.lower() in EXTERNAL_ONLY_REL_TYPES:
            findings.add(file, 'relationship-type', f'{name}: external {tail} relationship -> {target}')
        if external:
            if not ALLOWED_EXTERNAL_RE.match(target.strip()):
                findings.add(file, 'external-target', f'{name}: external target not http/https/mailto: {target!r} (type {tail})')
        else:
            resolved = resolve_target(name, target)
            if resolved.startswith('..') or resolved.lower() not in part_names_lower:
                findings.add(file, 'dangling-relationship', f'{name}: internal target {target!r} (type {tail}) does not resolve to a part')


def field_instructions(root):
    """Yield Word field instructions, joining w:instrText runs of one field.

    A field's instruction may be split over many runs (<w:instrText> DD</...>
    <w:instrText>E ...</...>), so text is accumulated between fldChar begin and
    separate/end. fldSimple carries the whole instruction in w:instr.
    """
    stack = []
    for el in root.iter():
        tag = local(el.tag)
        if tag == 'fldChar':
            kind = el.get(f'{{{NS_W}}}fldCharType')
            if kind == 'begin':
                stack.append([''])
            elif kind in ('separate', 'end') and stack:
                top = stack[-1]
                if top[0] is not None:
                    yield top[0]
                    top[0] = None  # instruction finished; result text follows
                if kind == 'end':
                    stack.pop()
        elif tag in ('instrText', 'delInstrText'):
            text = el.text or ''
            if stack and stack[-1][0] is not None:
                stack[-1][0] += text
            else:
                yield text  # instrText outside a well-formed field: check alone
        elif tag == 'fldSimple':
            yield el.get(f'{{{NS_W}}}instr') or ''
    for top in stack:  # unterminated fields
        if top[0] is not None:
            yield top[0]


def check_field(file, name, instr, findings):
    unquoted = QUOTED_RE.sub('""', instr)
    m = FIELD_KEYWORD_RE.search(unquoted)
    if m:
        findings.add(file, 'field-' + m.group(1).lower(), f'{name}: field instruction {instr.strip()[:120]!r}')
    for m in INCLUDEPICTURE_RE.finditer(instr):
        target = (m.group(1) or m.group(2) or '').strip()
        if not re.match(r'https?://', target, re.I):
            findings.add(file, 'field-includepicture', f'{name}: INCLUDEPICTURE with non-http target {instr.strip()[:120]!r}')


def check_xml_content(file, name, data, root, findings, rels_index):
    text = decode_xml(data)
    for kind, rx in TEXT_PATTERNS:
        m = rx.search(text)
        if m:
            start = max(0, m.start() - 40)
            findings.add(file, kind, f'{name}: {text[start:m.end() + 60]!r}')
    if root is None:
        return
    for instr in field_instructions(root):
        check_field(file, name, instr, findings)
    for el in root.iter():
        tag = local(el.tag)
        if tag == 'f' and el.text:
            # Spreadsheet formula: look for application|topic!item outside strings.
            formula = re.sub(r'"(?:[^"]|"")*"', '""', el.text)
            if DDE_FORMULA_RE.search(formula):
                findings.add(file, 'dde-formula', f'{name}: formula {el.text[:120]!r}')
        elif tag == 'attachedTemplate':
            rid = el.get(f'{{{NS_R}}}id') or ''
            rels_name = posixpath.join(posixpath.dirname(name), '_rels', posixpath.basename(name) + '.rels')
            rel = rels_index.get(rels_name, {}).get(rid)
            if rel and rel[1]:
                findings.add(file, 'attached-template', f'{name}: w:attachedTemplate r:id={rid} -> external {rel[2]!r}')


# Legacy VML as Office itself writes it is not strict XML: it carries HTML-ish
# <br> tags inside text boxes and "downlevel-revealed" conditional markers such
# as <![if gte mso 9]> ... <![endif]>. Office-written VML in the wild (and the
# POI test files) look like this, so VML parts get these two quirks normalised
# before parsing; anything else that does not parse is still a finding.
VML_CONDITIONAL_RE = re.compile(rb'<!\[(?:if[^\]]*|endif)\]>', re.I)
VML_BR_RE = re.compile(rb'<br\s*/?>', re.I)


def parse_xml_part(file, name, data, findings):
    """Parse an XML part; returns the root element, or None after a finding."""
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        error = exc
    if name.lower().endswith('.vml'):
        try:
            return ET.fromstring(VML_BR_RE.sub(b'<br/>', VML_CONDITIONAL_RE.sub(b'', data)))
        except ET.ParseError as exc:
            error = exc
    findings.add(file, 'xml-parse', f'{name}: not well-formed XML ({error})')
    return None


def check_office(file, zf, findings):
    parts = read_parts(zf, file, findings)
    defaults, overrides = content_types(parts)
    names_lower = {n.lower() for n in parts}
    if '[content_types].xml' not in names_lower:
        findings.add(file, 'container', 'no [Content_Types].xml part')

    for name in parts:
        if PART_NAME_RE.search(name):
            findings.add(file, 'part-name', f'suspicious part name: {name}')
        # The declared type decides how Office treats a part, whatever its
        # name: a macro-enabled main document or a VBA/ActiveX/OLE part type.
        ctype = overrides.get(name.lower()) or defaults.get(ext_of(name)) or ''
        if MACRO_CTYPE_RE.search(ctype):
            findings.add(file, 'content-type', f'{name}: content type {ctype}')

    roots = {}
    for name, data in parts.items():
        if is_xml_part(name, defaults, overrides):
            if DOCTYPE_RE.search(data):
                # Reported, and not parsed: a DTD is how entity bombs/XXE start.
                findings.add(file, 'doctype', f'{name}: XML part declares a DOCTYPE')
                roots[name] = None
                continue
            roots[name] = parse_xml_part(file, name, data, findings)
        elif data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC):
            continue
        elif not data:
            # An empty part carries no content at all. Signed packages always
            # have one: _xmlsignatures/origin.sigs is empty by definition.
            continue
        else:
            findings.add(file, 'part-type', f'non-XML, non-PNG/JPEG part: {name} ({data[:8].hex()})')

    # Relationships first, so content checks can look up r:ids (attachedTemplate).
    rels_index = {}
    rels_re = re.compile(r'(^|/)_rels/[^/]+\.rels$', re.I)
    for name, root in roots.items():
        if rels_re.search(name) and root is not None:
            check_relationships(file, name, root, names_lower, findings, rels_index)
    for name, root in roots.items():
        check_xml_content(file, name, parts[name], root, findings, rels_index)


def check_archive(file, data, path, findings, stats, depth):
    """Check one Office file or ZIP given as bytes (path: on-disk file if any)."""
    ext = ext_of(file)
    stats['by_ext'][ext] += 1
    before = len(findings.items)
    err = unzip_test(path) if path else unzip_test_bytes(data)
    if err:
        findings.add(file, 'container', f'unzip -t failed: {err}')
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        findings.add(file, 'container', f'not a readable ZIP: {exc}')
        return len(findings.items) == before
    with zf:
        if ext in OFFICE_EXTS:
            check_office(file, zf, findings)
        else:
            check_zip(file, zf, findings, stats, depth)
    return len(findings.items) == before


def check_zip(file, zf, findings, stats, depth):
    seen = set()
    for info in zf.infolist():
        if info.is_dir():
            continue
        name = info.filename
        ext = ext_of(name)
        stats['zip_entries'][ext or '(none)'] += 1
        if name.lower() in seen:
            findings.add(file, 'duplicate-part', f'duplicate entry name: {name}')
        seen.add(name.lower())
        if ext in EXECUTABLE_EXTS:
            findings.add(file, 'zip-executable', f'entry {name} is a program/script type (.{ext})')
        if info.file_size > MAX_PART_BYTES:
            findings.add(file, 'oversized-part', f'entry {name} declares {info.file_size} bytes; not read')
            continue
        try:
            with zf.open(info) as fh:
                data = fh.read()
        except Exception as exc:
            findings.add(file, 'container', f'cannot read entry {name}: {exc}')
            continue
        if data.startswith(OLE_MAGIC):
            # Legacy .doc/.xls/.ppt, .msi or encrypted Office: macros/objects
            # live in a binary format none of the checks above can see into.
            findings.add(file, 'zip-ole', f'entry {name} is an OLE compound file')
        if ext in OFFICE_EXTS or ext == 'zip' or data.startswith(b'PK\x03\x04'):
            nested = f'{file}!{name}'
            if depth >= MAX_DEPTH:
                findings.add(file, 'container', f'entry {name} nested deeper than {MAX_DEPTH}; not checked')
            elif ext in OFFICE_EXTS or ext == 'zip':
                check_archive(nested, data, None, findings, stats, depth + 1)
            else:
                # A ZIP under another extension (.jar, .odt, ...): still look inside.
                check_archive(nested + '.zip', data, None, findings, stats, depth + 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('outdir', type=Path)
    ap.add_argument('--json', type=Path, help='write {files, passed, findings} here')
    args = ap.parse_args()

    findings = Findings()
    stats = {'by_ext': collections.Counter(), 'zip_entries': collections.Counter()}
    top_ext = collections.Counter()
    files = passed = 0
    for path in sorted(p for p in args.outdir.rglob('*') if p.is_file()):
        ext = ext_of(path.name)
        if ext not in OFFICE_EXTS and ext != 'zip':
            continue
        rel = str(path.relative_to(args.outdir))
        files += 1
        top_ext[ext] += 1
        data = path.read_bytes()
        if check_archive(rel, data, path, findings, stats, 0):
            passed += 1

    by_kind = collections.Counter(f['kind'] for f in findings.items)
    files_with = collections.Counter()
    for kind in by_kind:
        files_with[kind] = len({f['file'].split('!', 1)[0] for f in findings.items if f['kind'] == kind})

    print(f'verify-office: {files} files checked under {args.outdir}, {passed} passed all checks, '
          f'{files - passed} with findings, {len(findings.items)} findings')
    print('files by extension: ' + ', '.join(f'{e} {n}' for e, n in sorted(top_ext.items())))
    nested = stats['by_ext'] - top_ext
    if nested:
        print('nested archives checked: ' + ', '.join(f'{e} {n}' for e, n in sorted(nested.items())))
    if stats['zip_entries']:
        print('entries inside .zip files by extension: '
              + ', '.join(f'{e} {n}' for e, n in sorted(stats['zip_entries'].items())))
    if by_kind:
        print('findings by kind (findings / top-level files):')
        for kind, n in by_kind.most_common():
            print(f'  {kind}: {n} / {files_with[kind]}')
        print()
        for f in findings.items[:200]:
            print(f"{f['file']}: {f['finding']}")
        if len(findings.items) > 200:
            print(f'... and {len(findings.items) - 200} more findings ({len(findings.items)} in all)')

    if args.json:
        args.json.write_text(json.dumps({
            'files': files,
            'passed': passed,
            'files_by_extension': dict(top_ext),
            'zip_entries_by_extension': dict(stats['zip_entries']),
            'findings_by_kind': dict(by_kind),
            'findings': findings.items,
        }, indent=1, ensure_ascii=False) + '\n')
    return 1 if findings.items else 0


if __name__ == '__main__':
    sys.exit(main())
