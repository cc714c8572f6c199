import { type Email } from '@paved/adapters';
import { type CustomerNotificationDetail } from '@paved/notifications-contracts';

/** The notice a customer gets when their account is signed in to from somewhere unrecognized. */
export function composeUnrecognizedLoginNotice(
  notification: CustomerNotificationDetail,
  eventId: string,
): Email {
  const login = notification.login;
  const where = login
    ? [login.location, login.ipAddress].filter(Boolean).join(', ')
    : 'an unrecognized device';
  return {
    to: notification.email,
    subject: 'New sign-in to your account',
    text: [
      `Your account was signed in to at ${notification.occurredAt} from ${where}.`,
      login ? `Device: ${login.userAgent}` : '',
      '',
      'If this was you, there is nothing to do.',
      'If it was not, change your password now and sign out of other sessions from your account settings.',
    ]
      .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
      .join('\n'),
    idempotencyKey: `notifications-notify-customer:${eventId}`,
  };
}
