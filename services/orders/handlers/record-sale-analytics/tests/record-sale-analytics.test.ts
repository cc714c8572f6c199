import { OrderCreated } from '../src/schema';
import { planRecordSaleAnalytics } from '../src/record-sale-analytics';

describe('planRecordSaleAnalytics', () => {
  const detail = OrderCreated.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planRecordSaleAnalytics(detail, 'event-1').idempotencyKey).toBe(
      planRecordSaleAnalytics(detail, 'event-1').idempotencyKey,
    );
    expect(planRecordSaleAnalytics(detail, 'event-1').idempotencyKey).not.toBe(
      planRecordSaleAnalytics(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planRecordSaleAnalytics(detail, 'event-1').detail).toEqual(detail);
  });
});
