import { UserSignedUp, userIdOf } from '@paved/identity-contracts';
import { profileKey, profileOf } from '../src/create-profile';

describe('profileOf', () => {
  const user = UserSignedUp.examples[0]!;

  it('makes the profile of the user the address names, as of the sign-up', () => {
    expect(profileOf(user, '2026-01-01T00:00:00Z')).toEqual({
      userId: userIdOf('ada@example.com'),
      email: 'ada@example.com',
      displayName: 'Ada Lovelace',
      firstName: 'Ada',
      signedUpAt: '2026-01-01T00:00:00Z',
    });
  });

  it('normalizes the address and tidies the name', () => {
    const profile = profileOf({ email: 'Ada@Example.com', name: '  Ada   King  ' }, '2026-01-01T00:00:00Z');
    expect(profile).toMatchObject({ email: 'ada@example.com', displayName: 'Ada King', firstName: 'Ada' });
  });

  it('keys the profile by the user, so the same address in any case finds the one profile', () => {
    const at = '2026-01-01T00:00:00Z';
    expect(profileKey(profileOf(user, at))).toBe(`users/${userIdOf('ada@example.com')}.json`);
    expect(profileKey(profileOf({ ...user, email: 'ADA@example.com' }, at))).toBe(
      profileKey(profileOf(user, at)),
    );
  });
});
