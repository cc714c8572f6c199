import { type BatchRef } from '../core/history';
import { type FunctionRule } from '../core/rules';
import { type AttemptRecord, type FunctionError } from '../journal/records';
import { type Delivery, type RetryContext } from './delivery';
import { type Target } from './functions';

/** An attempt record of a batched delivery: which batch carried the event, and how the batch ended. */
export type BatchAttemptRecord = AttemptRecord & { readonly batch: BatchRef };

/** How one invocation of a function with a batch (an SQS or Kinesis event) ended, for each of its records. */
export interface BatchInvocation {
  readonly requestId: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly logs?: string;
  /** `partial`: some records in `batchItemFailures`; `failed`: it threw, timed out, or could not be reached. */
  readonly outcome: BatchRef['outcome'];
  /** The ids (messageId, sequenceNumber) of the records that failed: all of them when the invocation failed. */
  readonly failed: ReadonlySet<string>;
  /** Why the failed records failed. */
  readonly error: FunctionError | undefined;
  /** Set when the function could not be reached at all (its code does not build): EventBridge's error code. */
  readonly errorCode?: string;
}

/** What a record the function named in `batchItemFailures` failed with. */
const ITEM_FAILURE: FunctionError = {
  errorType: 'BatchItemFailure',
  errorMessage: 'The function reported this record in batchItemFailures.',
};

/**
 * Invokes a function with one batch (the JSON text of an SQSEvent or KinesisStreamEvent whose records have `ids`)
 * and reads its answer as Lambda's event source mapping does with `ReportBatchItemFailures`: nothing, or an empty
 * `batchItemFailures`, is success for every record; `{ batchItemFailures: [{ itemIdentifier }] }` fails those; an
 * entry whose `itemIdentifier` is missing, empty or not in the batch fails the whole batch (Lambda treats such an
 * answer as a complete failure), as does an invocation that throws.
 */
export async function invokeBatch(
  target: Target,
  requestId: string,
  payload: string,
  ids: readonly string[],
): Promise<BatchInvocation> {
  const outcome = await target.invoke(requestId, payload, true);
  const all = new Set(ids);
  if (outcome.kind === 'undeliverable') {
    const now = Date.now();
    return {
      requestId,
      startedAt: now,
      durationMs: 0,
      outcome: 'failed',
      failed: all,
      error: { errorType: outcome.code, errorMessage: outcome.message },
      errorCode: outcome.code,
    };
  }
  const base = {
    requestId,
    startedAt: outcome.startedAt,
    durationMs: Math.max(0, outcome.endedAt - outcome.startedAt),
    ...(outcome.logs ? { logs: outcome.logs } : {}),
  };
  if (outcome.kind === 'error') return { ...base, outcome: 'failed', failed: all, error: outcome.error };
  const answer = itemFailures(outcome.result, all);
  if ('invalid' in answer)
    return {
      ...base,
      outcome: 'failed',
      failed: all,
      error: { errorType: 'InvalidBatchItemFailures', errorMessage: answer.invalid },
    };
  if (answer.failed.size === 0)
    return { ...base, outcome: 'succeeded', failed: answer.failed, error: undefined };
  return { ...base, outcome: 'partial', failed: answer.failed, error: ITEM_FAILURE };
}

/** The records a function's answer names in `batchItemFailures`, or why Lambda would take it as a whole failure. */
function itemFailures(
  result: string | undefined,
  ids: ReadonlySet<string>,
): { failed: ReadonlySet<string> } | { invalid: string } {
  const value: unknown = result === undefined ? null : JSON.parse(result);
  const failures =
    value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)['batchItemFailures']
      : undefined;
  if (failures === undefined || failures === null) return { failed: new Set() };
  if (!Array.isArray(failures))
    return {
      invalid: `batchItemFailures must be an array of { itemIdentifier }, got ${JSON.stringify(failures)}: Lambda fails the whole batch. Return { batchItemFailures: [{ itemIdentifier: <messageId or sequenceNumber> }] }.`,
    };
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id))
      return {
        invalid: `batchItemFailures names ${JSON.stringify(failure)}, which is no record of this batch: Lambda fails the whole batch. Give each failed record's messageId (SQS) or sequenceNumber (Kinesis) as itemIdentifier.`,
      };
    failed.add(id);
  }
  return { failed };
}

/** One event in a batch: its delivery, its record's id in the batch, and its count of invocations so far. */
export interface BatchItem {
  readonly delivery: Delivery;
  readonly id: string;
  readonly invokes: number;
}

/** Records one attempt per event of the batch, each saying which batch carried it and how the batch ended. */
export function recordBatchAttempts(
  context: RetryContext,
  source: BatchRef['source'],
  batch: { readonly id: string; readonly attempt: number },
  items: readonly BatchItem[],
  invocation: BatchInvocation,
): void {
  for (const item of items) {
    const failed = invocation.failed.has(item.id);
    const record: BatchAttemptRecord = {
      k: 'att',
      seq: item.delivery.accepted.seq,
      rule: item.delivery.rule.name,
      n: item.invokes,
      kind: 'invoke',
      ok: !failed,
      requestId: invocation.requestId,
      startedAt: invocation.startedAt,
      durationMs: invocation.durationMs,
      ...(failed && invocation.error ? { error: invocation.error } : {}),
      ...(failed && invocation.errorCode ? { errorCode: invocation.errorCode } : {}),
      ...(invocation.logs ? { logs: invocation.logs } : {}),
      batch: {
        id: batch.id,
        source,
        size: items.length,
        attempt: batch.attempt,
        outcome: invocation.outcome,
        failed: invocation.failed.size,
        item: item.id,
      },
    };
    context.record(record);
  }
}

/**
 * What the function was invoked with, for a message in a rule's failure DLQ, so a redrive can deliver it again: an
 * asynchronous invocation's on-failure record carries it as `requestPayload`; a queue's message is the SQS message
 * unchanged (its body is what the rule put on the queue); a stream's on-failure record carries the Kinesis record in
 * `payload` (as Lambda's S3 destination does), whose `data` is that in base64.
 */
export function failedPayload(body: unknown, rule: FunctionRule | undefined): unknown {
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  if (record && 'KinesisBatchInfo' in record) {
    const data = (record['payload'] as { Records?: { kinesis?: { data?: string } }[] } | undefined)
      ?.Records?.[0]?.kinesis?.data;
    return data === undefined ? undefined : JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  }
  if (rule?.buffer?.kind === 'queue') return body;
  return record?.['requestPayload'];
}

/** A queue or stream between a rule and its function: takes one event and resolves once it has its outcome. */
export interface BufferedTarget {
  send(delivery: Delivery): Promise<void>;
  close(): void;
}

/** A timer the bus's stop clears: delays of batched deliveries, scaled as every retry delay is. */
export class Timers {
  private readonly timers = new Set<NodeJS.Timeout>();

  after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
