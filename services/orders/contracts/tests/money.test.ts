import { formatMoney } from '../src';

describe('formatMoney', () => {
  it("uses the currency's own minor unit", () => {
    expect(formatMoney(1_234, 'EUR')).toBe('€12.34');
    expect(formatMoney(1_234, 'JPY')).toBe('JP¥1,234');
  });

  it('groups thousands', () => {
    expect(formatMoney(1_250_000, 'EUR')).toBe('€12,500.00');
  });
});
