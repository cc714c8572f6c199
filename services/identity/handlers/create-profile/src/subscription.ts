import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { UserSignedUp } from '@paved/identity-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `profiles` store it keeps profiles in,
 * how it is retried. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'create-profile',
  service: 'identity',
  contract: UserSignedUp,
  entry: join(__dirname, 'handler.ts'),
  description: "Keeps a new user's profile, once per user.",
  stores: ['profiles'],
});
