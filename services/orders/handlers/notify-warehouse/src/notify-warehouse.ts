import { type DetailOf } from '@paved/events';
import { type OrderCreated } from './schema';

/** What notify-warehouse does for one event: decided here, carried out by the handler. */
export interface NotifyWarehousePlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof OrderCreated>;
}

/** The business logic of notify-warehouse: a plain function of the event, tested without Lambda. */
export function planNotifyWarehouse(
  detail: DetailOf<typeof OrderCreated>,
  eventId: string,
): NotifyWarehousePlan {
  return { idempotencyKey: `orders-notify-warehouse:${eventId}`, detail };
}
