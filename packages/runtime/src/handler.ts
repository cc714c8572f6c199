import { randomUUID } from 'node:crypto';
import { type Logger } from '@aws-lambda-powertools/logger';
import {
  type AnyEventContract,
  type DetailOf,
  type EventOf,
  splitMetadata,
  type Subscription,
} from '@paved/events';
import { type Context } from 'aws-lambda';
import { withEventContext } from './correlation';
import { continueTrace, traceIdOf, traceIdOfXRay } from './trace';
import { HandlerError, InvalidEventError, PermanentError } from './errors';
import { defaultLogger, type InvocationKeys, invocationLogger } from './logging';

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
}

/** A Lambda entry point for EventBridge events. */
export type LambdaHandler<TResult = void> = (event: unknown, context: Context) => Promise<TResult>;

/**
 * Wraps `fn` into a Lambda entry point for one subscription's events (or, without a subscription, one contract's).
 *
 * Each invocation validates the event (envelope, source, detail-type, detail) and calls `fn` with the
 * typed detail; logs start, success (with what `fn` returned as `outcome`: return a small summary such as
 * `{ created, key }`, never the event) or failure with the duration, as JSON lines carrying the event's id,
 * source, detail-type and correlation id; and classifies failures:
 * - an event that does not match the contract throws {@link InvalidEventError} (permanent: every issue is
 *   in the message, which the failure destination records as `errorMessage`);
 * - a {@link PermanentError} thrown by `fn` is logged as permanent and rethrown;
 * - anything else `fn` throws is logged as transient and rethrown as {@link HandlerError} (the original is
 *   its `cause`), so Lambda retries the event before sending it to the failure destination.
 *
 * Delivery is at least once: `fn` must be safe to run twice for the same `event.id`.
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
  const contract: C = 'contract' in declaration ? declaration.contract : declaration;
  const baseLogger =
    options.logger ?? defaultLogger('contract' in declaration ? declaration.service : contract.source);
  let coldStart = true;

  return async (event, context) => {
    const startedAt = performance.now();
    const elapsed = (): number => Math.round(performance.now() - startedAt);
    const facts = eventFacts(event);
    const correlationId = facts.correlation_id ?? facts.event_id ?? randomUUID();
    const trace = continueTrace(traceIdOf(facts.traceparent), traceIdOfXRay(process.env['_X_AMZN_TRACE_ID']));
    const { traceparent: _, ...keys } = facts;
    const logger = invocationLogger(baseLogger, context, coldStart, {
      ...keys,
      correlation_id: correlationId,
      trace_id: trace.traceId,
    });
    coldStart = false;
    logger.info('Event received');

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
      throw error;
    }

    const validEvent = parsed.data as EventOf<C>;
    try {
      const eventContext = {
        correlationId,
        causationId: validEvent.id,
        invocationId: context.awsRequestId,
        trace,
      };
      const result = await withEventContext(eventContext, () =>
        fn(validEvent.detail, { event: validEvent, context, logger, correlationId }),
      );
      // What the function returns is its outcome (what it stored or sent, or that it skipped a repeat): logged here
      // once, so no handler writes its own "done" line. Lambda's async invoke discards it otherwise.
      logger.info('Event handled', {
        durationMs: elapsed(),
        ...(result === undefined ? {} : { outcome: result }),
      });
      return result;
    } catch (error) {
      if (error instanceof PermanentError) {
        logger.error('Event failed permanently', {
          failure: 'permanent',
          errorCode: error.code,
          durationMs: elapsed(),
          error,
        });
        throw error;
      }
      const wrapped = new HandlerError(contract.name, validEvent.id, error);
      logger.error('Handler failed; Lambda will retry the event', {
        failure: 'transient',
        errorCode: wrapped.code,
        durationMs: elapsed(),
        error,
      });
      throw wrapped;
    }
  };
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
