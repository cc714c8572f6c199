/**
 * Every error this package throws extends {@link PavedPlatformError} and carries a stable `code`,
 * so callers branch on `error.code`, never on message text.
 */
export abstract class PavedPlatformError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** esbuild could not bundle a handler, or the bundle would not run (missing export, bad entry). */
export class BundlingError extends PavedPlatformError {
  readonly code = 'BUNDLING_FAILED';
}

/** A subscription's rule pattern (or the names derived from it) cannot be deployed as an EventBridge rule. */
export class InvalidRuleError extends PavedPlatformError {
  readonly code = 'INVALID_RULE';
}

/** Platform or service configuration that cannot be deployed: a bad email, organization id, name or duplicate. */
export class InvalidPlatformConfigError extends PavedPlatformError {
  readonly code = 'INVALID_PLATFORM_CONFIG';
}

/** A dead-letter message that is neither an EventBridge event nor a Lambda on-failure destination record. */
export class UnrecognizedDeadLetterError extends PavedPlatformError {
  readonly code = 'UNRECOGNIZED_DEAD_LETTER';
}
