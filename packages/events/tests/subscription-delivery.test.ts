import { join } from 'node:path';
import * as z from 'zod';
import {
  defineEvent,
  defineSubscription,
  DELIVERY_KINDS,
  type DeliveryKindOptions,
  InvalidSubscriptionError,
  partitionKeyOf,
  type SubscriptionProps,
} from '../src';

const OrderPlaced = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderPlaced',
  detail: z.object({ orderId: z.string(), customerId: z.string() }),
  description: 'An order was placed.',
  examples: [{ orderId: 'o-1', customerId: 'c-1' }],
});

const base = {
  name: 'pack-order',
  service: 'orders',
  contract: OrderPlaced,
  entry: join(__dirname, 'handler.ts'),
  description: 'Packs an order.',
};

type Extra = Partial<Omit<SubscriptionProps<typeof OrderPlaced>, 'delivery'>>;

const define = (delivery: unknown, extra: Extra = {}) =>
  defineSubscription({ ...base, ...extra, delivery: delivery as DeliveryKindOptions });

/** The error `fn` throws, so a test can assert its class, code and whole message. */
function thrownBy(fn: () => unknown): InvalidSubscriptionError {
  try {
    fn();
  } catch (error) {
    return error as InvalidSubscriptionError;
  }
  throw new Error('expected a throw, none came');
}

const STREAM = { kind: 'stream', partitionKey: '$.detail.customerId' } as const;

describe('defineSubscription: delivery', () => {
  it('delivers directly unless the declaration says otherwise', () => {
    expect(defineSubscription(base).delivery).toEqual({ kind: 'direct' });
    expect(define({ kind: 'direct' }).delivery).toEqual({ kind: 'direct' });
    expect(DELIVERY_KINDS).toEqual(['direct', 'queue', 'stream']);
  });

  it('fills in the queue defaults: 10 a batch, no window, 10 receives, no maximum concurrency', () => {
    expect(define({ kind: 'queue' }).delivery).toEqual({
      kind: 'queue',
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      maxConcurrency: undefined,
      maxReceiveCount: 10,
    });
  });

  it('takes the maximum concurrency of a queue from the reserved concurrency when that is 2 or more', () => {
    expect(define({ kind: 'queue' }, { reservedConcurrency: 5 }).delivery).toMatchObject({
      maxConcurrency: 5,
    });
    // Lambda's event source mapping cannot go below 2: a reserved concurrency of 1 leaves it unset.
    expect(define({ kind: 'queue' }, { reservedConcurrency: 1 }).delivery).toMatchObject({
      maxConcurrency: undefined,
    });
  });

  it('keeps what a queue declaration sets', () => {
    expect(
      define({
        kind: 'queue',
        batchSize: 50,
        maxBatchingWindowSeconds: 5,
        maxConcurrency: 2,
        maxReceiveCount: 7,
      }).delivery,
    ).toEqual({
      kind: 'queue',
      batchSize: 50,
      maxBatchingWindowSeconds: 5,
      maxConcurrency: 2,
      maxReceiveCount: 7,
    });
  });

  it('fills in the stream defaults: 100 a batch, 1 s window, one batch a shard, an hour, 3 retries, bisection', () => {
    expect(define(STREAM).delivery).toEqual({
      kind: 'stream',
      partitionKey: '$.detail.customerId',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      parallelizationFactor: 1,
      maxRecordAgeSeconds: 3600,
      retryAttempts: 3,
      bisectBatchOnError: true,
    });
  });

  it('keeps what a stream declaration sets, and returns a frozen delivery', () => {
    const { delivery } = define({
      ...STREAM,
      batchSize: 500,
      maxBatchingWindowSeconds: 0,
      parallelizationFactor: 10,
      maxRecordAgeSeconds: 604_800,
      retryAttempts: 0,
      bisectBatchOnError: false,
    });
    expect(delivery).toEqual({
      kind: 'stream',
      partitionKey: '$.detail.customerId',
      batchSize: 500,
      maxBatchingWindowSeconds: 0,
      parallelizationFactor: 10,
      maxRecordAgeSeconds: 604_800,
      retryAttempts: 0,
      bisectBatchOnError: false,
    });
    expect(Object.isFrozen(delivery)).toBe(true);
  });

  describe.each([
    ['queue', 'batchSize', 1, 10_000, { maxBatchingWindowSeconds: 1 }],
    ['queue', 'maxBatchingWindowSeconds', 0, 300, {}],
    ['queue', 'maxConcurrency', 2, 1000, {}],
    ['queue', 'maxReceiveCount', 5, 1000, {}],
    ['stream', 'batchSize', 1, 10_000, STREAM],
    ['stream', 'maxBatchingWindowSeconds', 0, 300, STREAM],
    ['stream', 'parallelizationFactor', 1, 10, STREAM],
    ['stream', 'maxRecordAgeSeconds', 60, 604_800, STREAM],
    ['stream', 'retryAttempts', 0, 10_000, STREAM],
  ] as const)('%s delivery.%s', (kind, field, min, max, rest) => {
    it(`takes ${min} and ${max}`, () => {
      for (const value of [min, max]) {
        expect(define({ ...rest, kind, [field]: value }).delivery).toMatchObject({ [field]: value });
      }
    });

    it.each([min - 1, max + 1, 1.5, '10'])(`refuses %p, naming the range ${min} to ${max}`, (value) => {
      const error = thrownBy(() => define({ ...rest, kind, [field]: value }));
      expect(error).toBeInstanceOf(InvalidSubscriptionError);
      expect(error.code).toBe('INVALID_SUBSCRIPTION');
      expect(error.message).toBe(
        `Invalid delivery.${field} ${JSON.stringify(value)} for handler orders/pack-order: use a whole number from ${min} to ${max}.`,
      );
    });
  });

  it('refuses a queue batch above 10 without a batching window (AWS requires one)', () => {
    expect(() => define({ kind: 'queue', batchSize: 11 })).toThrow(
      'Invalid delivery.maxBatchingWindowSeconds 0 for handler orders/pack-order: a queue batch of more than 10 (batchSize 11) needs a batching window: set it to 1 or more.',
    );
    expect(define({ kind: 'queue', batchSize: 10 }).delivery).toMatchObject({ batchSize: 10 });
    // A stream has no such rule.
    expect(define({ ...STREAM, batchSize: 11, maxBatchingWindowSeconds: 0 }).delivery).toMatchObject({
      batchSize: 11,
    });
  });

  it("refuses a queue's maximum concurrency above the reserved concurrency, which would throttle it", () => {
    expect(() => define({ kind: 'queue', maxConcurrency: 3 }, { reservedConcurrency: 2 })).toThrow(
      'Invalid delivery.maxConcurrency 3 for handler orders/pack-order: keep it within reservedConcurrency (2): beyond it, invocations are throttled and records received again for nothing.',
    );
    expect(define({ kind: 'queue', maxConcurrency: 2 }, { reservedConcurrency: 2 }).delivery).toMatchObject({
      maxConcurrency: 2,
    });
  });

  it.each([
    ['queue', { kind: 'queue' }, 'delivery.maxReceiveCount.'],
    ['stream', STREAM, 'delivery.retryAttempts and delivery.maxRecordAgeSeconds.'],
  ] as const)(
    "refuses Lambda's async-retry settings with %s delivery, naming its own",
    (kind, delivery, own) => {
      for (const extra of [{ retryAttempts: 1 }, { maxEventAgeSeconds: 120 }]) {
        expect(() => define(delivery, extra)).toThrow(
          `Invalid retryAttempts/maxEventAgeSeconds "${kind}" for handler orders/pack-order: they are Lambda's async-invoke settings and apply to direct delivery only; for ${kind} delivery use ${own}`,
        );
      }
      // EventBridge's own retries into the queue or stream still apply.
      expect(define(delivery, { deliveryRetryAttempts: 3 }).deliveryRetryAttempts).toBe(3);
    },
  );

  it('keeps the async-retry settings of a direct delivery', () => {
    expect(define({ kind: 'direct' }, { retryAttempts: 1 }).retryAttempts).toBe(1);
  });

  it.each([[null], ['queue'], [[{ kind: 'queue' }]], [{}], [{ kind: 'fifo' }]])(
    'refuses %p as a delivery, listing the kinds',
    (delivery) => {
      expect(() => define(delivery)).toThrow(
        `Invalid delivery ${JSON.stringify(delivery)} for handler orders/pack-order: declare { kind: 'direct' }, { kind: 'queue', ... } or { kind: 'stream', partitionKey: '$.detail.<field>', ... }.`,
      );
    },
  );

  it("refuses a setting of another kind, listing the kind's own", () => {
    expect(() => define({ kind: 'queue', partitionKey: '$.detail.customerId' })).toThrow(
      'for queue delivery; it takes kind, batchSize, maxBatchingWindowSeconds, maxConcurrency, maxReceiveCount.',
    );
    expect(() => define({ ...STREAM, maxReceiveCount: 5 })).toThrow(
      'unknown "maxReceiveCount" for stream delivery; it takes kind, partitionKey, batchSize, maxBatchingWindowSeconds, parallelizationFactor, maxRecordAgeSeconds, retryAttempts, bisectBatchOnError.',
    );
    expect(() => define({ kind: 'direct', batchSize: 10 })).toThrow(
      'unknown "batchSize" for direct delivery; it takes kind.',
    );
  });

  it.each([undefined, 'detail.customerId', '$.detail.', '$..customerId', '$.detail[0]', '$'])(
    'refuses the partition key %p, asking for a JSONPath to one field',
    (partitionKey) => {
      expect(() => define({ kind: 'stream', partitionKey })).toThrow(
        `Invalid delivery.partitionKey ${JSON.stringify(partitionKey)} for handler orders/pack-order: give a JSONPath to one field of the event, such as '$.detail.customerId': events with the same value stay in order.`,
      );
    },
  );

  it('takes a partition key from the envelope too', () => {
    expect(define({ kind: 'stream', partitionKey: '$.source' }).delivery).toMatchObject({
      partitionKey: '$.source',
    });
  });

  it('refuses a bisection setting that is not a boolean', () => {
    expect(() => define({ ...STREAM, bisectBatchOnError: 'yes' })).toThrow(
      'Invalid delivery.bisectBatchOnError "yes" for handler orders/pack-order: use true or false.',
    );
  });
});

describe('partitionKeyOf', () => {
  const event = {
    id: 'e-1',
    source: 'myapp.orders',
    detail: { customerId: 'c-1', count: 3, empty: '', nested: {} },
  };

  it('reads text, and a number as text, at a path into the event', () => {
    expect(partitionKeyOf(event, '$.detail.customerId')).toBe('c-1');
    expect(partitionKeyOf(event, '$.detail.count')).toBe('3');
    expect(partitionKeyOf(event, '$.source')).toBe('myapp.orders');
  });

  it('has no key for a missing field, empty text or an object', () => {
    expect(partitionKeyOf(event, '$.detail.missing')).toBeUndefined();
    expect(partitionKeyOf(event, '$.detail.empty')).toBeUndefined();
    expect(partitionKeyOf(event, '$.detail.nested')).toBeUndefined();
    expect(partitionKeyOf('not an event', '$.detail.customerId')).toBeUndefined();
  });
});
