import * as z from 'zod/mini';
import { defineEvent } from '@paved/events';

export const CustomerNotificationTypeSchema = z.enum([
  'unrecognized-login',
  'password-changed',
  'account-locked',
]);

export const CustomerNotificationSchema = z.object({
  type: CustomerNotificationTypeSchema,
  customerId: z.string().check(z.minLength(1)),
  email: z.email(),
  occurredAt: z.iso.datetime(),
  /** Where the login came from, when the notification is about one. */
  login: z.optional(
    z.object({
      ipAddress: z.union([z.ipv4(), z.ipv6()]),
      userAgent: z.string().check(z.maxLength(512)),
      location: z.optional(z.string().check(z.maxLength(200))),
    }),
  ),
});

/** Something happened to a customer's account that the customer must hear about. */
export const CustomerNotification = defineEvent({
  source: 'myapp.notifications',
  detailType: 'Customer Notification',
  detail: CustomerNotificationSchema,
  description: "Something happened to a customer's account that the customer must hear about.",
  examples: [
    {
      type: 'unrecognized-login',
      customerId: 'c-1001',
      email: 'ada@example.com',
      occurredAt: '2026-01-01T12:00:00Z',
      login: {
        ipAddress: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        location: 'Lisbon, PT',
      },
    },
    {
      type: 'password-changed',
      customerId: 'c-1001',
      email: 'ada@example.com',
      occurredAt: '2026-01-01T12:05:00Z',
    },
  ],
});

/** The detail of a `CustomerNotification` event, as its handlers receive it. */
export type CustomerNotificationDetail = z.infer<typeof CustomerNotificationSchema>;
