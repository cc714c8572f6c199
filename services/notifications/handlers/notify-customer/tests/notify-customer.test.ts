import { CustomerNotification } from '../src/schema';
import { planNotifyCustomer } from '../src/notify-customer';

describe('planNotifyCustomer', () => {
  const detail = CustomerNotification.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planNotifyCustomer(detail, 'event-1').idempotencyKey).toBe(
      planNotifyCustomer(detail, 'event-1').idempotencyKey,
    );
    expect(planNotifyCustomer(detail, 'event-1').idempotencyKey).not.toBe(
      planNotifyCustomer(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planNotifyCustomer(detail, 'event-1').detail).toEqual(detail);
  });
});
