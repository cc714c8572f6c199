import { OrderCreated } from '@paved/orders-contracts';
import {
  batchItemFailure,
  expectStoredOnce,
  fakeContext,
  loadSampleEvents,
  queueBatchOf,
  useLocalOutbox,
} from '@paved/testing';
import { handler } from '../src/handler';

const outbox = useLocalOutbox();

/** A batch as Lambda receives it from the handler's queue. */
const batchOf = (events: readonly unknown[]) => queueBatchOf(events, { name: 'orders-notify-warehouse' });

const samples = loadSampleEvents(OrderCreated);

describe('notify-warehouse handler', () => {
  it('hands the warehouse one pick list per order, however often the order arrives', async () => {
    const { event } = samples.get('example-1');
    await expect(
      expectStoredOnce((one, context) => handler(batchOf([one]), context), event, outbox, 'warehouse'),
    ).resolves.toEqual({
      key: 'pick-lists/o-1001.json',
      stored: {
        orderId: 'o-1001',
        lines: [
          { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1 },
          { sku: 'PEN-FOUNTAIN', quantity: 2 },
        ],
        totalUnits: 3,
      },
    });
  });

  it('reports only the order that does not match the contract, and hands the warehouse the others', async () => {
    const { event } = samples.get('example-1');
    const { event: invalid } = samples.invalid[0]!;
    const batch = batchOf([invalid, { ...event, id: 'e-2', detail: { ...event.detail, orderId: 'o-2' } }]);
    // No failure DLQ here (PAVED_FAILURE_DLQ_URL unset): the invalid order cannot be parked, so it is retried.
    await expect(handler(batch, fakeContext())).resolves.toEqual({
      batchItemFailures: [batchItemFailure(batch, 0)],
    });
    expect(outbox.list('warehouse')).toContain('pick-lists/o-2.json');
  });
});
