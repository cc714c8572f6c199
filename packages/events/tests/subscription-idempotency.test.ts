import { join } from 'node:path';
import * as z from 'zod';
import {
  DEFAULT_IDEMPOTENCY,
  defineEvent,
  defineSubscription,
  HANDLER_ENV,
  type IdempotencyOptions,
  InvalidSubscriptionError,
  PERMANENT_FAILURE_ATTRIBUTES,
  RERUN_FIELD,
} from '../src';

const OrderPlaced = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderPlaced',
  detail: z.object({ orderId: z.string() }),
  description: 'An order was placed.',
  examples: [{ orderId: 'o-1' }],
});

const base = {
  name: 'pack-order',
  service: 'orders',
  contract: OrderPlaced,
  entry: join(__dirname, 'handler.ts'),
  description: 'Packs an order.',
};

const define = (idempotency: unknown) =>
  defineSubscription({ ...base, idempotency: idempotency as IdempotencyOptions });

describe('defineSubscription: idempotency', () => {
  it('keys every handler by the event id for 14 days, checking the detail, unless it says otherwise', () => {
    expect(defineSubscription(base).idempotency).toEqual({
      key: 'id',
      expiresAfterSeconds: 1_209_600,
      payloadValidation: 'detail',
    });
    expect(DEFAULT_IDEMPOTENCY).toEqual(defineSubscription(base).idempotency);
  });

  it('keeps a key from the detail and its own expiry, filling in the rest', () => {
    expect(define({ key: 'detail.orderId', expiresAfterSeconds: 3600 }).idempotency).toEqual({
      key: 'detail.orderId',
      expiresAfterSeconds: 3600,
      payloadValidation: 'detail',
    });
    expect(define({ payloadValidation: false }).idempotency.payloadValidation).toBe(false);
  });

  it('refuses a JSONPath, naming the JMESPath to write instead', () => {
    expect(() => define({ key: '$.detail.orderId' })).toThrow(
      'Invalid idempotency.key "$.detail.orderId" for handler orders/pack-order: write it as JMESPath, without "$.": "detail.orderId".',
    );
  });

  it('refuses a key into _meta, which the runtime removes before keying', () => {
    expect(() => define({ key: 'detail._meta.correlationId' })).toThrow(
      'Invalid idempotency.key "detail._meta.correlationId" for handler orders/pack-order: leave out _meta',
    );
  });

  it.each([
    [{ key: '' }, 'Invalid idempotency.key ""'],
    [{ key: 7 }, 'Invalid idempotency.key 7'],
    [{ payloadValidation: '' }, 'Invalid idempotency.payloadValidation ""'],
    [{ expiresAfterSeconds: 59 }, 'Invalid idempotency.expiresAfterSeconds 59'],
    [{ expiresAfterSeconds: 1.5 }, 'Invalid idempotency.expiresAfterSeconds 1.5'],
    [{ expiresAfterSeconds: 31_622_401 }, 'Invalid idempotency.expiresAfterSeconds 31622401'],
    [{ keys: 'id' }, 'Invalid idempotency {"keys":"id"} for handler orders/pack-order: unknown "keys"'],
    ['id', 'Invalid idempotency "id"'],
  ])('refuses %j', (idempotency, message) => {
    expect(() => define(idempotency)).toThrow(InvalidSubscriptionError);
    expect(() => define(idempotency)).toThrow(message);
  });
});

describe('the names runtime, platform and local bus share for idempotency and failures', () => {
  it('are spelled once', () => {
    expect(HANDLER_ENV).toMatchObject({
      idempotencyTable: 'PAVED_IDEMPOTENCY_TABLE',
      localIdempotencyDir: 'PAVED_IDEMPOTENCY_DIR',
      failureDlqUrl: 'PAVED_FAILURE_DLQ_URL',
      rerunReplays: 'PAVED_RERUN_REPLAYS',
    });
    expect(RERUN_FIELD).toBe('paved-rerun');
    expect(PERMANENT_FAILURE_ATTRIBUTES).toEqual({
      failure: 'PAVED_FAILURE',
      permanent: 'permanent',
      errorCode: 'PAVED_ERROR_CODE',
    });
  });
});
