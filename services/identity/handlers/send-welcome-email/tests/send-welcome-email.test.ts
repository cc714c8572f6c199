import { UserSignedUp } from '../src/schema';
import { planSendWelcomeEmail } from '../src/send-welcome-email';

describe('planSendWelcomeEmail', () => {
  const detail = UserSignedUp.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planSendWelcomeEmail(detail, 'event-1').idempotencyKey).toBe(
      planSendWelcomeEmail(detail, 'event-1').idempotencyKey,
    );
    expect(planSendWelcomeEmail(detail, 'event-1').idempotencyKey).not.toBe(
      planSendWelcomeEmail(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planSendWelcomeEmail(detail, 'event-1').detail).toEqual(detail);
  });
});
