import { mailerFromEnvironment, type Mailer } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { UserSignedUp } from './schema';
import { composeWelcomeEmail } from './send-welcome-email';

// Created on first use, so a cold start that fails validation never builds an SES client.
let mailer: Mailer | undefined;

/** Sends the welcome email once per sign-up event (SES on AWS, the outbox locally). */
export const handler = defineHandler(UserSignedUp, async (detail, { event, logger }) => {
  const email = composeWelcomeEmail(detail, event.id);
  const { sent } = await (mailer ??= mailerFromEnvironment()).send(email);
  logger.info(sent ? 'email sent' : 'email already sent for this event: skipped', { subject: email.subject });
  return { sent, idempotencyKey: email.idempotencyKey };
});
