import { defineApi } from '@paved/events';
import * as z from 'zod/mini';
import { OrderCreated, OrderCreatedSchema } from './contracts';

/** The body of `POST /orders`: an order without its id, which the API gives it. */
export const CreateOrderRequestSchema = z.omit(OrderCreatedSchema, { orderId: true });

export const createOrder = defineApi({
  name: 'create-order',
  service: 'orders',
  route: 'POST /orders',
  request: CreateOrderRequestSchema,
  publishes: [OrderCreated],
  entry: __filename,
  description: 'Takes an order and announces it.',
  examples: [{ customerId: 'c-42', items: [{ sku: 'SKU-RED-MUG', quantity: 2 }], total: 24 }],
});
