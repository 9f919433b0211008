import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { CliError, describeFsError } from './errors';

/**
 * Fails early, before any work, when `--output FILE` cannot be written: its folder is missing
 * or not writable, or FILE is a folder.
 */
export function assertWritableOutput(file: string, cwd: string): void {
  const target = path.resolve(cwd, file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) {
    throw new CliError(`--output ${file}: is a folder; name a file, e.g. ${path.join(file, 'lgsec.sarif')}`);
  }
  const directory = path.dirname(target);
  try {
    if (!fs.statSync(directory).isDirectory()) {
      throw new CliError(`--output ${file}: ${path.dirname(file)} is not a folder; choose another path`);
    }
    fs.accessSync(directory, fs.constants.W_OK);
  } catch (err) {
    if (err instanceof CliError) {
      throw err;
    }
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `--output ${file}: the folder ${path.dirname(file)} does not exist; create it first`
        : `--output ${file}: ${describeFsError(err, path.dirname(file))}`,
    );
  }
}

/**
 * Writes `content` to `file` atomically: into a temporary file beside it, then renamed over it,
 * so that a reader (or a CI upload step) sees the old file or the whole new one, never a part;
 * on failure the temporary file is removed and nothing is left behind.
 */
export function writeFileAtomic(file: string, content: string, cwd: string): void {
  const target = path.resolve(cwd, file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temporary, content, { encoding: 'utf-8', flag: 'wx', mode: 0o644 });
    fs.renameSync(temporary, target);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw new CliError(`--output ${file}: ${describeFsError(err, file).replace(`${file}: `, '')}`);
  }
}
