import { defineHandler } from '@paved/runtime';
import { planSendOrderConfirmation } from './send-order-confirmation';
import { OrderCreated } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(OrderCreated, async (detail, { event, logger }) => {
  const plan = planSendOrderConfirmation(detail, event.id);
  logger.info('send-order-confirmation handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
