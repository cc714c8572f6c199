import { defineHandler } from '@paved/runtime';
import { planReserveStock } from './reserve-stock';
import { OrderCreated } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(OrderCreated, async (detail, { event, logger }) => {
  const plan = planReserveStock(detail, event.id);
  logger.info('reserve-stock handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
