import { defineHandler } from '@paved/runtime';
import { planChargePayment } from './charge-payment';
import { OrderCreated } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(OrderCreated, async (detail, { event, logger }) => {
  const plan = planChargePayment(detail, event.id);
  logger.info('charge-payment handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
