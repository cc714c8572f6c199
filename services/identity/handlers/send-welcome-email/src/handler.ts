import { defineHandler } from '@paved/runtime';
import { planSendWelcomeEmail } from './send-welcome-email';
import { UserSignedUp } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(UserSignedUp, async (detail, { event, logger }) => {
  const plan = planSendWelcomeEmail(detail, event.id);
  logger.info('send-welcome-email handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
