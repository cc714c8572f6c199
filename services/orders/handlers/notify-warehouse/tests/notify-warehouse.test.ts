import { OrderCreated } from '../src/schema';
import { planNotifyWarehouse } from '../src/notify-warehouse';

describe('planNotifyWarehouse', () => {
  const detail = OrderCreated.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planNotifyWarehouse(detail, 'event-1').idempotencyKey).toBe(
      planNotifyWarehouse(detail, 'event-1').idempotencyKey,
    );
    expect(planNotifyWarehouse(detail, 'event-1').idempotencyKey).not.toBe(
      planNotifyWarehouse(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planNotifyWarehouse(detail, 'event-1').detail).toEqual(detail);
  });
});
