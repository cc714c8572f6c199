import { PaymentDeclined } from '@paved/orders-contracts';
import { expectEmailedOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { composePaymentDeclinedNotice } from '../src/notify-payment-declined';

const samples = loadSampleEvents(PaymentDeclined);
const outbox = useLocalOutbox();

describe('notify-payment-declined handler', () => {
  it.each(samples.valid)('tells the customer of $file once, however often it arrives', async ({ event }) => {
    const email = await expectEmailedOnce(handler, event, outbox);
    expect(email).toEqual(composePaymentDeclinedNotice(event.detail));
  });

  it('sends nothing more when the decline is published again, as a new event', async () => {
    const { event } = samples.get('example-1');
    const decline = { ...event, id: 'evt-declined', detail: { ...event.detail, orderId: 'o-2001' } };
    await handler(decline, fakeContext());
    await handler({ ...decline, id: 'evt-declined-again' }, fakeContext());
    const sent = outbox.list('email');
    expect(sent).toHaveLength(1);
    expect(outbox.readJson('email', sent[0]!)).toEqual(composePaymentDeclinedNotice(decline.detail));
  });
});
