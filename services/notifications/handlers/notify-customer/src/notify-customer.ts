import { type DetailOf } from '@paved/events';
import { type CustomerNotification } from './schema';

/** What notify-customer does for one event: decided here, carried out by the handler. */
export interface NotifyCustomerPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof CustomerNotification>;
}

/** The business logic of notify-customer: a plain function of the event, tested without Lambda. */
export function planNotifyCustomer(
  detail: DetailOf<typeof CustomerNotification>,
  eventId: string,
): NotifyCustomerPlan {
  return { idempotencyKey: `notifications-notify-customer:${eventId}`, detail };
}
