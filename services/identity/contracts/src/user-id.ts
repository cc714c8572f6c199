import { createHash } from 'node:crypto';

/**
 * An email address as the identity service compares them: lower-cased, so `Ada@Example.com` and `ada@example.com`
 * are one user (the contract's `z.email()` already refuses surrounding spaces). Mail providers ignore case, though
 * the standard lets the part before the `@` be case-sensitive.
 */
export function normalizeEmail(email: string): string {
  return email.toLowerCase();
}

/**
 * The id of the user with this address: `u-` and 20 hex digits of the SHA-256 of the normalized address. Derived,
 * not drawn, so every handler of every delivery of a sign-up names the user alike and keeps what it keeps per user
 * once; and a hash, so that object keys (which S3 access logs and CloudTrail record) carry no address. It stands
 * for the user until `UserSignedUp` carries the user service's own id.
 */
export function userIdOf(email: string): string {
  return `u-${createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 20)}`;
}
