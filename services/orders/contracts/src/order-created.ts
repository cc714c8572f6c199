import * as z from 'zod/mini';
import { defineEvent } from '@paved/events';

export const OrderLineSchema = z.object({
  sku: z.string().check(z.minLength(1)),
  quantity: z.int().check(z.positive()),
  /** Price of one unit in the currency's minor unit (cents), so sums are exact. */
  unitPriceMinor: z.int().check(z.nonnegative()),
});

export const OrderCreatedSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
  email: z.email(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')),
  lines: z.array(OrderLineSchema).check(z.minLength(1)),
  /** What the customer agreed to pay, in minor units: the sum of the lines. */
  totalMinor: z.int().check(z.nonnegative()),
  createdAt: z.iso.datetime(),
});

/** A customer placed an order. Stock, payment, confirmation, warehouse and analytics all react to it. */
export const OrderCreated = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderCreated',
  detail: OrderCreatedSchema,
  description: 'A customer placed an order.',
  examples: [
    {
      orderId: 'o-1001',
      customerId: 'c-1001',
      email: 'ada@example.com',
      currency: 'EUR',
      lines: [
        { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1, unitPriceMinor: 3_500 },
        { sku: 'PEN-FOUNTAIN', quantity: 2, unitPriceMinor: 1_250 },
      ],
      totalMinor: 6_000,
      createdAt: '2026-01-01T12:00:00Z',
    },
  ],
});

/** The detail of an `OrderCreated` event, as its handlers receive it. */
export type OrderCreatedDetail = z.infer<typeof OrderCreatedSchema>;
