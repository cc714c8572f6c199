import { PaymentCaptured } from '@paved/orders-contracts';
import { composePaymentReceipt } from '../src/send-payment-receipt';

describe('composePaymentReceipt', () => {
  const payment = PaymentCaptured.examples[0]!;

  it('tells the customer what they paid, when, and the reference to quote', () => {
    const email = composePaymentReceipt(payment);
    expect(email.to).toBe('ada@example.com');
    expect(email.subject).toBe('Receipt for your order o-1001');
    expect(email.text).toContain('We received your payment of €60.00 for your order o-1001.');
    expect(email.text).toContain('Paid at:      2026-01-01T12:00:03Z');
    expect(email.text).toContain('Reference:    ch-o-1001');
  });

  it('sends one receipt per charge, however often the capture is published', () => {
    expect(composePaymentReceipt(payment).idempotencyKey).toBe(
      'notifications-send-payment-receipt:ch-o-1001',
    );
  });
});
