import { mailerOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { composePaymentReceipt } from './send-payment-receipt';
import { subscription } from './subscription';

const mailer = mailerOf(subscription);

/** Emails the receipt for a captured payment, once per charge (SES on AWS, the outbox locally). */
export const handler = defineHandler(subscription, async (payment) =>
  mailer.send(composePaymentReceipt(payment)),
);
