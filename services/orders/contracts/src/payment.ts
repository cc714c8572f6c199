import * as z from 'zod/mini';
import { OrderCreatedSchema } from './order-created';

/** What every payment event says: whose order, for how much, in which currency, and where to reach the customer. */
export const OrderPaymentSchema = z.extend(
  z.pick(OrderCreatedSchema, { orderId: true, customerId: true, email: true, currency: true }),
  {
    /** The order's total, in the currency's minor unit (cents): what was charged, or would have been. */
    amountMinor: z.int().check(z.nonnegative()),
  },
);
