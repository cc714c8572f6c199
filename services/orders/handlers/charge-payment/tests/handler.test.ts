import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { planCharge } from '../src/charge-payment';
import { handler } from '../src/handler';

const samples = loadSampleEvents(OrderCreated);
const outbox = useLocalOutbox();

describe('charge-payment handler', () => {
  it.each(samples.valid)('charges $file once, however often it arrives', async ({ event }) => {
    const { key, stored } = await expectStoredOnce(handler, event, outbox, 'payments');
    expect([key, stored]).toEqual([`charges/${event.detail.orderId}.json`, planCharge(event.detail)]);
  });

  it('fails permanently, charging nothing, when the order total is not the sum of its lines', async () => {
    const { event } = samples.get('example-1');
    const wrong = { ...event, detail: { ...event.detail, orderId: 'o-mismatch', totalMinor: 1 } };
    await expect(handler(wrong, fakeContext())).rejects.toMatchObject({
      name: 'OrderTotalMismatchError',
      code: 'ORDER_TOTAL_MISMATCH',
    });
    expect(outbox.list('payments')).toEqual([]);
  });
});
