import { OrderCreated } from '@paved/orders-contracts';
import {
  batchItemFailure,
  expectStoredOnce,
  fakeContext,
  loadSampleEvents,
  streamBatchOf,
  useLocalOutbox,
} from '@paved/testing';
import { handler } from '../src/handler';
import { toSaleRecord } from '../src/record-sale-analytics';

const outbox = useLocalOutbox();

/** A batch as Lambda reads it from the stream, each record keyed by its order's customer, as the rule puts it. */
const batchOf = (events: readonly unknown[]) =>
  streamBatchOf(events, {
    name: 'orders-record-sale-analytics',
    partitionKey: (event) => String((event as { detail?: { customerId?: unknown } }).detail?.customerId),
  });

const samples = loadSampleEvents(OrderCreated);

describe('record-sale-analytics handler', () => {
  it.each(samples.valid)(
    'records the sale of $file once, in its day partition, however often it arrives',
    async ({ event }) => {
      const sale = await expectStoredOnce(
        (one, context) => handler(batchOf([one]), context),
        event,
        outbox,
        'analytics',
      );
      expect(sale.key).toBe(`sales/day=${event.detail.createdAt.slice(0, 10)}/${event.detail.orderId}.json`);
      expect(sale.stored).toEqual(toSaleRecord(event.detail));
    },
  );

  it('records every sale of a batch in one invocation', async () => {
    const { event } = samples.valid[0]!;
    const orders = ['o-1', 'o-2', 'o-3'].map((orderId, i) => ({
      ...event,
      id: `e-${i}`,
      detail: { ...event.detail, orderId },
    }));
    await expect(handler(batchOf(orders), fakeContext())).resolves.toEqual({ batchItemFailures: [] });
    const day = event.detail.createdAt.slice(0, 10);
    expect(outbox.list('analytics').filter((key) => key.endsWith('.json'))).toEqual(
      expect.arrayContaining(['o-1', 'o-2', 'o-3'].map((id) => `sales/day=${day}/${id}.json`)),
    );
  });

  it('reports an order that does not match the contract, and the ones after it, for the stream to retry in order', async () => {
    const { event } = samples.valid[0]!;
    const { event: invalid } = samples.invalid[0]!;
    const batch = batchOf([event, invalid, { ...event, id: 'e-after' }]);
    // No failure DLQ here (PAVED_FAILURE_DLQ_URL unset): the invalid order cannot be parked, so it is retried.
    await expect(handler(batch, fakeContext())).resolves.toEqual({
      batchItemFailures: [batchItemFailure(batch, 1), batchItemFailure(batch, 2)],
    });
  });
});
