import { type DetailOf } from '@paved/events';
import { type UserSignedUp } from './schema';

/** What send-welcome-email does for one event: decided here, carried out by the handler. */
export interface SendWelcomeEmailPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof UserSignedUp>;
}

/** The business logic of send-welcome-email: a plain function of the event, tested without Lambda. */
export function planSendWelcomeEmail(
  detail: DetailOf<typeof UserSignedUp>,
  eventId: string,
): SendWelcomeEmailPlan {
  return { idempotencyKey: `identity-send-welcome-email:${eventId}`, detail };
}
