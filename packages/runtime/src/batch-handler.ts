import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { type AnyEventContract, type Subscription } from '@paved/events';
import {
  type Context,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type KinesisStreamRecord,
  type SQSBatchResponse,
  type SQSEvent,
  type SQSRecord,
} from 'aws-lambda';
import { PavedRuntimeError } from './errors';
import { defineHandler, type HandlerFunction, type HandlerOptions } from './handler';
import { defaultLogger, invocationLogger } from './logging';

/** What a batch handler answers: the records that failed, for Lambda to retry (`ReportBatchItemFailures`). */
export type BatchResponse = SQSBatchResponse | KinesisStreamBatchResponse;

/**
 * A Lambda entry point for a queue's or a stream's batches: AWS's own `SQSEvent` or `KinesisStreamEvent`, answered
 * with `{ batchItemFailures }` (the message id of each failed SQS record, the sequence number of each failed Kinesis
 * record).
 */
export type BatchLambdaHandler = (
  event: SQSEvent | KinesisStreamEvent,
  context: Context,
) => Promise<BatchResponse>;

/**
 * A batch handler was declared or invoked in a way its subscription's delivery does not allow: made for a `direct`
 * subscription, or invoked with records of the other kind (SQS records for a stream, or the reverse).
 */
export class BatchDeliveryError extends PavedRuntimeError {
  override readonly name: string = 'BatchDeliveryError';
  readonly code = 'BATCH_DELIVERY_MISMATCH';
}

/**
 * A stream record left unprocessed because an earlier record of its batch failed: Lambda retries the batch from the
 * first failed record, and handling the later ones now would handle them out of order.
 */
class AfterFailedRecordError extends PavedRuntimeError {
  override readonly name: string = 'AfterFailedRecordError';
  readonly code = 'AFTER_FAILED_RECORD';
}

const SOURCE = { queue: 'aws:sqs', stream: 'aws:kinesis' } as const;

/**
 * Wraps `fn` into a Lambda entry point for the batches of a subscription with `queue` or `stream` delivery, on
 * Powertools' batch processor: every record is one delivery, handled exactly as {@link defineHandler} handles an
 * event (validated against the contract on its own, run once per idempotency key, logged with the event's id,
 * correlation and trace ids, its publishes carrying that context on), and the batch answers which records failed.
 *
 * - An SQS record's `body`, or a Kinesis record's base64 `data`, is the EventBridge event the rule delivered.
 * - A record that `fn` fails on (a transient failure) is reported in `batchItemFailures`: the queue receives it
 *   again until `maxReceiveCount`, then moves it to the failure DLQ; the stream retries it (bisecting the batch)
 *   until `retryAttempts` or `maxRecordAgeSeconds`, then the mapping's on-failure destination records it.
 * - A record that cannot succeed by retrying (it does not match the contract, or `fn` threw a `PermanentError`)
 *   goes to the failure DLQ at once, as with direct delivery, and counts as handled: retried, it would only cost
 *   receives, and on a stream it would hold its shard for every retry. When that send fails, it is reported as
 *   failed instead, so it is retried rather than lost.
 * - Records run one after the other, in the batch's order: a stream keeps order per partition key, and a queue
 *   with `maxConcurrency` limits the load on a downstream. On a stream, the records after a failed one are reported
 *   failed without running: Lambda retries from the first failure, and running them now would break their order.
 * - Invoked with one event instead of a batch (a redrive from the failure DLQ invokes the function with the event,
 *   README: Redriving), it handles it as `defineHandler` would, throwing on a transient failure.
 *
 * @example
 * export const handler = defineBatchHandler(subscription, async (order, { logger }) => {
 *   await stores.analytics.putJsonIfAbsent(`sales/${order.orderId}.json`, order);
 * });
 */
export function defineBatchHandler<C extends AnyEventContract, TResult = void>(
  subscription: Subscription<C>,
  fn: HandlerFunction<C, TResult>,
  options: HandlerOptions = {},
): BatchLambdaHandler {
  const { delivery } = subscription;
  if (delivery.kind === 'direct') {
    throw new BatchDeliveryError(
      `Handler ${subscription.id} has direct delivery: its function is invoked with one event at a time, never a batch. ` +
        "Declare delivery: { kind: 'queue' } or { kind: 'stream', partitionKey: '$.detail.<field>' } in its subscription, or use defineHandler.",
    );
  }
  const kind = delivery.kind;
  const handleOne = defineHandler(subscription, fn, options);
  const baseLogger = options.logger ?? defaultLogger(subscription.service);
  let coldStart = true;

  return async (event, context) => {
    if (!isBatch(event)) {
      await handleOne(event, context);
      return { batchItemFailures: [] };
    }
    const foreign = event.Records.find((record) => record.eventSource !== SOURCE[kind]);
    if (foreign !== undefined) {
      throw new BatchDeliveryError(
        `Handler ${subscription.id} has ${kind} delivery and expects ${SOURCE[kind]} records, but received one from ` +
          `${JSON.stringify(foreign.eventSource)}. Point the event source mapping at the handler's own ${kind}, or change its delivery.`,
      );
    }
    const logger = invocationLogger(baseLogger, context, coldStart, {});
    coldStart = false;
    const startedAt = performance.now();
    // One processor per batch: it keeps the batch's state, and invocations may overlap in one process (local bus).
    const processor = new BatchProcessor(kind === 'queue' ? EventType.SQS : EventType.KinesisDataStreams);
    let firstFailure: string | undefined;
    const handleRecord = async (record: SQSRecord | KinesisStreamRecord): Promise<void> => {
      if (firstFailure !== undefined) {
        throw new AfterFailedRecordError(
          `Record ${identifierOf(record)} follows failed record ${firstFailure} of the stream batch: left for Lambda to retry in order.`,
        );
      }
      try {
        await handleOne(eventOf(record), context);
      } catch (error) {
        if (kind === 'stream') firstFailure = identifierOf(record);
        throw error;
      }
    };
    const response = await processPartialResponse(event, handleRecord, processor, {
      context,
      processInParallel: false,
      // Every record failing is still a partial answer: the queue and the stream retry exactly those records.
      throwOnFullBatchFailure: false,
    });
    const failed = response.batchItemFailures.length;
    const summary = {
      delivery: kind,
      records: event.Records.length,
      failed,
      durationMs: Math.round(performance.now() - startedAt),
    };
    if (failed === 0) logger.info('Batch handled', summary);
    else
      logger.warn('Batch handled with failed records: they are retried', {
        ...summary,
        failedRecords: response.batchItemFailures.map((failure) => failure.itemIdentifier),
      });
    return response;
  };
}

function isBatch(event: unknown): event is SQSEvent | KinesisStreamEvent {
  return (
    event !== null && typeof event === 'object' && Array.isArray((event as { Records?: unknown }).Records)
  );
}

function identifierOf(record: SQSRecord | KinesisStreamRecord): string {
  return 'kinesis' in record ? record.kinesis.sequenceNumber : record.messageId;
}

/**
 * The event a record carries: an SQS body, or Kinesis data decoded from base64, parsed as JSON. Text that is not JSON
 * is handed on as it is, for the contract to reject it (and the runtime to send it to the failure DLQ).
 */
function eventOf(record: SQSRecord | KinesisStreamRecord): unknown {
  const text =
    'kinesis' in record ? Buffer.from(record.kinesis.data, 'base64').toString('utf8') : record.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
