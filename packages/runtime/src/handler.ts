import { randomUUID } from 'node:crypto';
import { type Logger } from '@aws-lambda-powertools/logger';
import {
  type AnyEventContract,
  DEFAULT_IDEMPOTENCY,
  type DetailOf,
  type EventOf,
  splitMetadata,
  type Subscription,
} from '@paved/events';
import { type Context } from 'aws-lambda';
import { withEventContext } from './correlation';
import { withHandlerFaults } from './faults';
import { continueTrace, traceIdOf, traceIdOfXRay } from './trace';
import { HandlerError, IdempotencyConflictError, InvalidEventError, PermanentError } from './errors';
import { type EffectScope } from './idempotency/effects';
import { handlerRecords } from './idempotency/handler-records';
import { rerunOf } from './idempotency/rerun';
import { runIdempotent } from './idempotency/run';
import {
  idempotencyEnabled,
  type IdempotencyStore,
  idempotencyStoreFromEnvironment,
} from './idempotency/store';
import { defaultLogger, type InvocationKeys, invocationLogger } from './logging';
import { outcomeMetrics } from './metrics';
import { type ParkedEvent, sendToFailureDlq } from './permanent-failure';
import { flushTracing, tracingFromEnvironment } from './telemetry/provider';
import {
  markSpanFailed,
  runInSpan,
  type Span,
  SpanKind,
  startInvocationSpan,
  traceContextOf,
} from './telemetry/spans';

/** What a handler function receives besides the typed detail. */
export interface HandlerContext<C extends AnyEventContract> {
  /** The whole validated event: envelope and typed detail (without `_meta`). */
  readonly event: EventOf<C>;
  /** The Lambda invocation context. */
  readonly context: Context;
  /** A Powertools Logger whose every line carries the event id, source, detail-type and correlation id. */
  readonly logger: Logger;
  /** From `detail._meta.correlationId`, else the event id. Events published inside the handler carry it. */
  readonly correlationId: string;
}

/** The function a team writes: what to do with one valid event. */
export type HandlerFunction<C extends AnyEventContract, TResult = void> = (
  detail: DetailOf<C>,
  handler: HandlerContext<C>,
) => Promise<TResult> | TResult;

/** What {@link defineHandler} takes besides the contract and the function. */
export interface HandlerOptions {
  /**
   * The logger to derive each invocation's logger from.
   * @default a Powertools Logger whose service is POWERTOOLS_SERVICE_NAME, else the contract's source
   */
  readonly logger?: Logger;
  /**
   * Where the handler, and the events and emails it sends, keep their idempotency records.
   * @default from the environment on each invocation (`idempotencyStoreFromEnvironment`): the service's DynamoDB
   * table on AWS; with `PAVED_LOCAL=1`, the folder in `PAVED_IDEMPOTENCY_DIR`, else memory
   */
  readonly idempotencyStore?: IdempotencyStore;
}

/**
 * A Lambda entry point for EventBridge events. It resolves to what the function returned (for a repeated delivery,
 * what the first one returned, as JSON), or to a {@link ParkedEvent} for an event it sent to its failure DLQ.
 */
export type LambdaHandler<TResult = void> = (
  event: unknown,
  context: Context,
) => Promise<TResult | ParkedEvent>;

/**
 * Wraps `fn` into a Lambda entry point for one subscription's events (or, without a subscription, one contract's).
 *
 * Each invocation validates the event (envelope, source, detail-type, detail) and calls `fn` with the
 * typed detail, at most once per delivery; logs start, success (with what `fn` returned as `outcome`: return a
 * small summary such as `{ created, key }`, never the event) or failure with the duration, as JSON lines carrying
 * the event's id, source, detail-type and correlation id; and classifies failures.
 *
 * **Idempotent.** The subscription's `idempotency` says what makes two deliveries one (default: the event id). The
 * first delivery of a key runs `fn` and records its outcome (Powertools' idempotency utility: DynamoDB on AWS, files
 * on the local bus); a later one returns that outcome without running `fn`; one that arrives while the first runs
 * waits for it. Events `fn` publishes and emails it sends through `mailerOf` keep records of their own, so a retry
 * after `fn` failed half-way does not send them again. A redrive or forced replay (`paved-rerun`) runs `fn` again.
 *
 * **Failures.**
 * - an event that does not match the contract ({@link InvalidEventError}), or a {@link PermanentError} thrown by
 *   `fn` (an {@link IdempotencyConflictError} too), cannot succeed by retrying: it goes at once to the function's
 *   failure DLQ as Lambda's on-failure record (marked `PAVED_FAILURE=permanent`), and the invocation succeeds,
 *   resolving to a {@link ParkedEvent}, so Lambda does not retry it. Its record is not kept: a redrive runs it again.
 *   Only when that send fails (or no queue is set) is it thrown, and Lambda's retries and destination apply;
 * - anything else `fn` throws is logged as transient and rethrown as {@link HandlerError} (the original is
 *   its `cause`), so Lambda retries the event before sending it to the failure destination.
 *
 * @example
 * const stores = storesOf(subscription); // @paved/adapters: the stores the subscription declares
 * export const handler = defineHandler(subscription, async (order, { logger }) => {
 *   const { created } = await stores.stock.putJsonIfAbsent(`reservations/${order.orderId}.json`, order.lines);
 *   logger.info(created ? 'stock reserved' : 'already reserved: skipped');
 * });
 */
export function defineHandler<C extends AnyEventContract, TResult = void>(
  subscription: Subscription<C>,
  fn: HandlerFunction<C, TResult>,
  options?: HandlerOptions,
): LambdaHandler<TResult>;
export function defineHandler<C extends AnyEventContract, TResult = void>(
  contract: C,
  fn: HandlerFunction<C, TResult>,
  options?: HandlerOptions,
): LambdaHandler<TResult>;
export function defineHandler<C extends AnyEventContract, TResult = void>(
  declaration: C | Subscription<C>,
  fn: HandlerFunction<C, TResult>,
  options: HandlerOptions = {},
): LambdaHandler<TResult> {
  const subscription = 'contract' in declaration ? declaration : undefined;
  const contract: C = subscription ? subscription.contract : (declaration as C);
  const baseLogger = options.logger ?? defaultLogger(subscription ? subscription.service : contract.source);
  const idempotency = subscription?.idempotency ?? DEFAULT_IDEMPOTENCY;
  // Records are keyed by the handler: its service's table is shared by all of the service's handlers.
  const owner = subscription?.id ?? process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? contract.name;
  const records = handlerRecords(owner, idempotency);
  fn = withHandlerFaults(fn); // PAVED_FAULTS, local only (faults.ts): a no-op unless PAVED_LOCAL=1 and it is set
  const service = subscription ? subscription.service : contract.source;
  const metrics = outcomeMetrics(service, owner);
  let coldStart = true;

  const invoke = async (
    event: unknown,
    context: Context,
    facts: ReturnType<typeof eventFacts>,
    span: Span,
  ): Promise<TResult | ParkedEvent> => {
    const startedAt = performance.now();
    const elapsed = (): number => Math.round(performance.now() - startedAt);
    const correlationId = facts.correlation_id ?? facts.event_id ?? randomUUID();
    const trace = traceContextOf(
      span,
      continueTrace(traceIdOf(facts.traceparent), traceIdOfXRay(process.env['_X_AMZN_TRACE_ID'])),
    );
    const { traceparent: _, ...keys } = facts;
    const logger = invocationLogger(baseLogger, context, coldStart, {
      ...keys,
      correlation_id: correlationId,
      trace_id: trace.traceId,
    });
    coldStart = false;
    const rerun = rerunOf(event);
    logger.info('Event received', rerun === undefined ? {} : { rerun });

    /** Sends a permanent failure to the failure DLQ and resolves; throws it when that cannot be done. */
    const park = async (error: Error & { readonly code: string }): Promise<ParkedEvent> => {
      let parked: ParkedEvent | undefined;
      try {
        parked = await sendToFailureDlq(event, error, context);
      } catch (sendError) {
        logger.error('Could not send the failure to the failure DLQ: thrown, so Lambda retries the event', {
          errorCode: error.code,
          error: sendError,
        });
        throw error;
      }
      if (!parked) {
        logger.warn(
          'No failure DLQ is set (PAVED_FAILURE_DLQ_URL): thrown, so Lambda retries the event before its on-failure destination',
          { errorCode: error.code },
        );
        throw error;
      }
      logger.info('Event sent to the failure DLQ without retries', {
        errorCode: error.code,
        messageId: parked.messageId,
        durationMs: elapsed(),
      });
      return parked;
    };

    const parsed = contract.safeParse(event);
    if (!parsed.success) {
      const error = new InvalidEventError(contract.name, facts.event_id, parsed.error.issues, {
        cause: parsed.error,
      });
      logger.error('Event rejected: it does not match its contract', {
        failure: 'permanent',
        errorCode: error.code,
        issues: error.issues,
        durationMs: elapsed(),
      });
      metrics.failed('invalid-event', elapsed());
      markSpanFailed(span, error, 'invalid-event');
      return park(error);
    }

    const validEvent = parsed.data as EventOf<C>;
    try {
      const store = options.idempotencyStore ?? idempotencyStoreFromEnvironment();
      const delivery = records.deliveryKey(validEvent);
      const effects: EffectScope = {
        store,
        owner,
        delivery,
        expiresAfterSeconds: idempotency.expiresAfterSeconds,
        timeLeft: context,
        warn: (message, extra) => logger.warn(message, extra),
      };
      const eventContext = {
        correlationId,
        causationId: validEvent.id,
        invocationId: context.awsRequestId,
        trace,
        effects,
        producer: { service, handler: owner },
      };
      const layer = await store.layer(records.settings);
      const { value: result, ran } = await runIdempotent(
        layer,
        records.settings,
        { event: validEvent, rerun: rerun ?? null },
        async () =>
          withEventContext(eventContext, () =>
            fn(validEvent.detail, { event: validEvent, context, logger, correlationId }),
          ),
        context,
        `Event ${JSON.stringify(validEvent.id)} for handler ${owner}`,
      );
      if (ran && rerun !== undefined && idempotencyEnabled()) {
        await records.recordAsHandled(layer, validEvent, result, context).catch((error: unknown) =>
          logger.warn(
            'Could not record the rerun as the handling of the event: a later delivery runs it again',
            {
              error,
            },
          ),
        );
      }
      // What the function returns is its outcome (what it stored or sent, or that it skipped a repeat): logged here
      // once, so no handler writes its own "done" line. Lambda's async invoke discards it otherwise.
      logger.info(
        ran ? 'Event handled' : 'Event already handled: its outcome returned, the handler not run',
        {
          durationMs: elapsed(),
          ...(result === undefined ? {} : { outcome: result }),
        },
      );
      metrics.handled(elapsed());
      return result;
    } catch (error) {
      const permanent = asPermanent(error, owner, validEvent.id, idempotency.key);
      if (permanent) {
        logger.error('Event failed permanently', {
          failure: 'permanent',
          errorCode: permanent.code,
          durationMs: elapsed(),
          error: permanent,
        });
        const failureClass =
          permanent instanceof IdempotencyConflictError ? 'idempotency-conflict' : 'permanent';
        metrics.failed(failureClass, elapsed());
        markSpanFailed(span, permanent, failureClass);
        return park(permanent);
      }
      const wrapped = new HandlerError(contract.name, validEvent.id, error);
      logger.error('Handler failed; Lambda will retry the event', {
        failure: 'transient',
        errorCode: wrapped.code,
        durationMs: elapsed(),
        error,
      });
      metrics.failed('transient', elapsed());
      markSpanFailed(span, error, 'transient');
      throw wrapped;
    }
  };

  return async (event, context) => {
    tracingFromEnvironment();
    const facts = eventFacts(event);
    // The invocation's span continues the trace of the event (see startInvocationSpan: parent, not link).
    const span = startInvocationSpan({
      name: `handle ${contract.name}`,
      kind: SpanKind.CONSUMER,
      traceparent: facts.traceparent,
      xrayHeader: process.env['_X_AMZN_TRACE_ID'],
      attributes: {
        'messaging.operation.type': 'process',
        'faas.trigger': 'pubsub',
        'faas.invocation_id': context.awsRequestId,
        'paved.handler': owner,
        ...(facts.event_id ? { 'messaging.message.id': facts.event_id } : {}),
        ...(facts.correlation_id ? { 'paved.correlation_id': facts.correlation_id } : {}),
      },
    });
    try {
      return await runInSpan(span, () => invoke(event, context, facts, span));
    } finally {
      span.end();
      await flushTracing();
    }
  };
}

/** The failure as a permanent one, when it is: a `PermanentError`, or a key used by a different event. */
function asPermanent(
  error: unknown,
  owner: string,
  eventId: string,
  key: string,
): (Error & { readonly code: string }) | undefined {
  if (error instanceof PermanentError) return error;
  // Powertools' errors are told apart by name: a bundle may hold more than one copy of its classes.
  if (error instanceof Error && error.name === 'IdempotencyValidationError') {
    return new IdempotencyConflictError(owner, eventId, key, { cause: error });
  }
  return undefined;
}

/** What can be read from an event before it is validated, so that even a rejected event is traceable in logs. */
function eventFacts(event: unknown): InvocationKeys & { traceparent?: string } {
  if (event === null || typeof event !== 'object') return {};
  const raw = event as Record<string, unknown>;
  const { metadata } = splitMetadata(raw['detail']);
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  return {
    event_id: text(raw['id']),
    event_source: text(raw['source']),
    event_detail_type: text(raw['detail-type']),
    correlation_id: metadata.correlationId,
    traceparent: metadata.traceparent,
  };
}
