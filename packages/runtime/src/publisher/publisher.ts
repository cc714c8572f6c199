import { randomUUID } from 'node:crypto';
import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  type AnyEventContract,
  type AnyPublishableContract,
  type DetailInputOf,
  HANDLER_ENV,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  type EventMetadata,
  METADATA_KEY,
  putEventsEntrySize,
  splitMetadata,
} from '@paved/events';
import { getEventContext } from '../correlation';
import { type TraceContext, traceparentOf, xrayHeaderOf } from '../trace';
import {
  EventTooLargeError,
  InvalidDetailError,
  type InvalidDetailEntry,
  PublishError,
  PublisherConfigError,
  UnpublishableContractError,
} from '../errors';
import { idempotencyEnabled } from '../idempotency/store';
import { publishedMetric } from '../metrics';
import { traceAwsClient } from '../telemetry/aws-sdk';
import { markSpanFailed, runInSpan, SpanKind, startChildSpan, traceContextOf } from '../telemetry/spans';
import { sendOnce } from './ledger';
import { sendEntries } from './send';

/** What {@link createPublisher} takes. Every option has a default fit for a Lambda function. */
export interface PublisherOptions {
  /**
   * The client to send with.
   * @default an `EventBridgeClient` created on the first publish, with the SDK's own retries off so that
   * `maxAttempts` is the one retry budget
   */
  readonly client?: EventBridgeClient;
  /**
   * Name or ARN of the event bus.
   * @default process.env.PAVED_EVENT_BUS_NAME, read on each publish
   */
  readonly eventBusName?: string;
  /** How many times an entry is sent at most, the first time included. @default 5 */
  readonly maxAttempts?: number;
  /** Ceiling of the first retry's random delay, doubled on each further retry. @default 100 */
  readonly baseDelayMs?: number;
  /** Largest ceiling of a retry's random delay. @default 2000 */
  readonly maxDelayMs?: number;
  /** Waits between retries; inject one in tests. @default a `setTimeout` promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), for jitter; inject one in tests. @default Math.random */
  readonly random?: () => number;
}

/** Per-call options of {@link Publisher.publish}. */
export interface PublishOptions {
  /**
   * Travels in `detail._meta.correlationId`.
   * @default the current handler's correlation id (see `getCorrelationId`), else a new UUID
   */
  readonly correlationId?: string;
  /** ARNs the events concern: the envelope's `resources`. @default [] */
  readonly resources?: readonly string[];
  /** The envelope's `time`. @default when EventBridge receives the event */
  readonly time?: Date;
}

/** What {@link Publisher.publish} resolves to. */
export interface PublishResult {
  /** The id EventBridge gave each event, in the order the details were given. */
  readonly eventIds: string[];
}

/** Puts contract-checked events on the bus. */
export interface Publisher {
  /**
   * Validates every detail against `contract`, then sends them all: in calls of at most 10 entries and
   * 1 MB, retrying throttled and failed-internally entries with backoff.
   *
   * Inside a handler (`defineHandler`), each entry is published once per handled delivery: a retried or redriven
   * delivery that publishes the same detail again gets the event id of the first time, and nothing is sent.
   *
   * @throws {@link InvalidDetailError} when a detail does not match the contract (nothing is sent).
   * @throws {@link EventTooLargeError} when an entry is over the PutEvents limit (nothing is sent).
   * @throws {@link PublishError} when some entries could not be sent; the others were.
   * @throws {@link PublisherConfigError} when no event bus is configured.
   * @throws {@link UnpublishableContractError} for an AWS contract (`defineAwsEvent`): AWS produces those.
   */
  publish<C extends AnyPublishableContract>(
    contract: C,
    detail: DetailInputOf<C> | readonly DetailInputOf<C>[],
    options?: PublishOptions,
  ): Promise<PublishResult>;
}

/**
 * Creates a {@link Publisher}. Creating one costs nothing: the EventBridge client is only built when
 * something is published.
 *
 * @example
 * const publisher = createPublisher({ eventBusName: 'orders' });
 * const { eventIds } = await publisher.publish(OrderCreated, [{ orderId: 'o-1', total: 42 }, { orderId: 'o-2', total: 7 }]);
 */
export function createPublisher(options: PublisherOptions = {}): Publisher {
  const maxAttempts = option('maxAttempts', options.maxAttempts, 5, { integer: true, min: 1 });
  const baseDelayMs = option('baseDelayMs', options.baseDelayMs, 100, { integer: false, min: 0 });
  const maxDelayMs = option('maxDelayMs', options.maxDelayMs, 2000, { integer: false, min: 0 });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  let client = options.client;

  return {
    async publish(contract, detail, publishOptions = {}) {
      refuseAwsContract(contract);
      const details: readonly unknown[] = isList(detail) ? detail : [detail];
      const eventBusName = options.eventBusName ?? process.env[HANDLER_ENV.eventBusName];
      if (!eventBusName) {
        throw new PublisherConfigError(
          `No event bus to publish ${contract.name} to: set the ${HANDLER_ENV.eventBusName} environment variable ` +
            '(the platform construct does) or pass createPublisher({ eventBusName }).',
        );
      }
      if (details.length === 0) return { eventIds: [] };

      const invalid: InvalidDetailEntry[] = [];
      details.forEach((value, index) => {
        const result = contract.safeParseDetail(value);
        if (!result.success) invalid.push({ index, issues: result.error.issues });
      });
      if (invalid.length > 0) throw new InvalidDetailError(contract.name, invalid);

      const context = getEventContext();
      // A child of the invocation's span; what it publishes carries this span's context, so each consumer's span is
      // a child of the publish. Without a tracer provider it is a no-op and the invocation's trace is carried on.
      const span = startChildSpan(`publish ${contract.name}`, SpanKind.PRODUCER, {
        'messaging.operation.type': 'send',
        'messaging.destination.name': eventBusName,
        'messaging.batch.message_count': details.length,
        'paved.contract': contract.name,
      });
      const trace = traceContextOf(span, context?.trace);
      const metadata = {
        correlationId: publishOptions.correlationId ?? context?.correlationId ?? randomUUID(),
        ...(context?.causationId ? { causationId: context.causationId } : {}),
        ...(context?.invocationId ? { invocationId: context.invocationId } : {}),
        ...(trace ? { traceparent: traceparentOf(trace) } : {}),
      };
      const entries = details.map((value) =>
        toEntry(contract, value, eventBusName, metadata, publishOptions, trace),
      );
      const sizes = entries.map(putEventsEntrySize);
      const oversize = sizes.flatMap((size, index) =>
        size > MAX_PUT_EVENTS_ENTRY_BYTES ? [{ index, size }] : [],
      );
      if (oversize.length > 0) {
        const error = new EventTooLargeError(contract.name, oversize, MAX_PUT_EVENTS_ENTRY_BYTES);
        markSpanFailed(span, error, 'publish');
        span.end();
        throw error;
      }

      // Each PutEvents call (each retry too) is a span of its own, a child of this publish.
      const eventBridge = traceAwsClient((client ??= new EventBridgeClient({ maxAttempts: 1 })));
      let sent = 0;
      const send = async (positions: readonly number[]) => {
        const sendOutcome = await sendEntries(
          eventBridge,
          positions.map((position) => entries[position]!),
          positions.map((position) => sizes[position]!),
          { maxAttempts, baseDelayMs, maxDelayMs, sleep, random },
        );
        sent += sendOutcome.eventIds.filter((id) => id !== undefined).length;
        return sendOutcome;
      };
      // Inside a handler, each entry is published once per delivery: a retry returns the ids of those already out.
      try {
        const outcome = await runInSpan(span, () =>
          context?.effects && idempotencyEnabled()
            ? sendOnce(
                context.effects,
                contract,
                details.map((value) => ({
                  detail: splitMetadata(value).detail,
                  resources: publishOptions.resources,
                })),
                send,
              )
            : send(entries.map((_, position) => position)),
        );
        // Events this call put on the bus: a retried delivery's entries already published are not counted again.
        if (context?.producer)
          publishedMetric(context.producer.service, context.producer.handler, contract.name, sent);
        if (outcome.failures.length > 0) {
          throw new PublishError(contract.name, eventBusName, outcome.failures, outcome.eventIds, {
            cause: outcome.callError,
          });
        }
        return { eventIds: outcome.eventIds as string[] };
      } catch (error) {
        markSpanFailed(span, error, 'publish');
        throw error;
      } finally {
        span.end();
      }
    },
  };
}

let defaultPublisher: Publisher | undefined;

/**
 * Publishes with a default {@link Publisher} (bus from `PAVED_EVENT_BUS_NAME`), created on first use.
 * Inside a handler, the events carry the handler's correlation id.
 *
 * @example
 * export const handler = defineHandler(OrderCreated, async (order) => {
 *   await publish(StockReserved, { orderId: order.orderId, skus: order.items.map((item) => item.sku) });
 * });
 */
export function publish<C extends AnyPublishableContract>(
  contract: C,
  detail: DetailInputOf<C> | readonly DetailInputOf<C>[],
  options?: PublishOptions,
): Promise<PublishResult> {
  defaultPublisher ??= createPublisher();
  return defaultPublisher.publish(contract, detail, options);
}

/** An AWS contract at run time (a cast, or JavaScript, got past the types): refused before anything is sent. */
function refuseAwsContract(contract: AnyEventContract): void {
  if (contract.producer !== 'aws') return;
  throw new UnpublishableContractError(
    contract.name,
    `Refusing to publish ${contract.name}: it is an AWS service's event (defineAwsEvent), which AWS puts on the default ` +
      'bus itself; EventBridge refuses "aws." sources in PutEvents, and the platform grants no PutEvents for it. ' +
      'Publish an event of your own (defineEvent) instead.',
  );
}

function toEntry(
  contract: AnyEventContract,
  detail: unknown,
  eventBusName: string,
  metadata: EventMetadata,
  options: PublishOptions,
  trace: TraceContext | undefined,
): PutEventsRequestEntry {
  // The detail is sent as given (validated, not transformed): consumers parse it with the same schema,
  // which expects its input form.
  const fields = splitMetadata(detail).detail as Record<string, unknown>;
  return {
    EventBusName: eventBusName,
    Source: contract.source,
    DetailType: contract.detailType,
    Detail: JSON.stringify({ ...fields, [METADATA_KEY]: metadata }),
    ...(options.resources === undefined ? {} : { Resources: [...options.resources] }),
    ...(options.time === undefined ? {} : { Time: options.time }),
    ...(trace ? { TraceHeader: xrayHeaderOf(trace) } : {}),
  };
}

function isList<T>(value: T | readonly T[]): value is readonly T[] {
  return Array.isArray(value);
}

function option(
  name: string,
  value: number | undefined,
  fallback: number,
  { integer, min }: { integer: boolean; min: number },
): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < min || (integer && !Number.isInteger(resolved))) {
    throw new PublisherConfigError(
      `Invalid ${name} ${JSON.stringify(value)} for createPublisher: use a ${integer ? 'whole ' : ''}number from ${min}, ` +
        `or leave it out for the default (${fallback}).`,
    );
  }
  return resolved;
}
