import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { profileKey, profileOf } from './create-profile';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Keeps the new user's profile, once per user however often they sign up; logs `{ created, key }`. */
export const handler = defineHandler(subscription, async (user, { event }) => {
  const profile = profileOf(user, event.time);
  return stores.profiles.putJsonIfAbsent(profileKey(profile), profile);
});
