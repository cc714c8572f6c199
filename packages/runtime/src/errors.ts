import { type ValidationIssue } from '@paved/events';

/**
 * Every error this package throws extends {@link PavedRuntimeError} and carries a stable `code`,
 * so callers branch on `error.code`, never on message text.
 *
 * Each class sets `name` as a string literal rather than from the constructor: bundlers minify class
 * names, and Lambda reports `name` as the `errorType` of a failed invocation (and of its on-failure
 * destination record), which alarms and people read.
 */
export abstract class PavedRuntimeError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The event a handler received does not match its contract. Retrying cannot fix it, so the handler throws
 * this and the event ends in the function's failure destination with every issue in `errorMessage`.
 */
export class InvalidEventError extends PavedRuntimeError {
  override readonly name: string = 'InvalidEventError';
  readonly code = 'INVALID_EVENT';

  constructor(
    /** `source/detail-type` of the contract the handler expects. */
    readonly contract: string,
    /** The event's `id`, when it has one. */
    readonly eventId: string | undefined,
    readonly issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `Event ${eventId === undefined ? '(without an id)' : JSON.stringify(eventId)} does not match contract ${contract} ` +
        `(${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}): ${formatIssues(issues)}. ` +
        'Retrying cannot fix it, so it goes to the failure destination: fix the producer, ' +
        'or change the contract and its examples together, then redrive it.',
      options,
    );
  }
}

/**
 * Thrown by a handler to say an event can never succeed (an order that does not exist, a state
 * transition that is not allowed). Retrying cannot fix it, so the runtime sends the event to the function's failure
 * DLQ at once, without Lambda's retries, and the invocation succeeds (see `defineHandler`).
 * Subclass it to give a failure its own `code` (and `name`, which the failure record reports as `errorType`).
 *
 * @example
 * if (!order) throw new PermanentError(`Order ${detail.orderId} does not exist: nothing to ship. Redrive once it does.`);
 *
 * class OrderTotalMismatchError extends PermanentError {
 *   override readonly code = 'ORDER_TOTAL_MISMATCH';
 * }
 */
export class PermanentError extends PavedRuntimeError {
  override readonly name: string = 'PermanentError';
  readonly code: string = 'PERMANENT_FAILURE';
}

/**
 * A delivery had the idempotency key of an event already handled, but a different payload (the subscription's
 * `idempotency.payloadValidation`, by default the detail): two different events under one key. Skipping it would
 * lose it in silence and handling it would break the key's promise, so it fails permanently.
 */
export class IdempotencyConflictError extends PermanentError {
  override readonly name: string = 'IdempotencyConflictError';
  override readonly code: string = 'IDEMPOTENCY_CONFLICT';

  constructor(
    readonly handler: string,
    readonly eventId: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Event ${JSON.stringify(eventId)} has the idempotency key of an event handler ${handler} already handled ` +
        `(${key}), but a different payload: two different events under one key. Make the subscription's ` +
        'idempotency.key tell them apart (or compare less with idempotency.payloadValidation), then redrive it; ' +
        'a redrive runs it whatever the record says.',
      options,
    );
  }
}

/** The value the subscription's `idempotency.key` selects is missing (null, empty) in the event. */
export class IdempotencyKeyMissingError extends PermanentError {
  override readonly name: string = 'IdempotencyKeyMissingError';
  override readonly code: string = 'IDEMPOTENCY_KEY_MISSING';

  constructor(
    readonly handler: string,
    readonly eventId: string,
    readonly expression: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Event ${JSON.stringify(eventId)} has no value at ${JSON.stringify(expression)}, the idempotency key of ` +
        `handler ${handler}, so it cannot tell whether it handled it before. Key by a field every event of the ` +
        "contract has (such as 'id' or a required detail field), then redrive it.",
      options,
    );
  }
}

/**
 * Idempotency cannot work where the handler runs: no table is named (on AWS the platform sets
 * `PAVED_IDEMPOTENCY_TABLE`), or the subscription's idempotency expression is not valid JMESPath.
 */
export class IdempotencyConfigError extends PavedRuntimeError {
  override readonly name: string = 'IdempotencyConfigError';
  readonly code = 'IDEMPOTENCY_NOT_CONFIGURED';
}

/**
 * Another delivery of the same event (or another call of the same effect) was still running when this invocation
 * had to give up waiting for it. Thrown so that Lambda retries this one later, when the other has finished.
 */
export class StillInProgressError extends PavedRuntimeError {
  override readonly name: string = 'StillInProgressError';
  readonly code = 'STILL_IN_PROGRESS';

  constructor(
    readonly what: string,
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `${what} is still being handled by another invocation after waiting ${waitedMs} ms. Lambda retries this ` +
        'delivery; it then returns what the other invocation did, or runs if that one failed.',
      options,
    );
  }
}

/**
 * A handler threw something other than a {@link PermanentError}. Rethrown with the original as `cause`
 * so Lambda retries the event, then sends it to the failure destination.
 */
export class HandlerError extends PavedRuntimeError {
  override readonly name: string = 'HandlerError';
  readonly code = 'HANDLER_FAILED';

  constructor(
    readonly contract: string,
    readonly eventId: string,
    cause: unknown,
  ) {
    super(
      `Handler for ${contract} failed on event ${JSON.stringify(eventId)}: ${describe(cause).replace(/\.$/, '')}. ` +
        'Lambda retries the event, then sends it to the failure destination; ' +
        'if it can never succeed, throw PermanentError instead.',
      { cause },
    );
  }
}

/** One `detail` passed to `publish` that does not match its contract. */
export interface InvalidDetailEntry {
  /** Position in the list given to `publish` (0 for a single detail). */
  readonly index: number;
  readonly issues: readonly ValidationIssue[];
}

/** `publish` was given one or more details that do not match the contract. Nothing was sent. */
export class InvalidDetailError extends PavedRuntimeError {
  override readonly name: string = 'InvalidDetailError';
  readonly code = 'INVALID_DETAIL';

  constructor(
    readonly contract: string,
    readonly entries: readonly InvalidDetailEntry[],
  ) {
    super(
      `Refusing to publish ${contract}: ${entries.length} ${entries.length === 1 ? 'detail does' : 'details do'} ` +
        `not match the contract, so nothing was sent. ` +
        `${entries.map((entry) => `Entry ${entry.index}: ${formatIssues(entry.issues)}`).join('. ')}. ` +
        'Fix the details, or change the contract and its examples together.',
    );
  }
}

/** One PutEvents entry over the size limit. */
export interface OversizeEntry {
  readonly index: number;
  /** Entry size in bytes, computed the way EventBridge does. */
  readonly size: number;
}

/** One or more events are larger than EventBridge accepts. Nothing was sent. */
export class EventTooLargeError extends PavedRuntimeError {
  override readonly name: string = 'EventTooLargeError';
  readonly code = 'EVENT_TOO_LARGE';

  constructor(
    readonly contract: string,
    readonly entries: readonly OversizeEntry[],
    /** The largest entry EventBridge accepts, in bytes. */
    readonly limit: number,
  ) {
    super(
      `Refusing to publish ${contract}: ${entries
        .map((entry) => `entry ${entry.index} is ${entry.size} bytes`)
        .join(', ')}, over the PutEvents entry limit of ${limit} bytes, so nothing was sent. ` +
        'Put the large part in S3 and publish its key instead.',
    );
  }
}

/** One event that could not be put on the bus. */
export interface PublishFailure {
  /** Position in the list given to `publish` (0 for a single detail). */
  readonly index: number;
  readonly detailType: string;
  /** EventBridge's `ErrorCode` for the entry, or the error name when the whole call failed. */
  readonly errorCode: string;
  readonly errorMessage: string;
  /** How many times the entry was sent. */
  readonly attempts: number;
}

/**
 * Some events could not be published: a non-retryable error, or retries ran out. Everything that could
 * be sent was sent; `eventIds` holds the ids of those (by input index) and `failures` lists the rest.
 */
export class PublishError extends PavedRuntimeError {
  override readonly name: string = 'PublishError';
  readonly code = 'PUBLISH_FAILED';

  constructor(
    readonly contract: string,
    readonly eventBusName: string,
    readonly failures: readonly PublishFailure[],
    /** The id of every event that was published, at its input index; `undefined` where it failed. */
    readonly eventIds: readonly (string | undefined)[],
    options?: { cause?: unknown },
  ) {
    const published = eventIds.length - failures.length;
    super(
      `Could not publish ${failures.length} of ${eventIds.length} ${contract} events to event bus ` +
        `${JSON.stringify(eventBusName)}: ` +
        failures
          .map(
            (failure) =>
              `entry ${failure.index} (${failure.detailType}): ${failure.errorCode} ` +
              `${JSON.stringify(failure.errorMessage)} after ${failure.attempts} ${failure.attempts === 1 ? 'attempt' : 'attempts'}`,
          )
          .join('; ') +
        `. ${published} ${published === 1 ? 'was' : 'were'} published (ids in error.eventIds). ` +
        'Throttling and internal errors were retried; for other codes fix the cause ' +
        '(AccessDeniedException: allow events:PutEvents on the bus) and publish the failed entries again.',
      options,
    );
  }
}

/**
 * `publish` was given a contract it must never put on a bus: an AWS service's event (`defineAwsEvent`), or, inside an
 * API handler, a contract the API does not declare in `publishes` (the platform grants PutEvents for exactly those).
 * Nothing was sent.
 */
export class UnpublishableContractError extends PavedRuntimeError {
  override readonly name: string = 'UnpublishableContractError';
  readonly code = 'UNPUBLISHABLE_CONTRACT';

  constructor(
    /** `source/detail-type` of the contract refused. */
    readonly contract: string,
    message: string,
  ) {
    super(message);
  }
}

/** A publisher was created or used without what it needs (an event bus name, sane retry options). */
export class PublisherConfigError extends PavedRuntimeError {
  override readonly name: string = 'PublisherConfigError';
  readonly code = 'INVALID_PUBLISHER_CONFIG';
}

/** The telemetry environment asks for something the runtime does not do (`PAVED_TRACING`, the X-Ray daemon address). */
export class TelemetryConfigError extends PavedRuntimeError {
  override readonly name: string = 'TelemetryConfigError';
  readonly code = 'INVALID_TELEMETRY_CONFIG';
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`).join('; ');
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return `non-Error value ${JSON.stringify(error) ?? String(error)}`;
  } catch {
    // Circular objects and BigInts cannot be serialized; the message must still be built.
    return `non-Error value ${String(error)}`;
  }
}
