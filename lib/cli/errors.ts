/**
 * Bad usage or unreadable input. `lgsec` prints the message as one line on stderr, without a
 * stack trace, and exits with code 2. The message names the bad value and says how to fix it.
 */
export class CliError extends Error {
  /** The process exit code: 2 for bad usage or unreadable input (the README, "Gate CI with `lgsec check`"). */
  readonly exitCode = 2;

  constructor(message: string) {
    super(oneLine(message));
    this.name = 'CliError';
  }
}

/** Collapses a message to a single line, so stderr stays one line per problem. */
export function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/**
 * A file system error as one line that names the path and the fix, instead of Node's
 * `ENOENT: no such file or directory, open '…'`.
 */
export function describeFsError(err: unknown, displayPath: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `${displayPath}: no such file or folder; check the path`;
    case 'EACCES':
    case 'EPERM':
      return `${displayPath}: permission denied; check the file's or folder's permissions`;
    case 'EISDIR':
      return `${displayPath}: is a folder, expected a file`;
    case 'ENOTDIR':
      return `${displayPath}: a part of the path is not a folder; check the path`;
    case 'ELOOP':
      return `${displayPath}: too many symbolic links; check the path`;
    case 'EMFILE':
    case 'ENFILE':
      return `${displayPath}: too many open files; close other programs or raise the open-file limit`;
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return `${displayPath}: cannot be read (${oneLine(detail)})`;
    }
  }
}
