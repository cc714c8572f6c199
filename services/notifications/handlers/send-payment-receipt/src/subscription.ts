import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { PaymentCaptured } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it (the orders service's `PaymentCaptured`),
 * that it sends email, how it is retried. The platform deploys it and the local bus runs it from this declaration.
 */
export const subscription = defineSubscription({
  name: 'send-payment-receipt',
  service: 'notifications',
  contract: PaymentCaptured,
  entry: join(__dirname, 'handler.ts'),
  description: 'Emails the customer a receipt for a captured payment.',
  sendsEmail: true,
});
