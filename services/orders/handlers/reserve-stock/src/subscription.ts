import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from './schema';

/** Which events reach this handler and how they are retried: read by the CDK construct and the local bus. */
export const subscription = defineSubscription({
  name: 'reserve-stock',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Reserves stock for every line of a new order.',
});
