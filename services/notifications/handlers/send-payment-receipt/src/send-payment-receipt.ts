import { type Email } from '@paved/adapters';
import { formatMoney, type PaymentCapturedDetail } from '@paved/orders-contracts';

/**
 * The receipt for a captured payment: what was paid, when, and the charge's reference. One per charge: the orders
 * service may publish the capture more than once, each time as a new event, so the charge id (not the event id)
 * keys it.
 */
export function composePaymentReceipt(payment: PaymentCapturedDetail): Email {
  const amount = formatMoney(payment.amountMinor, payment.currency);
  return {
    to: payment.email,
    subject: `Receipt for your order ${payment.orderId}`,
    text: [
      `We received your payment of ${amount} for your order ${payment.orderId}. Thank you.`,
      '',
      `  Amount paid:  ${amount}`,
      `  Paid at:      ${payment.capturedAt}`,
      `  Reference:    ${payment.chargeId}`,
      '',
      'Keep this email as your receipt; quote the reference if you contact us about this payment.',
    ].join('\n'),
    idempotencyKey: `notifications-send-payment-receipt:${payment.chargeId}`,
  };
}
