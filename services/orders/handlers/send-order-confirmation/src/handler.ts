import { mailerFromEnvironment, type Mailer } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { OrderCreated } from './schema';
import { composeOrderConfirmation } from './send-order-confirmation';

// Created on first use, so a cold start that fails validation never builds an SES client.
let mailer: Mailer | undefined;

/** Emails the order confirmation, once per order. */
export const handler = defineHandler(OrderCreated, async (detail, { logger }) => {
  const email = composeOrderConfirmation(detail);
  const { sent } = await (mailer ??= mailerFromEnvironment()).send(email);
  logger.info(sent ? 'email sent' : 'email already sent for this event: skipped', { subject: email.subject });
  return { sent, idempotencyKey: email.idempotencyKey };
});
