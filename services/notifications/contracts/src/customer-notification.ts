import * as z from 'zod';
import { defineEvent } from '@paved/events';

export const CustomerNotificationSchema = z.object({
  type: z.string().min(1),
  customerId: z.string().min(1),
  email: z.email(),
});

export const CustomerNotification = defineEvent({
  source: 'myapp.notifications',
  detailType: 'Customer Notification',
  detail: CustomerNotificationSchema,
  description: 'Customer Notification from myapp.notifications.',
  examples: [
    {
      type: 'type-1',
      customerId: 'customerId-1',
      email: 'someone@example.com',
    },
  ],
});
