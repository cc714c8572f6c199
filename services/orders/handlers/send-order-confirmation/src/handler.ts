import { mailerOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { composeOrderConfirmation } from './send-order-confirmation';
import { subscription } from './subscription';

const mailer = mailerOf(subscription);

/** Emails the order confirmation, once per order. */
export const handler = defineHandler(subscription, async (order) =>
  mailer.send(composeOrderConfirmation(order)),
);
