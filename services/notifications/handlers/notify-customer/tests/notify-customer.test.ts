import { CustomerNotification } from '@paved/notifications-contracts';
import { composeUnrecognizedLoginNotice } from '../src/notify-customer';

describe('composeUnrecognizedLoginNotice', () => {
  const notification = CustomerNotification.examples[0]!;

  it('tells the customer when and where the sign-in happened', () => {
    const email = composeUnrecognizedLoginNotice(notification, 'event-1');
    expect(email.to).toBe('ada@example.com');
    expect(email.text).toContain('2026-01-01T12:00:00Z');
    expect(email.text).toContain('Lisbon, PT, 203.0.113.7');
    expect(email.text).toContain('change your password');
  });

  it('still says what to do when the login details are unknown', () => {
    const { login: _login, ...withoutLogin } = notification;
    expect(composeUnrecognizedLoginNotice(withoutLogin, 'event-1').text).toContain(
      'from an unrecognized device',
    );
  });

  it('keys the notice by the event id', () => {
    expect(composeUnrecognizedLoginNotice(notification, 'event-1').idempotencyKey).toBe(
      'notifications-notify-customer:event-1',
    );
  });
});
