import { type DetailOf } from '@paved/events';
import { type OrderCreated } from './schema';

/** What charge-payment does for one event: decided here, carried out by the handler. */
export interface ChargePaymentPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof OrderCreated>;
}

/** The business logic of charge-payment: a plain function of the event, tested without Lambda. */
export function planChargePayment(detail: DetailOf<typeof OrderCreated>, eventId: string): ChargePaymentPlan {
  return { idempotencyKey: `orders-charge-payment:${eventId}`, detail };
}
