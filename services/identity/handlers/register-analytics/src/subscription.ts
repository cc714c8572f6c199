import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { UserSignedUp } from '@paved/identity-contracts';

/**
 * Everything about this handler but its code: the events that reach it, the `analytics` store sign-ups go to, how
 * it is retried. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: 'register-analytics',
  service: 'identity',
  contract: UserSignedUp,
  entry: join(__dirname, 'handler.ts'),
  description: 'Records a sign-up in the analytics store, partitioned by day.',
  stores: ['analytics'],
});
