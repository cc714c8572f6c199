import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, that it sends email, how it is retried.
 * The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'send-order-confirmation',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Emails the customer a confirmation of their order.',
  sendsEmail: true,
});
