import { OrderCreated } from '@paved/orders-contracts';
import { expectEmailedOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { composeOrderConfirmation } from '../src/send-order-confirmation';

const outbox = useLocalOutbox();

describe('send-order-confirmation handler', () => {
  it.each(loadSampleEvents(OrderCreated).valid)(
    'confirms $file once, however often it arrives',
    async ({ event }) => {
      const email = await expectEmailedOnce(handler, event, outbox);
      expect(email).toEqual(composeOrderConfirmation(event.detail));
    },
  );
});
