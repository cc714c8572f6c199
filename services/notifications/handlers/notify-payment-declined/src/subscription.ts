import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { PaymentDeclined } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it (the orders service's `PaymentDeclined`),
 * that it sends email, how it is retried. The platform deploys it and the local bus runs it from this declaration.
 */
export const subscription = defineSubscription({
  name: 'notify-payment-declined',
  service: 'notifications',
  contract: PaymentDeclined,
  entry: join(__dirname, 'handler.ts'),
  description: 'Tells a customer that the payment for their order was declined.',
  sendsEmail: true,
});
