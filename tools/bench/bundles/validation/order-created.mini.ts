// The same schema in zod/mini, with the English locale that zod classic loads by default (mini loads none, and its
// messages would be "Invalid input" without it): the candidate for the runtime path. validation.ts checks that it
// reports exactly the contract's issues (codes, paths, messages) on the contract's invalid samples.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

const OrderLineSchema = z.object({
  sku: z.string().check(z.minLength(1)),
  quantity: z.number().check(z.int(), z.positive()),
  unitPriceMinor: z.number().check(z.int(), z.nonnegative()),
});

const OrderCreatedSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
  email: z.email(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')),
  lines: z.array(OrderLineSchema).check(z.minLength(1)),
  totalMinor: z.number().check(z.int(), z.nonnegative()),
  createdAt: z.iso.datetime(),
});

export const safeParse = (detail: unknown) => OrderCreatedSchema.safeParse(detail);
