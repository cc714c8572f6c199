import { type DetailOf } from '@paved/events';
import { type OrderCreated } from './schema';

/** What reserve-stock does for one event: decided here, carried out by the handler. */
export interface ReserveStockPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof OrderCreated>;
}

/** The business logic of reserve-stock: a plain function of the event, tested without Lambda. */
export function planReserveStock(detail: DetailOf<typeof OrderCreated>, eventId: string): ReserveStockPlan {
  return { idempotencyKey: `orders-reserve-stock:${eventId}`, detail };
}
