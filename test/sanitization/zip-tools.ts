/**
 * An independent reader for delivered ZIP and Office files: Python's zipfile (CRC of every entry)
 * and xml.etree (every .xml and .rels part must be well-formed), run as a program. Nothing here
 * uses the engine's code.
 */
import { spawnSync } from 'child_process';

const SCRIPT = `
import io, json, sys, zipfile, xml.etree.ElementTree as ET
data = sys.stdin.buffer.read()
try:
    z = zipfile.ZipFile(io.BytesIO(data))
    bad = z.testzip()
    if bad is not None:
        raise Exception('bad CRC in ' + bad)
    parts = {}
    for name in z.namelist():
        raw = z.read(name)
        if name.lower().endswith(('.xml', '.rels')):
            ET.fromstring(raw)
        parts[name] = raw.decode('utf-8', 'replace')
    print(json.dumps({'ok': True, 'parts': parts}))
except Exception as e:
    print(json.dumps({'ok': False, 'error': str(e)}))
`;

/** The parts of a ZIP as Python reads them, or the error that stopped it. */
export function pythonReadsZip(bytes: Uint8Array): { ok: true; parts: Record<string, string> } | { ok: false; error: string } {
  const result = spawnSync('python3', ['-c', SCRIPT], { input: bytes, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  if (result.status !== 0) return { ok: false, error: `python3 exited with ${result.status}: ${String(result.stderr)}` };
  return JSON.parse(String(result.stdout));
}
