import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `stock` store it keeps reservations
 * in, how it is retried. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'reserve-stock',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Reserves stock for every line of a new order.',
  stores: ['stock'],
});
