import { OrderCreated } from '../src/schema';
import { planChargePayment } from '../src/charge-payment';

describe('planChargePayment', () => {
  const detail = OrderCreated.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planChargePayment(detail, 'event-1').idempotencyKey).toBe(
      planChargePayment(detail, 'event-1').idempotencyKey,
    );
    expect(planChargePayment(detail, 'event-1').idempotencyKey).not.toBe(
      planChargePayment(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planChargePayment(detail, 'event-1').detail).toEqual(detail);
  });
});
