import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `analytics` store sales go to, how
 * it is retried. The platform deploys it and the local bus runs it from this one declaration.
 *
 * Analytics needs every sale but not at once: the orders reach it through a stream, in batches of up to 100 (one
 * invocation for many orders), each customer's orders in the order they were placed.
 */
export const subscription = defineSubscription({
  name: 'record-sale-analytics',
  service: 'orders',
  contract: OrderCreated,
  entry: join(__dirname, 'handler.ts'),
  description: 'Records a new order in the sales analytics store.',
  stores: ['analytics'],
  delivery: { kind: 'stream', partitionKey: '$.detail.customerId', batchSize: 100 },
});
