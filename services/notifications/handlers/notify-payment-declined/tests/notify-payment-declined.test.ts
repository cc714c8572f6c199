import { PaymentDeclined } from '@paved/orders-contracts';
import { composePaymentDeclinedNotice } from '../src/notify-payment-declined';

describe('composePaymentDeclinedNotice', () => {
  const overLimit = PaymentDeclined.examples[0]!;
  const otherCurrency = PaymentDeclined.examples[1]!;

  it('tells the customer the order was not charged, for how much', () => {
    const email = composePaymentDeclinedNotice(overLimit);
    expect(email.to).toBe('grace@example.com');
    expect(email.subject).toBe('We could not take payment for your order o-1002');
    expect(email.text).toMatch(/^We did not charge you for your order o-1002 \(€12,500\.00\)/);
  });

  it('says why, and what to do, for each reason', () => {
    expect(composePaymentDeclinedNotice(overLimit).text).toContain(
      '€12,500.00 is more than we can take in a single payment.',
    );
    expect(composePaymentDeclinedNotice(otherCurrency).text).toContain(
      'We cannot take payments in CHF yet.\nPlace the order again in another currency',
    );
  });

  it('sends one notice per order, however often the decline is published', () => {
    expect(composePaymentDeclinedNotice(overLimit).idempotencyKey).toBe(
      'notifications-notify-payment-declined:o-1002',
    );
  });
});
