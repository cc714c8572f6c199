import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `warehouse` store the pick lists go
 * to, how it is retried. The platform deploys it and the local bus runs it from this one declaration.
 *
 * The warehouse's system takes at most two calls at a time: the orders wait in a queue, which the function reads
 * with a maximum concurrency of 2, so a burst of orders queues up instead of overwhelming it.
 */
export const subscription = defineSubscription({
  name: 'notify-warehouse',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Tells the warehouse to pick and pack a new order.',
  stores: ['warehouse'],
  delivery: { kind: 'queue', maxConcurrency: 2 },
});
