import { type PutEventsCommandInput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { defineSubscription, HANDLER_ENV, splitMetadata } from '@paved/events';
import { defineHandler, publish, PublishError } from '../src';
import { OrderCreated, StockReserved } from './support/contracts';
import { eventBridge, PutEventsCommand, sentCalls } from './support/event-bridge';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

const subscription = defineSubscription({
  name: 'reserve-stock',
  service: 'warehouse',
  contract: OrderCreated,
  entry: __filename,
  description: 'Reserves stock, then announces it.',
  publishes: [StockReserved],
});

/** PutEvents answers a new id for every accepted entry (evt-1, evt-2, ...); `refuse` picks entries to fail. */
function acceptWithNewIds(refuse: (entry: PutEventsRequestEntry) => boolean = () => false) {
  let next = 0;
  return (input: PutEventsCommandInput) => {
    const entries = (input.Entries ?? []).map((entry) =>
      refuse(entry)
        ? { ErrorCode: 'AccessDeniedException', ErrorMessage: 'denied' }
        : { EventId: `evt-${(next += 1)}` },
    );
    return { FailedEntryCount: entries.filter((entry) => 'ErrorCode' in entry).length, Entries: entries };
  };
}

/** Every entry put on the bus so far, by its detail without `_meta`. */
const publishedDetails = () =>
  sentCalls()
    .flat()
    .map((entry) => splitMetadata(JSON.parse(entry.Detail ?? '{}')).detail);

const reserved = (orderId: string, skus = ['SKU-RED-MUG']) => ({ orderId, skus });

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(acceptWithNewIds());
  process.env[HANDLER_ENV.eventBusName] = 'paved';
  logs = captureLogs();
});
afterEach(() => {
  logs.restore();
  delete process.env[HANDLER_ENV.eventBusName];
});

describe('publish inside a handler: once per delivery', () => {
  it('does not publish again on the retry after the handler failed later on: one entry, one event id', async () => {
    const ids: string[][] = [];
    let attempts = 0;
    const handler = defineHandler(subscription, async (order) => {
      ids.push((await publish(StockReserved, reserved(order.orderId))).eventIds);
      attempts += 1;
      if (attempts === 1) throw new Error('the ledger timed out after the announcement');
      return 'done';
    });

    await expect(handler(loadEvent('order-created'), fakeContext('r-1'))).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
    });
    await expect(handler(loadEvent('order-created'), fakeContext('r-2'))).resolves.toBe('done');

    expect(publishedDetails()).toEqual([reserved('o-1001')]);
    // The retry gets the id EventBridge gave the event the first time.
    expect(ids).toEqual([['evt-1'], ['evt-1']]);
  });

  it('sends on the retry exactly the entries that were not out: the others keep their ids', async () => {
    let refuseB = true;
    eventBridge
      .reset()
      .on(PutEventsCommand)
      .callsFake(acceptWithNewIds((entry) => refuseB && entry.Detail!.includes('SKU-B')));
    const results: unknown[] = [];
    const handler = defineHandler(subscription, async (order) => {
      const { eventIds } = await publish(StockReserved, [
        reserved(order.orderId, ['SKU-A']),
        reserved(order.orderId, ['SKU-B']),
      ]);
      results.push(eventIds);
    });

    const failure = (await handler(loadEvent('order-created'), fakeContext()).catch(
      (error: unknown) => error,
    )) as {
      cause: PublishError;
    };
    expect(failure.cause).toBeInstanceOf(PublishError);
    expect(failure.cause.eventIds).toEqual(['evt-1', undefined]);
    refuseB = false;
    await handler(loadEvent('order-created'), fakeContext());

    expect(sentCalls().map((entries) => entries.length)).toEqual([2, 1]);
    expect(publishedDetails().at(-1)).toEqual(reserved('o-1001', ['SKU-B']));
    expect(results).toEqual([['evt-1', 'evt-2']]);
  });

  it('publishes the same detail once per delivery, and identical details of one call each', async () => {
    const handler = defineHandler(subscription, async (order) => {
      await publish(StockReserved, reserved(order.orderId));
      await publish(StockReserved, reserved(order.orderId));
      await publish(StockReserved, [reserved(order.orderId, ['SKU-X']), reserved(order.orderId, ['SKU-X'])]);
    });
    await handler(loadEvent('order-created'), fakeContext());
    expect(publishedDetails()).toEqual([
      reserved('o-1001'),
      reserved('o-1001', ['SKU-X']),
      reserved('o-1001', ['SKU-X']),
    ]);
  });

  it('on a redrive, publishes what differs from the failed attempt, and nothing it had published', async () => {
    let skus = ['SKU-RED-MUG'];
    let attempts = 0;
    const handler = defineHandler(subscription, async (order) => {
      await publish(StockReserved, reserved(order.orderId, skus));
      attempts += 1;
      if (attempts === 1) throw new Error('crashed after publishing');
    });
    const event = loadEvent('order-created');
    await handler(event, fakeContext()).catch(() => undefined);

    await handler({ ...event, 'paved-rerun': 'redrive:m-1' }, fakeContext());
    expect(publishedDetails()).toEqual([reserved('o-1001')]);

    skus = ['SKU-RED-MUG', 'SKU-SAUCER'];
    await handler({ ...event, 'paved-rerun': 'redrive:m-2' }, fakeContext());
    expect(publishedDetails()).toEqual([reserved('o-1001'), reserved('o-1001', skus)]);
  });

  it('keeps the records of different deliveries apart', async () => {
    const handler = defineHandler(subscription, (order) => publish(StockReserved, reserved(order.orderId)));
    await handler(loadEvent('order-created'), fakeContext());
    await handler({ ...loadEvent('order-created'), id: 'another-event' }, fakeContext());
    expect(publishedDetails()).toEqual([reserved('o-1001'), reserved('o-1001')]);
  });

  it('publishes every time outside a handler, where no delivery is being handled', async () => {
    await publish(StockReserved, reserved('o-1'));
    await publish(StockReserved, reserved('o-1'));
    expect(publishedDetails()).toEqual([reserved('o-1'), reserved('o-1')]);
  });
});
