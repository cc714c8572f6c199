import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { signupKey, toSignupRecord } from './register-analytics';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Records the sign-up in the analytics store, partitioned by day, once per user and day; logs `{ created, key }`. */
export const handler = defineHandler(subscription, async (user, { event }) => {
  const signup = toSignupRecord(user, event.time);
  return stores.analytics.putJsonIfAbsent(signupKey(signup), signup);
});
