import * as z from 'zod';
import { OrderCreatedSchema } from './order-created';

/** What every payment event says: whose order, for how much, in which currency, and where to reach the customer. */
export const OrderPaymentSchema = OrderCreatedSchema.pick({
  orderId: true,
  customerId: true,
  email: true,
  currency: true,
}).extend({
  /** The order's total, in the currency's minor unit (cents): what was charged, or would have been. */
  amountMinor: z.number().int().nonnegative(),
});
