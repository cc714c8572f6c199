import * as z from 'zod/mini';
import { defineEvent } from '@paved/events';
import { OrderPaymentSchema } from './payment';

/**
 * Why a payment was declined:
 * - `amount-over-limit`: the order is above what one charge may take in its currency;
 * - `currency-not-supported`: payments are not taken in the order's currency.
 */
export const PaymentDeclineReasonSchema = z.enum(['amount-over-limit', 'currency-not-supported']);

export const PaymentDeclinedSchema = z.extend(OrderPaymentSchema, {
  reason: PaymentDeclineReasonSchema,
});

/**
 * An order's payment was declined: nothing was charged, and the decline is in the payment ledger. Published by
 * `charge-payment` after it records the decline, at least once per order (see its handler): consumers key what they
 * do by `orderId`, not by the event id.
 */
export const PaymentDeclined = defineEvent({
  source: 'myapp.orders',
  detailType: 'PaymentDeclined',
  detail: PaymentDeclinedSchema,
  description: "An order's payment was declined.",
  examples: [
    {
      orderId: 'o-1002',
      customerId: 'c-1002',
      email: 'grace@example.com',
      amountMinor: 1_250_000,
      currency: 'EUR',
      reason: 'amount-over-limit',
    },
    {
      orderId: 'o-1003',
      customerId: 'c-1001',
      email: 'ada@example.com',
      amountMinor: 4_200,
      currency: 'CHF',
      reason: 'currency-not-supported',
    },
  ],
});

/** The detail of a `PaymentDeclined` event, as its handlers receive it. */
export type PaymentDeclinedDetail = z.infer<typeof PaymentDeclinedSchema>;

/** Why a payment was declined, as `PaymentDeclined` says it. */
export type PaymentDeclineReason = z.infer<typeof PaymentDeclineReasonSchema>;
