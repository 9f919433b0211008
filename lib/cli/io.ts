/** The streams and environment the command runs with; tests pass their own. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Working directory that relative input and output paths resolve against. @default process.cwd() */
  readonly cwd?: string;
  /** Environment (`NO_COLOR`, `FORCE_COLOR`, `LGSEC_DEBUG`). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A writable stream; `isTTY` (and `columns`) are set on terminals. */
export type CliStream = NodeJS.WritableStream & {
  readonly isTTY?: boolean;
  readonly columns?: number;
};

/**
 * Whether to colour output written to `stream`: never with `NO_COLOR` (https://no-color.org),
 * always with `FORCE_COLOR` (other than `0`/`false`), else only on a terminal that is not `dumb`.
 */
export function shouldUseColor(stream: CliStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
  }
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  return stream.isTTY === true && env.TERM !== 'dumb';
}
