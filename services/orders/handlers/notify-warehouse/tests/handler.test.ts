import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';

const outbox = useLocalOutbox();

describe('notify-warehouse handler', () => {
  it('hands the warehouse one pick list per order, however often the order arrives', async () => {
    const { event } = loadSampleEvents(OrderCreated).get('example-1');
    await expect(expectStoredOnce(handler, event, outbox, 'warehouse')).resolves.toEqual({
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
});
