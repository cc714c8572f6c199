import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { CustomerNotification } from './schema';

/**
 * Only unrecognized logins reach this handler: the rule narrows the contract's pattern on `detail.type`,
 * so other customer notifications never invoke (or bill) it.
 */
export const subscription = defineSubscription({
  name: 'notify-customer',
  service: 'notifications',
  contract: CustomerNotification,
  pattern: { ...CustomerNotification.pattern, detail: { type: ['unrecognized-login'] } },
  entry: join(__dirname, 'handler.ts'),
  description: 'Tells a customer about an unrecognized login to their account.',
});
