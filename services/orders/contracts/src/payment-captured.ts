import * as z from 'zod/mini';
import { defineEvent } from '@paved/events';
import { OrderPaymentSchema } from './payment';

export const PaymentCapturedSchema = z.extend(OrderPaymentSchema, {
  /** The charge in the payment ledger: one per order, the same however often the order is handled. */
  chargeId: z.string().check(z.minLength(1)),
  /** When the charge was recorded. */
  capturedAt: z.iso.datetime(),
});

/**
 * An order's payment was captured: the charge is in the payment ledger. Published by `charge-payment` after it
 * records the charge, at least once per order (see its handler): consumers key what they do by `orderId` or
 * `chargeId`, not by the event id.
 */
export const PaymentCaptured = defineEvent({
  source: 'myapp.orders',
  detailType: 'PaymentCaptured',
  detail: PaymentCapturedSchema,
  description: "An order's payment was captured.",
  examples: [
    {
      orderId: 'o-1001',
      customerId: 'c-1001',
      email: 'ada@example.com',
      amountMinor: 6_000,
      currency: 'EUR',
      chargeId: 'ch-o-1001',
      capturedAt: '2026-01-01T12:00:03Z',
    },
  ],
});

/** The detail of a `PaymentCaptured` event, as its handlers receive it. */
export type PaymentCapturedDetail = z.infer<typeof PaymentCapturedSchema>;
