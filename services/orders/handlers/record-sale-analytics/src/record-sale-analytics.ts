import { type DetailOf } from '@paved/events';
import { type OrderCreated } from './schema';

/** What record-sale-analytics does for one event: decided here, carried out by the handler. */
export interface RecordSaleAnalyticsPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof OrderCreated>;
}

/** The business logic of record-sale-analytics: a plain function of the event, tested without Lambda. */
export function planRecordSaleAnalytics(
  detail: DetailOf<typeof OrderCreated>,
  eventId: string,
): RecordSaleAnalyticsPlan {
  return { idempotencyKey: `orders-record-sale-analytics:${eventId}`, detail };
}
