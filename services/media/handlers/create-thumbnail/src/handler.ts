import { defineHandler } from '@paved/runtime';
import { planCreateThumbnail } from './create-thumbnail';
import { ImageUploaded } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(ImageUploaded, async (detail, { event, logger }) => {
  const plan = planCreateThumbnail(detail, event.id);
  logger.info('create-thumbnail handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
