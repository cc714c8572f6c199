import * as z from 'zod';
import { defineEvent } from '@paved/events';

export const OrderCreatedSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  email: z.email(),
});

export const OrderCreated = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderCreated',
  detail: OrderCreatedSchema,
  description: 'OrderCreated from myapp.orders.',
  examples: [
    {
      orderId: 'orderId-1',
      customerId: 'customerId-1',
      email: 'someone@example.com',
    },
  ],
});
