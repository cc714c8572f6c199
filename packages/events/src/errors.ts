/**
 * Every error this package throws extends {@link PavedEventsError} and carries a stable `code`,
 * so callers branch on `error.code`, never on message text.
 */
export abstract class PavedEventsError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem found while validating an event: where (`path`) and what (`message`). */
export interface ValidationIssue {
  /** Dotted path into the event, such as `detail.items.0.quantity`; empty for the event itself. */
  readonly path: string;
  readonly message: string;
  /** zod's issue code, such as `invalid_type` or `too_small`. */
  readonly code: string;
}

/** An event (envelope or detail) does not satisfy its contract. Never worth retrying. */
export class EventValidationError extends PavedEventsError {
  readonly code = 'EVENT_VALIDATION_FAILED';

  constructor(
    /** `source` and `detail-type` of the contract that rejected the event. */
    readonly contract: string,
    readonly issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `Event does not match contract ${contract}: ${issues.map((i) => `${i.path || '(event)'}: ${i.message}`).join('; ')}. ` +
        'Fix the producer, or change the contract and its examples together.',
      options,
    );
  }

  toJSON(): { code: string; contract: string; message: string; issues: readonly ValidationIssue[] } {
    return { code: this.code, contract: this.contract, message: this.message, issues: this.issues };
  }
}

/** `defineEvent` was given something that cannot be a contract (bad source, detail-type or example). */
export class InvalidContractError extends PavedEventsError {
  readonly code = 'INVALID_CONTRACT';
}

/**
 * `defineSubscription` was given an option out of range, a pattern that drops the contract's source or detail-type,
 * or an AWS contract to publish.
 */
export class InvalidSubscriptionError extends PavedEventsError {
  readonly code = 'INVALID_SUBSCRIPTION';
}

/**
 * An EventBridge event pattern that AWS would refuse. `message` is AWS's own text
 * (`Event pattern is not valid. Reason: …`), so tests and tools can compare it with what AWS says;
 * `reason` is the part after `Reason: `, `pattern` the pattern received and `hint` how to fix it.
 */
export class InvalidEventPatternError extends PavedEventsError {
  readonly code = 'InvalidEventPatternException';

  constructor(
    readonly reason: string,
    /** The pattern as received (JSON text). */
    readonly pattern: string,
    /** How to fix it, in paved's words. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`Event pattern is not valid. Reason: ${reason}`, options);
  }
}

/**
 * A request AWS would answer with `ValidationException`: an event `TestEventPattern` refuses
 * (`Parameter Event is not valid.`), or a target `PutTargets` refuses. `message` is AWS's own text;
 * `hint` says how to fix it.
 */
export class ValidationError extends PavedEventsError {
  readonly code = 'ValidationException';

  constructor(
    message: string,
    /** How to fix it, in paved's words. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Something that needs the workspace (`nx.json`) was run outside one. */
export class WorkspaceNotFoundError extends PavedEventsError {
  readonly code = 'WORKSPACE_NOT_FOUND';
}

/** `defineBucket` or `bucketName` was given a name, account or Region that cannot name an event-producing bucket. */
export class InvalidBucketError extends PavedEventsError {
  readonly code = 'INVALID_BUCKET';
}

/** `defineApi` was given a bad name, route, request schema, example or published contract. */
export class InvalidApiError extends PavedEventsError {
  readonly code = 'INVALID_API';
}

/** `busRoutes` cannot derive a route: a bad bus name, or a route name EventBridge would refuse. */
export class InvalidBusRouteError extends PavedEventsError {
  readonly code = 'INVALID_BUS_ROUTE';
}
