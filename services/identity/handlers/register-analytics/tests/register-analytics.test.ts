import { UserSignedUp, userIdOf } from '@paved/identity-contracts';
import { signupKey, toSignupRecord } from '../src/register-analytics';

describe('toSignupRecord', () => {
  const user = UserSignedUp.examples[0]!;

  it('records who signed up by id and domain only, never by name or address', () => {
    const record = toSignupRecord(user, '2026-01-01T23:59:59Z');
    expect(record).toEqual({
      userId: userIdOf('ada@example.com'),
      day: '2026-01-01',
      signedUpAt: '2026-01-01T23:59:59Z',
      emailDomain: 'example.com',
    });
    expect(JSON.stringify(record)).not.toMatch(/ada@|Lovelace/i);
  });

  it('partitions sign-ups by their UTC day, one record per user a day', () => {
    const late = toSignupRecord({ ...user, email: 'Ada@EXAMPLE.com' }, '2026-01-01T23:30:00-02:00');
    expect(late).toMatchObject({ day: '2026-01-02', emailDomain: 'example.com' });
    expect(signupKey(late)).toBe(`signups/day=2026-01-02/${userIdOf('ada@example.com')}.json`);
  });
});
