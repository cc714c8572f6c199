import { PaymentCaptured } from '@paved/orders-contracts';
import { expectEmailedOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { composePaymentReceipt } from '../src/send-payment-receipt';

const samples = loadSampleEvents(PaymentCaptured);
const outbox = useLocalOutbox();

describe('send-payment-receipt handler', () => {
  it.each(samples.valid)('sends the receipt of $file once, however often it arrives', async ({ event }) => {
    const email = await expectEmailedOnce(handler, event, outbox);
    expect(email).toEqual(composePaymentReceipt(event.detail));
  });

  it('sends no second receipt when the capture is published again, as a new event', async () => {
    const { event } = samples.get('example-1');
    const capture = { ...event, id: 'evt-captured', detail: { ...event.detail, chargeId: 'ch-o-2001' } };
    await handler(capture, fakeContext());
    await handler({ ...capture, id: 'evt-captured-again' }, fakeContext());
    const sent = outbox.list('email');
    expect(sent).toHaveLength(1);
    expect(outbox.readJson('email', sent[0]!)).toEqual(composePaymentReceipt(capture.detail));
  });
});
