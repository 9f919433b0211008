import { ResolvedSanitizerLimits } from '../options';
import { QuarantineCode, SanitizeMetrics } from '../types';
import { Quarantine } from './quarantine';

/** Counters shared by every nesting level of one input: limits are global, not per level. */
export class Budget implements SanitizeMetrics {
  bytesInflated = 0;
  entriesOpened = 0;
  maxDepthReached = 0;

  constructor(private readonly limits: ResolvedSanitizerLimits) {}

  /** Counts one more archive entry, or quarantines when over the limit. */
  openEntry(): void {
    this.entriesOpened += 1;
    if (this.entriesOpened > this.limits.maxEntries) {
      throw new Quarantine('limit-exceeded', `more than ${this.limits.maxEntries} archive entries in total (limits.maxEntries)`);
    }
  }

  /** Counts inflated bytes, or quarantines when over the limit. */
  inflate(bytes: number): void {
    this.bytesInflated += bytes;
    if (this.bytesInflated > this.limits.maxInflatedBytes) {
      throw new Quarantine(
        'limit-exceeded',
        `content inflates to more than ${this.limits.maxInflatedBytes} bytes in total (limits.maxInflatedBytes)`,
      );
    }
  }

  snapshot(): SanitizeMetrics {
    return { bytesInflated: this.bytesInflated, entriesOpened: this.entriesOpened, maxDepthReached: this.maxDepthReached };
  }
}

/** What a format handler returns when it delivers. */
export interface HandlerOutcome {
  readonly bytes: Uint8Array;
  /** Actions that changed content; empty means `clean`. */
  readonly removals: readonly string[];
  /** Informational actions (encoding found, structure rebuilt) that do not make a file `sanitized`. */
  readonly notes?: readonly string[];
  /** Delivered extension when it differs from the input's (a .docm is delivered as .docx). */
  readonly extension?: string;
}

/** Result of sanitizing a file contained in another (archive entry, attachment). */
export interface ContainedResult {
  readonly verdict: 'clean' | 'sanitized' | 'quarantined';
  readonly detectedType: string;
  readonly actions: readonly string[];
  readonly reason?: string;
  readonly reasonCode?: QuarantineCode;
  readonly output?: { readonly name: string; readonly bytes: Uint8Array };
}

/** Per-input state handed to format handlers. */
export interface SanitizeContext {
  readonly limits: ResolvedSanitizerLimits;
  readonly budget: Budget;
  /** 0 for the input itself, +1 per archive level. */
  readonly depth: number;
  /** Sanitizes a file found inside the current one, one level deeper. */
  sanitizeContained(name: string, bytes: Uint8Array): Promise<ContainedResult>;
}
