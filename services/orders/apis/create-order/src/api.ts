import { join } from 'node:path';
import * as z from 'zod/mini';
import { defineApi } from '@paved/events';
import { linesTotalMinor, OrderCreated, OrderCreatedSchema } from '@paved/orders-contracts';

/**
 * The body of `POST /orders`: an order as the customer places it. The API gives it its id, its total (the sum of its
 * lines) and its time, so a client can neither choose nor contradict them: sending one of those is refused, as is any
 * other field the order does not have.
 */
export const CreateOrderRequestSchema = z
  .strictObject(z.omit(OrderCreatedSchema, { orderId: true, totalMinor: true, createdAt: true }).shape)
  .check(
    z.refine((order) => Number.isSafeInteger(linesTotalMinor(order.lines)), {
      path: ['lines'],
      message: 'the sum of the lines is too large to be counted exactly in minor units',
    }),
  );

/** A valid body of `POST /orders`. */
export type CreateOrderRequest = z.infer<typeof CreateOrderRequestSchema>;

/**
 * `POST /orders`: the system's front door. One declaration, read by the platform (the route on the orders HTTP API,
 * its function, PutEvents for `OrderCreated` alone), by `defineApiHandler` in `handler.ts` and by the local bus.
 */
export const api = defineApi({
  name: 'create-order',
  service: 'orders',
  route: 'POST /orders',
  request: CreateOrderRequestSchema,
  publishes: [OrderCreated],
  entry: join(__dirname, 'handler.ts'),
  description: "Takes a customer's order and announces it as OrderCreated.",
  examples: [
    {
      customerId: 'c-1001',
      email: 'ada@example.com',
      currency: 'EUR',
      lines: [
        { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1, unitPriceMinor: 3_500 },
        { sku: 'PEN-FOUNTAIN', quantity: 2, unitPriceMinor: 1_250 },
      ],
    },
  ],
});
