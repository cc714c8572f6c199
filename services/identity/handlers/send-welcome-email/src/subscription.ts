import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { UserSignedUp } from './schema';

/** Which events reach this handler and how they are retried: read by the CDK construct and the local bus. */
export const subscription = defineSubscription({
  name: 'send-welcome-email',
  service: 'identity',
  contract: UserSignedUp,
  entry: join(__dirname, 'handler.ts'),
  description: 'Sends a new user the welcome email.',
});
