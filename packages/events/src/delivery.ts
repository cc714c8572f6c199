/**
 * How a subscription's events reach its handler: straight from the rule (`direct`), through an SQS queue that buffers
 * them (`queue`), or through a Kinesis stream that orders and batches them (`stream`). Data only, read by the
 * platform (which deploys the queue or stream and its event source mapping) and by the local bus (which runs the
 * same semantics in memory and in its journal).
 *
 * The ranges are the ones AWS enforces (`CreateEventSourceMapping`, `PutTargets`), checked here so a declaration that
 * AWS would refuse fails at synth and at `paved start` alike, with what to change.
 */

/** Today's delivery: the rule invokes the function asynchronously, one event per invocation. */
export interface DirectDeliveryOptions {
  readonly kind: 'direct';
}

/**
 * EventBridge → SQS → Lambda: the queue buffers events while the handler (or what it calls) is down or throttled, and
 * the function receives them in batches. Failed records are reported one by one (`ReportBatchItemFailures`) and
 * retried alone; after `maxReceiveCount` receives a record moves to the handler's failure DLQ.
 *
 * @example
 * delivery: { kind: 'queue', batchSize: 10, maxConcurrency: 2 }
 */
export interface QueueDeliveryOptions {
  readonly kind: 'queue';
  /**
   * Records per invocation, at most (1-10000). Above 10, `maxBatchingWindowSeconds` must be at least 1 (AWS's rule).
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long to gather records before invoking, in seconds (0-300).
   * @default 0 (invoke as soon as records are there)
   */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * The most concurrent invocations the queue may drive (2-1000): protects a downstream that cannot take more. Must
   * not exceed `reservedConcurrency`, or the mapping's invocations are throttled and records are received again for
   * nothing.
   * @default reservedConcurrency when that is 2 or more, else none
   */
  readonly maxConcurrency?: number;
  /**
   * Receives of one record before it moves to the failure DLQ (5-1000). At least 5, AWS's advice, so that a burst of
   * throttling does not exhaust it.
   * @default 10
   */
  readonly maxReceiveCount?: number;
}

/**
 * EventBridge → Kinesis → Lambda: events with the same partition key (such as the customer id) are kept in order,
 * and read in batches. A failing batch is split in two (bisection) until the failing record is alone; a record that
 * still fails after `retryAttempts`, or is older than `maxRecordAgeSeconds`, goes to the failure DLQ (the mapping's
 * on-failure destination), and the shard moves on. Never retried forever: that blocks the shard.
 *
 * @example
 * delivery: { kind: 'stream', partitionKey: '$.detail.customerId', batchSize: 100 }
 */
export interface StreamDeliveryOptions {
  readonly kind: 'stream';
  /**
   * A JSONPath into the event whose value is the record's partition key (the rule target's `PartitionKeyPath`):
   * events with the same value are delivered in order. Name a field of the contract, such as `$.detail.customerId`.
   */
  readonly partitionKey: string;
  /** Records per invocation, at most (1-10000). @default 100 */
  readonly batchSize?: number;
  /** How long to gather records before invoking, in seconds (0-300). @default 1 */
  readonly maxBatchingWindowSeconds?: number;
  /** Concurrent batches per shard (1-10); order is still kept per partition key. @default 1 */
  readonly parallelizationFactor?: number;
  /** Records older than this go to the failure DLQ unprocessed, in seconds (60-604800). @default 3600 */
  readonly maxRecordAgeSeconds?: number;
  /** Retries of a failing batch (0-10000) before its failing records go to the failure DLQ. @default 3 */
  readonly retryAttempts?: number;
  /** Split a failing batch in two and retry the halves, to isolate the failing record. @default true */
  readonly bisectBatchOnError?: boolean;
}

/** What a subscription may declare as its `delivery`. */
export type DeliveryKindOptions = DirectDeliveryOptions | QueueDeliveryOptions | StreamDeliveryOptions;

/** A queue delivery with its defaults filled in. */
export interface QueueDelivery extends Required<Omit<QueueDeliveryOptions, 'maxConcurrency'>> {
  readonly maxConcurrency: number | undefined;
}

/** A stream delivery with its defaults filled in. */
export type StreamDelivery = Required<StreamDeliveryOptions>;

/** A subscription's delivery with every default filled in. */
export type Delivery = DirectDeliveryOptions | QueueDelivery | StreamDelivery;

/** The delivery kinds, in the order the docs and the generator's `--delivery` list them. */
export const DELIVERY_KINDS = ['direct', 'queue', 'stream'] as const;

/** What {@link checkedDelivery} needs of the rest of the subscription. */
interface DeliveryContext {
  readonly reservedConcurrency: number | undefined;
  /** Whether the declaration set Lambda's async-invoke settings, which only `direct` delivery has. */
  readonly setsAsyncRetries: boolean;
}

const KEYS: Record<Delivery['kind'], readonly string[]> = {
  direct: ['kind'],
  queue: ['kind', 'batchSize', 'maxBatchingWindowSeconds', 'maxConcurrency', 'maxReceiveCount'],
  stream: [
    'kind',
    'partitionKey',
    'batchSize',
    'maxBatchingWindowSeconds',
    'parallelizationFactor',
    'maxRecordAgeSeconds',
    'retryAttempts',
    'bisectBatchOnError',
  ],
};

const DIRECT: DirectDeliveryOptions = Object.freeze({ kind: 'direct' });

/**
 * The delivery declaration with its defaults, checked against AWS's ranges and against the rest of the subscription.
 * `fail` throws the subscription's error, naming the field, the value and the fix.
 */
export function checkedDelivery(
  delivery: DeliveryKindOptions | undefined,
  context: DeliveryContext,
  fail: (what: string, value: unknown, fix: string) => never,
): Delivery {
  if (delivery === undefined) return DIRECT;
  const kind = (delivery as { kind?: unknown } | null)?.kind;
  if (
    delivery === null ||
    typeof delivery !== 'object' ||
    Array.isArray(delivery) ||
    !DELIVERY_KINDS.includes(kind as Delivery['kind'])
  ) {
    fail(
      'delivery',
      delivery,
      "declare { kind: 'direct' }, { kind: 'queue', ... } or { kind: 'stream', partitionKey: '$.detail.<field>', ... }.",
    );
  }
  const known = KEYS[kind as Delivery['kind']];
  const unknown = Object.keys(delivery).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    fail(
      'delivery',
      delivery,
      `unknown ${unknown.map((k) => JSON.stringify(k)).join(', ')} for ${String(kind)} delivery; it takes ${known.join(', ')}.`,
    );
  if (delivery.kind === 'direct') return DIRECT;
  if (context.setsAsyncRetries)
    fail(
      'retryAttempts/maxEventAgeSeconds',
      delivery.kind,
      `they are Lambda's async-invoke settings and apply to direct delivery only; for ${delivery.kind} delivery use ` +
        (delivery.kind === 'queue'
          ? 'delivery.maxReceiveCount.'
          : 'delivery.retryAttempts and delivery.maxRecordAgeSeconds.'),
    );
  const integer = (field: string, value: unknown, min: number, max: number, fallback: number): number => {
    const n = value ?? fallback;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
      fail(`delivery.${field}`, n, `use a whole number from ${min} to ${max}.`);
    return n as number;
  };
  const batchSize = integer('batchSize', delivery.batchSize, 1, 10_000, delivery.kind === 'queue' ? 10 : 100);
  const maxBatchingWindowSeconds = integer(
    'maxBatchingWindowSeconds',
    delivery.maxBatchingWindowSeconds,
    0,
    300,
    delivery.kind === 'queue' ? 0 : 1,
  );
  if (delivery.kind === 'queue') {
    if (batchSize > 10 && maxBatchingWindowSeconds < 1)
      fail(
        'delivery.maxBatchingWindowSeconds',
        maxBatchingWindowSeconds,
        `a queue batch of more than 10 (batchSize ${batchSize}) needs a batching window: set it to 1 or more.`,
      );
    const reserved = context.reservedConcurrency;
    const maxConcurrency =
      delivery.maxConcurrency === undefined
        ? reserved !== undefined && reserved >= 2
          ? reserved
          : undefined
        : integer('maxConcurrency', delivery.maxConcurrency, 2, 1000, 2);
    if (maxConcurrency !== undefined && reserved !== undefined && maxConcurrency > reserved)
      fail(
        'delivery.maxConcurrency',
        maxConcurrency,
        `keep it within reservedConcurrency (${reserved}): beyond it, invocations are throttled and records received again for nothing.`,
      );
    return Object.freeze({
      kind: 'queue',
      batchSize,
      maxBatchingWindowSeconds,
      maxConcurrency,
      maxReceiveCount: integer('maxReceiveCount', delivery.maxReceiveCount, 5, 1000, 10),
    });
  }
  const partitionKey = delivery.partitionKey;
  if (typeof partitionKey !== 'string' || !/^\$\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(partitionKey))
    fail(
      'delivery.partitionKey',
      partitionKey,
      "give a JSONPath to one field of the event, such as '$.detail.customerId': events with the same value stay in order.",
    );
  const bisectBatchOnError = delivery.bisectBatchOnError ?? true;
  if (typeof bisectBatchOnError !== 'boolean')
    fail('delivery.bisectBatchOnError', bisectBatchOnError, 'use true or false.');
  return Object.freeze({
    kind: 'stream',
    partitionKey,
    batchSize,
    maxBatchingWindowSeconds,
    parallelizationFactor: integer('parallelizationFactor', delivery.parallelizationFactor, 1, 10, 1),
    maxRecordAgeSeconds: integer('maxRecordAgeSeconds', delivery.maxRecordAgeSeconds, 60, 604_800, 3600),
    retryAttempts: integer('retryAttempts', delivery.retryAttempts, 0, 10_000, 3),
    bisectBatchOnError,
  });
}

/**
 * The partition key a stream delivery gives `event`: the value at `path` (a declared `partitionKey`, such as
 * `$.detail.customerId`) as text, or undefined when the event has no text or number there. What the platform checks
 * every example of the contract against, and what the local bus orders a stream's records by.
 *
 * @example
 * partitionKeyOf(event, '$.detail.customerId'); // 'c-1001'
 */
export function partitionKeyOf(event: unknown, path: string): string | undefined {
  let value: unknown = event;
  for (const field of path.replace(/^\$\.?/, '').split('.')) {
    if (field === '') continue;
    value =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
  }
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}
