import { type DetailOf, defineSubscription } from '@paved/events';
import { defineHandler, HandlerError, type HandlerContext, InvalidEventError, PermanentError } from '../src';
import { OrderCreated } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

describe('defineHandler', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('hands the function the typed detail without _meta, the whole event and the context, and returns its result', async () => {
    let received:
      { detail: DetailOf<typeof OrderCreated>; handed: HandlerContext<typeof OrderCreated> } | undefined;
    const handler = defineHandler(OrderCreated, async (detail, handed) => {
      received = { detail, handed };
      return `reserved ${detail.orderId}`;
    });
    const context = fakeContext();

    await expect(handler(loadEvent('order-created-correlated'), context)).resolves.toBe('reserved o-1002');

    const detail = {
      orderId: 'o-1002',
      customerId: 'c-7',
      total: 12.5,
      items: [{ sku: 'SKU-TEA-TIN', quantity: 1 }],
    };
    expect(received?.detail).toEqual(detail);
    expect(received?.handed.event).toMatchObject({
      id: '3b8e6a52-51c4-4f0e-a7d9-0e4f6c2b8a17',
      source: 'paved.test.orders',
      detail,
    });
    expect(received?.handed.context).toBe(context);
    expect(received?.handed.correlationId).toBe('checkout-7f3a');
  });

  it('uses the event id as the correlation id when the event carries none', async () => {
    const fn = jest.fn();
    await defineHandler(OrderCreated, fn)(loadEvent('order-created'), fakeContext());
    expect(fn).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ correlationId: '9f2d4c1e-0b7a-4d3e-8f61-2c5a7e9b1d04' }),
    );
  });

  it("takes the handler's subscription: validates with its contract and logs under its service", async () => {
    const subscription = defineSubscription({
      name: 'reserve-stock',
      service: 'warehouse',
      contract: OrderCreated,
      entry: __filename,
      description: 'Reserves stock.',
    });
    const handler = defineHandler(subscription, (detail) => detail.orderId);
    await expect(handler(loadEvent('order-created'), fakeContext())).resolves.toBe('o-1001');
    await expect(handler(loadEvent('order-created-invalid'), fakeContext())).rejects.toBeInstanceOf(
      InvalidEventError,
    );
    expect(logs.lines().map((line) => line['service'])).toEqual(expect.arrayContaining(['warehouse']));
  });

  describe('an event that does not match the contract', () => {
    it('is rejected with InvalidEventError listing every issue with its path, without calling the function', async () => {
      const fn = jest.fn();
      const rejection = defineHandler(OrderCreated, fn)(loadEvent('order-created-invalid'), fakeContext());

      await expect(rejection).rejects.toBeInstanceOf(InvalidEventError);
      const error = (await rejection.catch((e: unknown) => e)) as InvalidEventError;
      expect(error.code).toBe('INVALID_EVENT');
      expect(error.eventId).toBe('c41f0d6e-9a2b-4b57-8e3c-71d5a0f9e2b6');
      expect(error.issues.map((issue) => issue.path)).toEqual([
        'detail.customerId',
        'detail.total',
        'detail.items.0.quantity',
      ]);
      expect(error.message).toContain(
        'Event "c41f0d6e-9a2b-4b57-8e3c-71d5a0f9e2b6" does not match contract paved.test.orders/OrderCreated (3 issues)',
      );
      expect(error.message).toContain(
        'detail.customerId: Invalid input: expected string, received undefined',
      );
      expect(error.message).toContain('detail.total: Too small: expected number to be >0');
      expect(error.message).toContain('detail.items.0.quantity: Too small: expected number to be >0');
      expect(fn).not.toHaveBeenCalled();
    });

    it('reaches the failure destination readable: Lambda records its name as errorType and its message as errorMessage', async () => {
      const error = (await defineHandler(OrderCreated, jest.fn())(
        loadEvent('order-created-invalid'),
        fakeContext(),
      ).catch((e: unknown) => e)) as Error;
      // What the Node.js runtime puts in the on-failure destination's responsePayload.
      const responsePayload = { errorType: error.name, errorMessage: error.message };
      expect(responsePayload.errorType).toBe('InvalidEventError');
      expect(responsePayload.errorMessage).toMatch(
        /detail\.customerId: .*detail\.total: .*detail\.items\.0\.quantity: /,
      );
      expect(responsePayload.errorMessage).toContain('Retrying cannot fix it');
    });

    it('names the detail-type when the event is another one', async () => {
      const rejection = defineHandler(OrderCreated, jest.fn())(loadEvent('order-shipped'), fakeContext());
      await expect(rejection).rejects.toThrow(
        'detail-type: expected "OrderCreated", received "OrderShipped"',
      );
    });

    it('names the missing envelope fields when the input is not an EventBridge event', async () => {
      const rejection = defineHandler(OrderCreated, jest.fn())(loadEvent('sqs-message'), fakeContext());
      await expect(rejection).rejects.toMatchObject({ code: 'INVALID_EVENT', eventId: undefined });
      await expect(rejection).rejects.toThrow(
        /Event \(without an id\) does not match contract .*id: Invalid input/,
      );
    });
  });

  describe('a function that throws', () => {
    it('has its error rethrown as HandlerError with the original as cause, so Lambda retries the event', async () => {
      const original = new TypeError('stock service answered 503');
      const rejection = defineHandler(OrderCreated, async () => {
        throw original;
      })(loadEvent('order-created'), fakeContext());

      const error = (await rejection.catch((e: unknown) => e)) as HandlerError;
      expect(error).toBeInstanceOf(HandlerError);
      expect(error.name).toBe('HandlerError');
      expect(error.code).toBe('HANDLER_FAILED');
      expect(error.cause).toBe(original);
      expect(error.message).toContain(
        'Handler for paved.test.orders/OrderCreated failed on event "9f2d4c1e-0b7a-4d3e-8f61-2c5a7e9b1d04": TypeError: stock service answered 503',
      );
    });

    it('has a PermanentError rethrown as it is', async () => {
      const permanent = new PermanentError('Order o-1001 was cancelled: nothing to reserve.');
      const rejection = defineHandler(OrderCreated, () => {
        throw permanent;
      })(loadEvent('order-created'), fakeContext());
      await expect(rejection).rejects.toBe(permanent);
      expect(permanent).toMatchObject({ name: 'PermanentError', code: 'PERMANENT_FAILURE' });
    });
  });

  describe('logging', () => {
    const eventKeys = {
      event_id: '3b8e6a52-51c4-4f0e-a7d9-0e4f6c2b8a17',
      event_source: 'paved.test.orders',
      event_detail_type: 'OrderCreated',
      correlation_id: 'checkout-7f3a',
    };

    it('logs start and success as JSON lines carrying the event id, source, detail-type, correlation id and duration', async () => {
      await defineHandler(OrderCreated, jest.fn())(loadEvent('order-created-correlated'), fakeContext());

      const [start, success, ...rest] = logs.lines();
      expect(rest).toEqual([]);
      expect(start).toMatchObject({ level: 'INFO', message: 'Event received', ...eventKeys });
      expect(success).toMatchObject({
        level: 'INFO',
        message: 'Event handled',
        ...eventKeys,
        durationMs: expect.any(Number),
      });
      expect(success).toMatchObject({
        function_name: 'orders-reserve-stock',
        function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      });
    });

    it('logs what the function returns as the outcome of the event', async () => {
      await defineHandler(OrderCreated, () => ({ created: false, key: 'reservations/o-1002.json' }))(
        loadEvent('order-created-correlated'),
        fakeContext(),
      );
      const handled = logs.lines().find((line) => line['message'] === 'Event handled');
      expect(handled).toMatchObject({ outcome: { created: false, key: 'reservations/o-1002.json' } });
    });

    it("puts the event's keys on the function's own log lines", async () => {
      await defineHandler(OrderCreated, (detail, { logger }) => {
        logger.info('Reserving stock', { lines: detail.items.length });
      })(loadEvent('order-created-correlated'), fakeContext());

      expect(logs.lines()).toContainEqual(
        expect.objectContaining({ message: 'Reserving stock', lines: 1, ...eventKeys }),
      );
    });

    it('logs a rejected event as a permanent failure with its issues, and its correlation id', async () => {
      await defineHandler(OrderCreated, jest.fn())(loadEvent('order-created-invalid'), fakeContext()).catch(
        () => undefined,
      );

      const [rejected, unparked] = logs.lines().slice(-2);
      // Without a failure DLQ (PAVED_FAILURE_DLQ_URL) it is thrown, and says so: see permanent-failure.test.ts.
      expect(unparked).toMatchObject({ level: 'WARN', errorCode: 'INVALID_EVENT' });
      expect(rejected).toMatchObject({
        level: 'ERROR',
        message: 'Event rejected: it does not match its contract',
        failure: 'permanent',
        errorCode: 'INVALID_EVENT',
        event_id: 'c41f0d6e-9a2b-4b57-8e3c-71d5a0f9e2b6',
        correlation_id: 'checkout-9b1c',
        issues: expect.arrayContaining([expect.objectContaining({ path: 'detail.total' })]),
        durationMs: expect.any(Number),
      });
    });

    it("logs a function's error as a transient failure, with the error", async () => {
      await defineHandler(OrderCreated, () => {
        throw new Error('connection reset');
      })(loadEvent('order-created-correlated'), fakeContext()).catch(() => undefined);

      expect(logs.lines().at(-1)).toMatchObject({
        level: 'ERROR',
        message: 'Handler failed; Lambda will retry the event',
        failure: 'transient',
        errorCode: 'HANDLER_FAILED',
        error: expect.objectContaining({ name: 'Error', message: 'connection reset' }),
        ...eventKeys,
      });
    });

    it('logs a PermanentError as a permanent failure', async () => {
      await defineHandler(OrderCreated, () => {
        throw new PermanentError('Order o-1002 was cancelled.');
      })(loadEvent('order-created-correlated'), fakeContext()).catch(() => undefined);

      expect(logs.lines().at(-2)).toMatchObject({
        level: 'ERROR',
        message: 'Event failed permanently',
        failure: 'permanent',
        errorCode: 'PERMANENT_FAILURE',
        error: expect.objectContaining({ name: 'PermanentError', message: 'Order o-1002 was cancelled.' }),
        ...eventKeys,
      });
    });

    it("keeps overlapping invocations' keys apart", async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const handler = defineHandler(OrderCreated, async (detail, { logger }) => {
        if (detail.orderId === 'o-1001') await gate;
        logger.info('Done', { orderId: detail.orderId });
      });

      const first = handler(loadEvent('order-created'), fakeContext('request-1'));
      await handler(loadEvent('order-created-correlated'), fakeContext('request-2'));
      release();
      await first;

      const done = logs.lines().filter((line) => line['message'] === 'Done');
      expect(done).toEqual([
        expect.objectContaining({
          orderId: 'o-1002',
          correlation_id: 'checkout-7f3a',
          function_request_id: 'request-2',
        }),
        expect.objectContaining({
          orderId: 'o-1001',
          correlation_id: '9f2d4c1e-0b7a-4d3e-8f61-2c5a7e9b1d04',
          function_request_id: 'request-1',
        }),
      ]);
    });

    it('names the service after POWERTOOLS_SERVICE_NAME, else after the contract source', async () => {
      const previous = process.env['POWERTOOLS_SERVICE_NAME'];
      try {
        delete process.env['POWERTOOLS_SERVICE_NAME'];
        await defineHandler(OrderCreated, jest.fn())(loadEvent('order-created'), fakeContext());
        process.env['POWERTOOLS_SERVICE_NAME'] = 'orders';
        await defineHandler(OrderCreated, jest.fn())(loadEvent('order-created'), fakeContext());
      } finally {
        if (previous === undefined) delete process.env['POWERTOOLS_SERVICE_NAME'];
        else process.env['POWERTOOLS_SERVICE_NAME'] = previous;
      }
      expect(logs.lines().map((line) => line['service'])).toEqual([
        'paved.test.orders',
        'paved.test.orders',
        'orders',
        'orders',
      ]);
    });

    it('reports a cold start on the first invocation only', async () => {
      process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
      try {
        const handler = defineHandler(OrderCreated, jest.fn());
        await handler(loadEvent('order-created'), fakeContext());
        await handler(loadEvent('order-created'), fakeContext());
      } finally {
        delete process.env['AWS_LAMBDA_INITIALIZATION_TYPE'];
      }
      expect(logs.lines().map((line) => line['cold_start'])).toEqual([true, true, false, false]);
    });
  });
});
