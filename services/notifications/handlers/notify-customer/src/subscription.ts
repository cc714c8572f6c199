import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { CustomerNotification } from '@paved/notifications-contracts';

/**
 * Everything about this handler but its code: that it sends email, how it is retried, and the events that reach
 * it: only unrecognized logins, as the rule narrows the contract's pattern on `detail.type`, so other customer
 * notifications never invoke (or bill) it. The platform deploys it and the local bus runs it from this declaration.
 */
export const subscription = defineSubscription({
  name: 'notify-customer',
  service: 'notifications',
  contract: CustomerNotification,
  pattern: { ...CustomerNotification.pattern, detail: { type: ['unrecognized-login'] } },
  entry: join(__dirname, 'handler.ts'),
  description: 'Tells a customer about an unrecognized login to their account.',
  sendsEmail: true,
});
