import { type Email } from '@paved/adapters';
import { type UserSignedUpDetail } from '@paved/identity-contracts';

/**
 * The welcome email for a new user. Keyed by the event id, so a redelivered event sends it once.
 */
export function composeWelcomeEmail(user: UserSignedUpDetail, eventId: string): Email {
  const firstName = user.name.trim().split(/\s+/)[0] ?? user.name;
  return {
    to: user.email,
    subject: `Welcome, ${firstName}!`,
    text: [
      `Hi ${firstName},`,
      '',
      'Thanks for signing up. Your account is ready: sign in any time with this email address.',
      '',
      'If you did not sign up, reply to this email and we will close the account.',
    ].join('\n'),
    idempotencyKey: `identity-send-welcome-email:${eventId}`,
  };
}
