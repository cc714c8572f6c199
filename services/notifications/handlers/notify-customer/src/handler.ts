import { defineHandler } from '@paved/runtime';
import { planNotifyCustomer } from './notify-customer';
import { CustomerNotification } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(CustomerNotification, async (detail, { event, logger }) => {
  const plan = planNotifyCustomer(detail, event.id);
  logger.info('notify-customer handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
