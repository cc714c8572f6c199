import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { planReservation } from '../src/reserve-stock';

const outbox = useLocalOutbox();

describe('reserve-stock handler', () => {
  it.each(loadSampleEvents(OrderCreated).valid)(
    'reserves $file once, however often it arrives',
    async ({ event }) => {
      const { key, stored } = await expectStoredOnce(handler, event, outbox, 'stock');
      expect(key).toBe(`reservations/${event.detail.orderId}.json`);
      expect(stored).toEqual(planReservation(event.detail));
    },
  );
});
