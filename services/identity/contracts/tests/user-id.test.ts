import { normalizeEmail, userIdOf } from '../src';

describe('userIdOf', () => {
  it('derives one id per address, whatever its case', () => {
    expect(normalizeEmail('Ada@Example.COM')).toBe('ada@example.com');
    expect(userIdOf('Ada@Example.COM')).toBe(userIdOf('ada@example.com'));
    expect(userIdOf('grace@example.com')).not.toBe(userIdOf('ada@example.com'));
  });

  it('keeps its derivation: another one would orphan every record already kept per user', () => {
    expect(userIdOf('ada@example.com')).toBe('u-b5fc85e55755f9e0d030');
  });
});
