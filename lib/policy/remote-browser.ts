/**
 * What a remote browser (画面転送) records about the data transfers it allows, so that the rule
 * pack can tell an allowed transfer someone answered for from one left on by mistake.
 */

/**
 * Metadata key on an `AWS::WorkSpacesWeb::UserSettings` or `AWS::AppStream::Stack`: an object
 * mapping each transfer setting that is allowed (`CopyAllowed`, …, or an AppStream action such as
 * `FILE_DOWNLOAD`) to the reason it is.
 */
export const TRANSFER_REASONS_METADATA = 'lgsec:transferReasons';

/** Shortest reason accepted for allowing a transfer: a sentence, not a placeholder. */
export const MIN_TRANSFER_REASON_LENGTH = 20;

/** Metadata key on an AppStream stack resource that records why an inbound path (device → session) is enabled. */
export const TERMINAL_INBOUND_EXCEPTIONS_METADATA = 'lgsec:terminalInboundExceptions';
