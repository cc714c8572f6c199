import { mailerOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { composePaymentDeclinedNotice } from './notify-payment-declined';
import { subscription } from './subscription';

const mailer = mailerOf(subscription);

/** Emails the customer that their payment was declined, once per order (SES on AWS, the outbox locally). */
export const handler = defineHandler(subscription, async (payment) =>
  mailer.send(composePaymentDeclinedNotice(payment)),
);
