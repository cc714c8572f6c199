import { composeWelcomeEmail } from '../src/send-welcome-email';

describe('composeWelcomeEmail', () => {
  const user = { email: 'ada@example.com', name: 'Ada Lovelace' };

  it('greets the user by first name, at the address they signed up with', () => {
    const email = composeWelcomeEmail(user, 'event-1');
    expect(email.to).toBe('ada@example.com');
    expect(email.subject).toBe('Welcome, Ada!');
    expect(email.text).toMatch(/^Hi Ada,/);
  });

  it('keys the email by the event id, so a redelivered event sends it once', () => {
    expect(composeWelcomeEmail(user, 'event-1').idempotencyKey).toBe(
      composeWelcomeEmail(user, 'event-1').idempotencyKey,
    );
    expect(composeWelcomeEmail(user, 'event-1').idempotencyKey).not.toBe(
      composeWelcomeEmail(user, 'event-2').idempotencyKey,
    );
  });
});
