import { AsyncLocalStorage } from 'node:async_hooks';
import { type EffectScope } from './idempotency/effects';
import { type TraceContext } from './trace';

/** What travels from the work in progress to every event it publishes, in `detail._meta`. */
export interface EventContext {
  readonly correlationId: string;
  /** The id of the event being handled, or `request:<id>` inside an API. */
  readonly causationId?: string;
  /** The Lambda request id of the invocation. */
  readonly invocationId?: string;
  /** The trace the work continues, and its span. */
  readonly trace?: TraceContext;
  /**
   * Inside `defineHandler`: where the effects of this delivery (events published, emails sent) keep their
   * idempotency records, so that a retried delivery does not repeat them. Undefined elsewhere (an API, a script).
   */
  readonly effects?: EffectScope;
  /** Who is publishing (the handler's subscription id or the API's id, and its service): metrics count by it. */
  readonly producer?: { readonly service: string; readonly handler: string };
}

// AsyncLocalStorage rather than a module variable: invocations may overlap in one process (the local bus,
// tests, Lambda managed instances), and each must see its own id through every await.
const storage = new AsyncLocalStorage<EventContext>();

/**
 * The correlation id of the work in progress: inside a handler, the id of the event being handled
 * (or the one it carried in `_meta`). `undefined` outside {@link withCorrelationId} and handlers.
 *
 * @example
 * await fetch(url, { headers: { 'x-correlation-id': getCorrelationId() ?? '' } });
 */
export function getCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/**
 * Runs `fn` with `correlationId` as the current correlation id, so events published anywhere inside it
 * carry that id. `defineHandler` and `defineApiHandler` do this for you; use it in other entry points,
 * such as an SQS consumer that publishes.
 *
 * @example
 * export const handler = async (batch: SQSEvent) => {
 *   for (const message of batch.Records) {
 *     await withCorrelationId(message.messageId, () => publish(OrderCreated, JSON.parse(message.body)));
 *   }
 * };
 */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/**
 * Runs `fn` with `context` as the work in progress: events published inside carry its correlation id, and its
 * causation and invocation ids say what caused them. `defineHandler` and `defineApiHandler` do this for you.
 */
export function withEventContext<T>(context: EventContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the work in progress (see {@link withEventContext}); undefined outside a handler. */
export function getEventContext(): EventContext | undefined {
  return storage.getStore();
}
