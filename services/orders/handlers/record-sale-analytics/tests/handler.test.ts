import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { toSaleRecord } from '../src/record-sale-analytics';

const outbox = useLocalOutbox();

describe('record-sale-analytics handler', () => {
  it.each(loadSampleEvents(OrderCreated).valid)(
    'records the sale of $file once, in its day partition, however often it arrives',
    async ({ event }) => {
      const sale = await expectStoredOnce(handler, event, outbox, 'analytics');
      expect(sale.key).toBe(`sales/day=${event.detail.createdAt.slice(0, 10)}/${event.detail.orderId}.json`);
      expect(sale.stored).toEqual(toSaleRecord(event.detail));
    },
  );
});
