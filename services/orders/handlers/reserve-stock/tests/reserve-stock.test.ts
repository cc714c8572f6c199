import { OrderCreated } from '../src/schema';
import { planReserveStock } from '../src/reserve-stock';

describe('planReserveStock', () => {
  const detail = OrderCreated.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planReserveStock(detail, 'event-1').idempotencyKey).toBe(
      planReserveStock(detail, 'event-1').idempotencyKey,
    );
    expect(planReserveStock(detail, 'event-1').idempotencyKey).not.toBe(
      planReserveStock(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planReserveStock(detail, 'event-1').detail).toEqual(detail);
  });
});
