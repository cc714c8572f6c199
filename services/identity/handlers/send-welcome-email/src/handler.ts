import { mailerOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { composeWelcomeEmail } from './send-welcome-email';
import { subscription } from './subscription';

const mailer = mailerOf(subscription);

/** Sends the welcome email once per sign-up event (SES on AWS, the outbox locally). */
export const handler = defineHandler(subscription, async (user, { event }) =>
  mailer.send(composeWelcomeEmail(user, event.id)),
);
