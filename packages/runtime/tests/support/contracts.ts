import * as z from 'zod/mini';
import { defineEvent, defineSubscription } from '@paved/events';

export const OrderCreatedSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
  total: z.number().check(z.positive()),
  items: z
    .array(z.object({ sku: z.string().check(z.minLength(1)), quantity: z.int().check(z.positive()) }))
    .check(z.minLength(1)),
});

export const OrderCreated = defineEvent({
  source: 'paved.test.orders',
  detailType: 'OrderCreated',
  detail: OrderCreatedSchema,
  description: 'A customer placed an order.',
  examples: [{ orderId: 'o-1', customerId: 'c-1', total: 42, items: [{ sku: 'SKU-1', quantity: 1 }] }],
});

export const StockReservedSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  skus: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
});

export const StockReserved = defineEvent({
  source: 'paved.test.inventory',
  detailType: 'StockReserved',
  detail: StockReservedSchema,
  description: 'Stock was set aside for every line of an order.',
  examples: [{ orderId: 'o-1', skus: ['SKU-1'] }],
});

/** An event whose size the test chooses, for the size limits. */
export const DocumentStoredSchema = z.object({
  documentId: z.string().check(z.minLength(1)),
  body: z.string(),
});

export const DocumentStored = defineEvent({
  source: 'paved.test.documents',
  detailType: 'DocumentStored',
  detail: DocumentStoredSchema,
  description: 'A document was stored, inline.',
  examples: [{ documentId: 'd-1', body: 'hello' }],
});

/** A consumer of {@link OrderCreated} that tells a partner about each order: what the runOnce and fault tests wrap. */
export const NotifyPartner = defineSubscription({
  name: 'notify-partner',
  service: 'orders',
  contract: OrderCreated,
  entry: __filename,
  description: 'Tells a partner.',
});
