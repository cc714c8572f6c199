import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated, PaymentCaptured, PaymentDeclined } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `payments` store it keeps the ledger
 * in, the events it publishes (the platform lets it put exactly these on the bus), how it is retried. The platform
 * deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'charge-payment',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Charges the customer for a new order.',
  stores: ['payments'],
  publishes: [PaymentCaptured, PaymentDeclined],
});
