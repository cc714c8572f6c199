import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { UserSignedUp } from '@paved/identity-contracts';

/**
 * Everything about this handler but its code: the events that reach it, that it sends email, how it is retried.
 * The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'send-welcome-email',
  service: 'identity',
  contract: UserSignedUp,
  entry: join(__dirname, 'handler.ts'),
  description: 'Sends a new user the welcome email.',
  sendsEmail: true,
});
