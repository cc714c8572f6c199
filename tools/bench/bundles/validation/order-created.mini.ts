// OrderCreated's detail schema as services/orders/contracts authors it now (zod/mini), alone, with the English locale
// that @paved/events sets (zod classic loads it by default; mini loads none, and its messages would be "Invalid input"
// without it). Keep it equal to the contract: validation.ts checks that it reports exactly the contract's outcome.
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

z.config(en());

const OrderLineSchema = z.object({
  sku: z.string().check(z.minLength(1)),
  quantity: z.int().check(z.positive()),
  unitPriceMinor: z.int().check(z.nonnegative()),
});

const OrderCreatedSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
  email: z.email(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')),
  lines: z.array(OrderLineSchema).check(z.minLength(1)),
  totalMinor: z.int().check(z.nonnegative()),
  createdAt: z.iso.datetime(),
});

export const safeParse = (detail: unknown) => OrderCreatedSchema.safeParse(detail);
