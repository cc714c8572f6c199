import { mailerFromEnvironment, type Mailer } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { CustomerNotification } from './schema';
import { composeUnrecognizedLoginNotice } from './notify-customer';

// Created on first use, so a cold start that fails validation never builds an SES client.
let mailer: Mailer | undefined;

/** Emails the customer about an unrecognized sign-in, once per event. */
export const handler = defineHandler(CustomerNotification, async (detail, { event, logger }) => {
  const email = composeUnrecognizedLoginNotice(detail, event.id);
  const { sent } = await (mailer ??= mailerFromEnvironment()).send(email);
  logger.info(sent ? 'email sent' : 'email already sent for this event: skipped', { subject: email.subject });
  return { sent, idempotencyKey: email.idempotencyKey };
});
