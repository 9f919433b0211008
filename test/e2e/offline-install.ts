import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly [key: string]: unknown;
}

interface Lockfile {
  readonly packages: Record<string, LockEntry>;
}

/**
 * A package-lock.json for an app that depends on `packageNames` (as the repository resolved
 * them) and on the packed tarball, so that `npm ci --offline` installs it from the npm cache
 * that `npm ci` filled for the repository: no registry metadata is needed, only tarballs by
 * integrity. The tarball's own dependencies are exactly what its package.json declares, so a
 * dependency missing from it fails the install or the run, as it would for a user.
 */
export function offlineLockfile(options: {
  readonly repoLock: string;
  readonly appName: string;
  readonly tarball: string;
  /** Path of the tarball as the app's package.json names it (`file:…`). */
  readonly tarballSpec: string;
  /** The app's other dependencies (name → range), resolved as in the repository. */
  readonly appDependencies: Record<string, string>;
}): Record<string, unknown> {
  const lock = JSON.parse(fs.readFileSync(options.repoLock, 'utf-8')) as Lockfile;
  const manifest = tarballManifest(options.tarball);
  const packages: Record<string, unknown> = {};
  const visit = (from: string, name: string, optional: boolean): void => {
    const at = resolveIn(lock.packages, from, name);
    if (at === undefined) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || 'the app'}) is not in the repository's package-lock.json; run npm install`);
    }
    if (packages[at]) return;
    // The repository's dev/peer flags do not apply to the app.
    const entry: Record<string, unknown> = { ...lock.packages[at] };
    for (const flag of ['dev', 'devOptional', 'peer']) delete entry[flag];
    packages[at] = entry;
    const { dependencies, optionalDependencies } = lock.packages[at];
    for (const dep of Object.keys(dependencies ?? {})) visit(at, dep, false);
    for (const dep of Object.keys(optionalDependencies ?? {})) visit(at, dep, true);
  };
  for (const name of Object.keys(options.appDependencies)) visit('', name, false);
  for (const name of Object.keys(manifest.dependencies ?? {})) visit('node_modules/lgsec-cdk', name, false);
  const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(options.tarball)).digest('base64')}`;
  return {
    name: options.appName,
    version: '0.1.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: options.appName, version: '0.1.0', dependencies: { ...options.appDependencies, 'lgsec-cdk': options.tarballSpec } },
      'node_modules/lgsec-cdk': {
        version: manifest.version,
        resolved: options.tarballSpec,
        integrity,
        license: manifest.license,
        dependencies: manifest.dependencies,
        peerDependencies: manifest.peerDependencies,
        peerDependenciesMeta: manifest.peerDependenciesMeta,
        bin: manifest.bin,
        engines: manifest.engines,
      },
      ...packages,
    },
  };
}

/** Node's resolution over lockfile paths: the nearest node_modules/<name> from `from` upward. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] && !candidate.startsWith('node_modules/lgsec-cdk/')) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

interface Manifest {
  readonly version: string;
  readonly license?: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly bin?: Record<string, string>;
  readonly engines?: Record<string, string>;
}

/** package.json inside an npm tarball (gzip'd tar, `package/package.json`). */
function tarballManifest(tarball: string): Manifest {
  const tar = zlib.gunzipSync(fs.readFileSync(tarball));
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar.toString('utf-8', offset, offset + 100).replace(/\0.*$/s, '');
    const size = parseInt(
      tar
        .toString('utf-8', offset + 124, offset + 136)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    if (name === '') break;
    if (name === 'package/package.json') return JSON.parse(tar.toString('utf-8', offset + 512, offset + 512 + size)) as Manifest;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${path.basename(tarball)} has no package/package.json`);
}
