import type { CliStream } from './io';

/** A progress line is shown only for more templates than this, and only on a terminal. */
export const PROGRESS_MIN_TEMPLATES = 5;

export interface Progress {
  /** Redraws the progress line with `text`. */
  show(text: string): void;
  /** Clears the progress line. */
  done(): void;
}

const SILENT: Progress = { show: () => undefined, done: () => undefined };

/**
 * A one-line progress indicator on stderr, redrawn in place with `\r`, for long checks at a
 * terminal; silent in CI logs and pipes, where redrawn lines would only add noise.
 */
export function createProgress(stderr: CliStream): Progress {
  if (stderr.isTTY !== true) {
    return SILENT;
  }
  const width = Math.max(20, (stderr.columns ?? 80) - 1);
  let drawn = false;
  return {
    show(text) {
      stderr.write(`\r${fit(`lgsec: ${text}`, width)}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) {
        stderr.write('\r\u001b[K');
        drawn = false;
      }
    },
  };
}

function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
