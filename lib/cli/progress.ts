import type { CliStream } from './io';

/** A progress line is shown only when there are more templates than this, on a terminal. */
export const PROGRESS_MIN_TEMPLATES = 5;

export interface Progress {
  /** Called before template `index` (0-based) of `total` is checked. */
  update(index: number, total: number, name: string): void;
  /** Clears the progress line. */
  done(): void;
}

const SILENT: Progress = { update: () => undefined, done: () => undefined };

/**
 * A one-line progress indicator on stderr, redrawn in place with `\r`, for long checks at a
 * terminal; silent in CI logs and pipes, where redrawn lines would only add noise.
 */
export function createProgress(stderr: CliStream, total: number): Progress {
  if (stderr.isTTY !== true || total <= PROGRESS_MIN_TEMPLATES) {
    return SILENT;
  }
  const width = Math.max(20, (stderr.columns ?? 80) - 1);
  let drawn = false;
  return {
    update(index, count, name) {
      const line = `lgsec: checking ${index + 1}/${count} ${name}`;
      stderr.write(`\r${fit(line, width)}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) {
        stderr.write('\r\u001b[K');
      }
    },
  };
}

function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
