import { defineHandler } from '@paved/runtime';
import { planRecordSaleAnalytics } from './record-sale-analytics';
import { OrderCreated } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(OrderCreated, async (detail, { event, logger }) => {
  const plan = planRecordSaleAnalytics(detail, event.id);
  logger.info('record-sale-analytics handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
