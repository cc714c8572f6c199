import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from './schema';

/** Which events reach this handler and how they are retried: read by the CDK construct and the local bus. */
export const subscription = defineSubscription({
  name: 'charge-payment',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Charges the customer for a new order.',
});
