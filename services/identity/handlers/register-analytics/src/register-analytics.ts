import { normalizeEmail, type UserSignedUpDetail, userIdOf } from '@paved/identity-contracts';

/**
 * One sign-up, as the analytics store keeps it: flat, one JSON object per user and day. Pseudonymous on purpose: the
 * user's id and the address's domain, never the name or the address.
 */
export interface SignupRecord {
  readonly userId: string;
  /** The UTC day of the sign-up, `YYYY-MM-DD`: the partition it is counted in. */
  readonly day: string;
  readonly signedUpAt: string;
  /** Such as `example.com`, lower-cased: where sign-ups come from, without who they are. */
  readonly emailDomain: string;
}

/** The analytics record of a sign-up that happened at `signedUpAt` (the event's time). */
export function toSignupRecord(user: UserSignedUpDetail, signedUpAt: string): SignupRecord {
  const email = normalizeEmail(user.email);
  return {
    userId: userIdOf(email),
    day: new Date(signedUpAt).toISOString().slice(0, 10),
    signedUpAt,
    emailDomain: email.slice(email.lastIndexOf('@') + 1),
  };
}

/**
 * `signups/day=YYYY-MM-DD/<user id>.json`: Hive-style partitions, so Athena or Glue can query by day; keyed by the
 * user within the day, so a sign-up delivered again, or repeated that day, is counted once.
 */
export const signupKey = (record: SignupRecord): string => `signups/day=${record.day}/${record.userId}.json`;
