import { OrderCreated } from '../src/schema';
import { planSendOrderConfirmation } from '../src/send-order-confirmation';

describe('planSendOrderConfirmation', () => {
  const detail = OrderCreated.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planSendOrderConfirmation(detail, 'event-1').idempotencyKey).toBe(
      planSendOrderConfirmation(detail, 'event-1').idempotencyKey,
    );
    expect(planSendOrderConfirmation(detail, 'event-1').idempotencyKey).not.toBe(
      planSendOrderConfirmation(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planSendOrderConfirmation(detail, 'event-1').detail).toEqual(detail);
  });
});
