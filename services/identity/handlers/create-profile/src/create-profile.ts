import { normalizeEmail, type UserSignedUpDetail, userIdOf } from '@paved/identity-contracts';

/** A user's profile, as the `profiles` store keeps it: one per user. */
export interface Profile {
  readonly userId: string;
  /** The address the user signed up with, normalized (see `normalizeEmail`). */
  readonly email: string;
  /** The name as given, its runs of spaces made one. */
  readonly displayName: string;
  /** What emails greet the user by. */
  readonly firstName: string;
  /** When the sign-up happened: the sign-up event's time. */
  readonly signedUpAt: string;
}

/** The profile a sign-up makes, for the user its address names. */
export function profileOf(user: UserSignedUpDetail, signedUpAt: string): Profile {
  const displayName = user.name.trim().replace(/\s+/g, ' ');
  return {
    userId: userIdOf(user.email),
    email: normalizeEmail(user.email),
    displayName,
    firstName: displayName.split(' ')[0] || displayName,
    signedUpAt,
  };
}

/**
 * `users/<user id>.json`: keyed by the user, not the event, so the profile is made once per user. A sign-up
 * delivered again, or a second sign-up with the same address in any case, finds it and leaves it as it is.
 */
export const profileKey = (profile: Pick<Profile, 'userId'>): string => `users/${profile.userId}.json`;
