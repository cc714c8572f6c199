import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `analytics` store sales go to, how
 * it is retried. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'record-sale-analytics',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Records a new order in the sales analytics store.',
  stores: ['analytics'],
});
