import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { defineSubscription, HANDLER_ENV, type IdempotencyOptions } from '@paved/events';
import { defineHandler, HandlerError, IdempotencyConfigError, memoryIdempotencyStore } from '../src';
import { OrderCreated } from './support/contracts';
import { fakeIdempotencyTable } from './support/fake-dynamodb';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

const subscriptionWith = (idempotency?: IdempotencyOptions) =>
  defineSubscription({
    name: 'reserve-stock',
    service: 'warehouse',
    contract: OrderCreated,
    entry: __filename,
    description: 'Reserves stock.',
    ...(idempotency ? { idempotency } : {}),
  });

/** A handler counting its runs, returning which run handled the order. */
function countingHandler(idempotency?: IdempotencyOptions) {
  const runs: string[] = [];
  const handler = defineHandler(subscriptionWith(idempotency), async (order) => {
    runs.push(order.orderId);
    return { run: runs.length, orderId: order.orderId };
  });
  return { handler, runs };
}

const order = () => loadEvent('order-created');

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('defineHandler: each delivery handled once', () => {
  it('returns the first outcome to a repeated delivery without running the function again', async () => {
    const { handler, runs } = countingHandler();
    await expect(handler(order(), fakeContext('r-1'))).resolves.toEqual({ run: 1, orderId: 'o-1001' });
    await expect(handler(order(), fakeContext('r-2'))).resolves.toEqual({ run: 1, orderId: 'o-1001' });
    expect(runs).toEqual(['o-1001']);
    expect(logs.lines().map((line) => line['message'])).toEqual([
      'Event received',
      'Event handled',
      'Event received',
      'Event already handled: its outcome returned, the handler not run',
    ]);
  });

  it('runs the function again on the delivery after it failed: no record is kept for a failure', async () => {
    let calls = 0;
    const handler = defineHandler(subscriptionWith(), async () => {
      calls += 1;
      if (calls === 1) throw new Error('stock service down');
      return { calls };
    });
    await expect(handler(order(), fakeContext())).rejects.toBeInstanceOf(HandlerError);
    await expect(handler(order(), fakeContext())).resolves.toEqual({ calls: 2 });
  });

  it('keys by what the subscription declares: two events about one order are one delivery', async () => {
    const { handler, runs } = countingHandler({ key: 'detail.orderId' });
    await handler(order(), fakeContext());
    await expect(
      handler({ ...order(), id: '11111111-2222-4333-8444-555555555555' }, fakeContext()),
    ).resolves.toEqual({ run: 1, orderId: 'o-1001' });
    expect(runs).toEqual(['o-1001']);
  });

  it('refuses a different event under a used key as a permanent failure, instead of skipping it', async () => {
    const { handler, runs } = countingHandler({ key: 'detail.orderId' });
    await handler(order(), fakeContext());
    const changed = order();
    changed['id'] = '11111111-2222-4333-8444-555555555555';
    (changed['detail'] as { total: number }).total = 1;
    // No failure DLQ is set here, so it is thrown (permanent-failure.test.ts sends it to the queue).
    await expect(handler(changed, fakeContext())).rejects.toMatchObject({
      name: 'IdempotencyConflictError',
      code: 'IDEMPOTENCY_CONFLICT',
      message: expect.stringContaining('has the idempotency key of an event handler warehouse-reserve-stock'),
    });
    expect(runs).toEqual(['o-1001']);
  });

  it('compares nothing when the subscription says so: the same key is the same delivery', async () => {
    const { handler, runs } = countingHandler({ key: 'detail.orderId', payloadValidation: false });
    await handler(order(), fakeContext());
    const changed = order();
    (changed['detail'] as { total: number }).total = 1;
    await expect(handler(changed, fakeContext())).resolves.toEqual({ run: 1, orderId: 'o-1001' });
    expect(runs).toHaveLength(1);
  });

  it('fails permanently on an event without the declared key', async () => {
    const { handler, runs } = countingHandler({ key: 'detail.warehouseId' });
    await expect(handler(order(), fakeContext())).rejects.toMatchObject({
      name: 'IdempotencyKeyMissingError',
      code: 'IDEMPOTENCY_KEY_MISSING',
      message: expect.stringContaining('has no value at "detail.warehouseId"'),
    });
    expect(runs).toEqual([]);
  });

  it('refuses, when the handler loads, a key that is not JMESPath', () => {
    expect(() => countingHandler({ key: 'detail.orderId[' })).toThrow(IdempotencyConfigError);
    expect(() => countingHandler({ key: 'detail.orderId[' })).toThrow(
      'Handler warehouse-reserve-stock declares idempotency "detail.orderId[", which is not a JMESPath expression',
    );
  });

  it('handles the event again after its record expired', async () => {
    const { handler, runs } = countingHandler({ expiresAfterSeconds: 60 });
    await handler(order(), fakeContext());
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    try {
      await expect(handler(order(), fakeContext())).resolves.toEqual({ run: 2, orderId: 'o-1001' });
    } finally {
      clock.mockRestore();
    }
    expect(runs).toHaveLength(2);
  });
});

describe('defineHandler: redrive and replay', () => {
  it('runs again for a redrive (paved-rerun), once per redriven message', async () => {
    const { handler, runs } = countingHandler();
    await handler(order(), fakeContext());
    const redriven = { ...order(), 'paved-rerun': 'redrive:m-1' };
    await expect(handler(redriven, fakeContext())).resolves.toEqual({ run: 2, orderId: 'o-1001' });
    await expect(handler(redriven, fakeContext())).resolves.toEqual({ run: 2, orderId: 'o-1001' });
    await expect(handler({ ...order(), 'paved-rerun': 'redrive:m-2' }, fakeContext())).resolves.toEqual({
      run: 3,
      orderId: 'o-1001',
    });
    // An ordinary delivery still finds the first record.
    await expect(handler(order(), fakeContext())).resolves.toEqual({ run: 1, orderId: 'o-1001' });
    expect(runs).toHaveLength(3);
  });

  it('counts a successful redrive as the handling of the event: a later ordinary delivery does not run it', async () => {
    let attempts = 0;
    const handler = defineHandler(subscriptionWith(), async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('down');
      return { attempts };
    });
    await handler(order(), fakeContext()).catch(() => undefined);
    await handler({ ...order(), 'paved-rerun': 'redrive:m-1' }, fakeContext());
    await expect(handler(order(), fakeContext())).resolves.toEqual({ attempts: 2 });
    expect(attempts).toBe(2);
  });

  it('changes nothing on a replay of an event it handled, unless that replay is forced', async () => {
    const { handler, runs } = countingHandler();
    await handler(order(), fakeContext());
    const replayed = { ...order(), 'replay-name': 'after-the-fix' };
    await expect(handler(replayed, fakeContext())).resolves.toEqual({ run: 1, orderId: 'o-1001' });

    process.env[HANDLER_ENV.rerunReplays] = 'another, after-the-fix';
    try {
      await expect(handler(replayed, fakeContext())).resolves.toEqual({ run: 2, orderId: 'o-1001' });
    } finally {
      delete process.env[HANDLER_ENV.rerunReplays];
    }
    expect(runs).toHaveLength(2);
  });

  it('ignores a rerun marker that is not a short string', async () => {
    const { handler, runs } = countingHandler();
    await handler(order(), fakeContext());
    await handler({ ...order(), 'paved-rerun': 42 }, fakeContext());
    await handler({ ...order(), 'paved-rerun': 'x'.repeat(257) }, fakeContext());
    expect(runs).toHaveLength(1);
  });
});

describe('defineHandler: concurrent duplicates', () => {
  it('makes a duplicate that arrives while the first runs wait for it, then return its outcome', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const handler = defineHandler(subscriptionWith(), async () => {
      runs += 1;
      await gate;
      return { runs };
    });
    const first = handler(order(), fakeContext('r-1'));
    const duplicate = handler(order(), fakeContext('r-2'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    await expect(Promise.all([first, duplicate])).resolves.toEqual([{ runs: 1 }, { runs: 1 }]);
  });

  it('lets a delivery take over an event whose earlier invocation ran out of time without finishing', async () => {
    let runs = 0;
    const handler = defineHandler(subscriptionWith(), async () => {
      runs += 1;
      // The first run never finishes: its invocation timed out.
      if (runs === 1) await new Promise(() => undefined);
      return { runs };
    });
    const timedOut = { ...fakeContext('r-1'), getRemainingTimeInMillis: () => 1_000 };
    void handler(order(), timedOut);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 2_000);
    try {
      await expect(handler(order(), fakeContext('r-2'))).resolves.toEqual({ runs: 2 });
    } finally {
      clock.mockRestore();
    }
  });

  it('gives up waiting when its own time runs out, so that Lambda retries it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = defineHandler(subscriptionWith(), async () => {
      await gate;
      return 'done';
    });
    const first = handler(order(), fakeContext('r-1'));
    const hurried = { ...fakeContext('r-2'), getRemainingTimeInMillis: () => 1_100 };
    const error = (await handler(order(), hurried).catch((caught: unknown) => caught)) as HandlerError;
    expect(error).toBeInstanceOf(HandlerError);
    expect(error.cause).toMatchObject({ name: 'StillInProgressError', code: 'STILL_IN_PROGRESS' });
    release();
    await expect(first).resolves.toBe('done');
  });

  it('runs the function once for one event delivered to several worker threads at once', async () => {
    const effects = mkdtempSync(join(tmpdir(), 'paved-effects-'));
    const start = new SharedArrayBuffer(4);
    const env = {
      [HANDLER_ENV.local]: '1',
      [HANDLER_ENV.localIdempotencyDir]: process.env[HANDLER_ENV.localIdempotencyDir]!,
      EFFECTS_DIR: effects,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    try {
      const workers = Array.from(
        { length: 4 },
        (_, index) =>
          new Worker(join(__dirname, 'workers', 'invoke-handler.js'), {
            workerData: { event: order(), env, start, index },
          }),
      );
      const answers = workers.map(
        (worker) =>
          new Promise<{ outcome?: { ranBy: string }; error?: string }>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      );
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      Atomics.store(new Int32Array(start), 0, 1);
      Atomics.notify(new Int32Array(start), 0);
      const results = await Promise.all(answers);
      await Promise.all(workers.map((worker) => worker.terminate()));

      const ran = readFileSync(join(effects, 'o-1001.log'), 'utf8').trim().split('\n');
      expect(ran).toHaveLength(1);
      expect(results).toEqual(Array.from({ length: 4 }, () => ({ outcome: { ranBy: ran[0] } })));
    } finally {
      rmSync(effects, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('defineHandler: where the records are', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("keeps them on AWS in the service's DynamoDB table, named by PAVED_IDEMPOTENCY_TABLE", async () => {
    delete process.env[HANDLER_ENV.local];
    process.env[HANDLER_ENV.idempotencyTable] = 'warehouse-idempotency';
    const table = fakeIdempotencyTable('warehouse-idempotency');
    try {
      const { handler, runs } = countingHandler();
      await expect(handler(order(), fakeContext())).resolves.toEqual({ run: 1, orderId: 'o-1001' });
      await expect(handler(order(), fakeContext())).resolves.toEqual({ run: 1, orderId: 'o-1001' });
      expect(runs).toHaveLength(1);
      expect(table.calls(PutItemCommand)).toBe(2);
      const [[id, item]] = [...table.items] as [[string, Record<string, { S?: string; N?: string }>]];
      expect(id).toMatch(/^warehouse-reserve-stock#/);
      expect(item['status']).toEqual({ S: 'COMPLETED' });
      expect(Number(item['expiration']!.N)).toBeCloseTo(Date.now() / 1000 + 1_209_600, -1);
    } finally {
      table.restore();
    }
  });

  it('fails, so that Lambda retries, on AWS without a table: never without idempotency', async () => {
    delete process.env[HANDLER_ENV.local];
    delete process.env[HANDLER_ENV.idempotencyTable];
    const { handler, runs } = countingHandler();
    const error = (await handler(order(), fakeContext()).catch((caught: unknown) => caught)) as HandlerError;
    expect(error.cause).toMatchObject({
      code: 'IDEMPOTENCY_NOT_CONFIGURED',
      message: expect.stringContaining('PAVED_IDEMPOTENCY_TABLE is not set'),
    });
    expect(runs).toEqual([]);
  });

  it("turns it all off with Powertools' POWERTOOLS_IDEMPOTENCY_DISABLED, for debugging", async () => {
    process.env['POWERTOOLS_IDEMPOTENCY_DISABLED'] = 'true';
    const { handler, runs } = countingHandler();
    await handler(order(), fakeContext());
    await expect(handler(order(), fakeContext())).resolves.toEqual({ run: 2, orderId: 'o-1001' });
    expect(runs).toHaveLength(2);
  });

  it('takes a store from its options', async () => {
    delete process.env[HANDLER_ENV.local];
    const runs: number[] = [];
    const handler = defineHandler(subscriptionWith(), async () => runs.push(1), {
      idempotencyStore: memoryIdempotencyStore(),
    });
    await handler(order(), fakeContext());
    await handler(order(), fakeContext());
    expect(runs).toHaveLength(1);
  });
});
