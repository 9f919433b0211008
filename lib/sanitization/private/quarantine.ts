import { QuarantineCode } from '../types';

/** Codes that condemn the whole input, not just the archive entry they were found in. */
const CONTAINER_WIDE: ReadonlySet<QuarantineCode> = new Set<QuarantineCode>(['compression-bomb', 'limit-exceeded', 'nesting-too-deep']);

/**
 * Thrown by format handlers to quarantine the file they are working on. Resource-limit codes
 * propagate through every archive level, so a bomb inside a ZIP quarantines the ZIP.
 */
export class Quarantine extends Error {
  constructor(
    readonly code: QuarantineCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'Quarantine';
  }

  get containerWide(): boolean {
    return CONTAINER_WIDE.has(this.code);
  }
}
