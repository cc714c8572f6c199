import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { CustomerNotification } from './schema';

/** Which events reach this handler and how they are retried: read by the CDK construct and the local bus. */
export const subscription = defineSubscription({
  name: 'notify-customer',
  service: 'notifications',
  contract: CustomerNotification,
  entry: join(__dirname, 'handler.ts'),
  description: 'Tells a customer about an unrecognized login to their account.',
});
