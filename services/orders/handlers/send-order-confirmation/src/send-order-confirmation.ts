import { type DetailOf } from '@paved/events';
import { type OrderCreated } from './schema';

/** What send-order-confirmation does for one event: decided here, carried out by the handler. */
export interface SendOrderConfirmationPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof OrderCreated>;
}

/** The business logic of send-order-confirmation: a plain function of the event, tested without Lambda. */
export function planSendOrderConfirmation(
  detail: DetailOf<typeof OrderCreated>,
  eventId: string,
): SendOrderConfirmationPlan {
  return { idempotencyKey: `orders-send-order-confirmation:${eventId}`, detail };
}
