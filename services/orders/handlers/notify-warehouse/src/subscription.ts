import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `warehouse` store the pick lists go
 * to, how it is retried. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'notify-warehouse',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Tells the warehouse to pick and pack a new order.',
  stores: ['warehouse'],
});
