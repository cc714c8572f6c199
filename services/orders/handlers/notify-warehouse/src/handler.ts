import { defineHandler } from '@paved/runtime';
import { planNotifyWarehouse } from './notify-warehouse';
import { OrderCreated } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(OrderCreated, async (detail, { event, logger }) => {
  const plan = planNotifyWarehouse(detail, event.id);
  logger.info('notify-warehouse handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
