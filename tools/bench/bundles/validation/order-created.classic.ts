// OrderCreated's detail schema as services/orders/contracts authored it before issue 18 (zod classic), alone: the
// validation every handler's bundle carried then. validation.ts checks that it parses as the contract does.
import * as z from 'zod';

const OrderLineSchema = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPriceMinor: z.number().int().nonnegative(),
});

const OrderCreatedSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  email: z.email(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  lines: z.array(OrderLineSchema).min(1),
  totalMinor: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
});

export const safeParse = (detail: unknown) => OrderCreatedSchema.safeParse(detail);
