import * as fs from 'fs';
import * as path from 'path';

export interface ToolPackage {
  readonly version: string;
  /** `homepage` of package.json: the SARIF driver's informationUri. */
  readonly homepage?: string;
}

let cached: ToolPackage | undefined;

/**
 * lgsec's own package.json, found upward from this file, so that it works from the sources
 * (esbuild-register, ts-jest) and from the compiled `dist/` alike. The rule pack, the report and
 * the CLI all name the version from here.
 */
export function toolPackage(): ToolPackage {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const manifest = JSON.parse(fs.readFileSync(candidate, 'utf-8')) as { name?: string; version?: string; homepage?: string };
      if (manifest.name === 'lgsec-cdk' && typeof manifest.version === 'string') {
        cached = { version: manifest.version, ...(typeof manifest.homepage === 'string' ? { homepage: manifest.homepage } : {}) };
        return cached;
      }
    }
    // Bundled into a Lambda or copied without its package.json: say so rather than guess.
    if (path.dirname(dir) === dir) return (cached = { version: 'unknown' });
  }
}
